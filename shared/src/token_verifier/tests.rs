use super::*;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use jsonwebtoken::{EncodingKey, Header};
use uuid::Uuid;

use crate::domain::api_key::{ApiKey, ApiKeyId};
use crate::domain::model::PartnerId;
use crate::jws::JwsSigner;
use crate::jwt::{ACCESS_TTL, REFRESH_TTL, TokenIssuer};
use crate::key_set::PrivateKeySet;

const ISS: &str = "iss-test";
const AUD: &str = "aud-test";

fn key_set() -> PrivateKeySet {
    PrivateKeySet::generate(Utc::now()).unwrap()
}

fn key_id() -> ApiKeyId {
    ApiKey::generate().id()
}

/// The verifier a function other than `auth` builds: from the JWKS text alone.
fn verifier_of(keys: &PrivateKeySet) -> TokenVerifier {
    TokenVerifier::from_jwks_json(&keys.jwks_json(), ISS, AUD).unwrap()
}

fn claims(token_type: TokenType, nbf_offset: i64, exp_offset: i64) -> Claims {
    let now = Utc::now().timestamp();
    Claims {
        iss: ISS.into(),
        aud: AUD.into(),
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
    URL_SAFE_NO_PAD.encode(bytes)
}

fn access_token(issuer: &TokenIssuer) -> String {
    issuer
        .issue(TokenType::Access, PartnerId::new(), &key_id(), Utc::now())
        .unwrap()
        .token
}

#[test]
fn issued_tokens_verify_with_their_type_lifetime_and_kid() {
    let keys = key_set();
    let issuer = TokenIssuer::new(&keys, ISS, AUD);
    let verifier = verifier_of(&keys);
    let partner = PartnerId::new();
    let now = Utc::now();
    let access = issuer
        .issue(TokenType::Access, partner, &key_id(), now)
        .unwrap();
    let refresh = issuer
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
    let claims = verifier.verify(&access.token, TokenType::Access).unwrap();
    assert_eq!(claims.sub, partner);
    assert_eq!((claims.iss.as_str(), claims.aud.as_str()), (ISS, AUD));
    assert_eq!(claims.exp - claims.iat, 3600);
    let claims = issuer.verify_refresh(&refresh.token).unwrap();
    assert_eq!(claims.exp - claims.iat, 7 * 24 * 3600);
    let header = jsonwebtoken::decode_header(&access.token).unwrap();
    assert_eq!(header.alg, Algorithm::EdDSA);
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    assert_eq!(header.kid.as_deref(), Some(keys.active_kid()));
}

#[test]
fn token_types_are_never_interchangeable_even_from_the_cache() {
    let keys = key_set();
    let issuer = TokenIssuer::new(&keys, ISS, AUD);
    let verifier = verifier_of(&keys);
    let access = access_token(&issuer);
    let refresh = issuer
        .issue(TokenType::Refresh, PartnerId::new(), &key_id(), Utc::now())
        .unwrap()
        .token;
    assert!(verifier.verify(&access, TokenType::Access).is_ok());
    assert_eq!(verifier.cached_tokens(), 1);
    for (token, expected, why) in [
        (
            &access,
            TokenType::Refresh,
            "cached access token as a refresh token",
        ),
        (
            &refresh,
            TokenType::Access,
            "refresh token as an access token",
        ),
    ] {
        assert!(
            matches!(verifier.verify(token, expected), Err(TokenError::Invalid)),
            "{why}"
        );
    }
    assert!(matches!(
        issuer.verify_refresh(&access),
        Err(TokenError::Invalid)
    ));
}

#[test]
fn the_cache_keeps_verified_access_tokens_only() {
    let keys = key_set();
    let issuer = TokenIssuer::new(&keys, ISS, AUD);
    let verifier = verifier_of(&keys);
    let token = access_token(&issuer);
    let first = verifier.verify(&token, TokenType::Access).unwrap();
    let again = verifier.verify(&token, TokenType::Access).unwrap();
    assert_eq!(first, again);
    assert_eq!(verifier.cached_tokens(), 1);

    let refresh = issuer
        .issue(TokenType::Refresh, PartnerId::new(), &key_id(), Utc::now())
        .unwrap()
        .token;
    verifier.verify(&refresh, TokenType::Refresh).unwrap();
    let forged = format!("{}x", &token[..token.len() - 1]);
    assert!(verifier.verify(&forged, TokenType::Access).is_err());
    let expired_within_leeway = issuer.sign(&claims(TokenType::Access, 0, -20)).unwrap();
    verifier
        .verify(&expired_within_leeway, TokenType::Access)
        .unwrap();
    assert_eq!(
        verifier.cached_tokens(),
        1,
        "neither a refresh token, a refused one nor one past its exp is kept"
    );

    let uncached = verifier_of(&keys).with_cache_capacity(0);
    uncached.verify(&token, TokenType::Access).unwrap();
    assert_eq!(uncached.cached_tokens(), 0);
}

#[test]
fn leeway_edges_on_exp_and_nbf() {
    let keys = key_set();
    let issuer = TokenIssuer::new(&keys, ISS, AUD);
    let verifier = verifier_of(&keys).with_cache_capacity(0);
    let sign = |claims: Claims| issuer.sign(&claims).unwrap();
    let verify = |token: String| verifier.verify(&token, TokenType::Access);
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
fn wrong_issuer_audience_or_missing_claims_are_invalid() {
    let keys = key_set();
    let signer = JwsSigner::new(&keys);
    let verifier = verifier_of(&keys);
    let mut wrong_iss = claims(TokenType::Access, 0, 60);
    wrong_iss.iss = "someone-else".into();
    let mut wrong_aud = claims(TokenType::Access, 0, 60);
    wrong_aud.aud = "another-api".into();
    let mut no_nbf = serde_json::to_value(claims(TokenType::Access, 0, 60)).unwrap();
    no_nbf.as_object_mut().unwrap().remove("nbf");
    let mut no_token_type = serde_json::to_value(claims(TokenType::Access, 0, 60)).unwrap();
    no_token_type.as_object_mut().unwrap().remove("token_type");
    for (token, why) in [
        (signer.sign_token(&wrong_iss).unwrap(), "wrong iss"),
        (signer.sign_token(&wrong_aud).unwrap(), "wrong aud"),
        (signer.sign_token(&no_nbf).unwrap(), "no nbf"),
        (signer.sign_token(&no_token_type).unwrap(), "no token_type"),
    ] {
        assert!(
            matches!(
                verifier.verify(&token, TokenType::Access),
                Err(TokenError::Invalid)
            ),
            "{why}"
        );
    }
}

/// Every way around the algorithm pin, the key id or the signature, each refused.
#[test]
fn forged_tokens_are_invalid() {
    let keys = key_set();
    let kid = keys.active_kid().to_owned();
    let issuer = TokenIssuer::new(&keys, ISS, AUD);
    let verifier = verifier_of(&keys);
    let valid = access_token(&issuer);
    let parts: Vec<&str> = valid.split('.').collect();
    let payload = claims(TokenType::Access, 0, 3600);
    let payload_b64 = b64(&serde_json::to_vec(&payload).unwrap());
    let header_b64 =
        |alg: &str| b64(format!(r#"{{"alg":"{alg}","typ":"JWT","kid":"{kid}"}}"#).as_bytes());
    let hmac = |alg: Algorithm, secret: &[u8]| {
        jsonwebtoken::encode(
            &Header {
                kid: Some(kid.clone()),
                ..Header::new(alg)
            },
            &payload,
            &EncodingKey::from_secret(secret),
        )
        .unwrap()
    };
    let jwk = serde_json::to_value(keys.jwks()).unwrap()["keys"][0].clone();
    let x = jwk["x"].as_str().unwrap().to_owned();
    let public_key = URL_SAFE_NO_PAD.decode(&x).unwrap();
    let other_set_same_kid = {
        let other = key_set();
        PrivateKeySet::from_json(&other.to_json().replace(other.active_kid(), &kid)).unwrap()
    };
    let signed_by = |keys: &PrivateKeySet, header: &str| {
        let signer = JwsSigner::new(keys);
        let token = signer.sign_token(&payload).unwrap();
        let rest: Vec<&str> = token.splitn(2, '.').collect();
        format!("{header}.{}", rest[1])
    };
    let cases = [
        (
            format!("{}.{}.", b64(br#"{"alg":"none","typ":"JWT"}"#), parts[1]),
            "alg none",
        ),
        (
            format!("{}.{}.{}", header_b64("none"), parts[1], parts[2]),
            "alg none keeping the signature",
        ),
        (
            format!("{}.{}.{}", header_b64("HS256"), parts[1], parts[2]),
            "header switched to HS256",
        ),
        (
            hmac(Algorithm::HS256, &public_key),
            "HS256 with the public key as secret",
        ),
        (
            hmac(Algorithm::HS256, x.as_bytes()),
            "HS256 with the JWK's x as secret",
        ),
        (
            hmac(Algorithm::HS256, keys.jwks_json().as_bytes()),
            "HS256 with the JWKS as secret",
        ),
        (
            hmac(Algorithm::HS512, &public_key),
            "HS512 with the public key as secret",
        ),
        (
            format!("{}.{}.{}", header_b64("RS256"), parts[1], parts[2]),
            "RS256 header",
        ),
        (
            format!("{}.{}.{}", header_b64("ES256"), parts[1], parts[2]),
            "ES256 header",
        ),
        (
            format!("{}.{}.{}", parts[0], payload_b64, parts[2]),
            "payload replaced",
        ),
        (
            format!(
                "{}.{}.{}",
                parts[0],
                parts[1],
                &parts[2][..parts[2].len() - 2]
            ),
            "signature truncated",
        ),
        (format!("{}.{}.", parts[0], parts[1]), "signature removed"),
        (format!("{}.{}", parts[0], parts[1]), "two parts"),
        (
            signed_by(&keys, &b64(br#"{"alg":"EdDSA","typ":"JWT","kid":"k9"}"#)),
            "unknown kid",
        ),
        (
            signed_by(&keys, &b64(br#"{"alg":"EdDSA","typ":"JWT"}"#)),
            "no kid",
        ),
        (
            signed_by(
                &keys,
                &b64(format!(r#"{{"alg":"EdDSA","kid":"{kid}"}}"#).as_bytes()),
            ),
            "no typ",
        ),
        (
            signed_by(
                &keys,
                &b64(
                    format!(r#"{{"alg":"EdDSA","typ":"JOSE","cty":"json","kid":"{kid}"}}"#)
                        .as_bytes(),
                ),
            ),
            "typ of a decision record",
        ),
        (
            signed_by(
                &keys,
                &b64(format!(
                    r#"{{"alg":"EdDSA","typ":"JWT","kid":"{kid}","crit":["exp"],"exp":"1"}}"#
                )
                .as_bytes()),
            ),
            "crit",
        ),
        (
            JwsSigner::new(&keys).sign_record(&payload).unwrap(),
            "a signed decision record",
        ),
        (
            access_token(&TokenIssuer::new(&key_set(), ISS, AUD)),
            "another key set",
        ),
        (
            access_token(&TokenIssuer::new(&other_set_same_kid, ISS, AUD)),
            "another key under the same kid",
        ),
        ("garbage".to_owned(), "not a JWT"),
        (String::new(), "empty"),
    ];
    for (token, why) in cases {
        assert!(
            matches!(
                verifier.verify(&token, TokenType::Access),
                Err(TokenError::Invalid)
            ),
            "{why}"
        );
    }
    assert_eq!(verifier.cached_tokens(), 0);
}

/// DESIGN section 12: a new key is published before it signs, the old one keeps verifying
/// until its tokens expire, then goes.
#[test]
fn rotation_without_downtime() {
    let now = Utc::now();
    let mut keys = key_set();
    let old_kid = keys.active_kid().to_owned();
    let before = TokenIssuer::new(&keys, ISS, AUD);
    let old_access = access_token(&before);
    let old_refresh = before
        .issue(TokenType::Refresh, PartnerId::new(), &key_id(), now)
        .unwrap()
        .token;

    // 1-2: added and published; still signed by the old key.
    let new_kid = keys.add_key(now).unwrap();
    let published = verifier_of(&keys);
    assert!(published.verify(&old_access, TokenType::Access).is_ok());
    let header =
        jsonwebtoken::decode_header(access_token(&TokenIssuer::new(&keys, ISS, AUD))).unwrap();
    assert_eq!(header.kid.as_deref(), Some(old_kid.as_str()));

    // 3: activated: new tokens carry the new kid; both verify everywhere.
    keys.activate(&new_kid, now).unwrap();
    let after = TokenIssuer::new(&keys, ISS, AUD);
    let new_access = access_token(&after);
    assert_eq!(
        jsonwebtoken::decode_header(&new_access)
            .unwrap()
            .kid
            .as_deref(),
        Some(new_kid.as_str())
    );
    let both = verifier_of(&keys);
    assert!(both.verify(&old_access, TokenType::Access).is_ok());
    assert!(both.verify(&new_access, TokenType::Access).is_ok());
    assert!(after.verify_refresh(&old_refresh).is_ok());
    assert!(
        published.verify(&new_access, TokenType::Access).is_ok(),
        "a verifier deployed at step 2 already knows the new key"
    );

    // 5: retired: the old key's tokens are refused.
    keys.retire(&old_kid, now + crate::key_set::RETIREMENT_DELAY)
        .unwrap();
    let retired = verifier_of(&keys);
    assert!(matches!(
        retired.verify(&old_access, TokenType::Access),
        Err(TokenError::Invalid)
    ));
    assert!(matches!(
        TokenIssuer::new(&keys, ISS, AUD).verify_refresh(&old_refresh),
        Err(TokenError::Invalid)
    ));
    assert!(retired.verify(&new_access, TokenType::Access).is_ok());
}

#[test]
fn a_function_builds_its_verifier_from_its_settings() {
    let keys = key_set();
    let token = access_token(&TokenIssuer::new(&keys, "partnerb2b", "partnerb2b-api"));
    let jwks = keys.jwks_json();
    let settings = |vars: Vec<(&'static str, String)>| {
        Settings::from_lookup(move |name| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| value.clone())
        })
    };
    let verifier =
        TokenVerifier::from_settings(&settings(vec![("TOKEN_PUBLIC_KEYS", jwks.clone())])).unwrap();
    assert!(verifier.verify(&token, TokenType::Access).is_ok());
    let other_audience = TokenVerifier::from_settings(&settings(vec![
        ("TOKEN_PUBLIC_KEYS", jwks),
        ("JWT_AUDIENCE", "another-api".into()),
    ]))
    .unwrap();
    assert!(other_audience.verify(&token, TokenType::Access).is_err());
    assert!(matches!(
        TokenVerifier::from_settings(&settings(vec![])),
        Err(VerifierSettingsError::Missing(ConfigError::Missing(
            "TOKEN_PUBLIC_KEYS"
        )))
    ));
    assert!(matches!(
        TokenVerifier::from_settings(&settings(vec![("TOKEN_PUBLIC_KEYS", "{}".into())])),
        Err(VerifierSettingsError::Jwks(_))
    ));
}

#[test]
fn a_verifier_needs_a_valid_jwks() {
    for jwks in [
        "",
        "{}",
        r#"{"keys": []}"#,
        r#"{"current":"k1","k1":"0123456789abcdef0123456789abcdef"}"#,
    ] {
        assert!(
            TokenVerifier::from_jwks_json(jwks, ISS, AUD).is_err(),
            "{jwks:?}"
        );
    }
}

#[test]
fn built_once_and_shared_by_every_request() {
    fn shared_across_tasks<T: Send + Sync + 'static>() {}
    shared_across_tasks::<TokenVerifier>();
    shared_across_tasks::<TokenIssuer>();
    shared_across_tasks::<JwsSigner>();
    shared_across_tasks::<PrivateKeySet>();
}
