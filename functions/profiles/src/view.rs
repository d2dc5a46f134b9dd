//! A profile as partners see it.

use chrono::{DateTime, Utc};
use lambda_http::http::StatusCode;
use lambda_http::http::header::ETAG;
use serde::Serialize;
use shared::domain::attributes::Attributes;
use shared::domain::model::{Profile, ProfileId, ProfileStatus};
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::request::etag;

#[derive(Debug, Serialize)]
pub struct ProfileView<'a> {
    pub id: ProfileId,
    pub reference: Option<&'a str>,
    pub status: ProfileStatus,
    pub version: u32,
    pub attributes: &'a Attributes,
    /// What submission still needs.
    pub missing_attributes: Vec<&'static str>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_version: Option<u32>,
}

impl<'a> From<&'a Profile> for ProfileView<'a> {
    fn from(profile: &'a Profile) -> Self {
        Self {
            id: profile.id,
            reference: profile.reference.as_deref(),
            status: profile.status,
            version: profile.version,
            attributes: &profile.attributes,
            missing_attributes: profile.attributes.missing(),
            created_at: profile.created_at,
            updated_at: profile.updated_at,
            submitted_at: profile.submitted_at,
            submitted_version: profile.submitted_version,
        }
    }
}

/// The profile with `status`, tagged with its version.
pub fn reply(status: StatusCode, profile: &Profile) -> Result<Reply, ApiError> {
    Ok(
        Reply::with_status(status, &ProfileView::from(profile))?
            .header(ETAG, etag(profile.version)),
    )
}
