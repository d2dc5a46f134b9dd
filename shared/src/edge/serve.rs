//! The way every HTTP request goes through a function: a request id, one span, the
//! route's handler, the one error mapping, and one log line with status and latency.

use std::future::Future;
use std::time::Instant;

use lambda_http::{Body, Request, Response};
use tracing::{Instrument, field};
use uuid::Uuid;

use crate::edge::envelope::{Reply, error_response};
use crate::edge::error::ApiError;

/// Runs `route` for `request` and renders its outcome in the envelope.
///
/// The span carries `request_id`, `route` and `partner_id` (the last two recorded by the
/// handler with [`record_route`] and [`record_partner`]); the closing event adds `status`
/// and `latency_ms`. Nothing from the body, headers or query is ever logged here.
pub async fn serve<F, Fut>(request: Request, route: F) -> Response<Body>
where
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Result<Reply, ApiError>>,
{
    let request_id = Uuid::now_v7();
    let started = Instant::now();
    let span = tracing::info_span!(
        "request",
        %request_id,
        method = %request.method(),
        route = field::Empty,
        partner_id = field::Empty,
    );
    let outcome = route(request).instrument(span.clone()).await;
    let response = match outcome {
        Ok(reply) => reply.into_response(request_id),
        Err(error) => {
            if error.status().is_server_error() {
                tracing::error!(parent: &span, error = %error_chain(&error), "request failed");
            }
            error_response(&error, request_id)
        }
    };
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(parent: &span, status = response.status().as_u16(), latency_ms, "request");
    response
}

/// Records the matched route template (`POST /api/v1/auth/token/`) on the request span.
pub fn record_route(route: &'static str) {
    tracing::Span::current().record("route", route);
}

/// Records the authenticated partner on the request span.
pub fn record_partner(partner_id: &impl std::fmt::Display) {
    tracing::Span::current().record("partner_id", field::display(partner_id));
}

/// `error: cause: cause`, for the logs only.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
