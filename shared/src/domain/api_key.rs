//! Partner API keys: `pb2b_` + 22 base62 characters (128 random bits) + a 6-character
//! base62 CRC-32 checksum of those 22, so that a mistyped key is refused before any
//! storage read. Only the SHA-256 of a key is stored; its [`ApiKeyId`] is derived from
//! that hash, which makes "find the key presented" a single read by primary key.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub const PREFIX: &str = "pb2b_";
const SECRET_LEN: usize = 22;
const CHECKSUM_LEN: usize = 6;
/// Characters of a key shown in listings (`pb2b_` + the first four of the secret).
const DISPLAY_LEN: usize = PREFIX.len() + 4;

/// A plaintext API key. Its `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ApiKeyFormatError {
    #[error("an API key starts with `pb2b_` and is {} characters long", PREFIX.len() + SECRET_LEN + CHECKSUM_LEN)]
    Shape,
    #[error("the API key's checksum does not match: it was mistyped or truncated")]
    Checksum,
}

impl ApiKey {
    /// A new key from 128 bits of the thread's CSPRNG.
    pub fn generate() -> Self {
        let secret = pad_base62(rand::random::<u128>(), SECRET_LEN);
        let checksum = checksum(&secret);
        Self(format!("{PREFIX}{secret}{checksum}"))
    }

    /// Checks the shape and checksum of a presented key; reads nothing.
    pub fn parse(text: &str) -> Result<Self, ApiKeyFormatError> {
        let body = text.strip_prefix(PREFIX).ok_or(ApiKeyFormatError::Shape)?;
        if body.len() != SECRET_LEN + CHECKSUM_LEN
            || !body.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(ApiKeyFormatError::Shape);
        }
        let (secret, given) = body.split_at(SECRET_LEN);
        if base62::decode(secret).is_err() {
            return Err(ApiKeyFormatError::Shape);
        }
        if checksum(secret).as_bytes().ct_eq(given.as_bytes()).into() {
            Ok(Self(text.to_owned()))
        } else {
            Err(ApiKeyFormatError::Checksum)
        }
    }

    /// The key itself, to show once at creation.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> KeyHash {
        KeyHash(Sha256::digest(self.0.as_bytes()).into())
    }

    pub fn id(&self) -> ApiKeyId {
        self.hash().id()
    }

    /// The first characters, enough for a person to recognise the key in a listing.
    pub fn display_prefix(&self) -> String {
        self.0[..DISPLAY_LEN].to_owned()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({}…)", self.display_prefix())
    }
}

fn pad_base62(value: u128, width: usize) -> String {
    format!("{:0>width$}", base62::encode(value))
}

fn checksum(secret: &str) -> String {
    pad_base62(u128::from(crc32fast::hash(secret.as_bytes())), CHECKSUM_LEN)
}

/// SHA-256 of a key, stored as lowercase hex.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KeyHash([u8; 32]);

impl KeyHash {
    /// Compares in constant time.
    pub fn matches(&self, other: &KeyHash) -> bool {
        self.0.ct_eq(&other.0).into()
    }

    pub fn id(&self) -> ApiKeyId {
        ApiKeyId(format!("key_{}", hex::encode(&self.0[..16])))
    }
}

impl fmt::Debug for KeyHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyHash({})", hex::encode(&self.0[..4]))
    }
}

impl From<KeyHash> for String {
    fn from(hash: KeyHash) -> Self {
        hex::encode(hash.0)
    }
}

impl TryFrom<String> for KeyHash {
    type Error = hex::FromHexError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        let mut bytes = [0; 32];
        hex::decode_to_slice(text, &mut bytes)?;
        Ok(Self(bytes))
    }
}

/// Public identifier of a key: `key_` + the first 128 bits of its hash, in hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ApiKeyId(String);

#[derive(Debug, thiserror::Error)]
#[error("an API key id is `key_` followed by 32 lowercase hexadecimal digits")]
pub struct ApiKeyIdError;

impl ApiKeyId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for ApiKeyId {
    type Err = ApiKeyIdError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let hex = text.strip_prefix("key_").ok_or(ApiKeyIdError)?;
        if hex.len() == 32 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(Self(text.to_owned()))
        } else {
            Err(ApiKeyIdError)
        }
    }
}

impl TryFrom<String> for ApiKeyId {
    type Error = ApiKeyIdError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<ApiKeyId> for String {
    fn from(id: ApiKeyId) -> Self {
        id.0
    }
}

impl fmt::Display for ApiKeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_have_the_documented_shape_and_parse_back() {
        for _ in 0..200 {
            let key = ApiKey::generate();
            let text = key.expose();
            assert!(text.starts_with("pb2b_"));
            assert_eq!(text.len(), 5 + 22 + 6, "{text}");
            assert!(text[5..].bytes().all(|b| b.is_ascii_alphanumeric()));
            assert_eq!(ApiKey::parse(text).unwrap(), key);
        }
    }

    #[test]
    fn keys_are_distinct() {
        let keys: std::collections::HashSet<String> = (0..1000)
            .map(|_| ApiKey::generate().expose().to_owned())
            .collect();
        assert_eq!(keys.len(), 1000);
    }

    #[test]
    fn every_single_character_typo_is_caught_by_the_checksum() {
        let key = ApiKey::generate();
        let text = key.expose();
        for position in 5..text.len() {
            let original = text.as_bytes()[position];
            let replacement = if original == b'a' { b'b' } else { b'a' };
            let mut typo = text.as_bytes().to_vec();
            typo[position] = replacement;
            let typo = String::from_utf8(typo).unwrap();
            assert!(
                ApiKey::parse(&typo).is_err(),
                "typo at {position} accepted: {typo}"
            );
        }
    }

    #[test]
    fn malformed_keys_are_refused() {
        let valid = ApiKey::generate().expose().to_owned();
        let cases = [
            ("", "empty"),
            ("pb2b_", "prefix only"),
            (&valid[..valid.len() - 1], "truncated"),
            (&valid[5..], "no prefix"),
            (
                "sk_live_abcdefghijklmnopqrstuvwxyz012",
                "another vendor's key",
            ),
        ];
        for (text, why) in cases {
            assert!(ApiKey::parse(text).is_err(), "{why}");
        }
        let mut swapped = valid.clone();
        swapped.replace_range(6..7, "!");
        assert_eq!(ApiKey::parse(&swapped), Err(ApiKeyFormatError::Shape));
    }

    #[test]
    fn hash_is_sha256_hex_and_id_derives_from_it() {
        let key = ApiKey::generate();
        let hash = key.hash();
        let hex_text = String::from(hash);
        assert_eq!(hex_text.len(), 64);
        assert_eq!(
            hex_text,
            hex::encode(Sha256::digest(key.expose().as_bytes()))
        );
        assert_eq!(KeyHash::try_from(hex_text.clone()).unwrap(), hash);
        assert!(hash.matches(&key.hash()));
        assert!(!hash.matches(&ApiKey::generate().hash()));
        let id = key.id();
        assert_eq!(id.as_str(), format!("key_{}", &hex_text[..32]));
        assert_eq!(id.as_str().parse::<ApiKeyId>().unwrap(), id);
        assert!("key_XYZ".parse::<ApiKeyId>().is_err());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let key = ApiKey::generate();
        let debug = format!("{key:?}");
        assert!(!debug.contains(&key.expose()[10..]), "{debug}");
    }
}
