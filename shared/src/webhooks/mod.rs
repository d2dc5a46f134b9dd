//! Webhooks: where events may be sent ([`url_policy`]), how each delivery is signed
//! ([`signature`]), and what travels on the delivery queue ([`delivery`]).

pub mod delivery;
pub mod signature;
pub mod url_policy;

/// Most webhooks a partner may have.
pub const MAX_PER_PARTNER: u32 = 10;
