//! The private Ed25519 key set that signs tokens and decision records (EdDSA, RFC 8037),
//! and the operator procedure that rotates it without downtime.
//!
//! Only the `auth` function holds it (in Secrets Manager), and the local server (in its
//! data file). Every other function verifies with the public side, a JWKS given in its
//! configuration ([`crate::jwks`], [`PrivateKeySet::jwks_json`]), which is also what
//! `GET /api/v1/keys/` serves.
//!
//! # Shape
//!
//! ```json
//! {
//!   "active": "Zq3n…",
//!   "keys": [
//!     {"kid": "kPrK…", "private_key": "MC4CAQAwBQYDK2VwBCIEI…", "created_at": "2026-12-01T09:00:00Z",
//!      "deactivated_at": "2026-12-08T09:00:00Z"},
//!     {"kid": "Zq3n…", "private_key": "MFECAQEwBQYDK2VwBCIEI…", "created_at": "2026-12-07T09:00:00Z"}
//!   ]
//! }
//! ```
//!
//! - `active`: the `kid` of the key that signs.
//! - `kid`: 1 to [`MAX_KID_LEN`] characters among `A-Z a-z 0-9 - _ .`, unique. A generated
//!   key's `kid` is its RFC 7638 thumbprint ([`crate::jwks::thumbprint`]).
//! - `private_key`: the PKCS#8 DER of an Ed25519 key in standard base64, v1 or v2 (what
//!   `openssl genpkey -algorithm ed25519 -outform DER | base64 -w0` prints is v1).
//! - `created_at`: when the key was added; `deactivated_at`: when it stopped being
//!   active, absent for the active key and for a key that never signed.
//!
//! Any other member, a duplicate `kid` or key, or an `active` outside the set is refused
//! ([`PrivateKeySetError`]); errors never quote the document.
//!
//! # Rotation without downtime
//!
//! A key verifies in every function before it signs, and keeps verifying until every token
//! it signed has expired (a refresh token lives [`REFRESH_TTL`](crate::jwt::REFRESH_TTL),
//! 7 days).
//!
//! 1. **Add** a key: [`PrivateKeySet::add_key`]. It is in the set and in its JWKS, and
//!    does not sign. Store the set (the `auth` secret, or the data file).
//! 2. **Publish** the JWKS ([`PrivateKeySet::jwks_json`]) to every verifying function
//!    (`TOKEN_PUBLIC_KEYS`) and deploy. Wait until the deployment has finished: from then
//!    on no container verifies without the new key.
//! 3. **Activate** it: [`PrivateKeySet::activate`]. `active` moves; the previous key gets
//!    `deactivated_at` and keeps verifying. Store the set, then recycle `auth`'s containers
//!    (deploy it, or update its configuration): a container reads the set once.
//! 4. **Wait** [`RETIREMENT_DELAY`] (7 days and 1 hour) after `deactivated_at`.
//! 5. **Retire** the previous key: [`PrivateKeySet::retire`] (refused before then), store
//!    the set and publish the JWKS without it (step 2). A token it signed, all expired by
//!    then, is refused as an unknown `kid`.
//!
//! A compromised key is replaced at once: add and activate a new key, remove the old one
//! with [`PrivateKeySet::retire_now`], store, publish, recycle `auth`. Every token the old
//! key signed is then refused; partners get new ones with their API keys.
//!
//! Decision records are best signed when they are served, so that they always verify
//! with the published JWKS; whoever archives a signed record archives its JWK with it,
//! since a retired key leaves the JWKS.

use std::fmt;

use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair};
#[cfg(feature = "secrets-manager")]
use aws_sdk_secretsmanager::Client as SecretsManagerClient;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::jwk::JwkSet;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::BoxError;
use crate::jwks::{self, PublicKeySet};

/// How long a deactivated key keeps verifying: a refresh token's 7 days, and an hour for
/// `auth` containers still signing with the previous set and for clock skew.
pub const RETIREMENT_DELAY: Duration = Duration::hours(7 * 24 + 1);
/// Longest accepted `kid`.
pub const MAX_KID_LEN: usize = 64;

/// A validated private key set. `Debug` shows key ids only.
#[derive(Clone)]
pub struct PrivateKeySet {
    /// Index in `keys` of the key that signs; `keys` is never empty.
    active: usize,
    keys: Vec<SetKey>,
}

#[derive(Clone)]
struct SetKey {
    kid: String,
    created_at: DateTime<Utc>,
    deactivated_at: Option<DateTime<Utc>>,
    key_pair: Ed25519KeyPair,
    /// The PKCS#8 document as read or generated, so that [`PrivateKeySet::to_json`] writes
    /// back what it was given.
    pkcs8: Zeroizing<Vec<u8>>,
}

/// One key of the set as an operator sees it (no key material).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyStatus {
    pub kid: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub deactivated_at: Option<DateTime<Utc>>,
    /// When [`PrivateKeySet::retire`] accepts to remove it: `None` for the active key,
    /// `created_at` for a key that never signed.
    pub retirable_from: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error)]
pub enum PrivateKeySetError {
    #[error(
        "the key set is not a JSON object of the documented shape \
         (line {line}, column {column})"
    )]
    Malformed { line: usize, column: usize },
    #[error("the key set has no key")]
    NoKeys,
    #[error(
        "the `kid` of key {index} is not 1 to {MAX_KID_LEN} characters among A-Z a-z 0-9 - _ ."
    )]
    InvalidKid { index: usize },
    #[error("`active` is not 1 to {MAX_KID_LEN} characters among A-Z a-z 0-9 - _ .")]
    InvalidActive,
    #[error("key id `{0}` appears twice in the key set")]
    DuplicateKid(String),
    #[error("keys `{kid}` and `{same_as}` are the same key")]
    DuplicateKey { kid: String, same_as: String },
    #[error("the private key of `{kid}` is not an Ed25519 PKCS#8 document in base64: {reason}")]
    InvalidPrivateKey { kid: String, reason: &'static str },
    #[error("the active key `{0}` is not in the key set")]
    UnknownActive(String),
    #[error("no key `{0}` in the key set")]
    UnknownKid(String),
    #[error("key `{0}` is the active key: activate another one before retiring it")]
    RetireActive(String),
    #[error("key `{kid}` may have signed tokens still valid: it can be retired from {earliest}")]
    TooEarly {
        kid: String,
        earliest: DateTime<Utc>,
    },
    #[error("no Ed25519 key could be generated")]
    Generation,
    #[error("the key set's secret could not be read from Secrets Manager")]
    Unavailable(#[source] BoxError),
    #[error("the key set's secret has no string value")]
    NotAString,
    #[error("a secret named `{0}` exists already: rotate its keys instead")]
    SecretExists(String),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    active: String,
    keys: Vec<DocumentKey>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentKey {
    kid: String,
    private_key: String,
    created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deactivated_at: Option<DateTime<Utc>>,
}

impl Drop for DocumentKey {
    fn drop(&mut self) {
        self.private_key.zeroize();
    }
}

impl PrivateKeySet {
    pub fn from_json(text: &str) -> Result<Self, PrivateKeySetError> {
        let document: Document =
            serde_json::from_str(text).map_err(|error| PrivateKeySetError::Malformed {
                line: error.line(),
                column: error.column(),
            })?;
        let mut keys: Vec<SetKey> = Vec::with_capacity(document.keys.len());
        for (index, entry) in document.keys.iter().enumerate() {
            let key = SetKey::parse(index, entry)?;
            if keys.iter().any(|other| other.kid == key.kid) {
                return Err(PrivateKeySetError::DuplicateKid(key.kid));
            }
            if let Some(other) = keys.iter().find(|other| other.public() == key.public()) {
                return Err(PrivateKeySetError::DuplicateKey {
                    kid: key.kid,
                    same_as: other.kid.clone(),
                });
            }
            keys.push(key);
        }
        if keys.is_empty() {
            return Err(PrivateKeySetError::NoKeys);
        }
        if !is_kid(&document.active) {
            return Err(PrivateKeySetError::InvalidActive);
        }
        let active = keys
            .iter()
            .position(|key| key.kid == document.active)
            .ok_or_else(|| PrivateKeySetError::UnknownActive(document.active.clone()))?;
        Ok(Self { active, keys })
    }

    /// The set as stored: it holds the private keys, for the secret or the data file only.
    pub fn to_json(&self) -> String {
        let document = Document {
            active: self.active_kid().to_owned(),
            keys: self
                .keys
                .iter()
                .map(|key| DocumentKey {
                    kid: key.kid.clone(),
                    private_key: STANDARD.encode(key.pkcs8.as_slice()),
                    created_at: key.created_at,
                    deactivated_at: key.deactivated_at,
                })
                .collect(),
        };
        serde_json::to_string(&document).unwrap_or_default()
    }

    /// A new set of one key, active, for a first deployment or the local server's first start.
    pub fn generate(now: DateTime<Utc>) -> Result<Self, PrivateKeySetError> {
        Ok(Self {
            active: 0,
            keys: vec![SetKey::generate(now)?],
        })
    }

    /// Adds a new key that does not sign yet (step 1 of the rotation) and returns its `kid`.
    pub fn add_key(&mut self, now: DateTime<Utc>) -> Result<String, PrivateKeySetError> {
        let key = SetKey::generate(now)?;
        if self.keys.iter().any(|other| other.kid == key.kid) {
            return Err(PrivateKeySetError::DuplicateKid(key.kid));
        }
        let kid = key.kid.clone();
        self.keys.push(key);
        Ok(kid)
    }

    /// Makes `kid` the key that signs (step 3); the previous one is deactivated at `now`.
    pub fn activate(&mut self, kid: &str, now: DateTime<Utc>) -> Result<(), PrivateKeySetError> {
        let next = self.position(kid)?;
        if next != self.active {
            self.keys[self.active].deactivated_at = Some(now);
            self.keys[next].deactivated_at = None;
            self.active = next;
        }
        Ok(())
    }

    /// Removes `kid` once no token it signed can still be valid (step 5).
    pub fn retire(&mut self, kid: &str, now: DateTime<Utc>) -> Result<(), PrivateKeySetError> {
        let status = self
            .status()
            .into_iter()
            .find(|status| status.kid == kid)
            .ok_or_else(|| PrivateKeySetError::UnknownKid(kid.to_owned()))?;
        match status.retirable_from {
            None => Err(PrivateKeySetError::RetireActive(kid.to_owned())),
            Some(earliest) if now < earliest => Err(PrivateKeySetError::TooEarly {
                kid: kid.to_owned(),
                earliest,
            }),
            Some(_) => self.retire_now(kid),
        }
    }

    /// Removes `kid` without waiting, for a compromised key: tokens it signed stop verifying.
    pub fn retire_now(&mut self, kid: &str) -> Result<(), PrivateKeySetError> {
        let retired = self.position(kid)?;
        if retired == self.active {
            return Err(PrivateKeySetError::RetireActive(kid.to_owned()));
        }
        self.keys.remove(retired);
        if retired < self.active {
            self.active -= 1;
        }
        Ok(())
    }

    pub fn active_kid(&self) -> &str {
        &self.keys[self.active].kid
    }

    /// Every key, in the order of the set, for an operator's listing.
    pub fn status(&self) -> Vec<KeyStatus> {
        self.keys
            .iter()
            .enumerate()
            .map(|(index, key)| {
                let active = index == self.active;
                KeyStatus {
                    kid: key.kid.clone(),
                    active,
                    created_at: key.created_at,
                    deactivated_at: key.deactivated_at,
                    retirable_from: match (active, key.deactivated_at) {
                        (true, _) => None,
                        (false, Some(deactivated_at)) => Some(deactivated_at + RETIREMENT_DELAY),
                        (false, None) => Some(key.created_at),
                    },
                }
            })
            .collect()
    }

    /// The public keys of every key in the set, the active one included.
    pub fn jwks(&self) -> JwkSet {
        jwks::jwk_set(self.keys.iter().map(|key| (key.kid.as_str(), key.public())))
    }

    /// [`PrivateKeySet::jwks`] as the JSON the verifying functions are configured with.
    pub fn jwks_json(&self) -> String {
        serde_json::to_string(&self.jwks()).unwrap_or_default()
    }

    /// The verifying side of this set, for the issuer's own checks.
    pub fn public_keys(&self) -> PublicKeySet {
        PublicKeySet::from_raw_keys(self.keys.iter().map(|key| (key.kid.as_str(), key.public())))
    }

    /// Reads and validates the set held in the secret `secret_id`.
    #[cfg(feature = "secrets-manager")]
    pub async fn from_secrets_manager(
        client: &SecretsManagerClient,
        secret_id: &str,
    ) -> Result<Self, PrivateKeySetError> {
        let output = client
            .get_secret_value()
            .secret_id(secret_id)
            .send()
            .await
            .map_err(|error| PrivateKeySetError::Unavailable(Box::new(error)))?;
        Self::from_json(
            output
                .secret_string()
                .ok_or(PrivateKeySetError::NotAString)?,
        )
    }

    /// Replaces the set held in the secret `secret_id` (after a rotation step).
    #[cfg(feature = "secrets-manager")]
    pub async fn to_secrets_manager(
        &self,
        client: &SecretsManagerClient,
        secret_id: &str,
    ) -> Result<(), PrivateKeySetError> {
        client
            .put_secret_value()
            .secret_id(secret_id)
            .secret_string(self.to_json())
            .send()
            .await
            .map_err(|error| PrivateKeySetError::Unavailable(Box::new(error)))?;
        Ok(())
    }

    /// Creates the secret `name` holding this set, described as `description`, and
    /// returns its ARN; refused if a secret of that name exists (its keys may be signing).
    #[cfg(feature = "secrets-manager")]
    pub async fn create_in_secrets_manager(
        &self,
        client: &SecretsManagerClient,
        name: &str,
        description: &str,
    ) -> Result<String, PrivateKeySetError> {
        let output = client
            .create_secret()
            .name(name)
            .description(description)
            .secret_string(self.to_json())
            .send()
            .await
            .map_err(|error| {
                if error
                    .as_service_error()
                    .is_some_and(|error| error.is_resource_exists_exception())
                {
                    PrivateKeySetError::SecretExists(name.to_owned())
                } else {
                    PrivateKeySetError::Unavailable(Box::new(error))
                }
            })?;
        output
            .arn()
            .map(str::to_owned)
            .ok_or_else(|| PrivateKeySetError::Unavailable("CreateSecret answered no ARN".into()))
    }

    /// The active key's id and key pair.
    pub(crate) fn active_key(&self) -> (&str, &Ed25519KeyPair) {
        let key = &self.keys[self.active];
        (&key.kid, &key.key_pair)
    }

    fn position(&self, kid: &str) -> Result<usize, PrivateKeySetError> {
        self.keys
            .iter()
            .position(|key| key.kid == kid)
            .ok_or_else(|| PrivateKeySetError::UnknownKid(kid.to_owned()))
    }
}

impl SetKey {
    fn parse(index: usize, entry: &DocumentKey) -> Result<Self, PrivateKeySetError> {
        if !is_kid(&entry.kid) {
            return Err(PrivateKeySetError::InvalidKid { index });
        }
        let invalid = |reason| PrivateKeySetError::InvalidPrivateKey {
            kid: entry.kid.clone(),
            reason,
        };
        let pkcs8 = Zeroizing::new(
            STANDARD
                .decode(entry.private_key.as_bytes())
                .map_err(|_| invalid("not standard base64"))?,
        );
        let key_pair = Ed25519KeyPair::from_pkcs8(&pkcs8)
            .map_err(|rejected| invalid(rejected.description_()))?;
        Ok(Self {
            kid: entry.kid.clone(),
            created_at: entry.created_at,
            deactivated_at: entry.deactivated_at,
            key_pair,
            pkcs8,
        })
    }

    fn generate(now: DateTime<Utc>) -> Result<Self, PrivateKeySetError> {
        let key_pair = Ed25519KeyPair::generate().map_err(|_| PrivateKeySetError::Generation)?;
        let document = key_pair
            .to_pkcs8()
            .map_err(|_| PrivateKeySetError::Generation)?;
        let kid = jwks::thumbprint(key_pair.public_key().as_ref());
        Ok(Self {
            kid,
            created_at: now,
            deactivated_at: None,
            pkcs8: Zeroizing::new(document.as_ref().to_vec()),
            key_pair,
        })
    }

    fn public(&self) -> &[u8] {
        self.key_pair.public_key().as_ref()
    }
}

fn is_kid(kid: &str) -> bool {
    (1..=MAX_KID_LEN).contains(&kid.len())
        && kid
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'))
}

impl fmt::Debug for PrivateKeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKeySet")
            .field("active", &self.active_kid())
            .field(
                "kids",
                &self.keys.iter().map(|key| &key.kid).collect::<Vec<_>>(),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests;
