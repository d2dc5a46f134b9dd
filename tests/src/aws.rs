//! The AWS stand-in: moto's server, started by the test command (`scripts/test`), which
//! exports `AWS_ENDPOINT_URL` and dummy credentials. The clients here are built by the
//! same code the functions use, so every request goes through the real SDK.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_types::config_bag::ConfigBag;
use shared::store::dynamodb::{DynamoStore, create_table};
use uuid::Uuid;

/// The SDK configuration pointing at moto. Panics, naming the fix, when the stand-in was
/// not started: these suites never skip silently.
pub async fn sdk_config() -> aws_config::SdkConfig {
    assert!(
        std::env::var_os("AWS_ENDPOINT_URL").is_some(),
        "AWS_ENDPOINT_URL is not set: run the suite with ./scripts/test, which starts moto's server"
    );
    shared::aws::sdk_config(&shared::config::Settings::from_env())
        .await
        .expect("the SDK configuration")
}

/// A fresh, uniquely named table in moto, laid out as `template.yaml` declares it.
pub async fn fresh_table() -> (aws_sdk_dynamodb::Client, String) {
    let client = aws_sdk_dynamodb::Client::new(&sdk_config().await);
    let table = format!("partnerb2b-test-{}", Uuid::new_v4().simple());
    create_table(&client, &table)
        .await
        .expect("create table in moto");
    (client, table)
}

/// Counts the operations a client runs: the DynamoDB round trips the code asks for (an
/// SDK retry of one, after a throttle, is not the code's doing and is not counted).
#[derive(Debug, Clone, Default)]
pub struct RoundTrips(Arc<AtomicUsize>);

impl RoundTrips {
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }

    pub fn reset(&self) {
        self.0.store(0, Ordering::SeqCst);
    }
}

impl Intercept for RoundTrips {
    fn name(&self) -> &'static str {
        "RoundTrips"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _config: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

/// A DynamoDB store on a fresh moto table whose client counts its round trips.
pub async fn counted_dynamo_store() -> (DynamoStore, RoundTrips) {
    let (_, table) = fresh_table().await;
    let round_trips = RoundTrips::default();
    let config = shared::store::dynamodb::client_config(&sdk_config().await)
        .interceptor(round_trips.clone())
        .build();
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::from_conf(config), table);
    (store, round_trips)
}

/// Stores `key_set` as a new secret in moto and returns its id.
pub async fn fresh_secret(key_set: &str) -> String {
    let client = aws_sdk_secretsmanager::Client::new(&sdk_config().await);
    let name = format!("partnerb2b-test-keys-{}", Uuid::new_v4().simple());
    client
        .create_secret()
        .name(&name)
        .secret_string(key_set)
        .send()
        .await
        .expect("create secret in moto");
    name
}

/// A fresh SQS queue in moto with its dead-letter queue: messages hidden for
/// `visibility` after a receive, dead-lettered after `max_receives`. Returns both URLs.
pub async fn fresh_queue_pair(
    visibility: std::time::Duration,
    max_receives: u32,
) -> (String, String) {
    use aws_sdk_sqs::types::QueueAttributeName;
    let client = aws_sdk_sqs::Client::new(&sdk_config().await);
    let name = format!("partnerb2b-test-{}", Uuid::new_v4().simple());
    let dlq = client
        .create_queue()
        .queue_name(format!("{name}-dlq"))
        .send()
        .await
        .expect("create dlq");
    let dlq_url = dlq.queue_url.expect("dlq url");
    let attributes = client
        .get_queue_attributes()
        .queue_url(&dlq_url)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await
        .expect("dlq attributes");
    let dlq_arn = attributes
        .attributes
        .and_then(|mut attributes| attributes.remove(&QueueAttributeName::QueueArn))
        .expect("dlq arn");
    let redrive =
        format!(r#"{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":"{max_receives}"}}"#);
    let queue = client
        .create_queue()
        .queue_name(&name)
        .attributes(
            QueueAttributeName::VisibilityTimeout,
            visibility.as_secs().to_string(),
        )
        .attributes(QueueAttributeName::RedrivePolicy, redrive)
        .send()
        .await
        .expect("create queue");
    (queue.queue_url.expect("queue url"), dlq_url)
}

/// The sort keys of every item of `partner`'s partition in `table`, read straight from
/// moto: what the tests look through for anything an erasure left behind.
pub async fn partition_sort_keys(
    table: &str,
    partner: shared::domain::model::PartnerId,
) -> Vec<String> {
    use aws_sdk_dynamodb::types::AttributeValue;
    let client = aws_sdk_dynamodb::Client::new(&sdk_config().await);
    let (pk, _) = shared::store::keys::profiles(partner);
    let mut keys = Vec::new();
    let mut start = None;
    loop {
        let output = client
            .query()
            .table_name(table)
            .key_condition_expression("PK = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(pk.clone()))
            .consistent_read(true)
            .set_exclusive_start_key(start)
            .send()
            .await
            .expect("query the partition");
        keys.extend(
            output
                .items()
                .iter()
                .filter_map(|item| item.get(shared::store::keys::SK)?.as_s().ok().cloned()),
        );
        start = output.last_evaluated_key;
        if start.is_none() {
            return keys;
        }
    }
}
