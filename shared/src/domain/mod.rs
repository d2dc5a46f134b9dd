//! What PartnerB2B is about, with no knowledge of HTTP or storage: partners and their
//! keys, profiles and their attributes, analyses, their human reviews and
//! their decision records, webhooks.

pub mod api_key;
pub mod attributes;
pub mod catalogue;
pub mod detail;
pub mod model;
pub mod notification;
pub mod record;
pub mod reference;
pub mod review;
pub mod statements;
