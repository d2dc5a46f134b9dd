//! Every file in `events/` run through its function's handler, as `sam local invoke`
//! would deliver it. The events' key and refresh token belong to the fixture partner in
//! `tests/fixtures/events-partner.json`, signed with `tests/fixtures/token-keys.json`.

use std::sync::Arc;

use lambda_http::{Body, Request, Response};
use partnerb2b::services::Services;
use partnerb2b_tests::event_fixture::{self, EventFixture, event_fixture};
use partnerb2b_tests::fixtures::{read, workspace_root};
use partnerb2b_tests::in_process::services;
use serde_json::Value;
use shared::domain::model::AnalysisStatus;
use shared::queue::Queue;
use shared::queue::embedded::EmbeddedQueue;
use shared::store::embedded::EmbeddedStore;

fn fixture() -> EventFixture {
    event_fixture()
}

async fn app_with_event_partner() -> (Services, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(&dir.path().join("db")).unwrap();
    let (app, _queues) = services(Arc::new(store));
    event_fixture::plant_partner(app.store.as_ref()).await;
    (app, dir)
}

fn event(name: &str) -> Request {
    lambda_http::request::from_str(&read(&format!("events/{name}")))
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn json(response: &Response<Body>) -> Value {
    match response.body() {
        Body::Text(text) => serde_json::from_str(text).unwrap(),
        other => panic!("unexpected body {other:?}"),
    }
}

/// Each event file and the function that handles it; a new file fails this test until
/// it is listed.
const EVENTS: &[(&str, &str)] = &[
    ("auth-token.json", "auth"),
    ("auth-refresh.json", "auth"),
    ("auth-revoke.json", "auth"),
    ("auth-keys.json", "auth"),
    ("attributes-list.json", "attributes"),
    ("profiles-create.json", "profiles"),
    ("profiles-list.json", "profiles"),
    ("profiles-get.json", "profiles"),
    ("profiles-patch.json", "profiles"),
    ("profiles-delete.json", "profiles"),
    ("profiles-submit.json", "profiles"),
    ("profiles-bank-statements-upload.json", "profiles"),
    ("profiles-bank-insights.json", "profiles"),
    ("analyses-request.json", "analyses"),
    ("analyses-list.json", "analyses"),
    ("analyses-get.json", "analyses"),
    ("analyses-explanation.json", "analyses"),
    ("analyses-review.json", "analyses"),
    ("analyses-record.json", "analyses"),
    ("analysis-worker-sqs.json", "analysis-worker"),
    ("webhooks-create.json", "webhooks"),
    ("webhooks-list.json", "webhooks"),
    ("webhooks-get.json", "webhooks"),
    ("webhooks-delete.json", "webhooks"),
    ("webhooks-test.json", "webhooks"),
    ("webhooks-deliveries.json", "webhooks"),
    ("webhooks-retry.json", "webhooks"),
    ("webhooks-enable.json", "webhooks"),
    ("webhooks-rotate-secret.json", "webhooks"),
    ("events-list.json", "webhooks"),
    ("webhook-worker-sqs.json", "webhook-worker"),
    ("analysis-sweeper-schedule.json", "analysis-sweeper"),
];

/// The app with the fixture partner and its fixture profile (complete, version 1).
async fn app_with_event_profile() -> (Services, tempfile::TempDir) {
    let (app, dir) = app_with_event_partner().await;
    event_fixture::plant_profile(app.store.as_ref()).await;
    (app, dir)
}

async fn run(name: &str) -> (u16, Value) {
    let (status, body, _) = run_in_app(name).await;
    (status, body)
}

/// [`run`], and the app it ran in, for a look at what it left.
async fn run_in_app(name: &str) -> (u16, Value, (Services, tempfile::TempDir)) {
    let (app, dir) = app_with_event_profile().await;
    let function = EVENTS
        .iter()
        .find(|(file, _)| *file == name)
        .map(|(_, function)| *function);
    let request = event(name);
    let response = match function {
        Some("auth") => auth::handle(&app.auth, request).await,
        Some("attributes") => attributes::handle(&app.attributes, request).await,
        Some("profiles") => profiles::handle(&app.profiles, request).await,
        Some("webhooks") => {
            event_fixture::plant_webhook(app.store.as_ref(), "http://127.0.0.1:9/hook").await;
            match name {
                "webhooks-retry.json" | "webhooks-deliveries.json" => {
                    event_fixture::plant_delivery(app.store.as_ref(), false).await
                }
                "webhooks-enable.json" => {
                    event_fixture::plant_delivery(app.store.as_ref(), true).await
                }
                _ => {}
            }
            webhooks::handle(&app.webhooks, request).await
        }
        Some("analyses") => {
            let planted = event_fixture::submit_and_plant_analysis(app.store.as_ref()).await;
            if [
                "analyses-explanation.json",
                "analyses-review.json",
                "analyses-record.json",
            ]
            .contains(&name)
            {
                complete(&app, &planted).await;
            }
            analyses::handle(&app.analyses, request).await
        }
        other => panic!("no handler for {name}: {other:?}"),
    };
    let body = match response.body() {
        Body::Empty => Value::Null,
        _ => json(&response),
    };
    (response.status().as_u16(), body, (app, dir))
}

#[tokio::test]
async fn attributes_list_event_lists_the_catalogue() {
    let (status, body) = run("attributes-list.json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"].as_array().unwrap().len(),
        shared::domain::catalogue::ATTRIBUTES.len()
    );
    assert_eq!(
        body["meta"]["catalogue_version"],
        shared::domain::catalogue::CATALOGUE_VERSION
    );
}

#[tokio::test]
async fn profiles_create_event_creates_a_complete_draft() {
    let (status, body) = run("profiles-create.json").await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["data"]["reference"], "dossier-2026-0042");
    assert_eq!(body["data"]["missing_attributes"], serde_json::json!([]));
}

#[tokio::test]
async fn profiles_list_event_lists_drafts() {
    let (status, body) = run("profiles-list.json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"][0]["id"], fixture().profile_id.to_string());
    assert!(body["meta"]["next_cursor"].is_null());
}

#[tokio::test]
async fn profiles_get_event_reads_the_profile() {
    let (status, body) = run("profiles-get.json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["version"], 1);
}

#[tokio::test]
async fn profiles_patch_event_merges_and_bumps_the_version() {
    let (status, body) = run("profiles-patch.json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["version"], 2);
    assert_eq!(body["data"]["attributes"]["savings"], 30000.0);
    assert!(body["data"]["attributes"].get("marital_status").is_none());
}

#[tokio::test]
async fn profiles_delete_event_erases_the_profile() {
    let (status, body) = run("profiles-delete.json").await;
    assert_eq!(status, 204, "{body}");
}

#[tokio::test]
async fn profiles_submit_event_submits_the_profile() {
    let (status, body) = run("profiles-submit.json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["status"], "submitted");
    assert_eq!(body["data"]["submitted_version"], 1);
}

#[tokio::test]
async fn profiles_bank_statement_events_attach_a_statement_and_read_its_insights() {
    let (app, _dir) = app_with_event_profile().await;
    let upload =
        profiles::handle(&app.profiles, event("profiles-bank-statements-upload.json")).await;
    assert_eq!(upload.status(), 201, "{:?}", upload.body());
    assert_eq!(json(&upload)["data"]["transaction_count"], 3);
    let insights = profiles::handle(&app.profiles, event("profiles-bank-insights.json")).await;
    assert_eq!(insights.status(), 200, "{:?}", insights.body());
    assert_eq!(json(&insights)["data"]["charges"]["lenders"][0], "COFIDIS");
}

#[test]
fn every_event_file_is_exercised() {
    let mut on_disk: Vec<String> = std::fs::read_dir(workspace_root().join("events"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = EVENTS.iter().map(|(name, _)| (*name).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[tokio::test]
async fn auth_token_event_buys_tokens() {
    let (app, _dir) = app_with_event_partner().await;
    let response = auth::handle(&app.auth, event("auth-token.json")).await;
    assert_eq!(response.status(), 200, "{:?}", response.body());
    let body = json(&response);
    assert_eq!(body["data"]["token_type"], "Bearer");
    assert!(body["data"]["refresh"].is_string());
}

#[tokio::test]
async fn auth_refresh_event_buys_an_access_token() {
    let (app, _dir) = app_with_event_partner().await;
    let response = auth::handle(&app.auth, event("auth-refresh.json")).await;
    assert_eq!(response.status(), 200, "{:?}", response.body());
    let access = json(&response)["data"]["access"]
        .as_str()
        .unwrap()
        .to_owned();
    let partner = shared::edge::serve::authenticate(
        &app.profiles.tokens,
        &lambda_http::http::Request::builder()
            .header("authorization", format!("Bearer {access}"))
            .body(Body::Empty)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(partner.to_string(), "0193a3c2-7a1e-7cc0-8d5e-3f2b1c9a4e10");
}

#[tokio::test]
async fn auth_revoke_event_revokes_the_refresh_token_of_the_refresh_event() {
    let (app, _dir) = app_with_event_partner().await;
    let response = auth::handle(&app.auth, event("auth-revoke.json")).await;
    assert_eq!(response.status(), 200, "{:?}", response.body());
    let refused = auth::handle(&app.auth, event("auth-refresh.json")).await;
    assert_eq!(refused.status(), 401, "{:?}", refused.body());
    assert_eq!(json(&refused)["error"]["code"], "invalid_refresh_token");
}

#[tokio::test]
async fn auth_keys_event_publishes_the_public_keys_that_verify_the_event_tokens() {
    let (app, _dir) = app_with_event_partner().await;
    let response = auth::handle(&app.auth, event("auth-keys.json")).await;
    assert_eq!(response.status(), 200, "{:?}", response.body());
    let jwks = json(&response);
    assert_eq!(jwks["keys"][0]["kid"], "events", "the bare JWKS: {jwks}");
    assert!(jwks.get("data").is_none(), "outside the envelope");
    let Body::Text(text) = response.body() else {
        panic!("a JSON body");
    };
    let verifier = shared::jwt::TokenVerifier::from_jwks_json(
        text,
        shared::config::DEFAULT_ISSUER,
        shared::config::DEFAULT_AUDIENCE,
    )
    .expect("a JWKS the functions accept");
    let token = event("attributes-list.json").headers()["authorization"]
        .to_str()
        .unwrap()
        .trim_start_matches("Bearer ")
        .to_owned();
    assert!(
        verifier
            .verify(&token, shared::jwt::TokenType::Access)
            .is_ok()
    );
}

#[tokio::test]
async fn analyses_request_event_queues_an_analysis() {
    let (status, body) = run("analyses-request.json").await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["data"]["status"], "pending");
    assert_eq!(body["data"]["profile_version"], 1);
}

/// As the local server wires it (the store queuing analyses on the analysis queue of
/// its own file), the request's message is written with the analysis, and the handler
/// sends no second one.
#[tokio::test]
async fn analyses_request_event_on_one_data_file_queues_one_message_with_the_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = EmbeddedStore::open(&path)
        .unwrap()
        .queuing_analyses_on(partnerb2b::services::ANALYSIS_QUEUE)
        .unwrap();
    let queue = |name| {
        Arc::new(EmbeddedQueue::open(&path, name, std::time::Duration::from_secs(30), 5).unwrap())
    };
    let analysis_queue = queue(partnerb2b::services::ANALYSIS_QUEUE);
    let keys = partnerb2b::services::Keys {
        tokens: &partnerb2b_tests::fixtures::event_token_keys(),
        records: partnerb2b::services::RecordKeys::of(
            &partnerb2b_tests::fixtures::event_record_keys(),
        ),
        audience: &shared::config::TokenAudience::default(),
    };
    let queues = partnerb2b::services::Queues {
        analysis: analysis_queue.clone(),
        webhook: queue("webhook"),
    };
    let app = Services::new(
        Arc::new(store),
        keys,
        || {
            shared::edge::cursor::Cursors::new(
                &shared::edge::cursor::CursorKey::from_secret(
                    &shared::edge::cursor::CursorKey::generate_secret(),
                )
                .unwrap(),
            )
        },
        queues,
        shared::webhooks::url_policy::UrlPolicy::DEVELOPMENT,
    )
    .unwrap();
    event_fixture::plant_partner(app.store.as_ref()).await;
    event_fixture::plant_profile(app.store.as_ref()).await;
    let profile = app
        .store
        .get_profile(fixture().partner_id, fixture().profile_id)
        .await
        .unwrap()
        .unwrap();
    app.store
        .submit_profile(&profile, chrono::Utc::now(), None)
        .await
        .unwrap();

    let response = analyses::handle(&app.analyses, event("analyses-request.json")).await;

    assert_eq!(response.status(), 202, "{:?}", response.body());
    let id = json(&response)["data"]["id"].as_str().unwrap().to_owned();
    let received = analysis_queue
        .receive(10, std::time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(received.len(), 1, "{received:?}");
    let message: Value = serde_json::from_str(&received[0].body).unwrap();
    assert_eq!(message["analysis_id"], id);
}

#[tokio::test]
async fn analyses_list_event_lists_the_profile_analyses() {
    let (status, body) = run("analyses-list.json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"][0]["id"], fixture().analysis_id.to_string());
}

#[tokio::test]
async fn analyses_get_event_reads_the_analysis() {
    let (status, body) = run("analyses-get.json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["status"], "pending");
}

/// Completes `analysis` as the worker would.
async fn complete(app: &Services, analysis: &shared::domain::model::Analysis) {
    let worker =
        analysis_worker::Worker::new(app.store.clone(), Arc::new(analysis_worker::NoEvents));
    let message = serde_json::to_string(&analysis.request()).unwrap();
    worker
        .process(&message)
        .await
        .expect("the analysis completes");
}

#[tokio::test]
async fn analyses_explanation_event_explains_the_decision_in_french() {
    let (status, body) = run("analyses-explanation.json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["language"], "fr");
    assert!(
        body["data"]["rights"][0]
            .as_str()
            .is_some_and(|right| right.contains("système automatisé")),
        "{body}"
    );
}

#[tokio::test]
async fn analyses_review_event_records_a_review_of_the_completed_analysis() {
    let (status, body) = run("analyses-review.json").await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        body["data"]["analysis_id"],
        fixture().analysis_id.to_string()
    );
    assert_eq!(body["data"]["decision"], "favorable");
    assert_eq!(body["data"]["reviewer"], "conseiller-0042");
}

#[tokio::test]
async fn analyses_record_event_gives_the_record_signed_with_a_key_of_the_jwks() {
    let (status, body, (app, _dir)) = run_in_app("analyses-record.json").await;
    assert_eq!(status, 200, "{body}");
    let mut record = body["data"].clone();
    assert_eq!(record["analysis_id"], fixture().analysis_id.to_string());
    assert_eq!(record["erased_at"], Value::Null);
    let signature = record
        .as_object_mut()
        .unwrap()
        .remove("signature")
        .expect("a signature");
    let jwks =
        shared::jwks::PublicKeySet::from_jwks_json(&serde_json::to_string(&app.auth.jwks).unwrap())
            .unwrap();
    let signed = shared::jws::verify_record(signature.as_str().unwrap(), &jwks)
        .expect("the served JWKS verifies the record");
    assert_eq!(signed, record, "the signature covers the record as served");
}

#[tokio::test]
async fn analysis_worker_event_completes_once_and_fails_only_the_malformed_record() {
    let (app, _dir) = app_with_event_profile().await;
    let planted = event_fixture::submit_and_plant_analysis(app.store.as_ref()).await;
    let event: aws_lambda_events::event::sqs::SqsEvent =
        serde_json::from_str(&read("events/analysis-worker-sqs.json")).unwrap();
    let worker =
        analysis_worker::Worker::new(app.store.clone(), Arc::new(analysis_worker::NoEvents));
    let response = analysis_worker::handle(&worker, event).await;
    let failed: Vec<&str> = response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_str())
        .collect();
    assert_eq!(
        failed,
        ["5f2b1c9a-0003-4c1e-9a55-3f1f0c2d4e77"],
        "only the malformed record is retried"
    );
    let analysis = app
        .store
        .get_analysis(planted.partner_id, planted.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(analysis.status, AnalysisStatus::Completed);
    let result = analysis.result.expect("a result");
    assert_eq!(result.model_version, scoring::MODEL_VERSION);
}

#[tokio::test]
async fn webhooks_create_event_registers_a_webhook_in_development_mode() {
    let (status, body) = run("webhooks-create.json").await;
    assert_eq!(status, 201, "{body}");
    assert!(
        body["data"]["secret"]
            .as_str()
            .unwrap()
            .starts_with("whsec_")
    );
}

#[tokio::test]
async fn webhooks_list_event_lists_them() {
    let (status, body) = run("webhooks-list.json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"][0]["id"], fixture().webhook_id.to_string());
}

#[tokio::test]
async fn webhooks_get_event_shows_the_webhook_without_its_secret() {
    let (status, body) = run("webhooks-get.json").await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"].get("secret").is_none());
}

#[tokio::test]
async fn webhooks_delete_event_deletes_it() {
    let (status, body) = run("webhooks-delete.json").await;
    assert_eq!(status, 204, "{body}");
}

#[tokio::test]
async fn webhooks_test_event_queues_a_test_delivery() {
    let (status, body) = run("webhooks-test.json").await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["data"]["event_type"], "webhook.test");
}

#[tokio::test]
async fn webhooks_deliveries_event_lists_the_failed_ones() {
    let (status, body) = run("webhooks-deliveries.json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"],
        serde_json::json!([]),
        "the planted one is pending"
    );
    assert!(body["meta"]["next_cursor"].is_null());
}

#[tokio::test]
async fn webhooks_retry_event_queues_the_delivery_again() {
    let (status, body) = run("webhooks-retry.json").await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["data"]["delivery_id"], event_fixture::RETRIED_DELIVERY);
}

#[tokio::test]
async fn webhooks_enable_event_turns_the_disabled_webhook_back_on() {
    let (status, body) = run("webhooks-enable.json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["enabled"], true);
    assert!(body["data"]["disabled_reason"].is_null());
}

#[tokio::test]
async fn webhooks_rotate_secret_event_shows_the_new_secret_once() {
    let (status, body) = run("webhooks-rotate-secret.json").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["data"]["secret"]
            .as_str()
            .unwrap()
            .starts_with("whsec_")
    );
    assert!(body["data"]["previous_secret_expires_at"].is_string());
}

#[tokio::test]
async fn events_list_event_reads_the_feed() {
    let (status, body) = run("events-list.json").await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"].is_array());
}

#[tokio::test]
async fn webhook_worker_event_delivers_signed_and_fails_only_the_malformed_record() {
    let (app, dir) = app_with_event_partner().await;
    let receiver = partnerb2b_tests::receiver::Receiver::start().await;
    receiver.set_secret(&event_fixture::plant_webhook(app.store.as_ref(), &receiver.url).await);
    let queue = std::sync::Arc::new(
        shared::queue::embedded::EmbeddedQueue::open(
            &dir.path().join("db"),
            "webhook",
            std::time::Duration::from_secs(30),
            5,
        )
        .unwrap(),
    );
    let deliverer = webhook_worker::Deliverer::new(
        app.store.clone(),
        queue,
        partnerb2b_tests::app::test_settings(),
    )
    .unwrap();
    let event: aws_lambda_events::event::sqs::SqsEvent =
        serde_json::from_str(&read("events/webhook-worker-sqs.json")).unwrap();
    let response = webhook_worker::handle(&deliverer, event).await;
    let failed: Vec<&str> = response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_str())
        .collect();
    assert_eq!(failed, ["7a3c2b1d-0002-4c1e-9a55-3f1f0c2d4e77"]);
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    assert!(received[0].verified);
    assert_eq!(received[0].id, "msg_3f1f0c2d4e775f2b1c9a0001");
    assert_eq!(received[0].body["data"]["reference"], "dossier-2026-0042");
}

#[tokio::test]
async fn analysis_sweeper_event_queues_the_lost_analysis_again_once() {
    let (app, _dir) = app_with_event_profile().await;
    let planted = event_fixture::submit_and_plant_analysis(app.store.as_ref()).await;
    let event: Value =
        serde_json::from_str(&read("events/analysis-sweeper-schedule.json")).unwrap();
    assert_eq!(event["detail-type"], "Scheduled Event");
    let sweeper = analysis_sweeper::Sweeper::new(app.store.clone(), app.analysis_queue.clone());

    let first = analysis_sweeper::handle(&sweeper).await.unwrap();
    let second = analysis_sweeper::handle(&sweeper).await.unwrap();

    assert_eq!((first.requeued, second.requeued), (1, 0));
    let received = app
        .analysis_queue
        .receive(10, std::time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(received.len(), 1, "{received:?}");
    let message: Value = serde_json::from_str(&received[0].body).unwrap();
    assert_eq!(message["analysis_id"], planted.id.to_string());
}
