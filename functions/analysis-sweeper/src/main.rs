//! The analysis sweeper Lambda: its dependencies built once per container, then one
//! sweep per scheduled invocation.

use std::sync::Arc;

use analysis_sweeper::Sweeper;
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use serde_json::Value;
use shared::config::Settings;
use shared::queue::sqs::SqsQueue;
use shared::store::dynamodb::DynamoStore;

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Stopped> {
    shared::lambda::init_logging();
    let settings = Settings::from_env();
    let table = settings.required("TABLE_NAME")?;
    let analysis_queue = settings.required("ANALYSIS_QUEUE_URL")?;
    let sdk = shared::aws::sdk_config(&settings).await?;
    let sweeper = Sweeper::new(
        Arc::new(DynamoStore::from_sdk(&sdk, table)),
        Arc::new(SqsQueue::from_sdk(&sdk, analysis_queue)),
    );
    let sweeper = &sweeper;
    Ok(
        run(service_fn(move |_event: LambdaEvent<Value>| async move {
            analysis_sweeper::handle(sweeper).await.map_err(Error::from)
        }))
        .await?,
    )
}
