//! Analyses: requested on a submitted version, read by the worker, finished once.

use shared::domain::attributes::AttributeValue;
use shared::domain::model::{
    Analysis, AnalysisId, AnalysisStatus, PartnerId, Profile, ProfileId, WebhookId,
};
use shared::domain::notification::Notice;
use shared::store::{Store, StoreError};

use super::{assert_fails, complete_draft, completed, idempotency, now, set, submitted_profile};

fn pending(profile: &Profile) -> Analysis {
    Analysis::pending(
        profile.partner_id,
        profile.id,
        profile.submitted_version.unwrap_or(profile.version),
        now(),
    )
}

/// Every analysis of `profile`, page by page of `limit`: each page full but the last,
/// which has no `next`.
async fn all_analyses(store: &dyn Store, profile: &Profile, limit: usize) -> Vec<Analysis> {
    let mut analyses = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..20 {
        let page = store
            .list_analyses(profile.partner_id, profile.id, after.as_deref(), limit)
            .await
            .unwrap();
        match page.next {
            Some(_) => assert_eq!(page.items.len(), limit, "a page before the last is full"),
            None => assert!(page.items.len() <= limit, "a page holds at most its limit"),
        }
        analyses.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => return analyses,
        }
    }
    panic!("pagination does not end");
}

pub async fn a_pending_analysis_round_trip(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let analysis = pending(&profile);

    store.create_analysis(&analysis, None).await.unwrap();

    assert_eq!(
        store
            .get_analysis(profile.partner_id, analysis.id)
            .await
            .unwrap(),
        Some(analysis.clone())
    );
    assert_eq!(
        store
            .get_analysis(PartnerId::new(), analysis.id)
            .await
            .unwrap(),
        None,
        "another partner's"
    );
    assert_eq!(
        store
            .get_analysis(profile.partner_id, AnalysisId::new())
            .await
            .unwrap(),
        None
    );
    assert_eq!(all_analyses(store, &profile, 10).await, vec![analysis]);
}

pub async fn an_analysis_needs_its_version_still_submitted(store: &dyn Store) {
    let partner = PartnerId::new();
    let draft = complete_draft(partner);
    store.create_profile(&draft, None).await.unwrap();
    let of_draft = Analysis::pending(partner, draft.id, 1, now());
    let of_unknown = Analysis::pending(partner, ProfileId::new(), 1, now());
    let of_other_partner = Analysis::pending(PartnerId::new(), draft.id, 1, now());

    let draft_result = store.create_analysis(&of_draft, None).await;
    let unknown_result = store.create_analysis(&of_unknown, None).await;
    let intruder_result = store.create_analysis(&of_other_partner, None).await;

    assert_fails(draft_result, StoreError::VersionMismatch, "a draft");
    assert_fails(
        unknown_result,
        StoreError::VersionMismatch,
        "an unknown profile",
    );
    assert_fails(
        intruder_result,
        StoreError::VersionMismatch,
        "another partner's profile",
    );

    store.submit_profile(&draft, now(), None).await.unwrap();
    let patch = set("dependents", AttributeValue::Integer(3));
    let patched = store
        .patch_profile(partner, draft.id, &patch, None, now())
        .await
        .unwrap();
    let of_v1_after_patch = Analysis::pending(partner, draft.id, 1, now());

    let after_patch = store.create_analysis(&of_v1_after_patch, None).await;

    assert_fails(
        after_patch,
        StoreError::VersionMismatch,
        "a version changed since",
    );

    store.submit_profile(&patched, now(), None).await.unwrap();
    let of_v1 = Analysis::pending(partner, draft.id, 1, now());
    let of_v2 = Analysis::pending(partner, draft.id, 2, now());

    let old_version = store.create_analysis(&of_v1, None).await;
    store
        .create_analysis(&of_v2, None)
        .await
        .expect("the version submitted now");

    assert_fails(
        old_version,
        StoreError::VersionMismatch,
        "a version submitted before",
    );
    for refused in [&of_draft, &of_v1_after_patch, &of_v1] {
        assert_eq!(
            store.get_analysis(partner, refused.id).await.unwrap(),
            None,
            "nothing written"
        );
    }
    assert_eq!(
        all_analyses(store, &patched, 10).await,
        vec![of_v2],
        "only the accepted one is listed"
    );
}

pub async fn analysis_requests_claim_their_idempotency_key_once(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let partner = profile.partner_id;
    let mut first = pending(&profile);
    first.idempotency_key = Some("analyse-1".into());
    let record = idempotency(partner, "analyse-1", Some(&profile));
    let mut second = pending(&profile);
    second.idempotency_key = Some("analyse-1".into());

    store.create_analysis(&first, Some(&record)).await.unwrap();
    let reused = store.create_analysis(&second, Some(&record)).await;
    let duplicate = store.create_analysis(&first, None).await;

    assert_eq!(
        store.get_idempotency(partner, "analyse-1").await.unwrap(),
        Some(record)
    );
    assert_fails(reused, StoreError::IdempotencyKeyTaken, "a key used twice");
    assert_fails(
        duplicate,
        StoreError::AlreadyExists,
        "the same analysis twice",
    );
    assert_eq!(store.get_analysis(partner, second.id).await.unwrap(), None);
    assert_eq!(
        all_analyses(store, &profile, 10).await,
        vec![first],
        "nothing half-written"
    );
}

pub async fn analyses_page_in_creation_order_per_profile(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let mut created = Vec::new();
    for _ in 0..5 {
        let analysis = pending(&profile);
        store.create_analysis(&analysis, None).await.unwrap();
        created.push(analysis);
    }
    let mut other = complete_draft(profile.partner_id);
    store.create_profile(&other, None).await.unwrap();
    other = store.submit_profile(&other, now(), None).await.unwrap();
    store.create_analysis(&pending(&other), None).await.unwrap();

    let paged = all_analyses(store, &profile, 2).await;
    let first_page = store
        .list_analyses(profile.partner_id, profile.id, None, 2)
        .await
        .unwrap();
    let exactly_all = store
        .list_analyses(profile.partner_id, profile.id, None, 5)
        .await
        .unwrap();
    let intruder = store
        .list_analyses(PartnerId::new(), profile.id, None, 10)
        .await
        .unwrap();

    assert_eq!(paged, created, "oldest first, this profile's only");
    assert_eq!(first_page.items, created[..2]);
    assert!(first_page.next.is_some(), "more follow");
    assert_eq!(exactly_all.items, created);
    assert_eq!(exactly_all.next, None, "a page of exactly all is the last");
    assert!(intruder.items.is_empty(), "another partner sees none");
    assert_eq!(intruder.next, None);
}

pub async fn the_worker_reads_an_analysis_with_its_snapshot(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let partner = profile.partner_id;
    let analysis = pending(&profile);
    store.create_analysis(&analysis, None).await.unwrap();
    let snapshot = store.get_snapshot(partner, profile.id, 1).await.unwrap();

    let work = store
        .get_analysis_work(partner, analysis.id, profile.id, 1)
        .await
        .unwrap();
    let other_version = store
        .get_analysis_work(partner, analysis.id, profile.id, 2)
        .await
        .unwrap();
    let unknown = store
        .get_analysis_work(partner, AnalysisId::new(), profile.id, 1)
        .await
        .unwrap();
    let intruder = store
        .get_analysis_work(PartnerId::new(), analysis.id, profile.id, 1)
        .await
        .unwrap();

    assert!(snapshot.is_some());
    assert_eq!(work, (Some(analysis.clone()), snapshot.clone()));
    assert_eq!(other_version, (Some(analysis), None));
    assert_eq!(unknown, (None, snapshot));
    assert_eq!(intruder, (None, None));
}

pub async fn a_completed_analysis_is_never_overwritten(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let analysis = pending(&profile);
    store.create_analysis(&analysis, None).await.unwrap();
    let done = completed(store, &analysis).await;
    let failed = Analysis {
        status: AnalysisStatus::Failed,
        completed_at: Some(now()),
        failure_reason: Some("a second worker".into()),
        ..analysis.clone()
    };

    store.finish_analysis(&done).await.unwrap();
    let second = store.finish_analysis(&failed).await;

    assert_fails(second, StoreError::Conflict, "a second finish");
    assert_eq!(
        store
            .get_analysis(profile.partner_id, analysis.id)
            .await
            .unwrap(),
        Some(done.clone()),
        "the first result stands, exactly"
    );
    assert_eq!(
        all_analyses(store, &profile, 10).await,
        vec![done],
        "the listed copy too"
    );
}

pub async fn finishing_an_erased_analysis_recreates_nothing(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let partner = profile.partner_id;
    let analysis = pending(&profile);
    store.create_analysis(&analysis, None).await.unwrap();
    let done = completed(store, &analysis).await;
    store.delete_profile(partner, profile.id).await.unwrap();

    let finished = store.finish_analysis(&done).await;

    assert_fails(
        finished,
        StoreError::Conflict,
        "finishing an erased analysis",
    );
    assert_eq!(
        store.get_analysis(partner, analysis.id).await.unwrap(),
        None
    );
    assert!(all_analyses(store, &profile, 10).await.is_empty());
    assert_eq!(
        store
            .get_analysis_work(partner, analysis.id, profile.id, 1)
            .await
            .unwrap(),
        (None, None)
    );
}

pub async fn marking_notified_keeps_the_result_and_recreates_nothing(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let partner = profile.partner_id;
    let analysis = pending(&profile);
    store.create_analysis(&analysis, None).await.unwrap();
    let done = completed(store, &analysis).await;
    store.finish_analysis(&done).await.unwrap();
    let discarded = pending(&profile);
    store.create_analysis(&discarded, None).await.unwrap();
    store.discard_analysis(&discarded).await.unwrap();

    let claimed = Analysis {
        notifying_since: Some(now()),
        ..done.clone()
    };
    store
        .mark_analysis_notified(&claimed, Notice::Finished)
        .await
        .unwrap();
    store
        .mark_analysis_notified(&discarded, Notice::Finished)
        .await
        .expect("a vanished analysis is no error");

    assert_eq!(
        store.get_analysis(partner, analysis.id).await.unwrap(),
        Some(Analysis {
            notified: true,
            notifying_since: None,
            ..done
        }),
        "notified, the claim ended"
    );
    assert_eq!(
        store.get_analysis(partner, discarded.id).await.unwrap(),
        None
    );
}

/// A finished analysis whose worker died holding the claim on its events.
async fn finished_with_a_claim(store: &dyn Store) -> Analysis {
    let profile = submitted_profile(store).await;
    let analysis = pending(&profile);
    store.create_analysis(&analysis, None).await.unwrap();
    let done = Analysis {
        notifying_since: Some(now() - chrono::Duration::minutes(5)),
        ..completed(store, &analysis).await
    };
    store.finish_analysis(&done).await.unwrap();
    done
}

pub async fn the_claim_on_an_analysiss_events_is_taken_once(store: &dyn Store) {
    let seen = finished_with_a_claim(store).await;
    let pending_one = pending(&submitted_profile(store).await);
    store.create_analysis(&pending_one, None).await.unwrap();
    let at = now();

    store
        .claim_analysis_notification(&seen, Notice::Finished, at)
        .await
        .unwrap();
    let again = store
        .claim_analysis_notification(&seen, Notice::Finished, now())
        .await;
    let unfinished = store
        .claim_analysis_notification(&pending_one, Notice::Finished, now())
        .await;

    assert_fails(
        again,
        StoreError::Conflict,
        "the claim moved since it was read",
    );
    assert_fails(
        unfinished,
        StoreError::Conflict,
        "a pending analysis has no events yet",
    );
    let stored = store
        .get_analysis(seen.partner_id, seen.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.notifying_since, Some(at), "the taker's claim");
    store
        .mark_analysis_notified(&stored, Notice::Finished)
        .await
        .unwrap();
    let notified = store
        .get_analysis(seen.partner_id, seen.id)
        .await
        .unwrap()
        .unwrap();
    assert_fails(
        store
            .claim_analysis_notification(&notified, Notice::Finished, now())
            .await,
        StoreError::Conflict,
        "queued events are not claimed again",
    );
    store
        .delete_profile(seen.partner_id, seen.profile_id)
        .await
        .unwrap();
    assert_fails(
        store
            .claim_analysis_notification(&notified, Notice::Finished, now())
            .await,
        StoreError::Conflict,
        "an erased analysis has no events to claim",
    );
    assert_eq!(
        store.get_analysis(seen.partner_id, seen.id).await.unwrap(),
        None
    );
}

pub async fn a_released_claim_keeps_the_webhooks_served(store: &dyn Store) {
    let done = finished_with_a_claim(store).await;
    let served = vec![WebhookId::new(), WebhookId::new()];
    let stale = Analysis {
        notifying_since: Some(now() - chrono::Duration::hours(1)),
        ..done.clone()
    };

    store
        .release_analysis_notification(&stale, Notice::Finished, &served[..1])
        .await
        .unwrap();
    let untouched = store
        .get_analysis(done.partner_id, done.id)
        .await
        .unwrap()
        .unwrap();
    store
        .release_analysis_notification(&done, Notice::Finished, &served)
        .await
        .unwrap();
    let released = store
        .get_analysis(done.partner_id, done.id)
        .await
        .unwrap()
        .unwrap();

    assert_eq!(untouched, done, "another worker's claim is not released");
    assert_eq!(released.notifying_since, None);
    assert_eq!(released.notified_webhooks, served);
    assert!(!released.notified);
    store
        .claim_analysis_notification(&released, Notice::Finished, now())
        .await
        .expect("claimed again at once");
    store
        .delete_profile(done.partner_id, done.profile_id)
        .await
        .unwrap();
    store
        .release_analysis_notification(&done, Notice::Finished, &served)
        .await
        .expect("an erased analysis is no error");
    assert_eq!(
        store.get_analysis(done.partner_id, done.id).await.unwrap(),
        None,
        "nothing recreated"
    );
}

pub async fn discarding_an_analysis_frees_its_idempotency_key(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let partner = profile.partner_id;
    let kept = pending(&profile);
    store.create_analysis(&kept, None).await.unwrap();
    let mut unqueued = pending(&profile);
    unqueued.idempotency_key = Some("analyse-2".into());
    let record = idempotency(partner, "analyse-2", Some(&profile));
    store
        .create_analysis(&unqueued, Some(&record))
        .await
        .unwrap();

    store.discard_analysis(&unqueued).await.unwrap();
    let again = store.discard_analysis(&unqueued).await;

    again.expect("discarding twice is no error");
    assert_eq!(
        store.get_analysis(partner, unqueued.id).await.unwrap(),
        None
    );
    assert_eq!(
        store.get_idempotency(partner, "analyse-2").await.unwrap(),
        None
    );
    assert_eq!(all_analyses(store, &profile, 10).await, vec![kept]);
    let mut retried = pending(&profile);
    retried.idempotency_key = Some("analyse-2".into());
    store
        .create_analysis(&retried, Some(&record))
        .await
        .expect("the key is free again");
}

pub async fn erasing_a_profile_erases_its_analyses(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let partner = profile.partner_id;
    let mut requested = pending(&profile);
    requested.idempotency_key = Some("analyse-3".into());
    let record = idempotency(partner, "analyse-3", Some(&profile));
    store
        .create_analysis(&requested, Some(&record))
        .await
        .unwrap();
    let finished = pending(&profile);
    store.create_analysis(&finished, None).await.unwrap();
    store
        .finish_analysis(&completed(store, &finished).await)
        .await
        .unwrap();
    let mut other = complete_draft(partner);
    store.create_profile(&other, None).await.unwrap();
    other = store.submit_profile(&other, now(), None).await.unwrap();
    let other_analysis = pending(&other);
    store.create_analysis(&other_analysis, None).await.unwrap();

    store.delete_profile(partner, profile.id).await.unwrap();

    for analysis in [&requested, &finished] {
        assert_eq!(
            store.get_analysis(partner, analysis.id).await.unwrap(),
            None
        );
    }
    assert!(all_analyses(store, &profile, 10).await.is_empty());
    assert_eq!(
        store.get_idempotency(partner, "analyse-3").await.unwrap(),
        None
    );
    assert_eq!(
        all_analyses(store, &other, 10).await,
        vec![other_analysis],
        "another profile's analyses stay"
    );
}
