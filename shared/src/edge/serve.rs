//! The way every HTTP request goes through a function: a request id, one span, the
//! route table, authentication when the route asks for it, the handler (a panic in it
//! answered as any internal error), the one error mapping, and one log line with status
//! and latency.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::Instant;

use futures_util::FutureExt;
use lambda_http::http::header::{CONTENT_LANGUAGE, CONTENT_LENGTH};
use lambda_http::http::{HeaderValue, Method};
use lambda_http::{Body, Request, Response};
use tracing::{Instrument, field};
use uuid::Uuid;

use crate::domain::model::PartnerId;
use crate::edge::envelope::{Reply, error_response};
use crate::edge::error::ApiError;
use crate::edge::request::{bearer_token, body_bytes};
use crate::edge::route::{Call, Handler, Resolution, Route, language, resolve};
use crate::jwt::{Claims, TokenError, TokenType, TokenVerifier};

/// What the dispatcher needs of a function's dependencies: the verifier of the access
/// tokens it accepts.
pub trait Authenticates: Sync + 'static {
    fn access_tokens(&self) -> &TokenVerifier;
}

/// Answers `request` with the route of `routes` its method and path name.
///
/// The span carries `request_id`, `method`, `route` (the template, never the concrete
/// path) and `partner_id`; the closing event adds `status` and `latency_ms`. Nothing from
/// the body, headers or query is ever logged here.
pub async fn serve<S: Authenticates>(
    service: &S,
    routes: &[Route<S>],
    request: Request,
) -> Response<Body> {
    respond(request, |request| async move {
        let method = request.method().clone();
        let (route, params) = match resolve(routes, &method, request.uri().path()) {
            Resolution::Found { route, params } => (route, params),
            Resolution::MethodNotAllowed { allow } => {
                return Err(ApiError::MethodNotAllowed { allow });
            }
            Resolution::NotFound => return Err(ApiError::NotFound),
        };
        tracing::Span::current().record("route", format!("{} {}", route.method, route.path));
        if body_bytes(request.body()).len() > route.body_limit {
            return Err(ApiError::PayloadTooLarge {
                limit: route.body_limit,
            });
        }
        let mut call = Call::new(&request, params);
        match route.handler {
            Handler::Public(handler) => handler(service, call).await,
            Handler::Partner(handler) => {
                let claims = access_claims(service.access_tokens(), &request)?;
                call.api_key = Some(claims.key);
                handler(service, claims.sub, call).await
            }
        }
    })
    .await
}

/// Runs `handle` for `request` in the request's span and renders its outcome in the
/// envelope: the one place a `Result<Reply, ApiError>` becomes a response. A panic in
/// `handle` is logged and answered `500 internal_error`; the process keeps serving.
pub async fn respond<F, Fut>(request: Request, handle: F) -> Response<Body>
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
    let head = request.method() == Method::HEAD;
    let language = language(&request);
    let outcome = AssertUnwindSafe(handle(request).instrument(span.clone()))
        .catch_unwind()
        .await
        .unwrap_or_else(|_| Err(ApiError::internal("the handler panicked")));
    let mut response = match outcome {
        Ok(reply) => reply.into_response(request_id),
        Err(error) => {
            if error.status().is_server_error() {
                tracing::error!(parent: &span, error = %error_chain(&error), "request failed");
            }
            error_response(&error, request_id, language)
        }
    };
    response
        .headers_mut()
        .insert(CONTENT_LANGUAGE, HeaderValue::from_static(language.tag()));
    if head {
        strip_body(&mut response);
    }
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(parent: &span, status = response.status().as_u16(), latency_ms, "request");
    response
}

/// A HEAD answer: the GET's headers, its `Content-Length` included, and no body.
fn strip_body(response: &mut Response<Body>) {
    let length = match response.body() {
        Body::Text(text) => text.len(),
        Body::Binary(bytes) => bytes.len(),
        _ => 0,
    };
    response
        .headers_mut()
        .insert(CONTENT_LENGTH, HeaderValue::from(length));
    *response.body_mut() = Body::Empty;
}

/// The partner behind the request's access token: 401 `missing_token`, `invalid_token`
/// or `token_expired` otherwise. Reads nothing from the store.
pub fn authenticate(tokens: &TokenVerifier, request: &Request) -> Result<PartnerId, ApiError> {
    access_claims(tokens, request).map(|claims| claims.sub)
}

/// The claims of the request's valid access token, its partner recorded on the span.
fn access_claims(tokens: &TokenVerifier, request: &Request) -> Result<Claims, ApiError> {
    let claims = tokens
        .verify(bearer_token(request)?, TokenType::Access)
        .map_err(|error| match error {
            TokenError::Expired => ApiError::TokenExpired,
            _ => ApiError::InvalidToken,
        })?;
    record_partner(&claims.sub);
    Ok(claims)
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

/// Logs a panic's location, never its message (which may quote a request's data), as an
/// error event; the request it happened in is answered by [`respond`].
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|location| format!("{}:{}", location.file(), location.line()))
            .unwrap_or_default();
        tracing::error!(%location, "a handler panicked");
    }));
}

#[cfg(test)]
mod tests {
    use lambda_http::http;

    use super::*;

    fn request(method: Method) -> Request {
        http::Request::builder()
            .method(method)
            .uri("/api/v1/anything/")
            .body(Body::Empty)
            .unwrap()
    }

    fn body(response: &Response<Body>) -> serde_json::Value {
        match response.body() {
            Body::Text(text) => serde_json::from_str(text).unwrap(),
            other => panic!("not a text body: {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_panicking_handler_is_a_500_in_the_envelope() {
        let response = respond(request(Method::GET), |_| async {
            if true {
                panic!("a bug");
            }
            Ok(Reply::no_content())
        })
        .await;
        assert_eq!(response.status(), 500);
        let body = body(&response);
        assert_eq!(body["error"]["code"], "internal_error");
        assert_eq!(body["error"]["message"], "an internal error occurred");
        assert_eq!(
            response.headers()["x-request-id"].to_str().unwrap(),
            body["meta"]["request_id"]
        );
    }

    #[tokio::test]
    async fn head_keeps_the_headers_and_the_length_but_not_the_body() {
        let get = respond(request(Method::GET), |_| async { Reply::ok(&"some data") }).await;
        let head = respond(request(Method::HEAD), |_| async { Reply::ok(&"some data") }).await;
        let Body::Text(text) = get.body() else {
            panic!("GET has a body")
        };
        assert_eq!(head.status(), get.status());
        assert!(matches!(head.body(), Body::Empty));
        assert_eq!(
            head.headers()[CONTENT_LENGTH].to_str().unwrap(),
            text.len().to_string()
        );
        assert_eq!(
            head.headers()["content-type"],
            get.headers()["content-type"]
        );
    }
}
