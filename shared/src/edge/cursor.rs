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
//! `CURSOR_KEY_SECRET_ID`, on the local server a secret kept in the data file. A new key
//! refuses the cursors the old one sealed; a partner then starts again from the first page.

use aws_lc_rs::aead::{AES_256_GCM_SIV, Aad, NONCE_LEN, Nonce, RandomizedNonceKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::domain::model::PartnerId;
use crate::edge::error::{ApiError, Problem};

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

pub struct Cursors {
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
            key: RandomizedNonceKey::new(&AES_256_GCM_SIV, &key.0)
                .expect("AES-256-GCM-SIV takes a 32-byte key"),
        }
    }

    /// The cursor for `position` in the list `scope` of `partner`.
    pub fn encode(
        &self,
        partner: PartnerId,
        scope: &str,
        position: &str,
    ) -> Result<String, ApiError> {
        let mut sealed = position.as_bytes().to_vec();
        let nonce = self
            .key
            .seal_in_place_append_tag(Aad::from(associated_data(partner, scope)), &mut sealed)
            .map_err(|_| ApiError::internal("sealing a cursor failed"))?;
        let mut cursor = nonce.as_ref().to_vec();
        cursor.extend_from_slice(&sealed);
        Ok(URL_SAFE_NO_PAD.encode(cursor))
    }

    /// The position a cursor stands for, if `partner` got it for the list `scope`.
    pub fn decode(
        &self,
        partner: PartnerId,
        scope: &str,
        cursor: &str,
    ) -> Result<String, ApiError> {
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
    use super::*;

    fn cursors() -> Cursors {
        Cursors::new(&CursorKey::from_secret(&CursorKey::generate_secret()).unwrap())
    }

    #[test]
    fn cursors_round_trip_only_for_their_partner_and_scope() {
        let cursors = cursors();
        let partner = PartnerId::new();
        let scope = "profiles?status=draft";
        let cursor = cursors.encode(partner, scope, "PROFILE#0193").unwrap();
        assert_eq!(
            cursors.decode(partner, scope, &cursor).unwrap(),
            "PROFILE#0193"
        );

        let mut flipped = URL_SAFE_NO_PAD.decode(&cursor).unwrap();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        let refused = [
            cursors.decode(PartnerId::new(), scope, &cursor),
            cursors.decode(partner, "profiles?", &cursor),
            cursors.decode(partner, scope, &URL_SAFE_NO_PAD.encode(flipped)),
            cursors.decode(partner, scope, &cursor[..cursor.len() - 2]),
            cursors.decode(partner, scope, "garbage"),
            cursors.decode(partner, scope, ""),
            cursors.decode(partner, scope, &URL_SAFE_NO_PAD.encode("PROFILE#9")),
            self::cursors().decode(partner, scope, &cursor),
        ];
        for result in refused {
            assert_eq!(result.unwrap_err().code(), "invalid_request");
        }
    }

    #[test]
    fn a_cursor_reveals_nothing_of_its_position() {
        let cursors = cursors();
        let partner = PartnerId::new();
        let position = "PROFILE#0190a7e4-0000-7000-8000-000000000002";
        let first = cursors.encode(partner, "profiles?", position).unwrap();
        let second = cursors.encode(partner, "profiles?", position).unwrap();

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
}
