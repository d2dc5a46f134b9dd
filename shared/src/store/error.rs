//! What a store call can fail with, the same on every backend.

use crate::BoxError;

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
