//! The SQLite schema: one `items` table holding what the DynamoDB table holds (`pk`,
//! `sk`, the record as JSON in `body`, and `expires_at`, epoch seconds, on records that
//! expire), read by primary key or key range only.

use std::time::Duration;

use rusqlite::Connection;

use super::rows::unavailable;
use crate::store::StoreError;

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS items (
    pk TEXT NOT NULL,
    sk TEXT NOT NULL,
    body TEXT NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
";

/// Sets the connection up for sharing the file with other processes, and creates the
/// table if the file has none.
pub(super) fn prepare(connection: &mut Connection) -> Result<(), StoreError> {
    connection.busy_timeout(BUSY_TIMEOUT).map_err(unavailable)?;
    connection
        .pragma_update(None, "journal_mode", "WAL")
        .map_err(unavailable)?;
    connection
        .pragma_update(None, "synchronous", "NORMAL")
        .map_err(unavailable)?;
    connection.execute_batch(SCHEMA).map_err(unavailable)
}
