//! Access and refresh tokens: JWTs with a `kid`, verified against the key set.
//!
//! Claims: `iss`, `aud`, `sub` (partner id), `iat`, `nbf`, `exp`, `jti`, `token_type`
//! (`access` | `refresh`, always checked) and `key` (the API key that obtained the
//! token, so a refresh can check the key is still active).
//!
//! Two generations side by side while the functions move over (DESIGN section 12):
//! [`TokenService`], HS256 with the shared secret set of [`SigningKeys`], and the EdDSA
//! pair [`TokenIssuer`] (private keys, `auth` only) and [`TokenVerifier`] (public keys
//! only, every other function). Each pins its algorithm: `none`, every other algorithm
//! and an unknown `kid` are refused.

use std::collections::HashMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::api_key::ApiKeyId;
use crate::domain::model::PartnerId;
use crate::jws::SignError;
use crate::signing_keys::SigningKeys;

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
    /// From [`TokenService`] (HS256).
    #[error("token could not be signed")]
    Signing(#[source] jsonwebtoken::errors::Error),
    /// From [`TokenIssuer`] (EdDSA).
    #[error("token could not be signed")]
    Sign(#[source] SignError),
}

/// Issues and verifies tokens. Built once per container from the key set.
pub struct TokenService {
    current_kid: String,
    /// HMAC key from which [`TokenService::derive_key`] derives keys for other purposes.
    derivation_key: hmac::Hmac<sha2::Sha256>,
    encoding: EncodingKey,
    decoding: HashMap<String, DecodingKey>,
    validation: Validation,
    issuer: String,
    audience: String,
}

impl TokenService {
    pub fn new(keys: &SigningKeys, issuer: &str, audience: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_nbf = true;
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        use hmac::Mac;
        Self {
            current_kid: keys.current_kid().to_owned(),
            derivation_key: hmac::Hmac::new_from_slice(keys.current_secret())
                .expect("HMAC accepts keys of any length"),
            encoding: EncodingKey::from_secret(keys.current_secret()),
            decoding: keys
                .iter()
                .map(|(kid, secret)| (kid.to_owned(), DecodingKey::from_secret(secret)))
                .collect(),
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
        }
    }

    /// The service for this deployment's `iss` and `aud`.
    pub fn for_audience(keys: &SigningKeys, audience: &crate::config::TokenAudience) -> Self {
        Self::new(keys, &audience.issuer, &audience.audience)
    }

    /// Signs a token of `token_type` for `partner`, obtained with `key`, valid from `now`.
    pub fn issue(
        &self,
        token_type: TokenType,
        partner: PartnerId,
        key: &ApiKeyId,
        now: DateTime<Utc>,
    ) -> Result<IssuedToken, TokenError> {
        let claims = Claims::new(token_type, partner, key, now, &self.issuer, &self.audience);
        self.sign(&claims)
            .map(|token| IssuedToken::new(token, &claims))
    }

    /// Signs arbitrary claims with the current key.
    pub fn sign(&self, claims: &Claims) -> Result<String, TokenError> {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.current_kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).map_err(TokenError::Signing)
    }

    /// Verifies signature, algorithm, `kid`, issuer, audience, times (with
    /// [`LEEWAY_SECONDS`]) and that the token is of the `expected` type.
    pub fn verify(&self, token: &str, expected: TokenType) -> Result<Claims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Invalid)?;
        if header.alg != Algorithm::HS256 {
            return Err(TokenError::Invalid);
        }
        let key = header
            .kid
            .as_deref()
            .and_then(|kid| self.decoding.get(kid))
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

    /// A 256-bit key for `purpose` (say, signing pagination cursors), derived from the
    /// current signing key with HMAC-SHA256, so it rotates with it.
    pub fn derive_key(&self, purpose: &str) -> [u8; 32] {
        use hmac::Mac;
        let mut mac = self.derivation_key.clone();
        mac.update(b"partnerb2b key derivation\0");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    const SECRET_1: &str = "k1-secret-0123456789abcdef0123456789";
    const SECRET_2: &str = "k2-secret-0123456789abcdef0123456789";

    fn keys(current: &str) -> SigningKeys {
        SigningKeys::from_json(&format!(
            r#"{{"current":"{current}","k1":"{SECRET_1}","k2":"{SECRET_2}"}}"#
        ))
        .unwrap()
    }

    fn service() -> TokenService {
        TokenService::new(&keys("k1"), "iss-test", "aud-test")
    }

    fn key_id() -> ApiKeyId {
        crate::domain::api_key::ApiKey::generate().id()
    }

    fn claims(token_type: TokenType, nbf_offset: i64, exp_offset: i64) -> Claims {
        let now = Utc::now().timestamp();
        Claims {
            iss: "iss-test".into(),
            aud: "aud-test".into(),
            sub: PartnerId::new(),
            iat: now,
            nbf: now + nbf_offset,
            exp: now + exp_offset,
            jti: Uuid::new_v4(),
            token_type,
            key: key_id(),
        }
    }

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    #[test]
    fn issued_tokens_verify_with_their_type_and_lifetime() {
        let service = service();
        let partner = PartnerId::new();
        let now = Utc::now();
        let access = service
            .issue(TokenType::Access, partner, &key_id(), now)
            .unwrap();
        let refresh = service
            .issue(TokenType::Refresh, partner, &key_id(), now)
            .unwrap();
        assert_eq!(
            access.expires_at.timestamp(),
            (now + ACCESS_TTL).timestamp()
        );
        assert_eq!(
            refresh.expires_at.timestamp(),
            (now + REFRESH_TTL).timestamp()
        );
        let claims = service.verify(&access.token, TokenType::Access).unwrap();
        assert_eq!(claims.sub, partner);
        assert_eq!(claims.exp - claims.iat, 3600);
        let claims = service.verify(&refresh.token, TokenType::Refresh).unwrap();
        assert_eq!(claims.exp - claims.iat, 7 * 24 * 3600);
        let header = jsonwebtoken::decode_header(&access.token).unwrap();
        assert_eq!(header.kid.as_deref(), Some("k1"));
    }

    #[test]
    fn token_types_are_never_interchangeable() {
        let service = service();
        let now = Utc::now();
        let access = service
            .issue(TokenType::Access, PartnerId::new(), &key_id(), now)
            .unwrap();
        let refresh = service
            .issue(TokenType::Refresh, PartnerId::new(), &key_id(), now)
            .unwrap();
        assert!(matches!(
            service.verify(&refresh.token, TokenType::Access),
            Err(TokenError::Invalid)
        ));
        assert!(matches!(
            service.verify(&access.token, TokenType::Refresh),
            Err(TokenError::Invalid)
        ));
    }

    #[test]
    fn leeway_edges_on_exp_and_nbf() {
        let service = service();
        let sign = |claims: Claims| service.sign(&claims).unwrap();
        let verify = |token: String| service.verify(&token, TokenType::Access);
        assert!(
            verify(sign(claims(TokenType::Access, 0, -20))).is_ok(),
            "expired 20 s ago: within leeway"
        );
        assert!(matches!(
            verify(sign(claims(TokenType::Access, 0, -40))),
            Err(TokenError::Expired)
        ));
        assert!(
            verify(sign(claims(TokenType::Access, 20, 3600))).is_ok(),
            "nbf 20 s ahead: within leeway"
        );
        assert!(matches!(
            verify(sign(claims(TokenType::Access, 60, 3600))),
            Err(TokenError::Invalid)
        ));
    }

    #[test]
    fn wrong_issuer_or_audience_is_invalid() {
        let service = service();
        let mut wrong_iss = claims(TokenType::Access, 0, 60);
        wrong_iss.iss = "someone-else".into();
        let mut wrong_aud = claims(TokenType::Access, 0, 60);
        wrong_aud.aud = "another-api".into();
        for claims in [wrong_iss, wrong_aud] {
            let token = service.sign(&claims).unwrap();
            assert!(matches!(
                service.verify(&token, TokenType::Access),
                Err(TokenError::Invalid)
            ));
        }
    }

    #[test]
    fn forged_tokens_are_invalid() {
        let service = service();
        let valid = service
            .issue(TokenType::Access, PartnerId::new(), &key_id(), Utc::now())
            .unwrap()
            .token;
        let parts: Vec<&str> = valid.split('.').collect();
        let payload = serde_json::to_vec(&claims(TokenType::Access, 0, 3600)).unwrap();

        let alg_none = format!(
            "{}.{}.",
            b64(br#"{"alg":"none","typ":"JWT","kid":"k1"}"#),
            parts[1]
        );
        let hs512_header = b64(br#"{"alg":"HS512","typ":"JWT","kid":"k1"}"#);
        let hs512 = {
            let mut header = Header::new(Algorithm::HS512);
            header.kid = Some("k1".into());
            jsonwebtoken::encode(
                &header,
                &claims(TokenType::Access, 0, 3600),
                &EncodingKey::from_secret(SECRET_1.as_bytes()),
            )
            .unwrap()
        };
        let tampered = format!("{}.{}.{}", parts[0], b64(&payload), parts[2]);
        let unknown_kid = {
            let mut header = Header::new(Algorithm::HS256);
            header.kid = Some("k9".into());
            jsonwebtoken::encode(
                &header,
                &claims(TokenType::Access, 0, 3600),
                &EncodingKey::from_secret(SECRET_1.as_bytes()),
            )
            .unwrap()
        };
        let no_kid = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims(TokenType::Access, 0, 3600),
            &EncodingKey::from_secret(SECRET_1.as_bytes()),
        )
        .unwrap();
        let other_secret = {
            let mut header = Header::new(Algorithm::HS256);
            header.kid = Some("k1".into());
            jsonwebtoken::encode(
                &header,
                &claims(TokenType::Access, 0, 3600),
                &EncodingKey::from_secret(b"another-secret-of-32-bytes-000000"),
            )
            .unwrap()
        };
        let cases = [
            (alg_none, "alg none"),
            (
                format!("{hs512_header}.{}.{}", parts[1], parts[2]),
                "header switched to HS512",
            ),
            (hs512, "signed with HS512"),
            (tampered, "payload replaced"),
            (unknown_kid, "unknown kid"),
            (no_kid, "no kid"),
            (other_secret, "signed with another key"),
            ("garbage".to_owned(), "not a JWT"),
            (String::new(), "empty"),
        ];
        for (token, why) in cases {
            assert!(
                matches!(
                    service.verify(&token, TokenType::Access),
                    Err(TokenError::Invalid)
                ),
                "{why}"
            );
        }
    }

    #[test]
    fn rotation_keeps_older_tokens_valid() {
        let before = TokenService::new(&keys("k1"), "iss-test", "aud-test");
        let after = TokenService::new(&keys("k2"), "iss-test", "aud-test");
        let old = before
            .issue(TokenType::Access, PartnerId::new(), &key_id(), Utc::now())
            .unwrap();
        assert!(after.verify(&old.token, TokenType::Access).is_ok());
        let new = after
            .issue(TokenType::Access, PartnerId::new(), &key_id(), Utc::now())
            .unwrap();
        assert_eq!(
            jsonwebtoken::decode_header(&new.token)
                .unwrap()
                .kid
                .as_deref(),
            Some("k2")
        );
        let retired = TokenService::new(
            &SigningKeys::from_json(&format!(r#"{{"current":"k2","k2":"{SECRET_2}"}}"#)).unwrap(),
            "iss-test",
            "aud-test",
        );
        assert!(retired.verify(&old.token, TokenType::Access).is_err());
    }
}
