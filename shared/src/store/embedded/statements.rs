//! [`StatementStore`] on the embedded store: each write is one SQLite transaction over
//! the profile and the document's parts ([`crate::store::parts`]), laid out as on DynamoDB.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::EmbeddedStore;
use super::rows::{delete_prefix, get, insert_new, put, query, record_idempotency};
use crate::domain::model::{IdempotencyRecord, PartnerId, Profile, ProfileId, StatementId};
use crate::domain::statements::{StoredStatement, room_for};
use crate::store::keys;
use crate::store::parts::{Part, join, split};
use crate::store::{StatementStore, StoreError};

/// The document of a statement, from its parts; `None` without any.
pub(super) fn read_statement(
    connection: &Connection,
    partner: PartnerId,
    profile: ProfileId,
    id: StatementId,
) -> Result<Option<StoredStatement>, StoreError> {
    let parts: Vec<Part> = query(connection, &keys::statement_parts(partner, profile, id))?;
    if parts.is_empty() {
        return Ok(None);
    }
    join(&parts).map(Some)
}

/// Every statement document `profile` holds, in its order.
pub(super) fn read_statements(
    connection: &Connection,
    profile: &Profile,
) -> Result<Vec<StoredStatement>, StoreError> {
    profile
        .statements
        .iter()
        .map(|held| {
            read_statement(connection, profile.partner_id, profile.id, held.id)?
                .ok_or_else(|| StoreError::Corrupt(format!("statement {} has no parts", held.id)))
        })
        .collect()
}

#[async_trait]
impl StatementStore for EmbeddedStore {
    async fn add_statement(
        &self,
        partner: PartnerId,
        statement: &StoredStatement,
        json: &str,
        idempotency: Option<&IdempotencyRecord>,
        now: DateTime<Utc>,
    ) -> Result<Profile, StoreError> {
        self.write(|tx| {
            let key = keys::profile(partner, statement.profile_id);
            let current: Profile = get(tx, &key)?.ok_or(StoreError::NotFound)?;
            record_idempotency(tx, idempotency)?;
            if !room_for(&current.statements, json.len()) {
                return Err(StoreError::LimitReached);
            }
            let mut held = current.statements.clone();
            held.push(statement.held(json.len()));
            let mut next = current.with_statements(held, now);
            if let Some(record) = idempotency {
                next.hold_idempotency_key(&record.key, record.expires_at, now);
            }
            let parts = keys::statement_parts(partner, statement.profile_id, statement.id);
            for (index, part) in split(json).iter().enumerate() {
                insert_new(tx, &keys::part(&parts, index), part)?;
            }
            put(tx, &key, &next)?;
            Ok(next)
        })
    }

    async fn get_statement(
        &self,
        partner: PartnerId,
        profile: ProfileId,
        id: StatementId,
    ) -> Result<Option<StoredStatement>, StoreError> {
        self.read(|connection| read_statement(connection, partner, profile, id))
    }

    async fn profile_statements(
        &self,
        partner: PartnerId,
        profile: ProfileId,
    ) -> Result<Vec<StoredStatement>, StoreError> {
        self.read(|connection| {
            match get::<Profile>(connection, &keys::profile(partner, profile))? {
                Some(profile) => read_statements(connection, &profile),
                None => Ok(Vec::new()),
            }
        })
    }

    async fn delete_statement(
        &self,
        partner: PartnerId,
        profile: ProfileId,
        id: StatementId,
        now: DateTime<Utc>,
    ) -> Result<Profile, StoreError> {
        self.write(|tx| {
            let key = keys::profile(partner, profile);
            let current: Profile = get(tx, &key)?.ok_or(StoreError::NotFound)?;
            if !current.statements.iter().any(|held| held.id == id) {
                return Err(StoreError::NotFound);
            }
            let kept = current
                .statements
                .iter()
                .filter(|held| held.id != id)
                .cloned()
                .collect();
            let next = current.with_statements(kept, now);
            delete_prefix(tx, &keys::statement_parts(partner, profile, id))?;
            put(tx, &key, &next)?;
            Ok(next)
        })
    }
}
