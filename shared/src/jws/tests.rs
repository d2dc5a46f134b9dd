use super::*;
use base64::engine::general_purpose::STANDARD;
use chrono::Utc;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{DecodingKey, Header};
use serde_json::{Value, json};

use crate::canonical_json::{canonical_json, canonical_sha256};

/// RFC 8037 appendix A.1's key as PKCS#8 v1 (see `key_set::tests`).
const RFC8037_PKCS8_V1: &str = "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g";

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn keys() -> PrivateKeySet {
    PrivateKeySet::generate(Utc::now()).unwrap()
}

fn record() -> Value {
    let snapshot = json!({"profile": {"income_monthly": "3200.00"}, "statements": []});
    let result = json!({"decision": "favorable", "score": 712});
    json!({
        "analysis_id": "0193a3c2-9c3d-7e20-8f5b-6d7e8f901234",
        "profile_id": "0193a3c2-8b2f-7d10-9e4a-5c6d7e8f9012",
        "profile_version": 3,
        "partner_id": "0193a3c2-7a1e-7c00-8d39-4b5c6d7e8f90",
        "requested_at": "2026-11-25T12:10:00.000000Z",
        "model_version": "hcsf-2026.11",
        "input_sha256": canonical_sha256(&snapshot).unwrap(),
        "result_sha256": canonical_sha256(&result).unwrap(),
        "decision": "favorable",
        "reviews": [{"id": "rev_1", "reviewer": "agent-7", "decision": "review",
                     "created_at": "2026-11-26T08:00:00.000000Z"}],
        "note": "Crédit accordé — \"révisé\""
    })
}

#[test]
fn signs_the_rfc8037_example() {
    // RFC 8037 appendix A.4: the payload "Example of Ed25519 signing" under the protected
    // header {"alg":"EdDSA"}, signed with the key of appendix A.1.
    let pkcs8 = STANDARD.decode(RFC8037_PKCS8_V1).unwrap();
    let key_pair = Ed25519KeyPair::from_pkcs8(&pkcs8).unwrap();
    let jws = compact(
        &b64(br#"{"alg":"EdDSA"}"#),
        b"Example of Ed25519 signing",
        &key_pair,
    )
    .unwrap();
    assert_eq!(
        jws,
        concat!(
            "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.",
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        )
    );
}

#[test]
fn a_record_is_the_signed_canonical_json_of_the_record() {
    let keys = keys();
    let signer = JwsSigner::new(&keys);
    let jws = signer.sign_record(&record()).unwrap();
    let parts: Vec<&str> = jws.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(
        header,
        json!({"alg": "EdDSA", "typ": "JOSE", "cty": "json", "kid": keys.active_kid()})
    );
    assert_eq!(
        URL_SAFE_NO_PAD.decode(parts[1]).unwrap(),
        canonical_json(&record()).unwrap().into_bytes()
    );
    assert_eq!(verify_record(&jws, &keys.public_keys()).unwrap(), record());
    assert_eq!(signer.kid(), keys.active_kid());
}

/// What a partner does with nothing but the JWKS served at `GET /api/v1/keys/` and a
/// mainstream JOSE library (here jsonwebtoken, as any other would): pick the key by `kid`,
/// verify EdDSA, read the payload.
#[test]
fn a_partner_verifies_a_record_with_the_jwks_alone() {
    let keys = keys();
    let jws = JwsSigner::new(&keys).sign_record(&record()).unwrap();
    let published = keys.jwks_json();

    let jwks: JwkSet = serde_json::from_str(&published).unwrap();
    let header = jsonwebtoken::decode_header(&jws).unwrap();
    assert_eq!(header.alg, Algorithm::EdDSA);
    let jwk = jwks.find(header.kid.as_deref().unwrap()).unwrap();
    let key = DecodingKey::from_jwk(jwk).unwrap();
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_aud = false;
    let payload: Value = jsonwebtoken::decode(&jws, &key, &validation)
        .unwrap()
        .claims;
    assert_eq!(payload, record());

    let rotated = {
        let mut keys = keys.clone();
        let next = keys.add_key(Utc::now()).unwrap();
        keys.activate(&next, Utc::now()).unwrap();
        keys.retire_now(&keys.status()[0].kid.clone()).unwrap();
        keys.jwks_json()
    };
    let jwks: JwkSet = serde_json::from_str(&rotated).unwrap();
    assert!(
        jwks.find(header.kid.as_deref().unwrap()).is_none(),
        "a retired key leaves the JWKS: archive the JWK with the record"
    );
}

#[test]
fn forged_or_foreign_records_are_refused() {
    let keys = keys();
    let public = keys.public_keys();
    let signer = JwsSigner::new(&keys);
    let jws = signer.sign_record(&record()).unwrap();
    let parts: Vec<&str> = jws.split('.').collect();
    let header_with = |members: &str| {
        b64(format!(
            r#"{{"alg":"EdDSA","kid":"{}",{members}}}"#,
            keys.active_kid()
        )
        .as_bytes())
    };
    let mut altered = record();
    altered["decision"] = json!("unfavorable");
    let cases = [
        (
            JwsSigner::new(&self::keys())
                .sign_record(&record())
                .unwrap(),
            "signed by another key set",
        ),
        (
            format!(
                "{}.{}.{}",
                parts[0],
                b64(canonical_json(&altered).unwrap().as_bytes()),
                parts[2]
            ),
            "payload altered",
        ),
        (
            signer.sign_token(&record()).unwrap(),
            "a token (typ JWT), not a record",
        ),
        (
            format!(
                "{}.{}.{}",
                header_with(r#""typ":"JOSE""#),
                parts[1],
                parts[2]
            ),
            "no cty",
        ),
        (
            format!(
                "{}.{}.{}",
                header_with(r#""typ":"JOSE","cty":"json","crit":["exp"],"exp":"1""#),
                parts[1],
                parts[2]
            ),
            "crit",
        ),
        (
            format!(
                "{}.{}.",
                b64(br#"{"alg":"none","typ":"JOSE","cty":"json"}"#),
                parts[1]
            ),
            "alg none",
        ),
        (
            jsonwebtoken::encode(
                &Header {
                    typ: Some("JOSE".into()),
                    cty: Some("json".into()),
                    kid: Some(keys.active_kid().into()),
                    ..Header::new(Algorithm::HS256)
                },
                &record(),
                &jsonwebtoken::EncodingKey::from_secret(keys.jwks_json().as_bytes()),
            )
            .unwrap(),
            "HS256 with the JWKS as secret",
        ),
        (format!("{}.{}", parts[0], parts[1]), "no signature"),
        ("garbage".into(), "not a JWS"),
    ];
    for (jws, why) in cases {
        assert!(verify_record(&jws, &public).is_err(), "{why}");
    }
}

#[test]
fn a_record_that_is_not_json_is_not_signed() {
    let signer = JwsSigner::new(&keys());
    let map_with_array_keys = std::collections::BTreeMap::from([([1, 2], "x")]);
    assert!(matches!(
        signer.sign_record(&map_with_array_keys),
        Err(SignError::Payload(_))
    ));
}
