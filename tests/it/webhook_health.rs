//! An endpoint's health: disabled by a 410 and enabled again, reported on the events
//! feed after a day of failures and disabled after five, and a redelivery that never
//! doubles the scheduled attempt.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use partnerb2b_tests::app::TestApp;
use partnerb2b_tests::receiver::{Answer, Receiver};
use serde_json::json;
use shared::domain::model::{AttemptOutcome, DeliveryAttempt, EventType, PartnerId, WebhookId};
use shared::store::{AttemptRecord, Health};
use shared::webhooks::delivery::{Event, EventData};
use shared::webhooks::log::{DeliveryStatus, DeliveryUpdate, LoggedAttempt};

use crate::webhook_ops::{WAIT, get, post, subscribe, until};

#[tokio::test]
async fn a_disabled_webhook_is_enabled_again_and_replays_its_delivery() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let receiver = Receiver::start().await;
    let (webhook, _) = subscribe(&app, &token, &receiver).await;
    receiver.answer_next([Answer::Status(410)]);
    app.test_webhook(&token, &webhook).await.assert_status(202);
    let path = format!("/api/v1/webhooks/{webhook}/");
    let read = until(&app, &token, &path, |body| body["data"]["enabled"] == false).await;
    assert_eq!(read["data"]["enabled"], false);
    assert!(
        read["data"]["disabled_reason"]
            .as_str()
            .unwrap()
            .contains("410")
    );
    assert!(read["data"]["disabled_at"].is_string(), "when: {read}");
    let log = get(&app, &token, &format!("{path}deliveries/")).await;
    let delivery_id = log["data"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(log["data"][0]["status"], "failed");

    let refused = post(
        &app,
        &token,
        &format!("{path}deliveries/{delivery_id}/retry/"),
    )
    .await;
    refused.assert_error(409, "webhook_disabled");
    let enabled = post(&app, &token, &format!("{path}enable/")).await;
    enabled.assert_status(200);
    assert_eq!(enabled.body["data"]["enabled"], true);
    assert!(enabled.body["data"]["disabled_reason"].is_null());
    assert!(enabled.body["data"]["disabled_at"].is_null());
    assert!(enabled.body["data"]["failing_since"].is_null());
    post(
        &app,
        &token,
        &format!("{path}deliveries/{delivery_id}/retry/"),
    )
    .await
    .assert_status(202);

    let received = receiver.wait_for(2, WAIT).await;
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].id, delivery_id);
    assert_eq!(received[1].body["type"], "webhook.test");
    let log = until(&app, &token, &format!("{path}deliveries/"), |body| {
        body["data"][0]["status"] == "delivered"
    })
    .await;
    assert_eq!(log["data"][0]["status"], "delivered");
}

/// Plants a failing spell that began `hours` ago on the webhook, as its attempts would
/// have left it.
async fn failing_for(app: &TestApp, partner: PartnerId, webhook: &str, hours: i64) {
    let id: WebhookId = webhook.parse().unwrap();
    let store = app.services.store.clone();
    let seen = store
        .get_webhook(partner, id)
        .await
        .unwrap()
        .expect("the webhook");
    let since = Utc::now() - TimeDelta::hours(hours);
    let attempt = DeliveryAttempt {
        delivery_id: "msg_planted".into(),
        event_type: EventType::WebhookTest,
        attempt: 1,
        at: since,
        outcome: AttemptOutcome::Failed,
        status: Some(500),
        error: None,
        duration_ms: 5,
    };
    let event = Event::test(id, since);
    let delivery = DeliveryUpdate {
        id: "msg_planted".into(),
        event: Event {
            data: EventData {
                webhook_id: Some(id),
                ..event.data.clone()
            },
            ..event
        },
        status: DeliveryStatus::Failed,
        attempt: LoggedAttempt {
            at: since,
            status_code: Some(500),
            error: None,
            duration_ms: 5,
        },
        next_attempt_at: None,
    };
    store
        .record_attempt(&AttemptRecord {
            seen: &seen,
            attempt: &attempt,
            recent: std::slice::from_ref(&attempt),
            health: Health {
                failing_since: Some(since),
                failing_reported: false,
                disable: None,
            },
            delivery: &delivery,
            event: None,
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn an_endpoint_failing_for_a_day_is_reported_on_the_feed_once() {
    let app = TestApp::spawn().await;
    let partner = app.create_partner("Banque en panne").await;
    let token = app.token(&partner.api_key).await.body["data"]["access"]
        .as_str()
        .unwrap()
        .to_owned();
    let receiver = Receiver::start().await;
    let (webhook, _) = subscribe(&app, &token, &receiver).await;
    failing_for(&app, partner.partner_id, &webhook, 25).await;
    receiver.answer_next([
        Answer::Status(500),
        Answer::Status(500),
        Answer::Status(500),
    ]);
    app.test_webhook(&token, &webhook).await.assert_status(202);

    let path = format!("/api/v1/webhooks/{webhook}/");
    until(&app, &token, &path, |body| {
        body["data"]["stats"]["failed"] == 2
    })
    .await;
    let feed = get(
        &app,
        &token,
        "/api/v1/events/?type=webhook.endpoint_failing",
    )
    .await;
    let events = feed["data"].as_array().unwrap();
    assert_eq!(events.len(), 1, "once, after three failed attempts: {feed}");
    assert_eq!(events[0]["data"], json!({"webhook_id": webhook}));
    let read = get(&app, &token, &path).await;
    assert_eq!(
        read["data"]["enabled"], true,
        "warned before it is disabled"
    );
    assert!(read["data"]["failing_since"].is_string());
    assert_eq!(
        receiver
            .received()
            .iter()
            .filter(|r| r.body["type"] == "webhook.endpoint_failing")
            .count(),
        0,
        "the feed only"
    );

    failing_for(&app, partner.partner_id, &webhook, 24 * 5 + 1).await;
    receiver.answer_next([Answer::Status(500), Answer::Status(500)]);
    app.test_webhook(&token, &webhook).await;
    let feed = until(
        &app,
        &token,
        "/api/v1/events/?type=webhook.endpoint_failing",
        |body| {
            body["data"]
                .as_array()
                .is_some_and(|events| events.len() == 2)
        },
    )
    .await;
    assert_eq!(
        feed["data"].as_array().unwrap().len(),
        2,
        "the new spell is reported first"
    );
    let read = until(&app, &token, &path, |body| body["data"]["enabled"] == false).await;
    assert_eq!(read["data"]["enabled"], false, "then disabled: {read}");
    assert_eq!(
        read["data"]["disabled_reason"],
        "every attempt failed for 5 days"
    );
    assert!(read["data"]["disabled_at"].is_string());
}

/// A webhook to `receiver` (not stored yet), and the worker delivering to it on `store`
/// from an embedded queue in `dir`, with `settings`.
fn webhook_and_worker(
    store: &partnerb2b_tests::conformance::StoreUnderTest,
    receiver: &Receiver,
    dir: &std::path::Path,
    settings: webhook_worker::Settings,
) -> (shared::domain::model::Webhook, webhook_worker::Deliverer) {
    let webhook = shared::domain::model::Webhook::new(
        PartnerId::new(),
        receiver.url.clone(),
        vec![EventType::AnalysisCompleted],
        None,
        shared::webhooks::signature::new_secret(),
        Utc::now(),
    );
    let queue = partnerb2b_tests::fixtures::webhook_queue(dir);
    let deliverer =
        webhook_worker::Deliverer::new(store.store.clone(), queue, settings).expect("the worker");
    (webhook, deliverer)
}

/// The worker alone, on the embedded store, with retries a minute apart: a redelivery
/// that fails leaves the delivery pending on its scheduled attempt; one that succeeds
/// makes the scheduled attempt a no-op.
#[tokio::test]
async fn a_redelivery_and_the_scheduled_attempt_never_both_deliver() {
    use shared::webhooks::delivery::Delivery;
    use webhook_worker::Outcome;

    let store = partnerb2b_tests::conformance::embedded().await;
    let receiver = Receiver::start().await;
    let dir = tempfile::tempdir().unwrap();
    let settings = webhook_worker::Settings {
        schedule: vec![Duration::from_secs(60)],
        ..partnerb2b_tests::app::test_settings()
    };
    let (webhook, deliverer) = webhook_and_worker(&store, &receiver, dir.path(), settings);
    store.create_webhook(&webhook, 10).await.unwrap();
    let first = Delivery::first(
        webhook.partner_id,
        webhook.id,
        Event::test(webhook.id, Utc::now()),
        Utc::now(),
    );
    let again = Delivery::again(
        webhook.partner_id,
        webhook.id,
        first.delivery_id.clone(),
        first.event.clone(),
        Utc::now(),
    );
    let log = async || {
        let (_, record) = store
            .get_delivery(webhook.partner_id, webhook.id, &first.delivery_id)
            .await
            .unwrap();
        record.expect("logged")
    };
    receiver.answer_next([Answer::Status(503), Answer::Status(503)]);

    let outcome = deliverer
        .process(&serde_json::to_string(&first).unwrap())
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::Attempted(AttemptOutcome::Retrying));
    let scheduled = log().await.next_attempt_at.expect("a retry in a minute");
    let outcome = deliverer
        .process(&serde_json::to_string(&again).unwrap())
        .await
        .unwrap();
    assert_eq!(
        outcome,
        Outcome::Attempted(AttemptOutcome::Failed),
        "one attempt, no retry"
    );
    let record = log().await;
    assert_eq!(
        record.status,
        DeliveryStatus::Pending,
        "the scheduled attempt still comes"
    );
    assert_eq!(record.next_attempt_at, Some(scheduled));

    let outcome = deliverer
        .process(&serde_json::to_string(&again).unwrap())
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::Attempted(AttemptOutcome::Delivered));
    // The scheduled attempt, as it comes back from the queue once due.
    let retry = first.retry(Duration::ZERO, Utc::now());
    let outcome = deliverer
        .process(&serde_json::to_string(&retry).unwrap())
        .await
        .unwrap();

    assert_eq!(outcome, Outcome::AlreadyDelivered);
    assert_eq!(
        receiver.received().len(),
        3,
        "503, 503, then delivered once"
    );
    let record = log().await;
    assert_eq!(record.status, DeliveryStatus::Delivered);
    assert_eq!(record.attempts.len(), 3);
    assert_eq!(record.next_attempt_at, None);
}

#[tokio::test]
async fn a_delivery_is_redelivered_at_most_up_to_its_fiftieth_attempt() {
    let app = TestApp::spawn().await;
    let partner = app.create_partner("Banque insistante").await;
    let token = app.token(&partner.api_key).await.body["data"]["access"]
        .as_str()
        .unwrap()
        .to_owned();
    let receiver = Receiver::start().await;
    let (webhook, _) = subscribe(&app, &token, &receiver).await;
    let id: WebhookId = webhook.parse().unwrap();
    let store = app.services.store.clone();
    let now = Utc::now();
    let attempt = DeliveryAttempt {
        delivery_id: "msg_insistent".into(),
        event_type: EventType::WebhookTest,
        attempt: 1,
        at: now,
        outcome: AttemptOutcome::Delivered,
        status: Some(204),
        error: None,
        duration_ms: 1,
    };
    let delivery = DeliveryUpdate {
        id: "msg_insistent".into(),
        event: Event::test(id, now),
        status: DeliveryStatus::Delivered,
        attempt: LoggedAttempt {
            at: now,
            status_code: Some(204),
            error: None,
            duration_ms: 1,
        },
        next_attempt_at: None,
    };
    let path = format!("/api/v1/webhooks/{webhook}/deliveries/msg_insistent/retry/");
    for planted in 1..=shared::webhooks::log::MAX_ATTEMPTS {
        let seen = store
            .get_webhook(partner.partner_id, id)
            .await
            .unwrap()
            .unwrap();
        store
            .record_attempt(&AttemptRecord {
                seen: &seen,
                attempt: &attempt,
                recent: &[],
                health: Health::default(),
                delivery: &delivery,
                event: None,
            })
            .await
            .unwrap();
        if planted == shared::webhooks::log::MAX_ATTEMPTS - 1 {
            post(&app, &token, &path).await.assert_status(202);
        }
    }

    post(&app, &token, &path)
        .await
        .assert_error(409, "delivery_attempts_exhausted");
}

/// Deliveries of six events to one webhook at once, as concurrent Lambda batches run
/// them: each attempt computed the webhook's recent attempts from the webhook it read,
/// so without the store refusing a write on a webhook that has moved on (and the worker
/// reading it again) all but one would be lost from the list. The receiver answers them
/// 120 ms apart, so that all six read the webhook before the first is recorded and their
/// writes never reach the store at the same instant (moto runs two transactions at once
/// without isolating them, which DynamoDB does).
async fn deliveries_at_once_keep_every_attempt(
    store: &partnerb2b_tests::conformance::StoreUnderTest,
) {
    use webhook_worker::Outcome;

    let receiver = Receiver::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (webhook, deliverer) = webhook_and_worker(
        store,
        &receiver,
        dir.path(),
        partnerb2b_tests::app::test_settings(),
    );
    store.create_webhook(&webhook, 10).await.unwrap();
    let messages: Vec<String> = (0..6)
        .map(|_| {
            let event = Event::test(webhook.id, Utc::now());
            let delivery = shared::webhooks::delivery::Delivery::first(
                webhook.partner_id,
                webhook.id,
                event,
                Utc::now(),
            );
            serde_json::to_string(&delivery).unwrap()
        })
        .collect();

    receiver.answer_next((0..6).map(|step| Answer::Slow(Duration::from_millis(120 * step))));

    let outcomes =
        futures_util::future::join_all(messages.iter().map(|message| deliverer.process(message)))
            .await;

    for outcome in outcomes {
        assert!(
            matches!(outcome, Ok(Outcome::Attempted(AttemptOutcome::Delivered))),
            "{outcome:?}"
        );
    }
    let stored = store
        .get_webhook(webhook.partner_id, webhook.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.stats.attempts, 6);
    assert_eq!(stored.stats.delivered, 6);
    let mut recorded: Vec<&str> = stored
        .recent_attempts
        .iter()
        .map(|attempt| attempt.delivery_id.as_str())
        .collect();
    recorded.sort_unstable();
    let mut delivered: Vec<String> = receiver
        .received()
        .iter()
        .map(|delivery| delivery.id.clone())
        .collect();
    delivered.sort_unstable();
    assert_eq!(recorded, delivered, "every attempt among the recent ones");
    assert_eq!(recorded.len(), 6);
}

#[tokio::test]
async fn deliveries_at_once_keep_every_attempt_on_the_embedded_store() {
    deliveries_at_once_keep_every_attempt(&partnerb2b_tests::conformance::embedded().await).await;
}

#[tokio::test]
async fn deliveries_at_once_keep_every_attempt_on_dynamodb() {
    deliveries_at_once_keep_every_attempt(&partnerb2b_tests::conformance::dynamodb().await).await;
}
