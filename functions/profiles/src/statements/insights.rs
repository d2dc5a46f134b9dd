use shared::domain::model::{PartnerId, ProfileId};
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::route::Call;

use crate::Service;

/// `GET /api/v1/profiles/{id}/bank-insights/`: the insights of DESIGN §10 for the
/// profile's current statements (no analysis needed); 404 when the profile has none,
/// since there is nothing to read then.
///
/// 1 DynamoDB round trip: a `Query` of the parts of the profile's statements (one more
/// per 1 MB).
pub async fn insights(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let profile: ProfileId = call.id("profile_id")?;
    let statements: Vec<bank::Statement> = service
        .store
        .profile_statements(partner, profile)
        .await?
        .into_iter()
        .map(|stored| stored.statement)
        .collect();
    let insights = bank::insights(&statements).ok_or(ApiError::NotFound)?;
    Reply::ok(&insights)
}
