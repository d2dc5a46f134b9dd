//! A recording proxy in front of moto: a function pointed at it (`AWS_ENDPOINT_URL`)
//! works as usual, and the proxy notes each IAM action it needed, with the resource it
//! named, as IAM would authorise it (a `TransactWriteItems` needs the `PutItem`,
//! `UpdateItem`, `DeleteItem` or `ConditionCheckItem` of each item).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use tokio::net::TcpListener;

/// One authorised call: `("dynamodb:GetItem", "<table name>")`, or
/// `("dynamodb:Query", "<table name>/index/<index name>")`.
pub type Call = (String, String);

#[derive(Clone)]
pub struct AwsRecorder {
    calls: Arc<Mutex<BTreeSet<Call>>>,
    upstream: String,
    client: reqwest::Client,
}

impl AwsRecorder {
    /// Starts the proxy in front of `AWS_ENDPOINT_URL`; its URL, to give a function as its
    /// own `AWS_ENDPOINT_URL`.
    pub async fn start() -> (Self, String) {
        let upstream = std::env::var("AWS_ENDPOINT_URL")
            .expect("AWS_ENDPOINT_URL is not set: run the suite with ./scripts/test");
        let recorder = Self {
            calls: Arc::default(),
            upstream: upstream.trim_end_matches('/').to_owned(),
            client: crate::app::http_client(),
        };
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let router = Router::new().fallback(forward).with_state(recorder.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        (recorder, url)
    }

    pub fn calls(&self) -> BTreeSet<Call> {
        self.calls.lock().expect("calls").clone()
    }

    fn record(&self, headers: &HeaderMap, body: &[u8]) {
        let target = headers
            .get("x-amz-target")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let Some((service, operation)) = target.split_once('.') else {
            return;
        };
        let mut calls = self.calls.lock().expect("calls");
        let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
        match service {
            service if service.starts_with("DynamoDB_") => match operation {
                "TransactWriteItems" => {
                    for item in body["TransactItems"].as_array().into_iter().flatten() {
                        for (kind, action) in [
                            ("Put", "PutItem"),
                            ("Update", "UpdateItem"),
                            ("Delete", "DeleteItem"),
                            ("ConditionCheck", "ConditionCheckItem"),
                        ] {
                            if let Some(write) = item.get(kind) {
                                calls.insert((
                                    format!("dynamodb:{action}"),
                                    text(&write["TableName"]),
                                ));
                            }
                        }
                    }
                }
                "TransactGetItems" => {
                    for item in body["TransactItems"].as_array().into_iter().flatten() {
                        calls.insert(("dynamodb:GetItem".into(), text(&item["Get"]["TableName"])));
                    }
                }
                "BatchGetItem" | "BatchWriteItem" => {
                    for table in body["RequestItems"].as_object().into_iter().flatten() {
                        calls.insert((format!("dynamodb:{operation}"), table.0.clone()));
                    }
                }
                // A read of an index is authorised on the index: `<table>/index/<name>`.
                _ => {
                    let mut resource = text(&body["TableName"]);
                    if let Some(index) = body["IndexName"].as_str() {
                        resource = format!("{resource}/index/{index}");
                    }
                    calls.insert((format!("dynamodb:{operation}"), resource));
                }
            },
            "AmazonSQS" => {
                calls.insert((format!("sqs:{operation}"), text(&body["QueueUrl"])));
            }
            "secretsmanager" => {
                calls.insert((
                    format!("secretsmanager:{operation}"),
                    text(&body["SecretId"]),
                ));
            }
            other => {
                calls.insert((format!("{other}:{operation}"), String::new()));
            }
        }
    }
}

async fn forward(
    State(recorder): State<AwsRecorder>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    recorder.record(&headers, &body);
    pass_on(
        &recorder.client,
        &recorder.upstream,
        method,
        uri,
        headers,
        body,
    )
    .await
}

/// Sends the request on to `upstream` and returns its answer as it came.
pub(crate) async fn pass_on(
    client: &reqwest::Client,
    upstream: &str,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri
        .path_and_query()
        .map(|path| path.as_str())
        .unwrap_or("/");
    let mut request = client
        .request(method, format!("{upstream}{path}"))
        .body(body);
    for (name, value) in &headers {
        if name != "host" && name != "content-length" {
            request = request.header(name, value);
        }
    }
    match request.send().await {
        Ok(answer) => {
            let status = answer.status();
            let headers = answer.headers().clone();
            let body = answer.bytes().await.unwrap_or_default();
            let mut response = (status, body).into_response();
            for (name, value) in &headers {
                if name != "content-length" && name != "transfer-encoding" {
                    response.headers_mut().insert(name, value.clone());
                }
            }
            response
        }
        Err(error) => (StatusCode::BAD_GATEWAY, error.to_string()).into_response(),
    }
}
