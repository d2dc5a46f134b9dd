//! `cargo bench -p profiles`: validating a complete profile against the catalogue, and
//! the create and get handlers in-process on the embedded store.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Arc;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use lambda_http::{Body, Request, http};
use serde_json::value::RawValue;
use shared::api_key::ApiKey;
use shared::app::App;
use shared::attributes::{Attributes, today};
use shared::jwt::{TokenService, TokenType};
use shared::model::PartnerId;
use shared::signing_keys::SigningKeys;
use shared::store::embedded::EmbeddedStore;

const PROFILE: &str = include_str!("../../../tests/fixtures/complete-profile.json");

fn request(method: &str, path: &str, token: &str, body: Option<&str>) -> Request {
    let builder = http::Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json");
    builder
        .body(body.map_or(Body::Empty, |body| Body::Text(body.to_owned())))
        .unwrap()
}

fn profiles(c: &mut Criterion) {
    let body: serde_json::Value = serde_json::from_str(PROFILE).unwrap();
    let attributes: BTreeMap<String, Box<RawValue>> =
        serde_json::from_str(&body["attributes"].to_string()).unwrap();
    let today = today();
    c.bench_function("validate/complete_profile", |b| {
        b.iter(|| Attributes::parse(black_box(&attributes), today).unwrap())
    });

    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(&dir.path().join("bench.db")).unwrap();
    let tokens = TokenService::new(&SigningKeys::generate(), "partnerb2b", "partnerb2b-api");
    let token = tokens
        .issue(
            TokenType::Access,
            PartnerId::new(),
            &ApiKey::generate().id(),
            Utc::now(),
        )
        .unwrap()
        .token;
    let app = App::new(Arc::new(store), tokens);
    let create = |body: &str| request("POST", "/api/v1/profiles/", &token, Some(body));
    let without_reference = serde_json::json!({ "attributes": body["attributes"] }).to_string();

    c.bench_function("handler/create_profile", |b| {
        b.iter(|| {
            let response = runtime.block_on(profiles::handle(&app, create(&without_reference)));
            assert_eq!(response.status(), 201);
        })
    });

    let created = runtime.block_on(profiles::handle(&app, create(r#"{"attributes":{}}"#)));
    let Body::Text(text) = created.body() else {
        panic!("no body")
    };
    let id = serde_json::from_str::<serde_json::Value>(text).unwrap()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/profiles/{id}/");
    c.bench_function("handler/get_profile", |b| {
        b.iter(|| {
            let response =
                runtime.block_on(profiles::handle(&app, request("GET", &path, &token, None)));
            assert_eq!(response.status(), 200);
        })
    });
}

criterion_group!(benches, profiles);
criterion_main!(benches);
