//! Analyses of submitted profile versions, from their request to the worker's result.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::model::{
    Analysis, AnalysisId, IdempotencyRecord, Page, PartnerId, ProfileId, ProfileSnapshot, WebhookId,
};

#[async_trait]
pub trait AnalysisStore: Send + Sync {
    /// Records a pending analysis of the submitted version it names, provided the
    /// profile is still submitted at that version (`VersionMismatch` otherwise).
    /// The profile's `revision` moves with it, so an erasure in flight starts over and
    /// erases it too. DynamoDB: 1 `TransactWriteItems` (the profile's revision,
    /// conditioned on its submitted version; the analysis, its copy under the profile,
    /// the idempotency record).
    async fn create_analysis(
        &self,
        analysis: &Analysis,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError>;

    /// DynamoDB: 1 strongly consistent `GetItem`.
    async fn get_analysis(
        &self,
        partner: PartnerId,
        id: AnalysisId,
    ) -> Result<Option<Analysis>, StoreError>;

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
    /// DynamoDB: 1 `BatchGetItem`.
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

    /// Claims the queuing of a finished analysis's events at `at`, for a worker that
    /// read it (`seen`) unclaimed, released, or claimed longer ago than
    /// `NOTIFY_CLAIM_LIFETIME`: `Conflict` when the claim moved since `seen` was read
    /// (another worker took it) or the events are queued; `NotFound` once erased.
    /// (The worker that finishes an analysis holds the claim from its
    /// [`Self::finish_analysis`] on.) DynamoDB: 1 `UpdateItem`.
    async fn claim_analysis_notification(
        &self,
        seen: &Analysis,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Gives up `claimed`'s claim after queuing failed, noting the webhooks whose event
    /// did leave (`queued`, those already noted included), so that a retry queues the
    /// others at once. Nothing when another worker took the claim over meanwhile, or
    /// the analysis was erased. DynamoDB: 1 `UpdateItem`.
    async fn release_analysis_notification(
        &self,
        claimed: &Analysis,
        queued: &[WebhookId],
    ) -> Result<(), StoreError>;

    /// Notes that the analysis's completion events were queued, ending the claim.
    /// Recreates nothing once erased. DynamoDB: 1 `UpdateItem`.
    async fn mark_analysis_notified(&self, analysis: &Analysis) -> Result<(), StoreError>;

    /// Removes an analysis that could not be queued. DynamoDB: 1 `TransactWriteItems`.
    async fn discard_analysis(&self, analysis: &Analysis) -> Result<(), StoreError>;
}
