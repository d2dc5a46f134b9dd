//! An analysis accepted by an embedded store that queues analyses is committed with its
//! message or not at all.

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use rusqlite::Connection;

use super::EmbeddedStore;
use crate::domain::attributes::Attributes;
use crate::domain::model::{Analysis, PartnerId, Profile};
use crate::queue::Queue;
use crate::queue::embedded::EmbeddedQueue;
use crate::store::prelude::*;
use crate::store::{Queuing, StoreError};

async fn submitted(store: &EmbeddedStore) -> Profile {
    let profile = Profile::draft(PartnerId::new(), None, Attributes::default(), Utc::now());
    store.create_profile(&profile, None).await.unwrap();
    store
        .submit_profile(&profile, Utc::now(), None)
        .await
        .unwrap()
}

fn analysis_queue(path: &Path) -> EmbeddedQueue {
    EmbeddedQueue::open(path, "analysis", Duration::from_secs(30), 5).unwrap()
}

#[tokio::test]
async fn an_accepted_analysis_is_queued_in_its_own_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.db");
    let store = EmbeddedStore::open(&path)
        .unwrap()
        .queuing_analyses_on("analysis")
        .unwrap();
    let profile = submitted(&store).await;
    let analysis = Analysis::pending(profile.partner_id, profile.id, 1, Utc::now());

    let queuing = store.create_analysis(&analysis, None).await.unwrap();

    assert_eq!(queuing, Queuing::Queued);
    let received = analysis_queue(&path)
        .receive(10, Duration::ZERO)
        .await
        .unwrap();
    let bodies: Vec<&str> = received
        .iter()
        .map(|message| message.body.as_str())
        .collect();
    assert_eq!(
        bodies,
        [serde_json::to_string(&analysis.request()).unwrap()],
        "one message, naming the analysis"
    );
}

#[tokio::test]
async fn an_analysis_whose_message_cannot_be_queued_is_not_committed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.db");
    let store = EmbeddedStore::open(&path)
        .unwrap()
        .queuing_analyses_on("analysis")
        .unwrap();
    let profile = submitted(&store).await;
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER queue_full BEFORE INSERT ON queue_messages
             BEGIN SELECT RAISE(ABORT, 'the queue is full'); END;",
        )
        .unwrap();
    let analysis = Analysis::pending(profile.partner_id, profile.id, 1, Utc::now());

    let created = store.create_analysis(&analysis, None).await;

    assert!(
        matches!(created, Err(StoreError::Unavailable(_))),
        "{created:?}"
    );
    assert_eq!(
        store
            .get_analysis(profile.partner_id, analysis.id)
            .await
            .unwrap(),
        None,
        "no analysis without its message"
    );
    assert!(
        store
            .list_analyses(profile.partner_id, profile.id, None, 10)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let after = store
        .get_profile(profile.partner_id, profile.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.revision, profile.revision, "the profile is untouched");
}

#[tokio::test]
async fn a_store_without_a_queue_leaves_the_message_to_its_caller() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.db");
    let store = EmbeddedStore::open(&path).unwrap();
    let profile = submitted(&store).await;
    let analysis = Analysis::pending(profile.partner_id, profile.id, 1, Utc::now());

    let queuing = store.create_analysis(&analysis, None).await.unwrap();

    assert_eq!(queuing, Queuing::ToSend);
    assert!(
        analysis_queue(&path)
            .receive(10, Duration::ZERO)
            .await
            .unwrap()
            .is_empty()
    );
}
