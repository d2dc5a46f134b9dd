//! The `partnerb2b` operator tool and local server.

// The OpenAPI description is written as `json!` literals, deeper than the default limit.
#![recursion_limit = "512"]

pub mod cli;
pub mod docs;
pub mod error;
pub mod key_sets;
pub mod openapi;
pub mod operator;
pub mod sandbox;
pub mod server;
pub mod services;
pub mod storage;
pub mod usury;
pub mod workers;

use cli::{Cli, Command};
pub use error::CliError;
use key_sets::KeySet;

/// Runs one command to completion.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Serve { addr } => server::serve(&cli.storage, addr).await,
        Command::Partner(command) => operator::partner(&cli.storage, command).await,
        Command::Key(command) => operator::key(&cli.storage, command).await,
        Command::TokenKeys(command) => key_sets::run(&cli.storage, KeySet::TOKENS, command).await,
        Command::RecordKeys(command) => key_sets::run(&cli.storage, KeySet::RECORDS, command).await,
        Command::Usury(command) => usury::usury(&cli.storage, command).await,
        Command::Sandbox(cli::SandboxCommand::Load { partner, json }) => {
            sandbox::load(&cli.storage, partner, json).await
        }
        Command::IndexProfiles => operator::index_profiles(&cli.storage).await,
        Command::Openapi => {
            print!("{}", openapi::to_json());
            Ok(())
        }
    }
}
