//! The local server's documentation routes: the OpenAPI description, and a page that
//! renders it with Redoc served from this binary (no CDN).

use std::sync::LazyLock;

use axum::body::Body;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use shared::edge::route::{Access, RouteInfo};

const PAGE: &str = include_str!("../assets/docs.html");
const REDOC: &[u8] = include_bytes!("../assets/redoc/redoc.standalone.js");

/// `GET /api/v1/openapi.json`, the one API route the local server answers itself.
pub const OPENAPI_ROUTE: RouteInfo = RouteInfo {
    method: Method::GET,
    path: "/api/v1/openapi.json",
    operation: "getOpenApi",
    access: Access::Public,
    body_limit: shared::edge::request::MAX_BODY_BYTES,
};

/// The description as served, built once.
static OPENAPI: LazyLock<String> = LazyLock::new(crate::openapi::to_json);

/// The response to a documentation page, or `None` for any other request.
pub fn page(method: &Method, path: &str) -> Option<Response> {
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    let (content_type, body) = match path {
        "/docs" => {
            return Response::builder()
                .status(StatusCode::PERMANENT_REDIRECT)
                .header(LOCATION, "/docs/")
                .body(Body::empty())
                .ok();
        }
        "/docs/" => ("text/html; charset=utf-8", Body::from(PAGE)),
        "/docs/redoc.standalone.js" => ("text/javascript; charset=utf-8", Body::from(REDOC)),
        _ => return None,
    };
    Response::builder()
        .header(CONTENT_TYPE, content_type)
        .header(CACHE_CONTROL, "no-cache")
        .body(body)
        .ok()
}

/// `GET /api/v1/openapi.json`.
pub fn openapi() -> Response {
    let mut response = Response::new(Body::from(OPENAPI.as_str()));
    response.headers_mut().insert(
        CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    response
}
