//! What travels on the webhook queue: one message per delivery attempt, carrying ids and
//! the thin event body, never personal data. Retries are new messages delayed by SQS; a
//! wait longer than SQS's 15 minutes is covered by hops (the message comes back early,
//! sees it is not due, and is sent again for the rest of the wait).

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use scoring::Decision;

use crate::domain::model::{AnalysisId, EventType, PartnerId, ProfileId, WebhookId};
use crate::domain::review::{DecidedBy, ReviewId};
use crate::queue::{Queue, QueueError};

/// Waits between attempts: about a day in all, as partners' outages can last a night.
pub const RETRY_SCHEDULE: [Duration; 8] = [
    Duration::from_secs(30),
    Duration::from_secs(2 * 60),
    Duration::from_secs(10 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(60 * 60),
    Duration::from_secs(3 * 60 * 60),
    Duration::from_secs(6 * 60 * 60),
    Duration::from_secs(12 * 60 * 60),
];

/// The body POSTed to the endpoint: `{id, type, created_at, data}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub created_at: DateTime<Utc>,
    pub data: EventData,
}

impl Event {
    /// The `webhook.test` event a partner asks for to check its receiver.
    pub fn test(webhook_id: WebhookId, created_at: DateTime<Utc>) -> Self {
        Self {
            id: format!("evt_{}", uuid::Uuid::now_v7().simple()),
            event_type: EventType::WebhookTest,
            created_at,
            data: EventData {
                webhook_id: Some(webhook_id),
                ..EventData::default()
            },
        }
    }
}

/// Ids and status only, never personal data: `analysis.*` carry the analysis's ids, its
/// status and the partner's `reference`; `analysis.reviewed` adds the review's id, the
/// model's `decision`, the review's (`final_decision`) and `decided_by`, never the
/// review's free text; `webhook.*` carry the webhook's id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analysis_id: Option<AnalysisId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_id: Option<ProfileId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_id: Option<ReviewId>,
    /// The model's decision, which a review never changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// The decision that stands after the event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_decision: Option<Decision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<DecidedBy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_id: Option<WebhookId>,
}

/// One attempt to make: the message on the webhook queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    /// The `webhook-id` header, the same for every attempt.
    pub delivery_id: String,
    pub partner_id: PartnerId,
    pub webhook_id: WebhookId,
    pub event: Event,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// When this attempt is due, epoch seconds.
    pub due_at: i64,
    /// Asked for by the partner (`POST .../deliveries/{id}/retry/`): one attempt, no
    /// retries after it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redelivery: bool,
}

impl Delivery {
    /// The first attempt of `event` to `webhook`, due now. The delivery id derives from
    /// both, so a repeated emission of one event carries the same `webhook-id` and
    /// receivers can drop the duplicate; it starts with the event's time (14 hex digits
    /// of epoch microseconds), so a webhook's delivery ids sort as their events do.
    pub fn first(partner: PartnerId, webhook: WebhookId, event: Event, now: DateTime<Utc>) -> Self {
        let digest = Sha256::digest(format!("{}|{webhook}", event.id));
        let micros = u64::try_from(event.created_at.timestamp_micros()).unwrap_or_default();
        Self {
            delivery_id: format!("msg_{micros:014x}{}", hex::encode(&digest[..8])),
            partner_id: partner,
            webhook_id: webhook,
            event,
            attempt: 1,
            due_at: now.timestamp(),
            redelivery: false,
        }
    }

    /// The partner's redelivery of a logged delivery: the same `webhook-id`, due now.
    pub fn again(
        partner: PartnerId,
        webhook: WebhookId,
        delivery_id: String,
        event: Event,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            delivery_id,
            partner_id: partner,
            webhook_id: webhook,
            event,
            attempt: 1,
            due_at: now.timestamp(),
            redelivery: true,
        }
    }

    /// The next attempt, due after `wait`.
    pub fn retry(&self, wait: Duration, now: DateTime<Utc>) -> Self {
        let wait = i64::try_from(wait.as_secs()).unwrap_or(i64::MAX);
        Self {
            attempt: self.attempt.saturating_add(1),
            due_at: now.timestamp().saturating_add(wait),
            ..self.clone()
        }
    }

    /// How long until this attempt is due, if it is not yet. `due_at` comes from a
    /// queue message: any value gives an answer, none an overflow.
    pub fn wait(&self, now: DateTime<Utc>) -> Option<Duration> {
        let seconds = self.due_at.saturating_sub(now.timestamp());
        u64::try_from(seconds)
            .ok()
            .filter(|seconds| *seconds > 0)
            .map(Duration::from_secs)
    }

    /// Puts this attempt on the webhook queue, to be taken after `delay`.
    pub async fn enqueue(&self, queue: &dyn Queue, delay: Duration) -> Result<(), QueueError> {
        queue.send(&serde_json::to_string(self)?, delay).await
    }
}

/// `wait` with ±20 % of jitter, so that retries to a recovering endpoint spread out.
pub fn jittered(wait: Duration) -> Duration {
    let factor = 0.8 + rand::random::<f64>() * 0.4;
    wait.mul_f64(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        Event {
            id: "evt_1".into(),
            event_type: EventType::AnalysisCompleted,
            created_at: "2026-12-01T08:00:00Z".parse().expect("a time"),
            data: EventData {
                status: Some("completed".into()),
                ..EventData::default()
            },
        }
    }

    #[test]
    fn the_schedule_spans_about_a_day() {
        let total: Duration = RETRY_SCHEDULE.iter().sum();
        assert!(
            total > Duration::from_secs(20 * 3600) && total < Duration::from_secs(26 * 3600),
            "{total:?}"
        );
        for wait in RETRY_SCHEDULE {
            let jittered = jittered(wait);
            assert!(jittered >= wait.mul_f64(0.8) && jittered <= wait.mul_f64(1.2));
        }
    }

    #[test]
    fn retries_keep_the_delivery_id_and_count_attempts() {
        let now = Utc::now();
        let first = Delivery::first(PartnerId::new(), WebhookId::new(), event(), now);
        assert!(first.delivery_id.starts_with("msg_"));
        assert_eq!(first.wait(now), None);
        let second = first.retry(Duration::from_secs(3600), now);
        assert_eq!(second.delivery_id, first.delivery_id);
        assert_eq!(second.attempt, 2);
        assert_eq!(second.wait(now), Some(Duration::from_secs(3600)));
        let again = Delivery::first(first.partner_id, first.webhook_id, event(), now);
        assert_eq!(
            again.delivery_id, first.delivery_id,
            "same event, same webhook, same id"
        );
    }

    #[test]
    fn any_due_time_a_message_carries_gives_a_wait_without_overflow() {
        let now = Utc::now();
        let mut delivery = Delivery::first(PartnerId::new(), WebhookId::new(), event(), now);
        delivery.due_at = i64::MIN;
        assert_eq!(delivery.wait(now), None, "long past is due");
        delivery.due_at = i64::MAX;
        assert!(
            delivery
                .wait(now)
                .is_some_and(|wait| wait > Duration::from_secs(1 << 60))
        );
        delivery.attempt = u32::MAX;
        let next = delivery.retry(Duration::MAX, now);
        assert_eq!((next.attempt, next.due_at), (u32::MAX, i64::MAX));
    }

    #[test]
    fn delivery_ids_sort_as_their_events() {
        let webhook = WebhookId::new();
        let mut earlier = event();
        earlier.created_at = "2026-01-01T00:00:00Z".parse().unwrap();
        let mut later = event();
        later.id = "evt_2".into();
        later.created_at = "2026-01-01T00:00:00.000001Z".parse().unwrap();
        let id = |event: Event| {
            Delivery::first(PartnerId::new(), webhook, event, Utc::now()).delivery_id
        };
        let (first, second) = (id(earlier), id(later));
        assert_eq!(first.len(), second.len());
        assert!(first < second, "{first} {second}");
    }
}
