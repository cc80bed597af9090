//! Subcommands of the `weiqi` binary.

pub mod args;
mod bench;
mod gtp;
mod matchup;
mod play;
mod predict;

use clap::{Parser, Subcommand};

/// weiqi: a Monte Carlo Go engine.
#[derive(Parser, Debug)]
#[command(name = "weiqi", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Measure playouts per second.
    Bench(bench::BenchArgs),
    /// Speak GTP on stdin and stdout, for GUIs (Sabaki, GoGui, Lizzie) and servers.
    Gtp(Box<gtp::GtpArgs>),
    /// Play a series of games between two engines and report win rates.
    Match(Box<matchup::MatchArgs>),
    /// Play Go against the engine in the terminal (or watch it play itself).
    Play(Box<play::PlayArgs>),
    /// Score the learned move model on recorded games (SGF or Tygem lines): how often it
    /// ranks the move played first, in its top five, and the log-likelihood.
    Predict(predict::PredictArgs),
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Bench(args) => bench::run(&args),
        Command::Gtp(args) => gtp::run(&args),
        Command::Match(args) => matchup::run(&args),
        Command::Play(args) => play::run(&args),
        Command::Predict(args) => predict::run(&args),
    }
}
