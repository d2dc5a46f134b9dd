//! The spec's analysis sections, black-box over HTTP: request, queue, worker, result.

use std::time::Duration;

use partnerb2b_tests::app::TestApp;
use reqwest::Method;
use serde_json::json;

async fn request_then_read_the_result(app: &TestApp) {
    let token = app.access_token().await;
    let draft = app
        .create_profile(&token, &json!({"attributes": {"dependents": 1}}))
        .await;
    let draft = draft.body["data"]["id"].as_str().unwrap().to_owned();
    let refused = app.request_analysis(&token, &draft).await;
    refused.assert_error(409, "profile_not_submitted");

    let profile = app.submitted_profile(&token).await;
    let accepted = app.request_analysis(&token, &profile).await;
    accepted.assert_status(202);
    let data = &accepted.body["data"];
    assert_eq!(data["status"], "pending");
    assert_eq!(data["profile_id"], profile);
    assert_eq!(data["profile_version"], 1);
    let id = data["id"].as_str().unwrap().to_owned();

    let finished = app
        .finished_analysis(&token, &id, Duration::from_secs(10))
        .await;
    let data = &finished.body["data"];
    assert_eq!(data["status"], "completed", "{:?}", finished.body);
    let result = &data["result"];
    assert!(result["score"].as_u64().unwrap() <= 1000);
    assert!(["A", "B", "C", "D", "E"].contains(&result["grade"].as_str().unwrap()));
    assert_eq!(result["model_version"], scoring::MODEL_VERSION);
    for metric in [
        "monthly_income",
        "monthly_loan_payment",
        "monthly_insurance",
        "effort_rate_before",
        "effort_rate_after",
        "residual_income",
        "residual_income_floor",
        "loan_to_value",
        "age_at_maturity",
        "max_monthly_payment",
        "max_loan_amount",
    ] {
        assert!(result["metrics"].get(metric).is_some(), "metric {metric}");
    }
    let codes: Vec<&str> = result["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    for code in [
        "HCSF_EFFORT_RATE",
        "HCSF_DURATION",
        "RESIDUAL_INCOME",
        "AGE_AT_MATURITY",
        "FICP",
        "EMPLOYMENT_STABILITY",
        "DOWN_PAYMENT",
    ] {
        assert!(codes.contains(&code), "rule {code}");
    }

    let listed = app
        .request(
            Method::GET,
            &format!("/api/v1/profiles/{profile}/analyses/"),
            Some(&token),
        )
        .await;
    listed.assert_status(200);
    assert_eq!(listed.body["data"][0]["id"], id);
    assert_eq!(listed.body["data"][0]["status"], "completed");
}

#[tokio::test]
async fn an_analysis_completes_on_the_embedded_store_and_queue() {
    request_then_read_the_result(&TestApp::spawn().await).await;
}

#[tokio::test]
async fn an_analysis_completes_through_dynamodb_and_sqs() {
    request_then_read_the_result(&TestApp::spawn_dynamodb().await).await;
}

#[tokio::test]
async fn an_idempotency_key_makes_one_analysis() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let profile = app.submitted_profile(&token).await;
    let path = format!("/api/v1/profiles/{profile}/analyses/");
    let post = || {
        app.send(
            app.with(Method::POST, &path)
                .bearer_auth(&token)
                .header("idempotency-key", "analyse-once"),
        )
    };
    let first = post().await;
    let second = post().await;
    assert_eq!((first.status, second.status), (202, 202));
    assert_eq!(first.body["data"]["id"], second.body["data"]["id"]);
    let listed = app.list_profile_analyses(&token, &profile, "").await;
    assert_eq!(
        listed.body["data"].as_array().unwrap().len(),
        1,
        "one analysis"
    );
}

#[tokio::test]
async fn another_partners_analyses_answer_404_and_nothing_is_queued() {
    let app = TestApp::spawn().await;
    let owner = app.access_token().await;
    let intruder = app.access_token().await;
    let profile = app.submitted_profile(&owner).await;
    let analysis = app.request_analysis(&owner, &profile).await.body["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    assert_eq!(app.request_analysis(&intruder, &profile).await.status, 404);
    assert_eq!(app.get_analysis(&intruder, &analysis).await.status, 404);
    let listed = app
        .request(
            Method::GET,
            &format!("/api/v1/profiles/{profile}/analyses/"),
            Some(&intruder),
        )
        .await;
    listed.assert_status(404);
    let mine = app
        .request(
            Method::GET,
            &format!("/api/v1/profiles/{profile}/analyses/"),
            Some(&owner),
        )
        .await;
    assert_eq!(
        mine.body["data"].as_array().unwrap().len(),
        1,
        "the intruder queued nothing"
    );
    assert_eq!(app.get_analysis(&owner, "not-a-uuid").await.status, 404);
}

#[tokio::test]
async fn deleting_a_profile_erases_its_analyses() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let profile = app.submitted_profile(&token).await;
    let analysis = app.request_analysis(&token, &profile).await.body["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.finished_analysis(&token, &analysis, Duration::from_secs(10))
        .await;
    assert_eq!(app.delete_profile(&token, &profile).await.status, 204);
    assert_eq!(app.get_analysis(&token, &analysis).await.status, 404);
}

#[tokio::test]
async fn an_analysis_queued_before_a_restart_completes_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("partnerb2b.db");
    // Before the restart: the request is accepted and queued, but no worker runs.
    let (token, analysis) = {
        let app = partnerb2b::services::Services::embedded(
            &path,
            shared::webhooks::url_policy::UrlPolicy::DEVELOPMENT,
        )
        .unwrap();
        let partner = partnerb2b::operator::create_partner(app.store.as_ref(), "P")
            .await
            .unwrap();
        let token = partnerb2b_tests::fixtures::access_token(&app.auth.tokens, &partner);
        let server = TestApp::spawn_at(&path).await;
        let profile = server.submitted_profile(&token).await;
        server.stop().await;
        let request = lambda_http::http::Request::builder()
            .method("POST")
            .uri(format!("/api/v1/profiles/{profile}/analyses/"))
            .header("authorization", format!("Bearer {token}"))
            .body(lambda_http::Body::Empty)
            .unwrap();
        let response = analyses::handle(&app.analyses, request).await;
        assert_eq!(response.status(), 202);
        let lambda_http::Body::Text(text) = response.body() else {
            panic!("no body")
        };
        let analysis = serde_json::from_str::<serde_json::Value>(text).unwrap()["data"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        (token, analysis)
    };
    let restarted = TestApp::spawn_at(&path).await;
    let finished = restarted
        .finished_analysis(&token, &analysis, Duration::from_secs(10))
        .await;
    assert_eq!(
        finished.body["data"]["status"], "completed",
        "{:?}",
        finished.body
    );
}

#[tokio::test]
async fn an_idempotency_key_queues_one_message() {
    // No workers run here, so whatever the two requests queue stays on the queue.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("partnerb2b.db");
    let (token, profile) = {
        let server = TestApp::spawn_at(&path).await;
        let token = server.access_token().await;
        let profile = server.submitted_profile(&token).await;
        server.stop().await;
        (token, profile)
    };
    let app = partnerb2b::services::Services::embedded(
        &path,
        shared::webhooks::url_policy::UrlPolicy::DEVELOPMENT,
    )
    .unwrap();
    let post = || {
        lambda_http::http::Request::builder()
            .method("POST")
            .uri(format!("/api/v1/profiles/{profile}/analyses/"))
            .header("authorization", format!("Bearer {token}"))
            .header("idempotency-key", "analyse-once")
            .body(lambda_http::Body::Empty)
            .unwrap()
    };
    assert_eq!(analyses::handle(&app.analyses, post()).await.status(), 202);
    assert_eq!(analyses::handle(&app.analyses, post()).await.status(), 202);
    let queued = app
        .analysis_queue
        .receive(10, Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(queued.len(), 1, "one message for one key");
    assert!(
        !queued[0].body.contains("monthly"),
        "ids only: {}",
        queued[0].body
    );
}
