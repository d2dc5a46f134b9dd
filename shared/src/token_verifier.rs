//! [`TokenVerifier`]: checks EdDSA tokens with public keys only, as every function but
//! `auth` does. Built once per container from the JWKS in its configuration
//! ([`PUBLIC_KEYS_SETTING`], [`crate::jwks`]): no network call at init.

use chrono::Utc;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};

use crate::config::{ConfigError, Settings, TokenAudience};
use crate::jwks::{JwksError, PublicKeySet};
use crate::jws::TOKEN_TYPE;
use crate::jwt::{Claims, LEEWAY_SECONDS, TokenError, TokenType};
use crate::token_cache::{DEFAULT_CAPACITY, TokenKey, VerifiedTokens};

/// The setting holding the JWKS a verifying function is configured with.
pub const PUBLIC_KEYS_SETTING: &str = "TOKEN_PUBLIC_KEYS";

#[derive(Debug, thiserror::Error)]
pub enum VerifierSettingsError {
    #[error(transparent)]
    Missing(#[from] ConfigError),
    #[error("{PUBLIC_KEYS_SETTING} is not a usable JWKS")]
    Jwks(#[source] JwksError),
}

/// Verifies access and refresh tokens, and keeps the access tokens it verified in a
/// bounded cache ([`crate::token_cache`]).
///
/// A token passes if its header is `{"alg":"EdDSA","typ":"JWT","kid":…}` with a `kid` of
/// the set and no `crit`, its signature verifies with that key, `iss` and `aud` are the
/// configured ones, `exp`, `nbf`, `iat` and `sub` are present, `exp` and `nbf` hold within
/// [`LEEWAY_SECONDS`], and its `token_type` is the expected one. Every other algorithm is
/// refused before any key is used, so an HS256 token made with a public key as its HMAC
/// secret finds no key to confuse.
pub struct TokenVerifier {
    keys: PublicKeySet,
    validation: Validation,
    cache: Option<VerifiedTokens>,
}

impl TokenVerifier {
    pub fn new(keys: PublicKeySet, issuer: &str, audience: &str) -> Self {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_nbf = true;
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        Self {
            keys,
            validation,
            cache: Some(VerifiedTokens::new(DEFAULT_CAPACITY)),
        }
    }

    /// The verifier for this deployment's `iss` and `aud`.
    pub fn for_audience(keys: PublicKeySet, audience: &TokenAudience) -> Self {
        Self::new(keys, &audience.issuer, &audience.audience)
    }

    /// The verifier a function builds at start: the keys of the JWKS in
    /// [`PUBLIC_KEYS_SETTING`], `iss` and `aud` from `JWT_ISSUER` and `JWT_AUDIENCE`.
    pub fn from_settings(settings: &Settings) -> Result<Self, VerifierSettingsError> {
        let jwks = settings.required(PUBLIC_KEYS_SETTING)?;
        let keys = PublicKeySet::from_jwks_json(&jwks).map_err(VerifierSettingsError::Jwks)?;
        Ok(Self::for_audience(keys, &settings.token_audience()))
    }

    /// A verifier of the keys in `jwks`, a JWK Set document ([`crate::jwks`]).
    pub fn from_jwks_json(jwks: &str, issuer: &str, audience: &str) -> Result<Self, JwksError> {
        Ok(Self::new(
            PublicKeySet::from_jwks_json(jwks)?,
            issuer,
            audience,
        ))
    }

    /// Keeps at most `entries` verified access tokens; 0 keeps none.
    pub fn with_cache_capacity(mut self, entries: usize) -> Self {
        self.cache = (entries > 0).then(|| VerifiedTokens::new(entries));
        self
    }

    pub fn keys(&self) -> &PublicKeySet {
        &self.keys
    }

    /// The claims of `token` if it is a valid token of the `expected` type.
    pub fn verify(&self, token: &str, expected: TokenType) -> Result<Claims, TokenError> {
        let Some(cache) = self
            .cache
            .as_ref()
            .filter(|_| expected == TokenType::Access)
        else {
            return self.verify_signature(token, expected);
        };
        let key = TokenKey::of(token);
        let now = Utc::now().timestamp();
        if let Some(claims) = cache.get(&key, now) {
            return Ok(claims);
        }
        let claims = self.verify_signature(token, expected)?;
        cache.insert(key, claims.clone(), now);
        Ok(claims)
    }

    fn verify_signature(&self, token: &str, expected: TokenType) -> Result<Claims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Invalid)?;
        if header.alg != Algorithm::EdDSA
            || header.typ.as_deref() != Some(TOKEN_TYPE)
            || header.crit.is_some()
        {
            return Err(TokenError::Invalid);
        }
        let key = header
            .kid
            .as_deref()
            .and_then(|kid| self.keys.get(kid))
            .ok_or(TokenError::Invalid)?;
        let data =
            jsonwebtoken::decode::<Claims>(token, key, &self.validation).map_err(|error| {
                match error.kind() {
                    ErrorKind::ExpiredSignature => TokenError::Expired,
                    _ => TokenError::Invalid,
                }
            })?;
        if data.claims.token_type != expected {
            return Err(TokenError::Invalid);
        }
        Ok(data.claims)
    }

    #[cfg(test)]
    pub(crate) fn cached_tokens(&self) -> usize {
        self.cache.as_ref().map_or(0, VerifiedTokens::len)
    }
}

#[cfg(test)]
mod tests;
