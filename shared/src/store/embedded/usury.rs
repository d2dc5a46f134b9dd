//! [`UsuryStore`] on the embedded store: one row per category and effective date.

use async_trait::async_trait;
use scoring::UsuryRow;

use super::EmbeddedStore;
use super::rows::{put, query};
use crate::store::keys;
use crate::store::{StoreError, UsuryStore};

#[async_trait]
impl UsuryStore for EmbeddedStore {
    async fn usury_rows(&self) -> Result<Vec<UsuryRow>, StoreError> {
        self.read(|connection| query(connection, &keys::usury_rows()))
    }

    async fn set_usury_row(&self, row: &UsuryRow) -> Result<(), StoreError> {
        self.write(|tx| put(tx, &keys::usury_row(row.category.name(), row.from), row))
    }
}
