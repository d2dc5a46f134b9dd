//! Human reviews: appended to a completed analysis's record and copy in one write, at
//! most `max`, their idempotency records claimed once and erased with the profile, and
//! the queuing of each review's event claimed, released and marked on its own.

use scoring::Decision;
use shared::domain::model::{Analysis, AnalysisStatus, Profile, WebhookId};
use shared::domain::notification::Notice;
use shared::domain::review::{Review, ReviewId};
use shared::store::{Store, StoreError};

use super::{assert_fails, completed, idempotency, now, stored, submitted_profile};

/// A review by agent `reviewer`, recorded with `key` when given.
pub fn review(decision: Decision, key: Option<&str>) -> Review {
    Review {
        id: ReviewId::new(),
        reviewer: "agent-007".to_owned(),
        decision,
        justification: "Revenus locatifs vérifiés sur pièces.".to_owned(),
        consumer_statement: Some("Je perçois un loyer depuis 2019.".to_owned()),
        created_at: now(),
        idempotency_key: key.map(str::to_owned),
        notified: false,
        notifying_since: None,
        notified_webhooks: Vec::new(),
    }
}

/// A completed analysis of a new partner's submitted profile, as stored, and the profile.
pub async fn completed_analysis(store: &dyn Store) -> (Analysis, Profile) {
    let profile = submitted_profile(store).await;
    let analysis = Analysis::pending(profile.partner_id, profile.id, 1, now());
    store.create_analysis(&analysis, None).await.unwrap();
    store
        .finish_analysis(&completed(store, &analysis).await)
        .await
        .unwrap();
    (stored(store, &analysis).await, profile)
}

/// The analysis's copy under its profile, as the profile's list reads it.
async fn copy(store: &dyn Store, analysis: &Analysis) -> Analysis {
    let page = store
        .list_analyses(analysis.partner_id, analysis.profile_id, None, 10)
        .await
        .unwrap();
    page.items
        .into_iter()
        .find(|listed| listed.id == analysis.id)
        .expect("the copy is listed")
}

fn ids(analysis: &Analysis) -> Vec<ReviewId> {
    analysis.reviews.iter().map(|review| review.id).collect()
}

pub async fn reviews_are_appended_to_the_record_and_its_copy(store: &dyn Store) {
    let (analysis, profile) = completed_analysis(store).await;
    let before = store
        .get_profile(profile.partner_id, profile.id)
        .await
        .unwrap()
        .unwrap();
    let first = review(Decision::Review, None);
    let second = review(Decision::Favorable, None);

    store.add_review(&analysis, &first, None, 10).await.unwrap();
    store
        .add_review(&analysis, &second, None, 10)
        .await
        .unwrap();

    let record = stored(store, &analysis).await;
    assert_eq!(
        record.reviews,
        [first.clone(), second.clone()],
        "oldest first"
    );
    assert_eq!(
        record.result, analysis.result,
        "the model's result never changes"
    );
    assert_eq!(record.final_decision(), Some(Decision::Favorable));
    assert_eq!(ids(&copy(store, &analysis).await), [first.id, second.id]);
    let after = store
        .get_profile(profile.partner_id, profile.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        after.revision,
        before.revision + 2,
        "each review moves the profile's revision"
    );
}

pub async fn only_a_completed_analysis_is_reviewed(store: &dyn Store) {
    let profile = submitted_profile(store).await;
    let pending = Analysis::pending(profile.partner_id, profile.id, 1, now());
    store.create_analysis(&pending, None).await.unwrap();
    let failed = Analysis::pending(profile.partner_id, profile.id, 1, now());
    store.create_analysis(&failed, None).await.unwrap();
    let failed = Analysis {
        status: AnalysisStatus::Failed,
        completed_at: Some(now()),
        failure_reason: Some("missing attributes".into()),
        queued_at: None,
        ..failed
    };
    store.finish_analysis(&failed).await.unwrap();
    let (done, _) = completed_analysis(store).await;
    store
        .delete_profile(done.partner_id, done.profile_id)
        .await
        .unwrap();

    assert_fails(
        store
            .add_review(&pending, &review(Decision::Favorable, None), None, 10)
            .await,
        StoreError::Conflict,
        "a pending analysis has no decision to review",
    );
    assert_fails(
        store
            .add_review(&failed, &review(Decision::Favorable, None), None, 10)
            .await,
        StoreError::Conflict,
        "a failed analysis has no decision to review",
    );
    assert_fails(
        store
            .add_review(&done, &review(Decision::Favorable, None), None, 10)
            .await,
        StoreError::NotFound,
        "an erased analysis is not recreated",
    );
    assert!(stored(store, &pending).await.reviews.is_empty());
    assert!(stored(store, &failed).await.reviews.is_empty());
    assert_eq!(
        store.get_analysis(done.partner_id, done.id).await.unwrap(),
        None
    );
}

pub async fn an_analysis_keeps_at_most_max_reviews(store: &dyn Store) {
    let (analysis, _) = completed_analysis(store).await;
    for _ in 0..2 {
        store
            .add_review(&analysis, &review(Decision::Review, None), None, 2)
            .await
            .unwrap();
    }

    let third = store
        .add_review(&analysis, &review(Decision::Favorable, None), None, 2)
        .await;

    assert_fails(
        third,
        StoreError::LimitReached,
        "a third review of 2 at most",
    );
    assert_eq!(stored(store, &analysis).await.reviews.len(), 2);
    assert_eq!(copy(store, &analysis).await.reviews.len(), 2);
}

pub async fn a_reviews_idempotency_key_is_claimed_once(store: &dyn Store) {
    let (analysis, profile) = completed_analysis(store).await;
    let partner = analysis.partner_id;
    let first = review(Decision::Favorable, Some("review-1"));
    let record = idempotency(partner, "review-1", Some(&profile));

    store
        .add_review(&analysis, &first, Some(&record), 1)
        .await
        .unwrap();
    let retried = store
        .add_review(
            &analysis,
            &review(Decision::Favorable, Some("review-1")),
            Some(&record),
            1,
        )
        .await;

    assert_fails(
        retried,
        StoreError::IdempotencyKeyTaken,
        "the key answers before the limit does, so the retry is replayed",
    );
    assert_eq!(
        store.get_idempotency(partner, "review-1").await.unwrap(),
        Some(record)
    );
    assert_eq!(ids(&stored(store, &analysis).await), [first.id]);
}

pub async fn discarding_a_review_frees_its_idempotency_key(store: &dyn Store) {
    let (analysis, profile) = completed_analysis(store).await;
    let partner = analysis.partner_id;
    let unqueued = review(Decision::Favorable, Some("review-2"));
    let record = idempotency(partner, "review-2", Some(&profile));
    store
        .add_review(&analysis, &unqueued, Some(&record), 10)
        .await
        .unwrap();
    let later = review(Decision::Unfavorable, None);
    store.add_review(&analysis, &later, None, 10).await.unwrap();

    store.discard_review(&analysis, &unqueued).await.unwrap();
    let again = store.discard_review(&analysis, &unqueued).await;

    again.expect("discarding twice is no error");
    assert_eq!(ids(&stored(store, &analysis).await), [later.id]);
    assert_eq!(ids(&copy(store, &analysis).await), [later.id]);
    assert_eq!(
        store.get_idempotency(partner, "review-2").await.unwrap(),
        None
    );
    let claimed = stored(store, &analysis).await;
    store
        .claim_analysis_notification(&claimed, Notice::Review(later.id), now())
        .await
        .unwrap();
    assert_fails(
        store.discard_review(&analysis, &later).await,
        StoreError::Conflict,
        "a review whose event a worker took stays",
    );
    assert_eq!(ids(&stored(store, &analysis).await), [later.id]);
}

pub async fn each_reviews_event_is_claimed_released_and_marked_on_its_own(store: &dyn Store) {
    let (analysis, _) = completed_analysis(store).await;
    let (first, second) = (
        review(Decision::Review, None),
        review(Decision::Favorable, None),
    );
    store.add_review(&analysis, &first, None, 10).await.unwrap();
    store
        .add_review(&analysis, &second, None, 10)
        .await
        .unwrap();
    let seen = stored(store, &analysis).await;
    let served = vec![WebhookId::new()];
    let at = now();

    store
        .claim_analysis_notification(&seen, Notice::Review(second.id), at)
        .await
        .unwrap();
    let again = store
        .claim_analysis_notification(&seen, Notice::Review(second.id), now())
        .await;
    let unknown = store
        .claim_analysis_notification(&seen, Notice::Review(ReviewId::new()), now())
        .await;
    let claimed = stored(store, &analysis).await;
    store
        .release_analysis_notification(&claimed, Notice::Review(second.id), &served)
        .await
        .unwrap();
    let released = stored(store, &analysis).await;
    store
        .mark_analysis_notified(&released, Notice::Review(first.id))
        .await
        .unwrap();
    let marked = stored(store, &analysis).await;

    assert_fails(
        again,
        StoreError::Conflict,
        "the claim moved since it was read",
    );
    assert_fails(unknown, StoreError::Conflict, "no such review");
    assert_eq!(claimed.reviews[1].notifying_since, Some(at));
    assert_eq!(
        claimed.reviews[0].notifying_since, None,
        "its own claim only"
    );
    assert_eq!(
        (
            released.reviews[1].notifying_since,
            &released.reviews[1].notified_webhooks
        ),
        (None, &served)
    );
    assert!(marked.reviews[0].notified && !marked.reviews[1].notified);
    assert_eq!(
        (marked.notified, marked.notifying_since),
        (analysis.notified, analysis.notifying_since),
        "the completion's event is another's"
    );
    assert_fails(
        store
            .claim_analysis_notification(&marked, Notice::Review(first.id), now())
            .await,
        StoreError::Conflict,
        "a queued event is not claimed again",
    );
    store
        .claim_analysis_notification(&marked, Notice::Review(second.id), now())
        .await
        .expect("a released claim is taken again at once");
}

pub async fn erasing_a_profile_erases_its_reviews(store: &dyn Store) {
    let (analysis, profile) = completed_analysis(store).await;
    let partner = analysis.partner_id;
    let record = idempotency(partner, "review-3", Some(&profile));
    store
        .add_review(
            &analysis,
            &review(Decision::Favorable, Some("review-3")),
            Some(&record),
            10,
        )
        .await
        .unwrap();

    store.delete_profile(partner, profile.id).await.unwrap();

    assert_eq!(
        store.get_analysis(partner, analysis.id).await.unwrap(),
        None
    );
    assert_eq!(
        store.get_idempotency(partner, "review-3").await.unwrap(),
        None,
        "the kept response holds the review's free text"
    );
}
