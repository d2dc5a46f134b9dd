//! `POST /api/v1/analyses/{id}/reviews/`: a partner's agent records a decision of their
//! own on a completed analysis (DESIGN §12). The latest review's decision stands; the
//! model's `result` never changes.

use std::time::Duration;

use chrono::{DateTime, Utc};
use scoring::Decision;
use serde::{Deserialize, Serialize};
use shared::domain::model::{AnalysisId, AnalysisStatus, PartnerId};
use shared::domain::review::{
    MAX_CONSUMER_STATEMENT_CHARS, MAX_JUSTIFICATION_CHARS, MAX_REVIEWER_CHARS, MAX_REVIEWS, Review,
    ReviewId,
};
use shared::edge::envelope::Reply;
use shared::edge::error::{ApiError, ConflictReason, Detail, Problem};
use shared::edge::idempotency::Idempotency;
use shared::edge::request::json_body;
use shared::edge::route::Call;
use shared::edge::serve::error_chain;
use shared::store::{Queuing, StoreError};

use crate::{Service, partners_analysis};

/// The decisions a review may take, as the body spells them.
const DECISIONS: &[&str] = &["favorable", "review", "unfavorable"];

/// A review as partners see it, free text included: on its creation and in its
/// analysis's `reviews`.
#[derive(Debug, Serialize)]
pub struct ReviewView<'a> {
    pub id: ReviewId,
    pub analysis_id: AnalysisId,
    pub reviewer: &'a str,
    pub decision: Decision,
    pub justification: &'a str,
    pub consumer_statement: Option<&'a str>,
    pub created_at: DateTime<Utc>,
}

impl<'a> ReviewView<'a> {
    pub fn new(analysis_id: AnalysisId, review: &'a Review) -> Self {
        Self {
            id: review.id,
            analysis_id,
            reviewer: &review.reviewer,
            decision: review.decision,
            justification: &review.justification,
            consumer_statement: review.consumer_statement.as_deref(),
            created_at: review.created_at,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateReview {
    reviewer: String,
    decision: String,
    justification: String,
    #[serde(default)]
    consumer_statement: Option<String>,
}

/// A review's parts, checked: each problem found, with its pointer, otherwise.
struct ReviewInput {
    reviewer: String,
    decision: Decision,
    justification: String,
    consumer_statement: Option<String>,
}

impl CreateReview {
    /// Lengths are counted in characters; `reviewer` and `justification` must say
    /// something.
    fn parse(self) -> Result<ReviewInput, Vec<Detail>> {
        let mut problems = Vec::new();
        let mut text = |pointer: &str, value: &str, max: usize, required: bool| {
            if required && value.trim().is_empty() {
                problems.push(Detail::new(pointer, Problem::BlankText));
            } else if value.chars().count() > max {
                problems.push(Detail::new(pointer, Problem::TooManyCharacters(max)));
            }
        };
        text("/reviewer", &self.reviewer, MAX_REVIEWER_CHARS, true);
        text(
            "/justification",
            &self.justification,
            MAX_JUSTIFICATION_CHARS,
            true,
        );
        if let Some(statement) = &self.consumer_statement {
            text(
                "/consumer_statement",
                statement,
                MAX_CONSUMER_STATEMENT_CHARS,
                false,
            );
        }
        let decision = decision(&self.decision);
        if decision.is_none() {
            problems.push(Detail::new("/decision", Problem::OneOf(DECISIONS)));
        }
        match decision {
            Some(decision) if problems.is_empty() => Ok(ReviewInput {
                reviewer: self.reviewer,
                decision,
                justification: self.justification,
                consumer_statement: self.consumer_statement,
            }),
            _ => Err(problems),
        }
    }
}

fn decision(text: &str) -> Option<Decision> {
    DECISIONS
        .contains(&text)
        .then(|| serde_json::from_value(text.into()).ok())
        .flatten()
}

/// `POST /api/v1/analyses/{id}/reviews/`: 201 with the review. 404 for an analysis that
/// is not the partner's; 409 `analysis_not_completed` while it is `pending` or once it
/// `failed`, `review_limit_reached` when it holds 10 reviews; 422 for a body that breaks
/// the schema, each problem with its pointer. With `Idempotency-Key`, one review per key.
///
/// 2 DynamoDB round trips (`GetItem` of the analysis, then one `TransactWriteItems`: the
/// idempotency record, the profile's revision, the analysis's copy and record, conditioned
/// on the analysis being completed and holding fewer than 10 reviews) and 1 SQS
/// `SendMessage`: the analysis's own message again, for the `analysis-worker` to queue
/// the review's `analysis.reviewed` (its crate documentation says how). A replay costs the
/// attempt plus 1 `GetItem` of the record. If the message cannot be queued, the review is
/// removed again (1 `GetItem`, 1 `TransactWriteItems`) and the partner gets a 503 to
/// retry. If this stops between the write and the send (a timeout, a lost container),
/// the review stays and the `analysis-sweeper` queues the message within minutes: the
/// write put the analysis in the index of waiting analyses. On the embedded store the
/// message is queued in the review's own transaction.
pub async fn create(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let request = call.request;
    let idempotency = Idempotency::from_request(request)?;
    let body: CreateReview = json_body(request)?;
    let input = body.parse().map_err(ApiError::validation)?;
    let analysis = partners_analysis(service, partner, &call).await?;
    match analysis.status {
        AnalysisStatus::Completed => {}
        AnalysisStatus::Pending => {
            return Err(ApiError::conflict(ConflictReason::ReviewBeforeCompletion));
        }
        AnalysisStatus::Failed => {
            return Err(ApiError::conflict(ConflictReason::ReviewOfFailedAnalysis));
        }
    }
    let now = Utc::now();
    let review = Review::new(
        input.reviewer,
        input.decision,
        input.justification,
        input.consumer_statement,
        now,
        idempotency.as_ref().map(|kept| kept.key.clone()),
    );
    let created = Reply::created(&ReviewView::new(analysis.id, &review))?;
    let record = idempotency
        .as_ref()
        .map(|kept| kept.record(partner, &created, Some(analysis.profile_id), now));
    match (
        service
            .store
            .add_review(&analysis, &review, record.as_ref(), MAX_REVIEWS)
            .await,
        &idempotency,
    ) {
        (Ok(Queuing::Queued), _) => return Ok(created),
        (Ok(Queuing::ToSend), _) => {}
        (Err(StoreError::IdempotencyKeyTaken), Some(kept)) => {
            return kept.replay(service.store.as_ref(), partner).await;
        }
        (Err(StoreError::LimitReached), _) => {
            return Err(ApiError::conflict(ConflictReason::ReviewLimitReached));
        }
        (Err(error), _) => return Err(error.into()),
    }
    let message = serde_json::to_string(&analysis.request()).map_err(ApiError::internal)?;
    let Err(error) = service.analysis_queue.send(&message, Duration::ZERO).await else {
        return Ok(created);
    };
    match service.store.discard_review(&analysis, &review).await {
        Ok(()) => Err(error.into()),
        // Another message of the analysis came first: the review's event leaves with it.
        Err(StoreError::Conflict) => Ok(created),
        Err(cleanup) => {
            tracing::error!(analysis_id = %analysis.id, review_id = %review.id, error = %error_chain(&cleanup), "an unqueued review could not be removed");
            Err(error.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_decision_spelled_parses_and_nothing_else() {
        let parsed: Vec<Option<Decision>> = DECISIONS.iter().map(|text| decision(text)).collect();
        assert_eq!(
            parsed,
            [
                Some(Decision::Favorable),
                Some(Decision::Review),
                Some(Decision::Unfavorable)
            ]
        );
        for refused in ["Favorable", "", "approved", " review"] {
            assert_eq!(decision(refused), None, "{refused:?}");
        }
    }
}
