//! [`StatementStore`] on DynamoDB: a statement's document is kept in parts of at most
//! 300 kB ([`crate::store::parts`]) under its profile's data, written in the same
//! `TransactWriteItems` as the profile that lists it, so there is never a document
//! without its profile's summary (no orphan to clean) nor a summary without its document.
//!
//! Why parts of the table rather than objects in S3: the document, the version bump and
//! the idempotency record are then one atomic write; erasure deletes the parts with the
//! profile's other data, in the same transactions; a submission copies them into its
//! snapshot atomically; and no function links another SDK or needs another permission.
//! A profile holds at most 3 MiB of statements, so a submission's copy fits in one
//! transaction (4 MB).

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};

use super::DynamoStore;
use super::items::{Item, from_item, item, item_key, profile_item};
use super::transaction::Transaction;
use crate::domain::model::{
    IdempotencyRecord, PartnerId, Profile, ProfileId, ProfileSnapshot, StatementId,
};
use crate::domain::statements::{StoredStatement, room_for};
use crate::store::keys::{self, Prefix};
use crate::store::parts::{Part, join, join_documents, max_parts, split};
use crate::store::{ProfileStore, StatementStore, StoreError};

/// The attribute of a snapshot's item counting the parts of its statements.
const SNAPSHOT_PARTS: &str = "statement_parts";

impl DynamoStore {
    /// The parts under `prefix`, with their sort keys: 1 `Query` per 1 MB.
    async fn parts(&self, prefix: Prefix) -> Result<Vec<(String, Part)>, StoreError> {
        self.query_items(prefix)
            .await?
            .into_iter()
            .map(|item| {
                let sort_key = item_key(&item).map(|(_, sk)| sk).unwrap_or_default();
                Ok((sort_key, from_item(item)?))
            })
            .collect()
    }

    /// Puts of the parts of `json` under `prefix`, each at a free key.
    pub(super) fn put_parts(
        &self,
        transaction: &mut Transaction,
        prefix: &Prefix,
        json: &str,
    ) -> Result<usize, StoreError> {
        let parts = split(json);
        for (index, part) in parts.iter().enumerate() {
            let put = self.put_new(keys::part(prefix, index), part)?;
            transaction.add(put, StoreError::AlreadyExists);
        }
        Ok(parts.len())
    }

    /// A submission's snapshot item, without its statements, and the puts of their parts.
    pub(super) fn snapshot_writes(
        &self,
        transaction: &mut Transaction,
        snapshot: &ProfileSnapshot,
    ) -> Result<(), StoreError> {
        let (partner, id, version) = (snapshot.partner_id, snapshot.profile_id, snapshot.version);
        let mut head = snapshot.clone();
        let statements = std::mem::take(&mut head.statements);
        let mut count = 0;
        if !statements.is_empty() {
            let json = serde_json::to_string(&statements)
                .map_err(|error| StoreError::Corrupt(error.to_string()))?;
            count = self.put_parts(
                transaction,
                &keys::snapshot_parts(partner, id, version),
                &json,
            )?;
        }
        let mut item = item(keys::snapshot(partner, id, version), &head)?;
        item.insert(
            SNAPSHOT_PARTS.to_owned(),
            AttributeValue::N(count.to_string()),
        );
        transaction.add(self.put_new_item(item)?, StoreError::AlreadyExists);
        Ok(())
    }

    /// The snapshot an item holds, with its statements: 1 `Query` of their parts when it
    /// has some, none otherwise.
    pub(super) async fn snapshot_from_item(
        &self,
        item: Item,
    ) -> Result<ProfileSnapshot, StoreError> {
        let parts = match item.get(SNAPSHOT_PARTS) {
            Some(AttributeValue::N(count)) => count.parse::<usize>().unwrap_or(0),
            _ => 0,
        };
        let mut snapshot: ProfileSnapshot = from_item(item)?;
        if parts > 0 {
            let prefix =
                keys::snapshot_parts(snapshot.partner_id, snapshot.profile_id, snapshot.version);
            let found: Vec<Part> = self
                .parts(prefix)
                .await?
                .into_iter()
                .map(|(_, part)| part)
                .collect();
            if found.len() != parts {
                return Err(StoreError::Corrupt(format!(
                    "a snapshot has {} of its {parts} statement parts",
                    found.len()
                )));
            }
            snapshot.statements = join(&found)?;
        }
        Ok(snapshot)
    }

    /// Every statement document of `profile`: 1 `Query` per 1 MB of them.
    pub(super) async fn statements_of(
        &self,
        profile: &Profile,
    ) -> Result<Vec<StoredStatement>, StoreError> {
        if profile.statements.is_empty() {
            return Ok(Vec::new());
        }
        let parts = self
            .parts(keys::statements_of(profile.partner_id, profile.id))
            .await?;
        join_documents(parts)
    }

    /// Replaces the profile read as `current` with `next`, with `changes`, in one
    /// transaction conditioned on `current`'s version.
    async fn commit_with_profile(
        &self,
        mut transaction: Transaction,
        current: &Profile,
        next: &Profile,
    ) -> Result<(), StoreError> {
        let put = self.put_item_if_version(profile_item(next)?, current.version)?;
        transaction.add(put, StoreError::VersionMismatch);
        self.commit(transaction, StoreError::VersionMismatch).await
    }
}

/// How often a write retries when another write to the profile landed in between.
const ATTEMPTS: usize = 3;

#[async_trait]
impl StatementStore for DynamoStore {
    async fn add_statement(
        &self,
        partner: PartnerId,
        statement: &StoredStatement,
        json: &str,
        idempotency: Option<&IdempotencyRecord>,
        now: DateTime<Utc>,
    ) -> Result<Profile, StoreError> {
        let profile = statement.profile_id;
        for _ in 0..ATTEMPTS {
            let current = self
                .get_profile(partner, profile)
                .await?
                .ok_or(StoreError::NotFound)?;
            if !room_for(&current.statements, json.len()) {
                if let Some(record) = idempotency
                    && self.get_idempotency(partner, &record.key).await?.is_some()
                {
                    return Err(StoreError::IdempotencyKeyTaken);
                }
                return Err(StoreError::LimitReached);
            }
            let mut held = current.statements.clone();
            held.push(statement.held(json.len()));
            let mut next = current.with_statements(held, now);
            let mut transaction = Transaction::default();
            if let Some(record) = idempotency {
                next.hold_idempotency_key(&record.key, record.expires_at, now);
                let put = self.put_idempotency(record, Utc::now())?;
                transaction.add(put, StoreError::IdempotencyKeyTaken);
            }
            let prefix = keys::statement_parts(partner, profile, statement.id);
            self.put_parts(&mut transaction, &prefix, json)?;
            match self.commit_with_profile(transaction, &current, &next).await {
                Ok(()) => return Ok(next),
                Err(StoreError::VersionMismatch) => continue,
                Err(error) => return Err(error),
            }
        }
        Err(StoreError::Conflict)
    }

    async fn get_statement(
        &self,
        partner: PartnerId,
        profile: ProfileId,
        id: StatementId,
    ) -> Result<Option<StoredStatement>, StoreError> {
        let parts: Vec<Part> = self
            .parts(keys::statement_parts(partner, profile, id))
            .await?
            .into_iter()
            .map(|(_, part)| part)
            .collect();
        if parts.is_empty() {
            return Ok(None);
        }
        join(&parts).map(Some)
    }

    async fn profile_statements(
        &self,
        partner: PartnerId,
        profile: ProfileId,
    ) -> Result<Vec<StoredStatement>, StoreError> {
        let parts = self.parts(keys::statements_of(partner, profile)).await?;
        join_documents(parts)
    }

    async fn delete_statement(
        &self,
        partner: PartnerId,
        profile: ProfileId,
        id: StatementId,
        now: DateTime<Utc>,
    ) -> Result<Profile, StoreError> {
        for _ in 0..ATTEMPTS {
            let current = self
                .get_profile(partner, profile)
                .await?
                .ok_or(StoreError::NotFound)?;
            let Some(doomed) = current.statements.iter().find(|held| held.id == id) else {
                return Err(StoreError::NotFound);
            };
            let prefix = keys::statement_parts(partner, profile, id);
            let mut transaction = Transaction::default();
            for index in 0..max_parts(doomed.bytes) {
                transaction.add_unconditional(self.delete(keys::part(&prefix, index))?);
            }
            let kept = current
                .statements
                .iter()
                .filter(|held| held.id != id)
                .cloned()
                .collect();
            let next = current.with_statements(kept, now);
            match self.commit_with_profile(transaction, &current, &next).await {
                Ok(()) => return Ok(next),
                Err(StoreError::VersionMismatch) => continue,
                Err(error) => return Err(error),
            }
        }
        Err(StoreError::Conflict)
    }
}
