use crate::Service;
use chrono::Utc;
use lambda_http::http::StatusCode;
use shared::domain::attributes::{Attributes, today};
use shared::domain::model::PartnerId;
use shared::domain::model::{ProfileId, ProfilePatch};
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::request::{if_match, json_body};
use shared::edge::route::Call;

use crate::input::{PatchProfile, reference};
use crate::view::reply;

/// `PATCH /api/v1/profiles/{id}/`: a JSON merge patch of `attributes` (`null` removes)
/// and `reference`; bumps the version and returns a submitted profile to draft.
/// `If-Match: "<version>"` makes it conditional (412 when the profile has moved on).
///
/// 1 DynamoDB round trip: one conditional `UpdateItem` that sets and removes the
/// attributes in place, so concurrent patches compose and none is lost. Changing the
/// reference costs 2 (`GetItem`, then a `TransactWriteItems` moving the claim).
pub async fn patch(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let request = call.request;
    let id: ProfileId = call.id("profile_id")?;
    let expected = if_match(request)?;
    let body: PatchProfile = json_body(request)?;
    let mut problems = Vec::new();
    if let Some(Some(Err(problem))) = body
        .reference
        .as_ref()
        .map(|given| given.as_deref().map(reference))
    {
        problems.push(problem);
    }
    let (set, remove) =
        Attributes::parse_patch(&body.attributes, today()).unwrap_or_else(|mut found| {
            problems.append(&mut found);
            Default::default()
        });
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let change = ProfilePatch {
        set,
        remove,
        reference: body.reference,
    };
    let profile = service
        .store
        .patch_profile(partner, id, &change, expected, Utc::now())
        .await?;
    reply(StatusCode::OK, &profile)
}
