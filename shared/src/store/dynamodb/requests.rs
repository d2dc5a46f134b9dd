//! The reads the store makes and the write items its transactions are built from.

use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, KeysAndAttributes, Put, TransactWriteItem};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::DynamoStore;
use super::errors::{invalid_request, unavailable};
use super::items::{Item, from_item, item, item_key, key_item};
use crate::domain::model::{IdempotencyRecord, Page, Profile};
use crate::domain::record::DecisionRecord;
use crate::store::StoreError;
use crate::store::keys::{self, Key, Prefix};

impl DynamoStore {
    /// One strongly consistent `GetItem`.
    pub(super) async fn get<T: DeserializeOwned>(&self, key: Key) -> Result<Option<T>, StoreError> {
        self.get_item(key).await?.map(from_item).transpose()
    }

    /// One strongly consistent `GetItem`, as the item.
    pub(super) async fn get_item(&self, key: Key) -> Result<Option<Item>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_item(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(output.item)
    }

    /// The items at `keys` that exist, in no particular order: 1 strongly consistent
    /// `BatchGetItem` per 100 keys, asked again for the keys DynamoDB leaves unprocessed
    /// under load.
    pub(super) async fn batch_get(&self, keys: Vec<Key>) -> Result<Vec<Item>, StoreError> {
        const KEYS_PER_REQUEST: usize = 100;
        const ATTEMPTS: usize = 5;
        let mut found = Vec::with_capacity(keys.len());
        let mut keys = keys.into_iter().peekable();
        while keys.peek().is_some() {
            let chunk = keys.by_ref().take(KEYS_PER_REQUEST).map(key_item).collect();
            let mut wanted = KeysAndAttributes::builder()
                .set_keys(Some(chunk))
                .consistent_read(true)
                .build()
                .map_err(invalid_request)?;
            let mut attempts = 0;
            loop {
                attempts += 1;
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
                found.extend(items.unwrap_or_default());
                match output
                    .unprocessed_keys
                    .and_then(|mut unprocessed| unprocessed.remove(&self.table))
                {
                    Some(rest) if !rest.keys().is_empty() && attempts < ATTEMPTS => wanted = rest,
                    Some(rest) if !rest.keys().is_empty() => {
                        return Err(StoreError::Unavailable(
                            "DynamoDB left keys unprocessed five times".into(),
                        ));
                    }
                    _ => break,
                }
            }
        }
        Ok(found)
    }

    /// The items at `first` and `second`, each if it exists: one [`Self::batch_get`], the
    /// items told apart by their keys.
    pub(super) async fn batch_get_two(
        &self,
        first: Key,
        second: Key,
    ) -> Result<(Option<Item>, Option<Item>), StoreError> {
        let mut found = (None, None);
        for item in self.batch_get(vec![first.clone(), second.clone()]).await? {
            match item_key(&item) {
                Some(key) if key == first => found.0 = Some(item),
                Some(key) if key == second => found.1 = Some(item),
                _ => {}
            }
        }
        Ok(found)
    }

    /// Every record under `prefix`, in sort-key order: 1 `Query` per 1 MB page.
    pub(super) async fn query<T: DeserializeOwned>(
        &self,
        prefix: Prefix,
    ) -> Result<Vec<T>, StoreError> {
        self.query_items(prefix)
            .await?
            .into_iter()
            .map(from_item)
            .collect()
    }

    /// Every item under `prefix`, in sort-key order: 1 `Query` per 1 MB page.
    pub(super) async fn query_items(
        &self,
        (pk, sk_prefix): Prefix,
    ) -> Result<Vec<Item>, StoreError> {
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

    /// A `Query` of the records under `prefix`, in sort-key order, to give [`Self::page`].
    pub(super) fn prefix_query(&self, (pk, sk_prefix): &Prefix) -> QueryFluentBuilder {
        self.client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":pk", AttributeValue::S(pk.clone()))
            .expression_attribute_values(":prefix", AttributeValue::S(sk_prefix.clone()))
            .consistent_read(true)
    }

    /// Up to `limit` records of `query` (a `Query` without its limit and start), from the
    /// key `start` on; `next` is the sort key of the last one when more follow. 1 `Query`
    /// of `limit + 1` items, and another whenever DynamoDB stops at 1 MB before the page
    /// is full.
    pub(super) async fn page<T: DeserializeOwned>(
        &self,
        query: QueryFluentBuilder,
        mut start: Option<Item>,
        limit: usize,
    ) -> Result<Page<T>, StoreError> {
        let wanted = limit.saturating_add(1);
        let mut items = Vec::new();
        loop {
            let missing = wanted.saturating_sub(items.len());
            let output = query
                .clone()
                .limit(i32::try_from(missing).unwrap_or(i32::MAX))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(unavailable)?;
            items.extend(output.items.unwrap_or_default());
            start = output.last_evaluated_key;
            if items.len() >= wanted || start.is_none() {
                break;
            }
        }
        let next = if items.len() > limit {
            items.truncate(limit);
            items.last().and_then(item_key).map(|(_, sk)| sk)
        } else {
            None
        };
        let items = items
            .into_iter()
            .map(from_item)
            .collect::<Result<Vec<T>, _>>()?;
        Ok(Page { items, next })
    }

    /// Puts `value` at `key`, which must be free.
    pub(super) fn put_new(
        &self,
        key: Key,
        value: &impl Serialize,
    ) -> Result<TransactWriteItem, StoreError> {
        self.put_new_item(item(key, value)?)
    }

    /// Puts `item`, whose key must be free.
    pub(super) fn put_new_item(&self, item: Item) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(PK)")
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    pub(super) fn put(
        &self,
        key: Key,
        value: &impl Serialize,
    ) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item(key, value)?))
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// Writes the decision record an erasure keeps, under [`keys::erased_record`], with
    /// its expiry as the table's TTL attribute.
    pub(super) fn put_erased_record(
        &self,
        record: DecisionRecord,
    ) -> Result<TransactWriteItem, StoreError> {
        let key = keys::erased_record(record.partner_id, record.analysis_id);
        let mut item = item(key, &record)?;
        if let Some(expires_at) = record.expires_at() {
            item.insert(
                keys::EXPIRES_AT.to_owned(),
                AttributeValue::N(expires_at.to_string()),
            );
        }
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// Replaces the record at `item`'s key if it is still at `version`.
    pub(super) fn put_item_if_version(
        &self,
        item: Item,
        version: u32,
    ) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("#version = :version")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":version", AttributeValue::N(version.to_string()))
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// Puts an idempotency record unless a live one holds the key.
    pub(super) fn put_idempotency(
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

    /// Deletes the profile at `key` if it is still at `read`'s version and revision
    /// (a profile stored before revisions were counted has none: revision 0).
    pub(super) fn delete_unchanged(
        &self,
        key: Key,
        read: &Profile,
    ) -> Result<TransactWriteItem, StoreError> {
        let mut condition = "#version = :version AND (#revision = :revision".to_owned();
        if read.revision == 0 {
            condition.push_str(" OR attribute_not_exists(#revision)");
        }
        condition.push(')');
        let delete = Delete::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(key)))
            .condition_expression(condition)
            .expression_attribute_names("#version", "version")
            .expression_attribute_names("#revision", "revision")
            .expression_attribute_values(":version", AttributeValue::N(read.version.to_string()))
            .expression_attribute_values(":revision", AttributeValue::N(read.revision.to_string()))
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().delete(delete).build())
    }

    pub(super) fn delete(&self, key: Key) -> Result<TransactWriteItem, StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(key)))
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().delete(delete).build())
    }
}
