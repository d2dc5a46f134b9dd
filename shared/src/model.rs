//! Domain records kept by the [`crate::store::Store`].

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api_key::{ApiKeyId, KeyHash};

/// A partner's id: a UUIDv7, and the `sub` of its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartnerId(pub Uuid);

impl PartnerId {
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }
}

impl Default for PartnerId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for PartnerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for PartnerId {
    type Err = uuid::Error;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(text).map(Self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerStatus {
    Active,
    Suspended,
}

impl fmt::Display for PartnerStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub id: PartnerId,
    pub name: String,
    pub status: PartnerStatus,
    pub created_at: DateTime<Utc>,
}

impl Partner {
    pub fn new(name: impl Into<String>, now: DateTime<Utc>) -> Self {
        Self {
            id: PartnerId::new(),
            name: name.into(),
            status: PartnerStatus::Active,
            created_at: now,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    Active,
    Revoked,
}

/// A stored API key: its hash, never the key.
///
/// `partner_status` repeats the owner's status so that authenticating with a key is one
/// read; the store keeps the copies in step when a partner is suspended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyRecord {
    pub id: ApiKeyId,
    pub partner_id: PartnerId,
    pub hash: KeyHash,
    pub display_prefix: String,
    pub status: KeyStatus,
    pub partner_status: PartnerStatus,
    pub created_at: DateTime<Utc>,
}

impl ApiKeyRecord {
    /// The record of `key`, for the active partner `partner_id`.
    pub fn new(key: &crate::api_key::ApiKey, partner_id: PartnerId, now: DateTime<Utc>) -> Self {
        Self {
            id: key.id(),
            partner_id,
            hash: key.hash(),
            display_prefix: key.display_prefix(),
            status: KeyStatus::Active,
            partner_status: PartnerStatus::Active,
            created_at: now,
        }
    }

    /// Whether this key may obtain tokens now.
    pub fn is_usable(&self) -> bool {
        self.status == KeyStatus::Active && self.partner_status == PartnerStatus::Active
    }
}
