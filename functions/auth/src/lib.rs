//! The `auth` function: an API key buys an access token (1 hour) and a refresh token
//! (1 week); a refresh token buys a new access token until it is revoked (RFC 7009). The
//! only function holding the private keys that sign tokens; it publishes their public
//! halves as a JWKS (RFC 7517) at `/api/v1/keys/`.

use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use jsonwebtoken::jwk::JwkSet;
use lambda_http::http::header::CACHE_CONTROL;
use lambda_http::http::{HeaderValue, Method};
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};
use shared::config::TokenAudience;
use shared::domain::api_key::{ApiKey, ApiKeyId};
use shared::domain::model::PartnerId;
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::request::json_body;
use shared::edge::route::{Call, Route};
use shared::edge::serve::{Authenticates, record_partner, serve};
use shared::jwks::{self, JwksError};
use shared::jwt::{ACCESS_TTL, IssuedToken, TokenError, TokenIssuer, TokenType, TokenVerifier};
use shared::key_set::PrivateKeySet;
use shared::store::Store;

/// The function's routes; `/api/v1/auth/token/` is how a partner gets its first token.
pub static ROUTES: &[Route<Service>] = &[
    Route::public(
        Method::POST,
        "/api/v1/auth/token/",
        "createToken",
        |s, c| Box::pin(token(s, c)),
    ),
    Route::public(
        Method::POST,
        "/api/v1/auth/token/refresh/",
        "refreshToken",
        |s, c| Box::pin(refresh(s, c)),
    ),
    Route::public(
        Method::POST,
        "/api/v1/auth/token/revoke/",
        "revokeToken",
        |s, c| Box::pin(revoke(s, c)),
    ),
    Route::public(Method::GET, KEYS_PATH, "getSigningKeys", |s, c| {
        Box::pin(keys(s, c))
    }),
];

/// The JWKS's path, the one route whose success is a bare document, not the envelope.
pub const KEYS_PATH: &str = "/api/v1/keys/";

/// How long a client may keep the JWKS: the operator waits this long between publishing
/// a new key and signing with it (README, "Rotating the signing keys").
pub const JWKS_MAX_AGE: &str = "public, max-age=3600";

/// What the `auth` function needs: the API keys, the keys that sign tokens, and the
/// public keys it publishes.
pub struct Service {
    pub store: Arc<dyn Store>,
    pub tokens: TokenIssuer,
    pub jwks: JwkSet,
}

impl Service {
    /// The service signing with the active key of `keys` and publishing the public half
    /// of each key of the set (the ones waiting to sign included, so that a verifier has
    /// them before their first token), followed by `record_keys`, the public keys of the
    /// decision records. `DuplicateKid` if a kid is in both.
    pub fn new(
        store: Arc<dyn Store>,
        keys: &PrivateKeySet,
        record_keys: JwkSet,
        audience: &TokenAudience,
    ) -> Result<Self, JwksError> {
        Ok(Self {
            store,
            tokens: TokenIssuer::for_audience(keys, audience),
            jwks: jwks::joined(keys.jwks(), record_keys)?,
        })
    }
}

impl Authenticates for Service {
    fn access_tokens(&self) -> &TokenVerifier {
        self.tokens.verifier()
    }
}

/// Answers a request with the route of [`ROUTES`] it names.
pub async fn handle(service: &Service, request: Request) -> Response<Body> {
    serve(service, ROUTES, request).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenRequest {
    /// The spec names it `apiKey`; `api_key` matches the rest of the API.
    #[serde(rename = "apiKey", alias = "api_key")]
    api_key: String,
}

#[derive(Debug, Serialize)]
struct TokenPair {
    access: String,
    refresh: String,
    access_expire: String,
    refresh_expire: String,
    token_type: &'static str,
    expires_in: i64,
}

/// `POST /api/v1/auth/token/`.
///
/// A key with a bad shape or checksum is refused without a read. Otherwise 1 DynamoDB
/// round trip: a strongly consistent `GetItem` of the key record by the id derived from
/// the key's hash; the record carries its status and its partner's, and the stored hash
/// is compared in constant time.
async fn token(service: &Service, call: Call<'_>) -> Result<Reply, ApiError> {
    let body: TokenRequest = json_body(call.request)?;
    let key = ApiKey::parse(&body.api_key).map_err(|_| ApiError::InvalidApiKey)?;
    let record = service
        .store
        .get_api_key(&key.id())
        .await?
        .filter(|record| record.hash.matches(&key.hash()) && record.is_usable())
        .ok_or(ApiError::InvalidApiKey)?;
    record_partner(&record.partner_id);
    let now = Utc::now();
    let access = issue(
        service,
        TokenType::Access,
        record.partner_id,
        &record.id,
        now,
    )?;
    let refresh = issue(
        service,
        TokenType::Refresh,
        record.partner_id,
        &record.id,
        now,
    )?;
    Reply::ok(&TokenPair {
        access: access.token,
        refresh: refresh.token,
        access_expire: timestamp(access.expires_at),
        refresh_expire: timestamp(refresh.expires_at),
        token_type: "Bearer",
        expires_in: ACCESS_TTL.num_seconds(),
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RefreshRequest {
    /// `refresg` is the spec's misspelling, accepted so partners who copied it work.
    #[serde(alias = "refresg")]
    refresh: String,
}

#[derive(Debug, Serialize)]
struct AccessToken {
    access: String,
    access_expire: String,
    token_type: &'static str,
    expires_in: i64,
}

/// `POST /api/v1/auth/token/refresh/`.
///
/// 1 DynamoDB round trip: a strongly consistent `BatchGetItem` of the API key named in
/// the refresh token, to check that it and its partner are still active, and of the
/// token's revocation mark, to check that the token was not revoked.
async fn refresh(service: &Service, call: Call<'_>) -> Result<Reply, ApiError> {
    let body: RefreshRequest = json_body(call.request)?;
    let claims = service
        .tokens
        .verify_refresh(&body.refresh)
        .map_err(|error| match error {
            TokenError::Expired => ApiError::TokenExpired,
            _ => ApiError::InvalidRefreshToken,
        })?;
    record_partner(&claims.sub);
    service
        .store
        .get_refresh_key(&claims.key, claims.sub, claims.jti)
        .await?
        .filter(|record| record.partner_id == claims.sub && record.is_usable())
        .ok_or(ApiError::InvalidRefreshToken)?;
    let access = issue(
        service,
        TokenType::Access,
        claims.sub,
        &claims.key,
        Utc::now(),
    )?;
    Reply::ok(&AccessToken {
        access: access.token,
        access_expire: timestamp(access.expires_at),
        token_type: "Bearer",
        expires_in: ACCESS_TTL.num_seconds(),
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevokeRequest {
    token: String,
    /// RFC 7009 section 2.1: `access_token` or `refresh_token`, a hint only; the
    /// token's own `token_type` claim decides, so any value is accepted and ignored.
    #[serde(rename = "token_type_hint")]
    _token_type_hint: Option<String>,
}

/// The body of a revocation: RFC 7009 gives the client nothing to read in it.
#[derive(Debug, Serialize)]
struct Revoked {}

/// `POST /api/v1/auth/token/revoke/` (RFC 7009): 200 for every well-formed request,
/// whether the token was a live refresh token, already revoked, expired, an access
/// token (access tokens are not revoked: they run out within the hour) or garbage, so
/// the answer tells nothing about the token. Holding the refresh token is the proof of
/// the right to revoke it, as it is the right to use it: no `Authorization` header.
///
/// A live refresh token: 1 DynamoDB round trip, a `PutItem` of its revocation mark
/// (`REVOKED#<jti>`, expiring with the token). Anything else: none.
async fn revoke(service: &Service, call: Call<'_>) -> Result<Reply, ApiError> {
    let body: RevokeRequest = json_body(call.request)?;
    if let Ok(claims) = service.tokens.verify_refresh(&body.token) {
        record_partner(&claims.sub);
        service
            .store
            .revoke_refresh_token(claims.sub, claims.jti, claims.exp)
            .await?;
    }
    Reply::ok(&Revoked {})
}

/// `GET /api/v1/keys/`: the public keys that verify the tokens and decision records this
/// deployment signs, as the bare JWK Set document (outside the envelope, as JWT libraries
/// fetch it), cacheable for [`JWKS_MAX_AGE`]. No authentication, no round trip.
async fn keys(service: &Service, _call: Call<'_>) -> Result<Reply, ApiError> {
    Ok(Reply::bare(&service.jwks)?.header(CACHE_CONTROL, HeaderValue::from_static(JWKS_MAX_AGE)))
}

fn issue(
    service: &Service,
    token_type: TokenType,
    partner: PartnerId,
    key: &ApiKeyId,
    now: DateTime<Utc>,
) -> Result<IssuedToken, ApiError> {
    service
        .tokens
        .issue(token_type, partner, key, now)
        .map_err(ApiError::internal)
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}
