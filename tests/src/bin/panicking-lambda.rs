//! A Lambda HTTP function whose one route panics, served exactly as every function is
//! (`shared::lambda::run_http`): the runtime test shows that the panic is answered
//! `500 internal_error` in the envelope and that the same process serves the next
//! invocation, so a panic costs its own request and never the container.

use lambda_http::http::Method;
use partnerb2b_tests::fixtures::event_token_verifier;
use shared::edge::envelope::Reply;
use shared::edge::route::Route;
use shared::edge::serve::Authenticates;
use shared::jwt::TokenVerifier;

struct Service {
    tokens: TokenVerifier,
}

impl Authenticates for Service {
    fn access_tokens(&self) -> &TokenVerifier {
        &self.tokens
    }
}

static ROUTES: &[Route<Service>] = &[
    Route::public(Method::GET, "/api/v1/panic/", "panic", |_, _| {
        Box::pin(async { panic!("a handler bug") })
    }),
    Route::public(Method::GET, "/api/v1/fine/", "fine", |_, _| {
        Box::pin(async { Reply::ok(&"fine") })
    }),
];

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Stopped> {
    shared::lambda::init_logging();
    let service = Service {
        tokens: event_token_verifier(),
    };
    shared::lambda::run_http(&service, ROUTES).await
}
