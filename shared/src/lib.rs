//! Everything the PartnerB2B functions share: configuration, the HTTP envelope and its
//! errors, request parsing, JWT, API keys, the domain models and the [`store::Store`].

/// Re-exported for the worker binaries, which build their own SQS clients.
pub use aws_sdk_sqs;

pub mod api_key;
pub mod app;
pub mod attributes;
pub mod catalogue;
pub mod config;
pub mod cursor;
pub mod envelope;
pub mod error;
pub mod http;
pub mod idempotency;
pub mod jwt;
pub mod lambda;
pub mod model;
pub mod pagination;
pub mod queue;
pub mod request;
pub mod signing_keys;
pub mod store;
pub mod webhooks;
