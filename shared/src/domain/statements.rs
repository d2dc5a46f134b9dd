//! Bank statements attached to a profile (DESIGN §10): what is kept of each, and the
//! limits that keep a profile's statements within one DynamoDB transaction.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::model::{ProfileId, StatementId};

/// Most statements one profile holds.
pub const MAX_STATEMENTS_PER_PROFILE: usize = 12;

/// Most bytes of stored statements (their JSON, as [`StoredStatement`]) one profile holds:
/// a submission copies them into its snapshot in the same `TransactWriteItems` as the
/// profile, and DynamoDB takes at most 4 MB in one.
pub const MAX_STATEMENT_BYTES_PER_PROFILE: usize = 3 * 1024 * 1024;

/// What the profile item keeps of each of its statements: the summary partners list, and
/// the size of the stored document, so a list is one read and a limit costs none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldStatement {
    pub id: StatementId,
    pub created_at: DateTime<Utc>,
    pub summary: bank::StatementSummary,
    /// Length of the stored document's JSON.
    pub bytes: usize,
}

/// A statement as stored: the document read into [`bank::Statement`], with its identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredStatement {
    pub id: StatementId,
    pub profile_id: ProfileId,
    pub created_at: DateTime<Utc>,
    pub statement: bank::Statement,
}

impl StoredStatement {
    pub fn new(profile_id: ProfileId, statement: bank::Statement, now: DateTime<Utc>) -> Self {
        Self {
            id: StatementId::new(),
            profile_id,
            created_at: now,
            statement,
        }
    }

    /// What the profile keeps of it, given the length of its stored JSON.
    pub fn held(&self, bytes: usize) -> HeldStatement {
        HeldStatement {
            id: self.id,
            created_at: self.created_at,
            summary: self.statement.summary(),
            bytes,
        }
    }

    /// Its stored JSON: what [`HeldStatement::bytes`] measures.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }
}

/// Whether `profile_statements` may take one more statement of `bytes`.
pub fn room_for(profile_statements: &[HeldStatement], bytes: usize) -> bool {
    let held: usize = profile_statements.iter().map(|held| held.bytes).sum();
    profile_statements.len() < MAX_STATEMENTS_PER_PROFILE
        && held.saturating_add(bytes) <= MAX_STATEMENT_BYTES_PER_PROFILE
}
