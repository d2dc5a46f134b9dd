//! Records to DynamoDB items and back: a record is its serde_dynamo form plus `PK`/`SK`.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::model::Profile;
use crate::store::StoreError;
use crate::store::keys::{self, Key};

pub(super) type Item = HashMap<String, AttributeValue>;

/// The item holding only `key`: what `GetItem`, `DeleteItem` and friends take.
pub(super) fn key_item((pk, sk): Key) -> Item {
    HashMap::from([
        (keys::PK.to_owned(), AttributeValue::S(pk)),
        (keys::SK.to_owned(), AttributeValue::S(sk)),
    ])
}

/// `value` stored under `key`.
pub(super) fn item(key: Key, value: &impl Serialize) -> Result<Item, StoreError> {
    let mut item: Item =
        serde_dynamo::to_item(value).map_err(|error| StoreError::Corrupt(error.to_string()))?;
    item.extend(key_item(key));
    Ok(item)
}

/// The key an item is stored under.
pub(super) fn item_key(item: &Item) -> Option<Key> {
    match (item.get(keys::PK), item.get(keys::SK)) {
        (Some(AttributeValue::S(pk)), Some(AttributeValue::S(sk))) => {
            Some((pk.clone(), sk.clone()))
        }
        _ => None,
    }
}

pub(super) fn attribute_value(value: &impl Serialize) -> Result<AttributeValue, StoreError> {
    serde_dynamo::to_attribute_value(value).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(super) fn from_item<T: DeserializeOwned>(item: Item) -> Result<T, StoreError> {
    serde_dynamo::from_item(item).map_err(|error| StoreError::Corrupt(error.to_string()))
}

/// A profile's item: its record, and the [`keys::STATUS_PK`] that files it in the status
/// index under its current status.
pub(super) fn profile_item(profile: &Profile) -> Result<Item, StoreError> {
    let mut item = item(keys::profile(profile.partner_id, profile.id), profile)?;
    item.insert(
        keys::STATUS_PK.to_owned(),
        AttributeValue::S(keys::status_pk(profile)),
    );
    Ok(item)
}
