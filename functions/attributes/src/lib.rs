//! The `attributes` function: `GET /api/v1/attributes/`, the catalogue partners fill
//! profiles from.

use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use shared::app::App;
use shared::domain::catalogue::{ATTRIBUTES, AttributeDescription, CATALOGUE_VERSION};
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::request::{query_parameters, route_segments};
use shared::edge::serve::{record_route, serve};

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    serve(request, |request| async move { route(app, &request) }).await
}

fn route(app: &App, request: &Request) -> Result<Reply, ApiError> {
    let segments = route_segments(request.uri().path()).ok_or(ApiError::NotFound)?;
    match segments.as_slice() {
        ["attributes"] if request.method() == Method::GET => {
            record_route("GET /api/v1/attributes/");
            list(app, request)
        }
        ["attributes"] => Err(ApiError::MethodNotAllowed { allow: "GET" }),
        _ => Err(ApiError::NotFound),
    }
}

/// `GET /api/v1/attributes/`: the whole catalogue, its version in `meta`.
/// 0 DynamoDB round trips: the catalogue is compiled in and the token verified locally.
fn list(app: &App, request: &Request) -> Result<Reply, ApiError> {
    app.authenticate(request)?;
    query_parameters(request, &[])?;
    let attributes: Vec<AttributeDescription> =
        ATTRIBUTES.iter().map(AttributeDescription::from).collect();
    Ok(Reply::ok(&attributes)?.meta("catalogue_version", CATALOGUE_VERSION))
}
