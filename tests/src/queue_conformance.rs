//! The Queue conformance suite, run against the embedded queue and SQS in moto by
//! [`queue_conformance!`]: each queue under test hides a received message for 1 second
//! and dead-letters it on the receive after its 2nd.

use std::sync::Arc;
use std::time::Duration;

use shared::queue::Queue;
use shared::queue::embedded::EmbeddedQueue;
use shared::queue::sqs::SqsQueue;
use tempfile::TempDir;
use uuid::Uuid;

use crate::aws;

pub const VISIBILITY: Duration = Duration::from_secs(1);
pub const MAX_RECEIVES: u32 = 2;

/// A queue under test and a way to count its dead letters.
pub struct QueueUnderTest {
    pub queue: Arc<dyn Queue>,
    pub dead_letters: Arc<dyn Queue>,
    _dir: Option<TempDir>,
}

pub async fn embedded() -> QueueUnderTest {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("queue.db");
    let queue = EmbeddedQueue::open(&path, "work", VISIBILITY, MAX_RECEIVES).expect("open queue");
    let dead_letters = EmbeddedQueue::open(&path, &queue.dead_letter_name(), VISIBILITY, u32::MAX)
        .expect("open dlq");
    QueueUnderTest {
        queue: Arc::new(queue),
        dead_letters: Arc::new(dead_letters),
        _dir: Some(dir),
    }
}

pub async fn sqs() -> QueueUnderTest {
    let (queue_url, dlq_url) = aws::fresh_queue_pair(VISIBILITY, MAX_RECEIVES).await;
    let client = aws_sdk_sqs::Client::new(&aws::sdk_config().await);
    QueueUnderTest {
        queue: Arc::new(SqsQueue::new(client.clone(), queue_url)),
        dead_letters: Arc::new(SqsQueue::new(client, dlq_url)),
        _dir: None,
    }
}

/// Generates one `#[tokio::test]` per conformance case for the queue built by `$make`.
#[macro_export]
macro_rules! queue_conformance {
    ($module:ident, $make:path) => {
        mod $module {
            $crate::queue_conformance!(@cases $make;
                sent_messages_are_received_once_deleted,
                unacknowledged_messages_come_back_after_the_visibility_timeout,
                delayed_messages_wait,
                messages_received_too_often_are_dead_lettered,
            );
        }
    };
    (@cases $make:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let queue = $make().await;
                $crate::queue_conformance::$case(&queue).await;
            }
        )*
    };
}

/// Receives until `count` messages arrived or `deadline` passed.
async fn receive_until(
    queue: &dyn Queue,
    count: usize,
    deadline: Duration,
) -> Vec<shared::queue::Received> {
    let end = tokio::time::Instant::now() + deadline;
    let mut received = Vec::new();
    while received.len() < count && tokio::time::Instant::now() < end {
        received.extend(
            queue
                .receive(10, Duration::from_millis(200))
                .await
                .expect("receive"),
        );
    }
    received
}

pub async fn sent_messages_are_received_once_deleted(under_test: &QueueUnderTest) {
    let queue = under_test.queue.as_ref();
    let body = format!("hello {}", Uuid::new_v4());
    queue.send(&body, Duration::ZERO).await.unwrap();
    let received = receive_until(queue, 1, Duration::from_secs(5)).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body, body);
    assert_eq!(received[0].receive_count, 1);
    queue.delete(&received[0].receipt).await.unwrap();
    let again = receive_until(queue, 1, VISIBILITY * 2).await;
    assert!(
        again.is_empty(),
        "a deleted message never comes back: {again:?}"
    );
}

pub async fn unacknowledged_messages_come_back_after_the_visibility_timeout(
    under_test: &QueueUnderTest,
) {
    let queue = under_test.queue.as_ref();
    queue.send("retry me", Duration::ZERO).await.unwrap();
    let first = receive_until(queue, 1, Duration::from_secs(5)).await;
    assert_eq!(first.len(), 1);
    assert!(
        queue.receive(10, Duration::ZERO).await.unwrap().is_empty(),
        "hidden while being handled"
    );
    let second = receive_until(queue, 1, Duration::from_secs(5)).await;
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].id, first[0].id);
    assert_eq!(second[0].receive_count, 2);
}

pub async fn delayed_messages_wait(under_test: &QueueUnderTest) {
    let queue = under_test.queue.as_ref();
    let sent = tokio::time::Instant::now();
    queue.send("later", Duration::from_secs(1)).await.unwrap();
    let received = receive_until(queue, 1, Duration::from_secs(5)).await;
    assert_eq!(received.len(), 1);
    assert!(
        sent.elapsed() >= Duration::from_millis(900),
        "delivered after {:?}",
        sent.elapsed()
    );
}

pub async fn messages_received_too_often_are_dead_lettered(under_test: &QueueUnderTest) {
    let queue = under_test.queue.as_ref();
    queue.send("poison", Duration::ZERO).await.unwrap();
    for attempt in 1..=MAX_RECEIVES {
        let received = receive_until(queue, 1, Duration::from_secs(5)).await;
        assert_eq!(received.len(), 1, "attempt {attempt}");
        assert_eq!(received[0].receive_count, attempt);
    }
    // As with SQS, the move happens on the first receive after the last visibility timeout.
    let end = tokio::time::Instant::now() + Duration::from_secs(5);
    let mut dead = Vec::new();
    while dead.is_empty() && tokio::time::Instant::now() < end {
        let delivered = queue.receive(10, Duration::from_millis(200)).await.unwrap();
        assert!(
            delivered.is_empty(),
            "delivered again after {MAX_RECEIVES} receives: {delivered:?}"
        );
        dead = under_test
            .dead_letters
            .receive(10, Duration::from_millis(100))
            .await
            .unwrap();
    }
    assert_eq!(dead.len(), 1, "dead-lettered after {MAX_RECEIVES} receives");
    assert_eq!(dead[0].body, "poison");
    assert!(queue.receive(10, Duration::ZERO).await.unwrap().is_empty());
}
