//! `scoring::Date` as an ISO 8601 string, `YYYY-MM-DD`, for `#[serde(with = ...)]`.

use scoring::Date;
use serde::{Deserialize, Deserializer, Serializer};

pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    let text = String::deserialize(deserializer)?;
    Date::parse(&text).ok_or_else(|| serde::de::Error::custom("a date is YYYY-MM-DD"))
}
