//! The `profiles` Lambda: its dependencies built once per container, then
//! [`profiles::ROUTES`].

use std::sync::Arc;

use shared::config::Settings;
use shared::jwt::TokenVerifier;
use shared::store::dynamodb::DynamoStore;

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Stopped> {
    shared::lambda::init_logging();
    let settings = Settings::from_env();
    let table = settings.required("TABLE_NAME")?;
    let sdk = shared::aws::sdk_config(&settings).await?;
    let service = profiles::Service {
        store: Arc::new(DynamoStore::from_sdk(&sdk, table)),
        cursors: shared::aws::cursors(&shared::aws::secrets_manager(&sdk), &settings)?,
        tokens: TokenVerifier::from_settings(&settings)?,
    };
    shared::lambda::run_http(&service, profiles::ROUTES).await
}
