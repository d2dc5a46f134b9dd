//! The single-table key design shared by both stores.
//!
//! | record | `PK` | `SK` |
//! |---|---|---|
//! | partner | `PARTNERS` | `PARTNER#<partner>` |
//! | API key | `APIKEY#<key id>` | `APIKEY` |
//! | partner → key ref | `PARTNER#<partner>` | `APIKEY#<key id>` |
//! | profile | `PARTNER#<partner>` | `PROFILE#<profile>` |
//! | submitted snapshot | `PARTNER#<partner>` | `PROFILEDATA#<profile>#SNAPSHOT#<version, 10 digits>` |
//! | analysis, by profile (a copy) | `PARTNER#<partner>` | `PROFILEDATA#<profile>#ANALYSIS#<analysis>` |
//! | analysis | `PARTNER#<partner>` | `ANALYSIS#<analysis>` |
//! | profile reference | `PARTNER#<partner>` | `REF#<reference>` |
//! | idempotency record | `PARTNER#<partner>` | `IDEMPOTENCY#<key>` (TTL 24 h) |
//! | webhook | `PARTNER#<partner>` | `WEBHOOK#<webhook>` |
//! | webhook count (at most 10) | `PARTNER#<partner>` | `WEBHOOKCOUNT` |
//! | local signing keys (embedded only) | `CONFIG` | `SIGNING_KEYS` |
//!
//! Access patterns:
//! - authenticate an API key or a refresh: `GetItem APIKEY#<id>` (the key's id derives
//!   from the presented key's hash; the record carries its partner's status);
//! - list partners (operator): `Query PK = PARTNERS`;
//! - a partner's keys (suspension, operator): `Query PK = PARTNER#<id>, SK begins_with APIKEY#`;
//! - a profile: `GetItem PROFILE#<id>`; a page of profiles: `Query SK begins_with PROFILE#`
//!   (ids are UUIDv7, so sort-key order is creation order);
//! - reference uniqueness: the `REF#` item, written in the same transaction as the profile;
//! - an analysis: `GetItem ANALYSIS#<id>`; a profile's analyses: `Query SK begins_with
//!   PROFILEDATA#<profile>#ANALYSIS#` (the copy is written in the same transaction as
//!   the record);
//! - the worker's inputs: one `BatchGetItem` of the analysis and the snapshot it names;
//! - a partner's webhooks (at most 10): `Query SK begins_with WEBHOOK#`; their count is
//!   kept in step by the transactions that create and delete them;
//! - erasure: everything under `PROFILEDATA#<profile>#` in one `Query` (snapshots and
//!   analysis copies, whose ids lead to the analyses), then the reference and the
//!   idempotency records the profile and its analyses name.
//!
//! Everything a partner owns lives under `PARTNER#<partner>`, so tenant isolation is a
//! property of the key, not of a filter. Records that expire carry `expires_at` (epoch
//! seconds), the table's TTL attribute.

use crate::domain::api_key::ApiKeyId;
use crate::domain::model::{AnalysisId, PartnerId, ProfileId, WebhookId};

pub const PK: &str = "PK";
pub const SK: &str = "SK";
/// The TTL attribute: epoch seconds after which a record may be deleted.
pub const EXPIRES_AT: &str = "expires_at";

pub const PARTNERS: &str = "PARTNERS";
const APIKEY_SK: &str = "APIKEY";
pub const APIKEY_PREFIX: &str = "APIKEY#";
pub const PROFILE_PREFIX: &str = "PROFILE#";
/// What marks a copy of an analysis among a profile's data.
pub const ANALYSIS_COPY: &str = "ANALYSIS#";

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

pub fn profile(partner: PartnerId, id: ProfileId) -> Key {
    (partner_pk(partner), format!("{PROFILE_PREFIX}{id}"))
}

/// Prefix of everything kept under one profile besides the profile itself: its
/// snapshots and the copies of its analyses, so that erasure finds all in one `Query`.
pub fn profile_data_prefix(id: ProfileId) -> String {
    format!("PROFILEDATA#{id}#")
}

pub fn snapshot(partner: PartnerId, id: ProfileId, version: u32) -> Key {
    let prefix = profile_data_prefix(id);
    (
        partner_pk(partner),
        format!("{prefix}SNAPSHOT#{version:010}"),
    )
}

/// Prefix of the copies of one profile's analyses.
pub fn analyses_prefix(profile: ProfileId) -> String {
    format!("{}{ANALYSIS_COPY}", profile_data_prefix(profile))
}

pub fn analysis_copy(partner: PartnerId, profile: ProfileId, id: AnalysisId) -> Key {
    (
        partner_pk(partner),
        format!("{}{id}", analyses_prefix(profile)),
    )
}

pub fn analysis(partner: PartnerId, id: AnalysisId) -> Key {
    (partner_pk(partner), format!("ANALYSIS#{id}"))
}

pub fn reference(partner: PartnerId, reference: &str) -> Key {
    (partner_pk(partner), format!("REF#{reference}"))
}

pub fn idempotency(partner: PartnerId, key: &str) -> Key {
    (partner_pk(partner), format!("IDEMPOTENCY#{key}"))
}

pub const WEBHOOK_PREFIX: &str = "WEBHOOK#";

pub fn webhook(partner: PartnerId, id: WebhookId) -> Key {
    (partner_pk(partner), format!("{WEBHOOK_PREFIX}{id}"))
}

/// The count of a partner's webhooks, which bounds how many it may have.
pub fn webhook_count(partner: PartnerId) -> Key {
    (partner_pk(partner), "WEBHOOKCOUNT".to_owned())
}
