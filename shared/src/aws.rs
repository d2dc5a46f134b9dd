//! The AWS side of a function's wiring: the SDK's standard configuration, read once per
//! container.

#[cfg(feature = "secrets-manager")]
use crate::{BoxError, config::Settings, jwt::TokenService, signing_keys::SigningKeys};

/// Region, credentials and `AWS_ENDPOINT_URL`, as the SDK's default chain finds them.
pub async fn sdk_config() -> aws_config::SdkConfig {
    aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await
}

#[cfg(feature = "secrets-manager")]
/// The token service of a function on AWS: the key set read once from the Secrets
/// Manager secret `SIGNING_KEYS_SECRET_ID`, the claims of `JWT_ISSUER` and `JWT_AUDIENCE`.
pub async fn token_service(
    sdk: &aws_config::SdkConfig,
    settings: &Settings<'_>,
) -> Result<TokenService, BoxError> {
    let keys = signing_keys(sdk, settings).await?;
    Ok(TokenService::for_audience(
        &keys,
        &settings.token_audience(),
    ))
}

/// The key set in the Secrets Manager secret `SIGNING_KEYS_SECRET_ID`.
#[cfg(feature = "secrets-manager")]
pub async fn signing_keys(
    sdk: &aws_config::SdkConfig,
    settings: &Settings<'_>,
) -> Result<SigningKeys, BoxError> {
    let secret = settings.required("SIGNING_KEYS_SECRET_ID")?;
    let client = aws_sdk_secretsmanager::Client::new(sdk);
    Ok(SigningKeys::from_secrets_manager(&client, &secret).await?)
}
