//! What a GTP session needs from its engine beyond the [`Engine`] trait: the game itself,
//! settings, and searches that report while they run.
//!
//! [`GtpEngine`] is implemented for the built-in [`MctsEngine`]. The session reads the
//! position from [`GtpEngine::game`] (one source of truth: the session keeps no copy) and
//! changes it only through the engine.

use crate::color::Color;
use crate::engine::mcts::{DEFAULT_PLAYOUTS, EngineConfig, MctsEngine};
use crate::engine::{Engine, EngineError, EngineMove};
use crate::game::Game;
use crate::search::time::TimeControl;
use crate::search::{Progress, SearchLimits, SearchResult};
use std::time::Duration;

/// Called with the running search about every interval (its state built only if asked
/// for); returning false asks the search to stop.
pub type Report<'a> = &'a mut dyn FnMut(&Progress<'_>) -> bool;

/// An engine a GTP session can drive: an [`Engine`] that shows its game, takes new
/// settings and reports on its searches.
pub trait GtpEngine: Engine {
    /// The game as the engine sees it.
    fn game(&self) -> &Game;

    /// Replaces the game (`loadsgf`, a rules change during a game).
    fn set_game(&mut self, game: Game);

    /// The engine's settings.
    fn config(&self) -> &EngineConfig;

    /// Changes the engine's settings.
    ///
    /// # Errors
    /// When the engine cannot apply them; the settings are unchanged then.
    fn set_config(&mut self, config: EngineConfig) -> Result<(), EngineError>;

    /// Searches the position for `color` without playing, calling `report` about every
    /// `interval` until it returns false or `limits` are reached. The game is not changed.
    fn analyze(
        &mut self,
        color: Color,
        limits: SearchLimits,
        interval: Duration,
        report: Report<'_>,
    ) -> SearchResult;

    /// Chooses and plays a move for `color` as `genmove` does, calling `report` about every
    /// `interval` while it thinks; `report` returning false ends the thinking early.
    ///
    /// # Errors
    /// As [`Engine::genmove`].
    fn genmove_analyze(
        &mut self,
        color: Color,
        interval: Duration,
        report: Report<'_>,
    ) -> Result<(EngineMove, SearchResult), EngineError>;

    /// The last search's state, if it was made in the current position.
    fn last_result(&self) -> Option<&SearchResult>;

    /// The time control in force.
    fn time_control(&self) -> TimeControl;

    /// The limits of one move's search under the current settings, for searches made to
    /// show something (GoGui's analysis commands).
    fn move_limits(&self) -> SearchLimits {
        let config = self.config();
        let playouts = match (config.playouts, config.time_per_move) {
            (None, None) => Some(DEFAULT_PLAYOUTS),
            (p, _) => p,
        };
        SearchLimits {
            playouts,
            time: config.time_per_move,
            early_stop: false,
            soft_time: None,
        }
    }
}

impl GtpEngine for MctsEngine {
    fn game(&self) -> &Game {
        MctsEngine::game(self)
    }

    fn set_game(&mut self, game: Game) {
        MctsEngine::set_game(self, game);
    }

    fn config(&self) -> &EngineConfig {
        MctsEngine::config(self)
    }

    fn set_config(&mut self, config: EngineConfig) -> Result<(), EngineError> {
        MctsEngine::set_config(self, config).map_err(|e| EngineError::Unsupported(e.to_string()))
    }

    fn analyze(
        &mut self,
        color: Color,
        limits: SearchLimits,
        interval: Duration,
        report: Report<'_>,
    ) -> SearchResult {
        MctsEngine::analyze(self, color, limits, interval, report)
    }

    fn genmove_analyze(
        &mut self,
        color: Color,
        interval: Duration,
        report: Report<'_>,
    ) -> Result<(EngineMove, SearchResult), EngineError> {
        MctsEngine::genmove_analyze(self, color, interval, report)
    }

    fn last_result(&self) -> Option<&SearchResult> {
        MctsEngine::last_result(self)
    }

    fn time_control(&self) -> TimeControl {
        self.clock().control()
    }
}
