//! What the benchmarks under `tests/benches/` share.

/// Every Lambda binary with the event the benchmarks start it with, the floor first:
/// `hello-lambda`, a `lambda_runtime` hello-world built the same way, ignores its event.
pub const BENCHMARKED: [(&str, &str); 8] = [
    ("hello-lambda", "auth-token.json"),
    ("auth", "auth-token.json"),
    ("attributes", "attributes-list.json"),
    ("profiles", "profiles-get.json"),
    ("analyses", "analyses-get.json"),
    ("webhooks", "webhooks-get.json"),
    ("analysis-worker", "analysis-worker-sqs.json"),
    ("webhook-worker", "webhook-worker-sqs.json"),
];

/// A benchmark's positive count from the environment variable `name`, else `default`.
pub fn count_from_env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse::<usize>().ok())
        .filter(|count| *count > 0)
        .unwrap_or(default)
}
