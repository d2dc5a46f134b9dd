use chrono::Utc;
use lambda_http::http::header::LOCATION;
use lambda_http::http::{HeaderValue, StatusCode};
use shared::domain::attributes::today;
use shared::domain::model::{PartnerId, ProfileId};
use shared::domain::statements::StoredStatement;
use shared::edge::envelope::Reply;
use shared::edge::error::{ApiError, ConflictReason, Detail, Problem, Validation};
use shared::edge::idempotency::Idempotency;
use shared::edge::request::json_body;
use shared::edge::route::Call;
use shared::store::StoreError;

use super::SummaryView;
use crate::Service;

/// The largest statement document: 2 MiB, on this route only.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// `POST /api/v1/profiles/{id}/bank-statements/`: a statement in `native`, `stet` or
/// `berlin_group` format, read and checked whole (every problem a 422 detail with a
/// JSON pointer into the document; another currency than EUR 422
/// `unsupported_currency`), then attached to the profile, whose version it bumps (a
/// submitted profile goes back to draft). `Idempotency-Key` honoured.
///
/// 2 DynamoDB round trips: `GetItem` of the profile, then one `TransactWriteItems` of
/// the profile, the document in parts of 300 kB and the idempotency record. A replay
/// costs 1 `GetItem` of the record more; the two again when another write to the
/// profile landed in between.
pub async fn upload_statement(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let request = call.request;
    let profile_id: ProfileId = call.id("profile_id")?;
    let idempotency = Idempotency::from_request(request)?;
    let body: serde_json::Value = json_body(request)?;
    let statement = bank::parse_statement(&body, today()).map_err(refusal)?;

    let now = Utc::now();
    let stored = StoredStatement::new(profile_id, statement, now);
    let json = stored.to_json().map_err(ApiError::internal)?;
    let location = HeaderValue::from_str(&format!(
        "/api/v1/profiles/{profile_id}/bank-statements/{}/",
        stored.id
    ))
    .map_err(ApiError::internal)?;
    let created = Reply::with_status(StatusCode::CREATED, &SummaryView::stored(&stored))?
        .header(LOCATION, location);
    let record = idempotency
        .as_ref()
        .map(|kept| kept.record(partner, &created, Some(profile_id), now));
    match (
        service
            .store
            .add_statement(partner, &stored, &json, record.as_ref(), now)
            .await,
        &idempotency,
    ) {
        (Ok(_), _) => Ok(created),
        (Err(StoreError::IdempotencyKeyTaken), Some(kept)) => {
            kept.replay(service.store.as_ref(), partner).await
        }
        (Err(StoreError::LimitReached), _) => {
            Err(ApiError::conflict(ConflictReason::StatementLimitReached))
        }
        (Err(error), _) => Err(error.into()),
    }
}

/// The 422 for a document the `bank` crate refused.
fn refusal(problems: bank::Problems) -> ApiError {
    let kind = if problems.has_unsupported_currency() {
        Validation::UnsupportedCurrency
    } else {
        Validation::Invalid
    };
    let details = problems
        .problems
        .into_iter()
        .map(|problem| {
            Detail::new(
                problem.pointer,
                Problem::Statement(problem.code, problem.message),
            )
        })
        .collect();
    ApiError::Validation { kind, details }
}
