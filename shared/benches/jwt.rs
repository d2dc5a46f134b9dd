//! `cargo bench -p shared --bench jwt`: issuing an access token (EdDSA, `TokenIssuer`) and
//! verifying it (`TokenVerifier` without its cache, and with the token in it), signing a
//! webhook delivery, checking and hashing an API key.

use std::hint::black_box;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use shared::domain::api_key::ApiKey;
use shared::domain::model::PartnerId;
use shared::jwt::{TokenIssuer, TokenType, TokenVerifier};
use shared::key_set::PrivateKeySet;

fn jwt(c: &mut Criterion) {
    let partner = PartnerId::new();
    let key = ApiKey::generate().id();
    let keys = PrivateKeySet::generate(Utc::now()).unwrap();
    let issuer = TokenIssuer::new(&keys, "partnerb2b", "partnerb2b-api");
    let jwks = keys.jwks_json();
    let token = issuer
        .issue(TokenType::Access, partner, &key, Utc::now())
        .unwrap()
        .token;
    c.bench_function("jwt/eddsa_issue_access", |b| {
        b.iter(|| {
            issuer
                .issue(TokenType::Access, black_box(partner), &key, Utc::now())
                .unwrap()
        })
    });
    let cold = TokenVerifier::from_jwks_json(&jwks, "partnerb2b", "partnerb2b-api")
        .unwrap()
        .with_cache_capacity(0);
    c.bench_function("jwt/eddsa_verify_access_cold", |b| {
        b.iter(|| cold.verify(black_box(&token), TokenType::Access).unwrap())
    });
    let cached = TokenVerifier::from_jwks_json(&jwks, "partnerb2b", "partnerb2b-api").unwrap();
    cached.verify(&token, TokenType::Access).unwrap();
    c.bench_function("jwt/eddsa_verify_access_cached", |b| {
        b.iter(|| cached.verify(black_box(&token), TokenType::Access).unwrap())
    });
    let signer =
        shared::webhooks::signature::Signer::new(&shared::webhooks::signature::new_secret())
            .unwrap();
    let body = br#"{"id":"evt_0193a3c29c3d7e208f5b6d7e8f901234","type":"analysis.completed","created_at":"2026-11-25T12:10:02.500000Z","data":{"analysis_id":"0193a3c2-9c3d-7e20-8f5b-6d7e8f901234","profile_id":"0193a3c2-8b2f-7d10-9e4a-5c6d7e8f9012","reference":"dossier-2026-0042","status":"completed"}}"#;
    c.bench_function("webhook/sign_delivery", |b| {
        b.iter(|| {
            signer.sign(
                black_box("msg_3f1f0c2d4e775f2b1c9a0001"),
                1_764_072_602,
                black_box(body),
            )
        })
    });
    c.bench_function("api_key/parse_and_hash", |b| {
        let text = ApiKey::generate().expose().to_owned();
        b.iter(|| ApiKey::parse(black_box(&text)).unwrap().hash())
    });
}

criterion_group!(benches, jwt);
criterion_main!(benches);
