//! Row operations on the `items` table, shared by every aggregate: a record is its JSON
//! in `body` under its key. Records past their `expires_at` read as absent.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::model::{IdempotencyRecord, Page};
use crate::store::StoreError;
use crate::store::keys::{self, Key, Prefix};

pub(super) fn unavailable(error: rusqlite::Error) -> StoreError {
    StoreError::Unavailable(Box::new(error))
}

pub(super) fn get<T: DeserializeOwned>(
    connection: &Connection,
    (pk, sk): &Key,
) -> Result<Option<T>, StoreError> {
    let body: Option<String> = connection
        .query_row(
            "SELECT body FROM items WHERE pk = ?1 AND sk = ?2
             AND (expires_at IS NULL OR expires_at > unixepoch())",
            params![pk, sk],
            |row| row.get(0),
        )
        .optional()
        .map_err(unavailable)?;
    body.map(|json| decode(&json)).transpose()
}

/// The least string above every string that starts with `prefix` (its last character
/// incremented; UTF-8 keeps code point order), so a prefix is a key range the primary key
/// index seeks to instead of a test of every key in the partition. Sort keys here are
/// ASCII; only a prefix ending in `char::MAX` would need a carry.
pub(super) fn prefix_end(prefix: &str) -> String {
    let mut end = prefix.to_owned();
    let next = end
        .pop()
        .and_then(|last| (last as u32 + 1..=char::MAX as u32).find_map(char::from_u32));
    end.push(next.unwrap_or(char::MAX));
    end
}

/// Every record under `prefix`, in sort-key order.
pub(super) fn query<T: DeserializeOwned>(
    connection: &Connection,
    (pk, sk_prefix): &Prefix,
) -> Result<Vec<T>, StoreError> {
    let mut statement = connection.prepare_cached(QUERY).map_err(unavailable)?;
    let rows = statement
        .query_map(params![pk, sk_prefix, prefix_end(sk_prefix)], |row| {
            row.get::<_, String>(0)
        })
        .map_err(unavailable)?;
    rows.map(|row| decode(&row.map_err(unavailable)?)).collect()
}

pub(super) fn put(
    connection: &Connection,
    key: &Key,
    value: &impl Serialize,
) -> Result<(), StoreError> {
    put_expiring(connection, key, value, None)
}

pub(super) fn put_expiring(
    connection: &Connection,
    (pk, sk): &Key,
    value: &impl Serialize,
    expires_at: Option<i64>,
) -> Result<(), StoreError> {
    connection
        .execute(
            "INSERT OR REPLACE INTO items (pk, sk, body, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![pk, sk, encode(value)?, expires_at],
        )
        .map_err(unavailable)?;
    Ok(())
}

/// Inserts a record that must not exist yet (an expired one counts as absent).
pub(super) fn insert_new(
    connection: &Connection,
    key: &Key,
    value: &impl Serialize,
) -> Result<(), StoreError> {
    if exists(connection, key)? {
        return Err(StoreError::AlreadyExists);
    }
    put(connection, key, value)
}

pub(super) fn exists(connection: &Connection, (pk, sk): &Key) -> Result<bool, StoreError> {
    connection
        .query_row(
            "SELECT 1 FROM items WHERE pk = ?1 AND sk = ?2
             AND (expires_at IS NULL OR expires_at > unixepoch())",
            params![pk, sk],
            |_| Ok(()),
        )
        .optional()
        .map(|found| found.is_some())
        .map_err(unavailable)
}

pub(super) fn delete(connection: &Connection, (pk, sk): &Key) -> Result<(), StoreError> {
    connection
        .execute(
            "DELETE FROM items WHERE pk = ?1 AND sk = ?2",
            params![pk, sk],
        )
        .map_err(unavailable)?;
    Ok(())
}

/// Deletes every record under `prefix`.
pub(super) fn delete_prefix(
    connection: &Connection,
    (pk, sk_prefix): &Prefix,
) -> Result<(), StoreError> {
    connection
        .execute(
            "DELETE FROM items WHERE pk = ?1 AND sk >= ?2 AND sk < ?3",
            params![pk, sk_prefix, prefix_end(sk_prefix)],
        )
        .map_err(unavailable)?;
    Ok(())
}

/// Deletes the expired records under `prefix`: a seek of the primary key.
pub(super) fn prune(connection: &Connection, (pk, sk_prefix): &Prefix) -> Result<(), StoreError> {
    connection
        .prepare_cached(
            "DELETE FROM items WHERE pk = ?1 AND sk >= ?2 AND sk < ?3
             AND expires_at IS NOT NULL AND expires_at <= unixepoch()",
        )
        .and_then(|mut statement| statement.execute(params![pk, sk_prefix, prefix_end(sk_prefix)]))
        .map_err(unavailable)?;
    Ok(())
}

/// Records the response kept for an idempotency key, unless a live record holds the
/// key: `IdempotencyKeyTaken`.
pub(super) fn record_idempotency(
    connection: &Connection,
    record: Option<&IdempotencyRecord>,
) -> Result<(), StoreError> {
    if let Some(record) = record {
        let key = keys::idempotency(record.partner_id, &record.key);
        if exists(connection, &key)? {
            return Err(StoreError::IdempotencyKeyTaken);
        }
        put_expiring(connection, &key, record, Some(record.expires_at))?;
    }
    Ok(())
}

fn encode(value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(super) fn decode<T: DeserializeOwned>(json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|error| StoreError::Corrupt(error.to_string()))
}

/// Every live record under a prefix (`?1` the partition, `?2`..`?3` the sort-key range),
/// in sort-key order: a seek of the primary key.
pub(super) const QUERY: &str = "SELECT body FROM items WHERE pk = ?1 AND sk >= ?2 AND sk < ?3
     AND (expires_at IS NULL OR expires_at > unixepoch()) ORDER BY sk";

/// One page of a prefix: the records after the sort key `?4`, at most `?5` of them.
pub(super) const PAGE: &str = "SELECT sk, body FROM items WHERE pk = ?1 AND sk >= ?2 AND sk < ?3
     AND sk > ?4 ORDER BY sk LIMIT ?5";

/// One page of a partner's (`?1`) profiles in the status `?2`, after the sort key `?3`, at
/// most `?4` of them: a seek of the index on the profile's status (`schema`), named
/// because SQLite, without statistics, would rather walk the partner's whole partition
/// by primary key.
pub(super) const PAGE_BY_STATUS: &str = "SELECT sk, body FROM items INDEXED BY items_by_status
     WHERE pk = ?1 AND profile_status = ?2 AND sk > ?3 ORDER BY sk LIMIT ?4";

/// Up to `limit` records under `prefix` whose sort key comes after `after`; `next` is set
/// when more follow. Reads `limit + 1` rows, whatever the partition holds besides.
pub(super) fn page<T: DeserializeOwned>(
    connection: &Connection,
    (pk, prefix): &Prefix,
    after: Option<&str>,
    limit: usize,
) -> Result<Page<T>, StoreError> {
    let mut statement = connection.prepare_cached(PAGE).map_err(unavailable)?;
    let rows = statement
        .query_map(
            params![
                pk,
                prefix,
                prefix_end(prefix),
                after.unwrap_or_default(),
                one_more(limit)
            ],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )
        .map_err(unavailable)?;
    collect_page(rows, limit)
}

/// Up to `limit` of a partner's profiles in one status, after `after`, through the status
/// index: `(pk, status)` is the partition and the status as the index holds them.
pub(super) fn page_by_status<T: DeserializeOwned>(
    connection: &Connection,
    (pk, status): (&str, &str),
    after: Option<&str>,
    limit: usize,
) -> Result<Page<T>, StoreError> {
    let mut statement = connection
        .prepare_cached(PAGE_BY_STATUS)
        .map_err(unavailable)?;
    let rows = statement
        .query_map(
            params![pk, status, after.unwrap_or_default(), one_more(limit)],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )
        .map_err(unavailable)?;
    collect_page(rows, limit)
}

/// The SQL `LIMIT` that tells whether a page of `limit` is the last: one row more.
pub(super) fn one_more(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX).saturating_add(1)
}

/// The first `limit` of `rows` (sort key, body), and the sort key of the last one kept
/// when a row follows it.
pub(super) fn collect_page<T: DeserializeOwned>(
    rows: impl Iterator<Item = rusqlite::Result<(String, String)>>,
    limit: usize,
) -> Result<Page<T>, StoreError> {
    let mut items = Vec::new();
    let mut last = None;
    for row in rows {
        let (sk, body) = row.map_err(unavailable)?;
        if items.len() == limit {
            return Ok(Page { items, next: last });
        }
        items.push(decode(&body)?);
        last = Some(sk);
    }
    Ok(Page { items, next: None })
}

#[cfg(test)]
mod tests {
    use super::prefix_end;

    #[test]
    fn a_prefix_ends_just_above_its_last_character() {
        assert_eq!(prefix_end("WEBHOOK#"), "WEBHOOK$");
        assert!("WEBHOOK#~~~" < prefix_end("WEBHOOK#").as_str());
        assert!("WEBHOOK$" >= prefix_end("WEBHOOK#").as_str());
        assert_eq!(prefix_end("a\u{D7FF}"), "a\u{E000}");
        assert_eq!(prefix_end(""), char::MAX.to_string());
    }
}
