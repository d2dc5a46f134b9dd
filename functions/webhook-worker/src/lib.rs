//! The `webhook-worker` function: consumes the webhook queue and POSTs each event to
//! its endpoint, signed per Standard Webhooks.
//!
//! - 2xx: delivered. 410 Gone: the webhook is disabled. Anything else, a timeout, a
//!   refused address or a redirect (never followed): another attempt, after the
//!   [`RETRY_SCHEDULE`](shared::webhooks::delivery::RETRY_SCHEDULE) with jitter, carried
//!   by a delayed SQS message (hops of at most 15 minutes); after the last, failed. A
//!   partner's redelivery is one attempt, without retries; a scheduled attempt of a
//!   delivery the log shows delivered (by a redelivery, or a duplicate emission) is
//!   dropped, and a failed redelivery leaves a delivery pending on its scheduled attempt.
//! - Every attempt is recorded on the webhook (time, status or error, duration) and in
//!   its delivery log, in one write with the endpoint's health ([`health`]): failing for
//!   a day puts `webhook.endpoint_failing` on the feed, for 5 days disables it.
//! - Each delivery is signed with the webhook's secret, and for 24 h after a rotation
//!   also with the one it replaced (two signatures in `webhook-signature`).
//! - Connections go only to addresses the URL policy accepts, checked by the resolver
//!   on the very addresses it hands to the connection: no DNS-rebinding window.
//! - The answer is read up to 4 KiB, then dropped: it is never stored nor shown.

mod client;
pub mod health;

use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use chrono::{DateTime, Utc};
use shared::domain::model::{AttemptOutcome, DeliveryAttempt, Webhook};
use shared::edge::serve::error_chain;
use shared::lambda::{Message, batch_response, messages};
use shared::queue::{MAX_DELAY, Queue, QueueError};
use shared::store::{AttemptRecord, Store, StoreError};
use shared::webhooks::delivery::{Delivery, RETRY_SCHEDULE, jittered};
use shared::webhooks::log::{DeliveryRecord, DeliveryStatus, DeliveryUpdate, LoggedAttempt};
use shared::webhooks::signature::{InvalidSecret, Signer};
use shared::webhooks::url_policy::UrlPolicy;

pub use client::ClientError;

/// Attempts kept on the webhook for partners to see.
pub const RECENT_ATTEMPTS: usize = 20;

/// Writes of one attempt's record before the message is given back to the queue: each
/// refused write means another attempt on the webhook was recorded in between.
const RECORD_TRIES: u32 = 8;

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
    /// A scheduled attempt of a delivery a redelivery (or a duplicate) already delivered.
    AlreadyDelivered,
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
    /// 2 DynamoDB round trips per attempt: one `BatchGetItem` of the webhook and the
    /// delivery's log entry, one `TransactWriteItems` recording the attempt (the webhook,
    /// the log entry, and the feed's `webhook.endpoint_failing` when it is due); plus 1
    /// SQS `SendMessage` when a retry is scheduled, and 2 more DynamoDB round trips each
    /// time another attempt on the webhook was recorded while this one was under way
    /// ([`Self::record`]).
    pub async fn process(&self, body: &str) -> Result<Outcome, DeliveryError> {
        let delivery: Delivery = serde_json::from_str(body)?;
        let now = Utc::now();
        if let Some(wait) = delivery.wait(now) {
            self.queue.send(body, wait.min(MAX_DELAY)).await?;
            return Ok(Outcome::Postponed);
        }
        let (webhook, logged) = self
            .store
            .get_delivery(
                delivery.partner_id,
                delivery.webhook_id,
                &delivery.delivery_id,
            )
            .await?;
        let Some(webhook) = webhook.filter(|webhook| webhook.enabled) else {
            return Ok(Outcome::Dropped);
        };
        let delivered = logged
            .as_ref()
            .is_some_and(|record| record.status == DeliveryStatus::Delivered);
        if delivered && !delivery.redelivery {
            return Ok(Outcome::AlreadyDelivered);
        }
        let signers = webhook
            .signing_secrets(now)
            .into_iter()
            .map(Signer::new)
            .collect::<Result<Vec<_>, _>>()?;
        let started = Instant::now();
        let answer = client::post(
            &self.client,
            self.settings.policy,
            &webhook.url,
            &signers,
            &delivery,
        )
        .await;
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);

        let (outcome, next, status, error) = match answer {
            Ok(status) if (200..300).contains(&status) => {
                (AttemptOutcome::Delivered, None, Some(status), None)
            }
            Ok(410) => (AttemptOutcome::Disabled, None, Some(410), None),
            Ok(status) => {
                let (outcome, next) = self.retry_or_fail(&delivery).await?;
                (outcome, next, Some(status), None)
            }
            Err(error) => {
                let (outcome, next) = self.retry_or_fail(&delivery).await?;
                (outcome, next, None, Some(error))
            }
        };
        let attempt = DeliveryAttempt {
            delivery_id: delivery.delivery_id.clone(),
            event_type: delivery.event.event_type,
            attempt: delivery.attempt,
            at: now,
            outcome,
            status,
            error: error.as_ref().map(ToString::to_string),
            duration_ms,
        };
        let (status_now, next) = match outcome {
            AttemptOutcome::Delivered => (DeliveryStatus::Delivered, None),
            AttemptOutcome::Retrying => (DeliveryStatus::Pending, next),
            AttemptOutcome::Disabled => (DeliveryStatus::Failed, None),
            AttemptOutcome::Failed => still_scheduled(logged.as_ref(), now)
                .map_or((DeliveryStatus::Failed, None), |at| {
                    (DeliveryStatus::Pending, Some(at))
                }),
        };
        let update = DeliveryUpdate {
            id: delivery.delivery_id.clone(),
            event: delivery.event.thin(),
            status: status_now,
            attempt: LoggedAttempt {
                at: now,
                status_code: status,
                error: error.as_ref().map(|error| error.kind().to_owned()),
                duration_ms,
            },
            next_attempt_at: next,
        };
        self.record(webhook, &attempt, &update).await?;
        Ok(Outcome::Attempted(outcome))
    }

    /// Records `attempt` on the webhook as `seen` read it. When another attempt on it
    /// was recorded meanwhile (deliveries to one webhook run at once), reads it again
    /// and records on what it now holds (1 `GetItem` and 1 `TransactWriteItems` more
    /// each time), so that neither attempt is lost from its recent attempts or its
    /// health; a webhook deleted meanwhile is left so.
    async fn record(
        &self,
        mut seen: Webhook,
        attempt: &DeliveryAttempt,
        delivery: &DeliveryUpdate,
    ) -> Result<(), StoreError> {
        let mut tries = 1;
        loop {
            let (health, event) = health::after(&seen, attempt.outcome, attempt.at);
            let recorded = self
                .store
                .record_attempt(&AttemptRecord {
                    seen: &seen,
                    attempt,
                    recent: &recent(&seen, attempt),
                    health,
                    delivery,
                    event: event.as_ref(),
                })
                .await;
            match recorded {
                Err(StoreError::Conflict) if tries < RECORD_TRIES => {
                    let Some(current) = self.store.get_webhook(seen.partner_id, seen.id).await?
                    else {
                        return Ok(());
                    };
                    seen = current;
                    tries += 1;
                }
                other => return other,
            }
        }
    }

    /// Schedules the next attempt, if there is one (never after a redelivery): the
    /// outcome, and when the next attempt is due. The retry is queued before the attempt
    /// is recorded, so that a crash in between costs a record, never a retry.
    async fn retry_or_fail(
        &self,
        delivery: &Delivery,
    ) -> Result<(AttemptOutcome, Option<DateTime<Utc>>), DeliveryError> {
        let scheduled = usize::try_from(delivery.attempt)
            .ok()
            .and_then(|attempt| attempt.checked_sub(1))
            .and_then(|index| self.settings.schedule.get(index))
            .copied();
        let Some(wait) = scheduled.filter(|_| !delivery.redelivery) else {
            return Ok((AttemptOutcome::Failed, None));
        };
        let wait = if self.settings.jitter {
            jittered(wait)
        } else {
            wait
        };
        let next = delivery.retry(wait, Utc::now());
        next.enqueue(self.queue.as_ref(), wait.min(MAX_DELAY))
            .await?;
        Ok((
            AttemptOutcome::Retrying,
            DateTime::from_timestamp(next.due_at, 0),
        ))
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

/// When the automatic attempt still scheduled for a logged delivery is due, if one is:
/// a redelivery that fails leaves the delivery pending on it.
fn still_scheduled(logged: Option<&DeliveryRecord>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    logged
        .filter(|record| record.status == DeliveryStatus::Pending)
        .and_then(|record| record.next_attempt_at)
        .filter(|at| *at > now)
}

/// The webhook's recent attempts with `attempt` among them, newest first by when each
/// began: an attempt recorded after another that began later (both under way at once)
/// goes after it.
fn recent(webhook: &Webhook, attempt: &DeliveryAttempt) -> Vec<DeliveryAttempt> {
    let mut recent: Vec<DeliveryAttempt> = std::iter::once(attempt.clone())
        .chain(webhook.recent_attempts.iter().cloned())
        .collect();
    recent.sort_by_key(|attempt| std::cmp::Reverse(attempt.at));
    recent.truncate(RECENT_ATTEMPTS);
    recent
}

/// The Lambda handler, with partial batch failures.
pub async fn handle(deliverer: &Deliverer, event: SqsEvent) -> SqsBatchResponse {
    batch_response(deliverer.process_batch(&messages(event)).await)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::domain::model::{EventType, PartnerId};

    fn attempt(id: &str, seconds: i64) -> DeliveryAttempt {
        DeliveryAttempt {
            delivery_id: id.to_owned(),
            event_type: EventType::WebhookTest,
            attempt: 1,
            at: DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap(),
            outcome: AttemptOutcome::Delivered,
            status: Some(204),
            error: None,
            duration_ms: 1,
        }
    }

    fn ids(attempts: &[DeliveryAttempt]) -> Vec<&str> {
        attempts.iter().map(|a| a.delivery_id.as_str()).collect()
    }

    #[test]
    fn recent_attempts_are_newest_first_by_start_and_bounded() {
        let mut webhook = Webhook::new(
            PartnerId::new(),
            "https://example.com/hook".into(),
            vec![EventType::WebhookTest],
            None,
            "whsec_dGVzdA==".into(),
            Utc::now(),
        );
        webhook.recent_attempts = vec![attempt("b", 20), attempt("a", 10)];

        assert_eq!(ids(&recent(&webhook, &attempt("c", 30))), ["c", "b", "a"]);
        assert_eq!(
            ids(&recent(&webhook, &attempt("late", 15))),
            ["b", "late", "a"],
            "recorded after an attempt that began later"
        );
        assert_eq!(
            ids(&recent(&webhook, &attempt("tie", 20))),
            ["tie", "b", "a"]
        );

        webhook.recent_attempts = (0..RECENT_ATTEMPTS)
            .map(|n| attempt(&format!("old{n}"), -(n as i64)))
            .collect();
        let full = recent(&webhook, &attempt("new", 1));
        assert_eq!(full.len(), RECENT_ATTEMPTS);
        assert_eq!(full[0].delivery_id, "new");
        assert_eq!(
            full[RECENT_ATTEMPTS - 1].delivery_id,
            format!("old{}", RECENT_ATTEMPTS - 2)
        );
    }
}
