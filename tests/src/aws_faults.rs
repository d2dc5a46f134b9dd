//! A proxy in front of moto that injects faults: a client pointed at it (its endpoint
//! URL) talks to moto as usual, except for the requests a [`Plan`] picks, which are
//! throttled, failed with a 500, timed out, answered with an error of the plan's
//! choosing, or preceded by another write (a concurrent writer landing just before).
//!
//! Faults are chosen per request, in the order requests arrive, so a plan driven by a
//! seeded generator picks the same requests on every run of a sequential client.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures_util::future::BoxFuture;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use shared::queue::sqs::SqsQueue;
use shared::store::dynamodb::DynamoStore;

use crate::aws_recorder::pass_on;

/// The AWS service a request is for, from its `X-Amz-Target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    DynamoDb,
    Sqs,
    Other,
}

/// One request arriving at the proxy.
#[derive(Debug, Clone)]
pub struct Call {
    pub service: Service,
    /// `GetItem`, `TransactWriteItems`, `SendMessage`…
    pub operation: String,
    pub body: Value,
}

impl Call {
    /// Whether this is a `TransactWriteItems` deleting the item whose `SK` is `sk`.
    pub fn transaction_deletes(&self, sk: &str) -> bool {
        self.operation == "TransactWriteItems"
            && self.body["TransactItems"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|item| item["Delete"]["Key"]["SK"]["S"].as_str() == Some(sk))
    }
}

/// What the proxy does with a request.
pub enum Fault {
    /// Forwards it.
    Pass,
    /// Refuses it as throttled, without forwarding: DynamoDB's
    /// `ProvisionedThroughputExceededException`, SQS's `ThrottlingException`.
    Throttle,
    /// Answers 500 `InternalServerError`, without forwarding.
    ServerError,
    /// Holds it for this long, then answers 500 without forwarding: the client's
    /// attempt timeout fires first and the request never reaches the service.
    Timeout(Duration),
    /// Answers 400 with this `__type` (the part after `#`) and these extra members,
    /// without forwarding.
    Error(&'static str, Value),
    /// Runs the future first (a concurrent writer landing just before), then does the
    /// fault.
    Preceded(BoxFuture<'static, ()>, Box<Fault>),
}

impl Fault {
    /// Runs `write`, then forwards the request.
    pub fn before(write: impl std::future::Future<Output = ()> + Send + 'static) -> Self {
        Self::Preceded(Box::pin(write), Box::new(Self::Pass))
    }

    /// `TransactWriteItems` cancelled because another transaction held its first item.
    pub fn transaction_conflict(call: &Call) -> Self {
        let items = call.body["TransactItems"].as_array().map_or(1, Vec::len);
        let mut reasons = vec![json!({"Code": "None"}); items];
        reasons[0] = json!({"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"});
        Self::Error(
            "TransactionCanceledException",
            json!({"CancellationReasons": reasons}),
        )
    }

    fn name(&self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Throttle => "throttle",
            Self::ServerError => "server error",
            Self::Timeout(_) => "timeout",
            Self::Error(..) => "error",
            Self::Preceded(_, then) => match **then {
                Self::Pass => "preceded",
                _ => "preceded, then failed",
            },
        }
    }
}

/// Chooses the fault of each request, in arrival order.
pub type Plan = Box<dyn FnMut(&Call) -> Fault + Send>;

/// A plan answering `fault` to the first `n` requests that `pick` selects, and passing
/// every other request.
pub fn first<F>(n: usize, pick: fn(&Call) -> bool, fault: F) -> Plan
where
    F: Fn(&Call) -> Fault + Send + 'static,
{
    let mut seen = 0;
    Box::new(move |call| {
        if pick(call) && seen < n {
            seen += 1;
            fault(call)
        } else {
            Fault::Pass
        }
    })
}

#[derive(Clone)]
pub struct FaultProxy {
    url: String,
    upstream: String,
    plan: Arc<Mutex<Plan>>,
    injected: Arc<Mutex<Vec<(String, &'static str)>>>,
    client: reqwest::Client,
}

impl FaultProxy {
    /// Starts the proxy in front of `AWS_ENDPOINT_URL`, following `plan`.
    pub async fn start(plan: Plan) -> Self {
        let upstream = std::env::var("AWS_ENDPOINT_URL")
            .expect("AWS_ENDPOINT_URL is not set: run the suite with ./scripts/test");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let proxy = Self {
            url: format!("http://{}", listener.local_addr().expect("address")),
            upstream: upstream.trim_end_matches('/').to_owned(),
            plan: Arc::new(Mutex::new(plan)),
            injected: Arc::default(),
            client: crate::app::http_client(),
        };
        let router = Router::new().fallback(handle).with_state(proxy.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        proxy
    }

    /// The endpoint URL to give clients.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Replaces the plan, for the requests from now on.
    pub fn follow(&self, plan: Plan) {
        *self.plan.lock().unwrap_or_else(PoisonError::into_inner) = plan;
    }

    /// Every fault injected so far: `(operation, fault)`.
    pub fn injected(&self) -> Vec<(String, &'static str)> {
        self.injected
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// A DynamoDB store on `table` whose every request goes through the proxy, with the
    /// SDK configuration `sdk` (the functions' own, from [`crate::aws::sdk_config`], or
    /// [`fast_sdk_config`]).
    pub fn dynamo_store(&self, sdk: &aws_config::SdkConfig, table: &str) -> DynamoStore {
        // On the client's own configuration: `AWS_ENDPOINT_URL` in the environment
        // would otherwise win over the shared configuration's endpoint.
        let config = shared::store::dynamodb::client_config(sdk)
            .endpoint_url(&self.url)
            .build();
        DynamoStore::new(aws_sdk_dynamodb::Client::from_conf(config), table)
    }

    /// The SQS queue at `url` through the proxy.
    pub fn sqs_queue(&self, sdk: &aws_config::SdkConfig, url: &str) -> SqsQueue {
        let config = aws_sdk_sqs::config::Builder::from(sdk)
            .endpoint_url(&self.url)
            .build();
        SqsQueue::new(aws_sdk_sqs::Client::from_conf(config), url)
    }
}

/// The functions' SDK configuration (`shared::aws::sdk_config`) with attempts bounded by
/// `attempt_timeout` and retries after `backoff` rather than the SDK's second, so that
/// a run meeting many faults takes seconds.
pub async fn fast_sdk_config(
    attempt_timeout: Duration,
    backoff: Duration,
) -> aws_config::SdkConfig {
    use aws_config::retry::RetryConfig;
    use aws_config::timeout::TimeoutConfig;
    let sdk = crate::aws::sdk_config().await;
    let timeouts = sdk
        .timeout_config()
        .cloned()
        .unwrap_or_else(TimeoutConfig::disabled)
        .to_builder()
        .operation_attempt_timeout(attempt_timeout)
        .build();
    let retries = sdk
        .retry_config()
        .cloned()
        .unwrap_or_else(RetryConfig::standard)
        .with_initial_backoff(backoff);
    sdk.into_builder()
        .timeout_config(timeouts)
        .retry_config(retries)
        .build()
}

fn call(headers: &HeaderMap, body: &[u8]) -> Call {
    let target = headers
        .get("x-amz-target")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let (service, operation) = target.split_once('.').unwrap_or(("", target));
    let service = if service.starts_with("DynamoDB_") {
        Service::DynamoDb
    } else if service == "AmazonSQS" {
        Service::Sqs
    } else {
        Service::Other
    };
    Call {
        service,
        operation: operation.to_owned(),
        body: serde_json::from_slice(body).unwrap_or(Value::Null),
    }
}

/// A JSON-protocol error of `service` with `status`, its `__type` ending in `kind`.
fn error(service: Service, status: StatusCode, kind: &str, extra: Value) -> Response {
    let namespace = match service {
        Service::Sqs => "com.amazonaws.sqs",
        _ => "com.amazonaws.dynamodb.v20120810",
    };
    let mut body =
        json!({"__type": format!("{namespace}#{kind}"), "message": "injected by the fault proxy"});
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/x-amz-json-1.0"),
    );
    response
}

async fn handle(
    State(proxy): State<FaultProxy>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let call = call(&headers, &body);
    let fault = {
        let mut plan = proxy.plan.lock().unwrap_or_else(PoisonError::into_inner);
        (*plan)(&call)
    };
    if !matches!(fault, Fault::Pass) {
        proxy
            .injected
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((call.operation.clone(), fault.name()));
    }
    let mut fault = fault;
    while let Fault::Preceded(write, then) = fault {
        write.await;
        fault = *then;
    }
    match fault {
        Fault::Pass | Fault::Preceded(..) => {}
        Fault::Throttle => {
            let kind = match call.service {
                Service::Sqs => "ThrottlingException",
                _ => "ProvisionedThroughputExceededException",
            };
            return error(call.service, StatusCode::BAD_REQUEST, kind, Value::Null);
        }
        Fault::ServerError => {
            let kind = "InternalServerError";
            return error(
                call.service,
                StatusCode::INTERNAL_SERVER_ERROR,
                kind,
                Value::Null,
            );
        }
        Fault::Timeout(hold) => {
            tokio::time::sleep(hold).await;
            let kind = "InternalServerError";
            return error(
                call.service,
                StatusCode::INTERNAL_SERVER_ERROR,
                kind,
                Value::Null,
            );
        }
        Fault::Error(kind, extra) => {
            return error(call.service, StatusCode::BAD_REQUEST, kind, extra);
        }
    }
    pass_on(&proxy.client, &proxy.upstream, method, uri, headers, body).await
}
