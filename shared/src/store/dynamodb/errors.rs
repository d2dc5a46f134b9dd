//! What a DynamoDB failure means to the store.

use std::time::Duration;

use aws_sdk_dynamodb::config::interceptors::InterceptorContext;
use aws_sdk_dynamodb::config::retry::{ClassifyRetry, RetryAction};
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

/// Attempts of a transaction that keeps meeting other transactions on its items.
pub(super) const CONFLICT_ATTEMPTS: u32 = 4;

/// The pause before attempt `attempt` (1-based) of a transaction that met another: full
/// jitter over 20 ms, 40 ms, 80 ms, so that two requests colliding do not collide again.
pub(super) fn conflict_backoff(attempt: u32) -> Duration {
    let ceiling = 20u64.saturating_mul(1 << attempt.min(6));
    Duration::from_millis(rand::random_range(1..=ceiling))
}

/// Makes the SDK retry, with its usual backoff, a single-item write that DynamoDB
/// refused with `TransactionConflictException` because a transaction was in progress on
/// its item: such a write was not applied. (A cancelled `TransactWriteItems` is retried
/// by [`super::DynamoStore`]'s commit instead, as a new transaction.)
///
/// The SDK does not count this error as retryable. It is read from the response body,
/// the one place every operation's error shows its type.
#[derive(Debug, Default)]
pub(super) struct RetryTransactionConflicts;

impl ClassifyRetry for RetryTransactionConflicts {
    fn classify_retry(&self, context: &InterceptorContext) -> RetryAction {
        if !matches!(context.output_or_error(), Some(Err(_))) {
            return RetryAction::NoActionIndicated;
        }
        let conflicted = context
            .response()
            .filter(|response| response.status().as_u16() == 400)
            .and_then(|response| response.body().bytes())
            .and_then(|body| serde_json::from_slice::<serde_json::Value>(body).ok())
            .and_then(|body| body.get("__type")?.as_str().map(str::to_owned))
            .is_some_and(|kind| kind.ends_with("#TransactionConflictException"));
        if conflicted {
            RetryAction::transient_error()
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "RetryTransactionConflicts"
    }
}
