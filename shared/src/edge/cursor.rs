//! Pagination cursors: opaque to partners, tamper-proof and bound to the partner and the
//! list (with its filters) they were issued for.
//!
//! A cursor is `base64url(position) "." base64url(HMAC-SHA256(key, partner | scope | position))`,
//! the key derived from the current signing key ([`TokenService::derive_key`]). A cursor
//! altered, forged, or replayed by another partner or on another list is refused (400).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::domain::model::PartnerId;
use crate::edge::error::{ApiError, Problem};
use crate::jwt::TokenService;

pub struct Cursors {
    mac: Hmac<Sha256>,
}

impl Cursors {
    pub fn new(tokens: &TokenService) -> Self {
        Self {
            mac: Hmac::new_from_slice(&tokens.derive_key("pagination cursor"))
                .expect("HMAC accepts keys of any length"),
        }
    }

    fn tag(&self, partner: PartnerId, scope: &str, position: &str) -> Hmac<Sha256> {
        let mut mac = self.mac.clone();
        for part in [partner.to_string().as_str(), scope, position] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac
    }

    /// The cursor for `position` in the list `scope` of `partner`.
    pub fn encode(&self, partner: PartnerId, scope: &str, position: &str) -> String {
        let tag = self.tag(partner, scope, position).finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(position),
            URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// The position a cursor stands for, if `partner` got it for the list `scope`.
    pub fn decode(
        &self,
        partner: PartnerId,
        scope: &str,
        cursor: &str,
    ) -> Result<String, ApiError> {
        let invalid = || ApiError::invalid_request("cursor", Problem::Cursor);
        let (position, tag) = cursor.split_once('.').ok_or_else(invalid)?;
        let position = URL_SAFE_NO_PAD.decode(position).map_err(|_| invalid())?;
        let position = String::from_utf8(position).map_err(|_| invalid())?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| invalid())?;
        self.tag(partner, scope, &position)
            .verify_slice(&tag)
            .map_err(|_| invalid())?;
        Ok(position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing_keys::SigningKeys;

    fn cursors(keys: &SigningKeys) -> Cursors {
        Cursors::new(&TokenService::new(keys, "i", "a"))
    }

    #[test]
    fn cursors_round_trip_only_for_their_partner_and_scope() {
        let keys = SigningKeys::generate();
        let cursors = cursors(&keys);
        let partner = PartnerId::new();
        let cursor = cursors.encode(partner, "profiles?status=draft", "PROFILE#0193");
        assert_eq!(
            cursors
                .decode(partner, "profiles?status=draft", &cursor)
                .unwrap(),
            "PROFILE#0193"
        );

        let refused = [
            cursors.decode(PartnerId::new(), "profiles?status=draft", &cursor),
            cursors.decode(partner, "profiles?", &cursor),
            cursors.decode(partner, "profiles?status=draft", &cursor.replace('.', "")),
            cursors.decode(partner, "profiles?status=draft", "garbage"),
            cursors.decode(
                partner,
                "profiles?status=draft",
                &format!("{}.x", URL_SAFE_NO_PAD.encode("PROFILE#9")),
            ),
            self::cursors(&SigningKeys::generate()).decode(
                partner,
                "profiles?status=draft",
                &cursor,
            ),
        ];
        for result in refused {
            assert_eq!(result.unwrap_err().code(), "invalid_request");
        }
    }
}
