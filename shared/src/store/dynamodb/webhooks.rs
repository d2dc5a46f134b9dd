//! [`WebhookStore`] on DynamoDB: the partner's webhooks and the count that bounds them,
//! kept in step by the transactions that create and delete them.

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, TransactWriteItem, Update};

use super::DynamoStore;
use super::errors::{invalid_request, is_condition_failure, unavailable};
use super::items::{attribute_value, key_item};
use super::transaction::Transaction;
use crate::domain::model::{AttemptOutcome, DeliveryAttempt, PartnerId, Webhook, WebhookId};
use crate::store::keys;
use crate::store::{StoreError, WebhookStore};

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
