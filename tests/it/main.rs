//! One integration test binary (one link of the AWS SDK) for every suite.

mod analyses_http;
mod analysis_worker;
mod authenticate;
mod cli_alongside_server;
mod conflicts;
mod erasure_races;
mod events;
mod fuzz;
mod guide;
mod http_edge;
mod iam;
mod logs;
mod messages_http;
mod openapi;
mod profiles_http;
mod queues;
mod round_trips;
mod runtime;
mod secrets;
mod status_index;
mod store;
mod sweeper;
mod template;
mod token_http;
mod usury;
mod webhooks;
