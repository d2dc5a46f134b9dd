//! Work queues: the analysis requests and the webhook deliveries.
//!
//! [`Queue`] has an SQS implementation ([`sqs`]) and an embedded, durable one in the local
//! data file ([`embedded`]) with the same semantics, checked by one conformance suite:
//! at-least-once delivery, a visibility timeout after each receive, a receive count, a
//! delivery delay, and a dead-letter queue after a bounded number of receives.
//! On AWS the Lambda event source does the receiving; `receive` and `delete` serve the
//! local server's in-process workers.

#[cfg(feature = "embedded")]
pub mod embedded;
#[cfg(feature = "sqs")]
pub mod sqs;

use std::time::Duration;

use async_trait::async_trait;

use crate::BoxError;

/// The longest delay SQS accepts on a message.
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("the queue is unavailable")]
    Unavailable(#[source] BoxError),
    /// A message could not be written as JSON (a bug, not an outage).
    #[error("the message could not be encoded")]
    Encoding(#[from] serde_json::Error),
}

/// A message handed to a consumer; `receipt` deletes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub id: String,
    pub body: String,
    /// How many times it has been received, this time included.
    pub receive_count: u32,
    pub receipt: String,
}

#[async_trait]
pub trait Queue: Send + Sync {
    /// Sends `body`, to be delivered after `delay` (capped at [`MAX_DELAY`]).
    async fn send(&self, body: &str, delay: Duration) -> Result<(), QueueError>;

    /// Up to `max` visible messages, waiting up to `wait` for the first. Each becomes
    /// invisible for the queue's visibility timeout; a message received more often than
    /// the queue allows goes to its dead-letter queue instead.
    async fn receive(&self, max: usize, wait: Duration) -> Result<Vec<Received>, QueueError>;

    /// Acknowledges a message for good.
    async fn delete(&self, receipt: &str) -> Result<(), QueueError>;
}
