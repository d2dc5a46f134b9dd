//! The `attributes` function: `GET /api/v1/attributes/`, the catalogue partners fill
//! profiles from.

use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use shared::domain::catalogue::{ATTRIBUTES, AttributeDescription, CATALOGUE_VERSION};
use shared::domain::model::PartnerId;
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::request::query_parameters;
use shared::edge::route::{Call, Route};
use shared::edge::serve::{Authenticates, serve};
use shared::jwt::TokenService;

pub static ROUTES: &[Route<Service>] = &[Route::partner(
    Method::GET,
    "/api/v1/attributes/",
    "listAttributes",
    |s, p, c| Box::pin(async move { list(s, p, c) }),
)];

/// What the `attributes` function needs: only the tokens it accepts (the catalogue is
/// compiled in).
pub struct Service {
    pub tokens: TokenService,
}

impl Authenticates for Service {
    fn access_tokens(&self) -> &TokenService {
        &self.tokens
    }
}

pub async fn handle(service: &Service, request: Request) -> Response<Body> {
    serve(service, ROUTES, request).await
}

/// `GET /api/v1/attributes/`: the whole catalogue, its version in `meta`.
/// 0 DynamoDB round trips: the catalogue is compiled in and the token verified locally.
fn list(_: &Service, _: PartnerId, call: Call<'_>) -> Result<Reply, ApiError> {
    query_parameters(call.request, &[])?;
    let attributes: Vec<AttributeDescription> =
        ATTRIBUTES.iter().map(AttributeDescription::from).collect();
    Ok(Reply::ok(&attributes)?.meta("catalogue_version", CATALOGUE_VERSION))
}
