use std::sync::Arc;

use aws_lambda_events::event::sqs::SqsEvent;
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use shared::config::Config;
use shared::queue::sqs::SqsQueue;
use shared::store::dynamodb::DynamoStore;
use shared::webhooks::url_policy::UrlPolicy;
use webhook_worker::{Deliverer, Settings};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let config = Config::from_env();
    let sdk = shared::app::load_aws_config().await;
    let queue_url = config
        .webhook_queue_url
        .clone()
        .ok_or("WEBHOOK_QUEUE_URL must be set")?;
    let deliverer = Deliverer::new(
        Arc::new(DynamoStore::from_sdk(&sdk, config.require_table()?)),
        Arc::new(SqsQueue::new(
            shared::aws_sdk_sqs::Client::new(&sdk),
            queue_url,
        )),
        Settings::production(UrlPolicy::STRICT),
    )?;
    let deliverer = &deliverer;
    run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        Ok::<_, Error>(webhook_worker::handle(deliverer, event.payload).await)
    }))
    .await
}
