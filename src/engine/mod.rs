//! The `Engine` trait: what GTP, the terminal game and the match runner talk to.
//!
//! An engine follows a game as a controller tells it (new game, moves of either colour,
//! undo) and answers `genmove`. The built-in Monte Carlo engine and an external GTP program
//! are both engines; the trait speaks types, never protocol text.

pub mod ending;
pub mod judge;
pub mod mcts;
pub mod opening;
pub mod random;
pub mod settings;

use crate::board::IllegalMove;
use crate::color::Color;
use crate::game::SetupError;
use crate::point::{BoardSize, Move, Point};
use crate::rules::{Komi, Rules};
use crate::search::time::{TimeControl, TimeLeft};
use std::fmt;

/// What an engine answers to `genmove`: a move, or resignation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EngineMove {
    /// A stone or a pass.
    Play(Move),
    /// The engine resigns.
    Resign,
}

impl fmt::Display for EngineMove {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineMove::Play(mv) => mv.fmt(f),
            EngineMove::Resign => f.write_str("resign"),
        }
    }
}

/// Why an engine could not do what it was asked.
#[derive(Debug)]
pub enum EngineError {
    /// The move is illegal in the engine's game.
    Illegal(IllegalMove),
    /// Setup or handicap stones cannot be placed.
    Setup(SetupError),
    /// The engine does not support this (a board size, a rule set, a command).
    Unsupported(String),
    /// An external engine answered with an error message.
    Rejected(String),
    /// An external engine's answer could not be understood.
    BadResponse(String),
    /// An external engine died or its pipe broke.
    Died(String),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Illegal(e) => e.fmt(f),
            EngineError::Setup(e) => e.fmt(f),
            EngineError::Unsupported(what) => write!(f, "not supported: {what}"),
            EngineError::Rejected(msg) => write!(f, "engine refused: {msg}"),
            EngineError::BadResponse(msg) => write!(f, "bad engine response: {msg}"),
            EngineError::Died(msg) => write!(f, "engine died: {msg}"),
        }
    }
}

impl std::error::Error for EngineError {}

impl From<IllegalMove> for EngineError {
    fn from(e: IllegalMove) -> EngineError {
        EngineError::Illegal(e)
    }
}

impl From<SetupError> for EngineError {
    fn from(e: SetupError) -> EngineError {
        EngineError::Setup(e)
    }
}

/// A Go engine driven by a controller.
pub trait Engine {
    /// The engine's name, without version.
    fn name(&self) -> String;

    /// The engine's version text.
    fn version(&self) -> String;

    /// Starts a new game on an empty board of `size` under `rules` (komi included).
    ///
    /// # Errors
    /// [`EngineError::Unsupported`] for a size or rules the engine cannot play.
    fn new_game(&mut self, size: BoardSize, rules: Rules) -> Result<(), EngineError>;

    /// Changes komi in the current game.
    ///
    /// # Errors
    /// As the engine reports.
    fn set_komi(&mut self, komi: Komi) -> Result<(), EngineError>;

    /// Places Black handicap stones on an empty board; White moves next.
    ///
    /// # Errors
    /// [`EngineError::Setup`] when the board is not empty or a point repeats.
    fn place_handicap(&mut self, points: &[Point]) -> Result<(), EngineError>;

    /// Records a move of either colour.
    ///
    /// # Errors
    /// [`EngineError::Illegal`] (the game is unchanged), or an external engine's failure.
    fn play(&mut self, color: Color, mv: Move) -> Result<(), EngineError>;

    /// Chooses a move for `color` and plays it in the engine's game (unless it resigns).
    ///
    /// # Errors
    /// An external engine's failure.
    fn genmove(&mut self, color: Color) -> Result<EngineMove, EngineError>;

    /// Takes back the last move.
    ///
    /// # Errors
    /// When there is nothing to undo or the engine cannot.
    fn undo(&mut self) -> Result<(), EngineError>;

    /// Sets the time control for both players (and resets both clocks). Engines without a
    /// clock may ignore it.
    ///
    /// # Errors
    /// An external engine's failure.
    fn set_time_control(&mut self, control: TimeControl) -> Result<(), EngineError> {
        let _ = control;
        Ok(())
    }

    /// Tells the engine what `color` has left on the clock.
    ///
    /// # Errors
    /// An external engine's failure.
    fn time_left(&mut self, color: Color, left: TimeLeft) -> Result<(), EngineError> {
        let _ = (color, left);
        Ok(())
    }

    /// The most memory the engine's own process has held since it started (its peak
    /// resident set), in KiB, for an engine that runs as a process of its own; `None` for
    /// an engine inside this process, or where the system does not say.
    fn peak_memory_kib(&self) -> Option<u64> {
        None
    }

    /// The stones the engine judges dead in the current position, for scoring.
    ///
    /// # Errors
    /// An external engine's failure.
    fn dead_stones(&mut self) -> Result<Vec<Point>, EngineError>;
}
