//! The events feed: what a receiver that was down reads to catch up.

use chrono::{DateTime, Utc};
use shared::domain::model::{EventType, PartnerId};
use shared::edge::envelope::Reply;
use shared::edge::error::{ApiError, Problem};
use shared::edge::pagination::PageRequest;
use shared::edge::request::query_parameters;
use shared::edge::route::Call;
use shared::webhooks::log::{FeedFilter, RETENTION};

use crate::Service;

/// `GET /api/v1/events/?limit=&cursor=&type=&since=`: the partner's events of the last
/// 30 days, oldest first, one entry per event however many webhooks it went to (none
/// included), each `{id, type, created_at, data}` as delivered but for `reference`.
/// `since` (RFC 3339) keeps the events created at or after it; one older than 30 days
/// reads as 30 days ago.
///
/// 1 DynamoDB round trip: a `Query` of the feed (more when `type` leaves it short).
pub async fn list(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let parameters = query_parameters(call.request, &["limit", "cursor", "type", "since"])?;
    let event_type = parameters.get("type").map(event_type).transpose()?;
    let since = parameters.get("since").map(since).transpose()?;
    let scope = format!(
        "events?type={}&since={}",
        parameters.get("type").unwrap_or_default(),
        since
            .map(|since| since.timestamp_micros())
            .unwrap_or_default()
    );
    let page_request = PageRequest::new(
        &service.cursors,
        partner,
        scope,
        parameters.get("limit"),
        parameters.get("cursor"),
    )
    .await?;
    let oldest = Utc::now() - RETENTION;
    let filter = FeedFilter {
        event_type,
        since: since.map_or(oldest, |since| since.max(oldest)),
    };
    let page = service
        .store
        .list_events(
            partner,
            filter,
            page_request.after.as_deref(),
            page_request.limit,
        )
        .await?;
    page_request.reply(&page, &page.items).await
}

fn event_type(text: &str) -> Result<EventType, ApiError> {
    serde_json::from_value::<EventType>(serde_json::Value::String(text.to_owned()))
        .ok()
        .filter(|event_type| event_type.is_on_feed())
        .ok_or_else(|| ApiError::invalid_request("type", Problem::EventTypeFilter))
}

fn since(text: &str) -> Result<DateTime<Utc>, ApiError> {
    DateTime::parse_from_rfc3339(text)
        .map(|since| since.with_timezone(&Utc))
        .map_err(|_| ApiError::invalid_request("since", Problem::Since))
}
