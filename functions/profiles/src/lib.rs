//! The `profiles` function: a partner's customers, from draft to submission.
//!
//! | route | handler |
//! |---|---|
//! | `POST /api/v1/profiles/` | [`create`] |
//! | `GET /api/v1/profiles/` | [`list`] |
//! | `GET /api/v1/profiles/{id}/` | [`read`] |
//! | `PATCH /api/v1/profiles/{id}/` | [`patch`] |
//! | `DELETE /api/v1/profiles/{id}/` | [`delete`] |
//! | `POST /api/v1/profiles/{id}/submit/` | [`submit`] |

mod create;
mod delete;
mod input;
mod list;
mod patch;
mod read;
mod submit;
mod view;

use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use shared::app::App;
use shared::edge::envelope::Reply;
use shared::edge::error::ApiError;
use shared::edge::request::{path_id, route_segments};
use shared::edge::serve::{record_route, serve};

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    serve(request, |request| route(app, request)).await
}

async fn route(app: &App, request: Request) -> Result<Reply, ApiError> {
    let segments = route_segments(request.uri().path()).ok_or(ApiError::NotFound)?;
    let method = request.method().clone();
    match (segments.as_slice(), method) {
        (["profiles"], Method::POST) => {
            record_route("POST /api/v1/profiles/");
            create::create(app, &request).await
        }
        (["profiles"], Method::GET) => {
            record_route("GET /api/v1/profiles/");
            list::list(app, &request).await
        }
        (["profiles"], _) => Err(ApiError::MethodNotAllowed { allow: "GET, POST" }),
        (["profiles", id], Method::GET) => {
            record_route("GET /api/v1/profiles/{id}/");
            read::read(app, &request, path_id(id)?).await
        }
        (["profiles", id], Method::PATCH) => {
            record_route("PATCH /api/v1/profiles/{id}/");
            patch::patch(app, &request, path_id(id)?).await
        }
        (["profiles", id], Method::DELETE) => {
            record_route("DELETE /api/v1/profiles/{id}/");
            delete::delete(app, &request, path_id(id)?).await
        }
        (["profiles", _], _) => Err(ApiError::MethodNotAllowed {
            allow: "GET, PATCH, DELETE",
        }),
        (["profiles", id, "submit"], Method::POST) => {
            record_route("POST /api/v1/profiles/{id}/submit/");
            submit::submit(app, &request, path_id(id)?).await
        }
        (["profiles", _, "submit"], _) => Err(ApiError::MethodNotAllowed { allow: "POST" }),
        _ => Err(ApiError::NotFound),
    }
}

pub use create::create;
pub use delete::delete;
pub use list::list;
pub use patch::patch;
pub use read::read;
pub use submit::submit;
