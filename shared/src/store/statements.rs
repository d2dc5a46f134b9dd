//! Bank statements attached to a profile (DESIGN §10). Each is kept beside its profile,
//! under the profile's data, so erasure finds it with everything else; the profile item
//! holds their summaries ([`crate::domain::statements::HeldStatement`]) and is written in
//! the same transaction as every document, so a document never exists without its
//! profile knowing it, nor the reverse.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::model::{IdempotencyRecord, PartnerId, Profile, ProfileId, StatementId};
use crate::domain::statements::StoredStatement;

#[async_trait]
pub trait StatementStore: Send + Sync {
    /// Attaches `statement` (its JSON `json`, as [`StoredStatement::to_json`] gives it)
    /// to its profile, bumps the profile's version and returns it to draft, and with
    /// `idempotency` records the response, atomically; returns the profile written.
    /// `NotFound`, `LimitReached` when the profile holds as many statements or bytes as
    /// allowed ([`crate::domain::statements::room_for`]), `IdempotencyKeyTaken`.
    /// DynamoDB: 1 `GetItem` + 1 `TransactWriteItems` (the profile and the document in
    /// parts of at most 300 kB); both again when another write lands in between.
    async fn add_statement(
        &self,
        partner: PartnerId,
        statement: &StoredStatement,
        json: &str,
        idempotency: Option<&IdempotencyRecord>,
        now: DateTime<Utc>,
    ) -> Result<Profile, StoreError>;

    /// A statement's document, `None` when the profile does not hold it.
    /// DynamoDB: 1 `Query` of its parts (one per 1 MB).
    async fn get_statement(
        &self,
        partner: PartnerId,
        profile: ProfileId,
        id: StatementId,
    ) -> Result<Option<StoredStatement>, StoreError>;

    /// Every statement document of the profile, oldest first.
    /// DynamoDB: 1 `Query` of their parts (one per 1 MB).
    async fn profile_statements(
        &self,
        partner: PartnerId,
        profile: ProfileId,
    ) -> Result<Vec<StoredStatement>, StoreError>;

    /// Detaches and deletes a statement, bumping the profile's version and returning it
    /// to draft. `NotFound` without the profile or the statement.
    /// DynamoDB: 1 `GetItem` + 1 `TransactWriteItems`; both again when another write
    /// lands in between.
    async fn delete_statement(
        &self,
        partner: PartnerId,
        profile: ProfileId,
        id: StatementId,
        now: DateTime<Utc>,
    ) -> Result<Profile, StoreError>;
}
