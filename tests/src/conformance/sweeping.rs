//! The sweeper's view of analyses: those owed a message queued long ago (pending ones,
//! reviewed ones whose review's event has not left), the re-queuing that takes each
//! once, and the settling that takes a reviewed one out once its events left.

use chrono::Duration;
use scoring::Decision;
use shared::domain::model::{Analysis, AnalysisStatus, Profile};
use shared::domain::review::Review;
use shared::store::{Store, StoreError};

use super::reviews::{completed_analysis, review};
use super::{assert_fails, completed, now, stored, submitted_profile};

/// A pending analysis of `profile`, requested (and queued) `ago`.
fn requested(profile: &Profile, ago: Duration) -> Analysis {
    Analysis::pending(profile.partner_id, profile.id, 1, now() - ago)
}

/// What a sweep five minutes long treats as lost.
fn stale_before() -> chrono::DateTime<chrono::Utc> {
    now() - Duration::minutes(5)
}

pub async fn only_pending_analyses_queued_long_ago_are_stale(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let lost = requested(&profile, Duration::minutes(10));
    let fresh = requested(&profile, Duration::seconds(10));
    let finished = requested(&profile, Duration::minutes(10));
    let discarded = requested(&profile, Duration::minutes(10));
    let other_partners = submitted_profile(store).await;
    let also_lost = requested(&other_partners, Duration::minutes(20));
    let erased_profile = submitted_profile(store).await;
    let erased = requested(&erased_profile, Duration::minutes(10));
    for analysis in [&lost, &fresh, &finished, &discarded, &also_lost, &erased] {
        store.create_analysis(analysis, None).await.unwrap();
    }
    store
        .finish_analysis(&completed(store, &finished).await)
        .await
        .unwrap();
    store.discard_analysis(&discarded).await.unwrap();
    store
        .delete_profile(erased_profile.partner_id, erased_profile.id)
        .await
        .unwrap();

    let stale = store.list_stale_analyses(stale_before(), 10).await.unwrap();

    assert_eq!(
        stale,
        vec![also_lost, lost],
        "every partner's pending analyses queued before the limit, oldest first; \
         not the fresh, finished, discarded or erased ones"
    );
}

pub async fn stale_analyses_come_oldest_first_up_to_the_limit(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let analyses: Vec<Analysis> = [40, 10, 30, 20]
        .into_iter()
        .map(|minutes| requested(&profile, Duration::minutes(minutes)))
        .collect();
    for analysis in &analyses {
        store.create_analysis(analysis, None).await.unwrap();
    }

    let first = store.list_stale_analyses(stale_before(), 2).await.unwrap();
    let none = store
        .list_stale_analyses(now() - Duration::hours(1), 10)
        .await
        .unwrap();

    assert_eq!(first, vec![analyses[0].clone(), analyses[2].clone()]);
    assert!(none.is_empty(), "nothing queued an hour ago");
}

pub async fn a_stale_analysis_is_requeued_once(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let lost = requested(&profile, Duration::minutes(10));
    store.create_analysis(&lost, None).await.unwrap();
    let seen = store.list_stale_analyses(stale_before(), 10).await.unwrap();
    let at = now();

    store.requeue_analysis(&seen[0], at).await.unwrap();
    let second_sweep = store.requeue_analysis(&seen[0], now()).await;

    assert_fails(
        second_sweep,
        StoreError::Conflict,
        "a sweep that read it before the first re-queued it",
    );
    let stored = store
        .get_analysis(lost.partner_id, lost.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.queued_at, Some(at));
    assert_eq!(
        stored,
        Analysis {
            queued_at: Some(at),
            ..lost.clone()
        },
        "nothing else changes"
    );
    assert!(
        store
            .list_stale_analyses(stale_before(), 10)
            .await
            .unwrap()
            .is_empty(),
        "fresh again"
    );
    let later = store
        .list_stale_analyses(at + Duration::seconds(1), 10)
        .await
        .unwrap();
    assert_eq!(
        later,
        vec![stored],
        "stale again if this message is lost too"
    );
}

pub async fn what_is_not_pending_is_never_requeued(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let finished = requested(&profile, Duration::minutes(10));
    let discarded = requested(&profile, Duration::minutes(10));
    let erased_profile = submitted_profile(store).await;
    let erased = requested(&erased_profile, Duration::minutes(10));
    for analysis in [&finished, &discarded, &erased] {
        store.create_analysis(analysis, None).await.unwrap();
    }
    let done = completed(store, &finished).await;
    store.finish_analysis(&done).await.unwrap();
    store.discard_analysis(&discarded).await.unwrap();
    store
        .delete_profile(erased_profile.partner_id, erased_profile.id)
        .await
        .unwrap();

    for (seen, what) in [
        (&finished, "a finished analysis"),
        (&discarded, "a discarded analysis"),
        (&erased, "an erased analysis"),
    ] {
        assert_fails(
            store.requeue_analysis(seen, now()).await,
            StoreError::Conflict,
            what,
        );
    }
    assert_eq!(
        store
            .get_analysis(finished.partner_id, finished.id)
            .await
            .unwrap(),
        Some(done),
        "the result stands"
    );
    for gone in [&discarded, &erased] {
        assert_eq!(
            store.get_analysis(gone.partner_id, gone.id).await.unwrap(),
            None,
            "nothing recreated"
        );
    }
}

/// A review of `analysis` recorded `ago`.
async fn reviewed(store: &dyn Store, analysis: &Analysis, ago: Duration) -> Review {
    let review = Review {
        created_at: now() - ago,
        ..review(Decision::Favorable, None)
    };
    store.add_review(analysis, &review, None, 10).await.unwrap();
    review
}

pub async fn a_review_puts_its_analysis_back_among_the_waiting(store: &dyn Store) {
    let (analysis, _) = completed_analysis(store).await;
    let (unreviewed, _) = completed_analysis(store).await;
    assert_eq!(analysis.queued_at, None, "finished: out of the index");

    let review = reviewed(store, &analysis, Duration::minutes(10)).await;

    let stale = store.list_stale_analyses(stale_before(), 10).await.unwrap();
    let ids: Vec<_> = stale.iter().map(|listed| listed.id).collect();
    assert!(
        !ids.contains(&unreviewed.id),
        "a finished analysis without a review is owed nothing"
    );
    assert_eq!(ids, vec![analysis.id], "the reviewed analysis is listed");
    let listed = &stale[0];
    assert_eq!(listed.status, AnalysisStatus::Completed);
    assert_eq!(
        listed.queued_at,
        Some(review.created_at),
        "queued at the review"
    );
    assert_eq!(
        listed.result, analysis.result,
        "the model's result as it was"
    );
    let copy = store
        .list_analyses(analysis.partner_id, analysis.profile_id, None, 10)
        .await
        .unwrap();
    assert_eq!(
        copy.items[0].queued_at, None,
        "the copy stays out of the index"
    );

    store.requeue_analysis(listed, now()).await.unwrap();
    assert_fails(
        store.requeue_analysis(listed, now()).await,
        StoreError::Conflict,
        "a second sweep that read it before the first re-queued it",
    );
}

pub async fn a_settled_analysis_leaves_the_waiting(store: &dyn Store) {
    let (analysis, _) = completed_analysis(store).await;
    let first = reviewed(store, &analysis, Duration::minutes(20)).await;
    let seen = stored(store, &analysis).await;
    let second = reviewed(store, &seen, Duration::minutes(10)).await;

    assert_fails(
        store.settle_analysis(&seen).await,
        StoreError::Conflict,
        "a review came after the worker read it: its message is owed",
    );
    let now_seen = stored(store, &analysis).await;
    assert_eq!(now_seen.queued_at, Some(second.created_at));
    assert_eq!(
        store
            .list_stale_analyses(stale_before(), 10)
            .await
            .unwrap()
            .len(),
        1,
        "still waiting"
    );

    store.settle_analysis(&now_seen).await.unwrap();

    let settled = stored(store, &analysis).await;
    assert_eq!(
        settled,
        Analysis {
            queued_at: None,
            ..now_seen.clone()
        },
        "nothing else changes"
    );
    let kept: Vec<_> = settled.reviews.iter().map(|kept| kept.id).collect();
    assert_eq!(kept, vec![first.id, second.id]);
    assert!(
        store
            .list_stale_analyses(now() + Duration::minutes(1), 10)
            .await
            .unwrap()
            .is_empty(),
        "out of the index"
    );
    assert_fails(
        store.settle_analysis(&now_seen).await,
        StoreError::Conflict,
        "settled already",
    );
}

pub async fn a_pending_or_erased_analysis_is_never_settled(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let pending = requested(&profile, Duration::minutes(10));
    store.create_analysis(&pending, None).await.unwrap();
    let (reviewed_one, erased_profile) = completed_analysis(store).await;
    reviewed(store, &reviewed_one, Duration::minutes(10)).await;
    let seen = stored(store, &reviewed_one).await;
    store
        .delete_profile(erased_profile.partner_id, erased_profile.id)
        .await
        .unwrap();

    assert_fails(
        store.settle_analysis(&pending).await,
        StoreError::Conflict,
        "a pending analysis is owed its result",
    );
    assert_eq!(
        store.list_stale_analyses(stale_before(), 10).await.unwrap(),
        vec![pending],
        "the pending analysis stays listed; the erased one is gone"
    );
    assert_fails(
        store.settle_analysis(&seen).await,
        StoreError::Conflict,
        "an erased analysis",
    );
    assert_eq!(
        store.get_analysis(seen.partner_id, seen.id).await.unwrap(),
        None,
        "nothing recreated"
    );
}
