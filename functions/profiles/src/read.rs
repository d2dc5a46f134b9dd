use crate::Service;
use lambda_http::http::StatusCode;
use shared::domain::model::PartnerId;
use shared::domain::model::ProfileId;
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::route::Call;

use crate::view::reply;

/// `GET /api/v1/profiles/{id}/`, with `ETag: "<version>"`.
///
/// 1 DynamoDB round trip: a strongly consistent `GetItem` under the partner's key, so
/// another partner's id is simply not found.
pub async fn read(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let id: ProfileId = call.id("profile_id")?;
    let profile = service
        .store
        .get_profile(partner, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    reply(StatusCode::OK, &profile)
}
