//! The `auth` Lambda: its dependencies built once per container, then [`auth::ROUTES`].

use std::sync::Arc;

use shared::config::Settings;
use shared::store::dynamodb::DynamoStore;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::init_logging();
    let settings = Settings::from_env();
    let table = settings.required("TABLE_NAME")?;
    let sdk = shared::aws::sdk_config().await;
    let service = auth::Service {
        store: Arc::new(DynamoStore::from_sdk(&sdk, table)),
        tokens: shared::aws::token_service(&sdk, &settings).await?,
    };
    shared::lambda::run_http(&service, auth::ROUTES).await
}
