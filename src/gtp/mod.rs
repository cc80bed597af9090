//! The Go Text Protocol (GTP version 2).
//!
//! For now this holds the controller side only: [`client::GtpClient`] runs an external GTP
//! engine (GNU Go, Pachi, another weiqi) as a child process and makes it an
//! [`Engine`](crate::engine::Engine), which is how `weiqi match` plays other programs and
//! asks a referee about moves and scores. The engine side (a GTP session over the built-in
//! engine) comes later in this module.

pub mod client;

pub use client::{GtpClient, GtpClientOptions, StartError, StderrMode};
