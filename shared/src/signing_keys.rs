//! The JWT signing key set.
//!
//! Stored as one JSON object, in Secrets Manager for the Lambdas and in the data file for
//! the local server: `current` names the key that signs, every other member is a key id
//! mapped to its secret (at least 32 bytes). Older keys stay in the set so tokens they
//! signed keep verifying until they expire; rotation adds a key and moves `current`.
//!
//! ```json
//! {"current": "k2", "k1": "…64 random characters…", "k2": "…64 random characters…"}
//! ```
//!
//! This shape is what `template.yaml`'s `GenerateSecretString` produces at deploy time.

use std::collections::BTreeMap;
use std::fmt;

#[cfg(feature = "secrets-manager")]
use aws_sdk_secretsmanager::Client as SecretsManagerClient;
use rand::Rng;
use rand::distr::Alphanumeric;

use crate::BoxError;

/// Shortest accepted secret: 256 bits, as HS256 requires.
pub const MIN_SECRET_BYTES: usize = 32;
const GENERATED_SECRET_CHARS: usize = 64;

/// A validated key set. `Debug` shows key ids only.
#[derive(Clone)]
pub struct SigningKeys {
    current: String,
    secrets: BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum KeySetError {
    #[error("the signing key set is not a JSON object of strings: {0}")]
    Malformed(#[source] serde_json::Error),
    #[error("the signing key set has no `current` key id")]
    NoCurrent,
    #[error("the signing key set's current key `{0}` is not in the set")]
    UnknownCurrent(String),
    #[error("signing key `{0}` is shorter than {MIN_SECRET_BYTES} bytes")]
    TooShort(String),
    #[error("the signing key secret could not be read from Secrets Manager")]
    Unavailable(#[source] BoxError),
    #[error("the signing key secret has no string value")]
    NotAString,
}

impl SigningKeys {
    pub fn from_json(text: &str) -> Result<Self, KeySetError> {
        let mut members: BTreeMap<String, String> =
            serde_json::from_str(text).map_err(KeySetError::Malformed)?;
        let current = members.remove("current").ok_or(KeySetError::NoCurrent)?;
        if !members.contains_key(&current) {
            return Err(KeySetError::UnknownCurrent(current));
        }
        if let Some((kid, _)) = members
            .iter()
            .find(|(_, secret)| secret.len() < MIN_SECRET_BYTES)
        {
            return Err(KeySetError::TooShort(kid.clone()));
        }
        Ok(Self {
            current,
            secrets: members,
        })
    }

    /// A new set with one random key, for the local server's first start.
    pub fn generate() -> Self {
        let kid = format!("local-{}", uuid::Uuid::now_v7().simple());
        let secret: String = rand::rng()
            .sample_iter(Alphanumeric)
            .take(GENERATED_SECRET_CHARS)
            .map(char::from)
            .collect();
        Self {
            current: kid.clone(),
            secrets: BTreeMap::from([(kid, secret)]),
        }
    }

    pub fn to_json(&self) -> String {
        let mut members = self.secrets.clone();
        members.insert("current".to_owned(), self.current.clone());
        serde_json::to_string(&members).unwrap_or_default()
    }

    /// Reads and validates the set held in the secret `secret_id`.
    #[cfg(feature = "secrets-manager")]
    pub async fn from_secrets_manager(
        client: &SecretsManagerClient,
        secret_id: &str,
    ) -> Result<Self, KeySetError> {
        let output = client
            .get_secret_value()
            .secret_id(secret_id)
            .send()
            .await
            .map_err(|error| KeySetError::Unavailable(Box::new(error)))?;
        Self::from_json(output.secret_string().ok_or(KeySetError::NotAString)?)
    }

    pub fn current_kid(&self) -> &str {
        &self.current
    }

    /// Every key, the current one included, as `(kid, secret)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.secrets
            .iter()
            .map(|(kid, secret)| (kid.as_str(), secret.as_bytes()))
    }

    pub(crate) fn current_secret(&self) -> &[u8] {
        self.secrets[&self.current].as_bytes()
    }
}

impl fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKeys")
            .field("current", &self.current)
            .field("kids", &self.secrets.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn parses_a_rotated_set() {
        let keys = SigningKeys::from_json(&format!(r#"{{"current":"k2","k1":"{A}","k2":"{A}x"}}"#))
            .unwrap();
        assert_eq!(keys.current_kid(), "k2");
        assert_eq!(keys.iter().count(), 2);
        assert_eq!(keys.current_secret(), format!("{A}x").as_bytes());
    }

    #[test]
    fn refuses_bad_sets() {
        let cases = [
            ("[]", "not an object"),
            (r#"{"k1":"x"}"#, "no current"),
            (
                &format!(r#"{{"current":"k9","k1":"{A}"}}"#),
                "current missing",
            ),
            (r#"{"current":"k1","k1":"short"}"#, "short key"),
            (r#"{"current":"k1","k1":7}"#, "number"),
        ];
        for (json, why) in cases {
            assert!(SigningKeys::from_json(json).is_err(), "{why}");
        }
    }

    #[test]
    fn generated_sets_round_trip_and_hide_secrets_in_debug() {
        let keys = SigningKeys::generate();
        let again = SigningKeys::from_json(&keys.to_json()).unwrap();
        assert_eq!(again.current_kid(), keys.current_kid());
        assert_eq!(again.current_secret(), keys.current_secret());
        assert!(keys.current_secret().len() >= MIN_SECRET_BYTES);
        let debug = format!("{keys:?}");
        assert!(!debug.contains(std::str::from_utf8(keys.current_secret()).unwrap()));
    }
}
