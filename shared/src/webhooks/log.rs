//! What partners can read back about their events: the delivery log of each webhook
//! ([`DeliveryRecord`], one per `webhook-id`, its attempts inside) and the events feed
//! ([`FeedEntry`], one per event, however many webhooks it went to). Both hold ids,
//! types, statuses and times only: an event's `reference` (the partner's own label for
//! a profile, erased with it) is left out ([`Event::thin`]). Both are kept
//! [`RETENTION`] after the event (the DynamoDB TTL on `expires_at`; the embedded store
//! prunes them as it writes new ones).

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::model::EventType;
use crate::webhooks::delivery::Event;

/// How long the log and the feed keep an event.
pub const RETENTION: TimeDelta = TimeDelta::days(30);

/// Most attempts one delivery may have: its automatic ones (9) and the partner's
/// redeliveries, refused beyond (so that a log entry stays far below DynamoDB's 400 KB).
pub const MAX_ATTEMPTS: usize = 50;

/// When a record about an event created at `created_at` expires, epoch seconds.
pub fn expires_at(created_at: DateTime<Utc>) -> i64 {
    created_at
        .checked_add_signed(RETENTION)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
        .timestamp()
}

impl Event {
    /// The event as the log and the feed keep it: without `reference`.
    pub fn thin(&self) -> Event {
        let mut event = self.clone();
        event.data.reference = None;
        event
    }
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not delivered yet; another attempt is scheduled.
    Pending,
    Delivered,
    /// Its last attempt failed (or the endpoint answered 410 Gone).
    Failed,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 3] = [Self::Pending, Self::Delivered, Self::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// One attempt as the log shows it: the endpoint's status code, or the kind of error
/// that left it without one; never what the endpoint answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedAttempt {
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<u16>,
    /// `timeout`, `connection`, `redirect`, `refused_address` or `request`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub duration_ms: u64,
}

/// A delivery of one event to one webhook, under its `webhook-id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    /// The `webhook-id` header.
    pub id: String,
    /// The event, thin, as a redelivery sends it again.
    pub event: Event,
    pub status: DeliveryStatus,
    /// Oldest first.
    pub attempts: Vec<LoggedAttempt>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_status_code: Option<u16>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub expires_at: i64,
}

/// What one attempt changes on its delivery's record (created by its first attempt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryUpdate {
    pub id: String,
    /// Thin.
    pub event: Event,
    pub status: DeliveryStatus,
    pub attempt: LoggedAttempt,
    pub next_attempt_at: Option<DateTime<Utc>>,
}

impl DeliveryUpdate {
    /// The record after this attempt, `before` being the record as it stood (if any).
    pub fn apply(&self, before: Option<DeliveryRecord>) -> DeliveryRecord {
        let mut attempts = before.map(|record| record.attempts).unwrap_or_default();
        attempts.push(self.attempt.clone());
        DeliveryRecord {
            id: self.id.clone(),
            event: self.event.clone(),
            status: self.status,
            attempts,
            last_attempt_at: Some(self.attempt.at),
            last_status_code: self.attempt.status_code,
            next_attempt_at: self.next_attempt_at,
            expires_at: expires_at(self.event.created_at),
        }
    }
}

/// An event on the feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedEntry {
    /// Thin.
    pub event: Event,
    pub expires_at: i64,
}

impl FeedEntry {
    pub fn new(event: &Event) -> Self {
        Self {
            event: event.thin(),
            expires_at: expires_at(event.created_at),
        }
    }
}

/// Which events of the feed to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedFilter {
    pub event_type: Option<EventType>,
    /// Events created at or after this time (at most [`RETENTION`] ago).
    pub since: DateTime<Utc>,
}

/// Which deliveries of the log to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeliveryFilter {
    pub status: Option<DeliveryStatus>,
}
