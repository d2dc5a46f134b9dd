//! `cargo bench -p shared --bench jwt`: issuing and verifying an access token.

use std::hint::black_box;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use shared::api_key::ApiKey;
use shared::jwt::{TokenService, TokenType};
use shared::model::PartnerId;
use shared::signing_keys::SigningKeys;

fn jwt(c: &mut Criterion) {
    let tokens = TokenService::new(&SigningKeys::generate(), "partnerb2b", "partnerb2b-api");
    let partner = PartnerId::new();
    let key = ApiKey::generate().id();
    let token = tokens
        .issue(TokenType::Access, partner, &key, Utc::now())
        .unwrap()
        .token;

    c.bench_function("jwt/issue_access", |b| {
        b.iter(|| {
            tokens
                .issue(TokenType::Access, black_box(partner), &key, Utc::now())
                .unwrap()
        })
    });
    c.bench_function("jwt/verify_access", |b| {
        b.iter(|| tokens.verify(black_box(&token), TokenType::Access).unwrap())
    });
    c.bench_function("api_key/parse_and_hash", |b| {
        let text = ApiKey::generate().expose().to_owned();
        b.iter(|| ApiKey::parse(black_box(&text)).unwrap().hash())
    });
}

criterion_group!(benches, jwt);
criterion_main!(benches);
