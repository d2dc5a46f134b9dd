//! An endpoint's failure state after an attempt: a success clears it; a failure starts
//! or extends a failing spell, which after [`FAILING_WARNING_AFTER`] emits
//! `webhook.endpoint_failing` on the feed (once a spell), and after
//! [`FAILING_DISABLE_AFTER`] disables the webhook, never before the warning was emitted.
//! A 410 Gone disables it at once.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use shared::domain::model::{
    AttemptOutcome, EventType, FAILING_DISABLE_AFTER, FAILING_WARNING_AFTER, Webhook,
};
use shared::store::Health;
use shared::webhooks::delivery::{Event, EventData};

pub const GONE: &str = "the endpoint answered 410 Gone";
pub const FAILING: &str = "every attempt failed for 5 days";

/// The health after an attempt with `outcome` at `now`, and the event to put on the
/// feed if this attempt is the one that reports the endpoint failing.
pub fn after(
    webhook: &Webhook,
    outcome: AttemptOutcome,
    now: DateTime<Utc>,
) -> (Health, Option<Event>) {
    if outcome == AttemptOutcome::Delivered {
        return (Health::default(), None);
    }
    let since = webhook.failing_since.unwrap_or(now);
    let mut health = Health {
        failing_since: Some(since),
        failing_reported: webhook.failing_reported,
        disable: None,
    };
    if outcome == AttemptOutcome::Disabled {
        health.disable = Some((GONE.to_owned(), now));
        return (health, None);
    }
    let failing_for = now.signed_duration_since(since);
    if failing_for < FAILING_WARNING_AFTER {
        return (health, None);
    }
    if !health.failing_reported {
        health.failing_reported = true;
        return (health, Some(failing_event(webhook, since, now)));
    }
    if failing_for >= FAILING_DISABLE_AFTER {
        health.disable = Some((FAILING.to_owned(), now));
    }
    (health, None)
}

/// `webhook.endpoint_failing` for the spell that began at `since`; its id derives from
/// both, so the same spell is never reported under two ids.
fn failing_event(webhook: &Webhook, since: DateTime<Utc>, now: DateTime<Utc>) -> Event {
    let digest = Sha256::digest(format!(
        "webhook.endpoint_failing|{}|{}",
        webhook.id,
        since.timestamp_micros()
    ));
    Event {
        id: format!("evt_{}", hex::encode(&digest[..16])),
        event_type: EventType::WebhookEndpointFailing,
        created_at: now,
        data: EventData {
            webhook_id: Some(webhook.id),
            ..EventData::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use shared::domain::model::PartnerId;

    use super::*;

    fn webhook() -> Webhook {
        Webhook::new(
            PartnerId::new(),
            "https://example.com/hook".into(),
            vec![EventType::AnalysisCompleted],
            None,
            "whsec_AAAA".into(),
            Utc::now(),
        )
    }

    #[test]
    fn a_failure_starts_a_spell_and_a_success_ends_it() {
        let mut webhook = webhook();
        let now = Utc::now();
        let (health, event) = after(&webhook, AttemptOutcome::Retrying, now);
        assert_eq!(health.failing_since, Some(now));
        assert!(event.is_none() && health.disable.is_none());

        webhook.failing_since = Some(now - TimeDelta::hours(2));
        let (health, _) = after(&webhook, AttemptOutcome::Failed, now);
        assert_eq!(
            health.failing_since, webhook.failing_since,
            "the spell goes on"
        );

        let (health, event) = after(&webhook, AttemptOutcome::Delivered, now);
        assert_eq!(health, Health::default());
        assert!(event.is_none());
    }

    #[test]
    fn a_day_of_failures_is_reported_once_then_five_days_disable() {
        let mut webhook = webhook();
        let now = Utc::now();
        webhook.failing_since = Some(now - TimeDelta::hours(25));
        let (health, event) = after(&webhook, AttemptOutcome::Retrying, now);
        let event = event.expect("reported after a day");
        assert_eq!(event.event_type, EventType::WebhookEndpointFailing);
        assert_eq!(event.data.webhook_id, Some(webhook.id));
        assert!(health.failing_reported && health.disable.is_none());
        let (_, again) = after(&webhook, AttemptOutcome::Retrying, now);
        assert_eq!(
            again.map(|e| e.id),
            Some(event.id),
            "the same spell, the same id"
        );

        webhook.failing_reported = true;
        assert!(
            after(&webhook, AttemptOutcome::Failed, now).1.is_none(),
            "once"
        );

        webhook.failing_since = Some(now - TimeDelta::days(5));
        let (health, _) = after(&webhook, AttemptOutcome::Failed, now);
        assert_eq!(health.disable, Some((FAILING.to_owned(), now)));

        webhook.failing_reported = false;
        let (health, event) = after(&webhook, AttemptOutcome::Failed, now);
        assert!(
            event.is_some() && health.disable.is_none(),
            "warned before disabled"
        );
    }

    #[test]
    fn gone_disables_at_once() {
        let now = Utc::now();
        let (health, event) = after(&webhook(), AttemptOutcome::Disabled, now);
        assert_eq!(health.disable, Some((GONE.to_owned(), now)));
        assert!(event.is_none());
    }
}
