//! The workers of the local server: in-process pollers of the queues, handing messages
//! to the same code the worker Lambdas run, and deleting what they handled.

use std::sync::Arc;
use std::time::Duration;

use analysis_worker::{Message, NoEvents, Worker};
use shared::app::App;
use shared::http::error_chain;
use shared::queue::Queue;
use tokio::task::JoinSet;

/// Messages taken per receive, as the Lambda event source's batch size.
const BATCH: usize = 10;
/// Long-poll wait of one receive.
const WAIT: Duration = Duration::from_secs(1);

/// Starts a poller for each queue `app` has.
pub fn spawn(app: &App) -> JoinSet<()> {
    let mut workers = JoinSet::new();
    if let Some(queue) = app.queues.analysis.clone() {
        let worker = Arc::new(Worker::new(app.store.clone(), Arc::new(NoEvents)));
        workers.spawn(poll(queue, worker));
    }
    workers
}

async fn poll(queue: Arc<dyn Queue>, worker: Arc<Worker>) {
    loop {
        let received = match queue.receive(BATCH, WAIT).await {
            Ok(received) => received,
            Err(error) => {
                tracing::warn!(error = %error_chain(&error), "the analysis queue did not answer; retrying");
                tokio::time::sleep(WAIT).await;
                continue;
            }
        };
        if received.is_empty() {
            continue;
        }
        let messages: Vec<Message> = received
            .iter()
            .map(|message| Message {
                id: message.id.clone(),
                body: message.body.clone(),
            })
            .collect();
        let failed = worker.process_batch(&messages).await;
        for message in received
            .iter()
            .filter(|message| !failed.contains(&message.id))
        {
            if let Err(error) = queue.delete(&message.receipt).await {
                tracing::warn!(error = %error_chain(&error), "a handled message could not be deleted; it will be seen again");
            }
        }
    }
}
