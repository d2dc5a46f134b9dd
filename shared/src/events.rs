//! How an event leaves the service: once on the partner's events feed, then one delivery
//! per enabled webhook subscribed to its type, on the webhook queue. Every event sent to
//! webhooks takes this one path ([`publish`]), so the feed holds each event once whatever
//! the number of webhooks (none included), and a repeated emission (a retry after a
//! partial failure) neither doubles the feed entry nor changes a `webhook-id`. The one
//! event for the feed only, `webhook.endpoint_failing`, is written by the webhook worker
//! in the same transaction as the attempt that reports it.

use std::time::Duration;

use chrono::Utc;

use crate::BoxError;
use crate::domain::model::{PartnerId, WebhookId};
use crate::queue::Queue;
use crate::store::Store;
use crate::webhooks::delivery::{Delivery, Event};

/// What publishing an event did.
#[derive(Debug, Default)]
pub struct Emission {
    /// The webhooks whose delivery was queued this time.
    pub queued: Vec<WebhookId>,
    /// Why the others were not, if some were not.
    pub failure: Option<BoxError>,
}

/// Puts `event` on `partner`'s feed, then queues it for each enabled webhook subscribed
/// to its type, but those in `already` (served by an earlier emission). Stops at the
/// first failure, reporting what was queued before it.
///
/// 1 DynamoDB `PutItem`, 1 `Query` of the webhooks, and 1 SQS message per delivery.
pub async fn publish(
    store: &dyn Store,
    queue: &dyn Queue,
    partner: PartnerId,
    event: &Event,
    already: &[WebhookId],
) -> Emission {
    let mut emission = Emission::default();
    if let Err(error) = store.record_event(partner, event).await {
        emission.failure = Some(error.into());
        return emission;
    }
    let webhooks = match store.list_webhooks(partner).await {
        Ok(webhooks) => webhooks,
        Err(error) => {
            emission.failure = Some(error.into());
            return emission;
        }
    };
    let now = Utc::now();
    for webhook in webhooks {
        if !webhook.enabled
            || !webhook.events.contains(&event.event_type)
            || already.contains(&webhook.id)
        {
            continue;
        }
        let delivery = Delivery::first(partner, webhook.id, event.clone(), now);
        match delivery.enqueue(queue, Duration::ZERO).await {
            Ok(()) => emission.queued.push(webhook.id),
            Err(error) => {
                emission.failure = Some(error.into());
                break;
            }
        }
    }
    emission
}
