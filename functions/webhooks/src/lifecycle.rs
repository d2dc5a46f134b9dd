//! What a partner does to a webhook after creating it: enable it again once its endpoint
//! is fixed, and rotate its signing secret.

use chrono::Utc;
use shared::domain::model::{PartnerId, SECRET_OVERLAP, WebhookId};
use shared::edge::envelope::Reply;
use shared::edge::error::{ApiError, ConflictReason};
use shared::edge::request::no_body;
use shared::edge::route::Call;
use shared::store::StoreError;
use shared::webhooks::signature::new_secret;

use crate::{Service, WebhookView, WithSecret};

/// `POST /api/v1/webhooks/{id}/enable/`: 200 with the webhook, enabled again and its
/// failure state reset (deliveries dropped while it was disabled are not replayed: the
/// events feed and the delivery log have them). 409 `webhook_enabled` when it is on.
///
/// 1 DynamoDB round trip: a conditional `UpdateItem` (plus 1 `GetItem` on a refusal,
/// to tell 404 from 409).
pub async fn enable(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let id: WebhookId = call.id("webhook_id")?;
    no_body(call.request)?;
    match service.store.enable_webhook(partner, id).await {
        Ok(webhook) => Reply::ok(&WebhookView::at(&webhook, Utc::now())),
        Err(StoreError::Conflict) => Err(ApiError::conflict(ConflictReason::WebhookEnabled)),
        Err(error) => Err(error.into()),
    }
}

/// `POST /api/v1/webhooks/{id}/rotate-secret/`: 200 with the webhook and its new
/// `secret`, shown this once. For 24 hours each delivery carries two signatures in
/// `webhook-signature`, the new secret's and the old one's; then the new one's only.
/// Rotating again within the 24 hours retires the oldest at once.
///
/// 1 DynamoDB round trip: `UpdateItem`.
pub async fn rotate_secret(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let id: WebhookId = call.id("webhook_id")?;
    no_body(call.request)?;
    let now = Utc::now();
    let secret = new_secret();
    let webhook = service
        .store
        .rotate_webhook_secret(partner, id, &secret, now + SECRET_OVERLAP)
        .await?;
    Reply::ok(&WithSecret {
        webhook: WebhookView::at(&webhook, now),
        secret: &webhook.secret,
    })
}
