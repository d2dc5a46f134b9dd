//! Webhook operations as a partner lives them: a receiver that was down catches up from
//! the events feed, reads the delivery log, replays a delivery, re-enables a disabled
//! endpoint, rotates its secret and verifies with either during the overlap; an endpoint
//! failing for a day is reported on the feed.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use partnerb2b_tests::app::TestApp;
use partnerb2b_tests::receiver::{Answer, Receiver};
use reqwest::Method;
use serde_json::{Value, json};
use shared::domain::model::{AttemptOutcome, DeliveryAttempt, EventType, PartnerId, WebhookId};
use shared::store::{AttemptRecord, Health};
use shared::webhooks::delivery::{Event, EventData};
use shared::webhooks::log::{DeliveryStatus, DeliveryUpdate, LoggedAttempt};

const WAIT: Duration = Duration::from_secs(15);

/// A webhook to `receiver` (its secret given to the receiver): its id and secret.
async fn subscribe(app: &TestApp, token: &str, receiver: &Receiver) -> (String, String) {
    let created = app
        .create_webhook(token, &json!({"url": receiver.url}))
        .await;
    created.assert_status(201);
    let secret = created.body["data"]["secret"].as_str().unwrap().to_owned();
    receiver.set_secret(&secret);
    (
        created.body["data"]["id"].as_str().unwrap().to_owned(),
        secret,
    )
}

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app.request(Method::GET, path, Some(token)).await;
    response.assert_status(200);
    response.body
}

async fn post(app: &TestApp, token: &str, path: &str) -> partnerb2b_tests::app::TestResponse {
    app.request(Method::POST, path, Some(token)).await
}

/// Polls `path` until `ready` holds of its body, for at most [`WAIT`].
async fn until(app: &TestApp, token: &str, path: &str, ready: impl Fn(&Value) -> bool) -> Value {
    let end = tokio::time::Instant::now() + WAIT;
    loop {
        let body = get(app, token, path).await;
        if ready(&body) || tokio::time::Instant::now() >= end {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn down_for_an_hour_then_catches_up(app: &TestApp) {
    let token = app.access_token().await;
    let receiver = Receiver::start().await;
    let (webhook, old_secret) = subscribe(app, &token, &receiver).await;
    let before = Utc::now() - TimeDelta::seconds(1);
    receiver.answer_next([
        Answer::Status(503),
        Answer::Status(503),
        Answer::Status(503),
    ]);
    let profile = app.submitted_profile(&token).await;
    let analysis = app.request_analysis(&token, &profile).await.body["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let log_path = format!("/api/v1/webhooks/{webhook}/deliveries/");
    let log = until(app, &token, &log_path, |body| {
        body["data"][0]["status"] == "failed"
    })
    .await;
    let delivery = &log["data"][0];
    assert_eq!(delivery["status"], "failed", "every attempt failed: {log}");
    assert_eq!(delivery["event_type"], "analysis.completed");
    assert_eq!(
        delivery["event_id"],
        format!("evt_{}", analysis.replace('-', ""))
    );
    let attempts = delivery["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3, "{delivery}");
    assert!(attempts.iter().all(|attempt| attempt["status_code"] == 503));
    assert!(
        attempts
            .iter()
            .all(|attempt| attempt["duration_ms"].is_u64())
    );
    assert_eq!(delivery["last_status_code"], 503);
    assert!(delivery["next_attempt_at"].is_null());
    let delivery_id = delivery["id"].as_str().unwrap().to_owned();
    assert_eq!(receiver.received()[0].id, delivery_id, "the webhook-id");
    let failed = get(app, &token, &format!("{log_path}?status=failed")).await;
    assert_eq!(failed["data"].as_array().unwrap().len(), 1);
    let delivered = get(app, &token, &format!("{log_path}?status=delivered")).await;
    assert_eq!(delivered["data"], json!([]));

    let since = before.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let feed = get(app, &token, &format!("/api/v1/events/?since={since}")).await;
    let events = feed["data"].as_array().unwrap();
    assert_eq!(
        events.len(),
        1,
        "the receiver catches up from the feed: {feed}"
    );
    assert_eq!(events[0]["type"], "analysis.completed");
    assert_eq!(events[0]["data"]["analysis_id"], analysis);
    assert_eq!(events[0]["data"]["status"], "completed");
    assert_eq!(
        events[0],
        json!({
            "id": receiver.received()[0].body["id"],
            "type": "analysis.completed",
            "created_at": events[0]["created_at"],
            "data": {"analysis_id": analysis, "profile_id": profile, "status": "completed"},
        }),
        "the delivered body, thin"
    );

    let retried = post(app, &token, &format!("{log_path}{delivery_id}/retry/")).await;
    retried.assert_status(202);
    assert_eq!(retried.body["data"]["delivery_id"], delivery_id);
    let received = receiver.wait_for(4, WAIT).await;
    assert_eq!(received.len(), 4);
    assert_eq!(received[3].id, delivery_id, "the same webhook-id");
    assert!(received[3].verified);
    let log = until(app, &token, &log_path, |body| {
        body["data"][0]["status"] == "delivered"
    })
    .await;
    assert_eq!(log["data"][0]["status"], "delivered", "{log}");
    assert_eq!(log["data"][0]["attempts"].as_array().unwrap().len(), 4);
    assert_eq!(log["data"][0]["last_status_code"], 204);

    let rotated = post(
        app,
        &token,
        &format!("/api/v1/webhooks/{webhook}/rotate-secret/"),
    )
    .await;
    rotated.assert_status(200);
    let new_secret = rotated.body["data"]["secret"].as_str().unwrap().to_owned();
    assert!(new_secret.starts_with("whsec_") && new_secret != old_secret);
    assert!(rotated.body["data"]["previous_secret_expires_at"].is_string());
    let read = get(app, &token, &format!("/api/v1/webhooks/{webhook}/")).await;
    assert!(read["data"].get("secret").is_none(), "shown once");
    app.test_webhook(&token, &webhook).await.assert_status(202);
    let received = receiver.wait_for(5, WAIT).await;
    let test = &received[4];
    assert_eq!(
        test.signatures().len(),
        2,
        "two signatures during the overlap: {test:?}"
    );
    assert!(test.verifies_with(&new_secret), "the new secret verifies");
    assert!(
        test.verifies_with(&old_secret),
        "the old secret still verifies"
    );
}

#[tokio::test]
async fn a_receiver_down_for_an_hour_catches_up_on_the_embedded_store() {
    down_for_an_hour_then_catches_up(&TestApp::spawn().await).await;
}

#[tokio::test]
async fn a_receiver_down_for_an_hour_catches_up_on_dynamodb() {
    down_for_an_hour_then_catches_up(&TestApp::spawn_dynamodb().await).await;
}

#[tokio::test]
async fn the_feed_has_each_event_once_whatever_the_number_of_webhooks() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let lonely = app.submitted_profile(&token).await;
    let first = app.request_analysis(&token, &lonely).await.body["data"]["id"].clone();
    let feed = until(&app, &token, "/api/v1/events/", |body| {
        body["data"]
            .as_array()
            .is_some_and(|events| !events.is_empty())
    })
    .await;
    assert_eq!(
        feed["data"][0]["data"]["analysis_id"], first,
        "no webhook at all"
    );

    let (one, two) = (Receiver::start().await, Receiver::start().await);
    subscribe(&app, &token, &one).await;
    subscribe(&app, &token, &two).await;
    let profile = app.submitted_profile(&token).await;
    app.request_analysis(&token, &profile).await;
    one.wait_for(1, WAIT).await;
    two.wait_for(1, WAIT).await;
    let feed = get(
        &app,
        &token,
        "/api/v1/events/?type=analysis.completed&limit=1",
    )
    .await;
    assert_eq!(feed["data"].as_array().unwrap().len(), 1);
    let cursor = feed["meta"]["next_cursor"]
        .as_str()
        .expect("a second page")
        .to_owned();
    let rest = get(
        &app,
        &token,
        &format!("/api/v1/events/?type=analysis.completed&limit=1&cursor={cursor}"),
    )
    .await;
    assert_eq!(
        rest["data"].as_array().unwrap().len(),
        1,
        "two events, two webhooks: two entries"
    );
    assert!(rest["meta"]["next_cursor"].is_null());
    let failures = get(&app, &token, "/api/v1/events/?type=analysis.failed").await;
    assert_eq!(failures["data"], json!([]));
    let future = get(&app, &token, "/api/v1/events/?since=2100-01-01T00:00:00Z").await;
    assert_eq!(future["data"], json!([]));

    let other = app.create_partner("Autre").await;
    let theirs = app.token(&other.api_key).await.body["data"]["access"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        get(&app, &theirs, "/api/v1/events/").await["data"],
        json!([]),
        "another partner's feed"
    );
}

#[tokio::test]
async fn bad_feed_and_log_requests_are_refused() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let receiver = Receiver::start().await;
    let (webhook, _) = subscribe(&app, &token, &receiver).await;
    let cases = [
        (
            "/api/v1/events/?type=analysis.done",
            400,
            "type",
            "an unknown type",
        ),
        (
            "/api/v1/events/?type=webhook.test",
            400,
            "type",
            "a type never on the feed",
        ),
        (
            "/api/v1/events/?since=yesterday",
            400,
            "since",
            "not a time",
        ),
        (
            "/api/v1/events/?since=2026-12-01",
            400,
            "since",
            "a date without a time",
        ),
        (
            "/api/v1/events/?cursor=abc",
            400,
            "cursor",
            "a forged cursor",
        ),
    ];
    for (path, status, field, why) in cases {
        let response = app.request(Method::GET, path, Some(&token)).await;
        assert_eq!(response.status, status, "{why}: {}", response.body);
        assert_eq!(
            response.body["error"]["details"][0]["field"], field,
            "{why}"
        );
    }
    let bad_status = app
        .request(
            Method::GET,
            &format!("/api/v1/webhooks/{webhook}/deliveries/?status=lost"),
            Some(&token),
        )
        .await;
    bad_status.assert_error(400, "invalid_request");
    assert_eq!(bad_status.body["error"]["details"][0]["field"], "status");
    let unknown = WebhookId::new();
    for (method, path) in [
        (
            Method::GET,
            format!("/api/v1/webhooks/{unknown}/deliveries/"),
        ),
        (Method::POST, format!("/api/v1/webhooks/{unknown}/enable/")),
        (
            Method::POST,
            format!("/api/v1/webhooks/{unknown}/rotate-secret/"),
        ),
        (
            Method::POST,
            format!("/api/v1/webhooks/{webhook}/deliveries/msg_nothing/retry/"),
        ),
        (
            Method::POST,
            format!(
                "/api/v1/webhooks/{webhook}/deliveries/msg_{}/retry/",
                "x".repeat(80)
            ),
        ),
    ] {
        app.request(method, &path, Some(&token))
            .await
            .assert_error(404, "not_found");
    }
    let other = app.create_partner("Autre").await;
    let theirs = app.token(&other.api_key).await.body["data"]["access"]
        .as_str()
        .unwrap()
        .to_owned();
    for (method, path) in [
        (
            Method::GET,
            format!("/api/v1/webhooks/{webhook}/deliveries/"),
        ),
        (
            Method::POST,
            format!("/api/v1/webhooks/{webhook}/rotate-secret/"),
        ),
        (Method::POST, format!("/api/v1/webhooks/{webhook}/enable/")),
    ] {
        app.request(method, &path, Some(&theirs))
            .await
            .assert_error(404, "not_found");
    }
    post(&app, &token, &format!("/api/v1/webhooks/{webhook}/enable/"))
        .await
        .assert_error(409, "webhook_enabled");
}

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

#[tokio::test]
async fn the_feed_and_the_log_keep_no_reference_and_outlive_the_erasure_with_ids_only() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let receiver = Receiver::start().await;
    let (webhook, _) = subscribe(&app, &token, &receiver).await;
    let mut body = partnerb2b_tests::fixtures::complete_profile();
    body["reference"] = json!("dossier-effacement-77");
    let created = app.create_profile(&token, &body).await;
    created.assert_status(201);
    let profile = created.body["data"]["id"].as_str().unwrap().to_owned();
    app.submit_profile(&token, &profile)
        .await
        .assert_status(200);
    app.request_analysis(&token, &profile)
        .await
        .assert_status(202);
    let delivered = receiver.wait_for(1, WAIT).await;
    assert_eq!(
        delivered[0].body["data"]["reference"], "dossier-effacement-77",
        "the live delivery carries it"
    );
    let log_path = format!("/api/v1/webhooks/{webhook}/deliveries/");
    until(&app, &token, &log_path, |body| {
        body["data"][0]["status"] == "delivered"
    })
    .await;

    let personal = ["dossier-effacement-77", "monthly_net_income", "birth_date"];
    let read_all = async || {
        let feed = get(&app, &token, "/api/v1/events/").await;
        let log = get(&app, &token, &log_path).await;
        (feed, log)
    };
    let (feed, log) = read_all().await;
    for text in [feed.to_string(), log.to_string()] {
        for value in personal {
            assert!(!text.contains(value), "{value} in {text}");
        }
    }
    app.delete_profile(&token, &profile)
        .await
        .assert_status(204);

    let (feed, log) = read_all().await;
    assert_eq!(feed["data"][0]["data"]["profile_id"], profile, "ids stay");
    assert_eq!(log["data"][0]["status"], "delivered");
    for text in [feed.to_string(), log.to_string()] {
        assert!(!text.contains("dossier-effacement-77"), "{text}");
    }
}

/// The worker alone, on the embedded store, with retries a minute apart: a redelivery
/// that fails leaves the delivery pending on its scheduled attempt; one that succeeds
/// makes the scheduled attempt a no-op.
#[tokio::test]
async fn a_redelivery_and_the_scheduled_attempt_never_both_deliver() {
    use shared::domain::model::Webhook;
    use shared::webhooks::delivery::Delivery;
    use webhook_worker::{Deliverer, Outcome};

    let store = partnerb2b_tests::conformance::embedded().await;
    let receiver = Receiver::start().await;
    let webhook = Webhook::new(
        PartnerId::new(),
        receiver.url.clone(),
        vec![EventType::AnalysisCompleted],
        None,
        shared::webhooks::signature::new_secret(),
        Utc::now(),
    );
    store.create_webhook(&webhook, 10).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let queue = std::sync::Arc::new(
        shared::queue::embedded::EmbeddedQueue::open(
            &dir.path().join("q.db"),
            "webhook",
            Duration::from_secs(30),
            5,
        )
        .unwrap(),
    );
    let settings = webhook_worker::Settings {
        schedule: vec![Duration::from_secs(60)],
        ..partnerb2b_tests::app::test_settings()
    };
    let deliverer = Deliverer::new(store.store.clone(), queue.clone(), settings).unwrap();
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
