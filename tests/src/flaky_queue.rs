//! [`FailingAfter`]: a queue that refuses sends once it has accepted a given number, as
//! a queue failing part-way through an emission would.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use shared::queue::{Queue, QueueError, Received};

/// A queue that passes on the first `accepted` sends to `inner`, then refuses every send
/// until [`FailingAfter::accept_all`].
pub struct FailingAfter {
    inner: Arc<dyn Queue>,
    accepted: AtomicUsize,
}

impl FailingAfter {
    pub fn new(inner: Arc<dyn Queue>, accepted: usize) -> Self {
        Self {
            inner,
            accepted: accepted.into(),
        }
    }

    /// From now on, every send passes.
    pub fn accept_all(&self) {
        self.accepted.store(usize::MAX, Ordering::SeqCst);
    }
}

#[async_trait::async_trait]
impl Queue for FailingAfter {
    async fn send(&self, body: &str, delay: Duration) -> Result<(), QueueError> {
        let taken = self
            .accepted
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
                left.checked_sub(1)
            });
        if taken.is_err() {
            return Err(QueueError::Unavailable("refused".into()));
        }
        self.inner.send(body, delay).await
    }

    async fn receive(&self, max: usize, wait: Duration) -> Result<Vec<Received>, QueueError> {
        self.inner.receive(max, wait).await
    }

    async fn delete(&self, receipt: &str) -> Result<(), QueueError> {
        self.inner.delete(receipt).await
    }
}
