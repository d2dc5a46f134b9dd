//! The `analyses` function: request an analysis of a submitted profile, read one, list
//! a profile's analyses, record a human review of one ([`reviews`]), give its signed
//! decision record. The work itself is
//! queued for the `analysis-worker`.
//!
//! Its routes are [`ROUTES`], each naming its handler.

mod explanation;
mod record;
pub mod reviews;

use std::time::Duration;

use chrono::{DateTime, Utc};
use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use locale::Language;
use reviews::ReviewView;
use scoring::{Decision, LocalizedResult};
use serde::Serialize;
use shared::domain::model::{
    Analysis, AnalysisId, AnalysisStatus, PartnerId, ProfileId, ProfileStatus,
};
use shared::domain::review::DecidedBy;
use shared::edge::cursor::Cursors;
use shared::edge::envelope::Reply;
use shared::edge::error::{ApiError, ConflictReason};
use shared::edge::idempotency::Idempotency;
use shared::edge::pagination::PageRequest;
use shared::edge::record_signer::RecordSigner;
use shared::edge::request::{no_body, query_parameters};
use shared::edge::route::{Call, Route};
use shared::edge::serve::{Authenticates, error_chain, serve};
use shared::jwt::TokenVerifier;
use shared::queue::Queue;
use shared::store::Store;
use shared::store::{Queuing, StoreError};
use std::sync::Arc;

pub static ROUTES: &[Route<Service>] = &[
    Route::partner(
        Method::POST,
        "/api/v1/profiles/{profile_id}/analyses/",
        "requestAnalysis",
        |s, p, c| Box::pin(request(s, p, c)),
    ),
    Route::partner(
        Method::GET,
        "/api/v1/profiles/{profile_id}/analyses/",
        "listProfileAnalyses",
        |s, p, c| Box::pin(list(s, p, c)),
    ),
    Route::partner(
        Method::GET,
        "/api/v1/analyses/{analysis_id}/",
        "getAnalysis",
        |s, p, c| Box::pin(read(s, p, c)),
    ),
    Route::partner(
        Method::GET,
        "/api/v1/analyses/{analysis_id}/explanation/",
        "getAnalysisExplanation",
        |s, p, c| Box::pin(explanation::read(s, p, c)),
    ),
    Route::partner(
        Method::GET,
        "/api/v1/analyses/{analysis_id}/record/",
        "getDecisionRecord",
        |s, p, c| Box::pin(record::read(s, p, c)),
    ),
    Route::partner(
        Method::POST,
        "/api/v1/analyses/{analysis_id}/reviews/",
        "createReview",
        |s, p, c| Box::pin(reviews::create(s, p, c)),
    ),
];

/// What the `analyses` function needs: the store, the tokens it accepts, the cursors of
/// its list, the queue analyses are sent to, and the signer of decision records.
pub struct Service {
    pub store: Arc<dyn Store>,
    pub tokens: TokenVerifier,
    pub cursors: Cursors,
    pub analysis_queue: Arc<dyn Queue>,
    pub records: RecordSigner,
}

impl Authenticates for Service {
    fn access_tokens(&self) -> &TokenVerifier {
        &self.tokens
    }
}

pub async fn handle(service: &Service, request: Request) -> Response<Body> {
    serve(service, ROUTES, request).await
}

/// An analysis as partners see it; `result` once completed, `failure_reason` once failed.
/// `result` is the model's and never changes; `final_decision` is the latest review's
/// decision, else the model's, and `decided_by` says which.
#[derive(Debug, Serialize)]
pub struct AnalysisView<'a> {
    pub id: AnalysisId,
    pub profile_id: ProfileId,
    pub profile_version: u32,
    pub status: AnalysisStatus,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub result: Option<LocalizedResult<'a>>,
    pub failure_reason: Option<&'a str>,
    pub final_decision: Option<Decision>,
    pub decided_by: Option<DecidedBy>,
    /// Oldest first.
    pub reviews: Vec<ReviewView<'a>>,
}

impl<'a> AnalysisView<'a> {
    /// The analysis with its result's messages in `language`.
    pub fn new(analysis: &'a Analysis, language: Language) -> Self {
        Self {
            id: analysis.id,
            profile_id: analysis.profile_id,
            profile_version: analysis.profile_version,
            status: analysis.status,
            created_at: analysis.created_at,
            completed_at: analysis.completed_at,
            result: analysis
                .result
                .as_ref()
                .map(|result| result.localized(language)),
            failure_reason: analysis.failure_reason.as_deref(),
            final_decision: analysis.final_decision(),
            decided_by: analysis.decided_by(),
            reviews: analysis
                .reviews
                .iter()
                .map(|review| ReviewView::new(analysis.id, review))
                .collect(),
        }
    }
}

fn not_submitted() -> ApiError {
    ApiError::conflict(ConflictReason::ProfileNotSubmitted)
}

/// 409 `analysis_not_completed` for an analysis in `status` that has no decision: still
/// pending, or failed.
fn no_decision_yet(status: AnalysisStatus) -> ApiError {
    ApiError::conflict(match status {
        AnalysisStatus::Failed => ConflictReason::AnalysisFailed,
        _ => ConflictReason::AnalysisPending,
    })
}

/// `POST /api/v1/profiles/{id}/analyses/`: 202 with the pending analysis of the
/// profile's submitted version; the worker completes it. 409 `profile_not_submitted`
/// for a draft. With `Idempotency-Key`, one analysis and one message per key.
///
/// 2 DynamoDB round trips (`GetItem` of the profile, then one `TransactWriteItems`
/// conditioned on the profile still being submitted at that version) and 1 SQS
/// `SendMessage` carrying ids only. If the message cannot be queued, the analysis is
/// removed again and the partner gets a 503 to retry; if this stops before either (a
/// timeout, a lost container), the `analysis-sweeper` queues it again within minutes:
/// no analysis waits forever. On the embedded store the message is queued in the
/// analysis's own transaction, and nothing is sent after it.
pub async fn request(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let request = call.request;
    let profile_id: ProfileId = call.id("profile_id")?;
    let idempotency = Idempotency::from_request(request)?;
    no_body(request)?;
    let profile = service
        .store
        .get_profile(partner, profile_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let version = match (profile.status, profile.submitted_version) {
        (ProfileStatus::Submitted, Some(version)) => version,
        _ => return Err(not_submitted()),
    };
    let now = Utc::now();
    let mut analysis = Analysis::pending(partner, profile_id, version, now);
    analysis.idempotency_key = idempotency.as_ref().map(|kept| kept.key.clone());
    analysis.api_key_id = call.api_key().cloned();
    let accepted = Reply::accepted(&AnalysisView::new(&analysis, call.language))?;
    let record = idempotency
        .as_ref()
        .map(|kept| kept.record(partner, &accepted, Some(profile_id), now));
    match (
        service
            .store
            .create_analysis(&analysis, record.as_ref())
            .await,
        &idempotency,
    ) {
        (Ok(Queuing::Queued), _) => return Ok(accepted),
        (Ok(Queuing::ToSend), _) => {}
        (Err(StoreError::IdempotencyKeyTaken), Some(kept)) => {
            return kept.replay(service.store.as_ref(), partner).await;
        }
        (Err(StoreError::VersionMismatch), _) => return Err(not_submitted()),
        (Err(error), _) => return Err(error.into()),
    }
    let message = serde_json::to_string(&analysis.request()).map_err(ApiError::internal)?;
    if let Err(error) = service.analysis_queue.send(&message, Duration::ZERO).await {
        if let Err(cleanup) = service.store.discard_analysis(&analysis).await {
            tracing::error!(analysis_id = %analysis.id, error = %error_chain(&cleanup), "an unqueued analysis could not be removed");
        }
        return Err(error.into());
    }
    Ok(accepted)
}

/// `GET /api/v1/analyses/{id}/`. 1 DynamoDB round trip: `GetItem` under the partner's key.
pub async fn read(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let analysis = partners_analysis(service, partner, &call).await?;
    Reply::ok(&AnalysisView::new(&analysis, call.language))
}

/// The analysis the path's `analysis_id` names, if it is `partner`'s (404 otherwise):
/// one `GetItem` under the partner's key.
async fn partners_analysis(
    service: &Service,
    partner: PartnerId,
    call: &Call<'_>,
) -> Result<Analysis, ApiError> {
    let id: AnalysisId = call.id("analysis_id")?;
    service
        .store
        .get_analysis(partner, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// `GET /api/v1/profiles/{id}/analyses/?limit=&cursor=`: the profile's analyses, oldest
/// first. 2 DynamoDB round trips: `GetItem` of the profile (404 when it is not the
/// partner's), `Query` of its analyses.
pub async fn list(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let request = call.request;
    let profile_id: ProfileId = call.id("profile_id")?;
    let parameters = query_parameters(request, &["limit", "cursor"])?;
    let scope = format!("analyses?profile={profile_id}");
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
        .get_profile(partner, profile_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let page = service
        .store
        .list_analyses(
            partner,
            profile_id,
            page_request.after.as_deref(),
            page_request.limit,
        )
        .await?;
    let views: Vec<AnalysisView> = page
        .items
        .iter()
        .map(|analysis| AnalysisView::new(analysis, call.language))
        .collect();
    page_request.reply(&page, &views).await
}
