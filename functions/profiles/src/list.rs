use lambda_http::Request;
use serde_json::Value;
use shared::app::App;
use shared::envelope::Reply;
use shared::error::ApiError;
use shared::model::{ProfileFilter, ProfileStatus};
use shared::request::{page_limit, query_parameters};

use crate::input::check_reference;
use crate::view::ProfileView;

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;

/// `GET /api/v1/profiles/?limit=&cursor=&status=&reference=`: the partner's profiles,
/// oldest first, a page at a time; `meta.next_cursor` leads to the next page (a page may
/// hold fewer than `limit` profiles when filters apply, and `null` means the end).
///
/// 1 DynamoDB round trip per page: one `Query` of the partner's profiles.
pub async fn list(app: &App, request: &Request) -> Result<Reply, ApiError> {
    let partner = app.authenticate(request)?;
    let parameters = query_parameters(request, &["limit", "cursor", "status", "reference"])?;
    let get = |name: &str| {
        parameters
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let limit = page_limit(get("limit"), DEFAULT_LIMIT, MAX_LIMIT)?;
    let status = match get("status") {
        None => None,
        Some("draft") => Some(ProfileStatus::Draft),
        Some("submitted") => Some(ProfileStatus::Submitted),
        Some(_) => {
            return Err(ApiError::invalid_request(
                "status",
                "enum",
                "draft or submitted",
            ));
        }
    };
    let reference = get("reference").map(str::to_owned);
    if let Some(reference) = &reference {
        check_reference(reference).map_err(|problem| {
            ApiError::invalid_request("reference", &problem.code, &problem.message)
        })?;
    }
    // The cursor is bound to the filters it was issued with.
    let scope = format!(
        "profiles?status={}&reference={}",
        get("status").unwrap_or_default(),
        reference.as_deref().unwrap_or_default()
    );
    let after = get("cursor")
        .map(|cursor| app.cursors.decode(partner, &scope, cursor))
        .transpose()?;

    let filter = ProfileFilter { status, reference };
    let page = app
        .store
        .list_profiles(partner, &filter, after.as_deref(), limit)
        .await?;
    let views: Vec<ProfileView> = page.items.iter().map(ProfileView::from).collect();
    let next = page
        .next
        .map(|position| Value::String(app.cursors.encode(partner, &scope, &position)));
    Ok(Reply::ok(&views)?.meta("next_cursor", next.unwrap_or(Value::Null)))
}
