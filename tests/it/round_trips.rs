//! DynamoDB round trips per request, counted on the wire against moto.

use std::sync::Arc;

use lambda_http::{Body, Request, http};
use partnerb2b::operator::create_partner;
use partnerb2b_tests::aws::counted_dynamo_store;
use partnerb2b_tests::fixtures::event_token_service;
use serde_json::{Value, json};
use shared::app::App;

fn post(path: &str, body: Value) -> Request {
    http::Request::builder()
        .method("POST")
        .uri(path)
        .header("content-type", "application/json")
        .body(Body::Text(body.to_string()))
        .unwrap()
}

fn data(response: &lambda_http::Response<Body>) -> Value {
    match response.body() {
        Body::Text(text) => serde_json::from_str::<Value>(text).unwrap()["data"].clone(),
        other => panic!("unexpected body {other:?}"),
    }
}

#[tokio::test]
async fn token_and_refresh_cost_one_round_trip_each() {
    let (store, round_trips) = counted_dynamo_store().await;
    let app = App::new(Arc::new(store), event_token_service());
    let partner = create_partner(app.store.as_ref(), "P").await.unwrap();

    round_trips.reset();
    let response = auth::handle(
        &app,
        post("/api/v1/auth/token/", json!({ "apiKey": partner.api_key })),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(round_trips.count(), 1, "token");

    round_trips.reset();
    let refresh = data(&response)["refresh"].as_str().unwrap().to_owned();
    let response = auth::handle(
        &app,
        post("/api/v1/auth/token/refresh/", json!({ "refresh": refresh })),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(round_trips.count(), 1, "refresh");

    round_trips.reset();
    let mistyped = format!("{}x", &partner.api_key[..partner.api_key.len() - 1]);
    let response = auth::handle(
        &app,
        post("/api/v1/auth/token/", json!({ "apiKey": mistyped })),
    )
    .await;
    assert_eq!(response.status(), 401);
    assert_eq!(
        round_trips.count(),
        0,
        "a mistyped key is refused without a read"
    );
}
