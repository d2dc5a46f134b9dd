//! The Store conformance suite on both backends, and the check that it has a case for
//! every method of the store's traits.

use std::collections::BTreeSet;
use std::sync::Arc;

use partnerb2b_tests::conformance::coverage::{METHODS, Recording};
use partnerb2b_tests::conformance::{self, cases};
use partnerb2b_tests::store_conformance;

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
