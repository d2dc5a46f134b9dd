//! The SQLite schema: one `items` table holding what the DynamoDB table holds (`pk`,
//! `sk`, the record as JSON in `body`, and `expires_at`, epoch seconds, on records that
//! expire), read by primary key or key range, and one index: a profile's status
//! (`profile_status`, computed from the profile's `body`, so no write can forget it), the
//! embedded store's [`crate::store::keys::BY_STATUS`].
//!
//! [`MIGRATIONS`] are applied in order, each once, when a file is opened; the versions
//! applied are listed in `store_schema`, not in `PRAGMA user_version`, because the
//! embedded queue keeps its own tables in the same file. A file from before migrations
//! were recorded already has the first one's table, which `IF NOT EXISTS` leaves as is.

use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior, params};

use super::rows::unavailable;
use crate::store::StoreError;

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Each entry takes a file from the version before it to its own (its index + 1).
/// Append; never change an entry that has shipped.
const MIGRATIONS: &[&str] = &[
    "
CREATE TABLE IF NOT EXISTS items (
    pk TEXT NOT NULL,
    sk TEXT NOT NULL,
    body TEXT NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
",
    // The index of waiting analyses, sparse as DynamoDB's `pending`: the records under
    // the partner (not the copies under profiles) of analyses with a `queued_at`, which
    // pending ones have, and reviewed ones until the review's event is queued.
    "
CREATE INDEX IF NOT EXISTS items_pending ON items (json_extract(body, '$.queued_at'))
WHERE substr(sk, 1, 9) = 'ANALYSIS#' AND json_extract(body, '$.queued_at') IS NOT NULL;
",
    "
-- A profile's status, for a page of one status; 'PROFILE#' is keys::profiles' prefix.
ALTER TABLE items ADD COLUMN profile_status TEXT GENERATED ALWAYS AS (
    CASE WHEN sk >= 'PROFILE#' AND sk < 'PROFILE$' THEN json_extract(body, '$.status') END
) VIRTUAL;
CREATE INDEX items_by_status ON items (pk, profile_status, sk)
    WHERE profile_status IS NOT NULL;
",
];

/// The analyses owed a message queued before `?1` (epoch microseconds), oldest first, `?2` at
/// most: a range of the index `items_pending`.
pub(super) const STALE_ANALYSES: &str = "
SELECT body FROM items
WHERE substr(sk, 1, 9) = 'ANALYSIS#' AND json_extract(body, '$.queued_at') IS NOT NULL
AND json_extract(body, '$.queued_at') < ?1
ORDER BY json_extract(body, '$.queued_at') LIMIT ?2";

/// Sets the connection up for sharing the file with other processes, and brings the
/// file's schema up to date.
pub(super) fn prepare(connection: &mut Connection) -> Result<(), StoreError> {
    connection.busy_timeout(BUSY_TIMEOUT).map_err(unavailable)?;
    connection
        .pragma_update(None, "journal_mode", "WAL")
        .map_err(unavailable)?;
    connection
        .pragma_update(None, "synchronous", "NORMAL")
        .map_err(unavailable)?;
    migrate(connection)
}

/// Applies the migrations the file lacks, in one transaction; two processes opening
/// the same file together apply each once.
fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    if applied(connection)? == MIGRATIONS.len() {
        return Ok(());
    }
    let tx = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(unavailable)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS store_schema (version INTEGER PRIMARY KEY)")
        .map_err(unavailable)?;
    let from = applied(&tx)?;
    let Some(pending) = MIGRATIONS.get(from..) else {
        return Err(StoreError::Corrupt(format!(
            "the data file's store schema is at version {from}, newer than this program's {}",
            MIGRATIONS.len()
        )));
    };
    for (index, migration) in pending.iter().enumerate() {
        tx.execute_batch(migration).map_err(unavailable)?;
        let version = i64::try_from(from + index + 1).unwrap_or(i64::MAX);
        tx.execute(
            "INSERT INTO store_schema (version) VALUES (?1)",
            params![version],
        )
        .map_err(unavailable)?;
    }
    tx.commit().map_err(unavailable)
}

/// How many migrations the file has had.
fn applied(connection: &Connection) -> Result<usize, StoreError> {
    let recorded: bool = connection
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_schema')",
            [],
            |row| row.get(0),
        )
        .map_err(unavailable)?;
    if !recorded {
        return Ok(0);
    }
    let version: Option<i64> = connection
        .query_row("SELECT max(version) FROM store_schema", [], |row| {
            row.get(0)
        })
        .map_err(unavailable)?;
    usize::try_from(version.unwrap_or(0))
        .map_err(|_| StoreError::Corrupt("a negative store schema version".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(connection: &Connection) -> Vec<String> {
        let mut statement = connection
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap();
        statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn a_new_file_gets_every_migration_once() {
        let mut connection = Connection::open_in_memory().unwrap();

        migrate(&mut connection).unwrap();
        migrate(&mut connection).unwrap();

        assert_eq!(tables(&connection), ["items", "store_schema"]);
        assert_eq!(applied(&connection).unwrap(), MIGRATIONS.len());
    }

    #[test]
    fn a_file_from_before_migrations_keeps_its_items() {
        let mut connection = Connection::open_in_memory().unwrap();
        connection.execute_batch(MIGRATIONS[0]).unwrap();
        connection
            .execute(
                "INSERT INTO items (pk, sk, body) VALUES ('P', 'S', '{}')",
                [],
            )
            .unwrap();

        migrate(&mut connection).unwrap();

        let kept: i64 = connection
            .query_row("SELECT count(*) FROM items", [], |row| row.get(0))
            .unwrap();
        assert_eq!(kept, 1);
        assert_eq!(applied(&connection).unwrap(), MIGRATIONS.len());
    }

    #[test]
    fn stale_analyses_are_read_from_the_index_of_pending_ones() {
        let mut connection = Connection::open_in_memory().unwrap();
        migrate(&mut connection).unwrap();

        let plan: Vec<String> = connection
            .prepare(&format!("EXPLAIN QUERY PLAN {STALE_ANALYSES}"))
            .unwrap()
            .query_map(params![0, 10], |row| row.get(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();

        assert!(
            plan.iter()
                .any(|step| step.contains("USING INDEX items_pending")),
            "{plan:?}"
        );
        assert!(
            !plan.iter().any(|step| step.starts_with("SCAN")),
            "{plan:?}"
        );
    }

    #[test]
    fn a_file_from_a_newer_program_is_refused() {
        let mut connection = Connection::open_in_memory().unwrap();
        migrate(&mut connection).unwrap();
        let newer = i64::try_from(MIGRATIONS.len() + 1).unwrap();
        connection
            .execute("INSERT INTO store_schema (version) VALUES (?1)", [newer])
            .unwrap();

        let opened = migrate(&mut connection);

        assert!(matches!(opened, Err(StoreError::Corrupt(_))), "{opened:?}");
    }
}
