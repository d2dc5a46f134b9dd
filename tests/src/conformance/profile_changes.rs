//! Changes to a profile: patches, reference moves and submissions.

use shared::domain::attributes::{AttributeValue, Attributes};
use shared::domain::model::{
    HeldIdempotencyKey, PartnerId, Profile, ProfileId, ProfilePatch, ProfileStatus,
};
use shared::store::{Store, StoreError};

use super::{assert_fails, draft, idempotency, now, set};

pub async fn patches_merge_bump_the_version_and_honour_if_match(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = draft(partner, None);
    store.create_profile(&profile, None).await.unwrap();
    store.submit_profile(&profile, now(), None).await.unwrap();
    let patch = ProfilePatch {
        set: vec![(
            "savings",
            AttributeValue::Money(scoring::Money::from_cents(1_000_000)),
        )],
        remove: vec!["dependents"],
        reference: None,
    };

    let patched = store
        .patch_profile(partner, profile.id, &patch, Some(1), now())
        .await
        .unwrap();
    let stale = store
        .patch_profile(partner, profile.id, &patch, Some(1), now())
        .await;
    let unknown = store
        .patch_profile(partner, ProfileId::new(), &patch, None, now())
        .await;

    assert_eq!(patched.version, 2);
    assert_eq!(
        patched.status,
        ProfileStatus::Draft,
        "a change returns a submitted profile to draft"
    );
    assert!(patched.attributes.get("dependents").is_none());
    assert!(patched.attributes.get("savings").is_some());
    assert!(
        patched.attributes.get("monthly_net_income").is_some(),
        "untouched values stay"
    );
    assert_fails(
        stale,
        StoreError::VersionMismatch,
        "If-Match of an old version",
    );
    assert_fails(unknown, StoreError::NotFound, "patching an unknown profile");
    assert_eq!(
        store.get_profile(partner, profile.id).await.unwrap(),
        Some(patched),
        "the failed patches changed nothing"
    );
}

/// A patch that names nothing (`{}`, or `{"attributes": {}}`) is still a change: the
/// version moves and a submitted profile returns to draft. On DynamoDB its `UpdateItem` must
/// not declare the `attributes` name it does not use, which DynamoDB refuses as a
/// `ValidationException`.
pub async fn an_empty_patch_bumps_the_version_only(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = draft(partner, None);
    store.create_profile(&profile, None).await.unwrap();
    store.submit_profile(&profile, now(), None).await.unwrap();

    let patched = store
        .patch_profile(
            partner,
            profile.id,
            &ProfilePatch::default(),
            Some(1),
            now(),
        )
        .await
        .unwrap();

    assert_eq!(patched.version, 2);
    assert_eq!(patched.status, ProfileStatus::Draft);
    assert_eq!(patched.attributes, profile.attributes);
}

/// Run on the embedded store only, where the atomicity of a patch is ours (one SQLite
/// transaction). On DynamoDB it is the service's: a patch is one `UpdateItem` that sets
/// the attributes it names and increments the version server-side, which
/// `round_trips` (1 round trip, no read) and `patches_merge_bump_the_version_and_honour_if_match`
/// (attributes not named are kept) assert against moto. moto's threaded server applies
/// concurrent `UpdateItem`s without a lock, so it loses some of these updates where
/// DynamoDB cannot.
pub async fn concurrent_patches_never_lose_an_update(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = Profile::draft(partner, None, Attributes::default(), now());
    store.create_profile(&profile, None).await.unwrap();
    let names = [
        "monthly_rent",
        "savings",
        "down_payment",
        "other_monthly_income",
        "rental_income",
        "other_monthly_charges",
        "co_borrower_monthly_net_income",
        "monthly_net_income",
    ];
    let patches = names.iter().enumerate().map(|(index, name)| {
        let patch = set(
            name,
            AttributeValue::Money(scoring::Money::from_cents(index as i64 + 1)),
        );
        async move {
            store
                .patch_profile(partner, profile.id, &patch, None, now())
                .await
        }
    });

    let results = futures_join_all(patches).await;

    for result in results {
        result.expect("every concurrent patch succeeds");
    }
    let stored = store
        .get_profile(partner, profile.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.version, 1 + names.len() as u32);
    for name in names {
        assert!(stored.attributes.get(name).is_some(), "{name} was lost");
    }
}

/// Polls every future together on this task (no runtime threads needed).
async fn futures_join_all<F: std::future::Future>(
    futures: impl IntoIterator<Item = F>,
) -> Vec<F::Output> {
    let mut set = Vec::new();
    for future in futures {
        set.push(Box::pin(future));
    }
    let mut outputs: Vec<Option<F::Output>> = (0..set.len()).map(|_| None).collect();
    std::future::poll_fn(|context| {
        let mut pending = false;
        for (index, future) in set.iter_mut().enumerate() {
            if outputs[index].is_none() {
                match future.as_mut().poll(context) {
                    std::task::Poll::Ready(output) => outputs[index] = Some(output),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs
        .into_iter()
        .map(|output| output.expect("ready"))
        .collect()
}

pub async fn changing_a_reference_frees_the_old_one(store: &dyn Store) {
    let partner = PartnerId::new();
    let first = draft(partner, Some("old-ref"));
    let second = draft(partner, Some("taken"));
    store.create_profile(&first, None).await.unwrap();
    store.create_profile(&second, None).await.unwrap();
    let to_taken = ProfilePatch {
        reference: Some(Some("taken".into())),
        ..Default::default()
    };
    let to_new = ProfilePatch {
        reference: Some(Some("new-ref".into())),
        ..Default::default()
    };
    let cleared = ProfilePatch {
        reference: Some(None),
        ..Default::default()
    };

    let taken = store
        .patch_profile(partner, first.id, &to_taken, None, now())
        .await;

    assert_fails(
        taken,
        StoreError::ReferenceTaken,
        "moving onto a taken reference",
    );
    assert_eq!(
        store.get_profile(partner, first.id).await.unwrap().unwrap(),
        first,
        "unchanged"
    );

    let moved = store
        .patch_profile(partner, first.id, &to_new, None, now())
        .await
        .unwrap();

    assert_eq!(moved.reference.as_deref(), Some("new-ref"));
    assert_eq!(moved.version, 2);
    store
        .create_profile(&draft(partner, Some("old-ref")), None)
        .await
        .expect("the old reference is free");

    let moved = store
        .patch_profile(partner, first.id, &cleared, None, now())
        .await
        .unwrap();

    assert_eq!(moved.reference, None);
    store
        .create_profile(&draft(partner, Some("new-ref")), None)
        .await
        .expect("freed again");
}

pub async fn submission_freezes_a_snapshot_of_the_version(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = draft(partner, None);
    store.create_profile(&profile, None).await.unwrap();
    let submitted_at = now();

    let submitted = store
        .submit_profile(&profile, submitted_at, None)
        .await
        .unwrap();

    assert_eq!(submitted.status, ProfileStatus::Submitted);
    assert_eq!(submitted.submitted_version, Some(1));
    assert_eq!(submitted.submitted_at, Some(submitted_at));
    assert_eq!(
        store.get_profile(partner, profile.id).await.unwrap(),
        Some(submitted.clone())
    );
    let snapshot = store
        .get_snapshot(partner, profile.id, 1)
        .await
        .unwrap()
        .expect("snapshot");
    assert_eq!(snapshot.attributes, profile.attributes);

    let patch = set("dependents", AttributeValue::Integer(5));
    store
        .patch_profile(partner, profile.id, &patch, None, now())
        .await
        .unwrap();
    let stale = store.submit_profile(&profile, now(), None).await;

    assert_eq!(
        store.get_snapshot(partner, profile.id, 1).await.unwrap(),
        Some(snapshot),
        "immutable"
    );
    assert_eq!(
        store.get_snapshot(partner, profile.id, 2).await.unwrap(),
        None
    );
    assert_fails(
        stale,
        StoreError::VersionMismatch,
        "submitting a stale read",
    );
}

pub async fn a_version_is_submitted_once(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = draft(partner, None);
    store.create_profile(&profile, None).await.unwrap();
    let first_at = now();
    let submitted = store
        .submit_profile(&profile, first_at, None)
        .await
        .unwrap();

    let again = store
        .submit_profile(&submitted, first_at + chrono::Duration::seconds(5), None)
        .await;

    assert_fails(again, StoreError::AlreadyExists, "the same version twice");
    assert_eq!(
        store.get_profile(partner, profile.id).await.unwrap(),
        Some(submitted),
        "the first submission stands"
    );
    assert_eq!(
        store.get_snapshot(partner, profile.id, 1).await.unwrap(),
        Some(profile.snapshot(first_at))
    );
}

pub async fn submission_records_its_idempotency_response(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = draft(partner, None);
    store.create_profile(&profile, None).await.unwrap();
    let record = idempotency(partner, "submit-1", Some(&profile));
    let other = draft(partner, None);
    store.create_profile(&other, None).await.unwrap();

    let submitted = store
        .submit_profile(&profile, now(), Some(&record))
        .await
        .unwrap();
    let reused = store.submit_profile(&other, now(), Some(&record)).await;

    assert_eq!(
        submitted.idempotency_keys,
        vec![HeldIdempotencyKey::new("submit-1", record.expires_at)],
        "erased with the profile"
    );
    assert_eq!(
        store.get_profile(partner, profile.id).await.unwrap(),
        Some(submitted)
    );
    assert_eq!(
        store.get_idempotency(partner, "submit-1").await.unwrap(),
        Some(record)
    );
    assert_fails(reused, StoreError::IdempotencyKeyTaken, "a key used twice");
    assert_eq!(
        store.get_profile(partner, other.id).await.unwrap(),
        Some(other.clone()),
        "nothing submitted"
    );
    assert_eq!(
        store.get_snapshot(partner, other.id, 1).await.unwrap(),
        None
    );
}

pub async fn submitting_an_erased_profile_is_a_version_mismatch(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = draft(partner, None);
    store.create_profile(&profile, None).await.unwrap();
    store.delete_profile(partner, profile.id).await.unwrap();

    let submitted = store.submit_profile(&profile, now(), None).await;

    assert_fails(
        submitted,
        StoreError::VersionMismatch,
        "the profile changed since it was read: it is gone",
    );
    assert_eq!(store.get_profile(partner, profile.id).await.unwrap(), None);
    assert_eq!(
        store.get_snapshot(partner, profile.id, 1).await.unwrap(),
        None,
        "nothing recreated"
    );
}

/// A profile submitted again and again with Idempotency-Keys holds only the keys whose
/// records live: its item stays far from DynamoDB's 400 KB.
pub async fn a_submission_forgets_the_idempotency_keys_whose_records_expired(store: &dyn Store) {
    let partner = PartnerId::new();
    let mut profile = draft(partner, None);
    let expired = (now() - chrono::Duration::hours(1)).timestamp();
    profile.idempotency_keys = (0..1_000)
        .map(|n| HeldIdempotencyKey::new(format!("{n:0>200}"), expired))
        .collect();
    let live = HeldIdempotencyKey::new("create-key", expired + 86_400);
    profile.idempotency_keys.push(live.clone());
    store.create_profile(&profile, None).await.unwrap();
    let record = idempotency(partner, "submit-key", Some(&profile));

    let submitted = store
        .submit_profile(&profile, now(), Some(&record))
        .await
        .unwrap();

    let held = vec![
        live,
        HeldIdempotencyKey::new("submit-key", record.expires_at),
    ];
    assert_eq!(submitted.idempotency_keys, held);
    assert_eq!(
        store
            .get_profile(partner, profile.id)
            .await
            .unwrap()
            .unwrap()
            .idempotency_keys,
        held,
        "as stored"
    );
}
