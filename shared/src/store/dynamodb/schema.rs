//! The table, as `template.yaml` declares it.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TimeToLiveSpecification,
};

use super::errors::{invalid_request, unavailable};
use crate::store::StoreError;
use crate::store::keys;

/// Creates the table as `template.yaml` declares it (keys, on-demand, TTL, the sparse
/// index [`keys::BY_STATUS`] of profiles by status and the sparse index of waiting
/// analyses, both projecting whole records), for tests and for trying the AWS code paths
/// against a local stand-in.
pub async fn create_table(client: &Client, table: &str) -> Result<(), StoreError> {
    let attribute = |name: &str, kind| {
        AttributeDefinition::builder()
            .attribute_name(name)
            .attribute_type(kind)
            .build()
            .map_err(invalid_request)
    };
    client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attribute(keys::PK, ScalarAttributeType::S)?)
        .attribute_definitions(attribute(keys::SK, ScalarAttributeType::S)?)
        .attribute_definitions(attribute(keys::STATUS_PK, ScalarAttributeType::S)?)
        .attribute_definitions(attribute(keys::PENDING_SHARD, ScalarAttributeType::S)?)
        .attribute_definitions(attribute(keys::QUEUED_AT, ScalarAttributeType::N)?)
        .key_schema(key(keys::PK, KeyType::Hash)?)
        .key_schema(key(keys::SK, KeyType::Range)?)
        .global_secondary_indexes(whole_items_index(
            keys::BY_STATUS,
            keys::STATUS_PK,
            keys::SK,
        )?)
        .global_secondary_indexes(whole_items_index(
            keys::PENDING_INDEX,
            keys::PENDING_SHARD,
            keys::QUEUED_AT,
        )?)
        .send()
        .await
        .map_err(unavailable)?;
    client
        .update_time_to_live()
        .table_name(table)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .attribute_name(keys::EXPIRES_AT)
                .enabled(true)
                .build()
                .map_err(invalid_request)?,
        )
        .send()
        .await
        .map_err(unavailable)?;
    Ok(())
}

/// A secondary index on `hash` and `range` projecting whole items.
fn whole_items_index(
    name: &str,
    hash: &str,
    range: &str,
) -> Result<GlobalSecondaryIndex, StoreError> {
    GlobalSecondaryIndex::builder()
        .index_name(name)
        .key_schema(key(hash, KeyType::Hash)?)
        .key_schema(key(range, KeyType::Range)?)
        .projection(
            Projection::builder()
                .projection_type(ProjectionType::All)
                .build(),
        )
        .build()
        .map_err(invalid_request)
}

fn key(name: &str, key_type: KeyType) -> Result<KeySchemaElement, StoreError> {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(key_type)
        .build()
        .map_err(invalid_request)
}
