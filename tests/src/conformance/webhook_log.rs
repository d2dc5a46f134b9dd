//! The delivery log, the events feed, and what a partner does to a webhook afterwards
//! (enable it again, rotate its secret).

use chrono::Duration;
use shared::domain::model::{AttemptOutcome, EventType, PartnerId, WebhookId};
use shared::store::{AttemptRecord, Health, Store, StoreError};
use shared::webhooks::delivery::Event;
use shared::webhooks::log::{DeliveryFilter, DeliveryStatus, FeedFilter, RETENTION};

use super::webhooks::{attempt, current, event, logged, record, stored, webhook};
use super::{assert_fails, now};

fn all_since_retention() -> FeedFilter {
    FeedFilter {
        event_type: None,
        since: now() - RETENTION,
    }
}

pub async fn deliveries_are_logged_newest_first_with_their_attempts(store: &dyn Store) {
    let partner = PartnerId::new();
    let hook = webhook(partner, "https://example.com/log");
    let other = webhook(partner, "https://example.com/other");
    store.create_webhook(&hook, 10).await.unwrap();
    store.create_webhook(&other, 10).await.unwrap();
    let (older, newer) = (event("evt_older", 0), event("evt_newer", 1));
    let retrying = attempt(1, AttemptOutcome::Retrying, 0);
    let delivered = attempt(2, AttemptOutcome::Delivered, 1);
    let failed = attempt(1, AttemptOutcome::Failed, 2);
    let log = |id: &str, event: &Event, attempt| logged(id, event, attempt);
    let writes = [
        (&hook, log("msg_0001", &older, &retrying), &retrying),
        (&hook, log("msg_0001", &older, &delivered), &delivered),
        (&hook, log("msg_0002", &newer, &failed), &failed),
        (&other, log("msg_0003", &newer, &delivered), &delivered),
    ];
    for (hook, delivery, attempt) in &writes {
        store
            .record_attempt(&AttemptRecord {
                seen: &current(store, hook).await,
                attempt,
                recent: &[],
                health: Health::default(),
                delivery,
                event: None,
            })
            .await
            .unwrap();
    }

    let page = |filter, after: Option<String>, limit| {
        let after = after.clone();
        async move {
            store
                .list_deliveries(partner, hook.id, filter, after.as_deref(), limit)
                .await
                .unwrap()
        }
    };
    let all = page(DeliveryFilter::default(), None, 10).await;
    let ids: Vec<&str> = all.items.iter().map(|record| record.id.as_str()).collect();
    assert_eq!(
        ids,
        ["msg_0002", "msg_0001"],
        "newest first, this webhook's only"
    );
    assert_eq!(all.next, None);
    let first = &all.items[1];
    assert_eq!(first.status, DeliveryStatus::Delivered);
    assert_eq!(first.event, older);
    assert_eq!(first.attempts.len(), 2, "both attempts, oldest first");
    assert_eq!(first.attempts[0].status_code, Some(503));
    assert_eq!(first.attempts[1].at, delivered.at);
    assert_eq!(first.last_attempt_at, Some(delivered.at));
    assert_eq!(first.last_status_code, Some(200));
    assert_eq!(first.next_attempt_at, None);
    assert_eq!(all.items[0].status, DeliveryStatus::Failed);

    let one = page(DeliveryFilter::default(), None, 1).await;
    assert_eq!(one.items.len(), 1);
    let rest = page(DeliveryFilter::default(), one.next.clone(), 1).await;
    assert_eq!(
        rest.items[0].id, "msg_0001",
        "the next page goes on backwards"
    );
    assert_eq!(rest.next, None);
    let failed_only = DeliveryFilter {
        status: Some(DeliveryStatus::Failed),
    };
    let filtered = page(failed_only, None, 10).await;
    assert_eq!(filtered.items.len(), 1);
    assert_eq!(filtered.items[0].id, "msg_0002");
    let pending_only = DeliveryFilter {
        status: Some(DeliveryStatus::Pending),
    };
    assert!(page(pending_only, None, 10).await.items.is_empty());
    let elsewhere = store
        .list_deliveries(
            PartnerId::new(),
            hook.id,
            DeliveryFilter::default(),
            None,
            10,
        )
        .await
        .unwrap();
    assert!(
        elsewhere.items.is_empty(),
        "another partner's path sees nothing"
    );
}

pub async fn a_delivery_is_read_with_its_webhook(store: &dyn Store) {
    let partner = PartnerId::new();
    let hook = webhook(partner, "https://example.com/read");
    store.create_webhook(&hook, 10).await.unwrap();
    let delivered = attempt(1, AttemptOutcome::Delivered, 0);
    record(store, &hook, &delivered, &[], Health::default())
        .await
        .unwrap();

    let (found, delivery) = store
        .get_delivery(partner, hook.id, &delivered.delivery_id)
        .await
        .unwrap();
    let (_, missing) = store
        .get_delivery(partner, hook.id, "msg_none")
        .await
        .unwrap();
    let (nothing, theirs) = store
        .get_delivery(PartnerId::new(), hook.id, &delivered.delivery_id)
        .await
        .unwrap();

    assert_eq!(found.map(|found| found.id), Some(hook.id));
    let delivery = delivery.expect("logged");
    assert_eq!(delivery.id, delivered.delivery_id);
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert_eq!(missing, None);
    assert_eq!((nothing, theirs), (None, None), "another partner's");
}

pub async fn an_attempt_puts_its_event_on_the_feed_with_its_health(store: &dyn Store) {
    let partner = PartnerId::new();
    let hook = webhook(partner, "https://example.com/failing");
    store.create_webhook(&hook, 10).await.unwrap();
    let failed = attempt(3, AttemptOutcome::Failed, 0);
    let mut failing = event("evt_failing", 0);
    failing.event_type = EventType::WebhookEndpointFailing;
    failing.data.webhook_id = Some(hook.id);
    let since = now() - Duration::hours(25);
    let health = Health {
        failing_since: Some(since),
        failing_reported: true,
        disable: None,
    };
    let delivery = logged(&failed.delivery_id, &event("evt_1", 0), &failed);

    for _ in 0..2 {
        store
            .record_attempt(&AttemptRecord {
                seen: &current(store, &hook).await,
                attempt: &failed,
                recent: &[],
                health: health.clone(),
                delivery: &delivery,
                event: Some(&failing),
            })
            .await
            .unwrap();
    }

    let after = stored(store.get_webhook(partner, hook.id).await.unwrap());
    assert_eq!(after.failing_since, Some(since));
    assert!(after.failing_reported);
    let feed = store
        .list_events(partner, all_since_retention(), None, 10)
        .await
        .unwrap();
    assert_eq!(feed.items, vec![failing], "once, however often written");
}

pub async fn the_feed_holds_each_event_once_oldest_first(store: &dyn Store) {
    let partner = PartnerId::new();
    let mut with_reference = event("evt_a", -10);
    with_reference.data.reference = Some("client-42".into());
    let mut failed = event("evt_b", -5);
    failed.event_type = EventType::AnalysisFailed;
    let latest = event("evt_c", 0);
    let expired = event("evt_old", -(RETENTION.num_minutes() + 60));
    for event in [&latest, &with_reference, &failed, &latest, &expired] {
        store.record_event(partner, event).await.unwrap();
    }
    store
        .record_event(PartnerId::new(), &event("evt_theirs", 0))
        .await
        .unwrap();

    let list = |filter, after: Option<String>, limit| {
        let after = after.clone();
        async move {
            store
                .list_events(partner, filter, after.as_deref(), limit)
                .await
                .unwrap()
        }
    };
    let all = list(all_since_retention(), None, 10).await;
    let ids: Vec<&str> = all.items.iter().map(|event| event.id.as_str()).collect();
    assert_eq!(
        ids,
        ["evt_a", "evt_b", "evt_c"],
        "oldest first, once each, none expired"
    );
    assert_eq!(
        all.items[0].data.reference, None,
        "the feed keeps no reference"
    );
    assert_eq!(all.items[2], latest);

    let first = list(all_since_retention(), None, 2).await;
    assert_eq!(first.items.len(), 2);
    let rest = list(all_since_retention(), first.next.clone(), 2).await;
    assert_eq!(rest.items, vec![latest.clone()]);
    assert_eq!(rest.next, None);
    let failures = FeedFilter {
        event_type: Some(EventType::AnalysisFailed),
        ..all_since_retention()
    };
    assert_eq!(list(failures, None, 10).await.items, vec![failed.clone()]);
    let recent = FeedFilter {
        event_type: None,
        since: failed.created_at,
    };
    let since: Vec<String> = list(recent, None, 10)
        .await
        .items
        .into_iter()
        .map(|event| event.id)
        .collect();
    assert_eq!(since, ["evt_b", "evt_c"], "since is inclusive");
}

pub async fn enabling_turns_a_disabled_webhook_back_on(store: &dyn Store) {
    let partner = PartnerId::new();
    let hook = webhook(partner, "https://example.com/enable");
    store.create_webhook(&hook, 10).await.unwrap();
    let on = store.enable_webhook(partner, hook.id).await;
    let gone = attempt(1, AttemptOutcome::Disabled, 0);
    let health = Health {
        failing_since: Some(gone.at),
        failing_reported: true,
        disable: Some(("410 Gone".to_owned(), gone.at)),
    };
    record(store, &hook, &gone, std::slice::from_ref(&gone), health)
        .await
        .unwrap();

    let enabled = store.enable_webhook(partner, hook.id).await.unwrap();
    let unknown = store.enable_webhook(partner, WebhookId::new()).await;
    let theirs = store.enable_webhook(PartnerId::new(), hook.id).await;

    assert_fails(on, StoreError::Conflict, "enabling an enabled webhook");
    assert_fails(unknown, StoreError::NotFound, "an unknown webhook");
    assert_fails(theirs, StoreError::NotFound, "another partner's");
    assert!(enabled.enabled);
    assert_eq!(enabled.disabled_reason, None);
    assert_eq!(enabled.disabled_at, None);
    assert_eq!(enabled.failing_since, None);
    assert!(!enabled.failing_reported);
    assert_eq!(enabled.recent_attempts, vec![gone], "the record stays");
    assert_eq!(
        stored(store.get_webhook(partner, hook.id).await.unwrap()),
        enabled
    );
}

pub async fn rotation_keeps_the_replaced_secret_until_the_end_of_the_overlap(store: &dyn Store) {
    let partner = PartnerId::new();
    let hook = webhook(partner, "https://example.com/rotate");
    store.create_webhook(&hook, 10).await.unwrap();
    let until = now() + Duration::hours(24);

    let rotated = store
        .rotate_webhook_secret(partner, hook.id, "whsec_bmV3", until)
        .await
        .unwrap();
    let again = store
        .rotate_webhook_secret(partner, hook.id, "whsec_bmV3ZXI=", until)
        .await
        .unwrap();
    let theirs = store
        .rotate_webhook_secret(PartnerId::new(), hook.id, "whsec_eA==", until)
        .await;

    assert_eq!(rotated.secret, "whsec_bmV3");
    assert_eq!(
        rotated.previous_secret.as_deref(),
        Some(hook.secret.as_str())
    );
    assert_eq!(rotated.previous_secret_expires_at, Some(until));
    assert_eq!(
        rotated.signing_secrets(now()),
        ["whsec_bmV3", hook.secret.as_str()]
    );
    assert_eq!(
        rotated.signing_secrets(until),
        ["whsec_bmV3"],
        "only the new one after the overlap"
    );
    assert_eq!(
        again.previous_secret.as_deref(),
        Some("whsec_bmV3"),
        "the oldest retires"
    );
    assert_fails(theirs, StoreError::NotFound, "another partner's");
    assert_eq!(
        stored(store.get_webhook(partner, hook.id).await.unwrap()),
        again
    );
}
