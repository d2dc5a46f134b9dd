//! `/api/v1/profiles/{id}/bank-statements/` and `/bank-insights/` (DESIGN §10): the
//! customer's account statements on a profile, and what a lender reads from them.

mod delete;
mod insights;
mod read;
mod upload;

pub use delete::delete_statement;
pub use insights::insights;
pub use read::{list_statements, read_statement};
pub use upload::{BODY_LIMIT, upload_statement};

use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::domain::model::{ProfileId, StatementId};
use shared::domain::statements::{HeldStatement, StoredStatement};

/// A statement's summary, as every route answers it.
#[derive(Debug, Serialize)]
pub struct SummaryView {
    pub id: StatementId,
    pub profile_id: ProfileId,
    #[serde(flatten)]
    pub summary: bank::StatementSummary,
    pub created_at: DateTime<Utc>,
}

impl SummaryView {
    pub fn held(profile_id: ProfileId, held: &HeldStatement) -> Self {
        Self {
            id: held.id,
            profile_id,
            summary: held.summary.clone(),
            created_at: held.created_at,
        }
    }

    pub fn stored(stored: &StoredStatement) -> Self {
        Self {
            id: stored.id,
            profile_id: stored.profile_id,
            summary: stored.statement.summary(),
            created_at: stored.created_at,
        }
    }
}
