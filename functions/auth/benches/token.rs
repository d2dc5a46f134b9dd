//! `cargo bench -p auth --bench token`: the token and refresh handlers in-process on the
//! embedded store (request parsing, key lookup, two signatures, envelope).

use std::sync::Arc;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use lambda_http::{Body, Request, http};
use shared::api_key::ApiKey;
use shared::app::App;
use shared::jwt::TokenService;
use shared::model::{ApiKeyRecord, Partner};
use shared::signing_keys::SigningKeys;
use shared::store::embedded::EmbeddedStore;

fn post(path: &str, body: String) -> Request {
    http::Request::builder()
        .method("POST")
        .uri(path)
        .header("content-type", "application/json")
        .body(Body::Text(body))
        .unwrap()
}

fn token(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(&dir.path().join("bench.db")).unwrap();
    let app = App::new(
        Arc::new(store),
        TokenService::new(&SigningKeys::generate(), "partnerb2b", "partnerb2b-api"),
    );
    let partner = Partner::new("Bench", Utc::now());
    let key = ApiKey::generate();
    runtime
        .block_on(
            app.store
                .create_partner(&partner, &ApiKeyRecord::new(&key, partner.id, Utc::now())),
        )
        .unwrap();
    let body = format!(r#"{{"apiKey":"{}"}}"#, key.expose());

    c.bench_function("handler/token", |b| {
        b.iter(|| {
            let response = runtime.block_on(auth::handle(
                &app,
                post("/api/v1/auth/token/", body.clone()),
            ));
            assert_eq!(response.status(), 200);
        })
    });

    let response = runtime.block_on(auth::handle(
        &app,
        post("/api/v1/auth/token/", body.clone()),
    ));
    let Body::Text(text) = response.body() else {
        panic!("no body")
    };
    let refresh = serde_json::from_str::<serde_json::Value>(text).unwrap()["data"]["refresh"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = format!(r#"{{"refresh":"{refresh}"}}"#);
    c.bench_function("handler/refresh", |b| {
        b.iter(|| {
            let response = runtime.block_on(auth::handle(
                &app,
                post("/api/v1/auth/token/refresh/", body.clone()),
            ));
            assert_eq!(response.status(), 200);
        })
    });
}

criterion_group!(benches, token);
criterion_main!(benches);
