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
use shared::jwt::TokenVerifier;

pub static ROUTES: &[Route<Service>] = &[Route::partner(
    Method::GET,
    "/api/v1/attributes/",
    "listAttributes",
    |s, p, c| Box::pin(async move { list(s, p, c) }),
)];

/// What the `attributes` function needs: only the tokens it accepts (the catalogue is
/// compiled in).
pub struct Service {
    pub tokens: TokenVerifier,
}

impl Authenticates for Service {
    fn access_tokens(&self) -> &TokenVerifier {
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

/// The handler on its own, no server and no store: what the catalogue route answers
/// and refuses.
#[cfg(test)]
mod tests {
    use chrono::Utc;
    use lambda_http::http::{self, StatusCode, header};
    use serde_json::Value;
    use shared::domain::api_key::ApiKey;
    use shared::jwt::TokenIssuer;
    use shared::jwt::TokenType;
    use shared::key_set::PrivateKeySet;

    use super::*;

    const ISSUER: &str = "partnerb2b";
    const AUDIENCE: &str = "partnerb2b-api";

    /// The service, verifying with the public keys of a new key set, and the issuer
    /// holding that set's private keys, as `auth` does.
    fn service_and_issuer() -> (Service, TokenIssuer) {
        let keys = PrivateKeySet::generate(Utc::now()).expect("a key set");
        let service = Service {
            tokens: TokenVerifier::new(keys.public_keys(), ISSUER, AUDIENCE),
        };
        (service, TokenIssuer::new(&keys, ISSUER, AUDIENCE))
    }

    /// An access token from `issuer`.
    fn token(issuer: &TokenIssuer) -> String {
        let key = ApiKey::generate().id();
        let issued = issuer
            .issue(TokenType::Access, PartnerId::new(), &key, Utc::now())
            .expect("a token");
        issued.token
    }

    async fn get(service: &Service, uri: &str, token: &str) -> (StatusCode, Value) {
        let request = http::Request::builder()
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::Empty)
            .expect("a request");
        let response = handle(service, request).await;
        let body = match response.body() {
            Body::Text(text) => serde_json::from_str(text).expect("JSON"),
            other => panic!("a text body, not {other:?}"),
        };
        (response.status(), body)
    }

    #[tokio::test]
    async fn lists_the_whole_catalogue_with_its_version() {
        let (service, issuer) = service_and_issuer();
        let (status, body) = get(&service, "/api/v1/attributes/", &token(&issuer)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            body["data"].as_array().map(Vec::len),
            Some(ATTRIBUTES.len())
        );
        assert_eq!(body["meta"]["catalogue_version"], CATALOGUE_VERSION);
    }

    #[tokio::test]
    async fn refuses_a_query_parameter_it_does_not_take() {
        let (service, issuer) = service_and_issuer();
        let (status, body) = get(&service, "/api/v1/attributes/?limit=5", &token(&issuer)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"]["code"], "invalid_request");
        assert_eq!(body["error"]["details"][0]["field"], "limit");
    }

    #[tokio::test]
    async fn refuses_a_token_signed_by_another_key_set() {
        let foreign = token(&service_and_issuer().1);
        let (status, body) = get(&service_and_issuer().0, "/api/v1/attributes/", &foreign).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body["error"]["code"], "invalid_token");
    }
}
