//! The Lambda side of the functions: serving an HTTP function's route table, and the SQS
//! batch plumbing the two workers share.

use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};

use crate::edge::route::Route;
use crate::edge::serve::{Authenticates, install_panic_hook, serve};

/// Serves `routes` of `service` as the Lambda function of an HTTP API, until the runtime
/// stops: what every HTTP function's `main` ends with, once its dependencies are built.
pub async fn run_http<S: Authenticates>(
    service: &S,
    routes: &'static [Route<S>],
) -> Result<(), lambda_http::Error> {
    lambda_http::run(lambda_http::service_fn(
        move |request: lambda_http::Request| async move {
            Ok::<_, lambda_http::Error>(serve(service, routes, request).await)
        },
    ))
    .await
}

/// JSON logs as the functions' `LoggingConfig` asks, and panics logged by location only.
pub fn init_logging() {
    lambda_http::tracing::init_default_subscriber();
    install_panic_hook();
}

/// One queue message, whoever delivered it: the Lambda event source or a local poller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    pub body: String,
}

/// The messages of an SQS event.
pub fn messages(event: SqsEvent) -> Vec<Message> {
    event
        .records
        .into_iter()
        .map(|record| Message {
            id: record.message_id.unwrap_or_default(),
            body: record.body.unwrap_or_default(),
        })
        .collect()
}

/// The answer to the event source under `ReportBatchItemFailures`: only the `failed`
/// messages come back, never the whole batch.
pub fn batch_response(failed: Vec<String>) -> SqsBatchResponse {
    let mut response = SqsBatchResponse::default();
    response.batch_item_failures = failed
        .into_iter()
        .map(|id| {
            let mut failure = BatchItemFailure::default();
            failure.item_identifier = id;
            failure
        })
        .collect();
    response
}
