//! Request bodies, and the checks of what they carry besides attributes.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use shared::edge::error::Detail;

/// Longest accepted reference, in characters.
pub const MAX_REFERENCE_CHARS: usize = 128;

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

/// The partner's own identifier for a profile: 1 to 128 characters, no control character.
pub fn check_reference(reference: &str) -> Result<(), Detail> {
    let length = reference.chars().count();
    if length == 0 || reference.chars().any(char::is_control) {
        return Err(Detail::new(
            "/reference",
            "format",
            "1 to 128 printable characters",
        ));
    }
    if length > MAX_REFERENCE_CHARS {
        return Err(Detail::new("/reference", "max", "at most 128 characters"));
    }
    Ok(())
}
