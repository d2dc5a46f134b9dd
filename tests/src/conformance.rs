//! The Store conformance suite: one set of behaviours every [`Store`] must have, run
//! against the embedded store and against DynamoDB in moto by [`store_conformance!`].

use std::sync::Arc;

use chrono::{Duration, DurationRound, Utc};
use serde_json::json;
use shared::domain::api_key::ApiKey;
use shared::domain::attributes::{AttributeValue, Attributes};
use shared::domain::model::{
    ApiKeyRecord, IdempotencyRecord, KeyStatus, Partner, PartnerId, PartnerStatus, Profile,
    ProfileFilter, ProfilePatch, ProfileStatus,
};
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

/// Generates one `#[tokio::test]` per conformance case for the store built by `$make`,
/// and for the extra cases named after a `;`.
#[macro_export]
macro_rules! store_conformance {
    ($module:ident, $make:path $(; $($extra:ident),* $(,)?)?) => {
        mod $module {
            $crate::store_conformance!(@cases $make;
                $($($extra,)*)?
                partner_and_first_key_round_trip,
                creating_an_existing_partner_or_key_conflicts,
                partners_are_listed_oldest_first,
                suspension_reaches_every_key_and_is_reversible,
                unknown_partner_is_not_found,
                added_keys_copy_the_partner_status,
                revocation_is_final_and_visible,
                keys_are_listed_per_partner_only,
                profile_round_trip,
                references_are_unique_per_partner,
                idempotency_records_are_kept_and_keys_claimed_once,
                profiles_page_in_creation_order_with_filters,
                patches_merge_bump_the_version_and_honour_if_match,
                changing_a_reference_frees_the_old_one,
                submission_freezes_a_snapshot_of_the_version,
                deletion_erases_everything_about_a_profile,
                another_partners_profiles_are_out_of_reach,
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
            .get_partner(shared::domain::model::PartnerId::new())
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

/// Attributes parsed from a JSON object, as a request would give them.
pub fn attributes(value: serde_json::Value) -> Attributes {
    let raw = serde_json::from_str(&value.to_string()).expect("raw values");
    Attributes::parse(&raw, scoring::Date::new(2026, 11, 25).expect("date"))
        .expect("valid attributes")
}

fn draft(partner: PartnerId, reference: Option<&str>) -> Profile {
    Profile::draft(
        partner,
        reference.map(str::to_owned),
        attributes(json!({"monthly_net_income": 3200.5, "loan_type": "mortgage", "dependents": 2})),
        now(),
    )
}

fn idempotency(partner: PartnerId, key: &str, profile: Option<&Profile>) -> IdempotencyRecord {
    IdempotencyRecord {
        key: key.to_owned(),
        partner_id: partner,
        fingerprint: "f".repeat(64),
        status: 201,
        data: r#"{"id":"x"}"#.to_owned(),
        headers: vec![
            ("etag".to_owned(), "\"1\"".to_owned()),
            ("location".to_owned(), "/api/v1/profiles/x/".to_owned()),
        ],
        profile_id: profile.map(|p| p.id),
        created_at: now(),
        expires_at: (now() + Duration::hours(24)).timestamp(),
    }
}

fn set(name: &'static str, value: AttributeValue) -> ProfilePatch {
    ProfilePatch {
        set: vec![(name, value)],
        ..ProfilePatch::default()
    }
}

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
        store
            .get_profile(partner, shared::domain::model::ProfileId::new())
            .await
            .unwrap(),
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
    assert!(
        matches!(result, Err(StoreError::ReferenceTaken)),
        "{result:?}"
    );
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
    profile.idempotency_keys.push("key-1".into());
    let record = idempotency(partner, "key-1", Some(&profile));
    store.create_profile(&profile, Some(&record)).await.unwrap();
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

    let second = draft(partner, Some("r"));
    let result = store.create_profile(&second, Some(&record)).await;
    assert!(
        matches!(result, Err(StoreError::IdempotencyKeyTaken)),
        "{result:?}"
    );
    assert_eq!(store.get_profile(partner, second.id).await.unwrap(), None);
    store
        .create_profile(&draft(partner, Some("r")), None)
        .await
        .expect("the failed create claimed nothing");

    let expired = IdempotencyRecord {
        expires_at: now().timestamp() - 1,
        ..idempotency(partner, "old", None)
    };
    let mut reuser = draft(partner, None);
    reuser.idempotency_keys.push("old".into());
    store
        .create_profile(&draft(partner, None), Some(&expired))
        .await
        .unwrap();
    assert_eq!(
        store.get_idempotency(partner, "old").await.unwrap(),
        None,
        "expired records are gone"
    );
    let fresh = idempotency(partner, "old", Some(&reuser));
    store
        .create_profile(&reuser, Some(&fresh))
        .await
        .expect("an expired key can be used again");
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
    let all: Vec<_> = created.iter().map(|p| p.id).collect();
    assert_eq!(collect(ProfileFilter::default()).await, all);
    let submitted = collect(ProfileFilter {
        status: Some(ProfileStatus::Submitted),
        ..Default::default()
    })
    .await;
    assert_eq!(submitted, vec![created[1].id, created[3].id]);
    let by_reference = collect(ProfileFilter {
        reference: Some("ref-4".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(by_reference, vec![created[4].id]);
}

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
    assert_eq!(
        store.get_profile(partner, profile.id).await.unwrap(),
        Some(patched.clone())
    );

    let stale = store
        .patch_profile(partner, profile.id, &patch, Some(1), now())
        .await;
    assert!(
        matches!(stale, Err(StoreError::VersionMismatch)),
        "{stale:?}"
    );
    let unknown = store
        .patch_profile(
            partner,
            shared::domain::model::ProfileId::new(),
            &patch,
            None,
            now(),
        )
        .await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
    assert_eq!(
        store
            .get_profile(partner, profile.id)
            .await
            .unwrap()
            .unwrap()
            .version,
        2
    );
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
    for result in futures_join_all(patches).await {
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
    let result = store
        .patch_profile(partner, first.id, &to_taken, None, now())
        .await;
    assert!(
        matches!(result, Err(StoreError::ReferenceTaken)),
        "{result:?}"
    );
    assert_eq!(
        store.get_profile(partner, first.id).await.unwrap().unwrap(),
        first,
        "unchanged"
    );

    let to_new = ProfilePatch {
        reference: Some(Some("new-ref".into())),
        ..Default::default()
    };
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

    let cleared = ProfilePatch {
        reference: Some(None),
        ..Default::default()
    };
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
    let submitted = store.submit_profile(&profile, now(), None).await.unwrap();
    assert_eq!(submitted.status, ProfileStatus::Submitted);
    assert_eq!(submitted.submitted_version, Some(1));
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
    assert_eq!(
        store
            .get_snapshot(partner, profile.id, 1)
            .await
            .unwrap()
            .unwrap(),
        snapshot,
        "immutable"
    );
    assert_eq!(
        store.get_snapshot(partner, profile.id, 2).await.unwrap(),
        None
    );

    let stale = store.submit_profile(&profile, now(), None).await;
    assert!(
        matches!(stale, Err(StoreError::VersionMismatch)),
        "{stale:?}"
    );
}

pub async fn deletion_erases_everything_about_a_profile(store: &dyn Store) {
    let partner = PartnerId::new();
    let mut profile = draft(partner, Some("erase-me"));
    profile.idempotency_keys.push("create-key".into());
    store
        .create_profile(
            &profile,
            Some(&idempotency(partner, "create-key", Some(&profile))),
        )
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
    assert!(matches!(again, Err(StoreError::NotFound)), "{again:?}");
}

pub async fn another_partners_profiles_are_out_of_reach(store: &dyn Store) {
    let owner = PartnerId::new();
    let intruder = PartnerId::new();
    let profile = draft(owner, Some("mine"));
    store.create_profile(&profile, None).await.unwrap();

    assert_eq!(store.get_profile(intruder, profile.id).await.unwrap(), None);
    let listed = store
        .list_profiles(intruder, &ProfileFilter::default(), None, 100)
        .await
        .unwrap();
    assert!(listed.items.is_empty());
    let patch = set("dependents", AttributeValue::Integer(9));
    let patched = store
        .patch_profile(intruder, profile.id, &patch, None, now())
        .await;
    assert!(matches!(patched, Err(StoreError::NotFound)), "{patched:?}");
    let deleted = store.delete_profile(intruder, profile.id).await;
    assert!(matches!(deleted, Err(StoreError::NotFound)), "{deleted:?}");
    assert_eq!(
        store.get_profile(owner, profile.id).await.unwrap(),
        Some(profile),
        "left unchanged"
    );
}
