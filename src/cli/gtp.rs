//! `weiqi gtp`: the engine as a GTP program for Sabaki, GoGui, Lizzie, kgsGtp and match
//! runners.
//!
//! Commands come on stdin and responses go to stdout, flushed after each; stdout carries
//! nothing else. Logging (failure details, notices, and GoGui live graphics when asked for)
//! goes to stderr. The shared engine flags set the engine up (`--playouts`, `--time`,
//! `--threads`, `--rules`, `--komi`, `--size`, ...); the controller can change most of it
//! later over GTP.

use crate::cli::args::EngineArgs;
use anyhow::Context;
use clap::Args;
use std::io::ErrorKind;
use weiqi::Engine;
use weiqi::engine::mcts::MctsEngine;
use weiqi::gtp::{GtpOptions, GtpSession};

/// Arguments of `weiqi gtp`.
#[derive(Args, Debug)]
pub struct GtpArgs {
    /// Keep searching on the opponent's time, between commands (stops the moment a
    /// command arrives)
    #[arg(long)]
    ponder: bool,
    /// Draw the search on GoGui's board while thinking (gogui-gfx lines on stderr)
    #[arg(long)]
    live_gfx: bool,
    #[command(flatten)]
    engine: EngineArgs,
}

/// Runs a GTP session on stdin and stdout until `quit` or the end of the input.
pub fn run(args: &GtpArgs) -> anyhow::Result<()> {
    let settings = args.engine.settings();
    let mut engine = MctsEngine::new(settings.config.clone())?;
    engine
        .new_game(settings.size, settings.rules)
        .context("cannot set up the first game")?;
    let options = GtpOptions {
        ponder: args.ponder,
        live_gfx: args.live_gfx,
        verbosity: settings.verbosity,
    };
    let mut session = GtpSession::new(engine, options).with_log(std::io::stderr());
    match session.serve(std::io::stdin(), std::io::stdout().lock()) {
        // The controller closing its end is how many of them say goodbye.
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other.context("GTP session failed"),
    }
}
