//! Webhooks: registration under a limit, lists, deletion and delivery records.

use chrono::Duration;
use shared::domain::model::{
    AttemptOutcome, DeliveryAttempt, DeliveryStats, EventType, PartnerId, Webhook, WebhookId,
};
use shared::store::{AttemptRecord, Health, Store, StoreError};
use shared::webhooks::delivery::{Event, EventData};
use shared::webhooks::log::{DeliveryStatus, DeliveryUpdate, LoggedAttempt};

use super::{assert_fails, now};

/// The `analysis.completed` event `id`, created `minutes` from now.
pub fn event(id: &str, minutes: i64) -> Event {
    Event {
        id: id.to_owned(),
        event_type: EventType::AnalysisCompleted,
        created_at: now() + Duration::minutes(minutes),
        data: EventData {
            status: Some("completed".into()),
            ..EventData::default()
        },
    }
}

/// The log's side of `attempt`, for the delivery `id` of `event`.
pub fn logged(id: &str, event: &Event, attempt: &DeliveryAttempt) -> DeliveryUpdate {
    DeliveryUpdate {
        id: id.to_owned(),
        event: event.clone(),
        status: match attempt.outcome {
            AttemptOutcome::Delivered => DeliveryStatus::Delivered,
            AttemptOutcome::Retrying => DeliveryStatus::Pending,
            AttemptOutcome::Failed | AttemptOutcome::Disabled => DeliveryStatus::Failed,
        },
        attempt: LoggedAttempt {
            at: attempt.at,
            status_code: attempt.status,
            error: None,
            duration_ms: attempt.duration_ms,
        },
        next_attempt_at: (attempt.outcome == AttemptOutcome::Retrying)
            .then(|| attempt.at + Duration::seconds(30)),
    }
}

/// `hook` as stored now, as a worker reads it before it records an attempt; as given
/// when it is gone.
pub async fn current(store: &dyn Store, hook: &Webhook) -> Webhook {
    store
        .get_webhook(hook.partner_id, hook.id)
        .await
        .unwrap()
        .unwrap_or_else(|| hook.clone())
}

/// Records `attempt` of the delivery `msg_conformance` on `hook` as stored now, with
/// `health`.
pub async fn record(
    store: &dyn Store,
    hook: &Webhook,
    attempt: &DeliveryAttempt,
    recent: &[DeliveryAttempt],
    health: Health,
) -> Result<(), StoreError> {
    record_on(store, &current(store, hook).await, attempt, recent, health).await
}

/// Records `attempt` of the delivery `msg_conformance` on the webhook as `seen` read it.
pub async fn record_on(
    store: &dyn Store,
    seen: &Webhook,
    attempt: &DeliveryAttempt,
    recent: &[DeliveryAttempt],
    health: Health,
) -> Result<(), StoreError> {
    let event = event("evt_conformance", 0);
    store
        .record_attempt(&AttemptRecord {
            seen,
            attempt,
            recent,
            health,
            delivery: &logged(&attempt.delivery_id, &event, attempt),
            event: None,
        })
        .await
}

pub fn webhook(partner: PartnerId, url: &str) -> Webhook {
    Webhook::new(
        partner,
        url.to_owned(),
        vec![EventType::AnalysisCompleted, EventType::AnalysisFailed],
        Some("conformance".into()),
        "whsec_dGVzdA==".into(),
        now(),
    )
}

pub fn attempt(number: u32, outcome: AttemptOutcome, minutes: i64) -> DeliveryAttempt {
    DeliveryAttempt {
        delivery_id: "msg_conformance".into(),
        event_type: EventType::AnalysisCompleted,
        attempt: number,
        at: now() + Duration::minutes(minutes),
        outcome,
        status: match outcome {
            AttemptOutcome::Delivered => Some(200),
            AttemptOutcome::Disabled => Some(410),
            AttemptOutcome::Retrying | AttemptOutcome::Failed => Some(503),
        },
        error: None,
        duration_ms: 12,
    }
}

/// The webhook as stored now.
#[track_caller]
pub fn stored(found: Option<Webhook>) -> Webhook {
    found.expect("the webhook is stored")
}

pub async fn webhook_round_trip(store: &dyn Store) {
    let partner = PartnerId::new();
    let hook = webhook(partner, "https://example.com/hooks");

    store.create_webhook(&hook, 10).await.unwrap();

    assert_eq!(
        store.get_webhook(partner, hook.id).await.unwrap(),
        Some(hook.clone())
    );
    assert_eq!(
        store.get_webhook(PartnerId::new(), hook.id).await.unwrap(),
        None,
        "another partner's"
    );
    assert_eq!(
        store.get_webhook(partner, WebhookId::new()).await.unwrap(),
        None
    );
}

pub async fn a_partner_has_at_most_max_webhooks(store: &dyn Store) {
    let partner = PartnerId::new();
    let first = webhook(partner, "https://example.com/1");
    let second = webhook(partner, "https://example.com/2");
    let third = webhook(partner, "https://example.com/3");
    let elsewhere = webhook(PartnerId::new(), "https://example.com/other");

    store.create_webhook(&first, 2).await.unwrap();
    store.create_webhook(&second, 2).await.unwrap();
    let over = store.create_webhook(&third, 2).await;
    store
        .create_webhook(&elsewhere, 2)
        .await
        .expect("the limit is per partner");

    assert_fails(
        over,
        StoreError::LimitReached,
        "a third webhook of two allowed",
    );
    assert_eq!(store.get_webhook(partner, third.id).await.unwrap(), None);

    store.delete_webhook(partner, first.id).await.unwrap();
    store
        .create_webhook(&third, 2)
        .await
        .expect("a deletion frees a place");
    let duplicate = store.create_webhook(&third, 3).await;

    assert_fails(
        duplicate,
        StoreError::AlreadyExists,
        "the same webhook twice",
    );
    let over = store
        .create_webhook(&webhook(partner, "https://example.com/4"), 2)
        .await;
    assert_fails(over, StoreError::LimitReached, "full again");
}

pub async fn webhooks_are_listed_oldest_first_per_partner(store: &dyn Store) {
    let partner = PartnerId::new();
    let mut created = Vec::new();
    for index in 0..3 {
        let hook = webhook(partner, &format!("https://example.com/{index}"));
        store.create_webhook(&hook, 10).await.unwrap();
        created.push(hook);
    }
    store
        .create_webhook(&webhook(PartnerId::new(), "https://example.com/x"), 10)
        .await
        .unwrap();

    let listed = store.list_webhooks(partner).await.unwrap();
    let nobody = store.list_webhooks(PartnerId::new()).await.unwrap();

    assert_eq!(listed, created);
    assert!(nobody.is_empty());
}

pub async fn deletion_removes_only_that_webhook(store: &dyn Store) {
    let partner = PartnerId::new();
    let doomed = webhook(partner, "https://example.com/doomed");
    let kept = webhook(partner, "https://example.com/kept");
    store.create_webhook(&doomed, 10).await.unwrap();
    store.create_webhook(&kept, 10).await.unwrap();

    store.delete_webhook(partner, doomed.id).await.unwrap();
    let again = store.delete_webhook(partner, doomed.id).await;
    let intruder = store.delete_webhook(PartnerId::new(), kept.id).await;

    assert_eq!(store.get_webhook(partner, doomed.id).await.unwrap(), None);
    assert_eq!(
        store.list_webhooks(partner).await.unwrap(),
        vec![kept.clone()]
    );
    assert_fails(again, StoreError::NotFound, "deleting twice");
    assert_fails(intruder, StoreError::NotFound, "deleting another's");
    assert_eq!(
        store.get_webhook(partner, kept.id).await.unwrap(),
        Some(kept)
    );
}

pub async fn attempts_move_the_counters_and_replace_the_recent_list(store: &dyn Store) {
    let partner = PartnerId::new();
    let hook = webhook(partner, "https://example.com/hooks");
    store.create_webhook(&hook, 10).await.unwrap();
    let delivered = attempt(1, AttemptOutcome::Delivered, 0);
    let retrying = attempt(1, AttemptOutcome::Retrying, 1);
    let failed = attempt(5, AttemptOutcome::Failed, 2);

    let failing = Health {
        failing_since: Some(retrying.at),
        ..Health::default()
    };
    record(
        store,
        &hook,
        &delivered,
        std::slice::from_ref(&delivered),
        Health::default(),
    )
    .await
    .unwrap();
    let after_delivery = stored(store.get_webhook(partner, hook.id).await.unwrap());
    record(
        store,
        &hook,
        &retrying,
        &[retrying.clone(), delivered.clone()],
        failing.clone(),
    )
    .await
    .unwrap();
    record(
        store,
        &hook,
        &failed,
        &[failed.clone(), retrying.clone()],
        failing,
    )
    .await
    .unwrap();
    let after_failure = stored(store.get_webhook(partner, hook.id).await.unwrap());

    assert_eq!(
        after_delivery.stats,
        DeliveryStats {
            attempts: 1,
            delivered: 1,
            failed: 0,
            last_attempt_at: Some(delivered.at),
            last_delivered_at: Some(delivered.at),
        }
    );
    assert_eq!(after_delivery.recent_attempts, vec![delivered.clone()]);
    assert_eq!(
        after_failure.stats,
        DeliveryStats {
            attempts: 3,
            delivered: 1,
            failed: 1,
            last_attempt_at: Some(failed.at),
            last_delivered_at: Some(delivered.at),
        },
        "a retry counts as an attempt only; a last failure as failed"
    );
    assert_eq!(
        after_failure.recent_attempts,
        vec![failed, retrying.clone()],
        "replaced, not appended"
    );
    assert!(after_failure.enabled);
    assert_eq!(
        after_failure.failing_since,
        Some(retrying.at),
        "failing since"
    );
    assert_eq!(
        Webhook {
            stats: hook.stats.clone(),
            recent_attempts: Vec::new(),
            failing_since: None,
            ..after_failure
        },
        hook,
        "nothing else changes"
    );
}

pub async fn a_disabling_attempt_turns_the_webhook_off(store: &dyn Store) {
    let partner = PartnerId::new();
    let hook = webhook(partner, "https://example.com/gone");
    store.create_webhook(&hook, 10).await.unwrap();
    let gone = attempt(1, AttemptOutcome::Disabled, 0);

    let health = Health {
        failing_since: Some(gone.at),
        failing_reported: false,
        disable: Some(("410 Gone".to_owned(), gone.at)),
    };
    record(store, &hook, &gone, std::slice::from_ref(&gone), health)
        .await
        .unwrap();

    let after = stored(store.get_webhook(partner, hook.id).await.unwrap());
    assert!(!after.enabled);
    assert_eq!(after.disabled_reason.as_deref(), Some("410 Gone"));
    assert_eq!(after.disabled_at, Some(gone.at));
    assert_eq!(
        after.stats,
        DeliveryStats {
            attempts: 1,
            delivered: 0,
            failed: 0,
            last_attempt_at: Some(gone.at),
            last_delivered_at: None,
        }
    );
    assert_eq!(after.recent_attempts, vec![gone]);
}

pub async fn an_attempt_on_a_deleted_webhook_leaves_it_deleted(store: &dyn Store) {
    let partner = PartnerId::new();
    let hook = webhook(partner, "https://example.com/deleted");
    store.create_webhook(&hook, 10).await.unwrap();
    store.delete_webhook(partner, hook.id).await.unwrap();
    let late = attempt(1, AttemptOutcome::Delivered, 0);

    let recorded = record(
        store,
        &hook,
        &late,
        std::slice::from_ref(&late),
        Health::default(),
    )
    .await;

    assert_fails(
        recorded,
        StoreError::Conflict,
        "a webhook deleted meanwhile",
    );
    assert_eq!(store.get_webhook(partner, hook.id).await.unwrap(), None);
    let (_, delivery) = store
        .get_delivery(partner, hook.id, &late.delivery_id)
        .await
        .unwrap();
    assert_eq!(delivery, None, "nothing is logged for it");
    assert!(store.list_webhooks(partner).await.unwrap().is_empty());
    store
        .create_webhook(&webhook(partner, "https://example.com/next"), 1)
        .await
        .expect("the deleted webhook holds no place");
}

/// Two deliveries to one webhook at once: the second to record computed its recent
/// attempts and health from a webhook without the first's, and is refused.
pub async fn an_attempt_on_a_webhook_read_before_another_was_recorded_is_refused(
    store: &dyn Store,
) {
    let partner = PartnerId::new();
    let hook = webhook(partner, "https://example.com/busy");
    store.create_webhook(&hook, 10).await.unwrap();
    let mut first = attempt(1, AttemptOutcome::Delivered, 0);
    first.delivery_id = "msg_first".into();
    let mut second = attempt(1, AttemptOutcome::Retrying, 1);
    second.delivery_id = "msg_second".into();
    let failing = Health {
        failing_since: Some(second.at),
        ..Health::default()
    };

    record_on(
        store,
        &hook,
        &first,
        std::slice::from_ref(&first),
        Health::default(),
    )
    .await
    .unwrap();
    let stale = record_on(
        store,
        &hook,
        &second,
        std::slice::from_ref(&second),
        failing.clone(),
    )
    .await;

    assert_fails(
        stale,
        StoreError::Conflict,
        "recorded on a webhook read before the first",
    );
    let after_refusal = stored(store.get_webhook(partner, hook.id).await.unwrap());
    assert_eq!(after_refusal.stats.attempts, 1);
    assert_eq!(after_refusal.recent_attempts, vec![first.clone()]);
    assert_eq!(after_refusal.failing_since, None);
    let (_, logged) = store
        .get_delivery(partner, hook.id, "msg_second")
        .await
        .unwrap();
    assert_eq!(logged, None, "nothing of the refused attempt is written");

    let recent = [second.clone(), first.clone()];
    record(store, &hook, &second, &recent, failing)
        .await
        .unwrap();
    let after = stored(store.get_webhook(partner, hook.id).await.unwrap());
    assert_eq!(after.stats.attempts, 2);
    assert_eq!(after.recent_attempts, recent);
    assert_eq!(after.failing_since, Some(second.at));
}
