//! What the functions read from Secrets Manager (moto): the token key set (`auth` only, at
//! init), the cursor key (at the first cursor) and the record key set (`analyses` only, at
//! the first record).

use chrono::Utc;
use partnerb2b_tests::aws;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use shared::domain::model::PartnerId;
use shared::domain::record::DecisionRecord;
use shared::edge::cursor::{CursorKey, Cursors};
use shared::edge::record_signer::RecordSigner;
use shared::key_set::{PrivateKeySet, PrivateKeySetError};

async fn client() -> aws_sdk_secretsmanager::Client {
    shared::aws::secrets_manager(&aws::sdk_config().await)
}

#[tokio::test]
async fn a_rotated_token_key_set_loads_with_every_key() {
    let mut keys = PrivateKeySet::generate(Utc::now()).unwrap();
    let next = keys.add_key(Utc::now()).unwrap();
    keys.activate(&next, Utc::now()).unwrap();
    let id = aws::fresh_secret(&keys.to_json()).await;

    let loaded = PrivateKeySet::from_secrets_manager(&client().await, &id)
        .await
        .expect("load");

    assert_eq!(loaded.active_kid(), next);
    assert_eq!(loaded.jwks_json(), keys.jwks_json());
}

#[tokio::test]
async fn a_malformed_or_missing_token_key_secret_is_an_error() {
    let id = aws::fresh_secret(r#"{"current":"k1","k1":"an HS256 secret of the old shape"}"#).await;
    let error = PrivateKeySet::from_secrets_manager(&client().await, &id)
        .await
        .unwrap_err();
    assert!(
        matches!(error, PrivateKeySetError::Malformed { .. }),
        "{error:?}"
    );
    assert!(
        !error.to_string().contains("HS256"),
        "never quotes the secret: {error}"
    );

    let error = PrivateKeySet::from_secrets_manager(&client().await, "no-such-secret")
        .await
        .unwrap_err();
    assert!(
        matches!(error, PrivateKeySetError::Unavailable(_)),
        "{error:?}"
    );
}

#[tokio::test]
async fn cursors_read_their_key_at_first_use_and_answer_503_without_it() {
    let secrets = client().await;
    let secret = CursorKey::generate_secret();
    let id = aws::fresh_secret(&secret).await;
    let partner = PartnerId::new();

    let cursors = shared::aws::cursors_in_secret(&secrets, id);
    let cursor = cursors
        .encode(partner, "profiles?", "PROFILE#1")
        .await
        .unwrap();
    let eager = Cursors::new(&CursorKey::from_secret(&secret).unwrap());
    assert_eq!(
        eager.decode(partner, "profiles?", &cursor).await.unwrap(),
        "PROFILE#1",
        "sealed with the key in the secret"
    );

    let missing = shared::aws::cursors_in_secret(&secrets, "no-such-secret".to_owned());
    let error = missing
        .encode(partner, "profiles?", "PROFILE#1")
        .await
        .unwrap_err();
    assert_eq!(error.code(), "service_unavailable");
}

fn a_record() -> DecisionRecord {
    DecisionRecord {
        analysis_id: shared::domain::model::AnalysisId::new(),
        profile_id: shared::domain::model::ProfileId::new(),
        profile_version: 1,
        partner_id: PartnerId::new(),
        api_key_id: None,
        requested_at: Utc::now(),
        completed_at: Utc::now(),
        model_version: scoring::MODEL_VERSION.to_owned(),
        categoriser_version: None,
        usury_table_from: None,
        input_sha256: Some("0".repeat(64)),
        result_sha256: Some("1".repeat(64)),
        decision: scoring::Decision::Favorable,
        reviews: Vec::new(),
        erased_at: None,
    }
}

#[tokio::test]
async fn the_record_key_set_is_read_once_at_the_first_record_and_503_without_it() {
    let secrets = client().await;
    let keys = PrivateKeySet::generate(Utc::now()).unwrap();
    let id = aws::fresh_secret(&keys.to_json()).await;
    let record = a_record();

    let signer = shared::aws::record_signer_in_secret(&secrets, id.clone());
    let signature = signer.sign(&record).await.unwrap();
    let payload = shared::jws::verify_record(&signature, &keys.public_keys()).unwrap();
    assert_eq!(payload, serde_json::to_value(&record).unwrap());

    let reads = Arc::new(AtomicUsize::new(0));
    let counted = {
        let (client, reads) = (client().await, reads.clone());
        RecordSigner::loading(Box::new(move || {
            let (client, id, reads) = (client.clone(), id.clone(), reads.clone());
            Box::pin(async move {
                reads.fetch_add(1, Ordering::SeqCst);
                Ok(PrivateKeySet::from_secrets_manager(&client, &id).await?)
            })
        }))
    };
    assert_eq!(
        reads.load(Ordering::SeqCst),
        0,
        "nothing read before the first record"
    );
    for _ in 0..3 {
        counted.sign(&record).await.unwrap();
    }
    assert_eq!(
        reads.load(Ordering::SeqCst),
        1,
        "one GetSecretValue per container"
    );

    let missing = shared::aws::record_signer_in_secret(&secrets, "no-such-secret".to_owned());
    let error = missing.sign(&record).await.unwrap_err();
    assert_eq!(error.code(), "service_unavailable");
}

/// With credentials in the environment (a Lambda's, and this suite's), the SDK's
/// configuration takes them from there alone: the default chain, whose web identity
/// provider builds an STS client at once, is not built (PERFORMANCE.md "Cold start").
#[tokio::test]
async fn credentials_in_the_environment_are_taken_without_the_default_chain() {
    assert!(
        std::env::var_os("AWS_ACCESS_KEY_ID").is_some(),
        "./scripts/test exports moto's credentials"
    );
    let sdk = shared::aws::sdk_config(&shared::config::Settings::from_env())
        .await
        .unwrap();
    let provider = format!("{:?}", sdk.credentials_provider().expect("a provider"));
    assert!(
        provider.contains("EnvironmentVariableCredentialsProvider")
            && !provider.contains("WebIdentity"),
        "{provider}"
    );
}
