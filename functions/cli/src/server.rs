//! `partnerb2b serve`: every endpoint in one process, each request handed to the same
//! handler the Lambda function runs, on the embedded store (or DynamoDB).

use std::future::Future;
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body as AxumBody, to_bytes};
use axum::extract::{Request as AxumRequest, State};
use axum::response::Response as AxumResponse;
use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use shared::edge::error::ApiError;
use shared::edge::request::body_bytes;
use shared::edge::serve::respond as respond_with;
use shared::webhooks::url_policy::UrlPolicy;
use tokio::net::TcpListener;

use crate::CliError;
use crate::cli::StorageArgs;
use crate::docs;
use crate::operator::create_partner;
use crate::services::Services;
use crate::storage::open_services;

/// Opens the store, creates a demo partner on an empty one, and serves until Ctrl-C.
pub async fn serve(storage: &StorageArgs, addr: SocketAddr) -> Result<(), CliError> {
    init_logging();
    shared::edge::serve::install_panic_hook();
    let services = Arc::new(open_services(storage, UrlPolicy::DEVELOPMENT).await?);
    println!(
        "development mode: webhooks may also point at http://127.0.0.1, http://localhost or http://[::1], any port"
    );
    if services.store.list_partners().await?.is_empty() {
        let demo = create_partner(services.store.as_ref(), "Demo partner").await?;
        println!("demo partner: {}", demo.partner_id);
        println!("demo api key: {}", demo.api_key);
    }
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| CliError::Io {
            context: format!("cannot listen on {addr}"),
            source,
        })?;
    let local = listener.local_addr().map_err(|source| CliError::Io {
        context: "cannot read the bound address".to_owned(),
        source,
    })?;
    println!("listening on http://{local}");
    let settings = webhook_worker::Settings::production(services.webhook_urls());
    run(listener, services, settings, shutdown_signal())
        .await
        .map_err(|source| CliError::Io {
            context: "server stopped".to_owned(),
            source,
        })
}

/// Serves `services` on `listener`, with its workers (webhook deliveries per `settings`),
/// until `shutdown` completes. Tests call this directly.
pub async fn run(
    listener: TcpListener,
    services: Arc<Services>,
    settings: webhook_worker::Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut workers = crate::workers::spawn(&services, settings);
    let router = Router::new().fallback(dispatch).with_state(services);
    let served = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await;
    workers.abort_all();
    served
}

async fn dispatch(State(services): State<Arc<Services>>, request: AxumRequest) -> AxumResponse {
    if let Some(page) = docs::page(request.method(), request.uri().path()) {
        return page;
    }
    let (parts, body) = request.into_parts();
    let body = match to_bytes(body, largest_body()).await {
        Ok(bytes) if bytes.is_empty() => Body::Empty,
        Ok(bytes) => Body::Binary(bytes.to_vec()),
        Err(_) => {
            let request = Request::from_parts(parts, Body::Empty);
            let too_large = ApiError::PayloadTooLarge {
                limit: largest_body(),
            };
            return into_axum(respond_with(request, |_| async { Err(too_large) }).await);
        }
    };
    let request = Request::from_parts(parts, body);
    let response = if docs::OPENAPI_ROUTE.matches(request.uri().path()) {
        let refusal = if body_bytes(request.body()).len() > docs::OPENAPI_ROUTE.body_limit {
            ApiError::PayloadTooLarge {
                limit: docs::OPENAPI_ROUTE.body_limit,
            }
        } else if [Method::GET, Method::HEAD].contains(request.method()) {
            return docs::openapi();
        } else {
            ApiError::MethodNotAllowed {
                allow: "GET, HEAD".to_owned(),
            }
        };
        respond_with(request, |_| async { Err(refusal) }).await
    } else {
        services.handle(request).await
    };
    into_axum(response)
}

/// The largest body any route takes: what the server reads before the route's own
/// limit is checked by the function's dispatcher.
fn largest_body() -> usize {
    static LARGEST: std::sync::LazyLock<usize> = std::sync::LazyLock::new(|| {
        crate::services::api_routes()
            .iter()
            .map(|route| route.body_limit)
            .max()
            .unwrap_or_default()
    });
    *LARGEST
}

fn into_axum(response: Response<Body>) -> AxumResponse {
    let (parts, body) = response.into_parts();
    let body = match body {
        Body::Text(text) => AxumBody::from(text),
        Body::Binary(bytes) => AxumBody::from(bytes),
        _ => AxumBody::empty(),
    };
    AxumResponse::from_parts(parts, body)
}

async fn shutdown_signal() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let installed = if std::env::var("LOG_FORMAT").is_ok_and(|format| format == "json") {
        builder.json().with_current_span(true).try_init()
    } else {
        builder.compact().try_init()
    };
    if installed.is_err() {
        tracing::debug!("a global subscriber was already installed");
    }
}
