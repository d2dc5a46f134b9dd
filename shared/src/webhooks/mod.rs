//! Webhooks: where events may be sent ([`url_policy`]), how each delivery is signed
//! ([`signature`]), what travels on the delivery queue ([`delivery`]), and what partners
//! read back: the delivery log and the events feed ([`log`]).

pub mod delivery;
pub mod log;
pub mod signature;
pub mod url_policy;

/// Most webhooks a partner may have.
pub const MAX_PER_PARTNER: u32 = 10;
