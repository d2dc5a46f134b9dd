use std::sync::Arc;

use analysis_worker::{AnalysisEvents, NoEvents, WebhookEvents, Worker};
use aws_lambda_events::event::sqs::SqsEvent;
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use shared::config::Config;
use shared::queue::sqs::SqsQueue;
use shared::store::dynamodb::DynamoStore;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let config = Config::from_env();
    let sdk = shared::app::load_aws_config().await;
    let store = Arc::new(DynamoStore::from_sdk(&sdk, config.require_table()?));
    let events: Arc<dyn AnalysisEvents> = match &config.webhook_queue_url {
        Some(url) => Arc::new(WebhookEvents::new(
            store.clone(),
            Arc::new(SqsQueue::new(shared::aws_sdk_sqs::Client::new(&sdk), url)),
        )),
        None => Arc::new(NoEvents),
    };
    let worker = Worker::new(store, events);
    let worker = &worker;
    run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        Ok::<_, Error>(analysis_worker::handle(worker, event.payload).await)
    }))
    .await
}
