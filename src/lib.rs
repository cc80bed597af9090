//! weiqi: a classic (no neural network) Monte Carlo Go engine.
//!
//! # Layers
//!
//! Dependencies point one way, from the bottom up:
//!
//! `color`, `point` → `board` → `rules`, `game`, `score`, `sgf` → `playout` → `search` →
//! `engine` → `gtp` → the `weiqi` binary (`src/cli`).
//!
//! The rules core (`color` to `sgf`) does no I/O and uses no randomness or threads; only
//! `search` uses rayon; only the binary prints.
//!
//! # Reading guide
//!
//! - Bottom up: [`board::Board::play_unchecked`] is the heart of the rules; the module docs of
//!   [`board`] explain the pseudo-liberty bookkeeping that makes atari tests constant-time.
//! - Rules and history: [`game::Game::play`] adds turn, superko and game end to the board.
//! - Playouts: [`playout::run_playout`] plays a position out with a [`playout::PlayoutPolicy`].
//! - Top down: [`search::Search::run`] drives the workers of [`search`]; the built-in engine
//!   [`engine::mcts::MctsEngine`] turns its results into moves, passes and resignations.
#![warn(missing_docs)]

pub mod board;
pub mod color;
pub mod engine;
pub mod game;
pub mod gtp;
pub mod playout;
pub mod point;
pub mod rules;
pub mod score;
pub mod search;
pub mod sgf;

pub use board::{Board, Extras, IllegalMove};
pub use color::{ByColor, Color};
pub use engine::{Engine, EngineError, EngineMove};
pub use game::Game;
pub use point::{BoardSize, Move, Point};
pub use rules::{KoRule, Komi, Rules};
pub use score::GameResult;
