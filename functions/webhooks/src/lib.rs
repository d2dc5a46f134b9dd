//! The `webhooks` function: where a partner is told about its analyses, sees how each
//! event was delivered ([`deliveries`]), catches up from the events feed ([`events`]),
//! and looks after its endpoints ([`lifecycle`]).
//!
//! Its routes are [`ROUTES`], each naming its handler.

pub mod deliveries;
pub mod events;
pub mod lifecycle;

use std::time::Duration;

use chrono::{DateTime, Utc};
use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};
use shared::domain::model::{
    DeliveryAttempt, DeliveryStats, EventType, PartnerId, Webhook, WebhookId,
};
use shared::edge::cursor::Cursors;
use shared::edge::envelope::Reply;
use shared::edge::error::{ApiError, Detail, Problem};
use shared::edge::request::{json_body, query_parameters};
use shared::edge::route::{Call, Route};
use shared::edge::serve::{Authenticates, serve};
use shared::jwt::TokenVerifier;
use shared::queue::Queue;
use shared::store::Store;
use shared::webhooks::MAX_PER_PARTNER;
use shared::webhooks::delivery::{Delivery, Event};
use shared::webhooks::signature::new_secret;
use shared::webhooks::url_policy::UrlPolicy;
use std::sync::Arc;

/// Longest accepted description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 256;

pub static ROUTES: &[Route<Service>] = &[
    Route::partner(
        Method::POST,
        "/api/v1/webhooks/",
        "createWebhook",
        |s, p, c| Box::pin(create(s, p, c)),
    ),
    Route::partner(
        Method::GET,
        "/api/v1/webhooks/",
        "listWebhooks",
        |s, p, c| Box::pin(list(s, p, c)),
    ),
    Route::partner(
        Method::GET,
        "/api/v1/webhooks/{webhook_id}/",
        "getWebhook",
        |s, p, c| Box::pin(read(s, p, c)),
    ),
    Route::partner(
        Method::DELETE,
        "/api/v1/webhooks/{webhook_id}/",
        "deleteWebhook",
        |s, p, c| Box::pin(delete(s, p, c)),
    ),
    Route::partner(
        Method::POST,
        "/api/v1/webhooks/{webhook_id}/test/",
        "testWebhook",
        |s, p, c| Box::pin(test(s, p, c)),
    ),
    Route::partner(
        Method::POST,
        "/api/v1/webhooks/{webhook_id}/enable/",
        "enableWebhook",
        |s, p, c| Box::pin(lifecycle::enable(s, p, c)),
    ),
    Route::partner(
        Method::POST,
        "/api/v1/webhooks/{webhook_id}/rotate-secret/",
        "rotateWebhookSecret",
        |s, p, c| Box::pin(lifecycle::rotate_secret(s, p, c)),
    ),
    Route::partner(
        Method::GET,
        "/api/v1/webhooks/{webhook_id}/deliveries/",
        "listWebhookDeliveries",
        |s, p, c| Box::pin(deliveries::list(s, p, c)),
    ),
    Route::partner(
        Method::POST,
        "/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/retry/",
        "retryWebhookDelivery",
        |s, p, c| Box::pin(deliveries::retry(s, p, c)),
    ),
    Route::partner(Method::GET, "/api/v1/events/", "listEvents", |s, p, c| {
        Box::pin(events::list(s, p, c))
    }),
];

/// What the `webhooks` function needs: the store, the tokens it accepts, the cursors of
/// its lists, the queue of deliveries, and where webhooks may point.
pub struct Service {
    pub store: Arc<dyn Store>,
    pub tokens: TokenVerifier,
    pub cursors: Cursors,
    pub webhook_queue: Arc<dyn Queue>,
    /// Strict on AWS; the local server also allows loopback receivers.
    pub webhook_urls: UrlPolicy,
}

impl Authenticates for Service {
    fn access_tokens(&self) -> &TokenVerifier {
        &self.tokens
    }
}

pub async fn handle(service: &Service, request: Request) -> Response<Body> {
    serve(service, ROUTES, request).await
}

/// A webhook as partners see it: never its secret, except once in [`WithSecret`].
#[derive(Debug, Serialize)]
pub struct WebhookView<'a> {
    pub id: WebhookId,
    pub url: &'a str,
    pub events: &'a [EventType],
    pub description: Option<&'a str>,
    pub enabled: bool,
    pub disabled_reason: Option<&'a str>,
    /// When deliveries stopped, with `disabled_reason`.
    pub disabled_at: Option<DateTime<Utc>>,
    /// Since when every attempt failed, while they do.
    pub failing_since: Option<DateTime<Utc>>,
    /// Until when the secret replaced by the last rotation still signs beside the new one.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub stats: &'a DeliveryStats,
    pub recent_attempts: &'a [DeliveryAttempt],
}

impl<'a> WebhookView<'a> {
    /// The view at `now`: a previous secret whose overlap ended is not mentioned.
    pub fn at(webhook: &'a Webhook, now: DateTime<Utc>) -> Self {
        Self {
            id: webhook.id,
            url: &webhook.url,
            events: &webhook.events,
            description: webhook.description.as_deref(),
            enabled: webhook.enabled,
            disabled_reason: webhook.disabled_reason.as_deref(),
            disabled_at: webhook.disabled_at,
            failing_since: webhook.failing_since,
            previous_secret_expires_at: webhook
                .previous_secret_expires_at
                .filter(|until| now < *until),
            created_at: webhook.created_at,
            stats: &webhook.stats,
            recent_attempts: &webhook.recent_attempts,
        }
    }
}

/// The view and, this once (at creation or rotation), the signing secret.
#[derive(Debug, Serialize)]
pub struct WithSecret<'a> {
    #[serde(flatten)]
    pub webhook: WebhookView<'a>,
    pub secret: &'a str,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateWebhook {
    url: String,
    #[serde(default)]
    events: Option<Vec<EventType>>,
    #[serde(default)]
    description: Option<String>,
}

/// `POST /api/v1/webhooks/`: 201 with the signing secret, shown this once only.
/// The URL must pass the SSRF policy (`shared::webhooks::url_policy`), its name
/// resolving only to public addresses. At most 10 webhooks per partner (409
/// `webhook_limit_reached`).
///
/// 1 DynamoDB round trip: one `TransactWriteItems` (the webhook, and the partner's
/// webhook count conditioned on staying within the limit); plus a DNS resolution.
pub async fn create(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let request = call.request;
    let body: CreateWebhook = json_body(request)?;
    let mut problems = Vec::new();
    if let Err(error) = service.webhook_urls.check(&body.url).await {
        problems.push(Detail::new("/url", Problem::WebhookUrl(error)));
    }
    let mut events = body
        .events
        .unwrap_or_else(|| vec![EventType::AnalysisCompleted, EventType::AnalysisFailed]);
    events.sort_by_key(|event| event.as_str());
    events.dedup();
    if events.is_empty() || !events.iter().all(|event| event.is_subscribable()) {
        problems.push(Detail::new("/events", Problem::WebhookEvents));
    }
    if body
        .description
        .as_ref()
        .is_some_and(|text| text.chars().count() > MAX_DESCRIPTION_CHARS)
    {
        problems.push(Detail::new(
            "/description",
            Problem::TooManyCharacters(MAX_DESCRIPTION_CHARS),
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let webhook = Webhook::new(
        partner,
        body.url,
        events,
        body.description,
        new_secret(),
        Utc::now(),
    );
    match service
        .store
        .create_webhook(&webhook, MAX_PER_PARTNER)
        .await
    {
        Ok(()) => Reply::created(&WithSecret {
            webhook: WebhookView::at(&webhook, Utc::now()),
            secret: &webhook.secret,
        }),
        Err(error) => Err(error.into()),
    }
}

/// `GET /api/v1/webhooks/`. 1 DynamoDB round trip: one `Query` (10 webhooks at most).
pub async fn list(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let request = call.request;
    query_parameters(request, &[])?;
    let webhooks = service.store.list_webhooks(partner).await?;
    let now = Utc::now();
    let views: Vec<WebhookView> = webhooks
        .iter()
        .map(|webhook| WebhookView::at(webhook, now))
        .collect();
    Ok(Reply::ok(&views)?.meta("next_cursor", serde_json::Value::Null))
}

/// `GET /api/v1/webhooks/{id}/`: configuration, delivery statistics and the recent
/// attempts. 1 DynamoDB round trip: `GetItem`.
pub async fn read(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let id: WebhookId = call.id("webhook_id")?;
    let webhook = service
        .store
        .get_webhook(partner, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Reply::ok(&WebhookView::at(&webhook, Utc::now()))
}

/// `DELETE /api/v1/webhooks/{id}/`: 204; deliveries still queued for it are dropped.
/// 1 DynamoDB round trip: one `TransactWriteItems` (the webhook and the count).
pub async fn delete(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let id: WebhookId = call.id("webhook_id")?;
    service.store.delete_webhook(partner, id).await?;
    Ok(Reply::no_content())
}

#[derive(Debug, Serialize)]
struct TestQueued<'a> {
    webhook_id: WebhookId,
    delivery_id: &'a str,
    event_type: EventType,
}

/// `POST /api/v1/webhooks/{id}/test/`: 202, and a signed `webhook.test` delivery with
/// the same retries as any event. 1 DynamoDB round trip (`GetItem`) and 1 SQS message.
pub async fn test(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let id: WebhookId = call.id("webhook_id")?;
    let webhook = service
        .store
        .get_webhook(partner, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let now = Utc::now();
    let event = Event::test(webhook.id, now);
    let delivery = Delivery::first(partner, webhook.id, event, now);
    delivery
        .enqueue(service.webhook_queue.as_ref(), Duration::ZERO)
        .await?;
    Reply::accepted(&TestQueued {
        webhook_id: webhook.id,
        delivery_id: &delivery.delivery_id,
        event_type: EventType::WebhookTest,
    })
}
