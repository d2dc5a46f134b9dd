//! The writes of a delivery attempt, the delivery log and the events feed on DynamoDB,
//! and the updates that re-enable a webhook or rotate its secret.

use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue, TransactWriteItem, Update};
use chrono::{DateTime, Utc};

use super::DynamoStore;
use super::errors::{invalid_request, is_condition_failure, unavailable};
use super::items::{attribute_value, from_item, key_item};
use crate::domain::model::{AttemptOutcome, Page, PartnerId, Webhook, WebhookId};
use crate::store::keys;
use crate::store::{AttemptRecord, StoreError};
use crate::webhooks::delivery::Event;
use crate::webhooks::log::{DeliveryFilter, DeliveryRecord, FeedEntry, FeedFilter};

fn number(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

impl DynamoStore {
    /// The webhook's side of an attempt: counters, recent attempts, health; conditioned
    /// on its attempt count being the one `seen` read (which a deleted webhook has not).
    pub(super) fn webhook_attempt_update(
        &self,
        record: &AttemptRecord<'_>,
    ) -> Result<TransactWriteItem, StoreError> {
        let AttemptRecord {
            seen,
            attempt,
            recent,
            health,
            ..
        } = record;
        let delivered = u64::from(attempt.outcome == AttemptOutcome::Delivered);
        let failed = u64::from(attempt.outcome == AttemptOutcome::Failed);
        let mut sets = vec![
            "#stats.last_attempt_at = :at",
            "#recent = :recent",
            "failing_since = :failing_since",
            "failing_reported = :failing_reported",
        ];
        let mut update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::webhook(seen.partner_id, seen.id))))
            .condition_expression("#stats.attempts = :seen_attempts")
            .expression_attribute_names("#stats", "stats")
            .expression_attribute_names("#recent", "recent_attempts")
            .expression_attribute_values(":seen_attempts", number(seen.stats.attempts))
            .expression_attribute_values(":one", number(1))
            .expression_attribute_values(":delivered", number(delivered))
            .expression_attribute_values(":failed", number(failed))
            .expression_attribute_values(":at", attribute_value(&attempt.at)?)
            .expression_attribute_values(":recent", attribute_value(recent)?)
            .expression_attribute_values(":failing_since", attribute_value(&health.failing_since)?)
            .expression_attribute_values(
                ":failing_reported",
                AttributeValue::Bool(health.failing_reported),
            );
        if delivered == 1 {
            sets.push("#stats.last_delivered_at = :at");
        }
        if let Some((reason, at)) = &health.disable {
            sets.extend([
                "#enabled = :false",
                "#reason = :reason",
                "disabled_at = :disabled_at",
            ]);
            update = update
                .expression_attribute_names("#enabled", "enabled")
                .expression_attribute_names("#reason", "disabled_reason")
                .expression_attribute_values(":false", AttributeValue::Bool(false))
                .expression_attribute_values(":reason", AttributeValue::S(reason.clone()))
                .expression_attribute_values(":disabled_at", attribute_value(at)?);
        }
        let expression = format!(
            "ADD #stats.attempts :one, #stats.delivered :delivered, #stats.failed :failed SET {}",
            sets.join(", ")
        );
        let update = update
            .update_expression(expression)
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    /// The delivery's side of an attempt: its log entry, created by the first attempt,
    /// the attempt appended (never lost to a concurrent one).
    pub(super) fn delivery_update(
        &self,
        record: &AttemptRecord<'_>,
    ) -> Result<TransactWriteItem, StoreError> {
        let delivery = record.delivery;
        let key = keys::delivery(record.seen.partner_id, record.seen.id, &delivery.id);
        let expires_at = crate::webhooks::log::expires_at(delivery.event.created_at);
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key_item(key)))
            .update_expression(
                "SET #id = :id, #event = :event, #status = :status, \
                 #attempts = list_append(if_not_exists(#attempts, :none), :attempt), \
                 last_attempt_at = :at, last_status_code = :code, next_attempt_at = :next, \
                 #expires_at = :expires_at",
            )
            .expression_attribute_names("#id", "id")
            .expression_attribute_names("#event", "event")
            .expression_attribute_names("#status", "status")
            .expression_attribute_names("#attempts", "attempts")
            .expression_attribute_names("#expires_at", keys::EXPIRES_AT)
            .expression_attribute_values(":id", AttributeValue::S(delivery.id.clone()))
            .expression_attribute_values(":event", attribute_value(&delivery.event)?)
            .expression_attribute_values(":status", attribute_value(&delivery.status)?)
            .expression_attribute_values(":none", AttributeValue::L(Vec::new()))
            .expression_attribute_values(
                ":attempt",
                AttributeValue::L(vec![attribute_value(&delivery.attempt)?]),
            )
            .expression_attribute_values(":at", attribute_value(&delivery.attempt.at)?)
            .expression_attribute_values(":code", attribute_value(&delivery.attempt.status_code)?)
            .expression_attribute_values(":next", attribute_value(&delivery.next_attempt_at)?)
            .expression_attribute_values(":expires_at", number(expires_at))
            .build()
            .map_err(invalid_request)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    /// A page of the log, newest first: the prefix read backwards, expired entries (not
    /// yet removed by the TTL) and other statuses filtered out.
    pub(super) async fn delivery_page(
        &self,
        partner: PartnerId,
        webhook: WebhookId,
        filter: DeliveryFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<DeliveryRecord>, StoreError> {
        let prefix = keys::deliveries(partner, webhook);
        let mut condition = "#expires_at > :now".to_owned();
        let mut query = self
            .prefix_query(&prefix)
            .scan_index_forward(false)
            .expression_attribute_names("#expires_at", keys::EXPIRES_AT)
            .expression_attribute_values(":now", number(Utc::now().timestamp()));
        if let Some(status) = filter.status {
            condition.push_str(" AND #status = :status");
            query = query
                .expression_attribute_names("#status", "status")
                .expression_attribute_values(":status", AttributeValue::S(status.as_str().into()));
        }
        let start = after.map(|sk| key_item((prefix.0.clone(), sk.to_owned())));
        self.page(query.filter_expression(condition), start, limit)
            .await
    }

    /// A page of the feed, oldest first, from `filter.since` on.
    pub(super) async fn event_page(
        &self,
        partner: PartnerId,
        filter: FeedFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Event>, StoreError> {
        let (pk, _) = keys::events(partner);
        let mut condition = "#expires_at > :now".to_owned();
        let mut query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND SK BETWEEN :from AND :to")
            .expression_attribute_values(":pk", AttributeValue::S(pk.clone()))
            .expression_attribute_values(
                ":from",
                AttributeValue::S(keys::events_from(filter.since)),
            )
            .expression_attribute_values(":to", AttributeValue::S(keys::EVENTS_END.to_owned()))
            .expression_attribute_names("#expires_at", keys::EXPIRES_AT)
            .expression_attribute_values(":now", number(Utc::now().timestamp()))
            .consistent_read(true);
        if let Some(event_type) = filter.event_type {
            condition.push_str(" AND #event.#type = :type");
            query = query
                .expression_attribute_names("#event", "event")
                .expression_attribute_names("#type", "type")
                .expression_attribute_values(
                    ":type",
                    AttributeValue::S(event_type.as_str().into()),
                );
        }
        let start = after.map(|sk| key_item((pk.clone(), sk.to_owned())));
        let page: Page<FeedEntry> = self
            .page(query.filter_expression(condition), start, limit)
            .await?;
        Ok(Page {
            items: page.items.into_iter().map(|entry| entry.event).collect(),
            next: page.next,
        })
    }

    pub(super) async fn webhook_and_delivery(
        &self,
        partner: PartnerId,
        webhook: WebhookId,
        id: &str,
    ) -> Result<(Option<Webhook>, Option<DeliveryRecord>), StoreError> {
        let (found_webhook, found_delivery) = self
            .batch_get_two(
                keys::webhook(partner, webhook),
                keys::delivery(partner, webhook, id),
            )
            .await?;
        let live = |record: &DeliveryRecord| record.expires_at > Utc::now().timestamp();
        Ok((
            found_webhook.map(from_item).transpose()?,
            found_delivery
                .map(from_item::<DeliveryRecord>)
                .transpose()?
                .filter(live),
        ))
    }

    pub(super) async fn enable(
        &self,
        partner: PartnerId,
        id: WebhookId,
    ) -> Result<Webhook, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::webhook(partner, id))))
            .condition_expression("attribute_exists(PK) AND #enabled = :false")
            .update_expression(
                "SET #enabled = :true, disabled_reason = :null, disabled_at = :null, \
                 failing_since = :null, failing_reported = :false",
            )
            .expression_attribute_names("#enabled", "enabled")
            .expression_attribute_values(":true", AttributeValue::Bool(true))
            .expression_attribute_values(":false", AttributeValue::Bool(false))
            .expression_attribute_values(":null", AttributeValue::Null(true))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match output {
            Ok(output) => from_item(output.attributes.unwrap_or_default()),
            Err(error) if is_condition_failure(&error) => {
                match self.get::<Webhook>(keys::webhook(partner, id)).await? {
                    Some(_) => Err(StoreError::Conflict),
                    None => Err(StoreError::NotFound),
                }
            }
            Err(error) => Err(unavailable(error)),
        }
    }

    pub(super) async fn rotate_secret(
        &self,
        partner: PartnerId,
        id: WebhookId,
        secret: &str,
        previous_until: DateTime<Utc>,
    ) -> Result<Webhook, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(keys::webhook(partner, id))))
            .condition_expression("attribute_exists(PK)")
            .update_expression(
                "SET previous_secret = #secret, previous_secret_expires_at = :until, \
                 #secret = :secret",
            )
            .expression_attribute_names("#secret", "secret")
            .expression_attribute_values(":secret", AttributeValue::S(secret.to_owned()))
            .expression_attribute_values(":until", attribute_value(&previous_until)?)
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match output {
            Ok(output) => from_item(output.attributes.unwrap_or_default()),
            Err(error) if is_condition_failure(&error) => Err(StoreError::NotFound),
            Err(error) => Err(unavailable(error)),
        }
    }
}
