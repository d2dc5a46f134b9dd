//! The HTTP edge: a raw request in (body, query, headers, cursors, idempotency keys),
//! the envelope out, and the one mapping of every error to its status and code.

pub mod cursor;
pub mod envelope;
pub mod error;
pub mod idempotency;
pub mod loaded;
pub mod pagination;
pub mod record_signer;
pub mod request;
pub mod route;
pub mod serve;
mod unique_members;
