//! Request bodies, and the checks of what they carry besides attributes.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use shared::domain::reference::Reference;
use shared::edge::error::{Detail, Problem};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateProfile {
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, Box<RawValue>>,
}

/// A JSON merge patch (RFC 7396) of a profile: `null` removes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchProfile {
    #[serde(default, deserialize_with = "present")]
    pub reference: Option<Option<String>>,
    #[serde(default)]
    pub attributes: BTreeMap<String, Option<Box<RawValue>>>,
}

/// Tells a member given as `null` (`Some(None)`) from a member left out (`None`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The body's `reference`, parsed: a problem at `/reference` otherwise.
pub fn reference(text: &str) -> Result<Reference, Detail> {
    Reference::parse(text).map_err(|error| Detail::new("/reference", Problem::Reference(error)))
}
