//! The `auth` function: an API key buys an access token (1 hour) and a refresh token
//! (1 week); a refresh token buys a new access token.

use chrono::{DateTime, SecondsFormat, Utc};
use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};
use shared::app::App;
use shared::domain::api_key::{ApiKey, ApiKeyId};
use shared::domain::model::PartnerId;
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::request::{json_body, route_segments};
use shared::edge::serve::{record_partner, record_route, serve};
use shared::jwt::{ACCESS_TTL, IssuedToken, TokenError, TokenType};

/// Routes a request to its handler and renders the outcome.
pub async fn handle(app: &App, request: Request) -> Response<Body> {
    serve(request, |request| route(app, request)).await
}

async fn route(app: &App, request: Request) -> Result<Reply, ApiError> {
    let segments = route_segments(request.uri().path()).ok_or(ApiError::NotFound)?;
    let is_post = request.method() == Method::POST;
    match segments.as_slice() {
        ["auth", "token"] if is_post => {
            record_route("POST /api/v1/auth/token/");
            token(app, &request).await
        }
        ["auth", "token", "refresh"] if is_post => {
            record_route("POST /api/v1/auth/token/refresh/");
            refresh(app, &request).await
        }
        ["auth", "token"] | ["auth", "token", "refresh"] => {
            Err(ApiError::MethodNotAllowed { allow: "POST" })
        }
        _ => Err(ApiError::NotFound),
    }
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
async fn token(app: &App, request: &Request) -> Result<Reply, ApiError> {
    let body: TokenRequest = json_body(request)?;
    let key = ApiKey::parse(&body.api_key).map_err(|_| ApiError::InvalidApiKey)?;
    let record = app
        .store
        .get_api_key(&key.id())
        .await?
        .filter(|record| record.hash.matches(&key.hash()) && record.is_usable())
        .ok_or(ApiError::InvalidApiKey)?;
    record_partner(&record.partner_id);
    let now = Utc::now();
    let access = issue(app, TokenType::Access, record.partner_id, &record.id, now)?;
    let refresh = issue(app, TokenType::Refresh, record.partner_id, &record.id, now)?;
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
/// 1 DynamoDB round trip: a strongly consistent `GetItem` of the API key named in the
/// refresh token, to check that it and its partner are still active.
async fn refresh(app: &App, request: &Request) -> Result<Reply, ApiError> {
    let body: RefreshRequest = json_body(request)?;
    let claims = app
        .tokens
        .verify(&body.refresh, TokenType::Refresh)
        .map_err(|error| match error {
            TokenError::Expired => ApiError::TokenExpired,
            _ => ApiError::InvalidRefreshToken,
        })?;
    record_partner(&claims.sub);
    app.store
        .get_api_key(&claims.key)
        .await?
        .filter(|record| record.partner_id == claims.sub && record.is_usable())
        .ok_or(ApiError::InvalidRefreshToken)?;
    let access = issue(app, TokenType::Access, claims.sub, &claims.key, Utc::now())?;
    Reply::ok(&AccessToken {
        access: access.token,
        access_expire: timestamp(access.expires_at),
        token_type: "Bearer",
        expires_in: ACCESS_TTL.num_seconds(),
    })
}

fn issue(
    app: &App,
    token_type: TokenType,
    partner: PartnerId,
    key: &ApiKeyId,
    now: DateTime<Utc>,
) -> Result<IssuedToken, ApiError> {
    app.tokens
        .issue(token_type, partner, key, now)
        .map_err(ApiError::internal)
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}
