//! The `webhook-worker` function: consumes the webhook queue and POSTs each event to
//! its endpoint, signed per Standard Webhooks.
//!
//! - 2xx: delivered. 410 Gone: the webhook is disabled. Anything else, a timeout, a
//!   refused address or a redirect (never followed): another attempt, after the
//!   [`RETRY_SCHEDULE`](shared::webhooks::delivery::RETRY_SCHEDULE) with jitter, carried
//!   by a delayed SQS message (hops of at most 15 minutes); after the last, failed.
//! - Every attempt is recorded on the webhook (time, status or error, duration).
//! - Connections go only to addresses the URL policy accepts, checked by the resolver
//!   on the very addresses it hands to the connection: no DNS-rebinding window.
//! - The answer is read up to 4 KiB, then dropped: it is never stored nor shown.

mod client;

use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use chrono::Utc;
use shared::domain::model::{AttemptOutcome, DeliveryAttempt, Webhook};
use shared::edge::serve::error_chain;
use shared::lambda::{Message, batch_response, messages};
use shared::queue::{MAX_DELAY, Queue, QueueError};
use shared::store::{Store, StoreError};
use shared::webhooks::delivery::{Delivery, RETRY_SCHEDULE, jittered};
use shared::webhooks::signature::{InvalidSecret, Signer};
use shared::webhooks::url_policy::UrlPolicy;

pub use client::ClientError;

/// Attempts kept on the webhook for partners to see.
pub const RECENT_ATTEMPTS: usize = 20;

/// How deliveries behave; [`Settings::production`] is what the Lambda runs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub policy: UrlPolicy,
    /// Longest wait for an endpoint's answer.
    pub timeout: Duration,
    /// Waits before the 2nd, 3rd, … attempts; its length + 1 is the number of attempts.
    pub schedule: Vec<Duration>,
    /// Whether waits get ±20 % of jitter.
    pub jitter: bool,
}

impl Settings {
    pub fn production(policy: UrlPolicy) -> Self {
        Self {
            policy,
            timeout: Duration::from_secs(10),
            schedule: RETRY_SCHEDULE.to_vec(),
            jitter: true,
        }
    }
}

/// The worker's dependencies, built once per container.
pub struct Deliverer {
    store: Arc<dyn Store>,
    queue: Arc<dyn Queue>,
    client: reqwest::Client,
    settings: Settings,
}

/// What became of a delivery message that needs no retry of the message itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Attempted(AttemptOutcome),
    /// Not due yet: sent back to the queue for the rest of the wait.
    Postponed,
    /// The webhook was deleted or disabled meanwhile.
    Dropped,
}

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("malformed message: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("store: {}", error_chain(.0))]
    Store(#[from] StoreError),
    #[error("queue: {}", error_chain(.0))]
    Queue(#[from] QueueError),
    #[error("the stored webhook secret is unusable")]
    Secret(#[from] InvalidSecret),
}

impl Deliverer {
    pub fn new(
        store: Arc<dyn Store>,
        queue: Arc<dyn Queue>,
        settings: Settings,
    ) -> Result<Self, ClientError> {
        Ok(Self {
            store,
            queue,
            client: client::build(&settings)?,
            settings,
        })
    }

    /// Handles one message.
    ///
    /// 2 DynamoDB round trips per attempt: `GetItem` of the webhook, `UpdateItem`
    /// recording the attempt; plus 1 SQS `SendMessage` when a retry is scheduled.
    pub async fn process(&self, body: &str) -> Result<Outcome, DeliveryError> {
        let delivery: Delivery = serde_json::from_str(body)?;
        let now = Utc::now();
        if let Some(wait) = delivery.wait(now) {
            self.queue.send(body, wait.min(MAX_DELAY)).await?;
            return Ok(Outcome::Postponed);
        }
        let Some(webhook) = self
            .store
            .get_webhook(delivery.partner_id, delivery.webhook_id)
            .await?
        else {
            return Ok(Outcome::Dropped);
        };
        if !webhook.enabled {
            return Ok(Outcome::Dropped);
        }
        let signer = Signer::new(&webhook.secret)?;
        let started = Instant::now();
        let answer = client::post(
            &self.client,
            self.settings.policy,
            &webhook.url,
            &signer,
            &delivery,
        )
        .await;
        let duration_ms = started.elapsed().as_millis() as u64;

        let (outcome, status, error) = match answer {
            Ok(status) if (200..300).contains(&status) => {
                (AttemptOutcome::Delivered, Some(status), None)
            }
            Ok(410) => (AttemptOutcome::Disabled, Some(410), None),
            Ok(status) => (self.retry_or_fail(&delivery).await?, Some(status), None),
            Err(error) => (
                self.retry_or_fail(&delivery).await?,
                None,
                Some(error.to_string()),
            ),
        };
        let attempt = DeliveryAttempt {
            delivery_id: delivery.delivery_id.clone(),
            event_type: delivery.event.event_type,
            attempt: delivery.attempt,
            at: now,
            outcome,
            status,
            error,
            duration_ms,
        };
        let disable =
            (outcome == AttemptOutcome::Disabled).then_some("the endpoint answered 410 Gone");
        self.store
            .record_attempt(&webhook, &attempt, &recent(&webhook, &attempt), disable)
            .await?;
        Ok(Outcome::Attempted(outcome))
    }

    /// Schedules the next attempt, if there is one. The retry is queued before the
    /// attempt is recorded, so that a crash in between costs a record, never a retry.
    async fn retry_or_fail(&self, delivery: &Delivery) -> Result<AttemptOutcome, DeliveryError> {
        let Some(wait) = self
            .settings
            .schedule
            .get(delivery.attempt as usize - 1)
            .copied()
        else {
            return Ok(AttemptOutcome::Failed);
        };
        let wait = if self.settings.jitter {
            jittered(wait)
        } else {
            wait
        };
        let next = delivery.retry(wait, Utc::now());
        self.queue
            .send(&serde_json::to_string(&next)?, wait.min(MAX_DELAY))
            .await?;
        Ok(AttemptOutcome::Retrying)
    }

    /// Handles a batch; returns the ids of the messages to retry.
    pub async fn process_batch(&self, messages: &[Message]) -> Vec<String> {
        let mut failed = Vec::new();
        for message in messages {
            match self.process(&message.body).await {
                Ok(outcome) => {
                    tracing::info!(message_id = %message.id, ?outcome, "webhook delivery handled")
                }
                Err(error) => {
                    tracing::warn!(message_id = %message.id, error = %error, "webhook delivery failed; it will be retried");
                    failed.push(message.id.clone());
                }
            }
        }
        failed
    }
}

/// The webhook's recent attempts with `attempt` first.
fn recent(webhook: &Webhook, attempt: &DeliveryAttempt) -> Vec<DeliveryAttempt> {
    std::iter::once(attempt.clone())
        .chain(webhook.recent_attempts.iter().cloned())
        .take(RECENT_ATTEMPTS)
        .collect()
}

/// The Lambda handler, with partial batch failures.
pub async fn handle(deliverer: &Deliverer, event: SqsEvent) -> SqsBatchResponse {
    batch_response(deliverer.process_batch(&messages(event)).await)
}
