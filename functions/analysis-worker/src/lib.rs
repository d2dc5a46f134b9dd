//! The `analysis-worker` function: consumes the analysis queue. For each message it
//! reads the analysis and the submitted snapshot it names, scores the snapshot with
//! [`scoring::analyse`], stores the result only if the analysis is still pending, then
//! queues the `analysis.completed` / `analysis.failed` events for the partner's webhooks.
//!
//! SQS delivers at least once; this makes the outcome exactly once:
//! - a duplicate message, or a second worker on the same message, finds the analysis
//!   no longer pending (or loses the conditional write) and stops without a second
//!   result or a second event;
//! - an analysis or snapshot erased meanwhile (the profile was deleted) drops the
//!   message; the conditional write never recreates an erased analysis;
//! - a malformed message, or a store that does not answer, is reported as a batch item
//!   failure: SQS retries it and dead-letters it after the queue's `maxReceiveCount`;
//! - events that could not be queued after the result was stored are queued by the
//!   retry (the analysis records whether they left).

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use chrono::{Datelike, Utc};
use scoring::{Context, UsuryTable};
use shared::domain::model::{Analysis, AnalysisRequest, AnalysisStatus, EventType};
use shared::edge::error::BoxError;
use shared::edge::serve::error_chain;
use shared::lambda::{Message, batch_response, messages};
use shared::queue::Queue;
use shared::store::{Store, StoreError};
use shared::webhooks::delivery::{Delivery, Event, EventData};

/// Tells the outside world an analysis finished: the seam where webhook events leave.
#[async_trait]
pub trait AnalysisEvents: Send + Sync {
    /// Queues the events of `analysis`'s completion; how many were queued.
    async fn finished(
        &self,
        analysis: &Analysis,
        reference: Option<&str>,
    ) -> Result<usize, BoxError>;
}

/// No one to tell.
pub struct NoEvents;

#[async_trait]
impl AnalysisEvents for NoEvents {
    async fn finished(
        &self,
        _analysis: &Analysis,
        _reference: Option<&str>,
    ) -> Result<usize, BoxError> {
        Ok(0)
    }
}

/// One `analysis.completed` or `analysis.failed` delivery per enabled webhook of the
/// partner subscribed to it, on the webhook queue: 1 DynamoDB `Query` and 1 SQS message
/// per delivery. Delivery ids derive from the analysis and the webhook, so a repeated
/// emission carries the same `webhook-id` and receivers can drop it.
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
    async fn finished(
        &self,
        analysis: &Analysis,
        reference: Option<&str>,
    ) -> Result<usize, BoxError> {
        let (event_type, status) = match analysis.status {
            AnalysisStatus::Completed => (EventType::AnalysisCompleted, "completed"),
            AnalysisStatus::Failed => (EventType::AnalysisFailed, "failed"),
            AnalysisStatus::Pending => return Ok(0),
        };
        let now = Utc::now();
        let event = Event {
            id: format!("evt_{}", analysis.id.0.simple()),
            event_type,
            created_at: analysis.completed_at.unwrap_or(now),
            data: EventData {
                analysis_id: Some(analysis.id),
                profile_id: Some(analysis.profile_id),
                reference: reference.map(str::to_owned),
                status: Some(status.to_owned()),
                webhook_id: None,
            },
        };
        let mut queued = 0;
        for webhook in self.store.list_webhooks(analysis.partner_id).await? {
            if !webhook.enabled || !webhook.events.contains(&event_type) {
                continue;
            }
            let delivery = Delivery::first(analysis.partner_id, webhook.id, event.clone(), now);
            self.queue
                .send(&serde_json::to_string(&delivery)?, Duration::ZERO)
                .await?;
            queued += 1;
        }
        Ok(queued)
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
    /// 2 DynamoDB round trips: one `BatchGetItem` (analysis + snapshot), one conditional
    /// `TransactWriteItems` (the result, on the record and its copy); then, with
    /// [`WebhookEvents`], 1 `Query` of the webhooks and, when an event was queued,
    /// 1 `UpdateItem` noting it. A duplicate whose events left costs 1.
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
            if !analysis.notified {
                // Finished, but its events may not have left: queue them (again).
                self.notify(&analysis, reference).await?;
            }
            return Ok(Outcome::Duplicate);
        }
        let created = analysis.created_at.date_naive();
        let as_of = scoring::Date::new(created.year(), created.month() as u8, created.day() as u8)
            .expect("chrono's dates exist");
        let mut finished = analysis.clone();
        finished.completed_at = Some(Utc::now());
        let outcome = match snapshot.attributes.to_scoring_profile() {
            Ok(profile) => {
                finished.status = AnalysisStatus::Completed;
                finished.result = Some(scoring::analyse(&profile, &Context::new(as_of, usury)));
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
        self.notify(&finished, reference).await?;
        Ok(outcome)
    }

    /// Queues the completion events, then notes it when there was any to queue.
    async fn notify(&self, analysis: &Analysis, reference: Option<&str>) -> Result<(), WorkError> {
        let queued = self
            .events
            .finished(analysis, reference)
            .await
            .map_err(WorkError::Events)?;
        if queued > 0 {
            self.store.mark_analysis_notified(analysis).await?;
        }
        Ok(())
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

/// The Lambda handler: partial batch failures (`ReportBatchItemFailures`), so one bad
/// message never makes SQS redeliver the good ones.
pub async fn handle(worker: &Worker, event: SqsEvent) -> SqsBatchResponse {
    batch_response(worker.process_batch(&messages(event)).await)
}
