//! Partners and their API keys.

use chrono::Duration;
use shared::domain::api_key::ApiKey;
use shared::domain::model::{ApiKeyRecord, KeyStatus, Partner, PartnerId, PartnerStatus};
use shared::store::{Store, StoreError};
use uuid::Uuid;

use super::{assert_fails, now};

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
    assert_eq!(store.get_partner(PartnerId::new()).await.unwrap(), None);
}

pub async fn creating_an_existing_partner_or_key_conflicts(store: &dyn Store) {
    let (partner, _, record) = partner_with_key("A");
    store.create_partner(&partner, &record).await.unwrap();
    let (_, _, other_record) = partner_with_key("A");
    let (other_partner, _, _) = partner_with_key("B");

    let again = store
        .create_partner(
            &partner,
            &ApiKeyRecord {
                partner_id: partner.id,
                ..other_record
            },
        )
        .await;
    let reused_key = store
        .create_partner(
            &other_partner,
            &ApiKeyRecord {
                partner_id: other_partner.id,
                ..record.clone()
            },
        )
        .await;
    let duplicate_key = store.add_api_key(&record).await;

    assert_fails(again, StoreError::AlreadyExists, "the same partner twice");
    assert_fails(reused_key, StoreError::AlreadyExists, "a key already used");
    assert_eq!(
        store.get_partner(other_partner.id).await.unwrap(),
        None,
        "nothing half-written"
    );
    assert_fails(
        duplicate_key,
        StoreError::AlreadyExists,
        "adding a key twice",
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
        let stored = store.get_api_key(&key.id()).await.unwrap().unwrap();
        assert!(stored.is_usable(), "reactivated");
    }
}

pub async fn unknown_partner_is_not_found(store: &dyn Store) {
    let (partner, _, record) = partner_with_key("ghost");

    let suspended = store
        .set_partner_status(partner.id, PartnerStatus::Suspended)
        .await;
    let added = store.add_api_key(&record).await;
    let listed = store.list_api_keys(partner.id).await.unwrap();

    assert_fails(suspended, StoreError::NotFound, "suspending nobody");
    assert_fails(added, StoreError::NotFound, "a key for nobody");
    assert_eq!(store.get_api_key(&record.id).await.unwrap(), None);
    assert!(listed.is_empty());
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
    assert_eq!(stored, added);
}

pub async fn revocation_is_final_and_visible(store: &dyn Store) {
    let (partner, key, record) = partner_with_key("P");
    store.create_partner(&partner, &record).await.unwrap();

    let revoked = store.revoke_api_key(&key.id()).await.unwrap();
    store
        .set_partner_status(partner.id, PartnerStatus::Active)
        .await
        .unwrap();
    let unknown = store.revoke_api_key(&ApiKey::generate().id()).await;

    assert_eq!(revoked.status, KeyStatus::Revoked);
    assert_eq!(revoked.id, key.id());
    let stored = store.get_api_key(&key.id()).await.unwrap().unwrap();
    assert_eq!(stored.status, KeyStatus::Revoked);
    assert!(
        !stored.is_usable(),
        "reactivation does not revive a revoked key"
    );
    assert_fails(unknown, StoreError::NotFound, "revoking an unknown key");
}

pub async fn a_revoked_refresh_token_no_longer_finds_its_key(store: &dyn Store) {
    let (partner, _, record) = partner_with_key("P");
    let (other, _, other_record) = partner_with_key("Q");
    store.create_partner(&partner, &record).await.unwrap();
    store.create_partner(&other, &other_record).await.unwrap();
    let (revoked, kept) = (Uuid::new_v4(), Uuid::new_v4());
    let expires_at = (now() + Duration::days(7)).timestamp();

    store
        .revoke_refresh_token(partner.id, revoked, expires_at)
        .await
        .unwrap();
    let twice = store
        .revoke_refresh_token(partner.id, revoked, expires_at)
        .await;

    assert!(twice.is_ok(), "revoking twice is not an error: {twice:?}");
    let found = |partner_id, jti| store.get_refresh_key(&record.id, partner_id, jti);
    assert_eq!(found(partner.id, revoked).await.unwrap(), None, "revoked");
    assert_eq!(
        found(partner.id, kept).await.unwrap(),
        Some(record.clone()),
        "another token of the same key"
    );
    assert_eq!(
        found(other.id, revoked).await.unwrap(),
        Some(record.clone()),
        "the same jti under another partner is not this revocation"
    );
    assert_eq!(
        store
            .get_refresh_key(&ApiKey::generate().id(), partner.id, kept)
            .await
            .unwrap(),
        None,
        "an unknown key"
    );
}

pub async fn keys_are_listed_per_partner_only(store: &dyn Store) {
    let (mine, _, my_first) = partner_with_key("mine");
    let (theirs, _, their_first) = partner_with_key("theirs");
    store.create_partner(&mine, &my_first).await.unwrap();
    store.create_partner(&theirs, &their_first).await.unwrap();
    let second = ApiKeyRecord::new(&ApiKey::generate(), mine.id, now() + Duration::seconds(1));
    store.add_api_key(&second).await.unwrap();

    let my_keys = store.list_api_keys(mine.id).await.unwrap();
    let their_keys = store.list_api_keys(theirs.id).await.unwrap();

    assert_eq!(my_keys, vec![my_first, second]);
    assert_eq!(their_keys, vec![their_first]);
}
