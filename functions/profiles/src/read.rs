use lambda_http::Request;
use lambda_http::http::StatusCode;
use shared::app::App;
use shared::domain::model::ProfileId;
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;

use crate::view::reply;

/// `GET /api/v1/profiles/{id}/`, with `ETag: "<version>"`.
///
/// 1 DynamoDB round trip: a strongly consistent `GetItem` under the partner's key, so
/// another partner's id is simply not found.
pub async fn read(app: &App, request: &Request, id: ProfileId) -> Result<Reply, ApiError> {
    let partner = app.authenticate(request)?;
    let profile = app
        .store
        .get_profile(partner, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    reply(StatusCode::OK, &profile)
}
