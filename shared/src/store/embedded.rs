//! The embedded store: one SQLite file holding the same items, under the same keys, as
//! the DynamoDB table ([`super::keys`]), for the local server and the operator CLI.
//!
//! The file is opened in WAL mode with a busy timeout, so `partnerb2b serve` and a
//! `partnerb2b partner create` on the same file work side by side: every write is one
//! `BEGIN IMMEDIATE` transaction and every read sees the last committed write. Calls
//! take a few microseconds and run inline on the caller's task.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::keys::{self, Key, KeyRef, Prefix, ReferenceItem};
use super::{AnalysisStore, PartnerStore, ProfileStore, StoreError, WebhookStore};
use crate::domain::api_key::ApiKeyId;
use chrono::{DateTime, Utc};

use crate::domain::model::{
    Analysis, AnalysisId, AnalysisStatus, ApiKeyRecord, AttemptOutcome, DeliveryAttempt,
    IdempotencyRecord, KeyStatus, Page, Partner, PartnerId, PartnerStatus, Profile, ProfileFilter,
    ProfileId, ProfilePatch, ProfileSnapshot, ProfileStatus, Webhook, WebhookId,
};
use crate::signing_keys::SigningKeys;

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

pub struct EmbeddedStore {
    connection: Mutex<Connection>,
}

impl EmbeddedStore {
    /// Opens (creating it and its folder if needed) the data file at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)
                .map_err(|error| StoreError::Unavailable(Box::new(error)))?;
        }
        let connection = Connection::open(path).map_err(unavailable)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(unavailable)?;
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(unavailable)?;
        connection
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(unavailable)?;
        connection.execute_batch(SCHEMA).map_err(unavailable)?;
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    /// The local server's signing keys, generated and saved on first use. Two processes
    /// starting together agree on one set.
    pub fn signing_keys(&self) -> Result<SigningKeys, StoreError> {
        let (pk, sk) = keys::signing_keys();
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
                Some(json) => SigningKeys::from_json(&json)
                    .map_err(|error| StoreError::Corrupt(error.to_string())),
                None => {
                    let generated = SigningKeys::generate();
                    tx.execute(
                        "INSERT INTO items (pk, sk, body) VALUES (?1, ?2, ?3)",
                        params![pk, sk, generated.to_json()],
                    )
                    .map_err(unavailable)?;
                    Ok(generated)
                }
            }
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

fn unavailable(error: rusqlite::Error) -> StoreError {
    StoreError::Unavailable(Box::new(error))
}

fn get<T: DeserializeOwned>(
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
fn prefix_end(prefix: &str) -> String {
    let mut end = prefix.to_owned();
    let next = end
        .pop()
        .and_then(|last| (last as u32 + 1..=char::MAX as u32).find_map(char::from_u32));
    end.push(next.unwrap_or(char::MAX));
    end
}

/// Every record under `prefix`, in sort-key order.
fn query<T: DeserializeOwned>(
    connection: &Connection,
    (pk, sk_prefix): &Prefix,
) -> Result<Vec<T>, StoreError> {
    let mut statement = connection
        .prepare_cached(
            "SELECT body FROM items WHERE pk = ?1 AND sk >= ?2 AND sk < ?3
             AND (expires_at IS NULL OR expires_at > unixepoch()) ORDER BY sk",
        )
        .map_err(unavailable)?;
    let rows = statement
        .query_map(params![pk, sk_prefix, prefix_end(sk_prefix)], |row| {
            row.get::<_, String>(0)
        })
        .map_err(unavailable)?;
    rows.map(|row| decode(&row.map_err(unavailable)?)).collect()
}

fn put(connection: &Connection, key: &Key, value: &impl Serialize) -> Result<(), StoreError> {
    put_expiring(connection, key, value, None)
}

fn put_expiring(
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
fn insert_new(
    connection: &Connection,
    key: &Key,
    value: &impl Serialize,
) -> Result<(), StoreError> {
    if exists(connection, key)? {
        return Err(StoreError::AlreadyExists);
    }
    put(connection, key, value)
}

fn exists(connection: &Connection, (pk, sk): &Key) -> Result<bool, StoreError> {
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

fn delete(connection: &Connection, (pk, sk): &Key) -> Result<(), StoreError> {
    connection
        .execute(
            "DELETE FROM items WHERE pk = ?1 AND sk = ?2",
            params![pk, sk],
        )
        .map_err(unavailable)?;
    Ok(())
}

/// Deletes every record under `prefix`.
fn delete_prefix(connection: &Connection, (pk, sk_prefix): &Prefix) -> Result<(), StoreError> {
    connection
        .execute(
            "DELETE FROM items WHERE pk = ?1 AND sk >= ?2 AND sk < ?3",
            params![pk, sk_prefix, prefix_end(sk_prefix)],
        )
        .map_err(unavailable)?;
    Ok(())
}

/// Claims `profile`'s reference: `ReferenceTaken` when another profile holds it.
fn claim_reference(connection: &Connection, profile: &Profile) -> Result<(), StoreError> {
    if let Some(reference) = &profile.reference {
        let key = keys::reference(profile.partner_id, reference);
        if exists(connection, &key)? {
            return Err(StoreError::ReferenceTaken);
        }
        put(
            connection,
            &key,
            &ReferenceItem {
                profile_id: profile.id,
            },
        )?;
    }
    Ok(())
}

fn record_idempotency(
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

fn decode<T: DeserializeOwned>(json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|error| StoreError::Corrupt(error.to_string()))
}

/// Up to `limit` records under `prefix` whose sort key comes after `after`, keeping
/// those `wanted` says; `next` is set when more may follow.
fn page<T: DeserializeOwned>(
    connection: &Connection,
    (pk, prefix): &Prefix,
    after: Option<&str>,
    limit: usize,
    wanted: impl Fn(&T) -> bool,
) -> Result<Page<T>, StoreError> {
    let mut statement = connection
        .prepare_cached(
            "SELECT sk, body FROM items WHERE pk = ?1 AND sk >= ?2 AND sk < ?3
             AND sk > ?4 ORDER BY sk",
        )
        .map_err(unavailable)?;
    let end = prefix_end(prefix);
    let rows = statement
        .query_map(params![pk, prefix, end, after.unwrap_or_default()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .map_err(unavailable)?;
    let mut items = Vec::new();
    let mut last = None;
    for row in rows {
        let (sk, body) = row.map_err(unavailable)?;
        let record: T = decode(&body)?;
        if !wanted(&record) {
            continue;
        }
        if items.len() == limit {
            return Ok(Page { items, next: last });
        }
        last = Some(sk);
        items.push(record);
    }
    Ok(Page { items, next: None })
}

#[async_trait]
impl PartnerStore for EmbeddedStore {
    async fn create_partner(
        &self,
        partner: &Partner,
        first_key: &ApiKeyRecord,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            insert_new(tx, &keys::partner(partner.id), partner)?;
            insert_new(tx, &keys::api_key(&first_key.id), first_key)?;
            put(
                tx,
                &keys::api_key_ref(partner.id, &first_key.id),
                &KeyRef {
                    key_id: first_key.id.clone(),
                },
            )
        })
    }

    async fn get_partner(&self, id: PartnerId) -> Result<Option<Partner>, StoreError> {
        self.read(|connection| get(connection, &keys::partner(id)))
    }

    async fn list_partners(&self) -> Result<Vec<Partner>, StoreError> {
        self.read(|connection| query(connection, &keys::partners()))
    }

    async fn set_partner_status(
        &self,
        id: PartnerId,
        status: PartnerStatus,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let mut partner: Partner = get(tx, &keys::partner(id))?.ok_or(StoreError::NotFound)?;
            partner.status = status;
            put(tx, &keys::partner(id), &partner)?;
            for KeyRef { key_id } in query::<KeyRef>(tx, &keys::api_key_refs(id))? {
                if let Some(mut record) = get::<ApiKeyRecord>(tx, &keys::api_key(&key_id))? {
                    record.partner_status = status;
                    put(tx, &keys::api_key(&key_id), &record)?;
                }
            }
            Ok(())
        })
    }

    async fn add_api_key(&self, key: &ApiKeyRecord) -> Result<ApiKeyRecord, StoreError> {
        self.write(|tx| {
            let partner: Partner =
                get(tx, &keys::partner(key.partner_id))?.ok_or(StoreError::NotFound)?;
            let record = ApiKeyRecord {
                partner_status: partner.status,
                ..key.clone()
            };
            insert_new(tx, &keys::api_key(&record.id), &record)?;
            put(
                tx,
                &keys::api_key_ref(partner.id, &record.id),
                &KeyRef {
                    key_id: record.id.clone(),
                },
            )?;
            Ok(record)
        })
    }

    async fn get_api_key(&self, id: &ApiKeyId) -> Result<Option<ApiKeyRecord>, StoreError> {
        self.read(|connection| get(connection, &keys::api_key(id)))
    }

    async fn list_api_keys(&self, partner: PartnerId) -> Result<Vec<ApiKeyRecord>, StoreError> {
        self.read(|connection| {
            let mut records = Vec::new();
            for KeyRef { key_id } in query::<KeyRef>(connection, &keys::api_key_refs(partner))? {
                records.extend(get::<ApiKeyRecord>(connection, &keys::api_key(&key_id))?);
            }
            records.sort_by_key(|record| record.created_at);
            Ok(records)
        })
    }

    async fn revoke_api_key(&self, id: &ApiKeyId) -> Result<ApiKeyRecord, StoreError> {
        self.write(|tx| {
            let mut record: ApiKeyRecord =
                get(tx, &keys::api_key(id))?.ok_or(StoreError::NotFound)?;
            record.status = KeyStatus::Revoked;
            put(tx, &keys::api_key(id), &record)?;
            Ok(record)
        })
    }
}

#[async_trait]
impl ProfileStore for EmbeddedStore {
    async fn create_profile(
        &self,
        profile: &Profile,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            record_idempotency(tx, idempotency)?;
            claim_reference(tx, profile)?;
            insert_new(tx, &keys::profile(profile.partner_id, profile.id), profile)
        })
    }

    async fn get_profile(
        &self,
        partner: PartnerId,
        id: ProfileId,
    ) -> Result<Option<Profile>, StoreError> {
        self.read(|connection| get(connection, &keys::profile(partner, id)))
    }

    async fn list_profiles(
        &self,
        partner: PartnerId,
        filter: &ProfileFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Profile>, StoreError> {
        self.read(|connection| {
            page(
                connection,
                &keys::profiles(partner),
                after,
                limit,
                |profile: &Profile| {
                    filter.status.is_none_or(|status| profile.status == status)
                        && filter
                            .reference
                            .as_ref()
                            .is_none_or(|reference| profile.reference.as_ref() == Some(reference))
                },
            )
        })
    }

    async fn patch_profile(
        &self,
        partner: PartnerId,
        id: ProfileId,
        patch: &ProfilePatch,
        if_match: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Profile, StoreError> {
        self.write(|tx| {
            let current: Profile =
                get(tx, &keys::profile(partner, id))?.ok_or(StoreError::NotFound)?;
            if if_match.is_some_and(|version| version != current.version) {
                return Err(StoreError::VersionMismatch);
            }
            let next = current.patched(patch, now);
            if next.reference != current.reference {
                claim_reference(tx, &next)?;
                if let Some(old) = &current.reference {
                    delete(tx, &keys::reference(partner, old))?;
                }
            }
            put(tx, &keys::profile(partner, id), &next)?;
            Ok(next)
        })
    }

    async fn submit_profile(
        &self,
        profile: &Profile,
        submitted_at: DateTime<Utc>,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<Profile, StoreError> {
        self.write(|tx| {
            let key = keys::profile(profile.partner_id, profile.id);
            let current: Profile = get(tx, &key)?.ok_or(StoreError::NotFound)?;
            if current.version != profile.version {
                return Err(StoreError::VersionMismatch);
            }
            record_idempotency(tx, idempotency)?;
            let submitted =
                current.submitted(submitted_at, idempotency.map(|record| record.key.as_str()));
            let snapshot_key = keys::snapshot(profile.partner_id, profile.id, profile.version);
            insert_new(tx, &snapshot_key, &current.snapshot(submitted_at))?;
            put(tx, &key, &submitted)?;
            Ok(submitted)
        })
    }

    async fn get_snapshot(
        &self,
        partner: PartnerId,
        id: ProfileId,
        version: u32,
    ) -> Result<Option<ProfileSnapshot>, StoreError> {
        self.read(|connection| get(connection, &keys::snapshot(partner, id, version)))
    }

    async fn delete_profile(&self, partner: PartnerId, id: ProfileId) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::profile(partner, id);
            let profile: Profile = get(tx, &key)?.ok_or(StoreError::NotFound)?;
            for analysis in query::<Analysis>(tx, &keys::analyses_of(partner, id))? {
                delete(tx, &keys::analysis(partner, analysis.id))?;
                if let Some(key) = &analysis.idempotency_key {
                    delete(tx, &keys::idempotency(partner, key))?;
                }
            }
            delete_prefix(tx, &keys::profile_data(partner, id))?;
            if let Some(reference) = &profile.reference {
                delete(tx, &keys::reference(partner, reference))?;
            }
            for idempotency_key in &profile.idempotency_keys {
                delete(tx, &keys::idempotency(partner, idempotency_key))?;
            }
            delete(tx, &key)
        })
    }

    async fn get_idempotency(
        &self,
        partner: PartnerId,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        self.read(|connection| get(connection, &keys::idempotency(partner, key)))
    }
}

#[async_trait]
impl AnalysisStore for EmbeddedStore {
    async fn create_analysis(
        &self,
        analysis: &Analysis,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let profile: Option<Profile> =
                get(tx, &keys::profile(analysis.partner_id, analysis.profile_id))?;
            let submitted = profile.is_some_and(|profile| {
                profile.status == ProfileStatus::Submitted
                    && profile.submitted_version == Some(analysis.profile_version)
            });
            if !submitted {
                return Err(StoreError::VersionMismatch);
            }
            record_idempotency(tx, idempotency)?;
            insert_new(
                tx,
                &keys::analysis(analysis.partner_id, analysis.id),
                analysis,
            )?;
            put(
                tx,
                &keys::analysis_copy(analysis.partner_id, analysis.profile_id, analysis.id),
                analysis,
            )
        })
    }

    async fn get_analysis(
        &self,
        partner: PartnerId,
        id: AnalysisId,
    ) -> Result<Option<Analysis>, StoreError> {
        self.read(|connection| get(connection, &keys::analysis(partner, id)))
    }

    async fn list_analyses(
        &self,
        partner: PartnerId,
        profile: ProfileId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Analysis>, StoreError> {
        self.read(|connection| {
            page(
                connection,
                &keys::analyses_of(partner, profile),
                after,
                limit,
                |_: &Analysis| true,
            )
        })
    }

    async fn get_analysis_work(
        &self,
        partner: PartnerId,
        id: AnalysisId,
        profile: ProfileId,
        version: u32,
    ) -> Result<(Option<Analysis>, Option<ProfileSnapshot>), StoreError> {
        self.read(|connection| {
            Ok((
                get(connection, &keys::analysis(partner, id))?,
                get(connection, &keys::snapshot(partner, profile, version))?,
            ))
        })
    }

    async fn finish_analysis(&self, analysis: &Analysis) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::analysis(analysis.partner_id, analysis.id);
            let current: Option<Analysis> = get(tx, &key)?;
            if current.is_none_or(|current| current.status != AnalysisStatus::Pending) {
                return Err(StoreError::Conflict);
            }
            put(tx, &key, analysis)?;
            put(
                tx,
                &keys::analysis_copy(analysis.partner_id, analysis.profile_id, analysis.id),
                analysis,
            )
        })
    }

    async fn mark_analysis_notified(&self, analysis: &Analysis) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::analysis(analysis.partner_id, analysis.id);
            if let Some(mut stored) = get::<Analysis>(tx, &key)? {
                stored.notified = true;
                put(tx, &key, &stored)?;
            }
            Ok(())
        })
    }

    async fn discard_analysis(&self, analysis: &Analysis) -> Result<(), StoreError> {
        self.write(|tx| {
            delete(tx, &keys::analysis(analysis.partner_id, analysis.id))?;
            delete(
                tx,
                &keys::analysis_copy(analysis.partner_id, analysis.profile_id, analysis.id),
            )?;
            if let Some(key) = &analysis.idempotency_key {
                delete(tx, &keys::idempotency(analysis.partner_id, key))?;
            }
            Ok(())
        })
    }
}

#[async_trait]
impl WebhookStore for EmbeddedStore {
    async fn create_webhook(&self, webhook: &Webhook, max: u32) -> Result<(), StoreError> {
        self.write(|tx| {
            if query::<Webhook>(tx, &keys::webhooks(webhook.partner_id))?.len() >= max as usize {
                return Err(StoreError::LimitReached);
            }
            insert_new(tx, &keys::webhook(webhook.partner_id, webhook.id), webhook)
        })
    }

    async fn get_webhook(
        &self,
        partner: PartnerId,
        id: WebhookId,
    ) -> Result<Option<Webhook>, StoreError> {
        self.read(|connection| get(connection, &keys::webhook(partner, id)))
    }

    async fn list_webhooks(&self, partner: PartnerId) -> Result<Vec<Webhook>, StoreError> {
        self.read(|connection| query(connection, &keys::webhooks(partner)))
    }

    async fn delete_webhook(&self, partner: PartnerId, id: WebhookId) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::webhook(partner, id);
            if !exists(tx, &key)? {
                return Err(StoreError::NotFound);
            }
            delete(tx, &key)
        })
    }

    async fn record_attempt(
        &self,
        seen: &Webhook,
        attempt: &DeliveryAttempt,
        recent: &[DeliveryAttempt],
        disable: Option<&str>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::webhook(seen.partner_id, seen.id);
            let Some(mut webhook) = get::<Webhook>(tx, &key)? else {
                return Ok(());
            };
            webhook.stats.attempts += 1;
            webhook.stats.last_attempt_at = Some(attempt.at);
            match attempt.outcome {
                AttemptOutcome::Delivered => {
                    webhook.stats.delivered += 1;
                    webhook.stats.last_delivered_at = Some(attempt.at);
                }
                AttemptOutcome::Failed => webhook.stats.failed += 1,
                AttemptOutcome::Retrying | AttemptOutcome::Disabled => {}
            }
            webhook.recent_attempts = recent.to_vec();
            if let Some(reason) = disable {
                webhook.enabled = false;
                webhook.disabled_reason = Some(reason.to_owned());
            }
            put(tx, &key, &webhook)
        })
    }
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
