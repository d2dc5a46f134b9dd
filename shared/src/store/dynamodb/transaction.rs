//! Conditional writes of several items as one `TransactWriteItems`, each condition paired
//! with the error its failure means.

use aws_sdk_dynamodb::types::TransactWriteItem;

use super::DynamoStore;
use super::errors::{CONFLICT_ATTEMPTS, Cancelled, conflict_backoff};
use crate::store::StoreError;

/// Most items one `TransactWriteItems` may hold.
const TRANSACTION_LIMIT: usize = 100;

/// The items of one transaction, each with what a failure of its condition means.
#[derive(Default)]
pub(super) struct Transaction {
    items: Vec<TransactWriteItem>,
    meanings: Vec<StoreError>,
}

impl Transaction {
    /// Adds an item whose condition, when it is the one that cancels the transaction,
    /// makes the commit answer `if_its_condition_fails`.
    pub(super) fn add(&mut self, item: TransactWriteItem, if_its_condition_fails: StoreError) {
        self.items.push(item);
        self.meanings.push(if_its_condition_fails);
    }

    /// Adds an item without a condition.
    pub(super) fn add_unconditional(&mut self, item: TransactWriteItem) {
        self.add(item, StoreError::Conflict);
    }

    /// The same items as consecutive transactions small enough for DynamoDB, for writes
    /// that need not be atomic as a whole.
    pub(super) fn into_chunks(self) -> Vec<Transaction> {
        let mut chunks: Vec<Transaction> = Vec::new();
        for (item, meaning) in self.items.into_iter().zip(self.meanings) {
            match chunks.last_mut() {
                Some(chunk) if chunk.items.len() < TRANSACTION_LIMIT => chunk.add(item, meaning),
                _ => {
                    let mut chunk = Transaction::default();
                    chunk.add(item, meaning);
                    chunks.push(chunk);
                }
            }
        }
        chunks
    }
}

impl DynamoStore {
    /// Commits `transaction`: a failed condition becomes the error given with its item.
    /// A transaction cancelled because another one held its items (`TransactionConflict`)
    /// did not apply, and is sent again after a short random pause; when it keeps
    /// conflicting, the commit answers `on_conflict`.
    pub(super) async fn commit(
        &self,
        transaction: Transaction,
        on_conflict: StoreError,
    ) -> Result<(), StoreError> {
        let Transaction { items, meanings } = transaction;
        let mut attempt = 1;
        loop {
            let result = self
                .client
                .transact_write_items()
                .set_transact_items(Some(items.clone()))
                .send()
                .await;
            match result.map_err(Cancelled::from) {
                Ok(_) => return Ok(()),
                Err(Cancelled::Condition(index)) => {
                    return Err(meanings
                        .into_iter()
                        .nth(index)
                        .unwrap_or(StoreError::Conflict));
                }
                Err(Cancelled::Conflict) if attempt < CONFLICT_ATTEMPTS => {
                    tokio::time::sleep(conflict_backoff(attempt)).await;
                    attempt += 1;
                }
                Err(Cancelled::Conflict) => return Err(on_conflict),
                Err(Cancelled::Other(error)) => return Err(error),
            }
        }
    }
}
