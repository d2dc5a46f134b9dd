//! Loading the signing key set from Secrets Manager (moto).

use partnerb2b_tests::aws;
use shared::signing_keys::{KeySetError, SigningKeys};

const SECRET: &str = "0123456789abcdef0123456789abcdef0123456789";

async fn client() -> aws_sdk_secretsmanager::Client {
    aws_sdk_secretsmanager::Client::new(&aws::sdk_config().await)
}

#[tokio::test]
async fn a_rotated_key_set_loads_with_every_key() {
    let id = aws::fresh_secret(&format!(
        r#"{{"current":"k2","k1":"{SECRET}","k2":"{SECRET}-2"}}"#
    ))
    .await;
    let keys = SigningKeys::from_secrets_manager(&client().await, &id)
        .await
        .expect("load");
    assert_eq!(keys.current_kid(), "k2");
    let kids: Vec<&str> = keys.iter().map(|(kid, _)| kid).collect();
    assert_eq!(kids, ["k1", "k2"]);
}

#[tokio::test]
async fn the_deploy_time_generated_shape_loads() {
    // What template.yaml's GenerateSecretString writes: {"current":"k1","k1":"<64 chars>"}.
    let generated = "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC2eF4hJ6kL8nP0rS2uV4xY6zA8cD0fG2iJ4";
    let id = aws::fresh_secret(&format!(r#"{{"current":"k1","k1":"{generated}"}}"#)).await;
    let keys = SigningKeys::from_secrets_manager(&client().await, &id)
        .await
        .expect("load");
    assert_eq!(keys.current_kid(), "k1");
}

#[tokio::test]
async fn a_malformed_or_missing_secret_is_an_error() {
    let id = aws::fresh_secret(r#"{"current":"k1","k1":"short"}"#).await;
    let error = SigningKeys::from_secrets_manager(&client().await, &id)
        .await
        .unwrap_err();
    assert!(matches!(error, KeySetError::TooShort(_)), "{error:?}");
    let error = SigningKeys::from_secrets_manager(&client().await, "no-such-secret")
        .await
        .unwrap_err();
    assert!(matches!(error, KeySetError::Unavailable(_)), "{error:?}");
}
