//! The DynamoDB store: one table, string keys `PK` and `SK` laid out as in
//! [`super::keys`], on-demand capacity, TTL on `expires_at`.
//!
//! Reads that decide access (API key, partner) are strongly consistent. Every write that
//! must not clobber a concurrent one is conditional, and writes that touch several items
//! are one `TransactWriteItems`.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, ConditionCheck, Delete, KeySchemaElement,
    KeyType, KeysAndAttributes, Put, ReturnValue, ScalarAttributeType, TimeToLiveSpecification,
    TransactWriteItem, Update,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::keys::{self, Key, KeyRef, Prefix, ReferenceItem};
use super::{AnalysisStore, PartnerStore, ProfileStore, StoreError, WebhookStore};
use crate::domain::api_key::ApiKeyId;
use crate::domain::model::{
    Analysis, AnalysisId, ApiKeyRecord, AttemptOutcome, DeliveryAttempt, IdempotencyRecord, Page,
    Partner, PartnerId, PartnerStatus, Profile, ProfileFilter, ProfileId, ProfilePatch,
    ProfileSnapshot, Webhook, WebhookId,
};

pub type Item = HashMap<String, AttributeValue>;

/// Most items one `TransactWriteItems` may hold.
const TRANSACTION_LIMIT: usize = 100;

pub struct DynamoStore {
    client: Client,
    table: String,
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }

    pub fn from_sdk(sdk: &aws_config::SdkConfig, table: impl Into<String>) -> Self {
        Self::new(Client::new(sdk), table)
    }

    async fn get<T: DeserializeOwned>(&self, key: Key) -> Result<Option<T>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_item(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        output.item.map(from_item).transpose()
    }

    /// Every record under `prefix`, in sort-key order: 1 `Query` per 1 MB page.
    async fn query<T: DeserializeOwned>(&self, prefix: Prefix) -> Result<Vec<T>, StoreError> {
        self.query_items(prefix)
            .await?
            .into_iter()
            .map(from_item)
            .collect()
    }

    /// Every item under `prefix`, in sort-key order: 1 `Query` per 1 MB page.
    async fn query_items(&self, (pk, sk_prefix): Prefix) -> Result<Vec<Item>, StoreError> {
        let mut records = Vec::new();
        let mut start = None;
        loop {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
                .expression_attribute_values(":pk", AttributeValue::S(pk.clone()))
                .expression_attribute_values(":prefix", AttributeValue::S(sk_prefix.clone()))
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(unavailable)?;
            records.extend(output.items.unwrap_or_default());
            start = output.last_evaluated_key;
            if start.is_none() {
                return Ok(records);
            }
        }
    }

    fn put_new(&self, key: Key, value: &impl Serialize) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item(key, value)?))
            .condition_expression("attribute_not_exists(PK)")
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    fn put(&self, key: Key, value: &impl Serialize) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item(key, value)?))
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// One page of the records under `prefix`, after the sort key `after`.
    fn page_query(
        &self,
        (pk, sk_prefix): Prefix,
        after: Option<&str>,
        limit: usize,
    ) -> aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder {
        self.client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":pk", AttributeValue::S(pk.clone()))
            .expression_attribute_values(":prefix", AttributeValue::S(sk_prefix))
            .consistent_read(true)
            .limit(i32::try_from(limit).unwrap_or(i32::MAX))
            .set_exclusive_start_key(after.map(|sk| key_item((pk, sk.to_owned()))))
    }

    fn put_if_version(
        &self,
        key: Key,
        value: &impl Serialize,
        version: u32,
    ) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item(key, value)?))
            .condition_expression("#version = :version")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":version", AttributeValue::N(version.to_string()))
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// Puts an idempotency record unless a live one holds the key.
    fn put_idempotency(
        &self,
        record: &IdempotencyRecord,
        now: DateTime<Utc>,
    ) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item(
                keys::idempotency(record.partner_id, &record.key),
                record,
            )?))
            .condition_expression("attribute_not_exists(PK) OR #expires_at <= :now")
            .expression_attribute_names("#expires_at", keys::EXPIRES_AT)
            .expression_attribute_values(":now", AttributeValue::N(now.timestamp().to_string()))
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    fn delete(&self, key: Key) -> Result<TransactWriteItem, StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(key)))
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().delete(delete).build())
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
            "#updated_at = :now".to_owned(),
        ];
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::profile(partner, id))))
            .expression_attribute_names("#attributes", "attributes")
            .expression_attribute_names("#version", "version")
            .expression_attribute_names("#status", "status")
            .expression_attribute_names("#updated_at", "updated_at")
            .expression_attribute_values(":one", AttributeValue::N("1".to_owned()))
            .expression_attribute_values(":draft", AttributeValue::S("draft".to_owned()))
            .expression_attribute_values(":now", attribute_value(&now)?);
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
            let mut items =
                vec![self.put_if_version(keys::profile(partner, id), &next, current.version)?];
            if next.reference != current.reference {
                if let Some(reference) = &next.reference {
                    items.push(self.put_new(
                        keys::reference(partner, reference),
                        &ReferenceItem { profile_id: id },
                    )?);
                }
                if let Some(old) = &current.reference {
                    items.push(self.delete(keys::reference(partner, old))?);
                }
            }
            match self.transact(items).await {
                Ok(()) => return Ok(next),
                Err(Cancelled::Condition(0) | Cancelled::Conflict) if if_match.is_none() => {
                    continue;
                }
                Err(Cancelled::Condition(0) | Cancelled::Conflict) => {
                    return Err(StoreError::VersionMismatch);
                }
                Err(Cancelled::Condition(_)) => return Err(StoreError::ReferenceTaken),
                Err(Cancelled::Other(error)) => return Err(error),
            }
        }
        Err(StoreError::Conflict)
    }

    fn set_status(
        &self,
        key: Key,
        attribute: &str,
        status: PartnerStatus,
    ) -> Result<TransactWriteItem, StoreError> {
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(key)))
            .update_expression("SET #attribute = :status")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#attribute", attribute)
            .expression_attribute_values(":status", AttributeValue::S(status.to_string()))
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    /// Commits `transaction`: a failed condition becomes the error given with its item,
    /// a conflict with another transaction becomes `on_conflict`.
    async fn commit(
        &self,
        transaction: Transaction,
        on_conflict: StoreError,
    ) -> Result<(), StoreError> {
        let Transaction { items, meanings } = transaction;
        match self.transact(items).await {
            Ok(()) => Ok(()),
            Err(Cancelled::Condition(index)) => Err(meanings
                .into_iter()
                .nth(index)
                .unwrap_or(StoreError::Conflict)),
            Err(Cancelled::Conflict) => Err(on_conflict),
            Err(Cancelled::Other(error)) => Err(error),
        }
    }

    async fn transact(&self, items: Vec<TransactWriteItem>) -> Result<(), Cancelled> {
        self.client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await
            .map(|_| ())
            .map_err(Cancelled::from)
    }
}

/// The items of one transaction, each with what a failure of its condition means.
#[derive(Default)]
struct Transaction {
    items: Vec<TransactWriteItem>,
    meanings: Vec<StoreError>,
}

impl Transaction {
    fn add(&mut self, item: TransactWriteItem, if_its_condition_fails: StoreError) {
        self.items.push(item);
        self.meanings.push(if_its_condition_fails);
    }
}

/// Why a transaction did not commit.
enum Cancelled {
    /// The condition of the item at this index failed.
    Condition(usize),
    /// Another transaction touched the same items.
    Conflict,
    Other(StoreError),
}

impl From<SdkError<TransactWriteItemsError>> for Cancelled {
    fn from(error: SdkError<TransactWriteItemsError>) -> Self {
        if let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) =
            error.as_service_error()
        {
            let codes: Vec<&str> = cancelled
                .cancellation_reasons()
                .iter()
                .map(|reason| reason.code().unwrap_or_default())
                .collect();
            if let Some(index) = codes
                .iter()
                .position(|code| *code == "ConditionalCheckFailed")
            {
                return Self::Condition(index);
            }
            if codes.contains(&"TransactionConflict") {
                return Self::Conflict;
            }
        }
        Self::Other(unavailable(error))
    }
}

fn key_item((pk, sk): Key) -> Item {
    HashMap::from([
        (keys::PK.to_owned(), AttributeValue::S(pk)),
        (keys::SK.to_owned(), AttributeValue::S(sk)),
    ])
}

fn item(key: Key, value: &impl Serialize) -> Result<Item, StoreError> {
    let mut item: Item =
        serde_dynamo::to_item(value).map_err(|error| StoreError::Corrupt(error.to_string()))?;
    item.extend(key_item(key));
    Ok(item)
}

fn read_page<T: DeserializeOwned>(
    output: aws_sdk_dynamodb::operation::query::QueryOutput,
) -> Result<Page<T>, StoreError> {
    let next = output
        .last_evaluated_key
        .as_ref()
        .and_then(item_key)
        .map(|(_, sk)| sk);
    let items = output
        .items
        .unwrap_or_default()
        .into_iter()
        .map(from_item)
        .collect::<Result<Vec<T>, _>>()?;
    Ok(Page { items, next })
}

fn item_key(item: &Item) -> Option<Key> {
    match (item.get(keys::PK), item.get(keys::SK)) {
        (Some(AttributeValue::S(pk)), Some(AttributeValue::S(sk))) => {
            Some((pk.clone(), sk.clone()))
        }
        _ => None,
    }
}

fn attribute_value(value: &impl Serialize) -> Result<AttributeValue, StoreError> {
    serde_dynamo::to_attribute_value(value).map_err(|error| StoreError::Corrupt(error.to_string()))
}

fn from_item<T: DeserializeOwned>(item: Item) -> Result<T, StoreError> {
    serde_dynamo::from_item(item).map_err(|error| StoreError::Corrupt(error.to_string()))
}

fn unavailable<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    StoreError::Unavailable(Box::new(error))
}

fn invalid_request(error: aws_sdk_dynamodb::error::BuildError) -> StoreError {
    StoreError::Unavailable(Box::new(error))
}

fn is_condition_failure<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> bool {
    error.code() == Some("ConditionalCheckFailedException")
}

#[async_trait]
impl PartnerStore for DynamoStore {
    async fn create_partner(
        &self,
        partner: &Partner,
        first_key: &ApiKeyRecord,
    ) -> Result<(), StoreError> {
        let items = vec![
            self.put_new(keys::partner(partner.id), partner)?,
            self.put_new(keys::api_key(&first_key.id), first_key)?,
            self.put(
                keys::api_key_ref(partner.id, &first_key.id),
                &KeyRef {
                    key_id: first_key.id.clone(),
                },
            )?,
        ];
        self.transact(items)
            .await
            .map_err(|cancelled| match cancelled {
                Cancelled::Condition(_) => StoreError::AlreadyExists,
                Cancelled::Conflict => StoreError::Conflict,
                Cancelled::Other(error) => error,
            })
    }

    async fn get_partner(&self, id: PartnerId) -> Result<Option<Partner>, StoreError> {
        self.get(keys::partner(id)).await
    }

    async fn list_partners(&self) -> Result<Vec<Partner>, StoreError> {
        self.query(keys::partners()).await
    }

    async fn set_partner_status(
        &self,
        id: PartnerId,
        status: PartnerStatus,
    ) -> Result<(), StoreError> {
        let refs: Vec<KeyRef> = self.query(keys::api_key_refs(id)).await?;
        let mut updates = vec![self.set_status(keys::partner(id), "status", status)?];
        for KeyRef { key_id } in &refs {
            updates.push(self.set_status(keys::api_key(key_id), "partner_status", status)?);
        }
        let mut first = true;
        let mut remaining = updates.into_iter().peekable();
        while remaining.peek().is_some() {
            let chunk: Vec<_> = remaining.by_ref().take(TRANSACTION_LIMIT).collect();
            match self.transact(chunk).await {
                Ok(()) => {}
                Err(Cancelled::Condition(0)) if first => return Err(StoreError::NotFound),
                Err(Cancelled::Condition(_)) => {
                    return Err(StoreError::Corrupt(format!(
                        "a key of partner {id} vanished"
                    )));
                }
                Err(Cancelled::Conflict) => return Err(StoreError::Conflict),
                Err(Cancelled::Other(error)) => return Err(error),
            }
            first = false;
        }
        Ok(())
    }

    async fn add_api_key(&self, key: &ApiKeyRecord) -> Result<ApiKeyRecord, StoreError> {
        let partner = self
            .get_partner(key.partner_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let record = ApiKeyRecord {
            partner_status: partner.status,
            ..key.clone()
        };
        let (pk, sk) = keys::partner(partner.id);
        let status_unchanged = ConditionCheck::builder()
            .table_name(&self.table)
            .set_key(Some(key_item((pk, sk))))
            .condition_expression("#status = :status")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":status", AttributeValue::S(partner.status.to_string()))
            .build()
            .map_err(invalid_request)?;
        let items = vec![
            TransactWriteItem::builder()
                .condition_check(status_unchanged)
                .build(),
            self.put_new(keys::api_key(&record.id), &record)?,
            self.put(
                keys::api_key_ref(partner.id, &record.id),
                &KeyRef {
                    key_id: record.id.clone(),
                },
            )?,
        ];
        match self.transact(items).await {
            Ok(()) => Ok(record),
            Err(Cancelled::Condition(0) | Cancelled::Conflict) => Err(StoreError::Conflict),
            Err(Cancelled::Condition(_)) => Err(StoreError::AlreadyExists),
            Err(Cancelled::Other(error)) => Err(error),
        }
    }

    async fn get_api_key(&self, id: &ApiKeyId) -> Result<Option<ApiKeyRecord>, StoreError> {
        self.get(keys::api_key(id)).await
    }

    async fn list_api_keys(&self, partner: PartnerId) -> Result<Vec<ApiKeyRecord>, StoreError> {
        let refs: Vec<KeyRef> = self.query(keys::api_key_refs(partner)).await?;
        let mut records = Vec::with_capacity(refs.len());
        for KeyRef { key_id } in refs {
            records.extend(self.get_api_key(&key_id).await?);
        }
        records.sort_by_key(|record| record.created_at);
        Ok(records)
    }

    async fn revoke_api_key(&self, id: &ApiKeyId) -> Result<ApiKeyRecord, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::api_key(id))))
            .update_expression("SET #status = :revoked")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":revoked", AttributeValue::S("revoked".to_owned()))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result {
            Ok(output) => from_item(output.attributes.unwrap_or_default()),
            Err(error) if is_condition_failure(&error) => Err(StoreError::NotFound),
            Err(error) => Err(unavailable(error)),
        }
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
        let put = self.put_new(keys::profile(profile.partner_id, profile.id), profile)?;
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
        let mut request = self.page_query(keys::profiles(partner), after, limit);
        let mut conditions = Vec::new();
        if let Some(status) = filter.status {
            conditions.push("#status = :status");
            request = request
                .expression_attribute_names("#status", "status")
                .expression_attribute_values(
                    ":status",
                    AttributeValue::S(status.as_str().to_owned()),
                );
        }
        if let Some(reference) = &filter.reference {
            conditions.push("#reference = :reference");
            request = request
                .expression_attribute_names("#reference", "reference")
                .expression_attribute_values(":reference", AttributeValue::S(reference.clone()));
        }
        if !conditions.is_empty() {
            request = request.filter_expression(conditions.join(" AND "));
        }
        read_page(request.send().await.map_err(unavailable)?)
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
        let submitted =
            profile.submitted(submitted_at, idempotency.map(|record| record.key.as_str()));
        let mut transaction = Transaction::default();
        if let Some(record) = idempotency {
            let put = self.put_idempotency(record, Utc::now())?;
            transaction.add(put, StoreError::IdempotencyKeyTaken);
        }
        let key = keys::profile(profile.partner_id, profile.id);
        let put = self.put_if_version(key, &submitted, profile.version)?;
        transaction.add(put, StoreError::VersionMismatch);
        let snapshot_key = keys::snapshot(profile.partner_id, profile.id, profile.version);
        let put = self.put_new(snapshot_key, &profile.snapshot(submitted_at))?;
        transaction.add(put, StoreError::AlreadyExists);
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
        self.get(keys::snapshot(partner, id, version)).await
    }

    async fn delete_profile(&self, partner: PartnerId, id: ProfileId) -> Result<(), StoreError> {
        let profile = self
            .get_profile(partner, id)
            .await?
            .ok_or(StoreError::NotFound)?;
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
        for analysis in &analyses {
            doomed.push(keys::analysis(partner, analysis.id));
            doomed.extend(
                analysis
                    .idempotency_key
                    .as_deref()
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
                .map(|key| keys::idempotency(partner, key)),
        );
        // The profile goes last: if erasure stops half-way, the profile still answers and
        // deleting it again finishes the job.
        doomed.push(keys::profile(partner, id));
        let deletes = doomed
            .into_iter()
            .map(|key| self.delete(key))
            .collect::<Result<Vec<_>, _>>()?;
        for chunk in deletes.chunks(TRANSACTION_LIMIT) {
            self.transact(chunk.to_vec())
                .await
                .map_err(|cancelled| match cancelled {
                    Cancelled::Other(error) => error,
                    _ => StoreError::Conflict,
                })?;
        }
        Ok(())
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

#[async_trait]
impl AnalysisStore for DynamoStore {
    async fn create_analysis(
        &self,
        analysis: &Analysis,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let still_submitted = ConditionCheck::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::profile(
                analysis.partner_id,
                analysis.profile_id,
            ))))
            .condition_expression("#status = :submitted AND #submitted_version = :version")
            .expression_attribute_names("#status", "status")
            .expression_attribute_names("#submitted_version", "submitted_version")
            .expression_attribute_values(":submitted", AttributeValue::S("submitted".to_owned()))
            .expression_attribute_values(
                ":version",
                AttributeValue::N(analysis.profile_version.to_string()),
            )
            .build()
            .map_err(invalid_request)?;
        let mut transaction = Transaction::default();
        let check = TransactWriteItem::builder()
            .condition_check(still_submitted)
            .build();
        transaction.add(check, StoreError::VersionMismatch);
        if let Some(record) = idempotency {
            let put = self.put_idempotency(record, Utc::now())?;
            transaction.add(put, StoreError::IdempotencyKeyTaken);
        }
        let put = self.put_new(keys::analysis(analysis.partner_id, analysis.id), analysis)?;
        transaction.add(put, StoreError::AlreadyExists);
        let copy = keys::analysis_copy(analysis.partner_id, analysis.profile_id, analysis.id);
        transaction.add(self.put(copy, analysis)?, StoreError::Conflict);
        self.commit(transaction, StoreError::Conflict).await
    }

    async fn get_analysis(
        &self,
        partner: PartnerId,
        id: AnalysisId,
    ) -> Result<Option<Analysis>, StoreError> {
        self.get(keys::analysis(partner, id)).await
    }

    async fn list_analyses(
        &self,
        partner: PartnerId,
        profile: ProfileId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Analysis>, StoreError> {
        let request = self.page_query(keys::analyses_of(partner, profile), after, limit);
        read_page(request.send().await.map_err(unavailable)?)
    }

    async fn get_analysis_work(
        &self,
        partner: PartnerId,
        id: AnalysisId,
        profile: ProfileId,
        version: u32,
    ) -> Result<(Option<Analysis>, Option<ProfileSnapshot>), StoreError> {
        let analysis_key = keys::analysis(partner, id);
        let snapshot_key = keys::snapshot(partner, profile, version);
        let mut wanted = KeysAndAttributes::builder()
            .keys(key_item(analysis_key.clone()))
            .keys(key_item(snapshot_key.clone()))
            .consistent_read(true)
            .build()
            .map_err(invalid_request)?;
        let (mut analysis, mut snapshot) = (None, None);
        // BatchGetItem may leave keys unprocessed under load; ask again for those only.
        for _ in 0..5 {
            let output = self
                .client
                .batch_get_item()
                .request_items(&self.table, wanted)
                .send()
                .await
                .map_err(unavailable)?;
            let items = output
                .responses
                .and_then(|mut responses| responses.remove(&self.table));
            for item in items.unwrap_or_default() {
                match item_key(&item) {
                    Some(key) if key == analysis_key => analysis = Some(from_item(item)?),
                    Some(key) if key == snapshot_key => snapshot = Some(from_item(item)?),
                    _ => {}
                }
            }
            match output
                .unprocessed_keys
                .and_then(|mut unprocessed| unprocessed.remove(&self.table))
            {
                Some(rest) if !rest.keys().is_empty() => wanted = rest,
                _ => return Ok((analysis, snapshot)),
            }
        }
        Err(StoreError::Unavailable(
            "DynamoDB left keys unprocessed five times".into(),
        ))
    }

    async fn finish_analysis(&self, analysis: &Analysis) -> Result<(), StoreError> {
        let key = keys::analysis(analysis.partner_id, analysis.id);
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item(key, analysis)?))
            .condition_expression("#status = :pending")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":pending", AttributeValue::S("pending".to_owned()))
            .build()
            .map_err(invalid_request)?;
        let copy_key = keys::analysis_copy(analysis.partner_id, analysis.profile_id, analysis.id);
        let copy = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item(copy_key, analysis)?))
            .condition_expression("attribute_exists(PK)")
            .build()
            .map_err(invalid_request)?;
        let items = vec![
            TransactWriteItem::builder().put(put).build(),
            TransactWriteItem::builder().put(copy).build(),
        ];
        self.transact(items)
            .await
            .map_err(|cancelled| match cancelled {
                Cancelled::Other(error) => error,
                _ => StoreError::Conflict,
            })
    }

    async fn mark_analysis_notified(&self, analysis: &Analysis) -> Result<(), StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::analysis(
                analysis.partner_id,
                analysis.id,
            ))))
            .update_expression("SET #notified = :true")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#notified", "notified")
            .expression_attribute_values(":true", AttributeValue::Bool(true))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if is_condition_failure(&error) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }

    async fn discard_analysis(&self, analysis: &Analysis) -> Result<(), StoreError> {
        let mut items = vec![
            self.delete(keys::analysis(analysis.partner_id, analysis.id))?,
            self.delete(keys::analysis_copy(
                analysis.partner_id,
                analysis.profile_id,
                analysis.id,
            ))?,
        ];
        if let Some(key) = &analysis.idempotency_key {
            items.push(self.delete(keys::idempotency(analysis.partner_id, key))?);
        }
        self.transact(items)
            .await
            .map_err(|cancelled| match cancelled {
                Cancelled::Other(error) => error,
                _ => StoreError::Conflict,
            })
    }
}

#[async_trait]
impl WebhookStore for DynamoStore {
    async fn create_webhook(&self, webhook: &Webhook, max: u32) -> Result<(), StoreError> {
        let count = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::webhook_count(webhook.partner_id))))
            .update_expression("ADD #count :one")
            .condition_expression("attribute_not_exists(#count) OR #count < :max")
            .expression_attribute_names("#count", "count")
            .expression_attribute_values(":one", AttributeValue::N("1".to_owned()))
            .expression_attribute_values(":max", AttributeValue::N(max.to_string()))
            .build()
            .map_err(invalid_request)?;
        let items = vec![
            TransactWriteItem::builder().update(count).build(),
            self.put_new(keys::webhook(webhook.partner_id, webhook.id), webhook)?,
        ];
        self.transact(items)
            .await
            .map_err(|cancelled| match cancelled {
                Cancelled::Condition(0) => StoreError::LimitReached,
                Cancelled::Condition(_) => StoreError::AlreadyExists,
                Cancelled::Conflict => StoreError::Conflict,
                Cancelled::Other(error) => error,
            })
    }

    async fn get_webhook(
        &self,
        partner: PartnerId,
        id: WebhookId,
    ) -> Result<Option<Webhook>, StoreError> {
        self.get(keys::webhook(partner, id)).await
    }

    async fn list_webhooks(&self, partner: PartnerId) -> Result<Vec<Webhook>, StoreError> {
        self.query(keys::webhooks(partner)).await
    }

    async fn delete_webhook(&self, partner: PartnerId, id: WebhookId) -> Result<(), StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::webhook(partner, id))))
            .condition_expression("attribute_exists(PK)")
            .build()
            .map_err(invalid_request)?;
        let count = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::webhook_count(partner))))
            .update_expression("ADD #count :minus_one")
            .expression_attribute_names("#count", "count")
            .expression_attribute_values(":minus_one", AttributeValue::N("-1".to_owned()))
            .build()
            .map_err(invalid_request)?;
        let items = vec![
            TransactWriteItem::builder().delete(delete).build(),
            TransactWriteItem::builder().update(count).build(),
        ];
        self.transact(items)
            .await
            .map_err(|cancelled| match cancelled {
                Cancelled::Condition(_) => StoreError::NotFound,
                Cancelled::Conflict => StoreError::Conflict,
                Cancelled::Other(error) => error,
            })
    }

    async fn record_attempt(
        &self,
        seen: &Webhook,
        attempt: &DeliveryAttempt,
        recent: &[DeliveryAttempt],
        disable: Option<&str>,
    ) -> Result<(), StoreError> {
        let delivered = u64::from(attempt.outcome == AttemptOutcome::Delivered);
        let failed = u64::from(attempt.outcome == AttemptOutcome::Failed);
        let mut sets = vec!["#stats.last_attempt_at = :at", "#recent = :recent"];
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::webhook(seen.partner_id, seen.id))))
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#stats", "stats")
            .expression_attribute_names("#recent", "recent_attempts")
            .expression_attribute_values(":one", AttributeValue::N("1".to_owned()))
            .expression_attribute_values(":delivered", AttributeValue::N(delivered.to_string()))
            .expression_attribute_values(":failed", AttributeValue::N(failed.to_string()))
            .expression_attribute_values(":at", attribute_value(&attempt.at)?)
            .expression_attribute_values(":recent", attribute_value(&recent)?);
        if delivered == 1 {
            sets.push("#stats.last_delivered_at = :at");
        }
        if let Some(reason) = disable {
            sets.push("#enabled = :false");
            sets.push("#reason = :reason");
            request = request
                .expression_attribute_names("#enabled", "enabled")
                .expression_attribute_names("#reason", "disabled_reason")
                .expression_attribute_values(":false", AttributeValue::Bool(false))
                .expression_attribute_values(":reason", AttributeValue::S(reason.to_owned()));
        }
        let expression = format!(
            "ADD #stats.attempts :one, #stats.delivered :delivered, #stats.failed :failed SET {}",
            sets.join(", ")
        );
        match request.update_expression(expression).send().await {
            Ok(_) => Ok(()),
            Err(error) if is_condition_failure(&error) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }
}

/// Creates the table as `template.yaml` declares it (keys, on-demand, TTL), for tests
/// and for trying the AWS code paths against a local stand-in.
pub async fn create_table(client: &Client, table: &str) -> Result<(), StoreError> {
    let attribute = |name: &str| {
        AttributeDefinition::builder()
            .attribute_name(name)
            .attribute_type(ScalarAttributeType::S)
            .build()
            .map_err(invalid_request)
    };
    let key = |name: &str, key_type| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(key_type)
            .build()
            .map_err(invalid_request)
    };
    client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attribute(keys::PK)?)
        .attribute_definitions(attribute(keys::SK)?)
        .key_schema(key(keys::PK, KeyType::Hash)?)
        .key_schema(key(keys::SK, KeyType::Range)?)
        .send()
        .await
        .map_err(unavailable)?;
    client
        .update_time_to_live()
        .table_name(table)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .attribute_name(keys::EXPIRES_AT)
                .enabled(true)
                .build()
                .map_err(invalid_request)?,
        )
        .send()
        .await
        .map_err(unavailable)?;
    Ok(())
}
