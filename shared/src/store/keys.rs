//! The single-table key design shared by both stores, and the only place that spells a
//! key: both adapters build every key ([`Key`]) and every range they read ([`Prefix`])
//! with the functions here, and store the two items that are nothing but a pointer
//! ([`ReferenceItem`], [`KeyRef`]) with the types here.
//!
//! | record | `PK` | `SK` |
//! |---|---|---|
//! | partner | `PARTNERS` | `PARTNER#<partner>` |
//! | API key | `APIKEY#<key id>` | `APIKEY` |
//! | partner → key ref | `PARTNER#<partner>` | `APIKEY#<key id>` |
//! | revoked refresh token | `PARTNER#<partner>` | `REVOKED#<jti>` (TTL at the token's expiry) |
//! | profile | `PARTNER#<partner>` | `PROFILE#<profile>` |
//! | submitted snapshot | `PARTNER#<partner>` | `PROFILEDATA#<profile>#SNAPSHOT#<version, 10 digits>` |
//! | its statements, in parts | `PARTNER#<partner>` | `PROFILEDATA#<profile>#SNAPSHOT#<version>#PART#<n, 3 digits>` |
//! | bank statement, in parts | `PARTNER#<partner>` | `PROFILEDATA#<profile>#STATEMENT#<statement>#<n, 3 digits>` |
//! | analysis, by profile (a copy) | `PARTNER#<partner>` | `PROFILEDATA#<profile>#ANALYSIS#<analysis>` |
//! | analysis | `PARTNER#<partner>` | `ANALYSIS#<analysis>` |
//! | decision record of an erased profile's analysis | `PARTNER#<partner>` | `RECORD#<analysis>` (TTL 6 months) |
//! | profile reference | `PARTNER#<partner>` | `REF#<reference>` |
//! | idempotency record | `PARTNER#<partner>` | `IDEMPOTENCY#<key>` (TTL 24 h) |
//! | webhook | `PARTNER#<partner>` | `WEBHOOK#<webhook>` |
//! | webhook count (at most 10) | `PARTNER#<partner>` | `WEBHOOKCOUNT` |
//! | delivery (log) | `PARTNER#<partner>` | `DELIVERY#<webhook>#<webhook-id>` (TTL 30 days) |
//! | event (feed) | `PARTNER#<partner>` | `EVENT#<created_at, epoch µs, 16 digits>#<event>` (TTL 30 days) |
//! | local token key set, Ed25519 (embedded only) | `CONFIG` | `TOKEN_KEYS` |
//! | local decision record key set, Ed25519 (embedded only) | `CONFIG` | `RECORD_KEYS` |
//! | local cursor secret (embedded only) | `CONFIG` | `CURSOR_SECRET` |
//! | usury threshold (operator) | `USURY` | `USURY#<category>#<from, YYYY-MM-DD>` |
//!
//! One sparse index, [`BY_STATUS`]: only profile items carry its partition key
//! [`STATUS_PK`] (`PARTNER#<partner>#STATUS#<status>`, [`profiles_with_status`]), and its
//! sort key is the table's `SK`, so a page of a partner's profiles in one status is one
//! `Query` in creation order, whatever the partner holds in other statuses. The embedded
//! store has the same index on the profile's status (its `schema`).
//!
//! Access patterns:
//! - authenticate an API key or a refresh: `GetItem APIKEY#<id>` (the key's id derives
//!   from the presented key's hash; the record carries its partner's status);
//! - a refresh: one `BatchGetItem` of `APIKEY#<id>` and the token's `REVOKED#<jti>`;
//! - list partners (operator): `Query PK = PARTNERS`;
//! - a partner's keys (suspension, operator): `Query PK = PARTNER#<id>, SK begins_with APIKEY#`;
//! - a profile: `GetItem PROFILE#<id>`; a page of profiles: `Query SK begins_with PROFILE#`
//!   (ids are UUIDv7, so sort-key order is creation order); a page of profiles in one
//!   status: `Query` [`BY_STATUS`] `STATUS_PK = PARTNER#<partner>#STATUS#<status>`;
//! - reference uniqueness: the `REF#` item, written in the same transaction as the profile;
//!   a profile by reference: `GetItem REF#<reference>`, then the profile it names;
//! - an analysis: `GetItem ANALYSIS#<id>`; a profile's analyses: `Query SK begins_with
//!   PROFILEDATA#<profile>#ANALYSIS#` (the copy is written in the same transaction as
//!   the record); its human reviews are a list on both items, appended to both in one
//!   transaction;
//! - a decision record: one `BatchGetItem` of `ANALYSIS#<id>` and `RECORD#<id>` (the
//!   latter written by the erasure that deletes the former, in the same transaction);
//! - the worker's inputs: one `BatchGetItem` of the analysis and the snapshot it names,
//!   then, when the snapshot holds statements, one `Query` of its parts;
//! - a profile's bank statements: their summaries are on the profile item; one
//!   statement's document: `Query SK begins_with PROFILEDATA#<profile>#STATEMENT#<id>#`,
//!   all of them: `... begins_with PROFILEDATA#<profile>#STATEMENT#` (a part is at most
//!   300 kB, so a statement of 2 MB is a handful of items);
//! - a partner's webhooks (at most 10): `Query SK begins_with WEBHOOK#`; their count is
//!   kept in step by the transactions that create and delete them;
//! - a webhook's delivery log, newest first: `Query SK begins_with DELIVERY#<webhook>#`
//!   backwards (a `webhook-id` starts with its event's time); a delivery and its
//!   webhook: one `BatchGetItem`;
//! - the events feed, oldest first: `Query SK BETWEEN EVENT#<since> AND EVENT$`;
//! - erasure: everything under `PROFILEDATA#<profile>#` in one `Query` (snapshots and
//!   analysis copies, whose ids lead to the analyses), then the reference and the
//!   idempotency records the profile, its analyses and their reviews name; each
//!   completed analysis leaves its stripped decision record, `RECORD#<analysis>`.
//!
//! Everything a partner owns lives under `PARTNER#<partner>`, so tenant isolation is a
//! property of the key, not of a filter. Records that expire carry `expires_at` (epoch
//! seconds), the table's TTL attribute.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::api_key::ApiKeyId;
use crate::domain::model::{
    AnalysisId, PartnerId, Profile, ProfileId, ProfileStatus, StatementId, WebhookId,
};

pub const PK: &str = "PK";
pub const SK: &str = "SK";
/// The TTL attribute: epoch seconds after which a record may be deleted.
pub const EXPIRES_AT: &str = "expires_at";
/// The sparse index of profiles by status, keyed [`STATUS_PK`] and [`SK`].
pub const BY_STATUS: &str = "ByStatus";
/// The partition key of [`BY_STATUS`], carried by profile items only.
pub const STATUS_PK: &str = "STATUS_PK";

/// The sparse index of analyses owed a message: only the record (not the copy under the
/// profile) of a pending analysis, or of a reviewed one whose review's event is not queued
/// yet, has its keys, [`PENDING_SHARD`] and [`QUEUED_AT`] (epoch microseconds, a number).
/// The worker's result removes them, a review sets them again, and the worker removes
/// them once the review's event is queued. (Named when it held pending analyses only.)
pub const PENDING_INDEX: &str = "pending";
pub const PENDING_SHARD: &str = "pending_shard";
pub const QUEUED_AT: &str = "queued_at";
/// How many partitions the index [`PENDING_INDEX`] spreads them over, so that no one
/// index partition takes every analysis request; a sweep reads each.
pub const PENDING_SHARDS: u8 = 4;

const PARTNERS: &str = "PARTNERS";
const PARTNER_PREFIX: &str = "PARTNER#";
const APIKEY_SK: &str = "APIKEY";
const APIKEY_PREFIX: &str = "APIKEY#";
/// The sort-key prefix of every profile.
pub const PROFILE_PREFIX: &str = "PROFILE#";
const ANALYSIS_PREFIX: &str = "ANALYSIS#";
const ERASED_RECORD_PREFIX: &str = "RECORD#";
const WEBHOOK_PREFIX: &str = "WEBHOOK#";
const DELIVERY_PREFIX: &str = "DELIVERY#";
/// The sort-key prefix of every event of the feed.
pub const EVENT_PREFIX: &str = "EVENT#";
const USURY: &str = "USURY";

/// `(PK, SK)` of a record.
pub type Key = (String, String);

/// `(PK, SK prefix)` of a set of records read together: those under `PK` whose sort key
/// starts with the prefix, in sort-key order.
pub type Prefix = (String, String);

fn partner_pk(id: PartnerId) -> String {
    format!("{PARTNER_PREFIX}{id}")
}

pub fn partner(id: PartnerId) -> Key {
    (PARTNERS.to_owned(), partner_pk(id))
}

/// Every partner.
pub fn partners() -> Prefix {
    (PARTNERS.to_owned(), PARTNER_PREFIX.to_owned())
}

pub fn api_key(id: &ApiKeyId) -> Key {
    (format!("{APIKEY_PREFIX}{id}"), APIKEY_SK.to_owned())
}

/// The partner's pointer to one of its keys, a [`KeyRef`].
pub fn api_key_ref(partner: PartnerId, id: &ApiKeyId) -> Key {
    (partner_pk(partner), format!("{APIKEY_PREFIX}{id}"))
}

/// The partner's pointers to its keys.
pub fn api_key_refs(partner: PartnerId) -> Prefix {
    (partner_pk(partner), APIKEY_PREFIX.to_owned())
}

/// The mark of a revoked refresh token, a [`RevokedToken`].
pub fn revoked_token(partner: PartnerId, jti: Uuid) -> Key {
    (partner_pk(partner), format!("REVOKED#{jti}"))
}

/// The Ed25519 token key set of the local server ([`crate::key_set`]).
pub fn token_keys() -> Key {
    ("CONFIG".to_owned(), "TOKEN_KEYS".to_owned())
}

/// The local server's Ed25519 key set that signs decision records.
pub fn record_keys() -> Key {
    ("CONFIG".to_owned(), "RECORD_KEYS".to_owned())
}

/// The secret that seals the local server's pagination cursors.
pub fn cursor_secret() -> Key {
    ("CONFIG".to_owned(), "CURSOR_SECRET".to_owned())
}

pub fn profile(partner: PartnerId, id: ProfileId) -> Key {
    (partner_pk(partner), format!("{PROFILE_PREFIX}{id}"))
}

/// The partner's profiles, oldest first (their ids are UUIDv7).
pub fn profiles(partner: PartnerId) -> Prefix {
    (partner_pk(partner), PROFILE_PREFIX.to_owned())
}

/// The partner's profiles in `status`, oldest first: the [`STATUS_PK`] of the index
/// [`BY_STATUS`] and the sort-key prefix of the profiles under it.
pub fn profiles_with_status(partner: PartnerId, status: ProfileStatus) -> Prefix {
    (
        format!("{}#STATUS#{}", partner_pk(partner), status.as_str()),
        PROFILE_PREFIX.to_owned(),
    )
}

/// The [`STATUS_PK`] a profile item carries.
pub fn status_pk(profile: &Profile) -> String {
    profiles_with_status(profile.partner_id, profile.status).0
}

/// Everything kept under one profile besides the profile itself: its snapshots and the
/// copies of its analyses, so that erasure finds all in one `Query`.
pub fn profile_data(partner: PartnerId, id: ProfileId) -> Prefix {
    (partner_pk(partner), format!("PROFILEDATA#{id}#"))
}

pub fn snapshot(partner: PartnerId, id: ProfileId, version: u32) -> Key {
    let (pk, prefix) = profile_data(partner, id);
    (pk, format!("{prefix}SNAPSHOT#{version:010}"))
}

/// The parts of the statements a snapshot holds ([`crate::store::parts`]), in order.
pub fn snapshot_parts(partner: PartnerId, id: ProfileId, version: u32) -> Prefix {
    let (pk, sk) = snapshot(partner, id, version);
    (pk, format!("{sk}#PART#"))
}

/// The parts of every bank statement of a profile, by statement (oldest first) then part.
pub fn statements_of(partner: PartnerId, profile: ProfileId) -> Prefix {
    let (pk, prefix) = profile_data(partner, profile);
    (pk, format!("{prefix}STATEMENT#"))
}

/// The parts of one bank statement, in order.
pub fn statement_parts(partner: PartnerId, profile: ProfileId, id: StatementId) -> Prefix {
    let (pk, prefix) = statements_of(partner, profile);
    (pk, format!("{prefix}{id}#"))
}

/// Part `index` of the document whose parts are under `prefix`.
pub fn part((pk, prefix): &Prefix, index: usize) -> Key {
    (pk.clone(), format!("{prefix}{index:03}"))
}

/// The copies of one profile's analyses, oldest first.
pub fn analyses_of(partner: PartnerId, profile: ProfileId) -> Prefix {
    let (pk, prefix) = profile_data(partner, profile);
    (pk, format!("{prefix}{ANALYSIS_PREFIX}"))
}

pub fn analysis_copy(partner: PartnerId, profile: ProfileId, id: AnalysisId) -> Key {
    let (pk, prefix) = analyses_of(partner, profile);
    (pk, format!("{prefix}{id}"))
}

pub fn analysis(partner: PartnerId, id: AnalysisId) -> Key {
    (partner_pk(partner), format!("{ANALYSIS_PREFIX}{id}"))
}

/// The decision record an analysis leaves when its profile is erased.
pub fn erased_record(partner: PartnerId, id: AnalysisId) -> Key {
    (partner_pk(partner), format!("{ERASED_RECORD_PREFIX}{id}"))
}

/// The partition of the index [`PENDING_INDEX`] that holds `id`'s record.
pub fn pending_shard(id: AnalysisId) -> String {
    let last = id.0.as_bytes()[15];
    (last % PENDING_SHARDS).to_string()
}

/// Every partition of the index [`PENDING_INDEX`].
pub fn pending_shards() -> impl Iterator<Item = String> {
    (0..PENDING_SHARDS).map(|shard| shard.to_string())
}

/// A profile's claim of its reference, a [`ReferenceItem`].
pub fn reference(partner: PartnerId, reference: &str) -> Key {
    (partner_pk(partner), format!("REF#{reference}"))
}

pub fn idempotency(partner: PartnerId, key: &str) -> Key {
    (partner_pk(partner), format!("IDEMPOTENCY#{key}"))
}

pub fn webhook(partner: PartnerId, id: WebhookId) -> Key {
    (partner_pk(partner), format!("{WEBHOOK_PREFIX}{id}"))
}

/// The partner's webhooks, oldest first.
pub fn webhooks(partner: PartnerId) -> Prefix {
    (partner_pk(partner), WEBHOOK_PREFIX.to_owned())
}

/// The log entry of the delivery `id` (its `webhook-id`) to `webhook`.
pub fn delivery(partner: PartnerId, webhook: WebhookId, id: &str) -> Key {
    let (pk, prefix) = deliveries(partner, webhook);
    (pk, format!("{prefix}{id}"))
}

/// The delivery log of `webhook`, oldest first.
pub fn deliveries(partner: PartnerId, webhook: WebhookId) -> Prefix {
    (partner_pk(partner), format!("{DELIVERY_PREFIX}{webhook}#"))
}

/// The sort key of the feed's events from `at` on: `EVENT#` and epoch microseconds.
pub fn events_from(at: DateTime<Utc>) -> String {
    let micros = u64::try_from(at.timestamp_micros()).unwrap_or_default();
    format!("{EVENT_PREFIX}{micros:016}")
}

/// A sort key above every event's: the feed's `BETWEEN` upper bound (`$` follows `#`).
pub const EVENTS_END: &str = "EVENT$";

/// An event of the partner's feed, filed by its time.
pub fn event(partner: PartnerId, created_at: DateTime<Utc>, id: &str) -> Key {
    (
        partner_pk(partner),
        format!("{}#{id}", events_from(created_at)),
    )
}

/// The partner's events feed, oldest first.
pub fn events(partner: PartnerId) -> Prefix {
    (partner_pk(partner), EVENT_PREFIX.to_owned())
}

/// The threshold of a usury category in force from `from`.
pub fn usury_row(category: &str, from: scoring::Date) -> Key {
    (USURY.to_owned(), format!("{USURY}#{category}#{from}"))
}

/// Every usury threshold the operator loaded, by category then date.
pub fn usury_rows() -> Prefix {
    (USURY.to_owned(), format!("{USURY}#"))
}

/// The count of a partner's webhooks, which bounds how many it may have.
pub fn webhook_count(partner: PartnerId) -> Key {
    (partner_pk(partner), "WEBHOOKCOUNT".to_owned())
}

/// The body of a [`reference()`] item: the profile that holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceItem {
    pub profile_id: ProfileId,
}

/// The body of an [`api_key_ref`] item: the key it points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRef {
    pub key_id: ApiKeyId,
}

/// The body of a [`revoked_token`] item, kept until the token would have expired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokedToken {
    pub jti: Uuid,
    pub expires_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stored data is laid out this way: changing a key strands every record under it.
    #[test]
    fn keys_are_the_documented_layout() {
        let partner: PartnerId = "0190a7e4-0000-7000-8000-000000000001".parse().unwrap();
        let profile: ProfileId = "0190a7e4-0000-7000-8000-000000000002".parse().unwrap();
        let analysis: AnalysisId = "0190a7e4-0000-7000-8000-000000000003".parse().unwrap();
        let webhook_id: WebhookId = "0190a7e4-0000-7000-8000-000000000004".parse().unwrap();
        let p = "PARTNER#0190a7e4-0000-7000-8000-000000000001";
        let data = "PROFILEDATA#0190a7e4-0000-7000-8000-000000000002#";
        let key = |pk: &str, sk: &str| (pk.to_owned(), sk.to_owned());

        assert_eq!(super::partner(partner), key("PARTNERS", p));
        assert_eq!(partners(), key("PARTNERS", "PARTNER#"));
        assert_eq!(
            super::profile(partner, profile),
            key(p, "PROFILE#0190a7e4-0000-7000-8000-000000000002")
        );
        assert_eq!(profiles(partner), key(p, "PROFILE#"));
        assert_eq!(
            profiles_with_status(partner, ProfileStatus::Submitted),
            key(&format!("{p}#STATUS#submitted"), "PROFILE#")
        );
        assert_eq!(profile_data(partner, profile), key(p, data));
        assert_eq!(
            snapshot(partner, profile, 7),
            key(p, &format!("{data}SNAPSHOT#0000000007"))
        );
        assert_eq!(
            part(&snapshot_parts(partner, profile, 7), 2),
            key(p, &format!("{data}SNAPSHOT#0000000007#PART#002"))
        );
        let statement: StatementId = "0190a7e4-0000-7000-8000-000000000006".parse().unwrap();
        assert_eq!(
            statements_of(partner, profile),
            key(p, &format!("{data}STATEMENT#"))
        );
        assert_eq!(
            part(&statement_parts(partner, profile, statement), 0),
            key(
                p,
                &format!("{data}STATEMENT#0190a7e4-0000-7000-8000-000000000006#000")
            )
        );
        assert_eq!(
            analyses_of(partner, profile),
            key(p, &format!("{data}ANALYSIS#"))
        );
        assert_eq!(
            analysis_copy(partner, profile, analysis),
            key(
                p,
                &format!("{data}ANALYSIS#0190a7e4-0000-7000-8000-000000000003")
            )
        );
        assert_eq!(
            super::analysis(partner, analysis),
            key(p, "ANALYSIS#0190a7e4-0000-7000-8000-000000000003")
        );
        assert_eq!(
            super::reference(partner, "client-42"),
            key(p, "REF#client-42")
        );
        assert_eq!(idempotency(partner, "k-1"), key(p, "IDEMPOTENCY#k-1"));
        assert_eq!(
            webhook(partner, webhook_id),
            key(p, "WEBHOOK#0190a7e4-0000-7000-8000-000000000004")
        );
        assert_eq!(webhooks(partner), key(p, "WEBHOOK#"));
        assert_eq!(webhook_count(partner), key(p, "WEBHOOKCOUNT"));
        assert_eq!(
            delivery(partner, webhook_id, "msg_1"),
            key(p, "DELIVERY#0190a7e4-0000-7000-8000-000000000004#msg_1")
        );
        assert_eq!(
            deliveries(partner, webhook_id),
            key(p, "DELIVERY#0190a7e4-0000-7000-8000-000000000004#")
        );
        let at: DateTime<Utc> = "2026-12-01T00:00:00.000001Z".parse().unwrap();
        assert_eq!(
            event(partner, at, "evt_1"),
            key(p, "EVENT#1796083200000001#evt_1")
        );
        assert_eq!(events(partner), key(p, "EVENT#"));
        let id: ApiKeyId = "key_0123456789abcdef0123456789abcdef".parse().unwrap();
        assert_eq!(
            api_key(&id),
            key("APIKEY#key_0123456789abcdef0123456789abcdef", "APIKEY")
        );
        assert_eq!(
            api_key_ref(partner, &id),
            key(p, "APIKEY#key_0123456789abcdef0123456789abcdef")
        );
        assert_eq!(api_key_refs(partner), key(p, "APIKEY#"));
        let jti: Uuid = "0190a7e4-0000-7000-8000-000000000005".parse().unwrap();
        assert_eq!(
            revoked_token(partner, jti),
            key(p, "REVOKED#0190a7e4-0000-7000-8000-000000000005")
        );
        assert_eq!(token_keys(), key("CONFIG", "TOKEN_KEYS"));
        assert_eq!(cursor_secret(), key("CONFIG", "CURSOR_SECRET"));
        let from = scoring::Date::new(2026, 1, 1).unwrap();
        assert_eq!(
            usury_row("consumer_le_3000", from),
            key("USURY", "USURY#consumer_le_3000#2026-01-01")
        );
        assert_eq!(usury_rows(), key("USURY", "USURY#"));
    }
}
