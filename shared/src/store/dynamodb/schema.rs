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
/// index of pending analyses), for tests and for trying the AWS code paths against a
/// local stand-in.
pub async fn create_table(client: &Client, table: &str) -> Result<(), StoreError> {
    let attribute = |name: &str, kind| {
        AttributeDefinition::builder()
            .attribute_name(name)
            .attribute_type(kind)
            .build()
            .map_err(invalid_request)
    };
    let key = |name: &str, key_type| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(key_type)
            .build()
            .map_err(invalid_request)
    };
    client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attribute(keys::PK, ScalarAttributeType::S)?)
        .attribute_definitions(attribute(keys::SK, ScalarAttributeType::S)?)
        .attribute_definitions(attribute(keys::PENDING_SHARD, ScalarAttributeType::S)?)
        .attribute_definitions(attribute(keys::QUEUED_AT, ScalarAttributeType::N)?)
        .key_schema(key(keys::PK, KeyType::Hash)?)
        .key_schema(key(keys::SK, KeyType::Range)?)
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(keys::PENDING_INDEX)
                .key_schema(key(keys::PENDING_SHARD, KeyType::Hash)?)
                .key_schema(key(keys::QUEUED_AT, KeyType::Range)?)
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::All)
                        .build(),
                )
                .build()
                .map_err(invalid_request)?,
        )
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
