//! The `weiqi` command line: a thin shell over [`cli::run`].

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("weiqi: {err:#}");
            ExitCode::FAILURE
        }
    }
}
