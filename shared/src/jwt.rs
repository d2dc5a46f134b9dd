//! Access and refresh tokens: JWTs with a `kid`, verified against the key set.
//!
//! Claims: `iss`, `aud`, `sub` (partner id), `iat`, `nbf`, `exp`, `jti`, `token_type`
//! (`access` | `refresh`, always checked) and `key` (the API key that obtained the
//! token, so a refresh can check the key is still active).
//!
//! Signed with Ed25519 (EdDSA) by [`TokenIssuer`], which holds the private keys and lives
//! in the `auth` function only; checked by [`TokenVerifier`] with the public keys alone,
//! in every function (DESIGN section 12). The algorithm is pinned: `none`, every other
//! algorithm and an unknown `kid` are refused.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::api_key::ApiKeyId;
use crate::domain::model::PartnerId;
use crate::jws::SignError;

pub use crate::token_issuer::TokenIssuer;
pub use crate::token_verifier::TokenVerifier;

/// Lifetime of an access token: one hour.
pub const ACCESS_TTL: Duration = Duration::hours(1);
/// Lifetime of a refresh token: one week.
pub const REFRESH_TTL: Duration = Duration::days(7);
/// Clock skew tolerated on `exp` and `nbf`, in seconds.
pub const LEEWAY_SECONDS: u64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenType {
    Access,
    Refresh,
}

impl TokenType {
    fn ttl(self) -> Duration {
        match self {
            Self::Access => ACCESS_TTL,
            Self::Refresh => REFRESH_TTL,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: PartnerId,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: Uuid,
    pub token_type: TokenType,
    pub key: ApiKeyId,
}

impl Claims {
    /// The claims of a new token of `token_type` for `partner`, obtained with `key`,
    /// valid from `now` for the type's lifetime, with a fresh `jti`.
    pub fn new(
        token_type: TokenType,
        partner: PartnerId,
        key: &ApiKeyId,
        now: DateTime<Utc>,
        issuer: &str,
        audience: &str,
    ) -> Self {
        let issued_at = now.timestamp();
        Self {
            iss: issuer.to_owned(),
            aud: audience.to_owned(),
            sub: partner,
            iat: issued_at,
            nbf: issued_at,
            exp: (now + token_type.ttl()).timestamp(),
            jti: Uuid::new_v4(),
            token_type,
            key: key.clone(),
        }
    }
}

/// A signed token and when it stops being accepted.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl IssuedToken {
    pub(crate) fn new(token: String, claims: &Claims) -> Self {
        Self {
            token,
            expires_at: Utc
                .timestamp_opt(claims.exp, 0)
                .single()
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("token expired")]
    Expired,
    #[error("token invalid")]
    Invalid,
    #[error("token could not be signed")]
    Sign(#[source] SignError),
}
