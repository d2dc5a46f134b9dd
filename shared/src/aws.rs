//! The AWS side of a function's wiring: the SDK's standard configuration, read once per
//! container, and what a function reads from Secrets Manager.

#[cfg(feature = "secrets-manager")]
use aws_sdk_secretsmanager::Client as SecretsManager;

use crate::config::Settings;

#[cfg(feature = "secrets-manager")]
use crate::{
    BoxError,
    edge::cursor::{CursorKey, Cursors},
    edge::loaded::Load,
    edge::record_signer::RecordSigner,
    jwt::TokenIssuer,
    key_set::PrivateKeySet,
};

mod trust_store;

use trust_store::TrustStore;
pub use trust_store::{TRUST_STORE_SETTING, TrustStoreError, https_client_trusting};

/// Region, credentials and `AWS_ENDPOINT_URL`, as the SDK's default chain finds them, and
/// the HTTPS client trusting the roots [`TRUST_STORE_SETTING`] names.
///
/// Credentials in the environment (a Lambda's role credentials are there) are taken
/// directly: the default chain would pick them first anyway, and not building it skips
/// its other providers, whose web identity provider builds an STS client at once, and
/// with it the HTTPS client's root certificates a second time (0.5 ms of every cold
/// start, PERFORMANCE.md "Cold start").
pub async fn sdk_config(settings: &Settings<'_>) -> Result<aws_config::SdkConfig, TrustStoreError> {
    let loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
    let loader = if credentials_in_environment() {
        loader.credentials_provider(
            aws_config::environment::EnvironmentVariableCredentialsProvider::new(),
        )
    } else {
        loader
    };
    let loader = match TrustStore::from_settings(settings)?.https_client()? {
        Some(client) => loader.http_client(client),
        None => loader,
    };
    Ok(loader.load().await)
}

/// Whether the environment holds an access key and its secret, as the SDK's environment
/// provider reads them (a blank value counts as none).
fn credentials_in_environment() -> bool {
    let set = |name| std::env::var(name).is_ok_and(|value| !value.trim().is_empty());
    set("AWS_ACCESS_KEY_ID") && (set("AWS_SECRET_ACCESS_KEY") || set("SECRET_ACCESS_KEY"))
}

/// The setting naming the Secrets Manager secret of the token key set (`auth` only).
#[cfg(feature = "secrets-manager")]
pub const TOKEN_KEYS_SETTING: &str = "TOKEN_KEYS_SECRET_ID";

/// The setting naming the Secrets Manager secret of the decision record key set
/// (`analyses` only).
#[cfg(feature = "secrets-manager")]
pub const RECORD_KEYS_SETTING: &str = "RECORD_KEYS_SECRET_ID";

/// The setting naming the Secrets Manager secret of the cursor key.
#[cfg(feature = "secrets-manager")]
pub const CURSOR_KEY_SETTING: &str = "CURSOR_KEY_SECRET_ID";

/// The token key set in the secret [`TOKEN_KEYS_SETTING`] names: 1 Secrets Manager
/// round trip, at init of the `auth` function only.
#[cfg(feature = "secrets-manager")]
pub async fn token_keys(
    sdk: &aws_config::SdkConfig,
    settings: &Settings<'_>,
) -> Result<PrivateKeySet, BoxError> {
    let secret = settings.required(TOKEN_KEYS_SETTING)?;
    let client = aws_sdk_secretsmanager::Client::new(sdk);
    Ok(PrivateKeySet::from_secrets_manager(&client, &secret).await?)
}

/// The token issuer of the `auth` function: [`token_keys`], and the claims of
/// `JWT_ISSUER` and `JWT_AUDIENCE`.
#[cfg(feature = "secrets-manager")]
pub async fn token_issuer(
    sdk: &aws_config::SdkConfig,
    settings: &Settings<'_>,
) -> Result<TokenIssuer, BoxError> {
    let keys = token_keys(sdk, settings).await?;
    Ok(TokenIssuer::for_audience(&keys, &settings.token_audience()))
}

/// The container's Secrets Manager client, for the secrets its function reads at first
/// use ([`cursors`], [`record_signer`]): built once and shared, as each client built
/// costs its own parse of the root certificates.
#[cfg(feature = "secrets-manager")]
pub fn secrets_manager(sdk: &aws_config::SdkConfig) -> SecretsManager {
    SecretsManager::new(sdk)
}

/// The signer of decision records with the key set in the secret [`RECORD_KEYS_SETTING`]
/// names, read at the first record the container signs: no network call here.
#[cfg(feature = "secrets-manager")]
pub fn record_signer(
    client: &SecretsManager,
    settings: &Settings<'_>,
) -> Result<RecordSigner, BoxError> {
    Ok(record_signer_in_secret(
        client,
        settings.required(RECORD_KEYS_SETTING)?,
    ))
}

/// The signer of decision records with the key set in the secret `secret_id`, read at
/// first use.
#[cfg(feature = "secrets-manager")]
pub fn record_signer_in_secret(client: &SecretsManager, secret_id: String) -> RecordSigner {
    RecordSigner::loading(secret_loader(client, secret_id, |client, id| async move {
        Ok(PrivateKeySet::from_secrets_manager(&client, &id).await?)
    }))
}

/// What `read` makes of the secret `secret_id`, each time the [`Load`] is called: for a
/// dependency read at its first use ([`crate::edge::loaded::LoadedOnce`]).
#[cfg(feature = "secrets-manager")]
fn secret_loader<T, F, Fut>(client: &SecretsManager, secret_id: String, read: F) -> Load<T>
where
    F: Fn(SecretsManager, String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T, BoxError>> + Send + 'static,
{
    let client = client.clone();
    Box::new(move || Box::pin(read(client.clone(), secret_id.clone())))
}

/// Cursors sealed with the key in the secret [`CURSOR_KEY_SETTING`] names (its text, 64
/// generated characters), read at the first cursor the container seals or opens: no
/// network call here.
#[cfg(feature = "secrets-manager")]
pub fn cursors(client: &SecretsManager, settings: &Settings<'_>) -> Result<Cursors, BoxError> {
    Ok(cursors_in_secret(
        client,
        settings.required(CURSOR_KEY_SETTING)?,
    ))
}

/// Cursors sealed with the key in the secret `secret_id`, read at first use.
#[cfg(feature = "secrets-manager")]
pub fn cursors_in_secret(client: &SecretsManager, secret_id: String) -> Cursors {
    Cursors::loading(secret_loader(client, secret_id, |client, id| async move {
        cursor_key(&client, &id).await
    }))
}

#[cfg(feature = "secrets-manager")]
async fn cursor_key(client: &SecretsManager, secret: &str) -> Result<CursorKey, BoxError> {
    let value = client.get_secret_value().secret_id(secret).send().await?;
    let text = value
        .secret_string()
        .ok_or("the cursor key secret has no text")?;
    Ok(CursorKey::from_secret(text)?)
}
