//! Maintenance of a table deployed before the index [`keys::BY_STATUS`]: the profiles it
//! holds carry no [`keys::STATUS_PK`], so status pages miss them until their next write.

use aws_sdk_dynamodb::types::AttributeValue;

use super::DynamoStore;
use super::errors::{is_condition_failure, unavailable};
use super::items::{Item, from_item, item_key, key_item};
use crate::domain::model::{PartnerId, ProfileStatus};
use crate::store::StoreError;
use crate::store::keys;

/// What the backfill reads of a profile.
#[derive(serde::Deserialize)]
struct Unfiled {
    partner_id: PartnerId,
    status: ProfileStatus,
}

impl DynamoStore {
    /// Files every profile that lacks it in the status index, and says how many it filed:
    /// 1 `Scan` per 1 MB of the table (only unfiled profiles come back), then 1
    /// `UpdateItem` each, conditional on the status read and on the profile still being
    /// unfiled, so a write in between (which files the profile itself) is left alone.
    /// Safe to run again, and beside the running API.
    pub async fn index_profiles_by_status(&self) -> Result<usize, StoreError> {
        let mut filed = 0;
        let mut start = None;
        loop {
            let output = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression("begins_with(SK, :profile) AND attribute_not_exists(#status_pk)")
                .projection_expression("PK, SK, partner_id, #status")
                .expression_attribute_names("#status_pk", keys::STATUS_PK)
                .expression_attribute_names("#status", "status")
                .expression_attribute_values(
                    ":profile",
                    AttributeValue::S(keys::PROFILE_PREFIX.to_owned()),
                )
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(unavailable)?;
            for item in output.items.unwrap_or_default() {
                filed += usize::from(self.file(item).await?);
            }
            start = output.last_evaluated_key;
            if start.is_none() {
                return Ok(filed);
            }
        }
    }

    /// Files one profile read by the scan: whether it was still unfiled.
    async fn file(&self, item: Item) -> Result<bool, StoreError> {
        let Some(key) = item_key(&item) else {
            return Ok(false);
        };
        let profile: Unfiled = from_item(item)?;
        let (status_pk, _) = keys::profiles_with_status(profile.partner_id, profile.status);
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_item(key)))
            .update_expression("SET #status_pk = :status_pk")
            .condition_expression("#status = :status AND attribute_not_exists(#status_pk)")
            .expression_attribute_names("#status_pk", keys::STATUS_PK)
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":status_pk", AttributeValue::S(status_pk))
            .expression_attribute_values(
                ":status",
                AttributeValue::S(profile.status.as_str().to_owned()),
            )
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(error) if is_condition_failure(&error) => Ok(false),
            Err(error) => Err(unavailable(error)),
        }
    }
}
