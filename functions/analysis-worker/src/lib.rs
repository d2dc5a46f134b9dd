//! The `analysis-worker` function: consumes the analysis queue. For each message it
//! reads the analysis and the submitted snapshot it names, scores the snapshot with
//! [`scoring::analyse`], stores the result only if the analysis is still pending, then
//! puts the `analysis.completed` / `analysis.failed` event on the partner's feed and
//! queues it for the partner's webhooks.
//!
//! SQS delivers at least once; this makes the outcome exactly once:
//! - a duplicate message, or a second worker on the same message, finds the analysis
//!   no longer pending (or loses the conditional write) and stops without a second
//!   result or a second event;
//! - an analysis or snapshot erased meanwhile (the profile was deleted) drops the
//!   message; the conditional write never recreates an erased analysis;
//! - a malformed message, or a store that does not answer, is reported as a batch item
//!   failure: SQS retries it and dead-letters it after the queue's `maxReceiveCount`;
//! - the events leave once: the worker that stores the result claims their queuing in
//!   the same write (`notifying_since`), and notes when they are queued (`notified`).
//!   A duplicate that finds them queued stops; one that finds a live claim is retried
//!   later (another worker is queuing them right now); one that finds a claim older
//!   than [`NOTIFY_CLAIM_LIFETIME`] (its worker died) takes it over with a conditional
//!   write, so two retries never both queue.
//! - when queuing fails part-way, nothing is lost: the claim is released with the
//!   webhooks already served noted (`notified_webhooks`), the message is retried, and
//!   the retry queues the others at once. Only if the worker dies between queuing and
//!   noting it, or cannot release its claim, does a retry after the claim's lifetime
//!   queue an event a second time, with the same `webhook-id`.
//!
//! A human review's `analysis.reviewed` leaves the same way: the `analyses` function
//! queues the analysis's message again once it has recorded the review, and a message
//! finding its analysis finished queues, in order and each under its own claim
//! ([`Notice`]), every event of it not queued yet: the completion's, then each review's.
//! So a review's event never precedes its analysis's completion, and a lost or failed
//! emission is retried with the message. A message lost before it reached the queue is
//! queued again by the `analysis-sweeper`: the review put the analysis back in the index
//! of waiting analyses, and the worker takes it out once every event has left
//! ([`shared::store::AnalysisStore::settle_analysis`]).

use std::sync::Arc;

use async_trait::async_trait;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use chrono::{Datelike, NaiveDate, Utc};
use scoring::{Context, UsuryTable};
use shared::canonical_json::CanonicalJsonError;
use shared::domain::model::{
    Analysis, AnalysisRequest, AnalysisStatus, EventType, NOTIFY_CLAIM_LIFETIME, ProfileSnapshot,
};
use shared::domain::notification::{Notice, Notification};
use shared::domain::record::AnalysisProof;
use shared::domain::review::{DecidedBy, Review};
use shared::edge::error::BoxError;
use shared::edge::serve::error_chain;
use shared::lambda::{Message, batch_response, messages};
use shared::queue::Queue;
use shared::store::{Store, StoreError};
use shared::webhooks::delivery::{Event, EventData};

pub use shared::events::Emission;

/// Tells the outside world an analysis finished, or was reviewed: the seam where webhook
/// events leave.
#[async_trait]
pub trait AnalysisEvents: Send + Sync {
    /// Queues the events of `analysis`'s completion, but for the webhooks its
    /// `notified_webhooks` names.
    async fn finished(&self, analysis: &Analysis, reference: Option<&str>) -> Emission;

    /// Queues the `analysis.reviewed` event of `review`, one of `analysis`'s, but for the
    /// webhooks its `notified_webhooks` names.
    async fn reviewed(
        &self,
        analysis: &Analysis,
        review: &Review,
        reference: Option<&str>,
    ) -> Emission;
}

/// No one to tell.
pub struct NoEvents;

#[async_trait]
impl AnalysisEvents for NoEvents {
    async fn finished(&self, _analysis: &Analysis, _reference: Option<&str>) -> Emission {
        Emission::default()
    }

    async fn reviewed(
        &self,
        _analysis: &Analysis,
        _review: &Review,
        _reference: Option<&str>,
    ) -> Emission {
        Emission::default()
    }
}

/// Events leave through [`shared::events::publish`]: once on the partner's feed,
/// whatever the number of webhooks, then one delivery per enabled webhook subscribed to
/// it on the webhook queue. Delivery ids derive from the event and the webhook, so a
/// repeated emission carries the same `webhook-id` and receivers can drop it, and the
/// feed keeps one entry.
pub struct WebhookEvents {
    store: Arc<dyn Store>,
    queue: Arc<dyn Queue>,
}

impl WebhookEvents {
    pub fn new(store: Arc<dyn Store>, queue: Arc<dyn Queue>) -> Self {
        Self { store, queue }
    }
}

#[async_trait]
impl AnalysisEvents for WebhookEvents {
    async fn finished(&self, analysis: &Analysis, reference: Option<&str>) -> Emission {
        let (event_type, status) = match analysis.status {
            AnalysisStatus::Completed => (EventType::AnalysisCompleted, "completed"),
            AnalysisStatus::Failed => (EventType::AnalysisFailed, "failed"),
            AnalysisStatus::Pending => return Emission::default(),
        };
        let event = Event {
            id: format!("evt_{}", analysis.id.0.simple()),
            event_type,
            created_at: analysis.completed_at.unwrap_or_else(Utc::now),
            data: EventData {
                analysis_id: Some(analysis.id),
                profile_id: Some(analysis.profile_id),
                reference: reference.map(str::to_owned),
                status: Some(status.to_owned()),
                ..EventData::default()
            },
        };
        shared::events::publish(
            self.store.as_ref(),
            self.queue.as_ref(),
            analysis.partner_id,
            &event,
            &analysis.notified_webhooks,
        )
        .await
    }

    /// `analysis.reviewed`, its id derived from the review's: ids, the model's decision
    /// and the review's, never the review's free text.
    async fn reviewed(
        &self,
        analysis: &Analysis,
        review: &Review,
        reference: Option<&str>,
    ) -> Emission {
        let event = Event {
            id: format!("evt_{}", review.id.0.simple()),
            event_type: EventType::AnalysisReviewed,
            created_at: review.created_at,
            data: EventData {
                analysis_id: Some(analysis.id),
                profile_id: Some(analysis.profile_id),
                reference: reference.map(str::to_owned),
                status: Some("completed".to_owned()),
                review_id: Some(review.id),
                decision: analysis.result.as_ref().map(|result| result.decision),
                final_decision: Some(review.decision),
                decided_by: Some(DecidedBy::Human),
                ..EventData::default()
            },
        };
        shared::events::publish(
            self.store.as_ref(),
            self.queue.as_ref(),
            analysis.partner_id,
            &event,
            &review.notified_webhooks,
        )
        .await
    }
}

/// The worker's dependencies, built once per container.
pub struct Worker {
    store: Arc<dyn Store>,
    events: Arc<dyn AnalysisEvents>,
}

/// What became of a message that needs no retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    /// The analysis was stored as failed (the snapshot cannot be analysed).
    Failed,
    /// Already finished: a duplicate delivery.
    Duplicate,
    /// The analysis or its snapshot no longer exists: erased.
    Dropped,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    #[error("malformed message: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("events: {}", error_chain(.0.as_ref()))]
    Events(BoxError),
    #[error("the decision record's digests: {0}")]
    Proof(#[from] CanonicalJsonError),
    /// Another worker holds a live claim on the events: retried once it ends.
    #[error("another worker is queuing this analysis's events")]
    Notifying,
}

impl Worker {
    pub fn new(store: Arc<dyn Store>, events: Arc<dyn AnalysisEvents>) -> Self {
        Self { store, events }
    }

    /// The usury thresholds in force: the model's own, with the operator's loaded on top.
    /// 1 DynamoDB `Query`, once per batch.
    pub async fn usury_table(&self) -> Result<UsuryTable, WorkError> {
        Ok(UsuryTable::shipped().merged(self.store.usury_rows().await?))
    }

    /// Handles one message on its own: [`Self::usury_table`], then [`Self::process_with`].
    pub async fn process(&self, body: &str) -> Result<Outcome, WorkError> {
        self.process_with(body, &self.usury_table().await?).await
    }

    /// Handles one message, the usury thresholds read.
    ///
    /// 3 DynamoDB round trips: one `BatchGetItem` (analysis + snapshot; and 1 `Query` of
    /// the snapshot's statements when it holds some), one conditional
    /// `TransactWriteItems` (the result and the claim on its events, on the record and
    /// its copy), one `UpdateItem` noting the events queued; with [`WebhookEvents`],
    /// 1 `PutItem` (the feed), 1 `Query` of the webhooks and 1 SQS message per delivery
    /// in between. A duplicate whose events left costs 1; each event it queues (one whose
    /// claim expired, a review's) 2 `UpdateItem`s more (the claim, then the note) and
    /// that event's emission; a message after a review (or a sweep) 1 `UpdateItem` more,
    /// taking the analysis out of the index of waiting analyses once its events left.
    pub async fn process_with(&self, body: &str, usury: &UsuryTable) -> Result<Outcome, WorkError> {
        let request: AnalysisRequest = serde_json::from_str(body)?;
        let (analysis, snapshot) = self
            .store
            .get_analysis_work(
                request.partner_id,
                request.analysis_id,
                request.profile_id,
                request.profile_version,
            )
            .await?;
        let (Some(analysis), Some(snapshot)) = (analysis, snapshot) else {
            return Ok(Outcome::Dropped);
        };
        let reference = snapshot.reference.as_deref();
        if analysis.status != AnalysisStatus::Pending {
            for notice in analysis.notices() {
                self.notify_unless_done(&analysis, notice, reference)
                    .await?;
            }
            if analysis.queued_at.is_some() {
                match self.store.settle_analysis(&analysis).await {
                    // A review came since: its message is on its way, or a sweep sends it.
                    Ok(()) | Err(StoreError::Conflict) => {}
                    Err(error) => return Err(error.into()),
                }
            }
            return Ok(Outcome::Duplicate);
        }
        let created = analysis.created_at.date_naive();
        let as_of = scoring::Date::new(created.year(), created.month() as u8, created.day() as u8)
            .expect("chrono's dates exist");
        let now = Utc::now();
        let mut finished = analysis.clone();
        finished.queued_at = None;
        finished.completed_at = Some(now);
        finished.notifying_since = Some(now);
        let outcome = match snapshot.attributes.to_scoring_profile() {
            Ok(profile) => {
                finished.status = AnalysisStatus::Completed;
                let result = analyse(&profile, &snapshot, Context::new(as_of, usury))?;
                finished.proof = Some(proof(&snapshot, &result, usury, as_of)?);
                finished.result = Some(result);
                Outcome::Completed
            }
            Err(missing) => {
                finished.status = AnalysisStatus::Failed;
                finished.failure_reason = Some(missing.to_string());
                Outcome::Failed
            }
        };
        match self.store.finish_analysis(&finished).await {
            Ok(()) => {}
            Err(StoreError::Conflict) => return Ok(Outcome::Duplicate),
            Err(error) => return Err(error.into()),
        }
        self.notify(&finished, Notice::Finished, reference).await?;
        Ok(outcome)
    }

    /// For an analysis found finished, one of its events: queued already, or being queued
    /// by a live claim (`Notifying`, to retry), or this worker claims it and queues it.
    async fn notify_unless_done(
        &self,
        analysis: &Analysis,
        notice: Notice,
        reference: Option<&str>,
    ) -> Result<(), WorkError> {
        let Some(notification) = analysis.notification(notice) else {
            return Ok(());
        };
        if notification.notified {
            return Ok(());
        }
        let now = Utc::now();
        if notification
            .notifying_since
            .is_some_and(|since| now - since < NOTIFY_CLAIM_LIFETIME)
        {
            return Err(WorkError::Notifying);
        }
        match self
            .store
            .claim_analysis_notification(analysis, notice, now)
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict) => return Err(WorkError::Notifying),
            Err(error) => return Err(error.into()),
        }
        let mut claimed = analysis.clone();
        claimed.set_notification(
            notice,
            Notification {
                notifying_since: Some(now),
                ..notification
            },
        );
        self.notify(&claimed, notice, reference).await
    }

    /// Queues `notice`'s event of `claimed`, whose claim this worker holds, then notes
    /// that it left; on a failure, releases the claim with the webhooks served so far.
    async fn notify(
        &self,
        claimed: &Analysis,
        notice: Notice,
        reference: Option<&str>,
    ) -> Result<(), WorkError> {
        let emission = match notice {
            Notice::Finished => self.events.finished(claimed, reference).await,
            Notice::Review(id) => match claimed.review(id) {
                Some(review) => self.events.reviewed(claimed, review, reference).await,
                None => return Ok(()),
            },
        };
        let Some(failure) = emission.failure else {
            self.store.mark_analysis_notified(claimed, notice).await?;
            return Ok(());
        };
        let mut served = claimed
            .notification(notice)
            .map(|notification| notification.notified_webhooks)
            .unwrap_or_default();
        served.extend(emission.queued);
        if let Err(error) = self
            .store
            .release_analysis_notification(claimed, notice, &served)
            .await
        {
            tracing::warn!(analysis_id = %claimed.id, error = %error_chain(&error), "the events' claim could not be released; a retry takes it over once it expires");
        }
        Err(WorkError::Events(failure))
    }

    /// Handles a batch; returns the ids of the messages to retry (all of them when the
    /// usury thresholds cannot be read).
    pub async fn process_batch(&self, messages: &[Message]) -> Vec<String> {
        let usury = match self.usury_table().await {
            Ok(usury) => usury,
            Err(error) => {
                tracing::warn!(error = %error, "the usury thresholds could not be read; the batch will be retried");
                return messages.iter().map(|message| message.id.clone()).collect();
            }
        };
        let mut failed = Vec::new();
        for message in messages {
            match self.process_with(&message.body, &usury).await {
                Ok(outcome) => {
                    tracing::info!(message_id = %message.id, ?outcome, "analysis message handled")
                }
                Err(error) => {
                    tracing::warn!(message_id = %message.id, error = %error, "analysis message failed; it will be retried");
                    failed.push(message.id.clone());
                }
            }
        }
        failed
    }
}

/// The analysis of a snapshot's profile: with its bank statements, if it holds any, their
/// insights in `result.bank` and their evidence for the bank rules.
pub fn analyse(
    profile: &scoring::Profile,
    snapshot: &ProfileSnapshot,
    context: Context<'_>,
) -> Result<scoring::AnalysisResult, WorkError> {
    let statements: Vec<bank::Statement> = snapshot
        .statements
        .iter()
        .map(|stored| stored.statement.clone())
        .collect();
    let Some(insights) = bank::insights(&statements) else {
        return Ok(scoring::analyse(profile, &context));
    };
    let mut result = scoring::analyse(profile, &context.with_bank(insights.evidence()));
    result.bank = Some(serde_json::to_value(&insights)?);
    Ok(result)
}

/// What the decision record of `result` shows besides it: the digests of the snapshot
/// and of the result, the categoriser's version, and the day the usury threshold used
/// applies from.
fn proof(
    snapshot: &ProfileSnapshot,
    result: &scoring::AnalysisResult,
    usury: &UsuryTable,
    as_of: scoring::Date,
) -> Result<AnalysisProof, WorkError> {
    let usury_table_from = result
        .metrics
        .usury_category
        .and_then(|category| usury.lookup(category, as_of))
        .and_then(|threshold| {
            let from = threshold.from;
            NaiveDate::from_ymd_opt(from.year(), from.month().into(), from.day().into())
        });
    Ok(AnalysisProof::new(snapshot, result, usury_table_from)?)
}

/// The Lambda handler: partial batch failures (`ReportBatchItemFailures`), so one bad
/// message never makes SQS redeliver the good ones.
pub async fn handle(worker: &Worker, event: SqsEvent) -> SqsBatchResponse {
    batch_response(worker.process_batch(&messages(event)).await)
}
