//! [`TokenIssuer`]: signs access and refresh tokens with the active Ed25519 key, and
//! verifies refresh tokens. Only the `auth` function (and the local server) holds one.

use chrono::{DateTime, Utc};

use crate::config::TokenAudience;
use crate::domain::api_key::ApiKeyId;
use crate::domain::model::PartnerId;
use crate::jws::JwsSigner;
use crate::jwt::{Claims, IssuedToken, TokenError, TokenType, TokenVerifier};
use crate::key_set::PrivateKeySet;

/// Built once per container from the private key set.
pub struct TokenIssuer {
    signer: JwsSigner,
    verifier: TokenVerifier,
    issuer: String,
    audience: String,
}

impl TokenIssuer {
    pub fn new(keys: &PrivateKeySet, issuer: &str, audience: &str) -> Self {
        Self {
            signer: JwsSigner::new(keys),
            verifier: TokenVerifier::new(keys.public_keys(), issuer, audience),
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
        }
    }

    /// The issuer for this deployment's `iss` and `aud`.
    pub fn for_audience(keys: &PrivateKeySet, audience: &TokenAudience) -> Self {
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

    /// Signs arbitrary claims with the active key.
    pub fn sign(&self, claims: &Claims) -> Result<String, TokenError> {
        self.signer.sign_token(claims).map_err(TokenError::Sign)
    }

    /// The claims of a valid refresh token signed by a key of the set.
    pub fn verify_refresh(&self, token: &str) -> Result<Claims, TokenError> {
        self.verifier.verify(token, TokenType::Refresh)
    }

    /// The verifier of every key of the set, for `auth`'s own access-token checks.
    pub fn verifier(&self) -> &TokenVerifier {
        &self.verifier
    }

    /// The signer of the active key, for decision records ([`JwsSigner::sign_record`]).
    pub fn signer(&self) -> &JwsSigner {
        &self.signer
    }
}
