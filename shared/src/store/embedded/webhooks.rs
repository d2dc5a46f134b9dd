//! [`WebhookStore`] on the embedded store: the limit is checked by counting the
//! partner's webhooks inside the write transaction, so no count record is kept.

use async_trait::async_trait;

use super::EmbeddedStore;
use super::rows::{delete, exists, get, insert_new, put, query};
use crate::domain::model::{AttemptOutcome, DeliveryAttempt, PartnerId, Webhook, WebhookId};
use crate::store::keys;
use crate::store::{StoreError, WebhookStore};

#[async_trait]
impl WebhookStore for EmbeddedStore {
    async fn create_webhook(&self, webhook: &Webhook, max: u32) -> Result<(), StoreError> {
        self.write(|tx| {
            if query::<Webhook>(tx, &keys::webhooks(webhook.partner_id))?.len() >= max as usize {
                return Err(StoreError::LimitReached);
            }
            insert_new(tx, &keys::webhook(webhook.partner_id, webhook.id), webhook)
        })
    }

    async fn get_webhook(
        &self,
        partner: PartnerId,
        id: WebhookId,
    ) -> Result<Option<Webhook>, StoreError> {
        self.read(|connection| get(connection, &keys::webhook(partner, id)))
    }

    async fn list_webhooks(&self, partner: PartnerId) -> Result<Vec<Webhook>, StoreError> {
        self.read(|connection| query(connection, &keys::webhooks(partner)))
    }

    async fn delete_webhook(&self, partner: PartnerId, id: WebhookId) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::webhook(partner, id);
            if !exists(tx, &key)? {
                return Err(StoreError::NotFound);
            }
            delete(tx, &key)
        })
    }

    async fn record_attempt(
        &self,
        seen: &Webhook,
        attempt: &DeliveryAttempt,
        recent: &[DeliveryAttempt],
        disable: Option<&str>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = keys::webhook(seen.partner_id, seen.id);
            let Some(mut webhook) = get::<Webhook>(tx, &key)? else {
                return Ok(());
            };
            webhook.stats.attempts += 1;
            webhook.stats.last_attempt_at = Some(attempt.at);
            match attempt.outcome {
                AttemptOutcome::Delivered => {
                    webhook.stats.delivered += 1;
                    webhook.stats.last_delivered_at = Some(attempt.at);
                }
                AttemptOutcome::Failed => webhook.stats.failed += 1,
                AttemptOutcome::Retrying | AttemptOutcome::Disabled => {}
            }
            webhook.recent_attempts = recent.to_vec();
            if let Some(reason) = disable {
                webhook.enabled = false;
                webhook.disabled_reason = Some(reason.to_owned());
            }
            put(tx, &key, &webhook)
        })
    }
}
