//! Human reviews of a completed analysis (DESIGN §12): a partner's agent records a
//! decision of their own and why; the latest review's decision is the one that stands.
//! The model's `result` never changes, and reviews are only ever appended.

use chrono::{DateTime, Utc};
use scoring::Decision;
use serde::{Deserialize, Serialize};

use crate::domain::model::{Analysis, AnalysisStatus, WebhookId, uuid_id};

uuid_id!(
    /// A review's id.
    ReviewId
);

/// Most reviews one analysis keeps.
pub const MAX_REVIEWS: usize = 10;
/// Longest `reviewer`, in characters.
pub const MAX_REVIEWER_CHARS: usize = 64;
/// Longest `justification`, in characters.
pub const MAX_JUSTIFICATION_CHARS: usize = 2000;
/// Longest `consumer_statement`, in characters.
pub const MAX_CONSUMER_STATEMENT_CHARS: usize = 4000;

/// A human review of an analysis. `reviewer`, `justification` and `consumer_statement`
/// are free text, possibly personal: they are shown to the partner that wrote them and
/// erased with the profile, never sent to webhooks or logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub id: ReviewId,
    /// The partner's own id for the agent who reviewed.
    pub reviewer: String,
    pub decision: Decision,
    pub justification: String,
    /// What the consumer had to say, when the partner recorded it.
    pub consumer_statement: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The `Idempotency-Key` it was recorded with, whose record holds it: erased with it.
    #[serde(default)]
    pub idempotency_key: Option<String>,
    /// Whether its `analysis.reviewed` event was queued for the partner's webhooks: as
    /// [`Analysis::notified`], for this review's event.
    #[serde(default)]
    pub notified: bool,
    /// As [`Analysis::notifying_since`], for this review's event.
    #[serde(default)]
    pub notifying_since: Option<DateTime<Utc>>,
    /// As [`Analysis::notified_webhooks`], for this review's event.
    #[serde(default)]
    pub notified_webhooks: Vec<WebhookId>,
}

impl Review {
    /// A review recorded at `created_at`, its event not queued yet.
    pub fn new(
        reviewer: String,
        decision: Decision,
        justification: String,
        consumer_statement: Option<String>,
        created_at: DateTime<Utc>,
        idempotency_key: Option<String>,
    ) -> Self {
        Self {
            id: ReviewId::new(),
            reviewer,
            decision,
            justification,
            consumer_statement,
            created_at,
            idempotency_key,
            notified: false,
            notifying_since: None,
            notified_webhooks: Vec::new(),
        }
    }
}

/// Who made the decision that stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    Model,
    Human,
}

impl Analysis {
    /// The decision that stands: the latest review's, else the model's; `None` while the
    /// analysis has no result.
    pub fn final_decision(&self) -> Option<Decision> {
        match self.reviews.last() {
            Some(review) => Some(review.decision),
            None => self.result.as_ref().map(|result| result.decision),
        }
    }

    /// Who made [`Self::final_decision`]; `None` while there is none.
    pub fn decided_by(&self) -> Option<DecidedBy> {
        if !self.reviews.is_empty() {
            Some(DecidedBy::Human)
        } else {
            self.result.as_ref().map(|_| DecidedBy::Model)
        }
    }

    /// Whether a review may be added: the analysis is completed.
    pub fn is_reviewable(&self) -> bool {
        self.status == AnalysisStatus::Completed
    }

    pub fn review(&self, id: ReviewId) -> Option<&Review> {
        self.reviews.iter().find(|review| review.id == id)
    }

    /// The `Idempotency-Key`s whose records hold this analysis's data: its request's and
    /// its reviews'. Erasure deletes their records with it.
    pub fn idempotency_keys(&self) -> impl Iterator<Item = &str> {
        self.idempotency_key.as_deref().into_iter().chain(
            self.reviews
                .iter()
                .filter_map(|review| review.idempotency_key.as_deref()),
        )
    }
}
