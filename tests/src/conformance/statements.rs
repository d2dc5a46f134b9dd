//! Bank statements: attached to a profile, kept whole however large, limited per profile,
//! carried into the snapshot a submission freezes, and erased with the profile.

use shared::domain::model::{PartnerId, Profile, ProfileStatus, StatementId};
use shared::domain::statements::{
    MAX_STATEMENT_BYTES_PER_PROFILE, MAX_STATEMENTS_PER_PROFILE, StoredStatement,
};
use shared::store::parts::PART_BYTES;
use shared::store::{Store, StoreError};

use super::{assert_fails, complete_draft, draft, idempotency, now};
use crate::statements::{french_statement, statement_of};

/// A statement of `profile`, stored: the profile it gives back and the statement.
async fn attach(
    store: &dyn Store,
    profile: &Profile,
    statement: bank::Statement,
) -> (Profile, StoredStatement) {
    let stored = StoredStatement::new(profile.id, statement, now());
    let json = stored.to_json().unwrap();
    let after = store
        .add_statement(profile.partner_id, &stored, &json, None, now())
        .await
        .unwrap();
    (after, stored)
}

pub async fn a_statement_round_trips_and_bumps_the_version(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = complete_draft(partner);
    store.create_profile(&profile, None).await.unwrap();
    let submitted = store.submit_profile(&profile, now(), None).await.unwrap();

    let (after, stored) = attach(store, &submitted, french_statement()).await;

    assert_eq!(after.version, 2, "adding a statement is a change");
    assert_eq!(after.status, ProfileStatus::Draft, "back to draft");
    assert_eq!(after.statements.len(), 1);
    assert_eq!(after.statements[0].id, stored.id);
    assert_eq!(after.statements[0].summary, stored.statement.summary());
    assert_eq!(
        store.get_profile(partner, profile.id).await.unwrap(),
        Some(after),
        "the profile as written is the profile read"
    );
    assert_eq!(
        store
            .get_statement(partner, profile.id, stored.id)
            .await
            .unwrap(),
        Some(stored.clone())
    );
    assert_eq!(
        store.profile_statements(partner, profile.id).await.unwrap(),
        vec![stored]
    );
    assert_eq!(
        store
            .get_statement(partner, profile.id, StatementId::new())
            .await
            .unwrap(),
        None
    );
}

pub async fn a_large_statement_is_kept_whole(store: &dyn Store) {
    let profile = draft(PartnerId::new(), None);
    store.create_profile(&profile, None).await.unwrap();
    let large = statement_of(5_000, bank::Date::new(2026, 11, 30).unwrap());
    let stored = StoredStatement::new(profile.id, large, now());
    let json = stored.to_json().unwrap();
    assert!(
        json.len() > 2 * PART_BYTES,
        "{} bytes: several parts",
        json.len()
    );

    store
        .add_statement(profile.partner_id, &stored, &json, None, now())
        .await
        .unwrap();

    let read = store
        .get_statement(profile.partner_id, profile.id, stored.id)
        .await
        .unwrap();
    assert_eq!(read, Some(stored));
}

pub async fn adding_honours_the_limits_and_the_idempotency_key(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = draft(partner, None);
    store.create_profile(&profile, None).await.unwrap();
    let first = StoredStatement::new(profile.id, french_statement(), now());
    let record = idempotency(partner, "upload-1", Some(&profile));
    let json = first.to_json().unwrap();
    let after = store
        .add_statement(partner, &first, &json, Some(&record), now())
        .await
        .unwrap();
    assert!(
        after
            .idempotency_keys
            .iter()
            .any(|held| held.key == "upload-1"),
        "the record is held, so erasure deletes it"
    );
    assert_eq!(
        store
            .get_idempotency(partner, "upload-1")
            .await
            .unwrap()
            .map(|kept| kept.status),
        Some(201)
    );
    let again = StoredStatement::new(profile.id, french_statement(), now());
    let retried = store
        .add_statement(partner, &again, &json, Some(&record), now())
        .await;
    assert_fails(
        retried,
        StoreError::IdempotencyKeyTaken,
        "the same key again",
    );

    for _ in 1..MAX_STATEMENTS_PER_PROFILE {
        attach(store, &profile, french_statement()).await;
    }
    let one_more = StoredStatement::new(profile.id, french_statement(), now());
    let refused = store
        .add_statement(partner, &one_more, &json, None, now())
        .await;
    assert_fails(refused, StoreError::LimitReached, "a thirteenth statement");
    let replayed = store
        .add_statement(partner, &again, &json, Some(&record), now())
        .await;
    assert_fails(
        replayed,
        StoreError::IdempotencyKeyTaken,
        "a retry at the limit is still a replay",
    );
    let missing = draft(partner, None);
    let orphan = StoredStatement::new(missing.id, french_statement(), now());
    let result = store
        .add_statement(partner, &orphan, &json, None, now())
        .await;
    assert_fails(result, StoreError::NotFound, "no such profile");
}

pub async fn deleting_a_statement_bumps_the_version(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = draft(partner, None);
    store.create_profile(&profile, None).await.unwrap();
    let (_, kept) = attach(store, &profile, french_statement()).await;
    let (_, doomed) = attach(
        store,
        &profile,
        statement_of(4_000, bank::Date::new(2026, 11, 30).unwrap()),
    )
    .await;

    let after = store
        .delete_statement(partner, profile.id, doomed.id, now())
        .await
        .unwrap();

    assert_eq!(after.version, 4);
    assert_eq!(
        after
            .statements
            .iter()
            .map(|held| held.id)
            .collect::<Vec<_>>(),
        vec![kept.id]
    );
    assert_eq!(
        store
            .get_statement(partner, profile.id, doomed.id)
            .await
            .unwrap(),
        None,
        "every part is gone"
    );
    assert_eq!(
        store.profile_statements(partner, profile.id).await.unwrap(),
        vec![kept]
    );
    let again = store
        .delete_statement(partner, profile.id, doomed.id, now())
        .await;
    assert_fails(again, StoreError::NotFound, "deleting twice");
}

pub async fn submission_carries_the_statements_into_the_snapshot(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = complete_draft(partner);
    store.create_profile(&profile, None).await.unwrap();
    let (_, small) = attach(store, &profile, french_statement()).await;
    let (with_both, large) = attach(
        store,
        &profile,
        statement_of(3_000, bank::Date::new(2026, 11, 30).unwrap()),
    )
    .await;

    store.submit_profile(&with_both, now(), None).await.unwrap();

    let snapshot = store
        .get_snapshot(partner, profile.id, with_both.version)
        .await
        .unwrap()
        .expect("a snapshot");
    assert_eq!(snapshot.statements, vec![small.clone(), large.clone()]);
    let analysis =
        shared::domain::model::Analysis::pending(partner, profile.id, with_both.version, now());
    store.create_analysis(&analysis, None).await.unwrap();
    let (_, work) = store
        .get_analysis_work(partner, analysis.id, profile.id, with_both.version)
        .await
        .unwrap();
    assert_eq!(work.expect("the snapshot").statements.len(), 2);

    store
        .delete_statement(partner, profile.id, large.id, now())
        .await
        .unwrap();
    let frozen = store
        .get_snapshot(partner, profile.id, with_both.version)
        .await
        .unwrap()
        .expect("still there");
    assert_eq!(
        frozen.statements,
        vec![small, large],
        "a snapshot keeps what was submitted"
    );
}

pub async fn erasure_leaves_no_statement(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = complete_draft(partner);
    store.create_profile(&profile, None).await.unwrap();
    let (after, stored) = attach(
        store,
        &profile,
        statement_of(3_000, bank::Date::new(2026, 11, 30).unwrap()),
    )
    .await;
    store.submit_profile(&after, now(), None).await.unwrap();

    store.delete_profile(partner, profile.id).await.unwrap();

    assert_eq!(
        store
            .get_statement(partner, profile.id, stored.id)
            .await
            .unwrap(),
        None
    );
    assert!(
        store
            .profile_statements(partner, profile.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .get_snapshot(partner, profile.id, after.version)
            .await
            .unwrap(),
        None
    );
}

pub async fn another_partners_statements_are_out_of_reach(store: &dyn Store) {
    let owner = PartnerId::new();
    let intruder = PartnerId::new();
    let profile = draft(owner, None);
    store.create_profile(&profile, None).await.unwrap();
    let (_, stored) = attach(store, &profile, french_statement()).await;

    let read = store
        .get_statement(intruder, profile.id, stored.id)
        .await
        .unwrap();
    let deleted = store
        .delete_statement(intruder, profile.id, stored.id, now())
        .await;
    let added = store
        .add_statement(intruder, &stored, &stored.to_json().unwrap(), None, now())
        .await;

    assert_eq!(read, None);
    assert_fails(deleted, StoreError::NotFound, "another partner's delete");
    assert_fails(added, StoreError::NotFound, "another partner's upload");
    assert!(
        store
            .get_statement(owner, profile.id, stored.id)
            .await
            .unwrap()
            .is_some()
    );
}

pub async fn the_byte_budget_is_held_and_a_full_profile_still_submits(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = complete_draft(partner);
    store.create_profile(&profile, None).await.unwrap();
    let large = || statement_of(5_000, bank::Date::new(2026, 11, 30).unwrap());
    let mut latest = profile.clone();
    let mut refused = None;
    for _ in 0..MAX_STATEMENTS_PER_PROFILE {
        let stored = StoredStatement::new(profile.id, large(), now());
        let json = stored.to_json().unwrap();
        match store
            .add_statement(partner, &stored, &json, None, now())
            .await
        {
            Ok(after) => latest = after,
            Err(error) => {
                refused = Some(error);
                break;
            }
        }
    }
    assert!(
        matches!(refused, Some(StoreError::LimitReached)),
        "the bytes run out before the count: {refused:?}"
    );
    let held: usize = latest.statements.iter().map(|held| held.bytes).sum();
    assert!(held <= MAX_STATEMENT_BYTES_PER_PROFILE, "{held} bytes held");
    assert!(
        latest.statements.len() >= 2,
        "{} statements",
        latest.statements.len()
    );

    store.submit_profile(&latest, now(), None).await.unwrap();

    let snapshot = store
        .get_snapshot(partner, profile.id, latest.version)
        .await
        .unwrap()
        .expect("the snapshot of a profile at its byte budget");
    assert_eq!(snapshot.statements.len(), latest.statements.len());
}
