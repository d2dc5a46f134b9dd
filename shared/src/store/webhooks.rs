//! Partners' webhooks and the record of their delivery attempts.

use async_trait::async_trait;

use super::StoreError;
use crate::domain::model::{DeliveryAttempt, PartnerId, Webhook, WebhookId};

#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// Registers a webhook unless the partner already has `max`: `LimitReached`.
    /// DynamoDB: 1 `TransactWriteItems` (the webhook and the conditional count).
    async fn create_webhook(&self, webhook: &Webhook, max: u32) -> Result<(), StoreError>;

    /// DynamoDB: 1 strongly consistent `GetItem`.
    async fn get_webhook(
        &self,
        partner: PartnerId,
        id: WebhookId,
    ) -> Result<Option<Webhook>, StoreError>;

    /// Every webhook of the partner, oldest first. DynamoDB: 1 `Query`.
    async fn list_webhooks(&self, partner: PartnerId) -> Result<Vec<Webhook>, StoreError>;

    /// `NotFound` without such a webhook. DynamoDB: 1 `TransactWriteItems`.
    async fn delete_webhook(&self, partner: PartnerId, id: WebhookId) -> Result<(), StoreError>;

    /// Records an attempt on the webhook `seen` (as read for the delivery): counters move
    /// atomically, `recent` (the new list of recent attempts) replaces the old one, and
    /// `disable` turns the webhook off. A webhook deleted meanwhile is left deleted.
    /// DynamoDB: 1 `UpdateItem`.
    async fn record_attempt(
        &self,
        seen: &Webhook,
        attempt: &DeliveryAttempt,
        recent: &[DeliveryAttempt],
        disable: Option<&str>,
    ) -> Result<(), StoreError>;
}
