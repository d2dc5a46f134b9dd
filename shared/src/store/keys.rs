//! The single-table key design shared by both stores.
//!
//! | record            | `PK`                 | `SK`                  |
//! |-------------------|----------------------|-----------------------|
//! | partner           | `PARTNERS`           | `PARTNER#<partner>`   |
//! | API key           | `APIKEY#<key id>`    | `APIKEY`              |
//! | partner → key ref | `PARTNER#<partner>`  | `APIKEY#<key id>`     |
//! | local signing keys (embedded only) | `CONFIG` | `SIGNING_KEYS`  |
//!
//! Access patterns:
//! - authenticate an API key or a refresh: `GetItem APIKEY#<id>` (the key's id derives
//!   from the presented key's hash; the record carries its partner's status);
//! - list partners (operator): `Query PK = PARTNERS`;
//! - a partner's keys (suspension, operator): `Query PK = PARTNER#<id>, SK begins_with APIKEY#`.
//!
//! Everything a partner owns lives under `PARTNER#<partner>`, so tenant isolation is a
//! property of the key, not of a filter. Records that expire carry `expires_at` (epoch
//! seconds), the table's TTL attribute.

use crate::api_key::ApiKeyId;
use crate::model::PartnerId;

pub const PK: &str = "PK";
pub const SK: &str = "SK";
/// The TTL attribute: epoch seconds after which a record may be deleted.
pub const EXPIRES_AT: &str = "expires_at";

pub const PARTNERS: &str = "PARTNERS";
const APIKEY_SK: &str = "APIKEY";
pub const APIKEY_PREFIX: &str = "APIKEY#";

/// `(PK, SK)` of a record.
pub type Key = (String, String);

pub fn partner(id: PartnerId) -> Key {
    (PARTNERS.to_owned(), format!("PARTNER#{id}"))
}

pub fn partner_pk(id: PartnerId) -> String {
    format!("PARTNER#{id}")
}

pub fn api_key(id: &ApiKeyId) -> Key {
    (format!("{APIKEY_PREFIX}{id}"), APIKEY_SK.to_owned())
}

pub fn api_key_ref(partner: PartnerId, id: &ApiKeyId) -> Key {
    (partner_pk(partner), format!("{APIKEY_PREFIX}{id}"))
}

pub fn signing_keys() -> Key {
    ("CONFIG".to_owned(), "SIGNING_KEYS".to_owned())
}
