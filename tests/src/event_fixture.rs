//! The records the files in `events/` refer to: the fixture partner and its API key
//! (`tests/fixtures/events-partner.json`), its complete profile, an analysis of it and a
//! webhook. Tokens in the events are signed with `tests/fixtures/token-keys.json`.

use chrono::Utc;
use serde::Deserialize;
use serde_json::Value;
use shared::domain::api_key::ApiKey;
use shared::domain::model::{
    Analysis, AnalysisId, ApiKeyRecord, EventType, Partner, PartnerId, PartnerStatus, Profile,
    ProfileId, Webhook, WebhookId,
};
use shared::store::Store;

use crate::fixtures::read;

#[derive(Debug, Clone, Deserialize)]
pub struct EventFixture {
    pub partner_id: PartnerId,
    pub api_key: String,
    pub profile_id: ProfileId,
    pub analysis_id: AnalysisId,
    pub webhook_id: WebhookId,
}

pub fn event_fixture() -> EventFixture {
    serde_json::from_str(&read("tests/fixtures/events-partner.json")).expect("events-partner.json")
}

/// The fixture partner with its API key.
pub async fn plant_partner(store: &dyn Store) {
    let fixture = event_fixture();
    let key = ApiKey::parse(&fixture.api_key).expect("the event's API key is well formed");
    let partner = Partner {
        id: fixture.partner_id,
        name: "Events fixture".into(),
        status: PartnerStatus::Active,
        created_at: Utc::now(),
    };
    store
        .create_partner(&partner, &ApiKeyRecord::new(&key, partner.id, Utc::now()))
        .await
        .expect("plant the fixture partner");
}

/// The fixture profile: complete, a draft at version 1.
pub async fn plant_profile(store: &dyn Store) {
    let fixture = event_fixture();
    let body: Value =
        serde_json::from_str(&read("tests/fixtures/complete-profile.json")).expect("profile");
    let attributes = crate::conformance::attributes(body["attributes"].clone());
    let mut profile = Profile::draft(fixture.partner_id, None, attributes, Utc::now());
    profile.id = fixture.profile_id;
    store
        .create_profile(&profile, None)
        .await
        .expect("plant the fixture profile");
}

/// Another draft of the fixture partner, with no reference and no attribute, so that
/// `events/profiles-list.json` (`limit=1&status=draft`) has a next page beside the draft
/// `events/profiles-create.json` makes.
pub async fn plant_other_draft(store: &dyn Store) {
    let profile = Profile::draft(
        event_fixture().partner_id,
        None,
        Default::default(),
        Utc::now(),
    );
    store
        .create_profile(&profile, None)
        .await
        .expect("plant another draft");
}

/// Submits the fixture profile and records the fixture analysis of it, pending, as if
/// its message had been lost: queued ten minutes ago, so that a sweep queues it again.
pub async fn submit_and_plant_analysis(store: &dyn Store) -> Analysis {
    let fixture = event_fixture();
    let profile = store
        .get_profile(fixture.partner_id, fixture.profile_id)
        .await
        .expect("read")
        .expect("the fixture profile is planted");
    store
        .submit_profile(&profile, Utc::now(), None)
        .await
        .expect("submit");
    let mut analysis = Analysis::pending(fixture.partner_id, fixture.profile_id, 1, Utc::now());
    analysis.id = fixture.analysis_id;
    analysis.queued_at = Some(Utc::now() - chrono::TimeDelta::minutes(10));
    store
        .create_analysis(&analysis, None)
        .await
        .expect("plant the analysis");
    analysis
}

/// The fixture webhook, pointing at `url`; its secret.
pub async fn plant_webhook(store: &dyn Store, url: &str) -> String {
    let fixture = event_fixture();
    let webhook = Webhook {
        id: fixture.webhook_id,
        ..Webhook::new(
            fixture.partner_id,
            url.to_owned(),
            vec![EventType::AnalysisCompleted, EventType::AnalysisFailed],
            None,
            shared::webhooks::signature::new_secret(),
            Utc::now(),
        )
    };
    store
        .create_webhook(&webhook, 10)
        .await
        .expect("plant the webhook");
    webhook.secret
}

/// The delivery of `events/webhooks-retry.json` in the fixture webhook's log, as its
/// first attempt left it: answered 410 Gone when `gone` (which disables the webhook, as
/// `events/webhooks-enable.json` needs), else 503 with a retry due.
pub async fn plant_delivery(store: &dyn Store, gone: bool) {
    use shared::domain::model::{AttemptOutcome, DeliveryAttempt};
    use shared::store::{AttemptRecord, Health};
    use shared::webhooks::log::{DeliveryStatus, DeliveryUpdate, LoggedAttempt};

    let fixture = event_fixture();
    let webhook = store
        .get_webhook(fixture.partner_id, fixture.webhook_id)
        .await
        .expect("read")
        .expect("the fixture webhook is planted");
    let now = Utc::now();
    let (outcome, status) = if gone {
        (AttemptOutcome::Disabled, 410)
    } else {
        (AttemptOutcome::Retrying, 503)
    };
    let attempt = DeliveryAttempt {
        delivery_id: RETRIED_DELIVERY.to_owned(),
        event_type: EventType::AnalysisCompleted,
        attempt: 1,
        at: now,
        outcome,
        status: Some(status),
        error: None,
        duration_ms: 40,
    };
    let event = completed_event(format!("evt_{}", fixture.analysis_id.0.simple()), now);
    let delivery = DeliveryUpdate {
        id: RETRIED_DELIVERY.to_owned(),
        event,
        status: if gone {
            DeliveryStatus::Failed
        } else {
            DeliveryStatus::Pending
        },
        attempt: LoggedAttempt {
            at: now,
            status_code: Some(status),
            error: None,
            duration_ms: 40,
        },
        next_attempt_at: (!gone).then(|| now + chrono::TimeDelta::seconds(30)),
    };
    let health = Health {
        failing_since: Some(now),
        failing_reported: false,
        disable: gone.then(|| ("the endpoint answered 410 Gone".to_owned(), now)),
    };
    store
        .record_attempt(&AttemptRecord {
            seen: &webhook,
            attempt: &attempt,
            recent: std::slice::from_ref(&attempt),
            health,
            delivery: &delivery,
            event: None,
        })
        .await
        .expect("plant the delivery");
}

/// The fixture analysis's `analysis.completed` event, with id `id`, at `at`.
fn completed_event(id: String, at: chrono::DateTime<Utc>) -> shared::webhooks::delivery::Event {
    use shared::webhooks::delivery::{Event, EventData};
    let fixture = event_fixture();
    Event {
        id,
        event_type: EventType::AnalysisCompleted,
        created_at: at,
        data: EventData {
            analysis_id: Some(fixture.analysis_id),
            profile_id: Some(fixture.profile_id),
            status: Some("completed".to_owned()),
            ..EventData::default()
        },
    }
}

/// `count` `analysis.completed` entries on the fixture partner's events feed, a second
/// apart, so that `events/events-list.json` (`limit=1`) has a next page.
pub async fn plant_feed(store: &dyn Store, count: i64) {
    let now = Utc::now();
    for n in 0..count {
        let event = completed_event(
            format!("evt_{}", uuid::Uuid::now_v7().simple()),
            now - chrono::TimeDelta::seconds(count - n),
        );
        store
            .record_event(event_fixture().partner_id, &event)
            .await
            .expect("plant a feed entry");
    }
}

/// The `webhook-id` `events/webhooks-retry.json` redelivers.
pub const RETRIED_DELIVERY: &str = "msg_00064b5a1c2e3f4d5e6f708192a3b4c5";
