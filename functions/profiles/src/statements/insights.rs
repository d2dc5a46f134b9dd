use shared::domain::model::{PartnerId, ProfileId};
use shared::edge::envelope::Reply;
use shared::edge::error::{ApiError, ConflictReason};
use shared::edge::route::Call;

use crate::Service;

/// `GET /api/v1/profiles/{id}/bank-insights/`: the insights of DESIGN §10 for the
/// profile's current statements (no analysis needed); 409 `no_bank_statements` when the
/// profile holds none, 404 when there is no such profile.
///
/// 1 DynamoDB round trip: a `Query` of the parts of the profile's statements (one more
/// per 1 MB); when it finds none, a `GetItem` of the profile tells 404 from 409.
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
    match bank::insights(&statements) {
        Some(insights) => Reply::ok(&insights),
        None => match service.store.get_profile(partner, profile).await? {
            Some(_) => Err(ApiError::conflict(ConflictReason::NoBankStatements)),
            None => Err(ApiError::NotFound),
        },
    }
}
