//! [`WebhookStore`] on DynamoDB: the partner's webhooks and the count that bounds them,
//! kept in step by the transactions that create and delete them; the delivery log and
//! the feed are in `webhook_log`.

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, TransactWriteItem, Update};
use chrono::{DateTime, Utc};

use super::DynamoStore;
use super::errors::{invalid_request, unavailable};
use super::items::{item, key_item};
use super::transaction::Transaction;
use crate::domain::model::{Page, PartnerId, Webhook, WebhookId};
use crate::store::keys;
use crate::store::{AttemptRecord, StoreError, WebhookStore};
use crate::webhooks::delivery::Event;
use crate::webhooks::log::{DeliveryFilter, DeliveryRecord, FeedEntry, FeedFilter};

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
        let mut transaction = Transaction::default();
        let count = TransactWriteItem::builder().update(count).build();
        transaction.add(count, StoreError::LimitReached);
        let put = self.put_new(keys::webhook(webhook.partner_id, webhook.id), webhook)?;
        transaction.add(put, StoreError::AlreadyExists);
        self.commit(transaction, StoreError::Conflict).await
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
        let mut transaction = Transaction::default();
        let delete = TransactWriteItem::builder().delete(delete).build();
        transaction.add(delete, StoreError::NotFound);
        transaction.add_unconditional(TransactWriteItem::builder().update(count).build());
        self.commit(transaction, StoreError::Conflict).await
    }

    async fn record_attempt(&self, record: &AttemptRecord<'_>) -> Result<(), StoreError> {
        let mut transaction = Transaction::default();
        transaction.add(self.webhook_attempt_update(record)?, StoreError::Conflict);
        transaction.add_unconditional(self.delivery_update(record)?);
        if let Some(event) = record.event {
            let entry = FeedEntry::new(event);
            let key = keys::event(record.seen.partner_id, event.created_at, &event.id);
            transaction.add_unconditional(self.put(key, &entry)?);
        }
        self.commit(transaction, StoreError::Conflict).await
    }

    async fn list_deliveries(
        &self,
        partner: PartnerId,
        webhook: WebhookId,
        filter: DeliveryFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<DeliveryRecord>, StoreError> {
        self.delivery_page(partner, webhook, filter, after, limit)
            .await
    }

    async fn get_delivery(
        &self,
        partner: PartnerId,
        webhook: WebhookId,
        id: &str,
    ) -> Result<(Option<Webhook>, Option<DeliveryRecord>), StoreError> {
        self.webhook_and_delivery(partner, webhook, id).await
    }

    async fn enable_webhook(
        &self,
        partner: PartnerId,
        id: WebhookId,
    ) -> Result<Webhook, StoreError> {
        self.enable(partner, id).await
    }

    async fn rotate_webhook_secret(
        &self,
        partner: PartnerId,
        id: WebhookId,
        secret: &str,
        previous_until: DateTime<Utc>,
    ) -> Result<Webhook, StoreError> {
        self.rotate_secret(partner, id, secret, previous_until)
            .await
    }

    async fn record_event(&self, partner: PartnerId, event: &Event) -> Result<(), StoreError> {
        let key = keys::event(partner, event.created_at, &event.id);
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item(key, &FeedEntry::new(event))?))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn list_events(
        &self,
        partner: PartnerId,
        filter: FeedFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Event>, StoreError> {
        self.event_page(partner, filter, after, limit).await
    }
}
