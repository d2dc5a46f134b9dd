//! Token revocation (RFC 7009) over HTTP: a revoked refresh token is refused at refresh,
//! every well-formed request answers 200 whatever the token, and the operator's
//! `partnerb2b key revoke` stops the refresh tokens issued from that key.

use partnerb2b_tests::app::{TestApp, TestResponse};
use serde_json::{Value, json};

const REVOKE: &str = "/api/v1/auth/token/revoke/";

/// A partner's access and refresh tokens, fresh from its API key.
async fn tokens(app: &TestApp, name: &str) -> (String, String) {
    let partner = app.create_partner(name).await;
    let response = app.token(&partner.api_key).await;
    response.assert_status(200);
    let data = &response.body["data"];
    let text = |member: &str| data[member].as_str().unwrap().to_owned();
    (text("access"), text("refresh"))
}

async fn revoke(app: &TestApp, body: Value) -> TestResponse {
    app.post_json(REVOKE, &body).await
}

#[track_caller]
fn assert_revoked_answer(response: &TestResponse, why: &str) {
    assert_eq!(response.status, 200, "{why}: {:?}", response.body);
    assert_eq!(response.body["data"], json!({}), "{why}");
}

async fn revoked_refresh_token_is_refused_at_refresh(app: &TestApp) {
    let (_, refresh) = tokens(app, "P").await;
    let (_, kept) = tokens(app, "P").await;
    app.refresh(&refresh).await.assert_status(200);

    assert_revoked_answer(&revoke(app, json!({ "token": refresh })).await, "revoke");

    app.refresh(&refresh)
        .await
        .assert_error(401, "invalid_refresh_token");
    app.refresh(&kept).await.assert_status(200);
    assert_revoked_answer(
        &revoke(app, json!({ "token": refresh })).await,
        "revoking an already revoked token",
    );
}

#[tokio::test]
async fn a_revoked_refresh_token_is_refused_at_refresh_on_the_embedded_store() {
    revoked_refresh_token_is_refused_at_refresh(&TestApp::spawn().await).await;
}

#[tokio::test]
async fn a_revoked_refresh_token_is_refused_at_refresh_on_dynamodb() {
    revoked_refresh_token_is_refused_at_refresh(&TestApp::spawn_dynamodb().await).await;
}

#[tokio::test]
async fn revoking_what_is_not_a_live_refresh_token_answers_200_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let partner = app.create_partner("P").await;
    let (access, refresh) = tokens(&app, "Q").await;
    let expired = app.expired_refresh_token(&partner);
    let other_server = TestApp::spawn().await;
    let (_, foreign) = tokens(&other_server, "Elsewhere").await;

    let cases = [
        (json!({ "token": "not.a.jwt" }), "garbage"),
        (json!({ "token": "" }), "empty"),
        (json!({ "token": expired }), "an expired refresh token"),
        (json!({ "token": foreign }), "signed with another key"),
        (
            json!({ "token": access, "token_type_hint": "access_token" }),
            "an access token, hinted as one",
        ),
        (json!({ "token": access }), "an access token without a hint"),
        (
            json!({ "token": "x", "token_type_hint": "something_else" }),
            "an unknown hint",
        ),
        (
            json!({ "token": "x", "token_type_hint": null }),
            "no hint, spelt null",
        ),
    ];
    for (body, why) in cases {
        assert_revoked_answer(&revoke(&app, body).await, why);
    }

    app.refresh(&refresh).await.assert_status(200);
    other_server.refresh(&foreign).await.assert_status(200);
    app.request(reqwest::Method::GET, "/api/v1/profiles/", Some(&access))
        .await
        .assert_status(200);
}

#[tokio::test]
async fn a_refresh_token_hinted_as_an_access_token_is_revoked_all_the_same() {
    let app = TestApp::spawn().await;
    let (_, refresh) = tokens(&app, "P").await;

    let response = revoke(
        &app,
        json!({ "token": refresh, "token_type_hint": "access_token" }),
    )
    .await;

    assert_revoked_answer(&response, "revoke with the wrong hint");
    app.refresh(&refresh)
        .await
        .assert_error(401, "invalid_refresh_token");
}

#[tokio::test]
async fn one_partners_revocation_leaves_another_partners_tokens_alone() {
    let app = TestApp::spawn().await;
    let (_, mine) = tokens(&app, "Mine").await;
    let (_, theirs) = tokens(&app, "Theirs").await;

    assert_revoked_answer(&revoke(&app, json!({ "token": mine })).await, "revoke");

    app.refresh(&mine)
        .await
        .assert_error(401, "invalid_refresh_token");
    app.refresh(&theirs).await.assert_status(200);
}

#[tokio::test]
async fn malformed_revocation_requests_get_their_documented_error() {
    let app = TestApp::spawn().await;
    let cases = [
        (json!({}), "a missing token"),
        (json!({ "token": 42 }), "a token that is not a string"),
        (json!({ "token": "x", "extra": 1 }), "an unknown member"),
        (
            json!({ "token": "x", "token_type_hint": 1 }),
            "a hint that is not a string",
        ),
    ];
    for (body, why) in cases {
        let response = revoke(&app, body).await;
        assert_eq!(response.status, 422, "{why}: {:?}", response.body);
        assert_eq!(response.error_code(), "validation_error", "{why}");
    }
    let response = app
        .post_raw(
            REVOKE,
            Some("application/x-www-form-urlencoded"),
            b"token=x".to_vec(),
        )
        .await;
    response.assert_error(415, "unsupported_media_type");
}

#[tokio::test]
async fn the_operators_key_revoke_stops_the_refresh_tokens_of_that_key() {
    let app = TestApp::spawn().await;
    let partner = app.create_partner("P").await;
    let refresh = app.token(&partner.api_key).await.body["data"]["refresh"]
        .as_str()
        .unwrap()
        .to_owned();
    app.refresh(&refresh).await.assert_status(200);

    let output = app
        .operator(&["key", "revoke", &partner.key_id.to_string()])
        .await;

    assert!(output.status.success(), "{output:?}");
    app.refresh(&refresh)
        .await
        .assert_error(401, "invalid_refresh_token");
}
