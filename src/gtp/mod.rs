//! The Go Text Protocol (GTP version 2), both sides.
//!
//! The engine side is [`GtpSession`]: it answers a controller (Sabaki, GoGui, Lizzie,
//! kgsGtp, a match runner) over any reader and writer; `weiqi gtp` runs one over stdin and
//! stdout. Its parts, in the order a command meets them:
//!
//! - [`io`]: the reader thread that queues input lines (so that a running analysis sees the
//!   next line arrive) and the context a command streams its output to;
//! - [`command`]: preprocessing (control characters, comments, tabs), ids, arguments;
//! - the command table (`commands`), the single list behind dispatch, `list_commands` and
//!   `known_command`, with one module per concern (setup, play, time, scoring, analysis,
//!   GoGui, GNU Go's testing helpers);
//! - [`response`]: responses and the standard error messages;
//! - [`vertex`]: colours and vertices.
//!
//! The session drives an engine through [`GtpEngine`], the [`Engine`](crate::engine::Engine)
//! trait plus the game, settings and reporting searches; the built-in
//! [`MctsEngine`](crate::engine::mcts::MctsEngine) implements it.
//!
//! The controller side is [`client::GtpClient`]: it runs an external GTP engine (GNU Go,
//! Pachi, another weiqi) as a child process and makes it an `Engine`, which is how
//! `weiqi match` plays other programs and asks a referee about moves and scores.

mod backend;
pub mod client;
pub mod command;
mod commands;
pub mod io;
pub mod response;
mod session;
pub mod vertex;

pub use backend::{GtpEngine, Report};
pub use client::{GtpClient, GtpClientOptions, StartError, StderrMode};
pub use response::{GtpError, Output, Response};
pub use session::{GtpOptions, GtpSession};
