//! What the conformance suite exercises: [`Recording`] is a store that notes every
//! method called on it before passing the call on, and [`METHODS`] lists every method
//! of the store's traits. The compiler holds the list complete: `Recording` must
//! implement every trait method, and each one is declared once, in `recorded!`, which
//! both implements it and lists it.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use scoring::UsuryRow;
use shared::domain::api_key::ApiKeyId;
use shared::domain::model::{
    Analysis, AnalysisId, ApiKeyRecord, IdempotencyRecord, Page, Partner, PartnerId, PartnerStatus,
    Profile, ProfileFilter, ProfileId, ProfilePatch, ProfileSnapshot, StatementId, Webhook,
    WebhookId,
};
use shared::domain::notification::Notice;
use shared::domain::review::Review;
use shared::domain::statements::StoredStatement;
use shared::store::{
    AnalysisStore, AttemptRecord, PartnerStore, ProfileStore, Queuing, RecordSource,
    StatementStore, Store, StoreError, UsuryStore, WebhookStore,
};
use shared::webhooks::delivery::Event;
use shared::webhooks::log::{DeliveryFilter, DeliveryRecord, FeedFilter};
use uuid::Uuid;

/// A store that records the name of every method called on it.
pub struct Recording {
    inner: Arc<dyn Store>,
    calls: Mutex<BTreeSet<&'static str>>,
    /// A method that panics instead of passing the call on: a bug planted for tests.
    panics_in: Option<&'static str>,
}

impl Recording {
    pub fn new(inner: Arc<dyn Store>) -> Self {
        Self {
            inner,
            calls: Mutex::default(),
            panics_in: None,
        }
    }

    /// A store whose `method` panics, as a bug in it would; every other method works.
    pub fn panicking_in(inner: Arc<dyn Store>, method: &'static str) -> Self {
        Self {
            panics_in: Some(method),
            ..Self::new(inner)
        }
    }

    /// The methods called so far.
    pub fn calls(&self) -> BTreeSet<&'static str> {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn record(&self, method: &'static str) {
        if self.panics_in == Some(method) {
            panic!("a bug planted in {method}");
        }
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(method);
    }
}

/// Implements each trait for [`Recording`], method by method, and lists the methods.
macro_rules! recorded {
    ($($trait:ident {
        $(async fn $name:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty;)*
    })*) => {
        $(
            #[async_trait]
            impl $trait for Recording {
                $(
                    async fn $name(&self $(, $arg: $ty)*) -> $ret {
                        self.record(stringify!($name));
                        self.inner.$name($($arg),*).await
                    }
                )*
            }
        )*

        /// Every method of the store's traits.
        pub const METHODS: &[&str] = &[$($(stringify!($name),)*)*];
    };
}

recorded! {
    PartnerStore {
        async fn create_partner(&self, partner: &Partner, first_key: &ApiKeyRecord) -> Result<(), StoreError>;
        async fn get_partner(&self, id: PartnerId) -> Result<Option<Partner>, StoreError>;
        async fn list_partners(&self) -> Result<Vec<Partner>, StoreError>;
        async fn set_partner_status(&self, id: PartnerId, status: PartnerStatus) -> Result<(), StoreError>;
        async fn add_api_key(&self, key: &ApiKeyRecord) -> Result<ApiKeyRecord, StoreError>;
        async fn get_api_key(&self, id: &ApiKeyId) -> Result<Option<ApiKeyRecord>, StoreError>;
        async fn list_api_keys(&self, partner: PartnerId) -> Result<Vec<ApiKeyRecord>, StoreError>;
        async fn revoke_api_key(&self, id: &ApiKeyId) -> Result<ApiKeyRecord, StoreError>;
        async fn revoke_refresh_token(&self, partner: PartnerId, jti: Uuid, expires_at: i64) -> Result<(), StoreError>;
        async fn get_refresh_key(&self, key: &ApiKeyId, partner: PartnerId, jti: Uuid) -> Result<Option<ApiKeyRecord>, StoreError>;
    }
    ProfileStore {
        async fn create_profile(&self, profile: &Profile, idempotency: Option<&IdempotencyRecord>) -> Result<(), StoreError>;
        async fn get_profile(&self, partner: PartnerId, id: ProfileId) -> Result<Option<Profile>, StoreError>;
        async fn list_profiles(&self, partner: PartnerId, filter: &ProfileFilter, after: Option<&str>, limit: usize) -> Result<Page<Profile>, StoreError>;
        async fn patch_profile(&self, partner: PartnerId, id: ProfileId, patch: &ProfilePatch, if_match: Option<u32>, now: DateTime<Utc>) -> Result<Profile, StoreError>;
        async fn submit_profile(&self, profile: &Profile, submitted_at: DateTime<Utc>, idempotency: Option<&IdempotencyRecord>) -> Result<Profile, StoreError>;
        async fn get_snapshot(&self, partner: PartnerId, id: ProfileId, version: u32) -> Result<Option<ProfileSnapshot>, StoreError>;
        async fn delete_profile(&self, partner: PartnerId, id: ProfileId) -> Result<(), StoreError>;
        async fn get_idempotency(&self, partner: PartnerId, key: &str) -> Result<Option<IdempotencyRecord>, StoreError>;
    }
    StatementStore {
        async fn add_statement(&self, partner: PartnerId, statement: &StoredStatement, json: &str, idempotency: Option<&IdempotencyRecord>, now: DateTime<Utc>) -> Result<Profile, StoreError>;
        async fn get_statement(&self, partner: PartnerId, profile: ProfileId, id: StatementId) -> Result<Option<StoredStatement>, StoreError>;
        async fn profile_statements(&self, partner: PartnerId, profile: ProfileId) -> Result<Vec<StoredStatement>, StoreError>;
        async fn delete_statement(&self, partner: PartnerId, profile: ProfileId, id: StatementId, now: DateTime<Utc>) -> Result<Profile, StoreError>;
    }
    AnalysisStore {
        async fn create_analysis(&self, analysis: &Analysis, idempotency: Option<&IdempotencyRecord>) -> Result<Queuing, StoreError>;
        async fn list_stale_analyses(&self, before: DateTime<Utc>, limit: usize) -> Result<Vec<Analysis>, StoreError>;
        async fn requeue_analysis(&self, seen: &Analysis, at: DateTime<Utc>) -> Result<(), StoreError>;
        async fn get_analysis(&self, partner: PartnerId, id: AnalysisId) -> Result<Option<Analysis>, StoreError>;
        async fn get_decision_record(&self, partner: PartnerId, id: AnalysisId) -> Result<Option<RecordSource>, StoreError>;
        async fn list_analyses(&self, partner: PartnerId, profile: ProfileId, after: Option<&str>, limit: usize) -> Result<Page<Analysis>, StoreError>;
        async fn get_analysis_work(&self, partner: PartnerId, id: AnalysisId, profile: ProfileId, version: u32) -> Result<(Option<Analysis>, Option<ProfileSnapshot>), StoreError>;
        async fn finish_analysis(&self, analysis: &Analysis) -> Result<(), StoreError>;
        async fn claim_analysis_notification(&self, seen: &Analysis, notice: Notice, at: DateTime<Utc>) -> Result<(), StoreError>;
        async fn release_analysis_notification(&self, claimed: &Analysis, notice: Notice, queued: &[WebhookId]) -> Result<(), StoreError>;
        async fn mark_analysis_notified(&self, analysis: &Analysis, notice: Notice) -> Result<(), StoreError>;
        async fn discard_analysis(&self, analysis: &Analysis) -> Result<(), StoreError>;
        async fn add_review(&self, analysis: &Analysis, review: &Review, idempotency: Option<&IdempotencyRecord>, max: usize) -> Result<Queuing, StoreError>;
        async fn discard_review(&self, analysis: &Analysis, review: &Review) -> Result<(), StoreError>;
        async fn settle_analysis(&self, seen: &Analysis) -> Result<(), StoreError>;
    }
    WebhookStore {
        async fn create_webhook(&self, webhook: &Webhook, max: u32) -> Result<(), StoreError>;
        async fn get_webhook(&self, partner: PartnerId, id: WebhookId) -> Result<Option<Webhook>, StoreError>;
        async fn list_webhooks(&self, partner: PartnerId) -> Result<Vec<Webhook>, StoreError>;
        async fn delete_webhook(&self, partner: PartnerId, id: WebhookId) -> Result<(), StoreError>;
        async fn record_attempt(&self, record: &AttemptRecord<'_>) -> Result<(), StoreError>;
        async fn list_deliveries(&self, partner: PartnerId, webhook: WebhookId, filter: DeliveryFilter, after: Option<&str>, limit: usize) -> Result<Page<DeliveryRecord>, StoreError>;
        async fn get_delivery(&self, partner: PartnerId, webhook: WebhookId, id: &str) -> Result<(Option<Webhook>, Option<DeliveryRecord>), StoreError>;
        async fn enable_webhook(&self, partner: PartnerId, id: WebhookId) -> Result<Webhook, StoreError>;
        async fn rotate_webhook_secret(&self, partner: PartnerId, id: WebhookId, secret: &str, previous_until: DateTime<Utc>) -> Result<Webhook, StoreError>;
        async fn record_event(&self, partner: PartnerId, event: &Event) -> Result<(), StoreError>;
        async fn list_events(&self, partner: PartnerId, filter: FeedFilter, after: Option<&str>, limit: usize) -> Result<Page<Event>, StoreError>;
    }
    UsuryStore {
        async fn usury_rows(&self) -> Result<Vec<UsuryRow>, StoreError>;
        async fn set_usury_row(&self, row: &UsuryRow) -> Result<(), StoreError>;
    }
}
