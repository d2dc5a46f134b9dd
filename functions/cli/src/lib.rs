//! The `partnerb2b` operator tool and local server.

pub mod cli;
pub mod error;
pub mod operator;
pub mod server;
pub mod storage;
pub mod workers;

use cli::{Cli, Command};
pub use error::CliError;

/// Runs one command to completion.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Serve { addr } => server::serve(&cli.storage, addr).await,
        Command::Partner(command) => operator::partner(&cli.storage, command).await,
        Command::Key(command) => operator::key(&cli.storage, command).await,
    }
}
