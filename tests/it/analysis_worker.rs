//! The analysis worker against DynamoDB and SQS in moto: exactly one result per
//! analysis whatever SQS delivers, erased profiles dropped, poison messages dead-lettered.

use std::sync::Arc;
use std::time::Duration;

use analysis_worker::{NoEvents, Outcome, Worker};
use chrono::Utc;
use partnerb2b_tests::aws::{self, counted_dynamo_store};
use partnerb2b_tests::fixtures;
use partnerb2b_tests::flaky_queue::FailingAfter;
use shared::domain::model::{Analysis, AnalysisStatus};
use shared::lambda::Message;
use shared::queue::Queue;
use shared::queue::sqs::SqsQueue;
use shared::store::Store;

/// A submitted profile and a pending analysis of it; the message body that asks for it.
async fn pending_analysis(store: &dyn Store) -> (Analysis, String) {
    let analysis = fixtures::pending_analysis(store, Utc::now()).await;
    let body = serde_json::to_string(&analysis.request()).unwrap();
    (analysis, body)
}

#[tokio::test]
async fn a_message_from_sqs_completes_its_analysis_in_three_round_trips() {
    let (store, round_trips) = counted_dynamo_store().await;
    let store: Arc<dyn Store> = Arc::new(store);
    let (analysis, body) = pending_analysis(store.as_ref()).await;
    let (queue_url, _) = aws::fresh_queue_pair(Duration::from_secs(30), 5).await;
    let queue = SqsQueue::new(
        aws_sdk_sqs::Client::new(&aws::sdk_config().await),
        queue_url,
    );
    queue.send(&body, Duration::ZERO).await.unwrap();

    let received = queue.receive(10, Duration::from_secs(5)).await.unwrap();
    assert_eq!(received.len(), 1);
    assert!(
        !received[0].body.contains("monthly_net_income"),
        "ids only on the queue"
    );
    let worker = Worker::new(store.clone(), Arc::new(NoEvents));
    round_trips.reset();
    let usury = worker.usury_table().await.unwrap();
    assert_eq!(
        round_trips.count(),
        1,
        "the usury thresholds: 1 Query per batch"
    );
    round_trips.reset();
    assert_eq!(
        worker
            .process_with(&received[0].body, &usury)
            .await
            .unwrap(),
        Outcome::Completed
    );
    assert_eq!(
        round_trips.count(),
        3,
        "BatchGetItem + TransactWriteItems (result and claim) + UpdateItem (notified)"
    );

    round_trips.reset();
    assert_eq!(
        worker
            .process_with(&received[0].body, &usury)
            .await
            .unwrap(),
        Outcome::Duplicate,
        "a duplicate delivery"
    );
    assert_eq!(round_trips.count(), 1);
    let stored = store
        .get_analysis(analysis.partner_id, analysis.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, AnalysisStatus::Completed);
}

/// On the embedded store, whose atomicity is ours: moto's server commits two concurrent
/// conditional `TransactWriteItems` both (DynamoDB cannot), so on DynamoDB the property
/// is held by the conformance case "a completed analysis is never overwritten".
#[tokio::test]
async fn two_workers_at_once_store_one_result() {
    let store = partnerb2b_tests::conformance::embedded().await;
    let store: Arc<dyn Store> = store.store.clone();
    let (analysis, body) = pending_analysis(store.as_ref()).await;
    let first = Worker::new(store.clone(), Arc::new(NoEvents));
    let second = Worker::new(store.clone(), Arc::new(NoEvents));
    let (a, b) = tokio::join!(first.process(&body), second.process(&body));
    let mut outcomes = [a.unwrap(), b.unwrap()];
    outcomes.sort_by_key(|outcome| format!("{outcome:?}"));
    assert_eq!(outcomes, [Outcome::Completed, Outcome::Duplicate]);
    let stored = store
        .get_analysis(analysis.partner_id, analysis.id)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.result.is_some());
}

#[tokio::test]
async fn an_erased_profile_drops_the_message_and_recreates_nothing() {
    let (store, _) = counted_dynamo_store().await;
    let store: Arc<dyn Store> = Arc::new(store);
    let (analysis, body) = pending_analysis(store.as_ref()).await;
    store
        .delete_profile(analysis.partner_id, analysis.profile_id)
        .await
        .unwrap();
    let worker = Worker::new(store.clone(), Arc::new(NoEvents));
    assert_eq!(worker.process(&body).await.unwrap(), Outcome::Dropped);
    assert_eq!(
        store
            .get_analysis(analysis.partner_id, analysis.id)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn a_poison_message_is_retried_then_dead_lettered() {
    let (store, _) = counted_dynamo_store().await;
    let worker = Worker::new(Arc::new(store), Arc::new(NoEvents));
    let (queue_url, dlq_url) = aws::fresh_queue_pair(Duration::from_secs(1), 2).await;
    let client = aws_sdk_sqs::Client::new(&aws::sdk_config().await);
    let queue = SqsQueue::new(client.clone(), queue_url);
    let dead_letters = SqsQueue::new(client, dlq_url);
    queue
        .send("{\"analysis_id\": 42}", Duration::ZERO)
        .await
        .unwrap();

    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let mut attempts = 0;
    let mut dead = Vec::new();
    while dead.is_empty() && tokio::time::Instant::now() < deadline {
        for message in queue.receive(10, Duration::from_millis(500)).await.unwrap() {
            attempts += 1;
            let failed = worker
                .process_batch(&[Message {
                    id: message.id.clone(),
                    body: message.body.clone(),
                }])
                .await;
            assert_eq!(
                failed,
                [message.id],
                "reported as a batch item failure, so it is retried"
            );
        }
        dead = dead_letters.receive(10, Duration::ZERO).await.unwrap();
    }
    assert_eq!(attempts, 2, "received maxReceiveCount times");
    assert_eq!(dead.len(), 1, "then dead-lettered");
}

#[tokio::test]
async fn a_duplicate_message_emits_no_second_event() {
    use analysis_worker::WebhookEvents;
    use shared::domain::model::{EventType, Webhook};

    let store = partnerb2b_tests::conformance::embedded().await;
    let (analysis, body) = pending_analysis(&*store).await;
    let webhook = Webhook::new(
        analysis.partner_id,
        "https://hooks.example/partnerb2b".into(),
        vec![EventType::AnalysisCompleted],
        None,
        shared::webhooks::signature::new_secret(),
        Utc::now(),
    );
    store.create_webhook(&webhook, 10).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let queue = partnerb2b_tests::fixtures::webhook_queue(dir.path());
    let worker = Worker::new(
        store.store.clone(),
        Arc::new(WebhookEvents::new(store.store.clone(), queue.clone())),
    );

    assert_eq!(worker.process(&body).await.unwrap(), Outcome::Completed);
    assert_eq!(worker.process(&body).await.unwrap(), Outcome::Duplicate);
    let queued = queue.receive(10, Duration::ZERO).await.unwrap();
    assert_eq!(queued.len(), 1, "one event for one completion");
    let feed = store
        .list_events(
            analysis.partner_id,
            shared::webhooks::log::FeedFilter {
                event_type: None,
                since: Utc::now() - chrono::TimeDelta::days(1),
            },
            None,
            10,
        )
        .await
        .unwrap();
    assert_eq!(feed.items.len(), 1, "one entry on the feed");
    let delivery: shared::webhooks::delivery::Delivery =
        serde_json::from_str(&queued[0].body).unwrap();
    assert_eq!(delivery.event.event_type, EventType::AnalysisCompleted);
    assert_eq!(delivery.event.data.analysis_id, Some(analysis.id));
    assert!(
        store
            .get_analysis(analysis.partner_id, analysis.id)
            .await
            .unwrap()
            .unwrap()
            .notified
    );
}

/// An embedded store with a pending analysis whose partner has `webhooks` webhooks,
/// and the webhook queue, in `dir`.
async fn with_webhooks(
    dir: &std::path::Path,
    webhooks: usize,
) -> (
    partnerb2b_tests::conformance::StoreUnderTest,
    Analysis,
    String,
    Arc<dyn Queue>,
) {
    use shared::domain::model::{EventType, Webhook};
    let store = partnerb2b_tests::conformance::embedded().await;
    let (analysis, body) = pending_analysis(&*store).await;
    for n in 0..webhooks {
        let webhook = Webhook::new(
            analysis.partner_id,
            format!("https://hooks{n}.example/partnerb2b"),
            vec![EventType::AnalysisCompleted],
            None,
            shared::webhooks::signature::new_secret(),
            Utc::now(),
        );
        store.create_webhook(&webhook, 10).await.unwrap();
    }
    (
        store,
        analysis,
        body,
        partnerb2b_tests::fixtures::webhook_queue(dir),
    )
}

/// The webhooks the queued deliveries are for.
async fn delivered_to(queue: &dyn Queue) -> Vec<shared::domain::model::WebhookId> {
    let mut webhooks: Vec<_> = queue
        .receive(10, Duration::ZERO)
        .await
        .unwrap()
        .iter()
        .map(|message| {
            serde_json::from_str::<shared::webhooks::delivery::Delivery>(&message.body)
                .unwrap()
                .webhook_id
        })
        .collect();
    webhooks.sort();
    webhooks
}

#[tokio::test]
async fn events_failing_part_way_are_queued_by_the_retry_each_once() {
    use analysis_worker::WebhookEvents;
    let dir = tempfile::tempdir().unwrap();
    let (store, analysis, body, queue) = with_webhooks(dir.path(), 2).await;
    let flaky = Arc::new(FailingAfter::new(queue.clone(), 1));
    let worker = Worker::new(
        store.store.clone(),
        Arc::new(WebhookEvents::new(store.store.clone(), flaky.clone())),
    );

    let first = worker.process(&body).await;
    flaky.accept_all();
    let retry = worker.process(&body).await.unwrap();
    let after = worker.process(&body).await.unwrap();

    assert!(
        matches!(first, Err(analysis_worker::WorkError::Events(_))),
        "{first:?}"
    );
    assert_eq!(
        retry,
        Outcome::Duplicate,
        "the retry finds the result stored"
    );
    assert_eq!(after, Outcome::Duplicate);
    let mut webhooks: Vec<_> = store
        .list_webhooks(analysis.partner_id)
        .await
        .unwrap()
        .iter()
        .map(|webhook| webhook.id)
        .collect();
    webhooks.sort();
    assert_eq!(
        delivered_to(queue.as_ref()).await,
        webhooks,
        "one event per webhook"
    );
    let stored = store
        .get_analysis(analysis.partner_id, analysis.id)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.notified && stored.notifying_since.is_none());
}

/// `analysis` completed by a worker that still holds, or held since `ago`, the claim on
/// its events, which it never queued.
async fn completed_with_claim(store: &dyn Store, analysis: &Analysis, ago: chrono::Duration) {
    let done = Analysis {
        notifying_since: Some(Utc::now() - ago),
        ..partnerb2b_tests::conformance::completed(store, analysis).await
    };
    store.finish_analysis(&done).await.unwrap();
}

#[tokio::test]
async fn a_duplicate_waits_while_another_worker_queues_the_events() {
    use analysis_worker::WebhookEvents;
    let dir = tempfile::tempdir().unwrap();
    let (store, analysis, body, queue) = with_webhooks(dir.path(), 1).await;
    completed_with_claim(&*store, &analysis, chrono::Duration::seconds(5)).await;
    let worker = Worker::new(
        store.store.clone(),
        Arc::new(WebhookEvents::new(store.store.clone(), queue.clone())),
    );

    let failed = worker
        .process_batch(&[Message {
            id: "m-1".into(),
            body: body.clone(),
        }])
        .await;

    assert_eq!(failed, ["m-1"], "retried once the claim is done or expired");
    assert!(
        delivered_to(queue.as_ref()).await.is_empty(),
        "no second emission"
    );
}

#[tokio::test]
async fn two_workers_taking_over_a_dead_workers_claim_queue_once() {
    use analysis_worker::WebhookEvents;
    let dir = tempfile::tempdir().unwrap();
    let (store, analysis, body, queue) = with_webhooks(dir.path(), 1).await;
    completed_with_claim(&*store, &analysis, chrono::Duration::minutes(5)).await;
    let events = || Arc::new(WebhookEvents::new(store.store.clone(), queue.clone()));
    let first = Worker::new(store.store.clone(), events());
    let second = Worker::new(store.store.clone(), events());

    let (a, b) = tokio::join!(first.process(&body), second.process(&body));

    let outcomes = [format!("{a:?}"), format!("{b:?}")];
    assert!(
        outcomes.contains(&"Ok(Duplicate)".to_owned()),
        "one took the claim over: {outcomes:?}"
    );
    assert_eq!(
        delivered_to(queue.as_ref()).await.len(),
        1,
        "one event: {outcomes:?}"
    );
    assert!(
        store
            .get_analysis(analysis.partner_id, analysis.id)
            .await
            .unwrap()
            .unwrap()
            .notified
    );
}
