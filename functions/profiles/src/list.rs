use crate::Service;
use shared::domain::model::PartnerId;
use shared::domain::model::{ProfileFilter, ProfileStatus};
use shared::edge::envelope::Reply;
use shared::edge::error::{ApiError, Problem};
use shared::edge::pagination::PageRequest;
use shared::edge::request::query_parameters;
use shared::edge::route::Call;

use crate::input::reference as parse_reference;
use crate::view::ProfileView;

/// `GET /api/v1/profiles/?limit=&cursor=&status=&reference=`: the partner's profiles,
/// oldest first, a page at a time; a page holds `limit` profiles unless it is the last,
/// and `meta.next_cursor` leads to the next one (`null` on the last).
///
/// DynamoDB round trips, whatever the partner's size: a page is 1 `Query` of the
/// partner's profiles, or with `status` of the index of profiles by status; with
/// `reference`, 2 `GetItem`: the reference's claim, then the profile it names.
pub async fn list(
    service: &Service,
    partner: PartnerId,
    call: Call<'_>,
) -> Result<Reply, ApiError> {
    let request = call.request;
    let parameters = query_parameters(request, &["limit", "cursor", "status", "reference"])?;
    let get = |name: &str| parameters.get(name);
    let status = match get("status") {
        None => None,
        Some("draft") => Some(ProfileStatus::Draft),
        Some("submitted") => Some(ProfileStatus::Submitted),
        Some(_) => {
            return Err(ApiError::invalid_request("status", Problem::StatusFilter));
        }
    };
    let reference = get("reference").map(str::to_owned);
    if let Some(reference) = &reference {
        parse_reference(reference)
            .map_err(|detail| ApiError::invalid_request("reference", detail.problem))?;
    }
    // The cursor is bound to the filters it was issued with.
    let scope = format!(
        "profiles?status={}&reference={}",
        get("status").unwrap_or_default(),
        reference.as_deref().unwrap_or_default()
    );
    let page_request = PageRequest::new(
        &service.cursors,
        partner,
        scope,
        get("limit"),
        get("cursor"),
    )
    .await?;

    let filter = ProfileFilter { status, reference };
    let page = service
        .store
        .list_profiles(
            partner,
            &filter,
            page_request.after.as_deref(),
            page_request.limit,
        )
        .await?;
    let views: Vec<ProfileView> = page.items.iter().map(ProfileView::from).collect();
    page_request.reply(&page, &views).await
}
