//! The floor the cold-start benchmark compares every function with: the same runtime,
//! the same tracing set-up and the same release profile as the functions, and nothing
//! else (no SDK configuration, no secret, no table). It answers `{"hello":"world"}` to
//! any event.

use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    run(service_fn(|_: LambdaEvent<Value>| async {
        Ok::<_, Error>(json!({ "hello": "world" }))
    }))
    .await
}
