//! The Store conformance suite on both backends, and the check that it has a case for
//! every method of the store's traits.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::Utc;
use partnerb2b_tests::conformance::coverage::{METHODS, Recording};
use partnerb2b_tests::conformance::{self, cases};
use partnerb2b_tests::store_conformance;
use shared::domain::api_key::ApiKey;
use shared::domain::model::{ApiKeyRecord, Partner, PartnerId};
use shared::store::prelude::*;

store_conformance!(
    embedded,
    partnerb2b_tests::conformance::embedded;
    profile_changes::concurrent_patches_never_lose_an_update
);
store_conformance!(dynamodb, partnerb2b_tests::conformance::dynamodb);

/// Runs every case on a recording embedded store: each case calls the methods it says it
/// covers, and the cases together cover every method of the store's traits.
#[tokio::test]
async fn every_store_method_has_a_conformance_case() {
    let methods: BTreeSet<&str> = METHODS.iter().copied().collect();
    let mut covered = BTreeSet::new();

    for case in cases() {
        let store = conformance::embedded().await;
        let recording = Recording::new(Arc::clone(&store.store));
        (case.run)(&recording).await;
        let called = recording.calls();
        for method in case.covers {
            assert!(
                methods.contains(method),
                "{} claims to cover {method}, which no store trait has",
                case.name
            );
            assert!(
                called.contains(method),
                "{} claims to cover {method} but never calls it",
                case.name
            );
        }
        covered.extend(case.covers.iter().copied());
    }

    let missing: Vec<_> = methods.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "store methods without a conformance case: {missing:?}"
    );
}

/// `list_api_keys` on DynamoDB costs what its documentation says: 1 `Query` + 1
/// `BatchGetItem` per 100 keys.
#[tokio::test]
async fn listing_keys_on_dynamodb_costs_a_query_and_a_batch_get_per_100_keys() {
    let (store, round_trips) = partnerb2b_tests::aws::counted_dynamo_store().await;
    let partner = Partner::new("many keys", Utc::now());
    let first = ApiKeyRecord::new(&ApiKey::generate(), partner.id, Utc::now());
    store.create_partner(&partner, &first).await.unwrap();
    for _ in 1..101 {
        let key = ApiKeyRecord::new(&ApiKey::generate(), partner.id, Utc::now());
        store.add_api_key(&key).await.unwrap();
    }

    round_trips.reset();
    let keys = store.list_api_keys(partner.id).await.unwrap();
    let for_many = round_trips.count();
    round_trips.reset();
    let none = store.list_api_keys(PartnerId::new()).await.unwrap();
    let for_none = round_trips.count();

    assert_eq!(keys.len(), 101);
    assert!(keys.is_sorted_by_key(|key| key.created_at), "oldest first");
    assert_eq!(for_many, 3, "1 Query + 2 BatchGetItem");
    assert!(none.is_empty());
    assert_eq!(for_none, 1, "1 Query, nothing to get");
}
