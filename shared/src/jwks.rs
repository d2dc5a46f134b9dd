//! The public side of the token keys: a JWK Set (RFC 7517 section 5) of Ed25519 keys
//! (RFC 8037 section 2), what the verifying functions are configured with and what
//! `GET /api/v1/keys/` serves:
//!
//! ```json
//! {"keys": [{"use": "sig", "alg": "EdDSA", "kid": "kPrK…", "kty": "OKP", "crv": "Ed25519",
//!            "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}
//! ```
//!
//! `x` is the 32-byte public key in base64url without padding (RFC 7515 section 2).
//! [`PublicKeySet::from_jwks_json`] reads such a document from configuration (no network):
//! every key must be `OKP`/`Ed25519` with a unique `kid`; `use`, `alg` and `key_ops`, when
//! present, must allow EdDSA verification; a private member `d` is refused; other members
//! are ignored (RFC 7517 section 4). A key of another type is refused, where RFC 7517
//! section 5 would have a client ignore it: this set is our own configuration, and a key
//! the verifier cannot use is a mistake to report when the function starts.

use std::collections::HashMap;
use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{
    AlgorithmParameters, CommonParameters, EllipticCurve, Jwk, KeyAlgorithm,
    OctetKeyPairParameters, OctetKeyPairType, PublicKeyUse, ThumbprintHash,
};
use serde::Deserialize;
use serde_json::{Map, Value};

pub use jsonwebtoken::jwk::JwkSet;

/// The setting holding the decision records' public keys as a JWKS (`auth` publishes
/// them beside the token keys).
pub const RECORD_PUBLIC_KEYS_SETTING: &str = "RECORD_PUBLIC_KEYS";

/// Length of an Ed25519 public key (RFC 8032 section 5.1.5).
pub const ED25519_PUBLIC_KEY_LEN: usize = 32;

/// Verification keys by `kid`. `Debug` shows the key ids.
#[derive(Clone)]
pub struct PublicKeySet {
    /// Each holds the raw 32-byte key, which is what jsonwebtoken's `from_ed_der` takes
    /// despite its name, and what aws-lc verifies with.
    keys: HashMap<String, DecodingKey>,
}

#[derive(Debug, thiserror::Error)]
pub enum JwksError {
    #[error(
        "the JWKS is not a JSON object with a `keys` array of objects (line {line}, column {column})"
    )]
    Malformed { line: usize, column: usize },
    #[error("the JWKS has no key")]
    NoKeys,
    #[error("key {index} of the JWKS has no string `kid`")]
    MissingKid { index: usize },
    #[error("key id `{0}` appears twice in the JWKS")]
    DuplicateKid(String),
    #[error("key `{kid}` is not an Ed25519 key (`kty` OKP, `crv` Ed25519)")]
    Unsupported { kid: String },
    #[error("key `{kid}` is not for EdDSA signature verification (`use`, `alg` or `key_ops`)")]
    NotForVerification { kid: String },
    #[error("key `{kid}` has no `x` of 32 bytes in base64url without padding")]
    InvalidPublicKey { kid: String },
    #[error("key `{kid}` carries its private part `d`: the JWKS must hold public keys only")]
    PrivatePart { kid: String },
}

#[derive(Deserialize)]
struct Document {
    keys: Vec<Map<String, Value>>,
}

impl PublicKeySet {
    pub fn from_jwks_json(text: &str) -> Result<Self, JwksError> {
        let document: Document =
            serde_json::from_str(text).map_err(|error| JwksError::Malformed {
                line: error.line(),
                column: error.column(),
            })?;
        let mut keys = HashMap::with_capacity(document.keys.len());
        for (index, jwk) in document.keys.iter().enumerate() {
            let (kid, public_key) = read_jwk(index, jwk)?;
            if keys.contains_key(kid) {
                return Err(JwksError::DuplicateKid(kid.to_owned()));
            }
            keys.insert(kid.to_owned(), DecodingKey::from_ed_der(&public_key));
        }
        if keys.is_empty() {
            return Err(JwksError::NoKeys);
        }
        Ok(Self { keys })
    }

    /// From raw 32-byte public keys by `kid`, as a private key set holds them.
    pub(crate) fn from_raw_keys<'a>(keys: impl Iterator<Item = (&'a str, &'a [u8])>) -> Self {
        Self {
            keys: keys
                .map(|(kid, public_key)| (kid.to_owned(), DecodingKey::from_ed_der(public_key)))
                .collect(),
        }
    }

    /// The key that verifies what `kid` signed.
    pub(crate) fn get(&self, kid: &str) -> Option<&DecodingKey> {
        self.keys.get(kid)
    }

    pub fn kids(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }
}

impl fmt::Debug for PublicKeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut kids: Vec<&str> = self.kids().collect();
        kids.sort_unstable();
        f.debug_struct("PublicKeySet").field("kids", &kids).finish()
    }
}

fn read_jwk(index: usize, jwk: &Map<String, Value>) -> Result<(&str, Vec<u8>), JwksError> {
    let member = |name: &str| jwk.get(name).and_then(Value::as_str);
    let kid = member("kid").ok_or(JwksError::MissingKid { index })?;
    let error_kid = || kid.to_owned();
    if member("kty") != Some("OKP") || member("crv") != Some("Ed25519") {
        return Err(JwksError::Unsupported { kid: error_kid() });
    }
    if jwk.contains_key("d") {
        return Err(JwksError::PrivatePart { kid: error_kid() });
    }
    let verifies = match jwk.get("key_ops") {
        None => true,
        Some(Value::Array(operations)) => operations.iter().any(|op| op == "verify"),
        Some(_) => false,
    };
    let allowed = |name: &str, value: &str| jwk.get(name).is_none_or(|found| found == value);
    if !(verifies && allowed("use", "sig") && allowed("alg", "EdDSA")) {
        return Err(JwksError::NotForVerification { kid: error_kid() });
    }
    let public_key = member("x")
        .and_then(|x| URL_SAFE_NO_PAD.decode(x).ok())
        .filter(|bytes| bytes.len() == ED25519_PUBLIC_KEY_LEN)
        .ok_or_else(|| JwksError::InvalidPublicKey { kid: error_kid() })?;
    Ok((kid, public_key))
}

/// The JWK of an Ed25519 public key: `kty` OKP, `crv` Ed25519, `x`, `kid`, `use` sig,
/// `alg` EdDSA.
pub fn jwk(kid: &str, public_key: &[u8]) -> Jwk {
    Jwk {
        common: CommonParameters {
            public_key_use: Some(PublicKeyUse::Signature),
            key_algorithm: Some(KeyAlgorithm::EdDSA),
            key_id: Some(kid.to_owned()),
            ..CommonParameters::default()
        },
        algorithm: AlgorithmParameters::OctetKeyPair(OctetKeyPairParameters {
            key_type: OctetKeyPairType::OctetKeyPair,
            curve: EllipticCurve::Ed25519,
            x: URL_SAFE_NO_PAD.encode(public_key),
        }),
    }
}

/// The JWK Set of the JWKS document `text`, checked as [`PublicKeySet::from_jwks_json`]
/// checks it: what `auth` publishes of the decision record keys, whose private half it
/// does not hold.
pub fn jwk_set_from_json(text: &str) -> Result<JwkSet, JwksError> {
    PublicKeySet::from_jwks_json(text)?;
    serde_json::from_str(text).map_err(|error| JwksError::Malformed {
        line: error.line(),
        column: error.column(),
    })
}

/// `first` and `second` in one set: `DuplicateKid` if a `kid` is in both.
pub fn joined(mut first: JwkSet, second: JwkSet) -> Result<JwkSet, JwksError> {
    for jwk in second.keys {
        if let Some(kid) = &jwk.common.key_id
            && first.find(kid).is_some()
        {
            return Err(JwksError::DuplicateKid(kid.clone()));
        }
        first.keys.push(jwk);
    }
    Ok(first)
}

/// The JWK Set of `(kid, public key)` pairs, in their order.
pub fn jwk_set<'a>(keys: impl Iterator<Item = (&'a str, &'a [u8])>) -> JwkSet {
    JwkSet {
        keys: keys.map(|(kid, public_key)| jwk(kid, public_key)).collect(),
    }
}

/// The RFC 7638 thumbprint (SHA-256, base64url) of an Ed25519 public key: the digest of
/// `{"crv":"Ed25519","kty":"OKP","x":"…"}` (RFC 8037 section 2), used as a generated `kid`.
pub fn thumbprint(public_key: &[u8]) -> String {
    jwk("", public_key).thumbprint(ThumbprintHash::SHA256)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8037 appendix A.2 and A.3.
    const RFC8037_PUBLIC_KEY: &str =
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const RFC8037_X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    const RFC8037_THUMBPRINT: &str = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

    fn public_key() -> Vec<u8> {
        hex::decode(RFC8037_PUBLIC_KEY).unwrap()
    }

    #[test]
    fn the_jwk_and_thumbprint_are_the_rfc_ones() {
        assert_eq!(thumbprint(&public_key()), RFC8037_THUMBPRINT);
        let document =
            serde_json::to_value(jwk_set([("k1", public_key().as_slice())].into_iter())).unwrap();
        assert_eq!(
            document,
            serde_json::json!({"keys": [{
                "kty": "OKP", "crv": "Ed25519", "x": RFC8037_X,
                "kid": "k1", "use": "sig", "alg": "EdDSA"
            }]})
        );
        let keys = PublicKeySet::from_jwks_json(&document.to_string()).unwrap();
        assert_eq!(keys.kids().collect::<Vec<_>>(), ["k1"]);
        assert!(keys.get("k1").is_some());
        assert_eq!(format!("{keys:?}"), r#"PublicKeySet { kids: ["k1"] }"#);
    }

    #[test]
    fn minimal_and_extended_jwks_are_read() {
        let text = format!(
            r#"{{"keys": [
                {{"kty": "OKP", "crv": "Ed25519", "x": "{RFC8037_X}", "kid": "a"}},
                {{"kty": "OKP", "crv": "Ed25519", "x": "{RFC8037_X}", "kid": "b",
                  "key_ops": ["verify"], "x-note": 1}}
            ], "x-published-at": "2026-12-01"}}"#
        );
        let keys = PublicKeySet::from_jwks_json(&text).unwrap();
        let mut kids: Vec<&str> = keys.kids().collect();
        kids.sort_unstable();
        assert_eq!(kids, ["a", "b"]);
    }

    #[test]
    fn malformed_jwks_are_refused() {
        let key = |members: &str| format!(r#"{{"keys": [{{{members}}}]}}"#);
        let good = format!(r#""kty": "OKP", "crv": "Ed25519", "x": "{RFC8037_X}""#);
        let cases: Vec<(String, &str)> = vec![
            ("[]".into(), "not an object"),
            ("{}".into(), "no keys member"),
            (r#"{"keys": {}}"#.into(), "keys not an array"),
            (r#"{"keys": []}"#.into(), "empty"),
            (r#"{"keys": ["k1"]}"#.into(), "a key that is not an object"),
            (key(&good), "no kid"),
            (key(&format!(r#"{good}, "kid": 7"#)), "kid not a string"),
            (
                format!(r#"{{"keys": [{{{good}, "kid": "a"}}, {{{good}, "kid": "a"}}]}}"#),
                "duplicate kid",
            ),
            (
                key(r#""kty": "RSA", "kid": "a", "n": "AQAB", "e": "AQAB""#),
                "RSA key",
            ),
            (
                key(&format!(
                    r#""kty": "EC", "crv": "Ed25519", "x": "{RFC8037_X}", "kid": "a""#
                )),
                "Ed25519 under kty EC",
            ),
            (
                key(&format!(
                    r#""kty": "OKP", "crv": "X25519", "x": "{RFC8037_X}", "kid": "a""#
                )),
                "X25519 key",
            ),
            (
                key(r#""kty": "oct", "k": "c2VjcmV0", "kid": "a""#),
                "symmetric key",
            ),
            (
                key(&format!(r#"{good}, "kid": "a", "use": "enc""#)),
                "use enc",
            ),
            (
                key(&format!(r#"{good}, "kid": "a", "alg": "HS256""#)),
                "alg HS256",
            ),
            (
                key(&format!(r#"{good}, "kid": "a", "alg": "none""#)),
                "alg none",
            ),
            (
                key(&format!(r#"{good}, "kid": "a", "key_ops": ["sign"]"#)),
                "key_ops without verify",
            ),
            (
                key(&format!(
                    r#"{good}, "kid": "a", "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A""#
                )),
                "private part",
            ),
            (key(r#""kty": "OKP", "crv": "Ed25519", "kid": "a""#), "no x"),
            (
                key(&format!(
                    r#""kty": "OKP", "crv": "Ed25519", "kid": "a", "x": "{RFC8037_X}=""#
                )),
                "x padded",
            ),
            (
                key(
                    r#""kty": "OKP", "crv": "Ed25519", "kid": "a", "x": "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo""#,
                ),
                "x in the standard alphabet",
            ),
            (
                key(
                    r#""kty": "OKP", "crv": "Ed25519", "kid": "a", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR""#,
                ),
                "x of 31 bytes",
            ),
        ];
        for (text, why) in cases {
            assert!(PublicKeySet::from_jwks_json(&text).is_err(), "{why}");
        }
    }
}
