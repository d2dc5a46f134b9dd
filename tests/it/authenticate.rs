//! `authenticate`: what the dispatcher does with `Authorization` on every partner route.

use chrono::Utc;
use lambda_http::{Body, Request, http};
use partnerb2b_tests::fixtures::{event_token_issuer, event_token_verifier};
use shared::domain::api_key::ApiKey;
use shared::domain::model::PartnerId;
use shared::edge::serve::authenticate;
use shared::jwt::{Claims, TokenType};

fn request(authorization: Option<&str>) -> Request {
    let mut builder = http::Request::builder().uri("/api/v1/profiles/");
    if let Some(value) = authorization {
        builder = builder.header("authorization", value);
    }
    builder.body(Body::Empty).unwrap()
}

#[test]
fn access_tokens_authenticate_their_partner() {
    let (tokens, verifier) = (event_token_issuer(), event_token_verifier());
    let partner = PartnerId::new();
    let token = tokens
        .issue(
            TokenType::Access,
            partner,
            &ApiKey::generate().id(),
            Utc::now(),
        )
        .unwrap()
        .token;
    assert_eq!(
        authenticate(&verifier, &request(Some(&format!("Bearer {token}")))).unwrap(),
        partner
    );
}

#[test]
fn everything_else_is_refused_with_its_code() {
    let (tokens, verifier) = (event_token_issuer(), event_token_verifier());
    let key = ApiKey::generate().id();
    let refresh = tokens
        .issue(TokenType::Refresh, PartnerId::new(), &key, Utc::now())
        .unwrap()
        .token;
    let now = Utc::now().timestamp();
    let expired = tokens
        .sign(&Claims {
            iss: shared::config::DEFAULT_ISSUER.into(),
            aud: shared::config::DEFAULT_AUDIENCE.into(),
            sub: PartnerId::new(),
            iat: now - 7200,
            nbf: now - 7200,
            exp: now - 3600,
            jti: uuid::Uuid::new_v4(),
            token_type: TokenType::Access,
            key,
        })
        .unwrap();
    let cases = [
        (None, "missing_token", "no Authorization"),
        (
            Some("Basic dXNlcjpwYXNz".to_owned()),
            "missing_token",
            "another scheme",
        ),
        (
            Some("Bearer garbage".to_owned()),
            "invalid_token",
            "Bearer garbage",
        ),
        (
            Some(format!("Bearer {refresh}")),
            "invalid_token",
            "a refresh token used as access",
        ),
        (
            Some(format!("Bearer {expired}")),
            "token_expired",
            "an expired access token",
        ),
    ];
    for (header, code, why) in cases {
        let error = authenticate(&verifier, &request(header.as_deref())).unwrap_err();
        assert_eq!(error.code(), code, "{why}");
        assert_eq!(error.status(), 401, "{why}");
    }
}
