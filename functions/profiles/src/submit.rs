use crate::Service;
use chrono::Utc;
use lambda_http::http::StatusCode;
use shared::domain::attributes::today;
use shared::domain::model::PartnerId;
use shared::domain::model::{ProfileId, ProfileStatus};
use shared::edge::envelope::Reply;
use shared::edge::error::{ApiError, ConflictReason, Validation};
use shared::edge::idempotency::Idempotency;
use shared::edge::request::{if_match, no_body};
use shared::edge::route::Call;
use shared::store::StoreError;

use crate::view::reply;

/// Attempts when another change lands between the read and the write.
const ATTEMPTS: usize = 3;

/// `POST /api/v1/profiles/{id}/submit/`: freezes the current version as an immutable
/// snapshot (what analyses read) and marks the profile `submitted`. 422
/// `profile_incomplete` lists every missing or invalid attribute at once. Submitting a
/// version already submitted answers it again.
///
/// 2 DynamoDB round trips: `GetItem` (the attributes to check), then one
/// `TransactWriteItems` conditioned on the version read (profile, snapshot, idempotency
/// record). Checking needs the attributes, so it cannot be a single write.
pub async fn submit(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let request = call.request;
    let id: ProfileId = call.id("profile_id")?;
    let expected = if_match(request)?;
    let idempotency = Idempotency::from_request(request)?;
    no_body(request)?;
    for _ in 0..ATTEMPTS {
        let profile = service
            .store
            .get_profile(partner, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        if expected.is_some_and(|version| version != profile.version) {
            return Err(ApiError::PreconditionFailed);
        }
        if profile.status == ProfileStatus::Submitted
            && profile.submitted_version == Some(profile.version)
        {
            return reply(StatusCode::OK, &profile);
        }
        let problems = profile.attributes.submission_problems(today());
        if !problems.is_empty() {
            return Err(ApiError::Validation {
                kind: Validation::ProfileIncomplete,
                details: problems,
            });
        }
        let now = Utc::now();
        let submitted = profile.submitted(
            now,
            idempotency
                .as_ref()
                .map(|kept| (kept.key.as_str(), Idempotency::expires_at(now))),
        );
        let record = idempotency
            .as_ref()
            .map(|kept| {
                reply(StatusCode::OK, &submitted)
                    .map(|answer| kept.record(partner, &answer, Some(id), now))
            })
            .transpose()?;
        match service
            .store
            .submit_profile(&profile, now, record.as_ref())
            .await
        {
            Ok(stored) => return reply(StatusCode::OK, &stored),
            Err(StoreError::IdempotencyKeyTaken) => {
                if let Some(kept) = &idempotency {
                    return kept.replay(service.store.as_ref(), partner).await;
                }
            }
            Err(StoreError::VersionMismatch | StoreError::AlreadyExists) if expected.is_none() => {}
            Err(StoreError::VersionMismatch | StoreError::AlreadyExists) => {
                return Err(ApiError::PreconditionFailed);
            }
            Err(error) => return Err(error.into()),
        }
    }
    Err(ApiError::conflict(ConflictReason::ProfileKeepsChanging))
}
