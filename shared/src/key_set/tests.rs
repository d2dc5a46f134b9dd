use super::*;
use chrono::TimeZone;

/// RFC 8037 appendix A.1's private key (the RFC 8032 test 1 seed) as PKCS#8 v1, the form
/// `openssl genpkey -algorithm ed25519 -outform DER` writes: the 16-byte prefix of
/// RFC 8410 section 7 and the 32-byte seed.
const RFC8037_PKCS8_V1: &str = "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g";
const RFC8037_X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, day, 9, 0, 0).unwrap()
}

fn rfc_set() -> String {
    format!(
        r#"{{"active": "rfc", "keys": [{{"kid": "rfc", "private_key": "{RFC8037_PKCS8_V1}",
            "created_at": "2026-12-01T09:00:00Z"}}]}}"#
    )
}

#[test]
fn reads_an_openssl_key_and_publishes_the_rfc_jwk() {
    let keys = PrivateKeySet::from_json(&rfc_set()).unwrap();
    assert_eq!(keys.active_kid(), "rfc");
    let jwks = serde_json::to_value(keys.jwks()).unwrap();
    assert_eq!(
        jwks,
        serde_json::json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X,
            "kid": "rfc", "use": "sig", "alg": "EdDSA"}]})
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&keys.jwks_json()).unwrap(),
        jwks
    );
    let again = PrivateKeySet::from_json(&keys.to_json()).unwrap();
    assert_eq!(
        again.to_json(),
        keys.to_json(),
        "to_json writes back what it read"
    );
    assert!(keys.to_json().contains(RFC8037_PKCS8_V1));
}

#[test]
fn generated_sets_round_trip_and_name_keys_by_thumbprint() {
    let keys = PrivateKeySet::generate(at(1)).unwrap();
    let jwks = keys.jwks();
    let x = match &jwks.keys[0].algorithm {
        jsonwebtoken::jwk::AlgorithmParameters::OctetKeyPair(okp) => okp.x.clone(),
        other => panic!("{other:?}"),
    };
    let public_key = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(x)
        .unwrap();
    assert_eq!(keys.active_kid(), jwks::thumbprint(&public_key));
    let again = PrivateKeySet::from_json(&keys.to_json()).unwrap();
    assert_eq!(again.active_kid(), keys.active_kid());
    assert_eq!(again.jwks(), keys.jwks());
    assert_eq!(again.status(), keys.status());
    assert_ne!(
        PrivateKeySet::generate(at(1)).unwrap().active_kid(),
        keys.active_kid()
    );
}

#[test]
fn debug_and_errors_never_show_key_material() {
    let keys = PrivateKeySet::from_json(&rfc_set()).unwrap();
    let debug = format!("{keys:?}");
    assert_eq!(debug, r#"PrivateKeySet { active: "rfc", kids: ["rfc"] }"#);
    let secret_prefix = &RFC8037_PKCS8_V1[..24];
    let broken = [
        rfc_set().replace(r#""created_at""#, r#""created""#),
        rfc_set().replace(RFC8037_PKCS8_V1, &RFC8037_PKCS8_V1[1..]),
        rfc_set().replace(
            &format!(r#""private_key": "{RFC8037_PKCS8_V1}""#),
            &format!(r#""private_key": ["{RFC8037_PKCS8_V1}"]"#),
        ),
        rfc_set().replace(
            r#""keys": ["#,
            &format!(r#""keys": "{RFC8037_PKCS8_V1}", "x": ["#),
        ),
        rfc_set().replace(
            r#""kid": "rfc""#,
            &format!(r#""kid": "{RFC8037_PKCS8_V1}""#),
        ),
        rfc_set().replace(
            r#""active": "rfc""#,
            &format!(r#""active": "{RFC8037_PKCS8_V1}""#),
        ),
        rfc_set().replace(r#""active": "rfc""#, r#""active": "k9""#),
    ];
    for text in broken {
        let error = PrivateKeySet::from_json(&text).unwrap_err();
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(secret_prefix), "{shown}");
        }
    }
}

#[test]
fn refuses_malformed_sets() {
    let entry = |kid: &str, key: &str| {
        format!(
            r#"{{"kid": "{kid}", "private_key": "{key}", "created_at": "2026-12-01T09:00:00Z"}}"#
        )
    };
    let set = |active: &str, entries: &[String]| {
        format!(
            r#"{{"active": "{active}", "keys": [{}]}}"#,
            entries.join(",")
        )
    };
    let good = entry("a", RFC8037_PKCS8_V1);
    let other_key = PrivateKeySet::generate(at(1)).unwrap();
    let other: serde_json::Value = serde_json::from_str(&other_key.to_json()).unwrap();
    let other_pkcs8 = other["keys"][0]["private_key"].as_str().unwrap().to_owned();
    let cases: Vec<(String, &str)> = vec![
        ("[]".into(), "not an object"),
        (
            r#"{"current": "k1", "k1": "secret"}"#.into(),
            "the HS256 shape",
        ),
        (set("a", &[]), "no keys"),
        (
            set("b", std::slice::from_ref(&good)),
            "active not in the set",
        ),
        (
            set("a", &[good.clone(), entry("a", &other_pkcs8)]),
            "duplicate kid",
        ),
        (
            set("a", &[good.clone(), entry("b", RFC8037_PKCS8_V1)]),
            "same key twice",
        ),
        (set("", &[entry("", RFC8037_PKCS8_V1)]), "empty kid"),
        (
            set("a b", &[entry("a b", RFC8037_PKCS8_V1)]),
            "kid with a space",
        ),
        (
            set(&"k".repeat(65), &[entry(&"k".repeat(65), RFC8037_PKCS8_V1)]),
            "kid too long",
        ),
        (set("a", &[entry("a", "not base64!")]), "not base64"),
        (
            set("a", &[entry("a", "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v")]),
            "truncated PKCS#8",
        ),
        (
            set(
                "a",
                &[entry(
                    "a",
                    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgevZzL1gdAFr88hb2OF/2NxApJCzGCEDdfSp6VQO30hyhRANCAAQRWz+jn65BtOMvdyHKcvjBeBSDZH2r1RTwjmYSi9R/zpBnuQ4EiMnCqfMPWiZqB4QdbAd0E7oH50VpuZ1P087G",
                )],
            ),
            "a P-256 key",
        ),
        (
            good.replace(
                r#""created_at": "2026-12-01T09:00:00Z""#,
                r#""created_at": "yesterday""#,
            )
            .pipe(|entry| set("a", &[entry])),
            "created_at not RFC 3339",
        ),
        (
            set("a", &[good.replace('}', r#", "note": "x"}"#)]),
            "unknown member in a key",
        ),
        (
            set("a", std::slice::from_ref(&good)).replace(r#""active""#, r#""actve""#),
            "misspelt active",
        ),
    ];
    for (text, why) in cases {
        assert!(PrivateKeySet::from_json(&text).is_err(), "{why}");
    }
}

trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}

impl Pipe for String {}

#[test]
fn rotation_moves_the_active_key_and_retires_only_after_the_delay() {
    let mut keys = PrivateKeySet::generate(at(1)).unwrap();
    let first = keys.active_kid().to_owned();
    let second = keys.add_key(at(7)).unwrap();
    assert_eq!(keys.active_kid(), first, "an added key does not sign");
    assert_eq!(keys.jwks().keys.len(), 2, "but it is published");

    keys.activate(&second, at(8)).unwrap();
    assert_eq!(keys.active_kid(), second);
    let status = keys.status();
    assert_eq!(status[0].deactivated_at, Some(at(8)));
    assert_eq!(status[0].retirable_from, Some(at(8) + RETIREMENT_DELAY));
    assert_eq!(status[1].retirable_from, None);
    assert!(status[1].active);

    assert!(matches!(
        keys.retire(&second, at(30)),
        Err(PrivateKeySetError::RetireActive(_))
    ));
    assert!(matches!(
        keys.retire(&first, at(15)),
        Err(PrivateKeySetError::TooEarly { earliest, .. }) if earliest == at(15) + chrono::Duration::hours(1)
    ));
    keys.retire(&first, at(15) + chrono::Duration::hours(1))
        .unwrap();
    assert_eq!(keys.status().len(), 1);
    assert_eq!(keys.active_kid(), second);
    assert!(matches!(
        keys.retire(&first, at(30)),
        Err(PrivateKeySetError::UnknownKid(_))
    ));
    assert!(matches!(
        keys.activate("nope", at(30)),
        Err(PrivateKeySetError::UnknownKid(_))
    ));
    let stored = PrivateKeySet::from_json(&keys.to_json()).unwrap();
    assert_eq!(stored.status(), keys.status());
}

#[test]
fn a_key_that_never_signed_or_a_compromised_one_goes_at_once() {
    let mut keys = PrivateKeySet::generate(at(1)).unwrap();
    let first = keys.active_kid().to_owned();
    let unused = keys.add_key(at(2)).unwrap();
    keys.retire(&unused, at(2)).unwrap();
    let second = keys.add_key(at(3)).unwrap();
    keys.activate(&second, at(3)).unwrap();
    keys.retire_now(&first).unwrap();
    assert_eq!(keys.active_kid(), second);
    assert!(matches!(
        keys.retire_now(&second),
        Err(PrivateKeySetError::RetireActive(_))
    ));
    let kids: Vec<String> = keys.status().into_iter().map(|status| status.kid).collect();
    assert_eq!(kids, [second]);
}

#[test]
fn the_retirement_delay_outlives_a_refresh_token() {
    assert_eq!(
        RETIREMENT_DELAY,
        crate::jwt::REFRESH_TTL + chrono::Duration::hours(1)
    );
}

#[cfg(feature = "embedded")]
#[test]
fn the_local_data_file_keeps_one_set() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("data.sqlite");
    let store = crate::store::embedded::EmbeddedStore::open(&path).unwrap();
    let first = store.token_keys().unwrap();
    let again = crate::store::embedded::EmbeddedStore::open(&path)
        .unwrap()
        .token_keys()
        .unwrap();
    assert_eq!(again.to_json(), first.to_json());

    let mut rotated = first.clone();
    let next = rotated.add_key(at(2)).unwrap();
    rotated.activate(&next, at(3)).unwrap();
    store.save_token_keys(&rotated).unwrap();
    let reread = crate::store::embedded::EmbeddedStore::open(&path)
        .unwrap()
        .token_keys()
        .unwrap();
    assert_eq!(reread.active_kid(), next);
    assert_eq!(reread.status(), rotated.status());
}
