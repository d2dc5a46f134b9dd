//! Webhooks: configuration over HTTP, and signed deliveries to a real receiver.

use std::time::Duration;

use partnerb2b_tests::app::TestApp;
use partnerb2b_tests::receiver::{Answer, Receiver, standard_webhooks_signature};
use reqwest::Method;
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(10);

#[test]
fn the_receivers_verifier_reproduces_the_standard_webhooks_test_vector() {
    let signature = standard_webhooks_signature(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "1614265330",
        br#"{"test": 2432232314}"#,
    );
    assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

/// A webhook to `receiver`, whose secret the receiver learns; its id.
async fn subscribe(app: &TestApp, token: &str, receiver: &Receiver) -> String {
    let created = app
        .create_webhook(token, &json!({"url": receiver.url, "description": "tests"}))
        .await;
    created.assert_status(201);
    let secret = created.body["data"]["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_"));
    receiver.set_secret(secret);
    created.body["data"]["id"].as_str().unwrap().to_owned()
}

async fn completed_analysis_is_delivered_signed(app: &TestApp) {
    let token = app.access_token().await;
    let receiver = Receiver::start().await;
    let webhook = subscribe(app, &token, &receiver).await;
    let profile = app.submitted_profile(&token).await;
    let analysis = app.request_analysis(&token, &profile).await.body["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let received = receiver.wait_for(1, WAIT).await;
    assert_eq!(received.len(), 1, "one event");
    let delivery = &received[0];
    assert!(delivery.verified, "the signature verifies: {delivery:?}");
    assert!(delivery.id.starts_with("msg_"));
    let body = &delivery.body;
    assert_eq!(body["type"], "analysis.completed");
    assert!(body["id"].as_str().unwrap().starts_with("evt_"));
    assert_eq!(body["data"]["analysis_id"], analysis);
    assert_eq!(body["data"]["profile_id"], profile);
    assert_eq!(body["data"]["status"], "completed");
    let text = String::from_utf8_lossy(&delivery.raw_body);
    for personal in ["monthly_net_income", "birth_date"] {
        assert!(
            !text.contains(personal),
            "no personal data in the event: {text}"
        );
    }
    // Ids and status only: the attribute values (3400, 1986…) cannot be anywhere. Not a
    // search of the digits, which a timestamp or an id may hold by chance.
    let members: Vec<&str> = body["data"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(members, ["analysis_id", "profile_id", "status"], "{text}");

    let data = webhook_when(app, &token, &webhook, |data| {
        data["stats"]["delivered"] == 1
    })
    .await;
    assert!(
        data.get("secret").is_none(),
        "the secret is never shown again"
    );
    assert_eq!(data["stats"]["delivered"], 1, "{data:#}");
    assert_eq!(
        data["recent_attempts"][0]["outcome"], "delivered",
        "{data:#}"
    );
    assert_eq!(data["recent_attempts"][0]["status"], 204, "{data:#}");
}

#[tokio::test]
async fn a_completed_analysis_is_delivered_signed_on_the_embedded_queue() {
    completed_analysis_is_delivered_signed(&TestApp::spawn().await).await;
}

#[tokio::test]
async fn a_completed_analysis_is_delivered_signed_through_sqs() {
    completed_analysis_is_delivered_signed(&TestApp::spawn_dynamodb().await).await;
}

#[tokio::test]
async fn configuration_view_list_delete_and_test() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let receiver = Receiver::start().await;
    let created = app
        .create_webhook(
            &token,
            &json!({"url": receiver.url, "events": ["analysis.failed"], "description": "échecs"}),
        )
        .await;
    created.assert_status(201);
    let data = &created.body["data"];
    assert_eq!(data["events"], json!(["analysis.failed"]));
    assert_eq!(data["enabled"], true);
    let id = data["id"].as_str().unwrap().to_owned();
    receiver.set_secret(data["secret"].as_str().unwrap());

    let listed = app
        .request(Method::GET, "/api/v1/webhooks/", Some(&token))
        .await;
    assert_eq!(listed.body["data"].as_array().unwrap().len(), 1);
    assert!(listed.body["data"][0].get("secret").is_none());

    let test = app
        .request(
            Method::POST,
            &format!("/api/v1/webhooks/{id}/test/"),
            Some(&token),
        )
        .await;
    test.assert_status(202);
    let received = receiver.wait_for(1, WAIT).await;
    assert_eq!(received[0].body["type"], "webhook.test");
    assert!(received[0].verified);
    assert_eq!(
        received[0].id,
        test.body["data"]["delivery_id"].as_str().unwrap()
    );

    assert_eq!(app.delete_webhook(&token, &id).await.status, 204);
    assert_eq!(app.get_webhook(&token, &id).await.status, 404);
}

#[tokio::test]
/// The local server is in development mode (loopback receivers allowed); the strict
/// policy of the Lambdas is tested case by case in `shared::webhooks::url_policy`.
async fn bad_webhook_requests_are_refused() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let cases = [
        (
            json!({"url": "http://example.com/hook"}),
            "/url",
            "plain http to a public host",
        ),
        (
            json!({"url": "https://10.1.2.3/hook"}),
            "/url",
            "a private IP literal",
        ),
        (
            json!({"url": "https://169.254.169.254/latest/meta-data/"}),
            "/url",
            "the metadata service",
        ),
        (
            json!({"url": "http://2130706433:8080/hook"}),
            "/url",
            "decimal loopback",
        ),
        (
            json!({"url": "https://user:pw@example.com/hook"}),
            "/url",
            "credentials",
        ),
        (
            json!({"url": "https://example.com:8443/hook"}),
            "/url",
            "a non-default port",
        ),
        (
            json!({"url": "https://[::ffff:10.1.2.3]/hook"}),
            "/url",
            "an IPv4-mapped literal",
        ),
        (
            json!({"url": "http://127.0.0.1:9/hook", "events": []}),
            "/events",
            "no events",
        ),
        (
            json!({"url": "http://127.0.0.1:9/hook", "events": ["webhook.test"]}),
            "/events",
            "test events are not subscribed to",
        ),
        (
            json!({"url": "http://127.0.0.1:9/hook", "events": ["analysis.completed", "webhook.endpoint_failing"]}),
            "/events",
            "failing warnings are on the events feed only",
        ),
        (
            json!({"url": "http://127.0.0.1:9/hook", "events": ["profile.deleted"]}),
            "/events/0",
            "an unknown event",
        ),
        (
            json!({"url": "http://127.0.0.1:9/hook", "description": "x".repeat(257)}),
            "/description",
            "description too long",
        ),
        (
            json!({"url": "http://127.0.0.1:9/hook", "secret": "mine"}),
            "/secret",
            "a secret of one's own",
        ),
        (json!({}), "/url", "no url"),
    ];
    for (body, field, why) in cases {
        let response = app.create_webhook(&token, &body).await;
        assert_eq!(response.status, 422, "{why}: {:?}", response.body);
        let fields: Vec<&str> = response.body["error"]["details"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["field"].as_str())
            .collect();
        assert!(fields.contains(&field), "{why}: {fields:?}");
    }
    assert_eq!(app.list_webhooks(&token).await.body["data"], json!([]));
}

#[tokio::test]
async fn at_most_ten_webhooks_per_partner() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    for index in 0..10 {
        let created = app
            .create_webhook(
                &token,
                &json!({"url": format!("http://127.0.0.1:9/hook/{index}")}),
            )
            .await;
        created.assert_status(201);
    }
    let eleventh = app
        .create_webhook(&token, &json!({"url": "http://127.0.0.1:9/hook/10"}))
        .await;
    eleventh.assert_error(409, "webhook_limit_reached");
    let other = app.access_token().await;
    assert_eq!(
        app.create_webhook(&other, &json!({"url": "http://127.0.0.1:9/x"}))
            .await
            .status,
        201,
        "per partner"
    );
}

#[tokio::test]
async fn a_failing_receiver_gets_the_same_delivery_again_newly_signed() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let receiver = Receiver::start().await;
    let webhook = subscribe(&app, &token, &receiver).await;
    receiver.answer_next([Answer::Status(503)]);
    app.test_webhook(&token, &webhook).await;

    let received = receiver.wait_for(2, WAIT).await;
    assert_eq!(received.len(), 2, "retried after the 503");
    assert_eq!(received[0].id, received[1].id, "the same webhook-id");
    assert_ne!(received[0].timestamp, received[1].timestamp);
    assert_ne!(
        received[0].signature, received[1].signature,
        "a new signature"
    );
    assert!(received.iter().all(|delivery| delivery.verified));

    let data = webhook_when(&app, &token, &webhook, |data| {
        data["stats"]["delivered"] == 1
    })
    .await;
    assert_eq!(data["stats"]["attempts"], 2);
    assert_eq!(data["recent_attempts"][0]["outcome"], "delivered");
    assert_eq!(data["recent_attempts"][1]["outcome"], "retrying");
    assert_eq!(data["recent_attempts"][1]["status"], 503);
}

/// Polls the webhook until `ready` holds, for at most [`WAIT`].
async fn webhook_when(
    app: &TestApp,
    token: &str,
    id: &str,
    ready: impl Fn(&Value) -> bool,
) -> Value {
    let end = tokio::time::Instant::now() + WAIT;
    loop {
        let data = app.get_webhook(token, id).await.body["data"].clone();
        if ready(&data) || tokio::time::Instant::now() >= end {
            return data;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_gone_receiver_disables_its_webhook() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let receiver = Receiver::start().await;
    let webhook = subscribe(&app, &token, &receiver).await;
    receiver.answer_next([Answer::Status(410)]);
    app.test_webhook(&token, &webhook).await;
    let data = webhook_when(&app, &token, &webhook, |data| data["enabled"] == false).await;
    assert_eq!(data["enabled"], false);
    assert!(data["disabled_reason"].as_str().unwrap().contains("410"));
    assert_eq!(data["recent_attempts"][0]["outcome"], "disabled");

    let profile = app.submitted_profile(&token).await;
    let analysis = app.request_analysis(&token, &profile).await.body["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.finished_analysis(&token, &analysis, WAIT).await;
    assert_eq!(
        receiver.wait_for(2, Duration::from_millis(500)).await.len(),
        1,
        "nothing more is sent"
    );
}

#[tokio::test]
async fn a_slow_receiver_times_out_and_retries_end_in_failure() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let receiver = Receiver::start().await;
    let webhook = subscribe(&app, &token, &receiver).await;
    receiver.answer_next([
        Answer::Slow(Duration::from_secs(3)),
        Answer::Status(500),
        Answer::Status(500),
    ]);
    app.test_webhook(&token, &webhook).await;
    let data = webhook_when(&app, &token, &webhook, |data| data["stats"]["failed"] == 1).await;
    assert_eq!(
        data["stats"]["failed"], 1,
        "failed after the last attempt: {data}"
    );
    assert_eq!(data["stats"]["attempts"], 3);
    let attempts = data["recent_attempts"].as_array().unwrap();
    assert_eq!(attempts[0]["outcome"], "failed");
    assert_eq!(attempts[2]["error"], "timed out");
    assert!(attempts[2]["status"].is_null());
    assert_eq!(data["enabled"], true, "failures alone do not disable");
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let receiver = Receiver::start().await;
    let elsewhere = Receiver::start().await;
    let webhook = subscribe(&app, &token, &receiver).await;
    receiver.answer_next([Answer::Redirect(elsewhere.url.clone())]);
    app.test_webhook(&token, &webhook).await;
    let data = webhook_when(&app, &token, &webhook, |data| {
        data["stats"]["attempts"] == 1
    })
    .await;
    assert_eq!(
        data["recent_attempts"][0]["error"],
        "redirects are not followed"
    );
    assert!(
        elsewhere.received().is_empty(),
        "the redirect target got nothing"
    );
}

#[tokio::test]
async fn another_partners_webhooks_are_out_of_reach() {
    let app = TestApp::spawn().await;
    let owner = app.access_token().await;
    let intruder = app.access_token().await;
    let receiver = Receiver::start().await;
    let webhook = subscribe(&app, &owner, &receiver).await;
    assert_eq!(app.get_webhook(&intruder, &webhook).await.status, 404);
    assert_eq!(app.delete_webhook(&intruder, &webhook).await.status, 404);
    assert_eq!(app.test_webhook(&intruder, &webhook).await.status, 404);
    assert_eq!(app.list_webhooks(&intruder).await.body["data"], json!([]));
    let profile = app.submitted_profile(&intruder).await;
    let analysis = app.request_analysis(&intruder, &profile).await.body["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.finished_analysis(&intruder, &analysis, WAIT).await;
    assert!(
        receiver
            .wait_for(1, Duration::from_millis(500))
            .await
            .is_empty(),
        "no event of another partner"
    );
    assert_eq!(app.get_webhook(&owner, &webhook).await.status, 200);
}

#[tokio::test]
async fn at_delivery_the_strict_policy_refuses_a_name_now_pointing_inside() {
    use std::sync::Arc;

    use chrono::Utc;
    use shared::domain::model::{AttemptOutcome, EventType, PartnerId, Webhook};
    use shared::queue::embedded::EmbeddedQueue;
    use shared::webhooks::delivery::{Delivery, Event};
    use shared::webhooks::url_policy::UrlPolicy;
    use webhook_worker::{Deliverer, Outcome, Settings};

    let store = partnerb2b_tests::conformance::embedded().await;
    let dir = tempfile::tempdir().unwrap();
    let queue = Arc::new(
        EmbeddedQueue::open(
            &dir.path().join("q.db"),
            "webhook",
            Duration::from_secs(30),
            5,
        )
        .unwrap(),
    );
    // Registered when the name was public; it now resolves to loopback (DNS rebinding).
    let webhook = Webhook::new(
        PartnerId::new(),
        "https://localhost/hook".into(),
        vec![EventType::AnalysisCompleted],
        None,
        shared::webhooks::signature::new_secret(),
        Utc::now(),
    );
    store.create_webhook(&webhook, 10).await.unwrap();
    let deliverer = Deliverer::new(
        store.store.clone(),
        queue,
        Settings::production(UrlPolicy::STRICT),
    )
    .unwrap();
    let event = Event::test(webhook.id, Utc::now());
    let delivery = Delivery::first(webhook.partner_id, webhook.id, event, Utc::now());
    let outcome = deliverer
        .process(&serde_json::to_string(&delivery).unwrap())
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::Attempted(AttemptOutcome::Retrying));
    let stored = store
        .get_webhook(webhook.partner_id, webhook.id)
        .await
        .unwrap()
        .unwrap();
    let error = stored.recent_attempts[0].error.clone().unwrap();
    assert!(error.contains("non-public address"), "{error}");
}

#[tokio::test]
async fn a_delivery_pending_before_a_restart_happens_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("partnerb2b.db");
    let receiver = Receiver::start().await;
    let (token, webhook) = {
        let app = TestApp::spawn_at(&path).await;
        let token = app.access_token().await;
        let webhook = subscribe(&app, &token, &receiver).await;
        app.stop().await;
        (token, webhook)
    };
    // Queued while no server runs: written to the data file as the webhooks function would.
    let app = partnerb2b::services::Services::embedded(
        &path,
        shared::webhooks::url_policy::UrlPolicy::DEVELOPMENT,
    )
    .unwrap();
    let request = lambda_http::http::Request::builder()
        .method("POST")
        .uri(format!("/api/v1/webhooks/{webhook}/test/"))
        .header("authorization", format!("Bearer {token}"))
        .body(lambda_http::Body::Empty)
        .unwrap();
    assert_eq!(webhooks::handle(&app.webhooks, request).await.status(), 202);
    assert!(receiver.received().is_empty());

    let _restarted = TestApp::spawn_at(&path).await;
    let received = receiver.wait_for(1, WAIT).await;
    assert_eq!(received.len(), 1, "delivered after the restart");
    assert!(received[0].verified);
}
