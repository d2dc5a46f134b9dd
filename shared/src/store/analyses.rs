//! Analyses of submitted profile versions, from their request to the worker's result.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::model::{
    Analysis, AnalysisId, IdempotencyRecord, Page, PartnerId, ProfileId, ProfileSnapshot, WebhookId,
};
use crate::domain::notification::Notice;
use crate::domain::record::DecisionRecord;
use crate::domain::review::Review;

/// Where an analysis's decision record comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordSource {
    /// The analysis itself, its profile not erased.
    Analysis(Box<Analysis>),
    /// What the profile's erasure kept of it, until it expires.
    Erased(Box<DecisionRecord>),
}

/// How an accepted analysis's work message reaches the analysis queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queuing {
    /// The store queued it in the same transaction as the analysis: the embedded store
    /// whose analysis queue is in its own data file ([`super::embedded::EmbeddedStore::queuing_analyses_on`]).
    Queued,
    /// The caller sends it. If that never happens, the analysis waits in the index of
    /// pending analyses until a sweep queues it again ([`AnalysisStore::list_stale_analyses`]).
    ToSend,
}

#[async_trait]
pub trait AnalysisStore: Send + Sync {
    /// Records a pending analysis of the submitted version it names, provided the
    /// profile is still submitted at that version (`VersionMismatch` otherwise), in the
    /// index of pending analyses under its `queued_at`; says who queues its message.
    /// The profile's `revision` moves with it, so an erasure in flight starts over and
    /// erases it too. DynamoDB: 1 `TransactWriteItems` (the profile's revision,
    /// conditioned on its submitted version; the analysis, its copy under the profile,
    /// the idempotency record).
    async fn create_analysis(
        &self,
        analysis: &Analysis,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<Queuing, StoreError>;

    /// Up to `limit` analyses, every partner's, whose message was last queued before
    /// `before`, oldest first: those a lost message may have left waiting. Read from a
    /// sparse index of the analyses a message is owed to: a pending one until the worker
    /// stores its result (or it is discarded or erased), a finished one from a review
    /// ([`Self::add_review`]) until the worker has queued the review's event
    /// ([`Self::settle_analysis`]). The index may lag a write by a moment;
    /// [`Self::requeue_analysis`] decides.
    /// DynamoDB: 1 `Query` of the index `pending` per shard ([`super::keys::PENDING_SHARDS`]).
    async fn list_stale_analyses(
        &self,
        before: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Analysis>, StoreError>;

    /// Moves `seen`'s `queued_at` to `at`, before its message is queued again, provided
    /// it is still in the index and was not re-queued since it was read: `Conflict`
    /// otherwise (its message came, it was erased, or another sweep took it), so that of
    /// two sweeps that read it, one queues it. DynamoDB: 1 `UpdateItem`.
    async fn requeue_analysis(&self, seen: &Analysis, at: DateTime<Utc>) -> Result<(), StoreError>;

    /// DynamoDB: 1 strongly consistent `GetItem`.
    async fn get_analysis(
        &self,
        partner: PartnerId,
        id: AnalysisId,
    ) -> Result<Option<Analysis>, StoreError>;

    /// What the decision record of `id` is made from: the analysis, else the record its
    /// profile's erasure left (`None` once that expired, or for no such analysis).
    /// DynamoDB: 1 `BatchGetItem` of both keys.
    async fn get_decision_record(
        &self,
        partner: PartnerId,
        id: AnalysisId,
    ) -> Result<Option<RecordSource>, StoreError>;

    /// A profile's analyses, oldest first, a page at a time (`next` is `None` on the
    /// last). DynamoDB: 1 `Query`.
    async fn list_analyses(
        &self,
        partner: PartnerId,
        profile: ProfileId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Analysis>, StoreError>;

    /// What the worker needs for one message: the analysis and the snapshot it analyses.
    /// DynamoDB: 1 `BatchGetItem`, and 1 `Query` of the snapshot's statements' parts
    /// when it has statements.
    async fn get_analysis_work(
        &self,
        partner: PartnerId,
        id: AnalysisId,
        profile: ProfileId,
        version: u32,
    ) -> Result<(Option<Analysis>, Option<ProfileSnapshot>), StoreError>;

    /// Stores a completed or failed analysis, only if it is still pending: `Conflict`
    /// when another worker finished it first or it was erased (nothing is recreated).
    /// DynamoDB: 1 `TransactWriteItems`.
    async fn finish_analysis(&self, analysis: &Analysis) -> Result<(), StoreError>;

    /// Claims the queuing of `notice`'s event of a finished analysis at `at`, for a
    /// worker that read it (`seen`) unclaimed, released, or claimed longer ago than
    /// `NOTIFY_CLAIM_LIFETIME`: `Conflict` when the claim moved since `seen` was read
    /// (another worker took it), the event is queued, or `seen` holds no such review;
    /// `NotFound` once erased. (The worker that finishes an analysis holds the claim on
    /// [`Notice::Finished`] from its [`Self::finish_analysis`] on.) DynamoDB: 1 `UpdateItem`.
    async fn claim_analysis_notification(
        &self,
        seen: &Analysis,
        notice: Notice,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Gives up `claimed`'s claim on `notice`'s event after queuing failed, noting the
    /// webhooks it did reach (`queued`, those already noted included), so that a retry
    /// queues the others at once. Nothing when another worker took the claim over
    /// meanwhile, or the analysis was erased. DynamoDB: 1 `UpdateItem`.
    async fn release_analysis_notification(
        &self,
        claimed: &Analysis,
        notice: Notice,
        queued: &[WebhookId],
    ) -> Result<(), StoreError>;

    /// Notes that `notice`'s event was queued, ending the claim. Recreates nothing once
    /// erased. DynamoDB: 1 `UpdateItem`.
    async fn mark_analysis_notified(
        &self,
        analysis: &Analysis,
        notice: Notice,
    ) -> Result<(), StoreError>;

    /// Removes an analysis that could not be queued. DynamoDB: 1 `TransactWriteItems`.
    async fn discard_analysis(&self, analysis: &Analysis) -> Result<(), StoreError>;

    /// Appends `review` to `analysis` (as read, completed) on its record and on its copy
    /// under the profile, with `idempotency`'s record, provided the analysis still holds
    /// fewer than `max` reviews; says who queues the analysis's message, which has the
    /// worker queue the review's event. The record enters the index of
    /// [`Self::list_stale_analyses`] again, queued at the review's `created_at`, so that a
    /// message lost on the way is queued again by a sweep. The profile's `revision` moves
    /// with it, so an erasure in flight starts over and erases it too.
    ///
    /// `IdempotencyKeyTaken` first, when the key is recorded already; then `NotFound` once
    /// the profile is erased, `Conflict` when the analysis is not completed (or is being
    /// erased), `LimitReached` when it holds `max` reviews. DynamoDB: 1
    /// `TransactWriteItems` (the idempotency record, the profile's revision, the copy, the
    /// record; in this order of precedence).
    async fn add_review(
        &self,
        analysis: &Analysis,
        review: &Review,
        idempotency: Option<&IdempotencyRecord>,
        max: usize,
    ) -> Result<Queuing, StoreError>;

    /// Removes `review`, whose analysis's message could not be queued, from the record and
    /// the copy, with its idempotency record; nothing when it is not there. `Conflict` when
    /// a worker claimed or queued its event meanwhile (another message of the analysis
    /// came first): the review stays, and its event leaves. DynamoDB: 1 `GetItem` (where
    /// the review is in the list) and 1 `TransactWriteItems`.
    async fn discard_review(&self, analysis: &Analysis, review: &Review) -> Result<(), StoreError>;

    /// Takes a finished analysis whose events have all been queued out of the index of
    /// [`Self::list_stale_analyses`], provided its `queued_at` is still `seen`'s: `Conflict`
    /// when a review (or a sweep) moved it since (that message is on its way), or when
    /// the analysis is pending or gone; nothing is recreated. DynamoDB: 1 `UpdateItem`.
    async fn settle_analysis(&self, seen: &Analysis) -> Result<(), StoreError>;
}

/// `analysis` as the store writes it whole: `queued_at` only while pending (a finished
/// analysis enters the index again only through [`AnalysisStore::add_review`]).
#[cfg(any(feature = "dynamodb", feature = "embedded"))]
pub(crate) fn as_stored(analysis: &Analysis) -> std::borrow::Cow<'_, Analysis> {
    if analysis.status == crate::domain::model::AnalysisStatus::Pending
        || analysis.queued_at.is_none()
    {
        return std::borrow::Cow::Borrowed(analysis);
    }
    std::borrow::Cow::Owned(Analysis {
        queued_at: None,
        ..analysis.clone()
    })
}
