//! The built-in Monte Carlo engine.

use super::{Engine, EngineError, EngineMove};
use crate::color::Color;
use crate::game::Game;
use crate::playout::{PlayoutPolicy, Recent, UniformPolicy};
use crate::point::{BoardSize, Move, Point};
use crate::rules::{Komi, Rules};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use std::time::Duration;

/// Settings of the built-in engine: how long it thinks and how it decides.
#[derive(Clone, Debug, PartialEq)]
pub struct EngineConfig {
    /// Worker threads of the search (at least 1).
    pub threads: usize,
    /// Seed of the search's random generators; one thread and a fixed seed reproduce a game.
    pub seed: u64,
    /// Playouts per move, if limited.
    pub playouts: Option<u64>,
    /// Thinking time per move, if limited (the clock, when set, may allow less).
    pub time_per_move: Option<Duration>,
    /// Resign when the win rate for the side to move falls below this (0 to 1); `None`
    /// never resigns.
    pub resign_at: Option<f64>,
    /// The search tree's memory cap in MiB.
    pub max_tree_mb: usize,
}

impl Default for EngineConfig {
    fn default() -> EngineConfig {
        EngineConfig {
            threads: 1,
            seed: 1,
            playouts: Some(10_000),
            time_per_move: None,
            resign_at: Some(0.1),
            max_tree_mb: 1024,
        }
    }
}

/// The built-in engine. (Placeholder policy until the tree search lands: a light-playout
/// random move.)
pub struct MctsEngine {
    config: EngineConfig,
    game: Game,
    rng: SmallRng,
}

impl MctsEngine {
    /// An engine with these settings, ready for a 19x19 Chinese-rules game.
    pub fn new(config: EngineConfig) -> MctsEngine {
        MctsEngine {
            rng: SmallRng::seed_from_u64(config.seed),
            config,
            game: Game::new(BoardSize::NINETEEN, Rules::chinese()),
        }
    }

    /// The engine's settings.
    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// The game as the engine sees it.
    pub fn game(&self) -> &Game {
        &self.game
    }
}

impl Engine for MctsEngine {
    fn name(&self) -> String {
        "weiqi".to_string()
    }

    fn version(&self) -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }

    fn new_game(&mut self, size: BoardSize, rules: Rules) -> Result<(), EngineError> {
        self.game = Game::new(size, rules);
        Ok(())
    }

    fn set_komi(&mut self, komi: Komi) -> Result<(), EngineError> {
        let rules = self.game.rules().with_komi(komi);
        self.game.set_rules(rules);
        Ok(())
    }

    fn place_handicap(&mut self, points: &[Point]) -> Result<(), EngineError> {
        Ok(self.game.place_handicap(points)?)
    }

    fn play(&mut self, color: Color, mv: Move) -> Result<(), EngineError> {
        Ok(self.game.play(color, mv)?)
    }

    fn genmove(&mut self, color: Color) -> Result<EngineMove, EngineError> {
        let mut mv =
            UniformPolicy.choose(self.game.board(), color, Recent::default(), &mut self.rng);
        if !self.game.is_legal(color, mv) {
            mv = Move::Pass;
        }
        self.game.play(color, mv)?;
        Ok(EngineMove::Play(mv))
    }

    fn undo(&mut self) -> Result<(), EngineError> {
        self.game
            .undo()
            .map(|_| ())
            .ok_or_else(|| EngineError::Unsupported("nothing to undo".to_string()))
    }

    fn dead_stones(&mut self) -> Result<Vec<Point>, EngineError> {
        Ok(Vec::new())
    }
}
