use crate::Service;
use shared::domain::model::PartnerId;
use shared::domain::model::ProfileId;
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::route::Call;

/// `DELETE /api/v1/profiles/{id}/`: erasure (GDPR art. 17). The profile, its submitted
/// snapshots, its reference and the idempotency records holding its data are deleted;
/// the id then answers 404 and the reference is free again.
///
/// 3 DynamoDB round trips: `GetItem` (what the profile holds), `Query` (its snapshots),
/// `TransactWriteItems` (every deletion, the profile last; one more per 100 items).
pub async fn delete(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let id: ProfileId = call.id("profile_id")?;
    service.store.delete_profile(partner, id).await?;
    Ok(Reply::no_content())
}
