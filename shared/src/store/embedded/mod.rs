//! The embedded store: one SQLite file holding the same items, under the same keys, as
//! the DynamoDB table ([`super::keys`]), for the local server and the operator CLI.
//!
//! The file is opened in WAL mode with a busy timeout, so `partnerb2b serve` and a
//! `partnerb2b partner create` on the same file work side by side: every write is one
//! `BEGIN IMMEDIATE` transaction and every read sees the last committed write. Calls
//! take a few microseconds and run inline on the caller's task.
//!
//! The table and its migrations are in `schema`, the row operations every aggregate
//! shares in `rows` (every list a seek of an index: `plans` checks the query plans), and
//! each aggregate's trait in a module of its own.

mod analyses;
#[cfg(all(test, unix))]
mod file_mode_tests;
mod log;
mod partners;
#[cfg(test)]
mod plans;
mod profiles;
#[cfg(test)]
mod queuing_tests;
#[cfg(test)]
mod record_expiry_tests;
mod rows;
mod schema;
mod statements;
mod usury;
mod webhooks;

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use self::rows::unavailable;
use super::StoreError;
use super::keys;
use crate::edge::cursor::CursorKey;
use crate::key_set::PrivateKeySet;

pub struct EmbeddedStore {
    connection: Mutex<Connection>,
    /// The queue of this data file that accepted analyses are queued on, in the same
    /// transaction, if there is one.
    analysis_queue: Option<String>,
}

impl EmbeddedStore {
    /// Opens (creating it and its folder if needed) the data file at `path`. A new file is
    /// readable by its owner only (`0600`), and so are its `-wal` and `-shm` siblings,
    /// which SQLite creates with the file's own mode: it holds signing keys and webhook
    /// secrets.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)
                .map_err(|error| StoreError::Unavailable(Box::new(error)))?;
        }
        create_private(path).map_err(|error| StoreError::Unavailable(Box::new(error)))?;
        let mut connection = Connection::open(path).map_err(unavailable)?;
        schema::prepare(&mut connection)?;
        Ok(Self {
            connection: Mutex::new(connection),
            analysis_queue: None,
        })
    }

    /// This store, queuing each analysis it accepts on the queue `queue` of its own data
    /// file (what `EmbeddedQueue::open(path, queue, ..)` consumes), in the transaction
    /// that records the analysis: an analysis is never committed without its message.
    pub fn queuing_analyses_on(mut self, queue: &str) -> Result<Self, StoreError> {
        crate::queue::embedded::create_tables(&self.lock()).map_err(unavailable)?;
        self.analysis_queue = Some(queue.to_owned());
        Ok(self)
    }

    /// The local server's Ed25519 token key set ([`PrivateKeySet`]), generated and saved
    /// on first use. Two processes starting together agree on one set. The file is the
    /// owner's only (`0600`), as Secrets Manager's access policy keeps the set on AWS.
    pub fn token_keys(&self) -> Result<PrivateKeySet, StoreError> {
        self.key_set(keys::token_keys())
    }

    /// The local server's Ed25519 key set that signs decision records, generated and
    /// saved on first use like [`EmbeddedStore::token_keys`]: a set apart from the token
    /// keys, as on AWS.
    pub fn record_keys(&self) -> Result<PrivateKeySet, StoreError> {
        self.key_set(keys::record_keys())
    }

    fn key_set(&self, key: keys::Key) -> Result<PrivateKeySet, StoreError> {
        self.config_item(
            key,
            |json| PrivateKeySet::from_json(json).map_err(|error| error.to_string()),
            || {
                let generated = PrivateKeySet::generate(Utc::now())
                    .map_err(|error| StoreError::Unavailable(Box::new(error)))?;
                let json = generated.to_json();
                Ok((generated, json))
            },
        )
    }

    /// The configuration item at `key`, parsed; when there is none, the one `generate`
    /// makes (with its JSON), saved in the same write transaction, so that two processes
    /// starting together agree on one.
    fn config_item<T>(
        &self,
        (pk, sk): keys::Key,
        parse: impl FnOnce(&str) -> Result<T, String>,
        generate: impl FnOnce() -> Result<(T, String), StoreError>,
    ) -> Result<T, StoreError> {
        self.write(|tx| {
            let stored: Option<String> = tx
                .query_row(
                    "SELECT body FROM items WHERE pk = ?1 AND sk = ?2",
                    params![pk, sk],
                    |row| row.get(0),
                )
                .optional()
                .map_err(unavailable)?;
            match stored {
                Some(json) => parse(&json).map_err(StoreError::Corrupt),
                None => {
                    let (generated, json) = generate()?;
                    tx.execute(
                        "INSERT INTO items (pk, sk, body) VALUES (?1, ?2, ?3)",
                        params![pk, sk, json],
                    )
                    .map_err(unavailable)?;
                    Ok(generated)
                }
            }
        })
    }

    /// The secret that seals the local server's pagination cursors
    /// ([`crate::edge::cursor::CursorKey`]), generated and saved on first use like
    /// [`EmbeddedStore::token_keys`].
    pub fn cursor_secret(&self) -> Result<String, StoreError> {
        self.config_item(
            keys::cursor_secret(),
            |json| serde_json::from_str(json).map_err(|error| error.to_string()),
            || {
                let generated = CursorKey::generate_secret();
                let json = serde_json::Value::String(generated.clone()).to_string();
                Ok((generated, json))
            },
        )
    }

    /// Replaces the local server's token key set, after a rotation step
    /// ([`crate::key_set`]); the server reads it when it starts.
    pub fn save_token_keys(&self, keys: &PrivateKeySet) -> Result<(), StoreError> {
        self.save_key_set(keys::token_keys(), keys)
    }

    /// Replaces the local server's decision record key set, after a rotation step.
    pub fn save_record_keys(&self, keys: &PrivateKeySet) -> Result<(), StoreError> {
        self.save_key_set(keys::record_keys(), keys)
    }

    fn save_key_set(&self, (pk, sk): keys::Key, keys: &PrivateKeySet) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO items (pk, sk, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT (pk, sk) DO UPDATE SET body = excluded.body",
                params![pk, sk, keys.to_json()],
            )
            .map_err(unavailable)?;
            Ok(())
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `work` in one immediate (write-locked) transaction, committed if it succeeds.
    fn write<T>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut connection = self.lock();
        let tx = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(unavailable)?;
        let value = work(&tx)?;
        tx.commit().map_err(unavailable)?;
        Ok(value)
    }

    fn read<T>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        work(&self.lock())
    }
}

/// Creates the data file at `path`, empty and readable by its owner only, unless it
/// exists: SQLite would create it with the process's default mode (usually `0644`).
pub(crate) fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(error),
    }
}
