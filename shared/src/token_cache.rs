//! A bounded cache of verified access tokens, so that a process verifying the same token
//! again (a partner reuses its access token for an hour) skips the Ed25519 verification,
//! about 20 times the cost of HS256's HMAC.
//!
//! Keyed by the SHA-256 of the whole token, so an entry's size does not depend on the
//! token's and only the exact token that was verified finds it. An entry holds the claims
//! and is never served at or after its `exp` (the verification that then runs again
//! applies the leeway and answers `Expired`). The cache holds at most its capacity in
//! entries, evicting by quick_cache's S3-FIFO policy: about 300 bytes each, so 3 MB for
//! [`DEFAULT_CAPACITY`].

use quick_cache::sync::Cache;
use sha2::{Digest, Sha256};

use crate::jwt::Claims;

/// Entries kept by default: more distinct access tokens than one process sees in an hour.
pub const DEFAULT_CAPACITY: usize = 10_000;

/// The cache key of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenKey([u8; 32]);

impl TokenKey {
    pub fn of(token: &str) -> Self {
        Self(Sha256::digest(token.as_bytes()).into())
    }
}

pub struct VerifiedTokens {
    entries: Cache<TokenKey, Claims>,
}

impl VerifiedTokens {
    /// A cache of at most `capacity` entries (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Cache::new(capacity.max(1)),
        }
    }

    /// The claims of a token verified before, if `now` (Unix seconds) is before its `exp`.
    pub fn get(&self, key: &TokenKey, now: i64) -> Option<Claims> {
        let claims = self.entries.get(key)?;
        if now < claims.exp {
            Some(claims)
        } else {
            self.entries.remove(key);
            None
        }
    }

    /// Keeps the claims of a token just verified, unless it is already past its `exp`.
    pub fn insert(&self, key: TokenKey, claims: Claims, now: i64) {
        if now < claims.exp {
            self.entries.insert(key, claims);
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::api_key::ApiKey;
    use crate::domain::model::PartnerId;
    use crate::jwt::TokenType;
    use chrono::{TimeZone, Utc};

    const NOW: i64 = 1_764_072_000;

    fn claims() -> Claims {
        Claims::new(
            TokenType::Access,
            PartnerId::new(),
            &ApiKey::generate().id(),
            Utc.timestamp_opt(NOW, 0).unwrap(),
            "iss",
            "aud",
        )
    }

    #[test]
    fn entries_are_served_until_their_exp_only() {
        let cache = VerifiedTokens::new(16);
        let claims = claims();
        let key = TokenKey::of("a.b.c");
        cache.insert(key, claims.clone(), NOW);
        assert_eq!(cache.get(&key, NOW), Some(claims.clone()));
        assert_eq!(cache.get(&key, claims.exp - 1), Some(claims.clone()));
        assert_eq!(cache.get(&key, claims.exp), None, "not at exp");
        assert!(cache.is_empty(), "an expired entry is dropped when found");
        cache.insert(key, claims.clone(), claims.exp + 10);
        assert!(
            cache.is_empty(),
            "a token verified within the leeway after its exp is not kept"
        );
    }

    #[test]
    fn only_the_exact_token_finds_its_entry() {
        let cache = VerifiedTokens::new(16);
        cache.insert(TokenKey::of("a.b.c"), claims(), NOW);
        for other in ["a.b.c ", "a.b.C", "a.b", ""] {
            assert_eq!(cache.get(&TokenKey::of(other), NOW), None, "{other:?}");
        }
    }

    #[test]
    fn memory_is_bounded_by_the_capacity() {
        let cache = VerifiedTokens::new(100);
        let claims = claims();
        for n in 0..10_000 {
            cache.insert(TokenKey::of(&n.to_string()), claims.clone(), NOW);
        }
        assert!(cache.len() <= 100, "{} entries", cache.len());
    }
}
