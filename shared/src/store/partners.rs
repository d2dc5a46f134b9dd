//! Partners and their API keys: what the operator CLI manages and authentication reads.

use async_trait::async_trait;
use uuid::Uuid;

use super::StoreError;
use crate::domain::api_key::ApiKeyId;
use crate::domain::model::{ApiKeyRecord, Partner, PartnerId, PartnerStatus};

#[async_trait]
pub trait PartnerStore: Send + Sync {
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

    /// Records that the refresh token `jti` of `partner` is revoked, until `expires_at`
    /// (epoch seconds, the token's own expiry: after it the token is refused anyway and
    /// the record may go). Revoking twice is not an error.
    /// DynamoDB: 1 `PutItem`.
    async fn revoke_refresh_token(
        &self,
        partner: PartnerId,
        jti: Uuid,
        expires_at: i64,
    ) -> Result<(), StoreError>;

    /// The key record a refresh token names, `None` when that token (`partner`'s `jti`)
    /// was revoked or the key does not exist: all that a refresh needs.
    /// DynamoDB: 1 strongly consistent `BatchGetItem` of the key and the revocation.
    async fn get_refresh_key(
        &self,
        key: &ApiKeyId,
        partner: PartnerId,
        jti: Uuid,
    ) -> Result<Option<ApiKeyRecord>, StoreError>;
}
