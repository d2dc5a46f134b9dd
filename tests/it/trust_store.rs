//! Which roots the SDK's HTTPS client trusts (`shared::aws::trust_store`): the real SDK
//! against an HTTPS server on loopback whose certificate no public store holds.

use aws_config::SdkConfig;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::describe_table::{DescribeTableError, DescribeTableOutput};
use aws_smithy_types::retry::RetryConfig;
use partnerb2b_tests::runtime_api::binary;
use partnerb2b_tests::tls_server::TlsServer;
use shared::aws::{TRUST_STORE_SETTING, https_client_trusting};
use shared::edge::serve::error_chain;

/// One DescribeTable at the server, without retries.
async fn describe(
    sdk: &SdkConfig,
    server: &TlsServer,
) -> Result<DescribeTableOutput, SdkError<DescribeTableError>> {
    let config = aws_sdk_dynamodb::config::Builder::from(sdk)
        .endpoint_url(server.url())
        .retry_config(RetryConfig::disabled())
        .build();
    aws_sdk_dynamodb::Client::from_conf(config)
        .describe_table()
        .table_name("any")
        .send()
        .await
}

#[tokio::test]
async fn a_client_trusting_the_servers_root_reaches_it() {
    let server = TlsServer::start().await;
    let client = https_client_trusting(server.certificate_pem().as_bytes()).unwrap();
    let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(client)
        .load()
        .await;
    let error = describe(&sdk, &server).await.unwrap_err();
    assert!(
        error
            .as_service_error()
            .is_some_and(DescribeTableError::is_resource_not_found_exception),
        "{}",
        error_chain(&error)
    );
    assert_eq!(server.answered(), 1);
}

/// The operator's CLI, its DynamoDB table behind `server`, trusting the roots of
/// `trust_store` with the server's certificate as the system's only root: its stderr.
async fn list_partners(server: &TlsServer, trust_store: &str) -> String {
    let roots = tempfile::tempdir().unwrap();
    let bundle = roots.path().join("bundle.pem");
    std::fs::write(&bundle, server.certificate_pem()).unwrap();
    let output = tokio::process::Command::new(binary("partnerb2b"))
        .args(["--store", "dynamodb", "--table", "any", "partner", "list"])
        .env(TRUST_STORE_SETTING, trust_store)
        .env("AWS_ENDPOINT_URL", server.url())
        .env("AWS_MAX_ATTEMPTS", "1")
        .env("SSL_CERT_FILE", &bundle)
        .env("SSL_CERT_DIR", roots.path().join("no-directory"))
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn the_setting_chooses_between_the_system_store_and_the_amazon_roots() {
    let server = TlsServer::start().await;
    let system = list_partners(&server, "system").await;
    assert!(system.contains("Requested resource not found"), "{system}");
    assert_eq!(server.answered(), 1);
    let amazon = list_partners(&server, "amazon-trust-services").await;
    assert!(amazon.contains("UnknownIssuer"), "{amazon}");
    assert_eq!(server.answered(), 1, "a refused certificate sends nothing");
}

#[tokio::test]
async fn an_unknown_trust_store_is_a_usage_error_naming_the_setting() {
    let output = tokio::process::Command::new(binary("partnerb2b"))
        .args(["--store", "dynamodb", "--table", "any", "partner", "list"])
        .env(TRUST_STORE_SETTING, "amazon")
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr
            .contains("SDK_TRUST_STORE must be `system` or `amazon-trust-services`, not `amazon`"),
        "{stderr}"
    );
}

/// A function stopped at init says why in words (its `main` returns
/// `shared::lambda::Stopped`).
#[tokio::test]
async fn a_function_with_an_unknown_trust_store_stops_at_init_naming_the_setting() {
    let output = tokio::process::Command::new(binary("profiles"))
        .env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9")
        .env("TABLE_NAME", "any")
        .env(TRUST_STORE_SETTING, "amazon")
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "Error: SDK_TRUST_STORE must be `system` or `amazon-trust-services`, not `amazon`"
        ),
        "{stderr}"
    );
}
