//! [`AnalysisStore`] on the embedded store: each analysis and its copy under the profile
//! written together, as on DynamoDB.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::EmbeddedStore;
use super::rows::{delete, get, insert_new, page, put, record_idempotency};
use crate::domain::model::{
    Analysis, AnalysisId, AnalysisStatus, IdempotencyRecord, Page, PartnerId, Profile, ProfileId,
    ProfileSnapshot, ProfileStatus, WebhookId,
};
use crate::store::keys;
use crate::store::{AnalysisStore, StoreError};

#[async_trait]
impl AnalysisStore for EmbeddedStore {
    async fn create_analysis(
        &self,
        analysis: &Analysis,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let profile_key = keys::profile(analysis.partner_id, analysis.profile_id);
            let mut profile = get::<Profile>(tx, &profile_key)?
                .filter(|profile| {
                    profile.status == ProfileStatus::Submitted
                        && profile.submitted_version == Some(analysis.profile_version)
                })
                .ok_or(StoreError::VersionMismatch)?;
            profile.revision = profile.revision.saturating_add(1);
            put(tx, &profile_key, &profile)?;
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

    async fn claim_analysis_notification(
        &self,
        seen: &Analysis,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::analysis(seen.partner_id, seen.id);
            let mut stored = get::<Analysis>(tx, &key)?
                .filter(|stored| {
                    stored.status != AnalysisStatus::Pending
                        && !stored.notified
                        && stored.notifying_since == seen.notifying_since
                })
                .ok_or(StoreError::Conflict)?;
            stored.notifying_since = Some(at);
            put(tx, &key, &stored)
        })
    }

    async fn release_analysis_notification(
        &self,
        claimed: &Analysis,
        queued: &[WebhookId],
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::analysis(claimed.partner_id, claimed.id);
            let Some(mut stored) = get::<Analysis>(tx, &key)? else {
                return Ok(());
            };
            if claimed.notifying_since.is_some()
                && stored.notifying_since == claimed.notifying_since
            {
                stored.notifying_since = None;
                stored.notified_webhooks = queued.to_vec();
                put(tx, &key, &stored)?;
            }
            Ok(())
        })
    }

    async fn mark_analysis_notified(&self, analysis: &Analysis) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::analysis(analysis.partner_id, analysis.id);
            if let Some(mut stored) = get::<Analysis>(tx, &key)? {
                stored.notified = true;
                stored.notifying_since = None;
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
