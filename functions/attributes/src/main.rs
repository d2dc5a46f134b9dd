//! The `attributes` Lambda: its token keys read once per container, then
//! [`attributes::ROUTES`]. It builds no DynamoDB or SQS client.

use shared::config::Settings;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::init_logging();
    let settings = Settings::from_env();
    let sdk = shared::aws::sdk_config().await;
    let service = attributes::Service {
        tokens: shared::aws::token_service(&sdk, &settings).await?,
    };
    shared::lambda::run_http(&service, attributes::ROUTES).await
}
