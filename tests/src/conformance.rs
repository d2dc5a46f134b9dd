//! The Store conformance suite: one set of behaviours every [`Store`] must have, run
//! against the embedded store and against DynamoDB in moto by [`store_conformance!`].

use std::sync::Arc;

use chrono::{Duration, DurationRound, Utc};
use shared::api_key::ApiKey;
use shared::model::{ApiKeyRecord, KeyStatus, Partner, PartnerStatus};
use shared::store::embedded::EmbeddedStore;
use shared::store::{Store, StoreError};
use tempfile::TempDir;

use crate::aws;

/// A store under test, with whatever must live as long as it.
pub struct StoreUnderTest {
    pub store: Arc<dyn Store>,
    _dir: Option<TempDir>,
}

impl std::ops::Deref for StoreUnderTest {
    type Target = dyn Store;
    fn deref(&self) -> &Self::Target {
        self.store.as_ref()
    }
}

pub async fn embedded() -> StoreUnderTest {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = EmbeddedStore::open(&dir.path().join("store.db")).expect("open embedded store");
    StoreUnderTest {
        store: Arc::new(store),
        _dir: Some(dir),
    }
}

pub async fn dynamodb() -> StoreUnderTest {
    let (store, _) = aws::counted_dynamo_store().await;
    StoreUnderTest {
        store: Arc::new(store),
        _dir: None,
    }
}

/// Generates one `#[tokio::test]` per conformance case for the store built by `$make`.
#[macro_export]
macro_rules! store_conformance {
    ($module:ident, $make:path) => {
        mod $module {
            $crate::store_conformance!(@cases $make;
                partner_and_first_key_round_trip,
                creating_an_existing_partner_or_key_conflicts,
                partners_are_listed_oldest_first,
                suspension_reaches_every_key_and_is_reversible,
                unknown_partner_is_not_found,
                added_keys_copy_the_partner_status,
                revocation_is_final_and_visible,
                keys_are_listed_per_partner_only,
            );
        }
    };
    (@cases $make:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let store = $make().await;
                $crate::conformance::$case(&*store).await;
            }
        )*
    };
}

/// Store timestamps at microsecond precision, as both stores keep them.
fn now() -> chrono::DateTime<Utc> {
    Utc::now()
        .duration_trunc(Duration::microseconds(1))
        .expect("truncate")
}

fn partner_with_key(name: &str) -> (Partner, ApiKey, ApiKeyRecord) {
    let partner = Partner::new(name, now());
    let key = ApiKey::generate();
    let record = ApiKeyRecord::new(&key, partner.id, now());
    (partner, key, record)
}

pub async fn partner_and_first_key_round_trip(store: &dyn Store) {
    let (partner, key, record) = partner_with_key("Crédit Mutuel Test");
    store
        .create_partner(&partner, &record)
        .await
        .expect("create");

    assert_eq!(
        store.get_partner(partner.id).await.unwrap(),
        Some(partner.clone())
    );
    let stored = store
        .get_api_key(&key.id())
        .await
        .unwrap()
        .expect("key stored");
    assert_eq!(stored, record);
    assert!(stored.hash.matches(&key.hash()));
    assert!(stored.is_usable());
    assert_eq!(
        store.get_api_key(&ApiKey::generate().id()).await.unwrap(),
        None
    );
    assert_eq!(
        store
            .get_partner(shared::model::PartnerId::new())
            .await
            .unwrap(),
        None
    );
}

pub async fn creating_an_existing_partner_or_key_conflicts(store: &dyn Store) {
    let (partner, _, record) = partner_with_key("A");
    store.create_partner(&partner, &record).await.unwrap();
    let (_, _, other_record) = partner_with_key("A");
    let again = store
        .create_partner(
            &partner,
            &ApiKeyRecord {
                partner_id: partner.id,
                ..other_record
            },
        )
        .await;
    assert!(matches!(again, Err(StoreError::AlreadyExists)), "{again:?}");

    let (other_partner, _, _) = partner_with_key("B");
    let reused_key = store
        .create_partner(
            &other_partner,
            &ApiKeyRecord {
                partner_id: other_partner.id,
                ..record.clone()
            },
        )
        .await;
    assert!(
        matches!(reused_key, Err(StoreError::AlreadyExists)),
        "{reused_key:?}"
    );
    assert_eq!(
        store.get_partner(other_partner.id).await.unwrap(),
        None,
        "nothing half-written"
    );

    let duplicate_key = store.add_api_key(&record).await;
    assert!(
        matches!(duplicate_key, Err(StoreError::AlreadyExists)),
        "{duplicate_key:?}"
    );
}

pub async fn partners_are_listed_oldest_first(store: &dyn Store) {
    let mut ids = Vec::new();
    for name in ["first", "second", "third"] {
        let (partner, _, record) = partner_with_key(name);
        store.create_partner(&partner, &record).await.unwrap();
        ids.push(partner.id);
    }
    let listed: Vec<_> = store
        .list_partners()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(listed, ids);
}

pub async fn suspension_reaches_every_key_and_is_reversible(store: &dyn Store) {
    let (partner, first, record) = partner_with_key("P");
    store.create_partner(&partner, &record).await.unwrap();
    let second = ApiKey::generate();
    store
        .add_api_key(&ApiKeyRecord::new(&second, partner.id, now()))
        .await
        .unwrap();

    store
        .set_partner_status(partner.id, PartnerStatus::Suspended)
        .await
        .unwrap();
    assert_eq!(
        store.get_partner(partner.id).await.unwrap().unwrap().status,
        PartnerStatus::Suspended
    );
    for key in [&first, &second] {
        let stored = store.get_api_key(&key.id()).await.unwrap().unwrap();
        assert_eq!(stored.partner_status, PartnerStatus::Suspended);
        assert!(!stored.is_usable());
    }

    store
        .set_partner_status(partner.id, PartnerStatus::Active)
        .await
        .unwrap();
    for key in [&first, &second] {
        assert!(
            store
                .get_api_key(&key.id())
                .await
                .unwrap()
                .unwrap()
                .is_usable()
        );
    }
}

pub async fn unknown_partner_is_not_found(store: &dyn Store) {
    let (partner, _, record) = partner_with_key("ghost");
    let suspended = store
        .set_partner_status(partner.id, PartnerStatus::Suspended)
        .await;
    assert!(
        matches!(suspended, Err(StoreError::NotFound)),
        "{suspended:?}"
    );
    let added = store.add_api_key(&record).await;
    assert!(matches!(added, Err(StoreError::NotFound)), "{added:?}");
    assert_eq!(store.get_api_key(&record.id).await.unwrap(), None);
    assert!(store.list_api_keys(partner.id).await.unwrap().is_empty());
}

pub async fn added_keys_copy_the_partner_status(store: &dyn Store) {
    let (partner, _, record) = partner_with_key("P");
    store.create_partner(&partner, &record).await.unwrap();
    store
        .set_partner_status(partner.id, PartnerStatus::Suspended)
        .await
        .unwrap();
    let key = ApiKey::generate();
    let added = store
        .add_api_key(&ApiKeyRecord::new(&key, partner.id, now()))
        .await
        .unwrap();
    assert_eq!(added.partner_status, PartnerStatus::Suspended);
    let stored = store.get_api_key(&key.id()).await.unwrap().unwrap();
    assert_eq!(stored.partner_status, PartnerStatus::Suspended);
}

pub async fn revocation_is_final_and_visible(store: &dyn Store) {
    let (partner, key, record) = partner_with_key("P");
    store.create_partner(&partner, &record).await.unwrap();
    let revoked = store.revoke_api_key(&key.id()).await.unwrap();
    assert_eq!(revoked.status, KeyStatus::Revoked);
    assert_eq!(revoked.id, key.id());
    let stored = store.get_api_key(&key.id()).await.unwrap().unwrap();
    assert_eq!(stored.status, KeyStatus::Revoked);
    assert!(!stored.is_usable());
    store
        .set_partner_status(partner.id, PartnerStatus::Active)
        .await
        .unwrap();
    assert!(
        !store
            .get_api_key(&key.id())
            .await
            .unwrap()
            .unwrap()
            .is_usable(),
        "reactivation does not revive a revoked key"
    );
    let unknown = store.revoke_api_key(&ApiKey::generate().id()).await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
}

pub async fn keys_are_listed_per_partner_only(store: &dyn Store) {
    let (mine, _, my_first) = partner_with_key("mine");
    let (theirs, _, their_first) = partner_with_key("theirs");
    store.create_partner(&mine, &my_first).await.unwrap();
    store.create_partner(&theirs, &their_first).await.unwrap();
    let second = ApiKeyRecord::new(&ApiKey::generate(), mine.id, now() + Duration::seconds(1));
    store.add_api_key(&second).await.unwrap();

    let listed: Vec<_> = store
        .list_api_keys(mine.id)
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.id)
        .collect();
    assert_eq!(listed, vec![my_first.id, second.id]);
    let listed: Vec<_> = store
        .list_api_keys(theirs.id)
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.id)
        .collect();
    assert_eq!(listed, vec![their_first.id]);
}
