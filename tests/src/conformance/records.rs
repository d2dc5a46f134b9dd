//! Decision records: an analysis is its own record's source until its profile is erased;
//! the erasure then leaves, in the same write, the stripped record of each completed
//! analysis (ids, digests, versions, decisions, timestamps, `erased_at` set, the
//! reviewers' ids cleared) and nothing of a pending one.

use scoring::Decision;
use shared::domain::model::{Analysis, PartnerId};
use shared::domain::record::{AnalysisProof, DecisionRecord};
use shared::store::{RecordSource, Store};

use super::now;
use super::reviews::{completed_analysis, review};

fn proof() -> AnalysisProof {
    AnalysisProof {
        input_sha256: "a".repeat(64),
        result_sha256: "b".repeat(64),
        categoriser_version: None,
        usury_table_from: chrono::NaiveDate::from_ymd_opt(2026, 10, 1),
    }
}

async fn record_source(
    store: &dyn Store,
    partner: PartnerId,
    analysis: &Analysis,
) -> Option<RecordSource> {
    store
        .get_decision_record(partner, analysis.id)
        .await
        .unwrap()
}

pub async fn an_analysis_is_its_own_records_source(store: &dyn Store) {
    let (analysis, profile) = completed_analysis(store).await;
    let partner = profile.partner_id;

    assert_eq!(
        record_source(store, partner, &analysis).await,
        Some(RecordSource::Analysis(Box::new(analysis.clone())))
    );
    assert_eq!(
        record_source(store, PartnerId::new(), &analysis).await,
        None,
        "another partner's analysis"
    );
    let unknown = Analysis::pending(partner, profile.id, 1, now());
    assert_eq!(record_source(store, partner, &unknown).await, None);
}

pub async fn erasure_leaves_the_stripped_record_of_each_completed_analysis(store: &dyn Store) {
    let (analysis, profile) = completed_analysis(store).await;
    let partner = profile.partner_id;
    let reviewed = review(Decision::Favorable, None);
    store
        .add_review(&analysis, &reviewed, None, 10)
        .await
        .unwrap();
    let pending = Analysis::pending(partner, profile.id, 1, now());
    store.create_analysis(&pending, None).await.unwrap();
    let Some(RecordSource::Analysis(stored)) = record_source(store, partner, &analysis).await
    else {
        panic!("the reviewed analysis is its record's source");
    };
    let before = DecisionRecord::of(&stored).expect("a completed analysis has a record");

    store.delete_profile(partner, profile.id).await.unwrap();

    let Some(RecordSource::Erased(erased)) = record_source(store, partner, &analysis).await else {
        panic!("the erasure leaves the completed analysis's record");
    };
    let erased_at = erased.erased_at.expect("erased_at is set");
    assert!(erased_at >= before.completed_at);
    assert_eq!(*erased, before.clone().erased(erased_at));
    assert_eq!(erased.reviews.len(), 1);
    assert_eq!(erased.reviews[0].decision, Decision::Favorable);
    assert_eq!(
        erased.reviews[0].reviewer, None,
        "the partner's text for its agent"
    );
    assert_eq!(
        before.reviews[0].reviewer.as_deref(),
        Some(reviewed.reviewer.as_str())
    );
    let json = serde_json::to_string(&erased).unwrap();
    for free_text in [
        reviewed.reviewer.as_str(),
        reviewed.justification.as_str(),
        reviewed.consumer_statement.as_deref().unwrap(),
    ] {
        assert!(
            !json.contains(free_text),
            "the erased record keeps no free text"
        );
    }
    assert_eq!(
        record_source(store, partner, &pending).await,
        None,
        "a pending analysis leaves no record"
    );
    assert_eq!(
        store.get_analysis(partner, analysis.id).await.unwrap(),
        None
    );
}

/// The record keeps the proof the worker noted with the result.
pub async fn the_record_shows_the_workers_proof(store: &dyn Store) {
    let profile = super::submitted_profile(store).await;
    let mut analysis = Analysis::pending(profile.partner_id, profile.id, 1, now());
    store.create_analysis(&analysis, None).await.unwrap();
    analysis = super::completed(store, &analysis).await;
    analysis.proof = Some(proof());
    store.finish_analysis(&analysis).await.unwrap();

    let Some(RecordSource::Analysis(stored)) =
        record_source(store, profile.partner_id, &analysis).await
    else {
        panic!("the completed analysis is its record's source");
    };
    let record = DecisionRecord::of(&stored).unwrap();
    assert_eq!(record.input_sha256, Some("a".repeat(64)));
    assert_eq!(record.result_sha256, Some("b".repeat(64)));
    assert_eq!(record.usury_table_from, proof().usury_table_from);
    assert_eq!(record.erased_at, None);
}
