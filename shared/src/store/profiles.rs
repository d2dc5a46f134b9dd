//! Profiles, the snapshots their submissions freeze, and the idempotency records that
//! hold responses about them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::model::{
    IdempotencyRecord, Page, PartnerId, Profile, ProfileFilter, ProfileId, ProfilePatch,
    ProfileSnapshot,
};

#[async_trait]
pub trait ProfileStore: Send + Sync {
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
    /// position `after` (a previous page's `next`); fewer only on the last page, whose
    /// `next` is `None`. Every read is proportional to the page, not to the partner:
    /// DynamoDB: 1 `Query` per page (of the index [`keys::BY_STATUS`] with a status);
    /// with a reference, 2 `GetItem` (its claim, then the profile) and one page.
    ///
    /// [`keys::BY_STATUS`]: crate::store::keys::BY_STATUS
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
    /// `VersionMismatch` if the profile changed since it was read, erasure included.
    /// The snapshot carries the profile's bank statements (documents included).
    /// DynamoDB: 1 `TransactWriteItems`, after 1 `Query` of the statements' parts when
    /// the profile has statements.
    async fn submit_profile(
        &self,
        profile: &Profile,
        submitted_at: DateTime<Utc>,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<Profile, StoreError>;

    /// The snapshot of a submitted version. DynamoDB: 1 `GetItem`, and 1 `Query` of its
    /// statements' parts when it has statements.
    async fn get_snapshot(
        &self,
        partner: PartnerId,
        id: ProfileId,
        version: u32,
    ) -> Result<Option<ProfileSnapshot>, StoreError>;

    /// Erases a profile and everything holding its data: snapshots, analyses, its
    /// reference and its idempotency records. `NotFound` without such a profile.
    /// Atomic with the profile's other writes: a submission, an analysis request or a
    /// reference change either lands before it and is erased with it, or finds the
    /// profile gone. `Conflict` when writes keep landing (five reads in a row).
    /// DynamoDB: 1 `GetItem` + 1 `Query` + 1 `TransactWriteItems` per 100 items, the
    /// last deleting the profile only at the version and revision read; the three again
    /// when a write landed in between.
    async fn delete_profile(&self, partner: PartnerId, id: ProfileId) -> Result<(), StoreError>;

    /// An unexpired idempotency record. DynamoDB: 1 strongly consistent `GetItem`.
    async fn get_idempotency(
        &self,
        partner: PartnerId,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError>;
}
