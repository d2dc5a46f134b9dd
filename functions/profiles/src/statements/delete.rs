use chrono::Utc;
use shared::domain::model::{PartnerId, ProfileId, StatementId};
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::route::Call;

use crate::Service;

/// `DELETE /api/v1/profiles/{id}/bank-statements/{statement_id}/` -> 204: the statement
/// is gone (a submitted snapshot keeps its copy until the profile is erased), and the
/// profile's version bumps, a submitted profile going back to draft.
///
/// 2 DynamoDB round trips: `GetItem` of the profile, then one `TransactWriteItems` of the
/// profile and the deletion of the document's parts; both again when another write to the
/// profile landed in between.
pub async fn delete_statement(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let profile: ProfileId = call.id("profile_id")?;
    let id: StatementId = call.id("statement_id")?;
    service
        .store
        .delete_statement(partner, profile, id, Utc::now())
        .await?;
    Ok(Reply::no_content())
}
