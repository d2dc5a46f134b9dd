//! [`ProfileStore`] on DynamoDB: profiles, their reference claims, the snapshots their
//! submissions freeze, and idempotency records, all under the partner's partition.

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use chrono::{DateTime, Utc};

use super::DynamoStore;
use super::errors::{is_condition_failure, unavailable};
use super::items::{attribute_value, from_item, item_key, key_item, profile_item};
use super::transaction::Transaction;
use crate::domain::model::{
    Analysis, IdempotencyRecord, Page, PartnerId, Profile, ProfileFilter, ProfileId, ProfilePatch,
    ProfileSnapshot, ProfileStatus,
};
use crate::domain::record::DecisionRecord;
use crate::store::keys::{self, ReferenceItem};
use crate::store::{ProfileStore, StoreError};

impl DynamoStore {
    /// The profile holding `reference`: 1 `GetItem` of its claim, then 1 of the profile it
    /// names.
    async fn by_reference(
        &self,
        partner: PartnerId,
        reference: &str,
    ) -> Result<Option<Profile>, StoreError> {
        let claim: Option<ReferenceItem> = self.get(keys::reference(partner, reference)).await?;
        let Some(claim) = claim else {
            return Ok(None);
        };
        let profile = self.get_profile(partner, claim.profile_id).await?;
        Ok(profile.filter(|profile| profile.reference.as_deref() == Some(reference)))
    }

    /// A page of the partner's profiles in `status`: 1 `Query` of the index [`keys::BY_STATUS`]
    /// (eventually consistent, as every global secondary index is).
    async fn page_by_status(
        &self,
        partner: PartnerId,
        status: ProfileStatus,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Profile>, StoreError> {
        let (status_pk, _) = keys::profiles_with_status(partner, status);
        let (pk, _) = keys::profiles(partner);
        let start = after.map(|sk| {
            let mut start = key_item((pk, sk.to_owned()));
            start.insert(
                keys::STATUS_PK.to_owned(),
                AttributeValue::S(status_pk.clone()),
            );
            start
        });
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(keys::BY_STATUS)
            .key_condition_expression("#status_pk = :status_pk")
            .expression_attribute_names("#status_pk", keys::STATUS_PK)
            .expression_attribute_values(":status_pk", AttributeValue::S(status_pk));
        self.page(query, start, limit).await
    }

    /// One `UpdateItem` applying `patch` in place: concurrent patches compose.
    async fn patch_in_place(
        &self,
        partner: PartnerId,
        id: ProfileId,
        patch: &ProfilePatch,
        if_match: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Profile, StoreError> {
        let mut sets = vec![
            "#version = #version + :one".to_owned(),
            "#status = :draft".to_owned(),
            "#status_pk = :draft_pk".to_owned(),
            "#updated_at = :now".to_owned(),
            "#revision = if_not_exists(#revision, :zero) + :one".to_owned(),
        ];
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::profile(partner, id))))
            .expression_attribute_names("#version", "version")
            .expression_attribute_names("#status", "status")
            .expression_attribute_names("#status_pk", keys::STATUS_PK)
            .expression_attribute_names("#updated_at", "updated_at")
            .expression_attribute_names("#revision", "revision")
            .expression_attribute_values(":zero", AttributeValue::N("0".to_owned()))
            .expression_attribute_values(":one", AttributeValue::N("1".to_owned()))
            .expression_attribute_values(":draft", AttributeValue::S("draft".to_owned()))
            .expression_attribute_values(
                ":draft_pk",
                AttributeValue::S(keys::profiles_with_status(partner, ProfileStatus::Draft).0),
            )
            .expression_attribute_values(":now", attribute_value(&now)?);
        if !(patch.set.is_empty() && patch.remove.is_empty()) {
            // Declared only when used: DynamoDB refuses an unused name.
            request = request.expression_attribute_names("#attributes", "attributes");
        }
        for (index, (name, value)) in patch.set.iter().enumerate() {
            sets.push(format!("#attributes.#set{index} = :set{index}"));
            request = request
                .expression_attribute_names(format!("#set{index}"), *name)
                .expression_attribute_values(format!(":set{index}"), attribute_value(value)?);
        }
        let removes: Vec<String> = (0..patch.remove.len())
            .map(|index| format!("#attributes.#remove{index}"))
            .collect();
        for (index, name) in patch.remove.iter().enumerate() {
            request = request.expression_attribute_names(format!("#remove{index}"), *name);
        }
        let mut expression = format!("SET {}", sets.join(", "));
        if !removes.is_empty() {
            expression.push_str(&format!(" REMOVE {}", removes.join(", ")));
        }
        let mut condition = "attribute_exists(PK)".to_owned();
        if let Some(version) = if_match {
            condition.push_str(" AND #version = :expected");
            request = request
                .expression_attribute_values(":expected", AttributeValue::N(version.to_string()));
        }
        let result = request
            .update_expression(expression)
            .condition_expression(condition)
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result {
            Ok(output) => from_item(output.attributes.unwrap_or_default()),
            Err(error) if is_condition_failure(&error) => {
                match self.get_profile(partner, id).await? {
                    Some(_) => Err(StoreError::VersionMismatch),
                    None => Err(StoreError::NotFound),
                }
            }
            Err(error) => Err(unavailable(error)),
        }
    }

    /// Read, then one transaction swapping the reference claims; retried when another
    /// change lands in between, unless the caller pinned a version.
    async fn patch_with_reference(
        &self,
        partner: PartnerId,
        id: ProfileId,
        patch: &ProfilePatch,
        if_match: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Profile, StoreError> {
        const ATTEMPTS: usize = 3;
        for _ in 0..ATTEMPTS {
            let current = self
                .get_profile(partner, id)
                .await?
                .ok_or(StoreError::NotFound)?;
            if if_match.is_some_and(|version| version != current.version) {
                return Err(StoreError::VersionMismatch);
            }
            let next = current.patched(patch, now);
            let mut transaction = Transaction::default();
            let put = self.put_item_if_version(profile_item(&next)?, current.version)?;
            transaction.add(put, StoreError::VersionMismatch);
            if next.reference != current.reference {
                if let Some(reference) = &next.reference {
                    let claim = ReferenceItem { profile_id: id };
                    let put = self.put_new(keys::reference(partner, reference), &claim)?;
                    transaction.add(put, StoreError::ReferenceTaken);
                }
                if let Some(old) = &current.reference {
                    transaction.add_unconditional(self.delete(keys::reference(partner, old))?);
                }
            }
            match self.commit(transaction, StoreError::VersionMismatch).await {
                Ok(()) => return Ok(next),
                Err(StoreError::VersionMismatch) if if_match.is_none() => continue,
                Err(error) => return Err(error),
            }
        }
        Err(StoreError::Conflict)
    }

    /// Erases `profile` as it was read: one `Query` of everything under it, then its
    /// deletion in transactions of 100 items, the profile last and only at the version
    /// and revision read; each completed analysis leaves its stripped decision record,
    /// written with the deletions (a retry writes it again, unchanged but for
    /// `erased_at`). `VersionMismatch` when a write landed meanwhile (a submission,
    /// an analysis request, a reference change): the caller reads again and starts over,
    /// so what that write added is found and erased too.
    async fn erase(&self, profile: &Profile) -> Result<(), StoreError> {
        let (partner, id) = (profile.partner_id, profile.id);
        let (_, analyses_prefix) = keys::analyses_of(partner, id);
        let mut doomed = Vec::new();
        let mut analyses = Vec::new();
        for item in self.query_items(keys::profile_data(partner, id)).await? {
            let Some(key) = item_key(&item) else { continue };
            if key.1.starts_with(&analyses_prefix) {
                analyses.push(from_item::<Analysis>(item)?);
            }
            doomed.push(key);
        }
        let mut transaction = Transaction::default();
        let erased_at = Utc::now();
        for analysis in &analyses {
            if let Some(record) = DecisionRecord::of(analysis) {
                transaction.add_unconditional(self.put_erased_record(record.erased(erased_at))?);
            }
            doomed.push(keys::analysis(partner, analysis.id));
            doomed.extend(
                analysis
                    .idempotency_keys()
                    .map(|key| keys::idempotency(partner, key)),
            );
        }
        doomed.extend(
            profile
                .reference
                .as_deref()
                .map(|reference| keys::reference(partner, reference)),
        );
        doomed.extend(
            profile
                .idempotency_keys
                .iter()
                .map(|held| keys::idempotency(partner, &held.key)),
        );
        for key in doomed {
            transaction.add_unconditional(self.delete(key)?);
        }
        // The profile goes last: if erasure stops half-way, the profile still answers and
        // deleting it again finishes the job.
        let last = self.delete_unchanged(keys::profile(partner, id), profile)?;
        transaction.add(last, StoreError::VersionMismatch);
        for chunk in transaction.into_chunks() {
            self.commit(chunk, StoreError::Conflict).await?;
        }
        Ok(())
    }
}

#[async_trait]
impl ProfileStore for DynamoStore {
    async fn create_profile(
        &self,
        profile: &Profile,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut transaction = Transaction::default();
        if let Some(record) = idempotency {
            let put = self.put_idempotency(record, Utc::now())?;
            transaction.add(put, StoreError::IdempotencyKeyTaken);
        }
        if let Some(reference) = &profile.reference {
            let claim = ReferenceItem {
                profile_id: profile.id,
            };
            let put = self.put_new(keys::reference(profile.partner_id, reference), &claim)?;
            transaction.add(put, StoreError::ReferenceTaken);
        }
        let put = self.put_new_item(profile_item(profile)?)?;
        transaction.add(put, StoreError::AlreadyExists);
        self.commit(transaction, StoreError::Conflict).await
    }

    async fn get_profile(
        &self,
        partner: PartnerId,
        id: ProfileId,
    ) -> Result<Option<Profile>, StoreError> {
        self.get(keys::profile(partner, id)).await
    }

    async fn list_profiles(
        &self,
        partner: PartnerId,
        filter: &ProfileFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Profile>, StoreError> {
        if let Some(reference) = &filter.reference {
            let profile = self
                .by_reference(partner, reference)
                .await?
                .filter(|profile| filter.status.is_none_or(|status| profile.status == status));
            return Ok(Page {
                items: profile.into_iter().collect(),
                next: None,
            });
        }
        match filter.status {
            Some(status) => self.page_by_status(partner, status, after, limit).await,
            None => {
                let prefix = keys::profiles(partner);
                let start = after.map(|sk| key_item((prefix.0.clone(), sk.to_owned())));
                self.page(self.prefix_query(&prefix), start, limit).await
            }
        }
    }

    async fn patch_profile(
        &self,
        partner: PartnerId,
        id: ProfileId,
        patch: &ProfilePatch,
        if_match: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Profile, StoreError> {
        if patch.reference.is_some() {
            self.patch_with_reference(partner, id, patch, if_match, now)
                .await
        } else {
            self.patch_in_place(partner, id, patch, if_match, now).await
        }
    }

    async fn submit_profile(
        &self,
        profile: &Profile,
        submitted_at: DateTime<Utc>,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<Profile, StoreError> {
        let submitted = profile.submitted(
            submitted_at,
            idempotency.map(|record| (record.key.as_str(), record.expires_at)),
        );
        let mut transaction = Transaction::default();
        if let Some(record) = idempotency {
            let put = self.put_idempotency(record, Utc::now())?;
            transaction.add(put, StoreError::IdempotencyKeyTaken);
        }
        let put = self.put_item_if_version(profile_item(&submitted)?, profile.version)?;
        transaction.add(put, StoreError::VersionMismatch);
        let mut snapshot = profile.snapshot(submitted_at);
        snapshot.statements = self.statements_of(profile).await?;
        self.snapshot_writes(&mut transaction, &snapshot)?;
        self.commit(transaction, StoreError::VersionMismatch)
            .await?;
        Ok(submitted)
    }

    async fn get_snapshot(
        &self,
        partner: PartnerId,
        id: ProfileId,
        version: u32,
    ) -> Result<Option<ProfileSnapshot>, StoreError> {
        match self.get_item(keys::snapshot(partner, id, version)).await? {
            Some(item) => self.snapshot_from_item(item).await.map(Some),
            None => Ok(None),
        }
    }

    async fn delete_profile(&self, partner: PartnerId, id: ProfileId) -> Result<(), StoreError> {
        const ATTEMPTS: usize = 5;
        for _ in 0..ATTEMPTS {
            let profile = self
                .get_profile(partner, id)
                .await?
                .ok_or(StoreError::NotFound)?;
            match self.erase(&profile).await {
                Err(StoreError::VersionMismatch) => continue,
                done => return done,
            }
        }
        Err(StoreError::Conflict)
    }

    async fn get_idempotency(
        &self,
        partner: PartnerId,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        let record: Option<IdempotencyRecord> = self.get(keys::idempotency(partner, key)).await?;
        Ok(record.filter(|record| record.expires_at > Utc::now().timestamp()))
    }
}
