//! The usury thresholds the operator loads each quarter (`partnerb2b usury set`), on top
//! of the ones the model ships with.

use async_trait::async_trait;
use scoring::UsuryRow;

use super::StoreError;

#[async_trait]
pub trait UsuryStore: Send + Sync {
    /// Every threshold the operator loaded, by category then effective date.
    /// DynamoDB: 1 `Query` (a few rows a quarter).
    async fn usury_rows(&self) -> Result<Vec<UsuryRow>, StoreError>;

    /// Loads the threshold of `row.category` in force from `row.from`, replacing one
    /// loaded for the same category and date. DynamoDB: 1 `PutItem`.
    async fn set_usury_row(&self, row: &UsuryRow) -> Result<(), StoreError>;
}
