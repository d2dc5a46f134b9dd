//! The DynamoDB store: one table, string keys `PK` and `SK` laid out as in
//! [`super::keys`], on-demand capacity, TTL on `expires_at`.
//!
//! Reads that decide access (API key, partner) are strongly consistent. Every write that
//! must not clobber a concurrent one is conditional, and writes that touch several items
//! are one `TransactWriteItems`.
//!
//! The plumbing (`items`: records to items and back; `errors`: what a failure means;
//! `requests`: reads and write items; `transaction`: conditional writes paired with
//! the error each condition stands for) is shared by one module per aggregate; the
//! table itself is declared in `schema`.

mod analyses;
mod backfill;
mod errors;
mod items;
mod partners;
mod profiles;
mod requests;
mod reviews;
mod schema;
mod statements;
mod transaction;
mod usury;
mod webhook_log;
mod webhooks;

use aws_sdk_dynamodb::Client;

pub use schema::create_table;

pub struct DynamoStore {
    client: Client,
    table: String,
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }

    pub fn from_sdk(sdk: &aws_config::SdkConfig, table: impl Into<String>) -> Self {
        Self::new(Client::from_conf(client_config(sdk).build()), table)
    }
}

/// The DynamoDB client configuration the store expects: the SDK's, plus the retry of
/// single-item writes that met a transaction ([`errors::RetryTransactionConflicts`]).
/// Tests add their interceptors to it.
pub fn client_config(sdk: &aws_config::SdkConfig) -> aws_sdk_dynamodb::config::Builder {
    aws_sdk_dynamodb::config::Builder::from(sdk).retry_classifier(errors::RetryTransactionConflicts)
}
