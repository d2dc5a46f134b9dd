//! The spec's "Authentification" section, black-box over HTTP against the local server.

use chrono::{DateTime, Utc};
use partnerb2b_tests::app::TestApp;
use serde_json::json;
use shared::domain::api_key::ApiKey;
use shared::domain::model::PartnerStatus;

fn parse_time(value: &serde_json::Value) -> DateTime<Utc> {
    let text = value.as_str().expect("timestamp string");
    assert!(text.ends_with('Z'), "{text}");
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

async fn token_then_refresh(app: &TestApp) {
    let partner = app.create_partner("Banque Populaire Test").await;

    let response = app.token(&partner.api_key).await;
    response.assert_status(200);
    let data = &response.body["data"];
    assert_eq!(data["token_type"], "Bearer");
    assert_eq!(data["expires_in"], 3600);
    let now = Utc::now();
    let access_expire = parse_time(&data["access_expire"]);
    let refresh_expire = parse_time(&data["refresh_expire"]);
    assert!((access_expire - now).num_seconds().abs_diff(3600) <= 5);
    assert!((refresh_expire - now).num_seconds().abs_diff(7 * 24 * 3600) <= 5);
    let request_id = response.body["meta"]["request_id"].as_str().unwrap();
    assert_eq!(response.header("x-request-id"), Some(request_id));
    parse_time(&response.body["meta"]["timestamp"]);
    let access = data["access"].as_str().unwrap();
    assert_eq!(
        shared::edge::serve::authenticate(&app.services.profiles.tokens, &bearer(access)).unwrap(),
        partner.partner_id
    );

    let refresh = data["refresh"].as_str().unwrap();
    let response = app.refresh(refresh).await;
    response.assert_status(200);
    let data = &response.body["data"];
    assert_eq!(data["token_type"], "Bearer");
    assert_eq!(data["expires_in"], 3600);
    assert!(data.get("refresh").is_none());
    parse_time(&data["access_expire"]);
    let new_access = data["access"].as_str().unwrap();
    assert_ne!(new_access, access);
    assert_eq!(
        shared::edge::serve::authenticate(&app.services.profiles.tokens, &bearer(new_access))
            .unwrap(),
        partner.partner_id
    );
}

fn bearer(token: &str) -> lambda_http::Request {
    lambda_http::http::Request::builder()
        .header("authorization", format!("Bearer {token}"))
        .body(lambda_http::Body::Empty)
        .unwrap()
}

#[tokio::test]
async fn api_key_buys_tokens_and_refresh_buys_access_on_the_embedded_store() {
    token_then_refresh(&TestApp::spawn().await).await;
}

#[tokio::test]
async fn api_key_buys_tokens_and_refresh_buys_access_on_dynamodb() {
    token_then_refresh(&TestApp::spawn_dynamodb().await).await;
}

#[tokio::test]
async fn spec_spellings_and_paths_without_trailing_slash_are_accepted() {
    let app = TestApp::spawn().await;
    let partner = app.create_partner("P").await;
    let response = app
        .post_json("/api/v1/auth/token", &json!({ "api_key": partner.api_key }))
        .await;
    response.assert_status(200);
    let refresh = response.body["data"]["refresh"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = app
        .post_json("/api/v1/auth/token/refresh", &json!({ "refresg": refresh }))
        .await;
    response.assert_status(200);
}

#[tokio::test]
async fn bad_token_requests_get_their_documented_error() {
    let app = TestApp::spawn().await;
    let partner = app.create_partner("P").await;
    let revoked = app.create_partner("Revoked").await;
    app.services
        .store
        .revoke_api_key(&revoked.key_id)
        .await
        .unwrap();
    let suspended = app.create_partner("Suspended").await;
    app.services
        .store
        .set_partner_status(suspended.partner_id, PartnerStatus::Suspended)
        .await
        .unwrap();
    let mut bad_checksum = partner.api_key.clone();
    let last = bad_checksum.pop().unwrap();
    bad_checksum.push(if last == 'a' { 'b' } else { 'a' });
    let unknown = ApiKey::generate().expose().to_owned();
    let big = format!(r#"{{"apiKey":"{}"}}"#, "x".repeat(70 * 1024));

    let cases: Vec<(Option<&str>, String, u16, &str, &str)> = vec![
        (
            Some("application/json"),
            String::new(),
            400,
            "invalid_json",
            "empty body",
        ),
        (
            Some("application/json"),
            "apiKey=pb2b_x".into(),
            400,
            "invalid_json",
            "not JSON",
        ),
        (
            Some("text/plain"),
            json!({"apiKey": partner.api_key}).to_string(),
            415,
            "unsupported_media_type",
            "wrong content type",
        ),
        (
            None,
            json!({"apiKey": partner.api_key}).to_string(),
            415,
            "unsupported_media_type",
            "no content type",
        ),
        (
            Some("application/json"),
            big,
            413,
            "payload_too_large",
            "body over 64 KiB",
        ),
        (
            Some("application/json"),
            json!({"apiKey": partner.api_key, "scope": "admin"}).to_string(),
            422,
            "validation_error",
            "unknown field",
        ),
        (
            Some("application/json"),
            json!({"apiKey": 12345}).to_string(),
            422,
            "validation_error",
            "apiKey not a string",
        ),
        (
            Some("application/json"),
            json!({"apiKey": unknown}).to_string(),
            401,
            "invalid_api_key",
            "unknown key",
        ),
        (
            Some("application/json"),
            json!({"apiKey": bad_checksum}).to_string(),
            401,
            "invalid_api_key",
            "bad checksum",
        ),
        (
            Some("application/json"),
            json!({"apiKey": revoked.api_key}).to_string(),
            401,
            "invalid_api_key",
            "revoked key",
        ),
        (
            Some("application/json"),
            json!({"apiKey": suspended.api_key}).to_string(),
            401,
            "invalid_api_key",
            "suspended partner",
        ),
    ];
    for (content_type, body, status, code, why) in cases {
        let response = app
            .post_raw("/api/v1/auth/token/", content_type, body.into_bytes())
            .await;
        assert_eq!(response.status, status, "{why}: {:?}", response.body);
        assert_eq!(response.error_code(), code, "{why}");
        assert!(response.header("x-request-id").is_some(), "{why}");
        let text = response.body.to_string();
        for secret in [
            &partner.api_key,
            &revoked.api_key,
            &suspended.api_key,
            &unknown,
        ] {
            assert!(!text.contains(secret.as_str()), "{why}: the key is echoed");
        }
        if status == 401 {
            assert_eq!(response.header("www-authenticate"), Some("Bearer"), "{why}");
        }
    }
    assert_eq!(
        app.services.store.list_partners().await.unwrap().len(),
        3,
        "nothing stored by bad requests"
    );
}

#[tokio::test]
async fn bad_refresh_requests_get_their_documented_error() {
    let app = TestApp::spawn().await;
    let partner = app.create_partner("P").await;
    let tokens = app.token(&partner.api_key).await.body["data"].clone();
    let access = tokens["access"].as_str().unwrap().to_owned();
    let other_server = TestApp::spawn().await;
    let other = other_server.create_partner("Other").await;
    let foreign = other_server.token(&other.api_key).await.body["data"]["refresh"]
        .as_str()
        .unwrap()
        .to_owned();
    let expired = app.expired_refresh_token(&partner);

    let cases = [
        (
            json!({ "refresh": expired }),
            401,
            "token_expired",
            "expired refresh token",
        ),
        (
            json!({ "refresh": "not.a.jwt" }),
            401,
            "invalid_refresh_token",
            "malformed",
        ),
        (
            json!({ "refresh": foreign }),
            401,
            "invalid_refresh_token",
            "signed with another key",
        ),
        (
            json!({ "refresh": access }),
            401,
            "invalid_refresh_token",
            "an access token at the refresh endpoint",
        ),
        (
            json!({ "refresh": 42 }),
            422,
            "validation_error",
            "not a string",
        ),
        (
            json!({ "refresh": "x", "extra": 1 }),
            422,
            "validation_error",
            "unknown field",
        ),
        (json!({}), 422, "validation_error", "missing field"),
    ];
    for (body, status, code, why) in cases {
        let response = app.post_json("/api/v1/auth/token/refresh/", &body).await;
        assert_eq!(response.status, status, "{why}: {:?}", response.body);
        assert_eq!(response.error_code(), code, "{why}");
    }
}

#[tokio::test]
async fn revocation_and_suspension_also_stop_refresh() {
    let app = TestApp::spawn().await;
    let partner = app.create_partner("P").await;
    let refresh = app.token(&partner.api_key).await.body["data"]["refresh"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(app.refresh(&refresh).await.status, 200);

    app.services
        .store
        .set_partner_status(partner.partner_id, PartnerStatus::Suspended)
        .await
        .unwrap();
    let response = app.refresh(&refresh).await;
    response.assert_error(401, "invalid_refresh_token");

    app.services
        .store
        .set_partner_status(partner.partner_id, PartnerStatus::Active)
        .await
        .unwrap();
    assert_eq!(app.refresh(&refresh).await.status, 200);

    app.services
        .store
        .revoke_api_key(&partner.key_id)
        .await
        .unwrap();
    let response = app.refresh(&refresh).await;
    response.assert_error(401, "invalid_refresh_token");
}

#[tokio::test]
async fn wrong_methods_and_unknown_paths() {
    let app = TestApp::spawn().await;
    let response = app
        .request(reqwest::Method::GET, "/api/v1/auth/token/", None)
        .await;
    response.assert_error(405, "method_not_allowed");
    assert_eq!(response.header("allow"), Some("POST"));
    let response = app
        .request(reqwest::Method::GET, "/api/v1/nothing-here/", None)
        .await;
    response.assert_error(404, "not_found");
    let response = app.request(reqwest::Method::GET, "/", None).await;
    response.assert_error(404, "not_found");
}
