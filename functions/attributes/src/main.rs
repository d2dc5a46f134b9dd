//! The `attributes` Lambda: its token verifier built once per container from the public
//! keys in its configuration, then [`attributes::ROUTES`]. It builds no AWS client and
//! makes no network call at init.

use shared::config::Settings;
use shared::jwt::TokenVerifier;

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Stopped> {
    shared::lambda::init_logging();
    let settings = Settings::from_env();
    let service = attributes::Service {
        tokens: TokenVerifier::from_settings(&settings)?,
    };
    shared::lambda::run_http(&service, attributes::ROUTES).await
}
