//! Everything the PartnerB2B functions share, in layers that import only downwards:
//!
//! - [`domain`]: partners, keys, profiles and their attributes, analyses, webhooks;
//! - [`canonical_json`], [`jwt`] (with [`token_issuer`], [`token_verifier`] and
//!   [`token_cache`]), [`key_set`], [`jwks`], [`jws`], [`webhooks`]:
//!   canonical JSON, tokens and signatures over the domain;
//! - [`store`] and [`queue`]: the storage and queue interfaces, with their adapters
//!   (DynamoDB, SQS and an embedded SQLite file);
//! - [`edge`]: the HTTP edge (request parsing, envelope, errors, pagination,
//!   idempotency), which maps the layers below to responses; [`events`]: how an event
//!   leaves, on the feed and to the webhooks, over the store and the queue;
//! - [`aws`], [`config`], [`lambda`]: what a function's `main` wires itself with.

/// A boxed error cause, kept for the logs.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

#[cfg(feature = "aws")]
pub mod aws;
pub mod canonical_json;
pub mod config;
pub mod domain;
pub mod edge;
pub mod events;
pub mod jwks;
pub mod jws;
pub mod jwt;
pub mod key_set;
pub mod lambda;
pub mod messages;
pub mod queue;
pub mod store;
pub mod token_cache;
pub mod token_issuer;
pub mod token_verifier;
pub mod webhooks;
