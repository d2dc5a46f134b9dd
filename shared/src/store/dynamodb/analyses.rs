//! [`AnalysisStore`] on DynamoDB: each analysis under the partner, with a copy under its
//! profile's data so that a profile's analyses are one `Query` and go with its erasure.
//! The record of a pending analysis is also in the sparse index `pending` (see
//! [`keys::PENDING_INDEX`]), where the sweeper finds those whose message was lost. Its
//! reviews, and the queuing state of each of its events, are in [`super::reviews`].

use async_trait::async_trait;
use aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use chrono::{DateTime, Utc};

use super::DynamoStore;
use super::errors::{invalid_request, is_condition_failure, unavailable};
use super::items::{Item, from_item, item, key_item};
use super::transaction::Transaction;
use crate::domain::model::{
    Analysis, AnalysisId, AnalysisStatus, IdempotencyRecord, Page, PartnerId, ProfileId,
    ProfileSnapshot, WebhookId,
};
use crate::domain::notification::Notice;
use crate::domain::record::DecisionRecord;
use crate::domain::review::Review;
use crate::store::analyses::as_stored;
use crate::store::keys;
use crate::store::{AnalysisStore, Queuing, RecordSource, StoreError};

/// The item of `analysis`'s record under the partner: in the index of waiting analyses
/// while it is pending, out of it once finished.
fn record_item(analysis: &Analysis) -> Result<Item, StoreError> {
    let record = as_stored(analysis);
    let mut item = item(keys::analysis(analysis.partner_id, analysis.id), &*record)?;
    if record.status == AnalysisStatus::Pending && record.queued_at.is_some() {
        item.insert(
            keys::PENDING_SHARD.to_owned(),
            AttributeValue::S(keys::pending_shard(analysis.id)),
        );
    }
    Ok(item)
}

#[async_trait]
impl AnalysisStore for DynamoStore {
    async fn create_analysis(
        &self,
        analysis: &Analysis,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<Queuing, StoreError> {
        // An update, not a mere condition check: the profile's revision moves, so an
        // erasure that read the profile before this analysis existed starts over.
        let still_submitted = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::profile(
                analysis.partner_id,
                analysis.profile_id,
            ))))
            .update_expression("SET #revision = if_not_exists(#revision, :zero) + :one")
            .condition_expression("#status = :submitted AND #submitted_version = :version")
            .expression_attribute_names("#status", "status")
            .expression_attribute_names("#submitted_version", "submitted_version")
            .expression_attribute_names("#revision", "revision")
            .expression_attribute_values(":submitted", AttributeValue::S("submitted".to_owned()))
            .expression_attribute_values(
                ":version",
                AttributeValue::N(analysis.profile_version.to_string()),
            )
            .expression_attribute_values(":zero", AttributeValue::N("0".to_owned()))
            .expression_attribute_values(":one", AttributeValue::N("1".to_owned()))
            .build()
            .map_err(invalid_request)?;
        let mut transaction = Transaction::default();
        let check = TransactWriteItem::builder().update(still_submitted).build();
        transaction.add(check, StoreError::VersionMismatch);
        if let Some(record) = idempotency {
            let put = self.put_idempotency(record, Utc::now())?;
            transaction.add(put, StoreError::IdempotencyKeyTaken);
        }
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(record_item(analysis)?))
            .condition_expression("attribute_not_exists(PK)")
            .build()
            .map_err(invalid_request)?;
        transaction.add(
            TransactWriteItem::builder().put(put).build(),
            StoreError::AlreadyExists,
        );
        let copy = keys::analysis_copy(analysis.partner_id, analysis.profile_id, analysis.id);
        transaction.add_unconditional(self.put(copy, &as_stored(analysis))?);
        self.commit(transaction, StoreError::Conflict).await?;
        Ok(Queuing::ToSend)
    }

    async fn list_stale_analyses(
        &self,
        before: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Analysis>, StoreError> {
        let mut stale = Vec::new();
        for shard in keys::pending_shards() {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(keys::PENDING_INDEX)
                .key_condition_expression("#shard = :shard AND #queued_at < :before")
                .expression_attribute_names("#shard", keys::PENDING_SHARD)
                .expression_attribute_names("#queued_at", keys::QUEUED_AT)
                .expression_attribute_values(":shard", AttributeValue::S(shard))
                .expression_attribute_values(
                    ":before",
                    AttributeValue::N(before.timestamp_micros().to_string()),
                )
                .limit(i32::try_from(limit).unwrap_or(i32::MAX))
                .send()
                .await
                .map_err(unavailable)?;
            for item in output.items.unwrap_or_default() {
                stale.push(from_item::<Analysis>(item)?);
            }
        }
        stale.sort_by_key(|analysis| analysis.queued_at);
        stale.truncate(limit);
        Ok(stale)
    }

    async fn requeue_analysis(&self, seen: &Analysis, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.update_waiting(seen, "SET #queued_at = :at", "", |update| {
            update.expression_attribute_values(
                ":at",
                AttributeValue::N(at.timestamp_micros().to_string()),
            )
        })
        .await
    }

    async fn get_analysis(
        &self,
        partner: PartnerId,
        id: AnalysisId,
    ) -> Result<Option<Analysis>, StoreError> {
        self.get(keys::analysis(partner, id)).await
    }

    async fn get_decision_record(
        &self,
        partner: PartnerId,
        id: AnalysisId,
    ) -> Result<Option<RecordSource>, StoreError> {
        let (analysis, erased) = self
            .batch_get_two(
                keys::analysis(partner, id),
                keys::erased_record(partner, id),
            )
            .await?;
        if let Some(item) = analysis {
            return Ok(Some(RecordSource::Analysis(Box::new(from_item(item)?))));
        }
        let erased = erased.map(from_item::<DecisionRecord>).transpose()?;
        Ok(erased
            .filter(|record| !record.has_expired(Utc::now()))
            .map(|record| RecordSource::Erased(Box::new(record))))
    }

    async fn list_analyses(
        &self,
        partner: PartnerId,
        profile: ProfileId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Analysis>, StoreError> {
        let prefix = keys::analyses_of(partner, profile);
        let start = after.map(|sk| key_item((prefix.0.clone(), sk.to_owned())));
        self.page(self.prefix_query(&prefix), start, limit).await
    }

    async fn get_analysis_work(
        &self,
        partner: PartnerId,
        id: AnalysisId,
        profile: ProfileId,
        version: u32,
    ) -> Result<(Option<Analysis>, Option<ProfileSnapshot>), StoreError> {
        let (analysis, snapshot) = self
            .batch_get_two(
                keys::analysis(partner, id),
                keys::snapshot(partner, profile, version),
            )
            .await?;
        let analysis = analysis.map(from_item).transpose()?;
        let snapshot = match snapshot {
            Some(item) => Some(self.snapshot_from_item(item).await?),
            None => None,
        };
        Ok((analysis, snapshot))
    }

    async fn finish_analysis(&self, analysis: &Analysis) -> Result<(), StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(record_item(analysis)?))
            .condition_expression("#status = :pending")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":pending", AttributeValue::S("pending".to_owned()))
            .build()
            .map_err(invalid_request)?;
        let copy_key = keys::analysis_copy(analysis.partner_id, analysis.profile_id, analysis.id);
        let copy = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item(copy_key, &as_stored(analysis))?))
            .condition_expression("attribute_exists(PK)")
            .build()
            .map_err(invalid_request)?;
        let mut transaction = Transaction::default();
        transaction.add(
            TransactWriteItem::builder().put(put).build(),
            StoreError::Conflict,
        );
        transaction.add(
            TransactWriteItem::builder().put(copy).build(),
            StoreError::Conflict,
        );
        // Still conflicting after the retries (an erasure in flight on the same items):
        // the analysis may still be pending, so the message is to be retried, not
        // taken for a duplicate.
        let busy = StoreError::Unavailable("the analysis kept meeting other transactions".into());
        self.commit(transaction, busy).await
    }

    async fn claim_analysis_notification(
        &self,
        seen: &Analysis,
        notice: Notice,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.claim_notice(seen, notice, at).await
    }

    async fn release_analysis_notification(
        &self,
        claimed: &Analysis,
        notice: Notice,
        queued: &[WebhookId],
    ) -> Result<(), StoreError> {
        self.release_notice(claimed, notice, queued).await
    }

    async fn mark_analysis_notified(
        &self,
        analysis: &Analysis,
        notice: Notice,
    ) -> Result<(), StoreError> {
        self.mark_notice(analysis, notice).await
    }

    async fn discard_analysis(&self, analysis: &Analysis) -> Result<(), StoreError> {
        let mut transaction = Transaction::default();
        transaction
            .add_unconditional(self.delete(keys::analysis(analysis.partner_id, analysis.id))?);
        transaction.add_unconditional(self.delete(keys::analysis_copy(
            analysis.partner_id,
            analysis.profile_id,
            analysis.id,
        ))?);
        if let Some(key) = &analysis.idempotency_key {
            transaction
                .add_unconditional(self.delete(keys::idempotency(analysis.partner_id, key))?);
        }
        self.commit(transaction, StoreError::Conflict).await
    }

    async fn add_review(
        &self,
        analysis: &Analysis,
        review: &Review,
        idempotency: Option<&IdempotencyRecord>,
        max: usize,
    ) -> Result<Queuing, StoreError> {
        self.append_review(analysis, review, idempotency, max).await
    }

    async fn discard_review(&self, analysis: &Analysis, review: &Review) -> Result<(), StoreError> {
        self.remove_review(analysis, review).await
    }

    async fn settle_analysis(&self, seen: &Analysis) -> Result<(), StoreError> {
        self.update_waiting(
            seen,
            "REMOVE #queued_at, #shard",
            " AND #status <> :pending",
            |update| {
                update
                    .expression_attribute_names("#shard", keys::PENDING_SHARD)
                    .expression_attribute_names("#status", "status")
                    .expression_attribute_values(
                        ":pending",
                        AttributeValue::S("pending".to_owned()),
                    )
            },
        )
        .await
    }
}

impl DynamoStore {
    /// 1 `UpdateItem` of `seen`'s record by `expression`, provided its `queued_at` is
    /// still `seen`'s (and `also`, an ` AND …` of the caller's, bound by `bind`):
    /// `Conflict` otherwise, or when `seen` has none. How the sweeper and the worker move
    /// an analysis in the index of waiting analyses, one writer winning.
    async fn update_waiting(
        &self,
        seen: &Analysis,
        expression: &str,
        also: &str,
        bind: impl FnOnce(UpdateItemFluentBuilder) -> UpdateItemFluentBuilder,
    ) -> Result<(), StoreError> {
        let Some(queued_at) = seen.queued_at else {
            return Err(StoreError::Conflict);
        };
        let update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::analysis(seen.partner_id, seen.id))))
            .update_expression(expression)
            .condition_expression(format!("#queued_at = :seen{also}"))
            .expression_attribute_names("#queued_at", keys::QUEUED_AT)
            .expression_attribute_values(
                ":seen",
                AttributeValue::N(queued_at.timestamp_micros().to_string()),
            );
        match bind(update).send().await {
            Ok(_) => Ok(()),
            Err(error) if is_condition_failure(&error) => Err(StoreError::Conflict),
            Err(error) => Err(unavailable(error)),
        }
    }
}
