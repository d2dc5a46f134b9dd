//! Domain records kept by the [`crate::store::Store`].

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::api_key::{ApiKeyId, KeyHash};
use crate::domain::attributes::Attributes;
use crate::domain::record::AnalysisProof;
use crate::domain::review::Review;
use crate::domain::statements::{HeldStatement, StoredStatement};

/// Defines an id type: a UUIDv7 newtype (time-ordered, so keys sort by creation),
/// shown and parsed as the UUID's text.
macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub ::uuid::Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(::uuid::Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::uuid::Error;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                ::uuid::Uuid::parse_str(text).map(Self)
            }
        }
    };
}
pub(crate) use uuid_id;

uuid_id!(
    /// A partner's id, and the `sub` of its tokens.
    PartnerId
);
uuid_id!(
    /// A profile's id.
    ProfileId
);
uuid_id!(
    /// An analysis's id.
    AnalysisId
);
uuid_id!(
    /// A bank statement's id.
    StatementId
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerStatus {
    Active,
    Suspended,
}

impl fmt::Display for PartnerStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub id: PartnerId,
    pub name: String,
    pub status: PartnerStatus,
    pub created_at: DateTime<Utc>,
}

impl Partner {
    pub fn new(name: impl Into<String>, now: DateTime<Utc>) -> Self {
        Self {
            id: PartnerId::new(),
            name: name.into(),
            status: PartnerStatus::Active,
            created_at: now,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    Active,
    Revoked,
}

/// A stored API key: its hash, never the key.
///
/// `partner_status` repeats the owner's status so that authenticating with a key is one
/// read; the store keeps the copies in step when a partner is suspended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyRecord {
    pub id: ApiKeyId,
    pub partner_id: PartnerId,
    pub hash: KeyHash,
    pub display_prefix: String,
    pub status: KeyStatus,
    pub partner_status: PartnerStatus,
    pub created_at: DateTime<Utc>,
}

impl ApiKeyRecord {
    /// The record of `key`, for the active partner `partner_id`.
    pub fn new(
        key: &crate::domain::api_key::ApiKey,
        partner_id: PartnerId,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: key.id(),
            partner_id,
            hash: key.hash(),
            display_prefix: key.display_prefix(),
            status: KeyStatus::Active,
            partner_status: PartnerStatus::Active,
            created_at: now,
        }
    }

    /// Whether this key may obtain tokens now.
    pub fn is_usable(&self) -> bool {
        self.status == KeyStatus::Active && self.partner_status == PartnerStatus::Active
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileStatus {
    Draft,
    Submitted,
}

impl ProfileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
        }
    }
}

/// A partner's customer: attributes that grow from a draft until it is submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: ProfileId,
    pub partner_id: PartnerId,
    pub reference: Option<String>,
    pub status: ProfileStatus,
    /// 1 at creation, +1 on every change; the `ETag`.
    pub version: u32,
    pub attributes: Attributes,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The version frozen by the last submission.
    pub submitted_version: Option<u32>,
    /// Idempotency records holding this profile's data, erased with it; each is
    /// forgotten once expired, so the list holds at most a day's keys
    /// ([`Profile::hold_idempotency_key`]).
    #[serde(default)]
    pub idempotency_keys: Vec<HeldIdempotencyKey>,
    /// +1 on every write of the profile or of a record under it (a patch, a submission,
    /// an analysis request), partners never see it: an erasure deletes the profile only
    /// at the revision it read, so a write landing between its read and its deletion
    /// makes it start again instead of outliving it.
    #[serde(default)]
    pub revision: u64,
    /// The bank statements attached, oldest first (DESIGN §10): their summaries; the
    /// documents are stored beside the profile.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<HeldStatement>,
}

/// An idempotency record naming a profile, noted on it so that its erasure deletes the
/// record too: the record's key and its `expires_at` (epoch seconds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "HeldKeyForm")]
pub struct HeldIdempotencyKey {
    pub key: String,
    pub expires_at: i64,
}

impl HeldIdempotencyKey {
    pub fn new(key: impl Into<String>, expires_at: i64) -> Self {
        Self {
            key: key.into(),
            expires_at,
        }
    }
}

/// How a held key is stored: `{key, expires_at}`, or a bare key from before expiries
/// were noted, whose expiry is unknown and which is therefore never forgotten.
#[derive(Deserialize)]
#[serde(untagged)]
enum HeldKeyForm {
    Bare(String),
    Held { key: String, expires_at: i64 },
}

impl From<HeldKeyForm> for HeldIdempotencyKey {
    fn from(form: HeldKeyForm) -> Self {
        match form {
            HeldKeyForm::Bare(key) => Self::new(key, i64::MAX),
            HeldKeyForm::Held { key, expires_at } => Self::new(key, expires_at),
        }
    }
}

/// The immutable copy of a profile's attributes taken when a version is submitted: what
/// an analysis of that version reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileSnapshot {
    pub profile_id: ProfileId,
    pub partner_id: PartnerId,
    /// The partner's reference when the version was submitted, for the events' data.
    #[serde(default)]
    pub reference: Option<String>,
    pub version: u32,
    pub attributes: Attributes,
    pub submitted_at: DateTime<Utc>,
    /// The bank statements of that version, oldest first: what its analysis scores
    /// them on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<StoredStatement>,
}

/// A change to a profile, already validated: `set` and `remove` are a JSON merge patch of
/// `attributes`; `reference` is `Some(new)` to change it (`Some(None)` removes it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfilePatch {
    pub set: Vec<(&'static str, crate::domain::attributes::AttributeValue)>,
    pub remove: Vec<&'static str>,
    pub reference: Option<Option<String>>,
}

/// Which profiles a list wants, and from where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileFilter {
    pub status: Option<ProfileStatus>,
    pub reference: Option<String>,
}

/// One page of a list: `next` is the store's position after the last item, if more may follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// A response kept for an `Idempotency-Key`, replayed for the same request for 24 hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotencyRecord {
    pub key: String,
    pub partner_id: PartnerId,
    /// SHA-256 of the method, path and body that first used the key.
    pub fingerprint: String,
    pub status: u16,
    /// The response's `data`, as JSON.
    pub data: String,
    /// The response's own headers (`ETag`, `Location`), replayed with it.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    pub profile_id: Option<ProfileId>,
    pub created_at: DateTime<Utc>,
    /// Epoch seconds; the table's TTL attribute.
    pub expires_at: i64,
}

impl Profile {
    /// A new draft, version 1.
    pub fn draft(
        partner_id: PartnerId,
        reference: Option<String>,
        attributes: Attributes,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: ProfileId::new(),
            partner_id,
            reference,
            status: ProfileStatus::Draft,
            version: 1,
            attributes,
            created_at: now,
            updated_at: now,
            submitted_at: None,
            submitted_version: None,
            idempotency_keys: Vec::new(),
            revision: 0,
            statements: Vec::new(),
        }
    }

    /// This profile after `patch`: the next version, back to draft.
    pub fn patched(&self, patch: &ProfilePatch, now: DateTime<Utc>) -> Self {
        let mut next = self.clone();
        next.attributes = self.attributes.with_changes(&patch.set, &patch.remove);
        if let Some(reference) = &patch.reference {
            next.reference.clone_from(reference);
        }
        next.version = self.version.saturating_add(1);
        next.revision = self.revision.saturating_add(1);
        next.status = ProfileStatus::Draft;
        next.updated_at = now;
        next
    }

    /// This profile after a statement was added or removed: the next version, back to
    /// draft, holding `statements`.
    pub fn with_statements(&self, statements: Vec<HeldStatement>, now: DateTime<Utc>) -> Self {
        let mut next = self.patched(&ProfilePatch::default(), now);
        next.statements = statements;
        next
    }

    /// This profile submitted at `at`, freezing its current version; with `idempotency`,
    /// the key and expiry of the record of the submission, held
    /// ([`Self::hold_idempotency_key`]).
    pub fn submitted(&self, at: DateTime<Utc>, idempotency: Option<(&str, i64)>) -> Self {
        let mut next = self.clone();
        next.status = ProfileStatus::Submitted;
        next.submitted_at = Some(at);
        next.submitted_version = Some(self.version);
        next.revision = self.revision.saturating_add(1);
        if let Some((key, expires_at)) = idempotency {
            next.hold_idempotency_key(key, expires_at, at);
        }
        next
    }

    /// Notes that the idempotency record `key`, expiring at `expires_at` (epoch
    /// seconds), holds this profile's data, and forgets the keys whose records expired
    /// by `now`: those read as absent already, and the table's TTL deletes them, so
    /// the profile's item never grows with its history.
    pub fn hold_idempotency_key(&mut self, key: &str, expires_at: i64, now: DateTime<Utc>) {
        let now = now.timestamp();
        self.idempotency_keys.retain(|held| held.expires_at > now);
        self.idempotency_keys
            .push(HeldIdempotencyKey::new(key, expires_at));
    }

    pub fn snapshot(&self, submitted_at: DateTime<Utc>) -> ProfileSnapshot {
        ProfileSnapshot {
            profile_id: self.id,
            partner_id: self.partner_id,
            reference: self.reference.clone(),
            version: self.version,
            attributes: self.attributes.clone(),
            submitted_at,
            statements: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnalysisStatus {
    Pending,
    Completed,
    Failed,
}

/// An analysis of one submitted version of a profile: `pending` until the worker
/// completes it (with a `result`) or fails it (with a `failure_reason`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub id: AnalysisId,
    pub partner_id: PartnerId,
    pub profile_id: ProfileId,
    pub profile_version: u32,
    pub status: AnalysisStatus,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub result: Option<scoring::AnalysisResult>,
    pub failure_reason: Option<String>,
    /// The `Idempotency-Key` it was requested with, erased with it.
    #[serde(default)]
    pub idempotency_key: Option<String>,
    /// Whether the events of its completion were queued for the partner's webhooks.
    #[serde(default)]
    pub notified: bool,
    /// When a worker claimed the queuing of those events: set by the worker that
    /// finishes the analysis, in the same write, and cleared once they are queued or
    /// released on failure. A claim older than [`NOTIFY_CLAIM_LIFETIME`] belongs to a
    /// worker that died meanwhile and may be taken over.
    #[serde(default)]
    pub notifying_since: Option<DateTime<Utc>>,
    /// The webhooks whose event was already queued when queuing failed part-way: the
    /// retry queues only the others.
    #[serde(default)]
    pub notified_webhooks: Vec<WebhookId>,
    /// While a message is owed to it, when that message was last queued (at its request,
    /// at a review, then by each sweep that queued it again; its copy under the profile
    /// keeps the request's): the key, in epoch microseconds, of the stores' index of
    /// waiting analyses, which the sweeper reads for messages lost on the way. Dropped
    /// with the result, and once a review's event is queued
    /// ([`crate::store::AnalysisStore::settle_analysis`]).
    #[serde(
        default,
        with = "chrono::serde::ts_microseconds_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub queued_at: Option<DateTime<Utc>>,
    /// The human reviews of a completed analysis, oldest first, at most
    /// [`crate::domain::review::MAX_REVIEWS`]: appended, never changed (but for the
    /// queuing of each one's event), on the record and its copy alike.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Review>,
    /// The API key whose access token requested it, for its decision record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_id: Option<ApiKeyId>,
    /// Set with a completed result: the digests and versions its decision record shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<AnalysisProof>,
}

/// How long a worker's claim on an analysis's events holds: twice the worker's Lambda
/// timeout (30 s), so that a live worker never loses it, and a retry finds the claim
/// of a dead one expired by its second receive (the queue hides a message for 180 s
/// on AWS, 30 s locally).
pub const NOTIFY_CLAIM_LIFETIME: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

impl Analysis {
    /// A new pending analysis of `profile_version`.
    pub fn pending(
        partner_id: PartnerId,
        profile_id: ProfileId,
        profile_version: u32,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: AnalysisId::new(),
            partner_id,
            profile_id,
            profile_version,
            status: AnalysisStatus::Pending,
            created_at: now,
            completed_at: None,
            result: None,
            failure_reason: None,
            idempotency_key: None,
            notified: false,
            notifying_since: None,
            notified_webhooks: Vec::new(),
            queued_at: Some(now),
            reviews: Vec::new(),
            api_key_id: None,
            proof: None,
        }
    }

    /// The work message for this analysis: ids only, never personal data.
    pub fn request(&self) -> AnalysisRequest {
        AnalysisRequest {
            analysis_id: self.id,
            partner_id: self.partner_id,
            profile_id: self.profile_id,
            profile_version: self.profile_version,
        }
    }
}

/// The message on the analysis queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisRequest {
    pub analysis_id: AnalysisId,
    pub partner_id: PartnerId,
    pub profile_id: ProfileId,
    pub profile_version: u32,
}

uuid_id!(
    /// A webhook's id.
    WebhookId
);

/// What a webhook can be told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventType {
    #[serde(rename = "analysis.completed")]
    AnalysisCompleted,
    #[serde(rename = "analysis.failed")]
    AnalysisFailed,
    /// A human review of a completed analysis was recorded.
    #[serde(rename = "analysis.reviewed")]
    AnalysisReviewed,
    /// Sent by `POST /api/v1/webhooks/{id}/test/`, whatever the subscription.
    #[serde(rename = "webhook.test")]
    WebhookTest,
    /// On the events feed only: one of the partner's endpoints has failed every
    /// attempt for [`FAILING_WARNING_AFTER`]; it is disabled after
    /// [`FAILING_DISABLE_AFTER`].
    #[serde(rename = "webhook.endpoint_failing")]
    WebhookEndpointFailing,
}

/// How long an endpoint fails every attempt before `webhook.endpoint_failing` is emitted.
pub const FAILING_WARNING_AFTER: chrono::TimeDelta = chrono::TimeDelta::days(1);
/// How long an endpoint fails every attempt before it is disabled.
pub const FAILING_DISABLE_AFTER: chrono::TimeDelta = chrono::TimeDelta::days(5);
/// How long a rotated-out secret keeps signing deliveries beside the new one.
pub const SECRET_OVERLAP: chrono::TimeDelta = chrono::TimeDelta::hours(24);

impl EventType {
    /// Whether a webhook may subscribe to it: `webhook.test` comes whatever the
    /// subscription, and `webhook.endpoint_failing` goes to the events feed only.
    pub fn is_subscribable(self) -> bool {
        match self {
            Self::AnalysisCompleted | Self::AnalysisFailed | Self::AnalysisReviewed => true,
            Self::WebhookTest | Self::WebhookEndpointFailing => false,
        }
    }

    /// Whether the events feed holds it: every event but `webhook.test`, which goes to
    /// the tested webhook only.
    pub fn is_on_feed(self) -> bool {
        match self {
            Self::AnalysisCompleted
            | Self::AnalysisFailed
            | Self::AnalysisReviewed
            | Self::WebhookEndpointFailing => true,
            Self::WebhookTest => false,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AnalysisCompleted => "analysis.completed",
            Self::AnalysisFailed => "analysis.failed",
            Self::AnalysisReviewed => "analysis.reviewed",
            Self::WebhookTest => "webhook.test",
            Self::WebhookEndpointFailing => "webhook.endpoint_failing",
        }
    }
}

/// A partner's endpoint for events, with its signing secret and delivery record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhook {
    pub id: WebhookId,
    pub partner_id: PartnerId,
    pub url: String,
    pub events: Vec<EventType>,
    pub description: Option<String>,
    pub enabled: bool,
    /// Why deliveries stopped, when `enabled` is false.
    pub disabled_reason: Option<String>,
    /// `whsec_` + base64 of the HMAC key. Shown once, at creation or rotation.
    pub secret: String,
    /// The secret before the last rotation, which signs beside `secret` until
    /// `previous_secret_expires_at` ([`SECRET_OVERLAP`] after the rotation).
    #[serde(default)]
    pub previous_secret: Option<String>,
    #[serde(default)]
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// When deliveries stopped, when `enabled` is false.
    #[serde(default)]
    pub disabled_at: Option<DateTime<Utc>>,
    /// When the attempts began failing without a success since.
    #[serde(default)]
    pub failing_since: Option<DateTime<Utc>>,
    /// Whether `webhook.endpoint_failing` was emitted for the current failing spell.
    #[serde(default)]
    pub failing_reported: bool,
    #[serde(default)]
    pub stats: DeliveryStats,
    /// The latest attempts, newest first.
    #[serde(default)]
    pub recent_attempts: Vec<DeliveryAttempt>,
}

impl Webhook {
    /// A new webhook of `partner`, enabled, with no delivery yet.
    pub fn new(
        partner_id: PartnerId,
        url: String,
        events: Vec<EventType>,
        description: Option<String>,
        secret: String,
        created_at: DateTime<Utc>,
    ) -> Self {
        Self {
            id: WebhookId::new(),
            partner_id,
            url,
            events,
            description,
            enabled: true,
            disabled_reason: None,
            secret,
            previous_secret: None,
            previous_secret_expires_at: None,
            created_at,
            disabled_at: None,
            failing_since: None,
            failing_reported: false,
            stats: DeliveryStats::default(),
            recent_attempts: Vec::new(),
        }
    }

    /// The secrets that sign a delivery made at `now`: the current one, then the one it
    /// replaced while their overlap lasts.
    pub fn signing_secrets(&self, now: DateTime<Utc>) -> Vec<&str> {
        let previous = self.previous_secret.as_deref().filter(|_| {
            self.previous_secret_expires_at
                .is_some_and(|until| now < until)
        });
        std::iter::once(self.secret.as_str())
            .chain(previous)
            .collect()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryStats {
    pub attempts: u64,
    pub delivered: u64,
    /// Deliveries abandoned after their last attempt.
    pub failed: u64,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_delivered_at: Option<DateTime<Utc>>,
}

/// What one delivery attempt led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptOutcome {
    Delivered,
    /// Failed; another attempt is scheduled.
    Retrying,
    /// Failed for the last time.
    Failed,
    /// The endpoint answered 410 Gone: the webhook is disabled.
    Disabled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryAttempt {
    /// The `webhook-id` header: the same for every attempt of one delivery.
    pub delivery_id: String,
    pub event_type: EventType,
    pub attempt: u32,
    pub at: DateTime<Utc>,
    pub outcome: AttemptOutcome,
    /// The endpoint's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why the attempt failed without a status (timeout, refused address, …).
    pub error: Option<String>,
    pub duration_ms: u64,
}

#[cfg(test)]
mod held_keys_tests;
