//! The Store conformance suite: one set of behaviours every [`Store`] must have, run
//! against the embedded store and against DynamoDB in moto by [`store_conformance!`].
//!
//! Cases are grouped by aggregate ([`partners`], [`profiles`], [`profile_changes`]).

pub mod partners;
pub mod profile_changes;
pub mod profiles;

use std::fmt::Debug;
use std::sync::Arc;

use chrono::{DateTime, Duration, DurationRound, Utc};
use serde_json::json;
use shared::domain::attributes::{AttributeValue, Attributes};
use shared::domain::model::{IdempotencyRecord, PartnerId, Profile, ProfilePatch};
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
/// and for the extra cases (`group::case`) named after a `;`.
#[macro_export]
macro_rules! store_conformance {
    (@cases $module:ident, $make:path; $($group:ident :: $case:ident),* $(,)?) => {
        mod $module {
            $(
                #[tokio::test]
                async fn $case() {
                    let store = $make().await;
                    $crate::conformance::$group::$case(&*store).await;
                }
            )*
        }
    };
    ($module:ident, $make:path $(; $($xgroup:ident :: $extra:ident),* $(,)?)?) => {
        $crate::store_conformance! { @cases $module, $make;
            $($($xgroup::$extra,)*)?
            partners::partner_and_first_key_round_trip,
            partners::creating_an_existing_partner_or_key_conflicts,
            partners::partners_are_listed_oldest_first,
            partners::suspension_reaches_every_key_and_is_reversible,
            partners::unknown_partner_is_not_found,
            partners::added_keys_copy_the_partner_status,
            partners::revocation_is_final_and_visible,
            partners::keys_are_listed_per_partner_only,
            profiles::profile_round_trip,
            profiles::references_are_unique_per_partner,
            profiles::idempotency_records_are_kept_and_keys_claimed_once,
            profiles::expired_idempotency_records_are_not_returned,
            profiles::profiles_page_in_creation_order_with_filters,
            profiles::deletion_erases_everything_about_a_profile,
            profiles::another_partners_profiles_are_out_of_reach,
            profile_changes::patches_merge_bump_the_version_and_honour_if_match,
            profile_changes::changing_a_reference_frees_the_old_one,
            profile_changes::submission_freezes_a_snapshot_of_the_version,
        }
    };
}

/// Store timestamps at microsecond precision, as both stores keep them.
pub fn now() -> DateTime<Utc> {
    Utc::now()
        .duration_trunc(Duration::microseconds(1))
        .expect("truncate")
}

/// Asserts that `result` is the error `expected` (compared by variant); `why` says
/// what the case checks.
#[track_caller]
pub fn assert_fails<T: Debug>(result: Result<T, StoreError>, expected: StoreError, why: &str) {
    match result {
        Err(error) if std::mem::discriminant(&error) == std::mem::discriminant(&expected) => {}
        other => panic!("{why}: expected Err({expected:?}), got {other:?}"),
    }
}

/// Attributes parsed from a JSON object, as a request would give them.
pub fn attributes(value: serde_json::Value) -> Attributes {
    let raw = serde_json::from_str(&value.to_string()).expect("raw values");
    Attributes::parse(&raw, scoring::Date::new(2026, 11, 25).expect("date"))
        .expect("valid attributes")
}

/// A draft with a few attributes, not enough to analyse.
pub fn draft(partner: PartnerId, reference: Option<&str>) -> Profile {
    Profile::draft(
        partner,
        reference.map(str::to_owned),
        attributes(json!({"monthly_net_income": 3200.5, "loan_type": "mortgage", "dependents": 2})),
        now(),
    )
}

/// A record of the response to `key`, living 24 hours.
pub fn idempotency(partner: PartnerId, key: &str, profile: Option<&Profile>) -> IdempotencyRecord {
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

/// A patch setting one attribute.
pub fn set(name: &'static str, value: AttributeValue) -> ProfilePatch {
    ProfilePatch {
        set: vec![(name, value)],
        ..ProfilePatch::default()
    }
}
