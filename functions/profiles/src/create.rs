use crate::Service;
use chrono::Utc;
use lambda_http::http::header::LOCATION;
use lambda_http::http::{HeaderValue, StatusCode};
use shared::domain::attributes::{Attributes, today};
use shared::domain::model::PartnerId;
use shared::domain::model::Profile;
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::idempotency::Idempotency;
use shared::edge::request::json_body;
use shared::edge::route::Call;
use shared::store::StoreError;

use crate::input::{CreateProfile, reference};
use crate::view::reply;

/// `POST /api/v1/profiles/`: a new draft, version 1.
///
/// 1 DynamoDB round trip: one `TransactWriteItems` puts the profile, claims its
/// reference and records the response for the `Idempotency-Key`. A replay costs that
/// attempt plus 1 `GetItem` of the record.
pub async fn create(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let request = call.request;
    let idempotency = Idempotency::from_request(request)?;
    let body: CreateProfile = json_body(request)?;
    let mut problems = Vec::new();
    if let Some(Err(problem)) = body.reference.as_deref().map(reference) {
        problems.push(problem);
    }
    let attributes = Attributes::parse(&body.attributes, today()).unwrap_or_else(|mut found| {
        problems.append(&mut found);
        Attributes::default()
    });
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }

    let now = Utc::now();
    let mut profile = Profile::draft(partner, body.reference, attributes, now);
    if let Some(kept) = &idempotency {
        profile.hold_idempotency_key(&kept.key, Idempotency::expires_at(now), now);
    }
    let location = HeaderValue::from_str(&format!("/api/v1/profiles/{}/", profile.id))
        .map_err(ApiError::internal)?;
    let created = reply(StatusCode::CREATED, &profile)?.header(LOCATION, location);
    let record = idempotency
        .as_ref()
        .map(|kept| kept.record(partner, &created, Some(profile.id), now));
    match (
        service
            .store
            .create_profile(&profile, record.as_ref())
            .await,
        &idempotency,
    ) {
        (Ok(()), _) => Ok(created),
        (Err(StoreError::IdempotencyKeyTaken), Some(kept)) => {
            kept.replay(service.store.as_ref(), partner).await
        }
        (Err(error), _) => Err(error.into()),
    }
}
