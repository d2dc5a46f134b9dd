//! The Lambda side of the functions: serving an HTTP function's route table, and the SQS
//! batch plumbing the two workers share.

use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};

use crate::BoxError;
use crate::edge::route::Route;
use crate::edge::serve::{Authenticates, error_chain, install_panic_hook, serve};

/// Serves `routes` of `service` as the Lambda function of an HTTP API, until the runtime
/// stops: what every HTTP function's `main` ends with, once its dependencies are built.
pub async fn run_http<S: Authenticates>(
    service: &S,
    routes: &'static [Route<S>],
) -> Result<(), Stopped> {
    lambda_http::run(lambda_http::service_fn(
        move |request: lambda_http::Request| async move {
            Ok::<_, lambda_http::Error>(serve(service, routes, request).await)
        },
    ))
    .await?;
    Ok(())
}

/// JSON logs as the functions' `LoggingConfig` asks, and panics logged by location only.
pub fn init_logging() {
    lambda_http::tracing::init_default_subscriber();
    install_panic_hook();
}

/// What a function's `main` returns when it stops: the error, printed as its message and
/// causes. A `main` returning `Err` prints the error's `Debug` form, which for the
/// crate's error enums is a variant name (`Missing("TABLE_NAME")`): that line is all an
/// operator finds in the function's logs when it fails at init.
pub struct Stopped(BoxError);

impl<E: Into<BoxError>> From<E> for Stopped {
    fn from(error: E) -> Self {
        Self(error.into())
    }
}

impl std::fmt::Debug for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&error_chain(self.0.as_ref()))
    }
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
