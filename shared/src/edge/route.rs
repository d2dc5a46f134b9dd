//! Routes as data: each function declares its routes once, as a table of [`Route`]s, and
//! that table is the one source for its dispatch, 405 with `Allow`, HEAD, the route in
//! the log line, the local server's routing, the OpenAPI `paths` and the check of
//! `template.yaml`'s events.
//!
//! ```ignore
//! pub static ROUTES: &[Route<Service>] = &[
//!     Route::partner(POST, "/api/v1/profiles/", "createProfile", |s, p, c| Box::pin(create(s, p, c))),
//!     Route::partner(GET, "/api/v1/profiles/{profile_id}/", "getProfile", |s, p, c| Box::pin(read(s, p, c))),
//! ];
//! ```

use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;

use lambda_http::Request;
use lambda_http::http::Method;
use lambda_http::http::header::ACCEPT_LANGUAGE;
use locale::Language;

use crate::domain::api_key::ApiKeyId;
use crate::domain::model::PartnerId;
use crate::edge::envelope::Reply;
use crate::edge::error::ApiError;
use crate::edge::request::{BASE_PATH, MAX_BODY_BYTES, route_segments};

/// What a handler's future resolves to.
pub type Outcome<'a> = Pin<Box<dyn Future<Output = Result<Reply, ApiError>> + Send + 'a>>;

/// A handler, by who may call it. Authentication is the route's, not the handler's: a
/// partner handler is only ever called with the partner of a verified access token.
pub enum Handler<S: 'static> {
    /// No access token: the token routes, which authenticate with what the body carries.
    Public(for<'a> fn(&'a S, Call<'a>) -> Outcome<'a>),
    /// An access token is required; the handler gets its partner.
    Partner(for<'a> fn(&'a S, PartnerId, Call<'a>) -> Outcome<'a>),
}

/// Who may call a route, as the OpenAPI description and the tests see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    Partner,
}

/// One route: a method on a path template (`/api/v1/profiles/{profile_id}/`, trailing
/// slash optional on the wire), its OpenAPI `operationId`, and its handler.
pub struct Route<S: 'static> {
    pub method: Method,
    pub path: &'static str,
    pub operation: &'static str,
    pub handler: Handler<S>,
    /// The largest body the route reads; larger is 413 before anything else happens.
    pub body_limit: usize,
}

impl<S> Route<S> {
    pub const fn public(
        method: Method,
        path: &'static str,
        operation: &'static str,
        handler: for<'a> fn(&'a S, Call<'a>) -> Outcome<'a>,
    ) -> Self {
        Self {
            method,
            path,
            operation,
            handler: Handler::Public(handler),
            body_limit: MAX_BODY_BYTES,
        }
    }

    pub const fn partner(
        method: Method,
        path: &'static str,
        operation: &'static str,
        handler: for<'a> fn(&'a S, PartnerId, Call<'a>) -> Outcome<'a>,
    ) -> Self {
        Self {
            method,
            path,
            operation,
            handler: Handler::Partner(handler),
            body_limit: MAX_BODY_BYTES,
        }
    }

    /// The route with a larger (or smaller) body limit than [`MAX_BODY_BYTES`].
    pub const fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    pub fn access(&self) -> Access {
        match self.handler {
            Handler::Public(_) => Access::Public,
            Handler::Partner(_) => Access::Partner,
        }
    }

    /// What the description and the tests need of the route, without its handler.
    pub fn info(&self) -> RouteInfo {
        RouteInfo {
            method: self.method.clone(),
            path: self.path,
            operation: self.operation,
            access: self.access(),
            body_limit: self.body_limit,
        }
    }

    /// The path parameters, when the request's path is this route's template.
    fn captures<'r>(&self, segments: &[&'r str]) -> Option<PathParams<'r>> {
        template_captures(self.path, segments)
    }
}

/// A route without its handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub operation: &'static str,
    pub access: Access,
    pub body_limit: usize,
}

impl RouteInfo {
    /// `GET /api/v1/profiles/{profile_id}/`, as logs and errors name the route.
    pub fn name(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// Whether a concrete path (`/api/v1/profiles/0193…`) is this route's.
    pub fn matches(&self, path: &str) -> bool {
        route_segments(path)
            .is_some_and(|segments| template_captures(self.path, &segments).is_some())
    }
}

/// The request and its path parameters, as a handler receives them, with the language
/// its `Accept-Language` chose for what the answer says.
pub struct Call<'a> {
    pub request: &'a Request,
    pub language: Language,
    params: PathParams<'a>,
    /// The API key the access token was obtained with, on a partner's route.
    pub(crate) api_key: Option<ApiKeyId>,
}

impl<'a> Call<'a> {
    /// The path parameter `name` parsed as an id: 404 when it is not one, since it then
    /// names nothing.
    pub fn id<T: FromStr>(&self, name: &str) -> Result<T, ApiError> {
        let value = self
            .params
            .get(name)
            .ok_or_else(|| ApiError::internal(format!("the route has no path parameter {name}")))?;
        value.parse().map_err(|_| ApiError::NotFound)
    }

    /// The API key the caller's access token was obtained with; `None` on a public route.
    pub fn api_key(&self) -> Option<&ApiKeyId> {
        self.api_key.as_ref()
    }
}

/// The language `Accept-Language` asks for (quality values honoured), English by default.
pub fn language(request: &Request) -> Language {
    Language::negotiate(
        request
            .headers()
            .get(ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok()),
    )
}

/// Path parameters by name, in template order.
#[derive(Debug, Default)]
pub struct PathParams<'r>(Vec<(&'static str, &'r str)>);

impl PathParams<'_> {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(param, _)| *param == name)
            .map(|(_, value)| *value)
    }
}

/// The parameters of `template` for the request `segments` (below [`BASE_PATH`]), when
/// every literal segment is equal and every `{parameter}` one is there.
fn template_captures<'r>(template: &'static str, segments: &[&'r str]) -> Option<PathParams<'r>> {
    let pattern = template_segments(template);
    if pattern.len() != segments.len() {
        return None;
    }
    let mut params = PathParams::default();
    for (expected, given) in pattern.iter().zip(segments) {
        match expected
            .strip_prefix('{')
            .and_then(|rest| rest.strip_suffix('}'))
        {
            Some(name) => params.0.push((name, *given)),
            None if expected == given => {}
            None => return None,
        }
    }
    Some(params)
}

/// The segments of a template below [`BASE_PATH`]: `/api/v1/profiles/{profile_id}/` is
/// `["profiles", "{profile_id}"]`.
pub fn template_segments(template: &'static str) -> Vec<&'static str> {
    template
        .strip_prefix(BASE_PATH)
        .unwrap_or(template)
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect()
}

/// Where a request lands in a table.
pub enum Resolution<'t, 'r, S: 'static> {
    Found {
        route: &'t Route<S>,
        params: PathParams<'r>,
    },
    /// The path is a route's, not with this method: `Allow` lists those it takes.
    MethodNotAllowed {
        allow: String,
    },
    NotFound,
}

/// Finds the route of `method` on `path`. HEAD is answered as GET.
pub fn resolve<'t, 'r, S>(
    routes: &'t [Route<S>],
    method: &Method,
    path: &'r str,
) -> Resolution<'t, 'r, S> {
    let Some(segments) = route_segments(path) else {
        return Resolution::NotFound;
    };
    let wanted = if method == Method::HEAD {
        &Method::GET
    } else {
        method
    };
    let mut allowed: Vec<&Method> = Vec::new();
    for route in routes {
        let Some(params) = route.captures(&segments) else {
            continue;
        };
        if route.method == wanted {
            return Resolution::Found { route, params };
        }
        allowed.push(&route.method);
    }
    if allowed.is_empty() {
        return Resolution::NotFound;
    }
    Resolution::MethodNotAllowed {
        allow: allow_header(allowed),
    }
}

/// `DELETE, GET, HEAD`: every method once, sorted, HEAD wherever GET is.
fn allow_header(methods: Vec<&Method>) -> String {
    let mut names: Vec<&str> = methods.iter().map(|method| method.as_str()).collect();
    if names.contains(&"GET") {
        names.push("HEAD");
    }
    names.sort_unstable();
    names.dedup();
    names.join(", ")
}

/// Whether any route of `routes` is on `path`, whatever the method: the local server
/// hands a request to the function whose table has its path.
pub fn owns<S>(routes: &[Route<S>], path: &str) -> bool {
    route_segments(path).is_some_and(|segments| {
        routes
            .iter()
            .any(|route| route.captures(&segments).is_some())
    })
}

impl<'a> Call<'a> {
    pub(crate) fn new(request: &'a Request, params: PathParams<'a>) -> Self {
        Self {
            request,
            language: language(request),
            params,
            api_key: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_http::Body;
    use lambda_http::http;

    struct Nothing;

    fn ok<'a>(_: &'a Nothing, _: PartnerId, _: Call<'a>) -> Outcome<'a> {
        Box::pin(async { Err(ApiError::NotFound) })
    }

    static ROUTES: &[Route<Nothing>] = &[
        Route::partner(Method::GET, "/api/v1/things/", "listThings", ok),
        Route::partner(Method::POST, "/api/v1/things/", "createThing", ok),
        Route::partner(Method::GET, "/api/v1/things/{thing_id}/", "getThing", ok),
        Route::partner(
            Method::DELETE,
            "/api/v1/things/{thing_id}/",
            "deleteThing",
            ok,
        ),
        Route::partner(
            Method::POST,
            "/api/v1/things/{thing_id}/parts/{part_id}/retry/",
            "retryPart",
            ok,
        ),
    ];

    fn found(method: Method, path: &str) -> Option<&'static str> {
        match resolve(ROUTES, &method, path) {
            Resolution::Found { route, .. } => Some(route.operation),
            _ => None,
        }
    }

    #[test]
    fn paths_match_with_or_without_the_trailing_slash() {
        assert_eq!(found(Method::GET, "/api/v1/things/"), Some("listThings"));
        assert_eq!(found(Method::GET, "/api/v1/things"), Some("listThings"));
        assert_eq!(found(Method::GET, "/api/v1/things/x"), Some("getThing"));
        assert_eq!(found(Method::HEAD, "/api/v1/things/x/"), Some("getThing"));
        assert_eq!(
            found(Method::POST, "/api/v1/things/a/parts/b/retry/"),
            Some("retryPart")
        );
    }

    #[test]
    fn another_method_is_405_with_every_allowed_method() {
        let allow = |method: Method, path: &str| match resolve(ROUTES, &method, path) {
            Resolution::MethodNotAllowed { allow } => allow,
            _ => panic!("{method} {path} should be 405"),
        };
        assert_eq!(allow(Method::PUT, "/api/v1/things/"), "GET, HEAD, POST");
        assert_eq!(allow(Method::POST, "/api/v1/things/x"), "DELETE, GET, HEAD");
        assert_eq!(allow(Method::GET, "/api/v1/things/a/parts/b/retry"), "POST");
    }

    #[test]
    fn unknown_paths_are_404() {
        for path in [
            "/api/v1/",
            "/api/v1/thing",
            "/api/v1/things/x/y",
            "/api/v1//things",
            "/api/v2/things/",
            "/things/",
        ] {
            assert!(
                matches!(resolve(ROUTES, &Method::GET, path), Resolution::NotFound),
                "{path}"
            );
            assert!(!owns(ROUTES, path), "{path}");
        }
        assert!(owns(ROUTES, "/api/v1/things/a/parts/b/retry/"));
    }

    #[test]
    fn parameters_are_read_by_name() {
        let request = http::Request::builder()
            .uri("/api/v1/things/a/parts/42/retry/")
            .body(Body::Empty)
            .unwrap();
        let Resolution::Found { params, .. } = resolve(ROUTES, &Method::POST, request.uri().path())
        else {
            panic!("the route exists");
        };
        assert_eq!(params.get("thing_id"), Some("a"));
        assert_eq!(params.get("part_id"), Some("42"));
        let call = Call::new(&request, params);
        assert_eq!(call.id::<u32>("part_id").unwrap(), 42);
        assert_eq!(call.id::<u32>("thing_id").unwrap_err().code(), "not_found");
        assert_eq!(call.id::<u32>("nope").unwrap_err().code(), "internal_error");
    }
}
