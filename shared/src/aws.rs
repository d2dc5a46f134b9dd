//! The AWS side of a function's wiring: the SDK's standard configuration, read once per
//! container.

#[cfg(feature = "secrets-manager")]
use crate::{
    BoxError, config::Settings, edge::cursor::CursorKey, jwt::TokenService,
    signing_keys::SigningKeys,
};

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

/// The key that seals pagination cursors, from the Secrets Manager secret
/// `CURSOR_KEY_SECRET_ID` (its text, 64 generated characters).
#[cfg(feature = "secrets-manager")]
pub async fn cursor_key(
    sdk: &aws_config::SdkConfig,
    settings: &Settings<'_>,
) -> Result<CursorKey, BoxError> {
    let secret = settings.required("CURSOR_KEY_SECRET_ID")?;
    let client = aws_sdk_secretsmanager::Client::new(sdk);
    let value = client
        .get_secret_value()
        .secret_id(&secret)
        .send()
        .await
        .map_err(|error| -> BoxError { Box::new(error) })?;
    let text = value
        .secret_string()
        .ok_or("the cursor key secret has no text")?;
    Ok(CursorKey::from_secret(text)?)
}
