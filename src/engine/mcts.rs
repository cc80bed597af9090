//! The built-in Monte Carlo engine: a [`Search`] kept between moves, a clock, and the
//! decisions a search alone does not make (when to pass, when to resign, dynamic komi).

use super::ending::{self, Policy, RESIGN_MIN_PLAYOUTS};
use super::{Engine, EngineError, EngineMove, opening};
use crate::color::Color;
use crate::game::Game;
use crate::point::{BoardSize, Move, Point};
use crate::rules::{Komi, Rules};
use crate::search::time::{Clock, TimeControl, TimeLeft};
use crate::search::{
    Progress, Search, SearchConfig, SearchLimits, SearchResult, Workers, WorkersError,
};
use std::time::{Duration, Instant};

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
    /// Whether the first move of a game comes from the opening book ([`opening`]) when it
    /// has one, without a search.
    pub book: bool,
    /// The search's tunables (its seed and memory cap are taken from the fields above).
    pub search: SearchConfig,
}

/// Playouts a move when neither playouts nor time are limited.
pub const DEFAULT_PLAYOUTS: u64 = 10_000;

impl Default for EngineConfig {
    fn default() -> EngineConfig {
        EngineConfig {
            threads: 1,
            seed: 1,
            playouts: Some(DEFAULT_PLAYOUTS),
            time_per_move: None,
            resign_at: Some(0.1),
            max_tree_mb: 1024,
            book: true,
            search: SearchConfig::default(),
        }
    }
}

/// The built-in engine.
pub struct MctsEngine {
    config: EngineConfig,
    workers: Workers,
    game: Game,
    search: Option<Search>,
    clock: Clock,
    /// The last search's outcome, with the number of moves of the game it was made for.
    last: Option<(usize, SearchResult)>,
}

impl MctsEngine {
    /// An engine with these settings, ready for a 19x19 Chinese-rules game.
    ///
    /// # Errors
    /// When the search threads cannot be started.
    pub fn new(config: EngineConfig) -> Result<MctsEngine, WorkersError> {
        Ok(MctsEngine {
            workers: Workers::new(config.threads)?,
            config,
            game: Game::new(BoardSize::NINETEEN, Rules::chinese()),
            search: None,
            clock: Clock::new(TimeControl::Unlimited),
            last: None,
        })
    }

    /// The engine's settings.
    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// The game as the engine sees it.
    pub fn game(&self) -> &Game {
        &self.game
    }

    /// The clocks as the engine sees them.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The last search's outcome, if it was made in the current position.
    pub fn last_result(&self) -> Option<&SearchResult> {
        self.last
            .as_ref()
            .filter(|(n, _)| *n == self.game.moves().len())
            .map(|(_, r)| r)
    }

    fn search_config(&self) -> SearchConfig {
        SearchConfig {
            seed: self.config.seed,
            max_tree_bytes: self.config.max_tree_mb.saturating_mul(1 << 20),
            ..self.config.search.clone()
        }
    }

    /// Extra komi for White in half points: in handicap games on boards above 9x9, a
    /// linearly shrinking handicap of the engine's own making keeps the search away from
    /// win rates where all moves look alike (Pachi's linear dynamic komi: 8 points per
    /// stone as Black, 1 as White, gone by move 100).
    fn dynamic_komi(&self, color: Color) -> i32 {
        let stones = self.game.handicap() as i32;
        if stones < 2 || self.game.size().get() <= 9 {
            return 0;
        }
        let per_stone = if color == Color::Black { 16 } else { 2 };
        let left = 100 - (self.game.moves().len() as i32).min(100);
        stones * per_stone * left / 100
    }

    /// Thinks about `color`'s move within the move's limits, reporting as
    /// [`MctsEngine::search_reporting`] does; a move from the opening book needs no search
    /// (the result is then the last search's, or an empty one).
    fn think(
        &mut self,
        color: Color,
        interval: Duration,
        report: &mut dyn FnMut(&Progress<'_>) -> bool,
    ) -> SearchResult {
        if self.book_choice(color).is_some() {
            return self.search_result_or_empty();
        }
        let limits = self.limits(color);
        self.search_reporting(color, limits, interval, report)
    }

    /// Searches the current position for `color` and, while it runs, calls `report` with
    /// the running search every `interval` (it builds the state only if it needs it); the
    /// search stops early when `report` returns false. The game is not changed.
    fn search_reporting(
        &mut self,
        color: Color,
        limits: SearchLimits,
        interval: Duration,
        report: &mut dyn FnMut(&Progress<'_>) -> bool,
    ) -> SearchResult {
        let mut game = self.game.clone();
        game.set_to_move(color);
        let extra = self.dynamic_komi(color);
        let mut search = match self.search.take() {
            Some(mut s) => {
                s.advance(&game);
                s
            }
            None => Search::new(&game, self.search_config()),
        };
        search.set_extra_komi(extra);
        let result = if interval == Duration::MAX {
            search.run(&self.workers, limits)
        } else {
            let (search_ref, workers) = (&search, &self.workers);
            std::thread::scope(|scope| {
                let (done_tx, done_rx) = std::sync::mpsc::channel();
                let runner = scope.spawn(move || {
                    let result = search_ref.run(workers, limits);
                    let _ = done_tx.send(());
                    result
                });
                // Report until the search ends; ask it to stop when the reader has seen
                // enough, then wait for it.
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    done_rx.recv_timeout(interval)
                {
                    if !report(&search_ref.progress()) {
                        // A run that has not begun yet clears a stop request when it
                        // does: ask again until it has ended.
                        search_ref.stop();
                        while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                            done_rx.recv_timeout(Duration::from_millis(5))
                        {
                            search_ref.stop();
                        }
                        break;
                    }
                }
                match runner.join() {
                    Ok(result) => result,
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            })
        };
        self.search = Some(search);
        self.last = Some((self.game.moves().len(), result.clone()));
        result
    }

    /// Analyses the position for `color` without playing: reports the search's state every
    /// `interval` until `report` returns false or `limits` are reached (`SearchLimits`
    /// without limits searches until `report` says stop). Returns the final state.
    pub fn analyze(
        &mut self,
        color: Color,
        limits: SearchLimits,
        interval: Duration,
        report: &mut dyn FnMut(&Progress<'_>) -> bool,
    ) -> SearchResult {
        self.search_reporting(
            color,
            limits,
            interval.max(Duration::from_millis(10)),
            report,
        )
    }

    /// Like [`Engine::genmove`], reporting the search's state every `interval` while it
    /// thinks (for `lz-genmove_analyze` and `kata-genmove_analyze`). The move is decided as
    /// `genmove` decides it, even if `report` asks to stop early.
    ///
    /// # Errors
    /// As `genmove`.
    pub fn genmove_analyze(
        &mut self,
        color: Color,
        interval: Duration,
        report: &mut dyn FnMut(&Progress<'_>) -> bool,
    ) -> Result<(EngineMove, SearchResult), EngineError> {
        let start = Instant::now();
        if self.game.is_over() {
            return Ok((EngineMove::Play(Move::Pass), self.search_result_or_empty()));
        }
        let result = self.think(color, interval.max(Duration::from_millis(10)), report);
        let choice = self.play_decision(color, &result, start)?;
        Ok((choice, result))
    }

    fn search_result_or_empty(&self) -> SearchResult {
        self.last_result()
            .cloned()
            .unwrap_or_else(|| Search::new(&self.game, self.search_config()).result())
    }

    /// The opening book's move for `color`, if the book is on and has a legal one here.
    fn book_choice(&self, color: Color) -> Option<Move> {
        opening::book_move(&self.game)
            .filter(|&mv| self.config.book && self.game.is_legal(color, mv))
    }

    /// Decides on `result`, plays the choice in the game and charges the clock.
    fn play_decision(
        &mut self,
        color: Color,
        result: &SearchResult,
        start: Instant,
    ) -> Result<EngineMove, EngineError> {
        let choice = self.decide(color, result);
        match choice {
            EngineMove::Play(mv) => self.game.play(color, mv)?,
            EngineMove::Resign => self.game.resign(color),
        }
        self.clock.charge(color, start.elapsed());
        Ok(choice)
    }

    fn limits(&self, color: Color) -> SearchLimits {
        let board = self.game.board();
        let budget = self
            .clock
            .budget(color, board.empty_points().len(), self.game.size().area());
        let time = match (self.config.time_per_move, budget) {
            (Some(t), Some(b)) => Some(t.min(b.max)),
            (t, b) => t.or(b.map(|b| b.max)),
        };
        // The clock's normal stop, where it is sooner than the hard one.
        let soft_time = budget
            .map(|b| b.target)
            .filter(|&t| time.is_some_and(|max| t < max));
        let playouts = match (self.config.playouts, time) {
            (None, None) => Some(DEFAULT_PLAYOUTS),
            (p, _) => p,
        };
        SearchLimits {
            playouts,
            time,
            early_stop: true,
            soft_time,
        }
    }

    /// The move to play given the search's outcome: the book's, or what the end-of-game
    /// policy makes of the search ([`ending::decide`]).
    fn decide(&self, color: Color, result: &SearchResult) -> EngineMove {
        if let Some(mv) = self.book_choice(color) {
            return EngineMove::Play(mv);
        }
        let policy = Policy {
            resign_at: self.config.resign_at,
            resign_min_playouts: RESIGN_MIN_PLAYOUTS.min(self.config.playouts.unwrap_or(u64::MAX)),
            komi_is_real: self.dynamic_komi(color) == 0,
        };
        ending::decide(&self.game, color, result, &policy)
    }

    /// The stones the engine judges dead ([`super::judge`]).
    pub fn judge_dead(&mut self) -> Vec<Point> {
        super::judge::judge(self.game.board(), self.game.to_move()).dead
    }
}

impl MctsEngine {
    /// Replaces the game (a loaded record, or the same game under other rules); the search
    /// tree starts afresh and the clocks stay.
    pub fn set_game(&mut self, game: Game) {
        self.game = game;
        self.search = None;
        self.last = None;
    }

    /// Changes the settings: a new thread count restarts the workers, and a new seed or
    /// new search tunables start a fresh tree.
    ///
    /// # Errors
    /// When the new workers cannot be started; the settings are unchanged then.
    pub fn set_config(&mut self, config: EngineConfig) -> Result<(), WorkersError> {
        if config.threads != self.config.threads {
            self.workers = Workers::new(config.threads)?;
        }
        if (config.seed, config.max_tree_mb, &config.search)
            != (
                self.config.seed,
                self.config.max_tree_mb,
                &self.config.search,
            )
        {
            self.search = None;
        }
        self.config = config;
        Ok(())
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
        self.search = None;
        self.last = None;
        self.clock = Clock::new(self.clock.control());
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
        let start = Instant::now();
        if self.game.is_over() {
            return Ok(EngineMove::Play(Move::Pass));
        }
        let result = self.think(color, Duration::MAX, &mut |_| true);
        self.play_decision(color, &result, start)
    }

    fn undo(&mut self) -> Result<(), EngineError> {
        self.game
            .undo()
            .map(|_| ())
            .ok_or_else(|| EngineError::Unsupported("nothing to undo".to_string()))
    }

    fn set_time_control(&mut self, control: TimeControl) -> Result<(), EngineError> {
        self.clock = Clock::new(control);
        Ok(())
    }

    fn time_left(&mut self, color: Color, left: TimeLeft) -> Result<(), EngineError> {
        self.clock.set_left(color, left);
        Ok(())
    }

    fn dead_stones(&mut self) -> Result<Vec<Point>, EngineError> {
        Ok(self.judge_dead())
    }
}
