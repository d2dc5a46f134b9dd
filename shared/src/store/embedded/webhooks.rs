//! [`WebhookStore`] on the embedded store: the limit is checked by counting the
//! partner's webhooks inside the write transaction, so no count record is kept. The
//! delivery log and the feed expire as on DynamoDB, and each write into one prunes its
//! expired records.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::EmbeddedStore;
use super::log;
use super::rows::{delete, exists, get, insert_new, prune, put, put_expiring, query};
use crate::domain::model::{AttemptOutcome, Page, PartnerId, Webhook, WebhookId};
use crate::store::keys;
use crate::store::{AttemptRecord, StoreError, WebhookStore};
use crate::webhooks::delivery::Event;
use crate::webhooks::log::{DeliveryFilter, DeliveryRecord, FeedEntry, FeedFilter};

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

    async fn record_attempt(&self, record: &AttemptRecord<'_>) -> Result<(), StoreError> {
        self.write(|tx| {
            let seen = record.seen;
            let key = keys::webhook(seen.partner_id, seen.id);
            let mut webhook = get::<Webhook>(tx, &key)?
                .filter(|webhook| webhook.stats.attempts == seen.stats.attempts)
                .ok_or(StoreError::Conflict)?;
            apply_attempt(&mut webhook, record);
            put(tx, &key, &webhook)?;
            let delivery_key = keys::delivery(seen.partner_id, seen.id, &record.delivery.id);
            let entry = record.delivery.apply(get(tx, &delivery_key)?);
            put_expiring(tx, &delivery_key, &entry, Some(entry.expires_at))?;
            prune(tx, &keys::deliveries(seen.partner_id, seen.id))?;
            if let Some(event) = record.event {
                put_event(tx, seen.partner_id, event)?;
            }
            Ok(())
        })
    }

    async fn list_deliveries(
        &self,
        partner: PartnerId,
        webhook: WebhookId,
        filter: DeliveryFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<DeliveryRecord>, StoreError> {
        self.read(|connection| {
            log::delivery_page(connection, partner, webhook, filter, after, limit)
        })
    }

    async fn get_delivery(
        &self,
        partner: PartnerId,
        webhook: WebhookId,
        id: &str,
    ) -> Result<(Option<Webhook>, Option<DeliveryRecord>), StoreError> {
        self.read(|connection| {
            Ok((
                get(connection, &keys::webhook(partner, webhook))?,
                get(connection, &keys::delivery(partner, webhook, id))?,
            ))
        })
    }

    async fn enable_webhook(
        &self,
        partner: PartnerId,
        id: WebhookId,
    ) -> Result<Webhook, StoreError> {
        self.write(|tx| {
            let key = keys::webhook(partner, id);
            let mut webhook = get::<Webhook>(tx, &key)?.ok_or(StoreError::NotFound)?;
            if webhook.enabled {
                return Err(StoreError::Conflict);
            }
            webhook.enabled = true;
            webhook.disabled_reason = None;
            webhook.disabled_at = None;
            webhook.failing_since = None;
            webhook.failing_reported = false;
            put(tx, &key, &webhook)?;
            Ok(webhook)
        })
    }

    async fn rotate_webhook_secret(
        &self,
        partner: PartnerId,
        id: WebhookId,
        secret: &str,
        previous_until: DateTime<Utc>,
    ) -> Result<Webhook, StoreError> {
        self.write(|tx| {
            let key = keys::webhook(partner, id);
            let mut webhook = get::<Webhook>(tx, &key)?.ok_or(StoreError::NotFound)?;
            webhook.previous_secret =
                Some(std::mem::replace(&mut webhook.secret, secret.to_owned()));
            webhook.previous_secret_expires_at = Some(previous_until);
            put(tx, &key, &webhook)?;
            Ok(webhook)
        })
    }

    async fn record_event(&self, partner: PartnerId, event: &Event) -> Result<(), StoreError> {
        self.write(|tx| put_event(tx, partner, event))
    }

    async fn list_events(
        &self,
        partner: PartnerId,
        filter: FeedFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Event>, StoreError> {
        self.read(|connection| log::event_page(connection, partner, filter, after, limit))
    }
}

/// The webhook after an attempt: counters, recent attempts, health.
fn apply_attempt(webhook: &mut Webhook, record: &AttemptRecord<'_>) {
    let attempt = record.attempt;
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
    webhook.recent_attempts = record.recent.to_vec();
    webhook.failing_since = record.health.failing_since;
    webhook.failing_reported = record.health.failing_reported;
    if let Some((reason, at)) = &record.health.disable {
        webhook.enabled = false;
        webhook.disabled_reason = Some(reason.clone());
        webhook.disabled_at = Some(*at);
    }
}

/// Puts `event` on the partner's feed (the expired entries pruned).
fn put_event(tx: &Connection, partner: PartnerId, event: &Event) -> Result<(), StoreError> {
    let entry = FeedEntry::new(event);
    let key = keys::event(partner, event.created_at, &event.id);
    put_expiring(tx, &key, &entry, Some(entry.expires_at))?;
    prune(tx, &keys::events(partner))
}
