//! [`UsuryStore`] on DynamoDB: one item per category and effective date.

use async_trait::async_trait;
use scoring::UsuryRow;

use super::DynamoStore;
use super::errors::unavailable;
use super::items::item;
use crate::store::keys;
use crate::store::{StoreError, UsuryStore};

#[async_trait]
impl UsuryStore for DynamoStore {
    async fn usury_rows(&self) -> Result<Vec<UsuryRow>, StoreError> {
        self.query(keys::usury_rows()).await
    }

    async fn set_usury_row(&self, row: &UsuryRow) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item(
                keys::usury_row(row.category.name(), row.from),
                row,
            )?))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}
