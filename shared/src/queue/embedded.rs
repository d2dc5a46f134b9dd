//! The embedded queue: messages in the local data file, so work queued before a restart
//! is done after it. Same semantics as SQS with a redrive policy: a receive hides the
//! message for the visibility timeout and counts it; a message whose count reached
//! `max_receives` moves to `<name>-dlq` on its next receive instead of being delivered.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::{Connection, TransactionBehavior, params};
use tokio::sync::Notify;
use uuid::Uuid;

use super::{MAX_DELAY, Queue, QueueError, Received};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS queue_messages (
    id TEXT PRIMARY KEY,
    queue TEXT NOT NULL,
    body TEXT NOT NULL,
    visible_at INTEGER NOT NULL,
    receive_count INTEGER NOT NULL DEFAULT 0,
    receipt TEXT
);
CREATE INDEX IF NOT EXISTS queue_messages_visible ON queue_messages (queue, visible_at);
";

/// How often an idle consumer looks for messages sent by another process.
const POLL_INTERVAL: Duration = Duration::from_millis(25);

pub struct EmbeddedQueue {
    connection: Mutex<Connection>,
    name: String,
    visibility_timeout: Duration,
    max_receives: u32,
    /// Wakes consumers in this process as soon as a message is sent.
    sent: Arc<Notify>,
}

impl EmbeddedQueue {
    /// Opens the queue `name` in the data file at `path`, creating the file readable by
    /// its owner only, as the store does.
    pub fn open(
        path: &Path,
        name: &str,
        visibility_timeout: Duration,
        max_receives: u32,
    ) -> Result<Self, QueueError> {
        crate::store::embedded::create_private(path)
            .map_err(|error| QueueError::Unavailable(Box::new(error)))?;
        let connection = Connection::open(path).map_err(unavailable)?;
        connection
            .busy_timeout(Duration::from_secs(5))
            .map_err(unavailable)?;
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(unavailable)?;
        create_tables(&connection).map_err(unavailable)?;
        Ok(Self {
            connection: Mutex::new(connection),
            name: name.to_owned(),
            visibility_timeout,
            max_receives,
            sent: Arc::new(Notify::new()),
        })
    }

    pub fn dead_letter_name(&self) -> String {
        format!("{}-dlq", self.name)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn receive_now(&self, max: usize) -> Result<Vec<Received>, QueueError> {
        let now = now_millis();
        let mut connection = self.lock();
        let tx = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(unavailable)?;
        let candidates: Vec<(String, String, u32)> = {
            let mut statement = tx
                .prepare_cached(
                    "SELECT id, body, receive_count FROM queue_messages
                     WHERE queue = ?1 AND visible_at <= ?2 ORDER BY visible_at, rowid LIMIT ?3",
                )
                .map_err(unavailable)?;
            let rows = statement
                .query_map(params![self.name, now, max as i64], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })
                .map_err(unavailable)?;
            rows.collect::<Result<_, _>>().map_err(unavailable)?
        };
        let hidden_until = now + self.visibility_timeout.as_millis() as i64;
        let mut received = Vec::new();
        for (id, body, count) in candidates {
            if count >= self.max_receives {
                tx.execute(
                    "UPDATE queue_messages SET queue = ?1, receipt = NULL, visible_at = ?2 WHERE id = ?3",
                    params![self.dead_letter_name(), now, id],
                )
                .map_err(unavailable)?;
                continue;
            }
            let receipt = Uuid::new_v4().to_string();
            tx.execute(
                "UPDATE queue_messages SET receive_count = receive_count + 1, visible_at = ?1, receipt = ?2
                 WHERE id = ?3",
                params![hidden_until, receipt, id],
            )
            .map_err(unavailable)?;
            received.push(Received {
                id,
                body,
                receive_count: count + 1,
                receipt,
            });
        }
        tx.commit().map_err(unavailable)?;
        Ok(received)
    }
}

/// Creates the queues' table in the data file `connection` opened, if it lacks it.
pub(crate) fn create_tables(connection: &Connection) -> rusqlite::Result<()> {
    connection.execute_batch(SCHEMA)
}

/// Adds `body` to the queue `queue`, visible after `delay` (capped at [`MAX_DELAY`]):
/// within the caller's transaction, when `connection` is one, so that a record and its
/// message are committed together or not at all. Consumers in this process find it
/// within their poll interval.
pub(crate) fn insert(
    connection: &Connection,
    queue: &str,
    body: &str,
    delay: Duration,
) -> rusqlite::Result<()> {
    let visible_at = now_millis() + delay.min(MAX_DELAY).as_millis() as i64;
    connection.execute(
        "INSERT INTO queue_messages (id, queue, body, visible_at) VALUES (?1, ?2, ?3, ?4)",
        params![Uuid::now_v7().to_string(), queue, body, visible_at],
    )?;
    Ok(())
}

fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn unavailable(error: rusqlite::Error) -> QueueError {
    QueueError::Unavailable(Box::new(error))
}

#[async_trait]
impl Queue for EmbeddedQueue {
    async fn send(&self, body: &str, delay: Duration) -> Result<(), QueueError> {
        insert(&self.lock(), &self.name, body, delay).map_err(unavailable)?;
        self.sent.notify_waiters();
        Ok(())
    }

    async fn receive(&self, max: usize, wait: Duration) -> Result<Vec<Received>, QueueError> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let notified = self.sent.notified();
            let received = self.receive_now(max)?;
            if !received.is_empty() || tokio::time::Instant::now() >= deadline {
                return Ok(received);
            }
            let pause = POLL_INTERVAL.min(deadline - tokio::time::Instant::now());
            let _ = tokio::time::timeout(pause, notified).await;
        }
    }

    async fn delete(&self, receipt: &str) -> Result<(), QueueError> {
        self.lock()
            .execute(
                "DELETE FROM queue_messages WHERE receipt = ?1",
                params![receipt],
            )
            .map_err(unavailable)?;
        Ok(())
    }
}
