//! [`ProfileStore`] on the embedded store: each write is one SQLite transaction, so a
//! patch reads, merges and writes without another writer in between.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::EmbeddedStore;
use super::rows::{
    delete, delete_prefix, exists, get, insert_new, page, page_by_status, put, put_expiring, query,
    record_idempotency,
};
use super::statements::read_statements;
use crate::domain::model::{
    Analysis, IdempotencyRecord, Page, PartnerId, Profile, ProfileFilter, ProfileId, ProfilePatch,
    ProfileSnapshot,
};
use crate::domain::record::DecisionRecord;
use crate::store::keys::{self, ReferenceItem};
use crate::store::{ProfileStore, StoreError};

/// Claims `profile`'s reference: `ReferenceTaken` when another profile holds it.
fn claim_reference(connection: &Connection, profile: &Profile) -> Result<(), StoreError> {
    if let Some(reference) = &profile.reference {
        let key = keys::reference(profile.partner_id, reference);
        if exists(connection, &key)? {
            return Err(StoreError::ReferenceTaken);
        }
        let claim = ReferenceItem {
            profile_id: profile.id,
        };
        put(connection, &key, &claim)?;
    }
    Ok(())
}

/// The profile holding `reference`, through its claim: two reads by primary key.
fn by_reference(
    connection: &Connection,
    partner: PartnerId,
    reference: &str,
) -> Result<Option<Profile>, StoreError> {
    let Some(claim) = get::<ReferenceItem>(connection, &keys::reference(partner, reference))?
    else {
        return Ok(None);
    };
    get(connection, &keys::profile(partner, claim.profile_id))
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
            if let Some(reference) = &filter.reference {
                let profile = by_reference(connection, partner, reference)?
                    .filter(|profile| filter.status.is_none_or(|status| profile.status == status));
                return Ok(Page {
                    items: profile.into_iter().collect(),
                    next: None,
                });
            }
            match filter.status {
                Some(status) => {
                    let (partition, _) = keys::profiles(partner);
                    page_by_status(connection, (&partition, status.as_str()), after, limit)
                }
                None => page(connection, &keys::profiles(partner), after, limit),
            }
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
            let current = get::<Profile>(tx, &key)?
                .filter(|current| current.version == profile.version)
                .ok_or(StoreError::VersionMismatch)?;
            record_idempotency(tx, idempotency)?;
            let submitted = current.submitted(
                submitted_at,
                idempotency.map(|record| (record.key.as_str(), record.expires_at)),
            );
            let snapshot_key = keys::snapshot(profile.partner_id, profile.id, profile.version);
            let mut snapshot = current.snapshot(submitted_at);
            snapshot.statements = read_statements(tx, &current)?;
            insert_new(tx, &snapshot_key, &snapshot)?;
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
            let erased_at = Utc::now();
            for analysis in query::<Analysis>(tx, &keys::analyses_of(partner, id))? {
                if let Some(record) = DecisionRecord::of(&analysis) {
                    let record = record.erased(erased_at);
                    let key = keys::erased_record(partner, analysis.id);
                    put_expiring(tx, &key, &record, record.expires_at())?;
                }
                delete(tx, &keys::analysis(partner, analysis.id))?;
                for key in analysis.idempotency_keys() {
                    delete(tx, &keys::idempotency(partner, key))?;
                }
            }
            delete_prefix(tx, &keys::profile_data(partner, id))?;
            if let Some(reference) = &profile.reference {
                delete(tx, &keys::reference(partner, reference))?;
            }
            for held in &profile.idempotency_keys {
                delete(tx, &keys::idempotency(partner, &held.key))?;
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
