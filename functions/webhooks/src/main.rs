use lambda_http::{Error, Request, run, service_fn};
use shared::app::App;
use shared::config::Config;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_http::tracing::init_default_subscriber();
    let app = App::from_aws(&Config::from_env()).await?;
    let app = &app;
    run(service_fn(move |request: Request| async move {
        Ok::<_, Error>(webhooks::handle(app, request).await)
    }))
    .await
}
