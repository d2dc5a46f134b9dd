//! The OpenAPI description against the server it describes: the committed copy is the
//! generated one, it is served, every route the server answers is in it and nothing
//! else, and every response of a full run matches it.

use std::collections::BTreeSet;
use std::time::Duration;

use partnerb2b_tests::app::{TestApp, TestResponse};
use partnerb2b_tests::fixtures::{complete_profile, read, workspace_root};
use partnerb2b_tests::openapi::Description;
use partnerb2b_tests::receiver::Receiver;
use reqwest::Method;
use serde_json::{Value, json};

#[test]
fn the_committed_copy_is_the_generated_description() {
    let committed = read("docs/openapi.json");
    let generated = partnerb2b::openapi::to_json();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(workspace_root().join("docs/openapi.json"), &generated)
            .expect("write docs/openapi.json");
        return;
    }
    assert!(
        committed == generated,
        "docs/openapi.json is stale: run `cargo run -p partnerb2b -- openapi > docs/openapi.json`"
    );
}

#[test]
fn the_error_responses_list_the_whole_catalogue() {
    let description = Description::default();
    let listed: BTreeSet<String> = description.document()["components"]["schemas"]["Error"]
        ["properties"]["error"]["properties"]["code"]["x-extensible-enum"]
        .as_array()
        .expect("codes")
        .iter()
        .filter_map(|code| code.as_str().map(str::to_owned))
        .collect();
    let catalogue: BTreeSet<String> = shared::edge::error::ERROR_CODES
        .iter()
        .map(|entry| entry.code.to_owned())
        .collect();
    assert_eq!(listed, catalogue);
    let text = description.document()["info"]["description"]
        .as_str()
        .expect("description");
    for entry in shared::edge::error::ERROR_CODES {
        assert!(
            text.contains(&format!("| {} | `{}` |", entry.status, entry.code)),
            "{} is missing from the catalogue in info.description",
            entry.code
        );
    }
}

/// Each example is valid against its schema, and the example requests are accepted.
#[tokio::test]
async fn the_examples_hold() {
    let description = Description::default();
    let examples = description.examples();
    assert!(examples.len() >= 3, "{examples:?}");
    for (pointer, value) in &examples {
        let problems = description.problems(pointer, value);
        assert!(
            problems.is_empty(),
            "the example at {pointer}: {problems:?}"
        );
    }
    let app = TestApp::spawn().await;
    let token = app.access_token().await;
    let profile = &description.document()["paths"]["/api/v1/profiles/"]["post"]["requestBody"]["content"]
        ["application/json"]["examples"]["complete"]["value"];
    let created = app.create_profile(&token, profile).await;
    created.assert_status(201);
    assert_eq!(created.body["data"]["missing_attributes"], json!([]));
    let id = created.body["data"]["id"].as_str().expect("id");
    let submitted = app.submit_profile(&token, id).await;
    submitted.assert_status(200);
    let requested = app.request_analysis(&token, id).await;
    let analysis = requested.body["data"]["id"].as_str().expect("id");
    app.finished_analysis(&token, analysis, Duration::from_secs(10))
        .await;
    let review = &description.document()["paths"]["/api/v1/analyses/{analysis_id}/reviews/"]["post"]
        ["requestBody"]["content"]["application/json"]["examples"]["overturning"]["value"];
    app.create_review(&token, analysis, review, None)
        .await
        .assert_status(201);
}

#[tokio::test]
async fn the_local_server_serves_the_description_and_its_page() {
    let app = TestApp::spawn().await;
    let served = app.request(Method::GET, "/api/v1/openapi.json", None).await;
    served.assert_status(200);
    assert_eq!(served.header("content-type"), Some("application/json"));
    assert_eq!(served.body, partnerb2b::openapi::document());
    let refused = app
        .request(Method::POST, "/api/v1/openapi.json", None)
        .await;
    refused.assert_error(405, "method_not_allowed");

    let page = app
        .client
        .get(app.url("/docs/"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let html = page.text().await.expect("html");
    assert!(
        html.contains(r#"spec-url="/api/v1/openapi.json""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<script src="/docs/redoc.standalone.js">"#),
        "{html}"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no CDN: {html}"
    );

    let script = app
        .client
        .get(app.url("/docs/redoc.standalone.js"))
        .send()
        .await
        .expect("script");
    assert_eq!(script.status(), 200);
    assert_eq!(
        script.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    let script = script.bytes().await.expect("script body");
    assert_eq!(
        script.as_ref(),
        read("functions/cli/assets/redoc/redoc.standalone.js").as_bytes()
    );

    let moved = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(app.url("/docs"))
        .send()
        .await
        .expect("redirect");
    assert_eq!(moved.status(), 308);
    assert_eq!(moved.headers()["location"], "/docs/");
}

/// Every (path, method) of the description reaches a handler, and every other method on
/// those paths is 405 with an `Allow` that lists exactly the described methods, and HEAD
/// wherever GET is (RFC 9110 9.3.2: HEAD answers as GET without the body).
#[tokio::test]
async fn every_route_answered_is_described_and_no_other() {
    let app = TestApp::spawn().await;
    let description = Description::default();
    let methods = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ];
    for template in description.paths() {
        let path = concrete(&template);
        let mut described = description.methods(&template);
        if described.contains("GET") {
            described.insert("HEAD".to_owned());
        }
        for method in &methods {
            let response = app.request(method.clone(), &path, None).await;
            if described.contains(method.as_str()) {
                assert!(
                    ![404, 405].contains(&response.status),
                    "{method} {path} is described but answered {}",
                    response.status
                );
                let public = description.document()["paths"][&template]
                    [method.as_str().to_lowercase()]["security"]
                    == json!([]);
                if !public {
                    assert_eq!(response.status, 401, "{method} {path} without a token");
                }
            } else {
                assert_eq!(response.status, 405, "{method} {path} is not described");
                let allowed: BTreeSet<String> = response
                    .header("allow")
                    .unwrap_or_default()
                    .split(',')
                    .map(|method| method.trim().to_owned())
                    .collect();
                assert_eq!(allowed, described, "Allow of {path}");
            }
        }
    }
    for path in [
        "/api/v1/",
        "/api/v1/unknown/",
        "/api/v1/profiles/x/y/z/",
        "/api/v2/profiles/",
        "/docs/missing",
    ] {
        let response = app.request(Method::GET, path, None).await;
        assert_eq!(response.status, 404, "{path}");
        assert!(description.template(path).is_none(), "{path}");
    }
}

/// A full run through every operation, errors included, each response held to the
/// description.
#[tokio::test]
async fn every_response_of_a_full_run_matches_the_description() {
    let app = TestApp::spawn().await;
    let description = Description::default();
    let check = |method: &str, path: &str, response: &TestResponse| {
        description.check(method, path, response);
    };
    let api_key = app.create_partner("Described").await.api_key;

    let path = "/api/v1/auth/token/";
    let tokens = app.post_json(path, &json!({"apiKey": api_key})).await;
    check("POST", path, &tokens);
    check(
        "POST",
        path,
        &app.post_json(path, &json!({"apiKey": "pb2b_nope"})).await,
    );
    check("POST", path, &app.post_json(path, &json!({"key": 1})).await);
    check(
        "POST",
        path,
        &app.post_raw(path, Some("application/json"), b"{".to_vec())
            .await,
    );
    check(
        "POST",
        path,
        &app.post_raw(path, Some("text/plain"), b"x".to_vec()).await,
    );
    check(
        "POST",
        path,
        &app.post_raw(path, Some("application/json"), vec![b' '; 70_000])
            .await,
    );
    let token = tokens.body["data"]["access"]
        .as_str()
        .expect("access")
        .to_owned();
    let refresh = tokens.body["data"]["refresh"]
        .as_str()
        .expect("refresh")
        .to_owned();
    let path = "/api/v1/auth/token/refresh/";
    check(
        "POST",
        path,
        &app.post_json(path, &json!({"refresh": refresh})).await,
    );
    check(
        "POST",
        path,
        &app.post_json(path, &json!({"refresh": token})).await,
    );

    let get = |path: String, bearer: Option<String>| {
        let app = &app;
        async move { app.request(Method::GET, &path, bearer.as_deref()).await }
    };
    let path = "/api/v1/attributes/";
    check("GET", path, &get(path.into(), Some(token.clone())).await);
    check("GET", path, &get(path.into(), None).await);
    check("GET", path, &get(path.into(), Some("x.y.z".into())).await);
    check(
        "GET",
        "/api/v1/attributes/",
        &get("/api/v1/attributes/?x=1".into(), Some(token.clone())).await,
    );

    let path = "/api/v1/profiles/";
    let draft = app
        .create_profile(
            &token,
            &json!({"reference": "r-1", "attributes": {"dependents": 1}}),
        )
        .await;
    check("POST", path, &draft);
    check(
        "POST",
        path,
        &app.create_profile(&token, &json!({"reference": "r-1"}))
            .await,
    );
    check(
        "POST",
        path,
        &app.create_profile(
            &token,
            &json!({"attributes": {"loan_amount": -1, "nope": 1}}),
        )
        .await,
    );
    let complete = app.create_profile(&token, &complete_profile()).await;
    check("POST", path, &complete);
    let keyed = || {
        app.with(Method::POST, path)
            .bearer_auth(&token)
            .header("idempotency-key", "described-profile")
            .json(&json!({"attributes": {"dependents": 2}}))
    };
    check("POST", path, &app.send(keyed()).await);
    let replayed = app.send(keyed()).await;
    assert_eq!(replayed.header("idempotent-replayed"), Some("true"));
    check("POST", path, &replayed);
    let draft = draft.body["data"]["id"].as_str().expect("id").to_owned();
    let profile = complete.body["data"]["id"].as_str().expect("id").to_owned();
    check("GET", path, &app.list_profiles(&token, "limit=1").await);
    check("GET", path, &app.list_profiles(&token, "limit=0").await);
    check(
        "GET",
        path,
        &app.list_profiles(&token, "cursor=forged").await,
    );

    let draft_path = format!("/api/v1/profiles/{draft}/");
    check("GET", &draft_path, &app.get_profile(&token, &draft).await);
    check(
        "GET",
        &draft_path,
        &app.get_profile(&token, &uuid::Uuid::now_v7().to_string())
            .await,
    );
    check(
        "PATCH",
        &draft_path,
        &app.patch_profile(
            &token,
            &draft,
            &json!({"attributes": {"dependents": null, "savings": 1200.5}}),
        )
        .await,
    );
    let stale = app
        .send(
            app.with(Method::PATCH, &draft_path)
                .bearer_auth(&token)
                .header("if-match", "\"1\"")
                .json(&json!({})),
        )
        .await;
    check("PATCH", &draft_path, &stale);
    let malformed = app
        .send(
            app.with(Method::PATCH, &draft_path)
                .bearer_auth(&token)
                .header("if-match", "nope")
                .json(&json!({})),
        )
        .await;
    check("PATCH", &draft_path, &malformed);
    check(
        "PATCH",
        &draft_path,
        &app.patch_profile(&token, &draft, &json!({"reference": "dossier-2026-0042"}))
            .await,
    );
    let merge_patch = app
        .send(
            app.with(Method::PATCH, &draft_path)
                .bearer_auth(&token)
                .header("content-type", "application/merge-patch+json")
                .body(r#"{"attributes": {"savings": 1500}}"#),
        )
        .await;
    merge_patch.assert_status(200);
    check("PATCH", &draft_path, &merge_patch);
    let submit_path = format!("/api/v1/profiles/{draft}/submit/");
    check(
        "POST",
        &submit_path,
        &app.submit_profile(&token, &draft).await,
    );
    let analyses_path = format!("/api/v1/profiles/{draft}/analyses/");
    check(
        "POST",
        &analyses_path,
        &app.request_analysis(&token, &draft).await,
    );

    let submit_path = format!("/api/v1/profiles/{profile}/submit/");
    check(
        "POST",
        &submit_path,
        &app.submit_profile(&token, &profile).await,
    );
    let analyses_path = format!("/api/v1/profiles/{profile}/analyses/");
    let requested = app
        .send(
            app.with(Method::POST, &analyses_path)
                .bearer_auth(&token)
                .header("idempotency-key", "described-1"),
        )
        .await;
    check("POST", &analyses_path, &requested);
    let replayed = app
        .send(
            app.with(Method::POST, &analyses_path)
                .bearer_auth(&token)
                .header("idempotency-key", "described-1"),
        )
        .await;
    assert_eq!(replayed.header("idempotent-replayed"), Some("true"));
    check("POST", &analyses_path, &replayed);
    let reused = app
        .send(
            app.with(Method::POST, &analyses_path)
                .bearer_auth(&token)
                .header("idempotency-key", "described-1")
                .json(&json!({"x": 1})),
        )
        .await;
    check("POST", &analyses_path, &reused);
    let analysis = requested.body["data"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    // 409 while pending, 200 if the worker was quicker: both are described.
    check(
        "GET",
        &format!("/api/v1/analyses/{analysis}/explanation/"),
        &app.get_explanation(&token, &analysis, None).await,
    );
    let analysis_path = format!("/api/v1/analyses/{analysis}/");
    let finished = app
        .finished_analysis(&token, &analysis, Duration::from_secs(10))
        .await;
    assert_eq!(finished.body["data"]["status"], "completed");
    check("GET", &analysis_path, &finished);
    check(
        "GET",
        &analyses_path,
        &get(format!("{analyses_path}?limit=1"), Some(token.clone())).await,
    );

    let mut unfavourable = complete_profile();
    unfavourable["reference"] = Value::Null;
    unfavourable["attributes"]["loan_amount"] = json!(900000);
    let unfavourable = app.create_profile(&token, &unfavourable).await;
    let unfavourable = unfavourable.body["data"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.submit_profile(&token, &unfavourable).await;
    let requested = app.request_analysis(&token, &unfavourable).await;
    let id = requested.body["data"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let finished = app
        .finished_analysis(&token, &id, Duration::from_secs(10))
        .await;
    assert_eq!(finished.body["data"]["result"]["decision"], "unfavorable");
    assert!(
        !finished.body["data"]["result"]["counterfactuals"]
            .as_array()
            .expect("list")
            .is_empty()
    );
    check("GET", &format!("/api/v1/analyses/{id}/"), &finished);
    let explanation_path = format!("/api/v1/analyses/{id}/explanation/");
    let explained = app.get_explanation(&token, &id, Some("fr")).await;
    assert_eq!(explained.status, 200, "{:?}", explained.body);
    check("GET", &explanation_path, &explained);
    check(
        "GET",
        &explanation_path,
        &app.get_explanation(&token, &uuid::Uuid::now_v7().to_string(), None)
            .await,
    );

    let reviews_path = format!("/api/v1/analyses/{id}/reviews/");
    let review = json!({
        "reviewer": "agent-0042",
        "decision": "favorable",
        "justification": "Un apport complémentaire est attesté.",
        "consumer_statement": null
    });
    let recorded = app
        .create_review(&token, &id, &review, Some("review-described"))
        .await;
    recorded.assert_status(201);
    check("POST", &reviews_path, &recorded);
    let replayed = app
        .create_review(&token, &id, &review, Some("review-described"))
        .await;
    assert_eq!(replayed.header("idempotent-replayed"), Some("true"));
    check("POST", &reviews_path, &replayed);
    check(
        "POST",
        &reviews_path,
        &app.create_review(&token, &id, &json!({"reviewer": ""}), None)
            .await,
    );
    check(
        "POST",
        &format!("/api/v1/analyses/{}/reviews/", uuid::Uuid::now_v7()),
        &app.create_review(&token, &uuid::Uuid::now_v7().to_string(), &review, None)
            .await,
    );
    for _ in 1..shared::domain::review::MAX_REVIEWS {
        app.create_review(&token, &id, &review, None)
            .await
            .assert_status(201);
    }
    let refused = app.create_review(&token, &id, &review, None).await;
    refused.assert_error(409, "review_limit_reached");
    check("POST", &reviews_path, &refused);
    let reviewed = app.get_analysis(&token, &id).await;
    assert_eq!(reviewed.body["data"]["decided_by"], "human");
    check("GET", &format!("/api/v1/analyses/{id}/"), &reviewed);

    let receiver = Receiver::start().await;
    let path = "/api/v1/webhooks/";
    let created = app
        .create_webhook(
            &token,
            &json!({"url": receiver.url, "description": "described"}),
        )
        .await;
    check("POST", path, &created);
    check(
        "POST",
        path,
        &app.create_webhook(&token, &json!({"url": "ftp://example.com/"}))
            .await,
    );
    check("GET", path, &get(path.into(), Some(token.clone())).await);
    let webhook = created.body["data"]["id"].as_str().expect("id").to_owned();
    receiver.set_secret(created.body["data"]["secret"].as_str().expect("secret"));
    let test_path = format!("/api/v1/webhooks/{webhook}/test/");
    check(
        "POST",
        &test_path,
        &app.request(Method::POST, &test_path, Some(&token)).await,
    );
    receiver.wait_for(1, Duration::from_secs(10)).await;
    let webhook_path = format!("/api/v1/webhooks/{webhook}/");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let read = loop {
        let read = app.get_webhook(&token, &webhook).await;
        if read.body["data"]["recent_attempts"]
            .as_array()
            .is_some_and(|attempts| !attempts.is_empty())
            || tokio::time::Instant::now() >= deadline
        {
            break read;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(
        read.body["data"]["stats"]["delivered"], 1,
        "{:?}",
        read.body
    );
    check("GET", &webhook_path, &read);
    check(
        "DELETE",
        &webhook_path,
        &app.request(Method::DELETE, &webhook_path, Some(&token))
            .await,
    );
    check(
        "DELETE",
        &webhook_path,
        &app.request(Method::DELETE, &webhook_path, Some(&token))
            .await,
    );

    check(
        "DELETE",
        &draft_path,
        &app.delete_profile(&token, &draft).await,
    );
    check(
        "DELETE",
        &draft_path,
        &app.delete_profile(&token, &draft).await,
    );

    for template in description.paths() {
        let path = concrete(&template);
        check(
            "PUT",
            &path,
            &app.request(Method::PUT, &path, Some(&token)).await,
        );
    }
}

/// The error statuses a run cannot provoke, as this API renders them and as API Gateway
/// answers them on AWS, hold to the responses the operations share.
#[test]
fn the_errors_no_run_provokes_match_their_description() {
    use shared::edge::error::ApiError;

    let description = Description::default();
    let rendered = [
        ApiError::RateLimited {
            retry_after: Duration::from_secs(2),
        },
        ApiError::internal("a failure"),
        ApiError::ServiceUnavailable {
            retry_after: Duration::from_secs(1),
            source: "a dependency".into(),
        },
    ];
    for error in rendered {
        let response = shared::edge::envelope::error_response(
            &error,
            uuid::Uuid::now_v7(),
            scoring::Language::En,
        );
        let body = match response.body() {
            lambda_http::Body::Text(text) => serde_json::from_str(text).expect("JSON"),
            other => panic!("{other:?}"),
        };
        let response = TestResponse {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body,
        };
        let pointer = format!("/components/responses/Error{}", response.status);
        description.check_response(&pointer, error.code(), &response);
    }
    for (status, message) in [
        (429, "Too Many Requests"),
        (500, "Internal Server Error"),
        (503, "Service Unavailable"),
    ] {
        let response = TestResponse {
            status,
            headers: Default::default(),
            body: json!({ "message": message }),
        };
        let pointer = format!("/components/responses/Error{status}");
        description.check_response(&pointer, "API Gateway", &response);
    }
}

/// `{profile_id}` and the like, filled with fresh ids.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                uuid::Uuid::now_v7().to_string()
            } else {
                segment.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}
