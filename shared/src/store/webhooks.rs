//! Partners' webhooks, the record of their delivery attempts (the delivery log), and
//! the partner's events feed.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::model::{DeliveryAttempt, Page, PartnerId, Webhook, WebhookId};
use crate::webhooks::delivery::Event;
use crate::webhooks::log::{DeliveryFilter, DeliveryRecord, DeliveryUpdate, FeedFilter};

/// What one delivery attempt writes, all at once.
#[derive(Debug, Clone)]
pub struct AttemptRecord<'a> {
    /// The webhook as read for the delivery.
    pub seen: &'a Webhook,
    pub attempt: &'a DeliveryAttempt,
    /// The new list of recent attempts, replacing the old one.
    pub recent: &'a [DeliveryAttempt],
    pub health: Health,
    pub delivery: &'a DeliveryUpdate,
    /// An event to put on the partner's feed in the same write
    /// (`webhook.endpoint_failing`).
    pub event: Option<&'a Event>,
}

/// A webhook's failure state after an attempt.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Health {
    pub failing_since: Option<DateTime<Utc>>,
    pub failing_reported: bool,
    /// Turns the webhook off: why, and when.
    pub disable: Option<(String, DateTime<Utc>)>,
}

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

    /// Records an attempt on the webhook `record.seen` in one write: its counters move
    /// atomically, its recent attempts are replaced, its health set (and the webhook
    /// turned off with `health.disable`); the attempt is appended to its delivery's log
    /// entry (created by the first); `record.event` goes on the feed.
    ///
    /// `recent` and `health` are computed from `seen`, so the write is conditioned on no
    /// other attempt having been recorded on the webhook since (its `stats.attempts`
    /// unchanged): two deliveries to one webhook at once would otherwise each replace
    /// the recent attempts with a list missing the other's. `Conflict`, and nothing
    /// written, when one was, or when the webhook was deleted meanwhile: read it again
    /// and compute them anew. DynamoDB: 1 `TransactWriteItems`.
    async fn record_attempt(&self, record: &AttemptRecord<'_>) -> Result<(), StoreError>;

    /// A page of `webhook`'s delivery log, newest first, after the position `after`.
    /// DynamoDB: 1 `Query` (more when a `status` filter leaves it short).
    async fn list_deliveries(
        &self,
        partner: PartnerId,
        webhook: WebhookId,
        filter: DeliveryFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<DeliveryRecord>, StoreError>;

    /// The webhook and its delivery `id`, each if it exists. DynamoDB: 1 `BatchGetItem`.
    async fn get_delivery(
        &self,
        partner: PartnerId,
        webhook: WebhookId,
        id: &str,
    ) -> Result<(Option<Webhook>, Option<DeliveryRecord>), StoreError>;

    /// Turns a disabled webhook back on, its failure state reset: `NotFound` without
    /// such a webhook, `Conflict` when it is enabled. DynamoDB: 1 conditional
    /// `UpdateItem` (and 1 `GetItem` telling the two refusals apart).
    async fn enable_webhook(
        &self,
        partner: PartnerId,
        id: WebhookId,
    ) -> Result<Webhook, StoreError>;

    /// Makes `secret` the webhook's secret, the one it replaces signing beside it until
    /// `previous_until`: the webhook after the change, or `NotFound`. DynamoDB: 1
    /// `UpdateItem`.
    async fn rotate_webhook_secret(
        &self,
        partner: PartnerId,
        id: WebhookId,
        secret: &str,
        previous_until: DateTime<Utc>,
    ) -> Result<Webhook, StoreError>;

    /// Puts `event` (thinned) on the partner's feed; the same event twice is one entry.
    /// DynamoDB: 1 `PutItem`.
    async fn record_event(&self, partner: PartnerId, event: &Event) -> Result<(), StoreError>;

    /// A page of the partner's feed, oldest first, after the position `after`.
    /// DynamoDB: 1 `Query` (more when a `type` filter leaves it short).
    async fn list_events(
        &self,
        partner: PartnerId,
        filter: FeedFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Event>, StoreError>;
}
