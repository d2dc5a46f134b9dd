//! The `profiles` function: a partner's customers, from draft to submission.
//!
//! Its routes are [`ROUTES`], each naming its handler.

mod create;
mod delete;
mod input;
mod list;
mod patch;
mod read;
mod statements;
mod submit;
mod view;

use std::sync::Arc;

use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use shared::edge::cursor::Cursors;
use shared::edge::route::Route;
use shared::edge::serve::{Authenticates, serve};
use shared::jwt::TokenVerifier;
use shared::store::Store;

pub use create::create;
pub use delete::delete;
pub use list::list;
pub use patch::patch;
pub use read::read;
pub use statements::{
    delete_statement, insights, list_statements, read_statement, upload_statement,
};
pub use submit::submit;

pub static ROUTES: &[Route<Service>] = &[
    Route::partner(
        Method::POST,
        "/api/v1/profiles/",
        "createProfile",
        |s, p, c| Box::pin(create(s, p, c)),
    ),
    Route::partner(
        Method::GET,
        "/api/v1/profiles/",
        "listProfiles",
        |s, p, c| Box::pin(list(s, p, c)),
    ),
    Route::partner(
        Method::GET,
        "/api/v1/profiles/{profile_id}/",
        "getProfile",
        |s, p, c| Box::pin(read(s, p, c)),
    ),
    Route::partner(
        Method::PATCH,
        "/api/v1/profiles/{profile_id}/",
        "updateProfile",
        |s, p, c| Box::pin(patch(s, p, c)),
    ),
    Route::partner(
        Method::DELETE,
        "/api/v1/profiles/{profile_id}/",
        "deleteProfile",
        |s, p, c| Box::pin(delete(s, p, c)),
    ),
    Route::partner(
        Method::POST,
        "/api/v1/profiles/{profile_id}/submit/",
        "submitProfile",
        |s, p, c| Box::pin(submit(s, p, c)),
    ),
    Route::partner(
        Method::POST,
        "/api/v1/profiles/{profile_id}/bank-statements/",
        "uploadBankStatement",
        |s, p, c| Box::pin(upload_statement(s, p, c)),
    )
    .with_body_limit(statements::BODY_LIMIT),
    Route::partner(
        Method::GET,
        "/api/v1/profiles/{profile_id}/bank-statements/",
        "listBankStatements",
        |s, p, c| Box::pin(list_statements(s, p, c)),
    ),
    Route::partner(
        Method::GET,
        "/api/v1/profiles/{profile_id}/bank-statements/{statement_id}/",
        "getBankStatement",
        |s, p, c| Box::pin(read_statement(s, p, c)),
    ),
    Route::partner(
        Method::DELETE,
        "/api/v1/profiles/{profile_id}/bank-statements/{statement_id}/",
        "deleteBankStatement",
        |s, p, c| Box::pin(delete_statement(s, p, c)),
    ),
    Route::partner(
        Method::GET,
        "/api/v1/profiles/{profile_id}/bank-insights/",
        "getBankInsights",
        |s, p, c| Box::pin(insights(s, p, c)),
    ),
];

/// What the `profiles` function needs: the store, the tokens it accepts, and the
/// cursors of its list.
pub struct Service {
    pub store: Arc<dyn Store>,
    pub tokens: TokenVerifier,
    pub cursors: Cursors,
}

impl Authenticates for Service {
    fn access_tokens(&self) -> &TokenVerifier {
        &self.tokens
    }
}

pub async fn handle(service: &Service, request: Request) -> Response<Body> {
    serve(service, ROUTES, request).await
}
