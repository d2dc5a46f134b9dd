//! What a DynamoDB failure means to the store.

use aws_sdk_dynamodb::error::{BuildError, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;

use crate::store::StoreError;

pub(super) fn unavailable<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    StoreError::Unavailable(Box::new(error))
}

pub(super) fn invalid_request(error: BuildError) -> StoreError {
    StoreError::Unavailable(Box::new(error))
}

/// Whether a single-item write failed its condition.
pub(super) fn is_condition_failure<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> bool {
    error.code() == Some("ConditionalCheckFailedException")
}

/// Why a transaction did not commit.
pub(super) enum Cancelled {
    /// The condition of the item at this index failed.
    Condition(usize),
    /// Another transaction touched the same items.
    Conflict,
    Other(StoreError),
}

impl From<SdkError<TransactWriteItemsError>> for Cancelled {
    fn from(error: SdkError<TransactWriteItemsError>) -> Self {
        if let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) =
            error.as_service_error()
        {
            let codes: Vec<&str> = cancelled
                .cancellation_reasons()
                .iter()
                .map(|reason| reason.code().unwrap_or_default())
                .collect();
            if let Some(index) = codes
                .iter()
                .position(|code| *code == "ConditionalCheckFailed")
            {
                return Self::Condition(index);
            }
            if codes.contains(&"TransactionConflict") {
                return Self::Conflict;
            }
        }
        Self::Other(unavailable(error))
    }
}
