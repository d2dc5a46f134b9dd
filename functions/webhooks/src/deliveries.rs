//! A webhook's delivery log, and the redelivery of one of its deliveries.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::domain::model::{EventType, PartnerId, WebhookId};
use shared::edge::envelope::Reply;
use shared::edge::error::{ApiError, ConflictReason, Problem};
use shared::edge::pagination::PageRequest;
use shared::edge::request::{no_body, query_parameters};
use shared::edge::route::Call;
use shared::webhooks::delivery::Delivery;
use shared::webhooks::log::{
    DeliveryFilter, DeliveryRecord, DeliveryStatus, LoggedAttempt, MAX_ATTEMPTS,
};

use crate::Service;

/// Longest `webhook-id` this API issues, and so the longest a path may name.
const MAX_DELIVERY_ID_CHARS: usize = 64;

/// A delivery as the log shows it: ids, type, status and attempts, never the body.
#[derive(Debug, Serialize)]
pub struct DeliveryView<'a> {
    pub id: &'a str,
    pub event_id: &'a str,
    pub event_type: EventType,
    pub status: DeliveryStatus,
    pub attempts: &'a [LoggedAttempt],
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_status_code: Option<u16>,
    pub next_attempt_at: Option<DateTime<Utc>>,
}

impl<'a> From<&'a DeliveryRecord> for DeliveryView<'a> {
    fn from(record: &'a DeliveryRecord) -> Self {
        Self {
            id: &record.id,
            event_id: &record.event.id,
            event_type: record.event.event_type,
            status: record.status,
            attempts: &record.attempts,
            last_attempt_at: record.last_attempt_at,
            last_status_code: record.last_status_code,
            next_attempt_at: record.next_attempt_at,
        }
    }
}

/// `GET /api/v1/webhooks/{id}/deliveries/?limit=&cursor=&status=`: the webhook's
/// deliveries of the last 30 days, newest first, a page at a time.
///
/// 2 DynamoDB round trips: `GetItem` of the webhook (404 for another partner's), then 1
/// `Query` of its log (more when `status` leaves it short).
pub async fn list(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let id: WebhookId = call.id("webhook_id")?;
    let parameters = query_parameters(call.request, &["limit", "cursor", "status"])?;
    let status = parameters
        .get("status")
        .map(|text| {
            DeliveryStatus::parse(text)
                .ok_or_else(|| ApiError::invalid_request("status", Problem::DeliveryStatusFilter))
        })
        .transpose()?;
    let scope = format!(
        "deliveries?webhook={id}&status={}",
        status.map(DeliveryStatus::as_str).unwrap_or_default()
    );
    let page_request = PageRequest::new(
        &service.cursors,
        partner,
        scope,
        parameters.get("limit"),
        parameters.get("cursor"),
    )
    .await?;
    service
        .store
        .get_webhook(partner, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let page = service
        .store
        .list_deliveries(
            partner,
            id,
            DeliveryFilter { status },
            page_request.after.as_deref(),
            page_request.limit,
        )
        .await?;
    let views: Vec<DeliveryView> = page.items.iter().map(DeliveryView::from).collect();
    page_request.reply(&page, &views).await
}

#[derive(Debug, Serialize)]
struct RetryQueued<'a> {
    webhook_id: WebhookId,
    delivery_id: &'a str,
    event_id: &'a str,
    event_type: EventType,
}

/// `POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/retry/`: 202, and one attempt
/// now through the webhook queue, with the same `webhook-id` and event (as the log keeps
/// it: without `reference`). 404 for a delivery not in the log; 409 `webhook_disabled`
/// for a disabled webhook, `delivery_attempts_exhausted` for one that has had
/// [`MAX_ATTEMPTS`].
///
/// 1 DynamoDB round trip (`BatchGetItem` of the webhook and the delivery) and 1 SQS
/// message.
pub async fn retry(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let id: WebhookId = call.id("webhook_id")?;
    let delivery_id: String = call.id("delivery_id")?;
    no_body(call.request)?;
    if delivery_id.len() > MAX_DELIVERY_ID_CHARS {
        return Err(ApiError::NotFound);
    }
    let (webhook, record) = service
        .store
        .get_delivery(partner, id, &delivery_id)
        .await?;
    let (Some(webhook), Some(record)) = (webhook, record) else {
        return Err(ApiError::NotFound);
    };
    if !webhook.enabled {
        return Err(ApiError::conflict(ConflictReason::WebhookDisabled));
    }
    if record.attempts.len() >= MAX_ATTEMPTS {
        return Err(ApiError::conflict(
            ConflictReason::DeliveryAttemptsExhausted,
        ));
    }
    let delivery = Delivery::again(
        partner,
        id,
        record.id.clone(),
        record.event.clone(),
        Utc::now(),
    );
    delivery
        .enqueue(service.webhook_queue.as_ref(), Duration::ZERO)
        .await?;
    Reply::accepted(&RetryQueued {
        webhook_id: id,
        delivery_id: &record.id,
        event_id: &record.event.id,
        event_type: record.event.event_type,
    })
}
