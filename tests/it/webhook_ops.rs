//! Webhook operations as a partner lives them: a receiver that was down catches up from
//! the events feed, reads the delivery log, replays a delivery, rotates its secret and
//! verifies with either during the overlap; the feed holds each event once, and ids only.
//! An endpoint's health (disabled, enabled again, failing for a day): `webhook_health`.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use partnerb2b_tests::app::TestApp;
use partnerb2b_tests::receiver::{Answer, Receiver};
use reqwest::Method;
use serde_json::{Value, json};
use shared::domain::model::WebhookId;

pub const WAIT: Duration = Duration::from_secs(15);

/// A webhook to `receiver` (its secret given to the receiver): its id and secret.
pub async fn subscribe(app: &TestApp, token: &str, receiver: &Receiver) -> (String, String) {
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

pub async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app.request(Method::GET, path, Some(token)).await;
    response.assert_status(200);
    response.body
}

pub async fn post(app: &TestApp, token: &str, path: &str) -> partnerb2b_tests::app::TestResponse {
    app.request(Method::POST, path, Some(token)).await
}

/// Polls `path` until `ready` holds of its body, for at most [`WAIT`].
pub async fn until(
    app: &TestApp,
    token: &str,
    path: &str,
    ready: impl Fn(&Value) -> bool,
) -> Value {
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
