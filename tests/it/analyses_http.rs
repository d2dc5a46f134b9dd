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

/// An unfavourable analysis (a loan far beyond the household's means).
async fn unfavourable_analysis(app: &TestApp, token: &str) -> serde_json::Value {
    let mut profile = partnerb2b_tests::fixtures::complete_profile();
    profile["reference"] = serde_json::Value::Null;
    profile["attributes"]["loan_amount"] = json!(900000);
    let created = app.create_profile(token, &profile).await;
    let id = created.body["data"]["id"].as_str().unwrap().to_owned();
    assert_eq!(app.submit_profile(token, &id).await.status, 200);
    let requested = app.request_analysis(token, &id).await;
    let analysis = requested.body["data"]["id"].as_str().unwrap().to_owned();
    let finished = app
        .finished_analysis(token, &analysis, Duration::from_secs(10))
        .await;
    assert_eq!(finished.body["data"]["status"], "completed");
    assert_eq!(finished.body["data"]["result"]["decision"], "unfavorable");
    finished.body["data"].clone()
}

#[tokio::test]
async fn the_explanation_gives_the_reasons_the_changes_and_the_rights_in_french() {
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let analysis = unfavourable_analysis(&app, &token).await;
    let id = analysis["id"].as_str().unwrap();

    let explained = app
        .get_explanation(&token, id, Some("fr-FR,fr;q=0.9,en;q=0.5"))
        .await;
    assert_eq!(explained.status, 200, "{:?}", explained.body);
    assert_eq!(explained.header("content-language"), Some("fr"));
    let data = &explained.body["data"];
    assert_eq!(data["language"], "fr");
    assert_eq!(data["decision"], "unfavorable");
    assert_eq!(data["final_decision"], "unfavorable");
    assert!(
        data["summary"]
            .as_str()
            .unwrap()
            .starts_with("Nous sommes au regret"),
        "{data}"
    );
    let rules = analysis["result"]["rules"].as_array().unwrap();
    let by_status = |status: &'static str| {
        rules
            .iter()
            .filter(move |rule| rule["status"] == status)
            .map(|rule| rule["code"].clone())
    };
    let expected: Vec<serde_json::Value> = by_status("fail")
        .chain(by_status("warn"))
        .take(scoring::MAX_REASONS)
        .collect();
    let reasons: Vec<serde_json::Value> = data["main_reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|reason| reason["code"].clone())
        .collect();
    assert_eq!(
        reasons, expected,
        "the failing rules, then the warning ones"
    );
    assert_eq!(reasons[0], "HCSF_EFFORT_RATE", "{data}");
    assert!(
        data["main_reasons"][0]["message"]
            .as_str()
            .unwrap()
            .contains("taux d'endettement"),
        "{data}"
    );
    assert_eq!(
        data["what_would_change"].as_array().unwrap().len(),
        analysis["result"]["counterfactuals"]
            .as_array()
            .unwrap()
            .len()
    );
    assert!(
        data["what_would_change"][0]
            .as_str()
            .unwrap()
            .contains("\u{a0}€"),
        "amounts written the French way: {data}"
    );
    let rights = data["rights"].as_array().unwrap();
    assert!(
        rights
            .iter()
            .any(|right| right.as_str().unwrap().contains("contester la décision")),
        "{data}"
    );

    let english = app.get_explanation(&token, id, None).await;
    assert_eq!(english.status, 200);
    assert_eq!(english.header("content-language"), Some("en"));
    assert_eq!(english.body["data"]["language"], "en");
    assert_eq!(
        english.body["data"]["main_reasons"]
            .as_array()
            .unwrap()
            .len(),
        reasons.len()
    );
}

#[tokio::test]
async fn another_partners_or_an_unknown_analysis_has_no_explanation() {
    let app = TestApp::spawn().await;
    let owner = app.access_token().await;
    let intruder = app.access_token().await;
    let analysis = unfavourable_analysis(&app, &owner).await;
    let id = analysis["id"].as_str().unwrap();
    for (token, id, what) in [
        (&intruder, id.to_owned(), "another partner's analysis"),
        (
            &owner,
            uuid::Uuid::now_v7().to_string(),
            "an unknown analysis",
        ),
        (&owner, "not-a-uuid".to_owned(), "not an id"),
    ] {
        let response = app.get_explanation(token, &id, Some("fr")).await;
        assert_eq!(
            (response.status, response.error_code()),
            (404, "not_found"),
            "{what}"
        );
    }
}

#[tokio::test]
async fn a_pending_analysis_has_no_explanation_yet() {
    // No worker runs here: the analysis stays pending.
    let dir = tempfile::tempdir().unwrap();
    let store = shared::store::embedded::EmbeddedStore::open(&dir.path().join("db")).unwrap();
    let (services, _queues) = partnerb2b_tests::in_process::services(std::sync::Arc::new(store));
    let partner = partnerb2b::operator::create_partner(services.store.as_ref(), "P")
        .await
        .unwrap();
    let token = partnerb2b_tests::fixtures::access_token(&services.auth.tokens, &partner);
    let call = |method: &str, path: String| {
        partnerb2b_tests::in_process::request(method, &path, &token, None)
    };
    let created = services
        .handle(partnerb2b_tests::in_process::request(
            "POST",
            "/api/v1/profiles/",
            &token,
            Some(&partnerb2b_tests::fixtures::complete_profile()),
        ))
        .await;
    let profile = partnerb2b_tests::in_process::data(&created)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    services
        .handle(call("POST", format!("/api/v1/profiles/{profile}/submit/")))
        .await;
    let requested = services
        .handle(call(
            "POST",
            format!("/api/v1/profiles/{profile}/analyses/"),
        ))
        .await;
    assert_eq!(requested.status(), 202);
    let analysis = partnerb2b_tests::in_process::data(&requested)["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let response = services
        .handle(call(
            "GET",
            format!("/api/v1/analyses/{analysis}/explanation/"),
        ))
        .await;
    assert_eq!(response.status(), 409);
    let lambda_http::Body::Text(text) = response.body() else {
        panic!("no body")
    };
    let body: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(body["error"]["code"], "analysis_not_completed", "{body}");
}
