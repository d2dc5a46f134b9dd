//! The Store conformance suite: one set of behaviours every [`Store`] must have, run
//! against the embedded store and against DynamoDB in moto by
//! [`crate::store_conformance!`].
//!
//! Cases are grouped by aggregate ([`partners`], [`profiles`], [`profile_changes`],
//! [`lookups`], [`analyses`], their [`reviews`], their [`records`] and the sweeper's view of them,
//! [`sweeping`], [`webhooks`], [`webhook_log`]). The one list of cases, in the macro, names the store
//! methods each case is the test of; [`cases`] gives that list to the test that holds
//! every trait method to a case ([`coverage`]).

pub mod analyses;
pub mod coverage;
pub mod lookups;
pub mod partners;
pub mod profile_changes;
pub mod profiles;
pub mod records;
pub mod reviews;
pub mod statements;
pub mod sweeping;
pub mod usury;
pub mod webhook_log;
pub mod webhooks;

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, Duration, DurationRound, Utc};
use serde_json::json;
use shared::domain::attributes::{AttributeValue, Attributes};
use shared::domain::model::{
    Analysis, AnalysisStatus, IdempotencyRecord, PartnerId, Profile, ProfilePatch,
};
use shared::store::embedded::EmbeddedStore;
use shared::store::{Store, StoreError};
use tempfile::TempDir;

use crate::aws;
use crate::fixtures::complete_profile;

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
///
/// Each case is listed once, here, as `group::case [methods]`: the store methods it is
/// the test of, which `tests/it/store.rs` checks it calls and which together must be
/// every method of the store's traits.
#[macro_export]
macro_rules! store_conformance {
    (@cases [$($then:tt)*]) => {
        $crate::store_conformance! { $($then)*;
            partners::partner_and_first_key_round_trip [create_partner, get_partner, get_api_key],
            partners::creating_an_existing_partner_or_key_conflicts [create_partner, add_api_key],
            partners::partners_are_listed_oldest_first [list_partners],
            partners::suspension_reaches_every_key_and_is_reversible [set_partner_status],
            partners::unknown_partner_is_not_found [set_partner_status, add_api_key, list_api_keys],
            partners::added_keys_copy_the_partner_status [add_api_key],
            partners::revocation_is_final_and_visible [revoke_api_key],
            partners::a_revoked_refresh_token_no_longer_finds_its_key [revoke_refresh_token, get_refresh_key],
            partners::keys_are_listed_per_partner_only [list_api_keys],
            profiles::profile_round_trip [create_profile, get_profile],
            profiles::references_are_unique_per_partner [create_profile],
            profiles::idempotency_records_are_kept_and_keys_claimed_once [create_profile, get_idempotency],
            profiles::expired_idempotency_records_are_not_returned [get_idempotency],
            profiles::profiles_page_in_creation_order_with_filters [list_profiles],
            profiles::snapshots_are_kept_per_partner_and_version [get_snapshot],
            profiles::deletion_erases_everything_about_a_profile [delete_profile],
            profiles::another_partners_profiles_are_out_of_reach [get_profile, list_profiles, patch_profile, delete_profile],
            lookups::a_status_page_is_full_unless_it_is_the_last [list_profiles],
            lookups::the_last_page_of_every_list_says_so [list_profiles],
            lookups::a_status_change_moves_the_profile_between_status_pages [list_profiles, submit_profile, patch_profile, delete_profile],
            lookups::a_reference_is_found_in_one_page [list_profiles, patch_profile, delete_profile],
            profile_changes::patches_merge_bump_the_version_and_honour_if_match [patch_profile],
            profile_changes::changing_a_reference_frees_the_old_one [patch_profile],
            profile_changes::an_empty_patch_bumps_the_version_only [patch_profile],
            profile_changes::submission_freezes_a_snapshot_of_the_version [submit_profile, get_snapshot],
            profile_changes::a_version_is_submitted_once [submit_profile],
            profile_changes::submission_records_its_idempotency_response [submit_profile, get_idempotency],
            profile_changes::submitting_an_erased_profile_is_a_version_mismatch [submit_profile],
            profile_changes::a_submission_forgets_the_idempotency_keys_whose_records_expired [submit_profile],
            statements::a_statement_round_trips_and_bumps_the_version [add_statement, get_statement, profile_statements],
            statements::a_large_statement_is_kept_whole [add_statement, get_statement],
            statements::adding_honours_the_limits_and_the_idempotency_key [add_statement, get_idempotency],
            statements::deleting_a_statement_bumps_the_version [delete_statement, get_statement],
            statements::submission_carries_the_statements_into_the_snapshot [submit_profile, get_snapshot, get_analysis_work],
            statements::erasure_leaves_no_statement [delete_profile, get_statement, profile_statements],
            statements::the_byte_budget_is_held_and_a_full_profile_still_submits [add_statement, submit_profile, get_snapshot],
            statements::another_partners_statements_are_out_of_reach [add_statement, get_statement, delete_statement],
            analyses::a_pending_analysis_round_trip [create_analysis, get_analysis],
            analyses::an_analysis_needs_its_version_still_submitted [create_analysis],
            analyses::analysis_requests_claim_their_idempotency_key_once [create_analysis, get_idempotency],
            analyses::analyses_page_in_creation_order_per_profile [list_analyses],
            analyses::the_worker_reads_an_analysis_with_its_snapshot [get_analysis_work],
            analyses::a_completed_analysis_is_never_overwritten [finish_analysis],
            analyses::finishing_an_erased_analysis_recreates_nothing [finish_analysis],
            analyses::marking_notified_keeps_the_result_and_recreates_nothing [mark_analysis_notified],
            analyses::the_claim_on_an_analysiss_events_is_taken_once [claim_analysis_notification],
            analyses::a_released_claim_keeps_the_webhooks_served [release_analysis_notification],
            analyses::discarding_an_analysis_frees_its_idempotency_key [discard_analysis],
            analyses::erasing_a_profile_erases_its_analyses [delete_profile, list_analyses],
            reviews::reviews_are_appended_to_the_record_and_its_copy [add_review, get_analysis, list_analyses],
            reviews::only_a_completed_analysis_is_reviewed [add_review],
            reviews::an_analysis_keeps_at_most_max_reviews [add_review],
            reviews::a_reviews_idempotency_key_is_claimed_once [add_review, get_idempotency],
            reviews::discarding_a_review_frees_its_idempotency_key [discard_review],
            reviews::each_reviews_event_is_claimed_released_and_marked_on_its_own [claim_analysis_notification, release_analysis_notification, mark_analysis_notified],
            reviews::erasing_a_profile_erases_its_reviews [delete_profile, add_review],
            records::an_analysis_is_its_own_records_source [get_decision_record],
            records::erasure_leaves_the_stripped_record_of_each_completed_analysis [delete_profile, get_decision_record],
            records::the_record_shows_the_workers_proof [finish_analysis, get_decision_record],
            sweeping::only_pending_analyses_queued_long_ago_are_stale [list_stale_analyses],
            sweeping::stale_analyses_come_oldest_first_up_to_the_limit [list_stale_analyses],
            sweeping::a_stale_analysis_is_requeued_once [requeue_analysis, list_stale_analyses],
            sweeping::what_is_not_pending_is_never_requeued [requeue_analysis],
            sweeping::a_review_puts_its_analysis_back_among_the_waiting [add_review, list_stale_analyses, requeue_analysis],
            sweeping::a_settled_analysis_leaves_the_waiting [settle_analysis, list_stale_analyses],
            sweeping::a_pending_or_erased_analysis_is_never_settled [settle_analysis],
            webhooks::webhook_round_trip [create_webhook, get_webhook],
            webhooks::a_partner_has_at_most_max_webhooks [create_webhook, delete_webhook],
            webhooks::webhooks_are_listed_oldest_first_per_partner [list_webhooks],
            webhooks::deletion_removes_only_that_webhook [delete_webhook],
            webhooks::attempts_move_the_counters_and_replace_the_recent_list [record_attempt],
            webhooks::a_disabling_attempt_turns_the_webhook_off [record_attempt],
            webhooks::an_attempt_on_a_deleted_webhook_leaves_it_deleted [record_attempt],
            webhooks::an_attempt_on_a_webhook_read_before_another_was_recorded_is_refused [record_attempt],
            webhook_log::deliveries_are_logged_newest_first_with_their_attempts [record_attempt, list_deliveries],
            webhook_log::a_delivery_is_read_with_its_webhook [get_delivery],
            webhook_log::an_attempt_puts_its_event_on_the_feed_with_its_health [record_attempt, list_events],
            webhook_log::the_feed_holds_each_event_once_oldest_first [record_event, list_events],
            webhook_log::enabling_turns_a_disabled_webhook_back_on [enable_webhook],
            webhook_log::rotation_keeps_the_replaced_secret_until_the_end_of_the_overlap [rotate_webhook_secret],
            usury::loaded_thresholds_are_listed_by_category_and_date [set_usury_row, usury_rows],
            usury::loading_a_date_again_replaces_its_threshold [set_usury_row, usury_rows],
        }
    };
    (@tests $module:ident, $make:path, [$($xgroup:ident :: $extra:ident),*];
        $($group:ident :: $case:ident [$($method:ident),*]),* $(,)?) => {
        mod $module {
            $(
                #[tokio::test]
                async fn $extra() {
                    let store = $make().await;
                    $crate::conformance::$xgroup::$extra(&*store).await;
                }
            )*
            $(
                #[tokio::test]
                async fn $case() {
                    let store = $make().await;
                    $crate::conformance::$group::$case(&*store).await;
                }
            )*
        }
    };
    (@catalogue; $($group:ident :: $case:ident [$($method:ident),*]),* $(,)?) => {
        vec![$(
            $crate::conformance::Case {
                name: stringify!($case),
                covers: &[$(stringify!($method)),*],
                run: |store| Box::pin($crate::conformance::$group::$case(store)),
            }
        ),*]
    };
    ($module:ident, $make:path $(; $($xgroup:ident :: $extra:ident),* $(,)?)?) => {
        $crate::store_conformance! { @cases [@tests $module, $make, [$($($xgroup::$extra),*)?]] }
    };
}

/// Runs one case on a store.
pub type CaseFn = for<'a> fn(&'a dyn Store) -> Pin<Box<dyn Future<Output = ()> + 'a>>;

/// One conformance case and the store methods it is the test of.
pub struct Case {
    pub name: &'static str,
    pub covers: &'static [&'static str],
    pub run: CaseFn,
}

/// Every case [`crate::store_conformance!`] runs on both stores.
pub fn cases() -> Vec<Case> {
    crate::store_conformance!(@cases [@catalogue])
}

/// `analysis` as the store holds it now.
pub async fn stored(store: &dyn Store, analysis: &Analysis) -> Analysis {
    store
        .get_analysis(analysis.partner_id, analysis.id)
        .await
        .unwrap()
        .expect("the analysis is stored")
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

/// A draft with every attribute an analysis needs.
pub fn complete_draft(partner: PartnerId) -> Profile {
    Profile::draft(
        partner,
        None,
        attributes(complete_profile()["attributes"].clone()),
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

/// A complete profile of a new partner, created and submitted at version 1.
pub async fn submitted_profile(store: &dyn Store) -> Profile {
    let profile = complete_draft(PartnerId::new());
    store.create_profile(&profile, None).await.unwrap();
    store.submit_profile(&profile, now(), None).await.unwrap()
}

/// `analysis` as the worker finishes it: completed with the result of its snapshot.
pub async fn completed(store: &dyn Store, analysis: &Analysis) -> Analysis {
    let snapshot = store
        .get_snapshot(
            analysis.partner_id,
            analysis.profile_id,
            analysis.profile_version,
        )
        .await
        .unwrap()
        .expect("the analysed version was submitted");
    let profile = snapshot
        .attributes
        .to_scoring_profile()
        .expect("a complete profile");
    Analysis {
        status: AnalysisStatus::Completed,
        completed_at: Some(now()),
        result: Some(scoring::analyse(
            &profile,
            &scoring::Context::new(
                scoring::Date::new(2026, 11, 25).expect("date"),
                &scoring::UsuryTable::shipped(),
            ),
        )),
        queued_at: None,
        ..analysis.clone()
    }
}
