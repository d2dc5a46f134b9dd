//! Profiles: creation, references, idempotency records, lists, snapshots and erasure.

use chrono::Duration;
use shared::domain::attributes::AttributeValue;
use shared::domain::model::{
    HeldIdempotencyKey, IdempotencyRecord, PartnerId, ProfileFilter, ProfileId, ProfileStatus,
};
use shared::store::{Store, StoreError};

use super::{assert_fails, draft, idempotency, now, set};

pub async fn profile_round_trip(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = draft(partner, Some("client-42"));

    store.create_profile(&profile, None).await.unwrap();

    let stored = store
        .get_profile(partner, profile.id)
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(stored, profile);
    assert_eq!(
        stored.attributes.get("monthly_net_income"),
        Some(&AttributeValue::Money(scoring::Money::from_cents(320_050))),
        "cents survive the round trip exactly"
    );
    assert_eq!(
        store.get_profile(partner, ProfileId::new()).await.unwrap(),
        None
    );
}

pub async fn references_are_unique_per_partner(store: &dyn Store) {
    let partner = PartnerId::new();
    store
        .create_profile(&draft(partner, Some("ref-1")), None)
        .await
        .unwrap();
    let duplicate = draft(partner, Some("ref-1"));

    let result = store.create_profile(&duplicate, None).await;

    assert_fails(result, StoreError::ReferenceTaken, "a reference used twice");
    assert_eq!(
        store.get_profile(partner, duplicate.id).await.unwrap(),
        None,
        "nothing stored"
    );
    store
        .create_profile(&draft(PartnerId::new(), Some("ref-1")), None)
        .await
        .expect("another partner may use it");
    store
        .create_profile(&draft(partner, None), None)
        .await
        .expect("no reference, no claim");
    store
        .create_profile(&draft(partner, None), None)
        .await
        .expect("twice");
}

pub async fn idempotency_records_are_kept_and_keys_claimed_once(store: &dyn Store) {
    let partner = PartnerId::new();
    let mut profile = draft(partner, None);
    let record = idempotency(partner, "key-1", Some(&profile));
    profile
        .idempotency_keys
        .push(HeldIdempotencyKey::new("key-1", record.expires_at));
    let second = draft(partner, Some("r"));

    store.create_profile(&profile, Some(&record)).await.unwrap();
    let reused = store.create_profile(&second, Some(&record)).await;

    assert_eq!(
        store.get_idempotency(partner, "key-1").await.unwrap(),
        Some(record.clone())
    );
    assert_eq!(
        store
            .get_idempotency(PartnerId::new(), "key-1")
            .await
            .unwrap(),
        None,
        "scoped per partner"
    );
    assert_fails(reused, StoreError::IdempotencyKeyTaken, "a key used twice");
    assert_eq!(store.get_profile(partner, second.id).await.unwrap(), None);
    store
        .create_profile(&draft(partner, Some("r")), None)
        .await
        .expect("the failed create claimed nothing");
}

pub async fn expired_idempotency_records_are_not_returned(store: &dyn Store) {
    let partner = PartnerId::new();
    let expired = IdempotencyRecord {
        expires_at: now().timestamp() - 1,
        ..idempotency(partner, "old", None)
    };
    store
        .create_profile(&draft(partner, None), Some(&expired))
        .await
        .unwrap();
    let mut reuser = draft(partner, None);
    let fresh = idempotency(partner, "old", Some(&reuser));
    reuser
        .idempotency_keys
        .push(HeldIdempotencyKey::new("old", fresh.expires_at));

    let read = store.get_idempotency(partner, "old").await.unwrap();
    let reused = store.create_profile(&reuser, Some(&fresh)).await;

    assert_eq!(read, None, "expired records are gone");
    reused.expect("an expired key can be used again");
    assert_eq!(
        store.get_idempotency(partner, "old").await.unwrap(),
        Some(fresh)
    );
}

pub async fn profiles_page_in_creation_order_with_filters(store: &dyn Store) {
    let partner = PartnerId::new();
    let mut created = Vec::new();
    for index in 0..5 {
        let profile = draft(partner, Some(&format!("ref-{index}")));
        store.create_profile(&profile, None).await.unwrap();
        created.push(profile);
    }
    store
        .create_profile(&draft(PartnerId::new(), None), None)
        .await
        .unwrap();
    for profile in [&created[1], &created[3]] {
        store.submit_profile(profile, now(), None).await.unwrap();
    }
    let collect = |filter: ProfileFilter| async move {
        let mut ids = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..20 {
            let page = store
                .list_profiles(partner, &filter, after.as_deref(), 2)
                .await
                .unwrap();
            assert!(page.items.len() <= 2);
            ids.extend(page.items.iter().map(|p| p.id));
            match page.next {
                Some(next) => after = Some(next),
                None => return ids,
            }
        }
        panic!("pagination does not end");
    };

    let all = collect(ProfileFilter::default()).await;
    let submitted = collect(ProfileFilter {
        status: Some(ProfileStatus::Submitted),
        ..Default::default()
    })
    .await;
    let by_reference = collect(ProfileFilter {
        reference: Some("ref-4".into()),
        ..Default::default()
    })
    .await;

    assert_eq!(all, created.iter().map(|p| p.id).collect::<Vec<_>>());
    assert_eq!(submitted, vec![created[1].id, created[3].id]);
    assert_eq!(by_reference, vec![created[4].id]);
}

pub async fn snapshots_are_kept_per_partner_and_version(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = draft(partner, Some("snap"));
    store.create_profile(&profile, None).await.unwrap();
    let first_at = now();
    store
        .submit_profile(&profile, first_at, None)
        .await
        .unwrap();
    let patch = set("dependents", AttributeValue::Integer(4));
    let patched = store
        .patch_profile(partner, profile.id, &patch, None, now())
        .await
        .unwrap();
    let second_at = now() + Duration::seconds(1);
    store
        .submit_profile(&patched, second_at, None)
        .await
        .unwrap();

    let first = store.get_snapshot(partner, profile.id, 1).await.unwrap();
    let second = store.get_snapshot(partner, profile.id, 2).await.unwrap();
    let unsubmitted = store.get_snapshot(partner, profile.id, 3).await.unwrap();
    let intruder = store
        .get_snapshot(PartnerId::new(), profile.id, 1)
        .await
        .unwrap();
    let unknown = store
        .get_snapshot(partner, ProfileId::new(), 1)
        .await
        .unwrap();

    assert_eq!(first, Some(profile.snapshot(first_at)));
    assert_eq!(second, Some(patched.snapshot(second_at)));
    assert_eq!(unsubmitted, None, "a version never submitted");
    assert_eq!(intruder, None, "another partner's");
    assert_eq!(unknown, None, "an unknown profile's");
}

pub async fn deletion_erases_everything_about_a_profile(store: &dyn Store) {
    let partner = PartnerId::new();
    let mut profile = draft(partner, Some("erase-me"));
    let created = idempotency(partner, "create-key", Some(&profile));
    profile
        .idempotency_keys
        .push(HeldIdempotencyKey::new("create-key", created.expires_at));
    store
        .create_profile(&profile, Some(&created))
        .await
        .unwrap();
    let record = idempotency(partner, "submit-key", Some(&profile));
    store
        .submit_profile(&profile, now(), Some(&record))
        .await
        .unwrap();
    let keep = draft(partner, Some("keep-me"));
    store.create_profile(&keep, None).await.unwrap();

    store.delete_profile(partner, profile.id).await.unwrap();

    assert_eq!(store.get_profile(partner, profile.id).await.unwrap(), None);
    assert_eq!(
        store.get_snapshot(partner, profile.id, 1).await.unwrap(),
        None
    );
    assert_eq!(
        store.get_idempotency(partner, "create-key").await.unwrap(),
        None
    );
    assert_eq!(
        store.get_idempotency(partner, "submit-key").await.unwrap(),
        None
    );
    store
        .create_profile(&draft(partner, Some("erase-me")), None)
        .await
        .expect("the reference is free");
    assert!(
        store.get_profile(partner, keep.id).await.unwrap().is_some(),
        "other profiles stay"
    );
    let again = store.delete_profile(partner, profile.id).await;
    assert_fails(again, StoreError::NotFound, "erasing twice");
}

pub async fn another_partners_profiles_are_out_of_reach(store: &dyn Store) {
    let owner = PartnerId::new();
    let intruder = PartnerId::new();
    let profile = draft(owner, Some("mine"));
    store.create_profile(&profile, None).await.unwrap();
    let patch = set("dependents", AttributeValue::Integer(9));

    let read = store.get_profile(intruder, profile.id).await.unwrap();
    let listed = store
        .list_profiles(intruder, &ProfileFilter::default(), None, 100)
        .await
        .unwrap();
    let patched = store
        .patch_profile(intruder, profile.id, &patch, None, now())
        .await;
    let deleted = store.delete_profile(intruder, profile.id).await;

    assert_eq!(read, None);
    assert!(listed.items.is_empty());
    assert_fails(patched, StoreError::NotFound, "patching another's");
    assert_fails(deleted, StoreError::NotFound, "erasing another's");
    assert_eq!(
        store.get_profile(owner, profile.id).await.unwrap(),
        Some(profile),
        "left unchanged"
    );
}
