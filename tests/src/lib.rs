//! Test harness: a [`app::TestApp`] that runs the local server on a free port, clients
//! for the AWS stand-in ([`aws`]), and the Store conformance suite ([`conformance`]).

pub mod app;
pub mod aws;
pub mod aws_faults;
pub mod aws_recorder;
pub mod bench;
pub mod conformance;
pub mod event_fixture;
pub mod fixtures;
pub mod flaky_queue;
pub mod fuzz;
pub mod guide;
pub mod in_process;
pub mod openapi;
pub mod queue_conformance;
pub mod receiver;
pub mod runtime_api;
pub mod statements;
pub mod tls_server;
pub mod twins;
