//! The Lambda side of the functions: the `main` of an HTTP function, and the SQS batch
//! plumbing the two workers share.

use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};

/// The `main` of an HTTP function: JSON logs as the Lambda's `LoggingConfig` asks, the
/// [`App`](crate::app::App) built once per container from the environment, then every
/// request handed to `$handle(&App, Request) -> Response`.
#[macro_export]
macro_rules! http_function_main {
    ($handle:path) => {
        #[tokio::main]
        async fn main() -> Result<(), lambda_http::Error> {
            lambda_http::tracing::init_default_subscriber();
            let app = $crate::app::App::from_aws(&$crate::config::Config::from_env()).await?;
            let app = &app;
            lambda_http::run(lambda_http::service_fn(
                move |request: lambda_http::Request| async move {
                    Ok::<_, lambda_http::Error>($handle(app, request).await)
                },
            ))
            .await
        }
    };
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
