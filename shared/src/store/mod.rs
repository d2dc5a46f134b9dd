//! Where PartnerB2B keeps its records: one trait per aggregate ([`PartnerStore`],
//! [`ProfileStore`], [`StatementStore`], [`AnalysisStore`], [`WebhookStore`], [`UsuryStore`]), all of them together as
//! [`Store`], with a DynamoDB implementation for AWS ([`dynamodb`]) and an embedded
//! SQLite one for the local server ([`embedded`]). Both lay records out the same way
//! ([`keys`]) and pass one conformance suite (`tests/src/conformance/`).
//!
//! A caller holding `&dyn Store` calls any method directly; a caller holding a concrete
//! store brings the traits in with `use shared::store::prelude::*`.

mod analyses;
#[cfg(feature = "dynamodb")]
pub mod dynamodb;
#[cfg(feature = "embedded")]
pub mod embedded;
mod error;
pub mod keys;
mod partners;
pub mod parts;
mod profiles;
mod statements;
mod usury;
mod webhooks;

pub use analyses::{AnalysisStore, Queuing, RecordSource};
pub use error::StoreError;
pub use partners::PartnerStore;
pub use profiles::ProfileStore;
pub use statements::StatementStore;
pub use usury::UsuryStore;
pub use webhooks::{AttemptRecord, Health, WebhookStore};

/// Every access pattern of PartnerB2B. Implementations must behave identically; the
/// round trips each method costs on DynamoDB are stated on the method.
pub trait Store:
    PartnerStore + ProfileStore + StatementStore + AnalysisStore + WebhookStore + UsuryStore
{
}

impl<T> Store for T where
    T: PartnerStore
        + ProfileStore
        + StatementStore
        + AnalysisStore
        + WebhookStore
        + UsuryStore
        + ?Sized
{
}

/// The store's traits, for callers that hold a concrete store.
pub mod prelude {
    pub use super::{
        AnalysisStore, PartnerStore, ProfileStore, StatementStore, Store, UsuryStore, WebhookStore,
    };
}
