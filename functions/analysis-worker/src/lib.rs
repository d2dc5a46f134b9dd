//! The `analysis-worker` function: consumes the analysis queue. For each message it
//! reads the analysis and the submitted snapshot it names, scores the snapshot with
//! [`scoring::analyse`], and stores the result only if the analysis is still pending.
//!
//! SQS delivers at least once; this makes the outcome exactly once:
//! - a duplicate message, or a second worker on the same message, finds the analysis
//!   no longer pending (or loses the conditional write) and stops without a second
//!   result or a second event;
//! - an analysis or snapshot erased meanwhile (the profile was deleted) drops the
//!   message; the conditional write never recreates an erased analysis;
//! - a malformed message, or a store that does not answer, is reported as a batch item
//!   failure: SQS retries it and dead-letters it after the queue's `maxReceiveCount`.

use std::sync::Arc;

use async_trait::async_trait;
use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use chrono::{Datelike, Utc};
use shared::error::BoxError;
use shared::http::error_chain;
use shared::model::{Analysis, AnalysisRequest, AnalysisStatus};
use shared::store::{Store, StoreError};

/// Tells the outside world an analysis finished: the seam where webhook events leave.
#[async_trait]
pub trait AnalysisEvents: Send + Sync {
    async fn finished(&self, analysis: &Analysis) -> Result<(), BoxError>;
}

/// No one to tell.
pub struct NoEvents;

#[async_trait]
impl AnalysisEvents for NoEvents {
    async fn finished(&self, _analysis: &Analysis) -> Result<(), BoxError> {
        Ok(())
    }
}

/// The worker's dependencies, built once per container.
pub struct Worker {
    store: Arc<dyn Store>,
    events: Arc<dyn AnalysisEvents>,
}

/// One queue message, whoever delivered it (the Lambda event source or a local poller).
#[derive(Debug, Clone)]
pub struct Message {
    pub id: String,
    pub body: String,
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

    /// Handles one message.
    ///
    /// 2 DynamoDB round trips: one `BatchGetItem` (analysis + snapshot), one conditional
    /// `TransactWriteItems` (the result, on the record and its copy). A duplicate costs 1.
    pub async fn process(&self, body: &str) -> Result<Outcome, WorkError> {
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
        let Some(analysis) = analysis else {
            return Ok(Outcome::Dropped);
        };
        if analysis.status != AnalysisStatus::Pending {
            return Ok(Outcome::Duplicate);
        }
        let Some(snapshot) = snapshot else {
            return Ok(Outcome::Dropped);
        };
        let created = analysis.created_at.date_naive();
        let as_of = scoring::Date::new(created.year(), created.month() as u8, created.day() as u8)
            .expect("chrono's dates exist");
        let mut finished = analysis.clone();
        finished.completed_at = Some(Utc::now());
        let outcome = match snapshot.attributes.to_scoring_profile() {
            Ok(profile) => {
                finished.status = AnalysisStatus::Completed;
                finished.result = Some(scoring::analyse(&profile, as_of));
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
        self.events
            .finished(&finished)
            .await
            .map_err(WorkError::Events)?;
        Ok(outcome)
    }

    /// Handles a batch; returns the ids of the messages to retry.
    pub async fn process_batch(&self, messages: &[Message]) -> Vec<String> {
        let mut failed = Vec::new();
        for message in messages {
            match self.process(&message.body).await {
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
    let messages: Vec<Message> = event
        .records
        .into_iter()
        .map(|record| Message {
            id: record.message_id.unwrap_or_default(),
            body: record.body.unwrap_or_default(),
        })
        .collect();
    let mut response = SqsBatchResponse::default();
    response.batch_item_failures = worker
        .process_batch(&messages)
        .await
        .into_iter()
        .map(|id| {
            let mut failure = BatchItemFailure::default();
            failure.item_identifier = id;
            failure
        })
        .collect();
    response
}
