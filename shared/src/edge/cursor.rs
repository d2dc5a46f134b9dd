//! Pagination cursors: opaque to partners, tamper-proof and bound to the partner and the
//! list (with its filters) they were issued for.
//!
//! A cursor is `base64url(nonce | AES-256-GCM-SIV(position) | tag)`, sealed with the
//! partner and the list's scope as associated data: what it holds (a store position,
//! which names internal keys) cannot be read, and a cursor altered, forged, or replayed by
//! another partner or on another list fails to open and is refused (400).
//!
//! The key is a [`CursorKey`] of its own, not derived from the token keys, so that
//! changing how tokens are signed leaves cursors alone: on AWS the Secrets Manager secret
//! `CURSOR_KEY_SECRET_ID`, read at the first cursor a container seals or opens (so that a
//! function's init reads no secret, [`Cursors::loading`]), on the local server a secret
//! kept in the data file. A new key refuses the cursors the old one sealed; a partner then
//! starts again from the first page.

use aws_lc_rs::aead::{AES_256_GCM_SIV, Aad, NONCE_LEN, Nonce, RandomizedNonceKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::domain::model::PartnerId;
use crate::edge::error::{ApiError, Problem};
use crate::edge::loaded::{Load, LoadedOnce};

/// The fewest characters a cursor secret may have (the generated ones have 43 or 64).
const MIN_SECRET_LEN: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum CursorKeyError {
    #[error("a cursor secret needs at least {MIN_SECRET_LEN} characters")]
    TooShort,
}

/// The key that seals cursors: the SHA-256 of a secret text.
pub struct CursorKey([u8; 32]);

impl CursorKey {
    /// The key from a secret's text (the 64 generated characters of the AWS secret, or
    /// [`CursorKey::generate_secret`]'s).
    pub fn from_secret(secret: &str) -> Result<Self, CursorKeyError> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(CursorKeyError::TooShort);
        }
        Ok(Self(Sha256::digest(secret.as_bytes()).into()))
    }

    /// A new secret: 32 random bytes, base64url.
    pub fn generate_secret() -> String {
        let mut bytes = [0u8; 32];
        aws_lc_rs::rand::fill(&mut bytes).expect("the system's random source");
        URL_SAFE_NO_PAD.encode(bytes)
    }
}

/// Fetches the cursor key where it is kept (Secrets Manager on AWS).
pub type LoadCursorKey = Load<CursorKey>;

/// Seals and opens cursors; its key given at once ([`Cursors::new`]) or fetched at the
/// first use ([`Cursors::loading`]).
pub struct Cursors {
    sealer: LoadedOnce<Sealer>,
}

/// The AEAD key itself.
struct Sealer {
    key: RandomizedNonceKey,
}

fn associated_data(partner: PartnerId, scope: &str) -> Vec<u8> {
    let partner = partner.to_string();
    let mut data = Vec::with_capacity(16 + partner.len() + scope.len());
    for part in [partner.as_str(), scope] {
        data.extend_from_slice(&(part.len() as u64).to_be_bytes());
        data.extend_from_slice(part.as_bytes());
    }
    data
}

impl Cursors {
    pub fn new(key: &CursorKey) -> Self {
        Self {
            sealer: LoadedOnce::ready(Sealer::new(key)),
        }
    }

    /// Cursors whose key `load` fetches when the first cursor is sealed or opened. A
    /// failed fetch answers that request `503 service_unavailable` and is tried again by
    /// the next one.
    pub fn loading(load: LoadCursorKey) -> Self {
        Self {
            sealer: LoadedOnce::loading(Box::new(move || {
                let key = load();
                Box::pin(async move { Ok(Sealer::new(&key.await?)) })
            })),
        }
    }

    async fn sealer(&self) -> Result<&Sealer, ApiError> {
        self.sealer.get().await
    }

    /// The cursor for `position` in the list `scope` of `partner`.
    pub async fn encode(
        &self,
        partner: PartnerId,
        scope: &str,
        position: &str,
    ) -> Result<String, ApiError> {
        self.sealer().await?.encode(partner, scope, position)
    }

    /// The position a cursor stands for, if `partner` got it for the list `scope`.
    pub async fn decode(
        &self,
        partner: PartnerId,
        scope: &str,
        cursor: &str,
    ) -> Result<String, ApiError> {
        self.sealer().await?.decode(partner, scope, cursor)
    }
}

impl Sealer {
    fn new(key: &CursorKey) -> Self {
        Self {
            key: RandomizedNonceKey::new(&AES_256_GCM_SIV, &key.0)
                .expect("AES-256-GCM-SIV takes a 32-byte key"),
        }
    }

    fn encode(&self, partner: PartnerId, scope: &str, position: &str) -> Result<String, ApiError> {
        let mut sealed = position.as_bytes().to_vec();
        let nonce = self
            .key
            .seal_in_place_append_tag(Aad::from(associated_data(partner, scope)), &mut sealed)
            .map_err(|_| ApiError::internal("sealing a cursor failed"))?;
        let mut cursor = nonce.as_ref().to_vec();
        cursor.extend_from_slice(&sealed);
        Ok(URL_SAFE_NO_PAD.encode(cursor))
    }

    fn decode(&self, partner: PartnerId, scope: &str, cursor: &str) -> Result<String, ApiError> {
        let invalid = || ApiError::invalid_request("cursor", Problem::Cursor);
        let mut bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
        if bytes.len() < NONCE_LEN {
            return Err(invalid());
        }
        let mut sealed = bytes.split_off(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(&bytes).map_err(|_| invalid())?;
        let position = self
            .key
            .open_in_place(
                nonce,
                Aad::from(associated_data(partner, scope)),
                &mut sealed,
            )
            .map_err(|_| invalid())?;
        String::from_utf8(position.to_vec()).map_err(|_| invalid())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn cursors() -> Cursors {
        Cursors::new(&CursorKey::from_secret(&CursorKey::generate_secret()).unwrap())
    }

    #[tokio::test]
    async fn cursors_round_trip_only_for_their_partner_and_scope() {
        let cursors = cursors();
        let partner = PartnerId::new();
        let scope = "profiles?status=draft";
        let cursor = cursors
            .encode(partner, scope, "PROFILE#0193")
            .await
            .unwrap();
        assert_eq!(
            cursors.decode(partner, scope, &cursor).await.unwrap(),
            "PROFILE#0193"
        );

        let mut flipped = URL_SAFE_NO_PAD.decode(&cursor).unwrap();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        let other_key = self::cursors();
        let refused = [
            (
                &cursors,
                PartnerId::new(),
                scope,
                cursor.clone(),
                "another partner",
            ),
            (
                &cursors,
                partner,
                "profiles?",
                cursor.clone(),
                "another scope",
            ),
            (
                &cursors,
                partner,
                scope,
                URL_SAFE_NO_PAD.encode(flipped),
                "a flipped bit",
            ),
            (
                &cursors,
                partner,
                scope,
                cursor[..cursor.len() - 2].to_owned(),
                "truncated",
            ),
            (
                &cursors,
                partner,
                scope,
                "garbage".to_owned(),
                "not base64url",
            ),
            (&cursors, partner, scope, String::new(), "empty"),
            (
                &cursors,
                partner,
                scope,
                URL_SAFE_NO_PAD.encode("PROFILE#9"),
                "not sealed",
            ),
            (&other_key, partner, scope, cursor.clone(), "another key"),
        ];
        for (cursors, partner, scope, cursor, why) in refused {
            let error = cursors.decode(partner, scope, &cursor).await.unwrap_err();
            assert_eq!(error.code(), "invalid_request", "{why}");
        }
    }

    #[tokio::test]
    async fn a_cursor_reveals_nothing_of_its_position() {
        let cursors = cursors();
        let partner = PartnerId::new();
        let position = "PROFILE#0190a7e4-0000-7000-8000-000000000002";
        let first = cursors
            .encode(partner, "profiles?", position)
            .await
            .unwrap();
        let second = cursors
            .encode(partner, "profiles?", position)
            .await
            .unwrap();

        assert_ne!(first, second, "a fresh nonce each time");
        for cursor in [&first, &second] {
            let bytes = URL_SAFE_NO_PAD.decode(cursor).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("PROFILE"), "{cursor}");
            assert!(!cursor.contains("UFJPRklMRS"), "{cursor}");
        }
    }

    #[test]
    fn a_secret_must_be_long_enough() {
        assert!(CursorKey::from_secret("short").is_err());
        assert!(CursorKey::from_secret(&CursorKey::generate_secret()).is_ok());
    }

    /// Cursors whose loader fails `failures` times, then serves `secret`; and its call count.
    fn loading(failures: usize, secret: String) -> (Cursors, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = calls.clone();
        let cursors = Cursors::loading(Box::new(move || {
            let call = counted.fetch_add(1, Ordering::SeqCst);
            let secret = secret.clone();
            Box::pin(async move {
                if call < failures {
                    return Err("secret store down".into());
                }
                Ok(CursorKey::from_secret(&secret)?)
            })
        }));
        (cursors, calls)
    }

    #[tokio::test]
    async fn a_loading_key_is_fetched_once_at_first_use() {
        let secret = CursorKey::generate_secret();
        let (cursors, calls) = loading(0, secret.clone());
        assert_eq!(
            calls.load(Ordering::SeqCst),
            0,
            "nothing fetched when built"
        );

        let partner = PartnerId::new();
        let cursor = cursors.encode(partner, "s", "P#1").await.unwrap();
        assert_eq!(cursors.decode(partner, "s", &cursor).await.unwrap(), "P#1");
        assert_eq!(calls.load(Ordering::SeqCst), 1, "fetched once, then kept");

        let eager = Cursors::new(&CursorKey::from_secret(&secret).unwrap());
        assert_eq!(
            eager.decode(partner, "s", &cursor).await.unwrap(),
            "P#1",
            "the same key either way"
        );
    }

    #[tokio::test]
    async fn a_failed_fetch_is_a_503_and_the_next_use_tries_again() {
        let (cursors, calls) = loading(1, CursorKey::generate_secret());
        let partner = PartnerId::new();
        let error = cursors.encode(partner, "s", "P#1").await.unwrap_err();
        assert_eq!(error.code(), "service_unavailable");
        assert!(cursors.encode(partner, "s", "P#1").await.is_ok());
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
