//! Where PartnerB2B keeps its records: the [`Store`] trait, with a DynamoDB
//! implementation for AWS ([`dynamodb`]) and an embedded SQLite one for the local server
//! ([`embedded`]). Both lay records out the same way ([`keys`]) and pass one conformance
//! suite (`tests/src/conformance.rs`).

#[cfg(feature = "dynamodb")]
pub mod dynamodb;
#[cfg(feature = "embedded")]
pub mod embedded;
pub mod keys;

use async_trait::async_trait;

use crate::BoxError;
use crate::domain::api_key::ApiKeyId;
use chrono::{DateTime, Utc};

use crate::domain::model::{
    Analysis, AnalysisId, ApiKeyRecord, DeliveryAttempt, IdempotencyRecord, Page, Partner,
    PartnerId, PartnerStatus, Profile, ProfileFilter, ProfileId, ProfilePatch, ProfileSnapshot,
    Webhook, WebhookId,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    #[error("a record with this key already exists")]
    AlreadyExists,
    #[error("the record changed concurrently")]
    Conflict,
    #[error("the version given does not match the record's")]
    VersionMismatch,
    #[error("the reference is already used by another profile")]
    ReferenceTaken,
    #[error("the idempotency key is already recorded")]
    IdempotencyKeyTaken,
    #[error("the partner has as many webhooks as allowed")]
    LimitReached,
    #[error("the store is unavailable")]
    Unavailable(#[source] BoxError),
    #[error("a stored record could not be read: {0}")]
    Corrupt(String),
}

/// Every access pattern of PartnerB2B. Implementations must behave identically; the
/// round trips each method costs on DynamoDB are stated on the method.
#[async_trait]
pub trait Store: Send + Sync {
    /// Creates `partner` with its first key. `AlreadyExists` if either exists.
    /// DynamoDB: 1 `TransactWriteItems`.
    async fn create_partner(
        &self,
        partner: &Partner,
        first_key: &ApiKeyRecord,
    ) -> Result<(), StoreError>;

    /// DynamoDB: 1 `GetItem`.
    async fn get_partner(&self, id: PartnerId) -> Result<Option<Partner>, StoreError>;

    /// Every partner, oldest first. DynamoDB: 1 `Query` per 1 MB page.
    async fn list_partners(&self) -> Result<Vec<Partner>, StoreError>;

    /// Sets the partner's status and the copy of it on each of its keys.
    /// `NotFound` without such a partner.
    /// DynamoDB: 1 `Query` + 1 `TransactWriteItems` per 99 keys.
    async fn set_partner_status(
        &self,
        id: PartnerId,
        status: PartnerStatus,
    ) -> Result<(), StoreError>;

    /// Adds a key to an existing partner; the record's `partner_status` is set from the
    /// partner. `NotFound` without such a partner, `AlreadyExists` for a duplicate.
    /// DynamoDB: 1 `GetItem` + 1 `TransactWriteItems`.
    async fn add_api_key(&self, key: &ApiKeyRecord) -> Result<ApiKeyRecord, StoreError>;

    /// The key record by id, with its owner's status: all that authentication needs.
    /// DynamoDB: 1 strongly consistent `GetItem`.
    async fn get_api_key(&self, id: &ApiKeyId) -> Result<Option<ApiKeyRecord>, StoreError>;

    /// A partner's keys, oldest first. DynamoDB: 1 `Query` + 1 `BatchGetItem` per 100 keys.
    async fn list_api_keys(&self, partner: PartnerId) -> Result<Vec<ApiKeyRecord>, StoreError>;

    /// Revokes a key for good and returns it. `NotFound` without such a key.
    /// DynamoDB: 1 `UpdateItem`.
    async fn revoke_api_key(&self, id: &ApiKeyId) -> Result<ApiKeyRecord, StoreError>;

    /// Creates a draft profile, claiming its reference and, with `idempotency`, recording
    /// the response. `ReferenceTaken`, `IdempotencyKeyTaken` or `AlreadyExists`; nothing
    /// is written then. DynamoDB: 1 `TransactWriteItems`.
    async fn create_profile(
        &self,
        profile: &Profile,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError>;

    /// DynamoDB: 1 strongly consistent `GetItem`.
    async fn get_profile(
        &self,
        partner: PartnerId,
        id: ProfileId,
    ) -> Result<Option<Profile>, StoreError>;

    /// Up to `limit` of the partner's profiles matching `filter`, oldest first, after the
    /// position `after` (a previous page's `next`). DynamoDB: 1 `Query` per page.
    async fn list_profiles(
        &self,
        partner: PartnerId,
        filter: &ProfileFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Profile>, StoreError>;

    /// Applies `patch`, bumps the version and returns the profile to draft, atomically:
    /// concurrent patches never lose each other's changes. `NotFound`, `VersionMismatch`
    /// when `if_match` is not the current version, `ReferenceTaken`.
    /// DynamoDB: 1 `UpdateItem`; when the reference changes, 1 `GetItem` + 1 `TransactWriteItems`.
    async fn patch_profile(
        &self,
        partner: PartnerId,
        id: ProfileId,
        patch: &ProfilePatch,
        if_match: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Profile, StoreError>;

    /// Submits `profile` as it was read (at its `version`): stores the snapshot of that
    /// version and the submitted profile, and with `idempotency` the response.
    /// `VersionMismatch` if the profile changed since it was read.
    /// DynamoDB: 1 `TransactWriteItems`.
    async fn submit_profile(
        &self,
        profile: &Profile,
        submitted_at: DateTime<Utc>,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<Profile, StoreError>;

    /// The snapshot of a submitted version. DynamoDB: 1 `GetItem`.
    async fn get_snapshot(
        &self,
        partner: PartnerId,
        id: ProfileId,
        version: u32,
    ) -> Result<Option<ProfileSnapshot>, StoreError>;

    /// Erases a profile and everything holding its data: snapshots, analyses, its
    /// reference and its idempotency records. `NotFound` without such a profile.
    /// DynamoDB: 1 `GetItem` + 1 `Query` + 1 `TransactWriteItems` per 100 items.
    async fn delete_profile(&self, partner: PartnerId, id: ProfileId) -> Result<(), StoreError>;

    /// An unexpired idempotency record. DynamoDB: 1 strongly consistent `GetItem`.
    async fn get_idempotency(
        &self,
        partner: PartnerId,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError>;

    /// Records a pending analysis of the submitted version it names, provided the
    /// profile is still submitted at that version (`VersionMismatch` otherwise).
    /// DynamoDB: 1 `TransactWriteItems` (condition on the profile, the analysis, its copy
    /// under the profile, the idempotency record).
    async fn create_analysis(
        &self,
        analysis: &Analysis,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError>;

    /// DynamoDB: 1 strongly consistent `GetItem`.
    async fn get_analysis(
        &self,
        partner: PartnerId,
        id: AnalysisId,
    ) -> Result<Option<Analysis>, StoreError>;

    /// A profile's analyses, oldest first, a page at a time. DynamoDB: 1 `Query`.
    async fn list_analyses(
        &self,
        partner: PartnerId,
        profile: ProfileId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Analysis>, StoreError>;

    /// What the worker needs for one message: the analysis and the snapshot it analyses.
    /// DynamoDB: 1 `BatchGetItem`.
    async fn get_analysis_work(
        &self,
        partner: PartnerId,
        id: AnalysisId,
        profile: ProfileId,
        version: u32,
    ) -> Result<(Option<Analysis>, Option<ProfileSnapshot>), StoreError>;

    /// Stores a completed or failed analysis, only if it is still pending: `Conflict`
    /// when another worker finished it first or it was erased (nothing is recreated).
    /// DynamoDB: 1 `TransactWriteItems`.
    async fn finish_analysis(&self, analysis: &Analysis) -> Result<(), StoreError>;

    /// Notes that the analysis's completion events were queued.
    /// DynamoDB: 1 `UpdateItem`.
    async fn mark_analysis_notified(&self, analysis: &Analysis) -> Result<(), StoreError>;

    /// Removes an analysis that could not be queued. DynamoDB: 1 `TransactWriteItems`.
    async fn discard_analysis(&self, analysis: &Analysis) -> Result<(), StoreError>;

    /// Registers a webhook unless the partner already has `max`: `LimitReached`.
    /// DynamoDB: 1 `TransactWriteItems` (the webhook and the conditional count).
    async fn create_webhook(&self, webhook: &Webhook, max: u32) -> Result<(), StoreError>;

    /// DynamoDB: 1 strongly consistent `GetItem`.
    async fn get_webhook(
        &self,
        partner: PartnerId,
        id: WebhookId,
    ) -> Result<Option<Webhook>, StoreError>;

    /// Every webhook of the partner, oldest first. DynamoDB: 1 `Query`.
    async fn list_webhooks(&self, partner: PartnerId) -> Result<Vec<Webhook>, StoreError>;

    /// `NotFound` without such a webhook. DynamoDB: 1 `TransactWriteItems`.
    async fn delete_webhook(&self, partner: PartnerId, id: WebhookId) -> Result<(), StoreError>;

    /// Records an attempt on the webhook `seen` (as read for the delivery): counters move
    /// atomically, `recent` (the new list of recent attempts) replaces the old one, and
    /// `disable` turns the webhook off. A webhook deleted meanwhile is left deleted.
    /// DynamoDB: 1 `UpdateItem`.
    async fn record_attempt(
        &self,
        seen: &Webhook,
        attempt: &DeliveryAttempt,
        recent: &[DeliveryAttempt],
        disable: Option<&str>,
    ) -> Result<(), StoreError>;
}
