//! [`AnalysisStore`] on the embedded store: each analysis and its copy under the profile
//! written together, as on DynamoDB, and with the store's analysis queue, its message;
//! a review appended to both in one transaction.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use rusqlite::params;

use super::EmbeddedStore;
use super::rows::{decode, delete, get, insert_new, page, put, record_idempotency, unavailable};
use super::schema::STALE_ANALYSES;
use crate::domain::model::{
    Analysis, AnalysisId, AnalysisStatus, IdempotencyRecord, Page, PartnerId, Profile, ProfileId,
    ProfileSnapshot, ProfileStatus, WebhookId,
};
use crate::domain::notification::{Notice, Notification};
use crate::domain::review::Review;
use crate::store::analyses::as_stored;
use crate::store::keys;
use crate::store::{AnalysisStore, Queuing, RecordSource, StoreError};

#[async_trait]
impl AnalysisStore for EmbeddedStore {
    async fn create_analysis(
        &self,
        analysis: &Analysis,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<Queuing, StoreError> {
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
                &as_stored(analysis),
            )?;
            put(
                tx,
                &keys::analysis_copy(analysis.partner_id, analysis.profile_id, analysis.id),
                &as_stored(analysis),
            )?;
            self.queue_in(tx, analysis)
        })
    }

    async fn list_stale_analyses(
        &self,
        before: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Analysis>, StoreError> {
        self.read(|connection| {
            let mut statement = connection
                .prepare_cached(STALE_ANALYSES)
                .map_err(unavailable)?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let rows = statement
                .query_map(params![before.timestamp_micros(), limit], |row| {
                    row.get::<_, String>(0)
                })
                .map_err(unavailable)?;
            rows.map(|row| decode(&row.map_err(unavailable)?)).collect()
        })
    }

    async fn requeue_analysis(&self, seen: &Analysis, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::analysis(seen.partner_id, seen.id);
            let mut stored = get::<Analysis>(tx, &key)?
                .filter(|stored| stored.queued_at.is_some() && stored.queued_at == seen.queued_at)
                .ok_or(StoreError::Conflict)?;
            stored.queued_at = Some(at);
            put(tx, &key, &stored)
        })
    }

    async fn get_analysis(
        &self,
        partner: PartnerId,
        id: AnalysisId,
    ) -> Result<Option<Analysis>, StoreError> {
        self.read(|connection| get(connection, &keys::analysis(partner, id)))
    }

    async fn get_decision_record(
        &self,
        partner: PartnerId,
        id: AnalysisId,
    ) -> Result<Option<RecordSource>, StoreError> {
        self.read(|connection| {
            if let Some(analysis) = get::<Analysis>(connection, &keys::analysis(partner, id))? {
                return Ok(Some(RecordSource::Analysis(Box::new(analysis))));
            }
            Ok(get(connection, &keys::erased_record(partner, id))?
                .map(|record| RecordSource::Erased(Box::new(record))))
        })
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
            put(tx, &key, &as_stored(analysis))?;
            put(
                tx,
                &keys::analysis_copy(analysis.partner_id, analysis.profile_id, analysis.id),
                &as_stored(analysis),
            )
        })
    }

    async fn claim_analysis_notification(
        &self,
        seen: &Analysis,
        notice: Notice,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let seen_since = seen
            .notification(notice)
            .ok_or(StoreError::Conflict)?
            .notifying_since;
        self.write(|tx| {
            let key = keys::analysis(seen.partner_id, seen.id);
            let mut stored = get::<Analysis>(tx, &key)?
                .filter(|stored| stored.status != AnalysisStatus::Pending)
                .ok_or(StoreError::Conflict)?;
            let notification = stored
                .notification(notice)
                .filter(|current| !current.notified && current.notifying_since == seen_since)
                .ok_or(StoreError::Conflict)?;
            stored.set_notification(
                notice,
                Notification {
                    notifying_since: Some(at),
                    ..notification
                },
            );
            put(tx, &key, &stored)
        })
    }

    async fn release_analysis_notification(
        &self,
        claimed: &Analysis,
        notice: Notice,
        queued: &[WebhookId],
    ) -> Result<(), StoreError> {
        let Some(claimed_since) = claimed
            .notification(notice)
            .and_then(|notification| notification.notifying_since)
        else {
            return Ok(());
        };
        self.write(|tx| {
            let key = keys::analysis(claimed.partner_id, claimed.id);
            let Some(mut stored) = get::<Analysis>(tx, &key)? else {
                return Ok(());
            };
            let Some(current) = stored
                .notification(notice)
                .filter(|current| current.notifying_since == Some(claimed_since))
            else {
                return Ok(());
            };
            stored.set_notification(
                notice,
                Notification {
                    notifying_since: None,
                    notified_webhooks: queued.to_vec(),
                    ..current
                },
            );
            put(tx, &key, &stored)
        })
    }

    async fn mark_analysis_notified(
        &self,
        analysis: &Analysis,
        notice: Notice,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::analysis(analysis.partner_id, analysis.id);
            let Some(mut stored) = get::<Analysis>(tx, &key)? else {
                return Ok(());
            };
            if let Some(current) = stored.notification(notice) {
                stored.set_notification(
                    notice,
                    Notification {
                        notified: true,
                        notifying_since: None,
                        ..current
                    },
                );
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

    async fn add_review(
        &self,
        analysis: &Analysis,
        review: &Review,
        idempotency: Option<&IdempotencyRecord>,
        max: usize,
    ) -> Result<Queuing, StoreError> {
        self.write(|tx| {
            let partner = analysis.partner_id;
            record_idempotency(tx, idempotency)?;
            let profile_key = keys::profile(partner, analysis.profile_id);
            let mut profile = get::<Profile>(tx, &profile_key)?.ok_or(StoreError::NotFound)?;
            let record_key = keys::analysis(partner, analysis.id);
            let copy_key = keys::analysis_copy(partner, analysis.profile_id, analysis.id);
            let (Some(mut record), Some(mut copy)) = (
                get::<Analysis>(tx, &record_key)?,
                get::<Analysis>(tx, &copy_key)?,
            ) else {
                return Err(StoreError::Conflict);
            };
            if !record.is_reviewable() {
                return Err(StoreError::Conflict);
            }
            if record.reviews.len() >= max {
                return Err(StoreError::LimitReached);
            }
            profile.revision = profile.revision.saturating_add(1);
            put(tx, &profile_key, &profile)?;
            record.reviews.push(review.clone());
            record.queued_at = Some(review.created_at);
            copy.reviews.push(review.clone());
            put(tx, &record_key, &record)?;
            put(tx, &copy_key, &copy)?;
            self.queue_in(tx, analysis)
        })
    }

    async fn settle_analysis(&self, seen: &Analysis) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::analysis(seen.partner_id, seen.id);
            let mut stored = get::<Analysis>(tx, &key)?
                .filter(|stored| {
                    stored.status != AnalysisStatus::Pending
                        && stored.queued_at.is_some()
                        && stored.queued_at == seen.queued_at
                })
                .ok_or(StoreError::Conflict)?;
            stored.queued_at = None;
            put(tx, &key, &stored)
        })
    }

    async fn discard_review(&self, analysis: &Analysis, review: &Review) -> Result<(), StoreError> {
        self.write(|tx| {
            let partner = analysis.partner_id;
            let record_key = keys::analysis(partner, analysis.id);
            let copy_key = keys::analysis_copy(partner, analysis.profile_id, analysis.id);
            let Some(mut record) = get::<Analysis>(tx, &record_key)? else {
                return Ok(());
            };
            let Some(held) = record.review(review.id) else {
                return Ok(());
            };
            if held.notified || held.notifying_since.is_some() {
                return Err(StoreError::Conflict);
            }
            record.reviews.retain(|kept| kept.id != review.id);
            put(tx, &record_key, &record)?;
            if let Some(mut copy) = get::<Analysis>(tx, &copy_key)? {
                copy.reviews.retain(|kept| kept.id != review.id);
                put(tx, &copy_key, &copy)?;
            }
            if let Some(key) = &review.idempotency_key {
                delete(tx, &keys::idempotency(partner, key))?;
            }
            Ok(())
        })
    }
}

impl EmbeddedStore {
    /// Queues `analysis`'s message on this file's analysis queue within `tx`, when it has
    /// one.
    fn queue_in(
        &self,
        tx: &rusqlite::Connection,
        analysis: &Analysis,
    ) -> Result<Queuing, StoreError> {
        let Some(queue) = &self.analysis_queue else {
            return Ok(Queuing::ToSend);
        };
        let message = serde_json::to_string(&analysis.request())
            .map_err(|error| StoreError::Corrupt(error.to_string()))?;
        crate::queue::embedded::insert(tx, queue, &message, std::time::Duration::ZERO)
            .map_err(unavailable)?;
        Ok(Queuing::Queued)
    }
}
