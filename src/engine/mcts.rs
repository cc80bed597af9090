//! The built-in Monte Carlo engine: a [`Search`] kept between moves, a clock, and the
//! decisions a search alone does not make (when to pass, when to resign, dynamic komi).

use super::{Engine, EngineError, EngineMove, opening};
use crate::color::Color;
use crate::game::Game;
use crate::playout::tactics::move_features;
use crate::point::{BoardSize, Move, Point};
use crate::rules::{Komi, Rules};
use crate::score::count_area;
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

impl Default for EngineConfig {
    fn default() -> EngineConfig {
        EngineConfig {
            threads: 1,
            seed: 1,
            playouts: Some(10_000),
            time_per_move: None,
            resign_at: Some(0.1),
            max_tree_mb: 1024,
            book: true,
            search: SearchConfig::default(),
        }
    }
}

/// Playouts a search must have made before its win rate may justify resignation.
const RESIGN_MIN_PLAYOUTS: u64 = 1000;
/// Mean ownership beyond which a chain counts as the opponent's (dead).
const DEAD_OWNERSHIP: f64 = 0.5;
/// Mean ownership below which a chain of the engine's counts as unsettled when it decides
/// whether to pass: 0.6 is Pachi's "80% of the playouts agree". A chain below it is still
/// being fought over, and a referee may judge it dead.
const SETTLED_OWNERSHIP: f64 = 0.6;
/// Win rate at or below which the engine accepts a draw by passing after the opponent's
/// pass (a sure draw searches at 0.5: draws count half).
const DRAW_WIN_RATE: f64 = 0.55;
/// Win rate below which, once the opponent has passed and passing would lose, the engine
/// stops playing on: it resigns (or passes, when it may not resign). Playing on would only
/// fill settled areas in the hope of an opponent's blunder, which no one across the board
/// enjoys.
const HOPELESS_WIN_RATE: f64 = 0.2;

/// How a game that a pass ends would come out for the engine, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PassOutcome {
    Loss,
    Draw,
    Win,
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
            (None, None) => Some(10_000),
            (p, _) => p,
        };
        SearchLimits {
            playouts,
            time,
            early_stop: true,
            soft_time,
        }
    }

    /// Each chain on the board (by its id) with its mean ownership in `result` for its
    /// owner (1: surely alive, -1: surely dead).
    fn chains_with_ownership(&self, result: &SearchResult) -> Vec<(Point, f64)> {
        let board = self.game.board();
        board
            .chains()
            .map(|id| (id, result.chain_ownership(board, id)))
            .collect()
    }

    /// The worst result for `color` of a game that passing now ends (or could), over three
    /// counts of the board: as it stands (what a Tromp-Taylor referee counts), with the dead
    /// stones of `result` removed (what a referee that judges them counts), and with
    /// `color`'s unsettled chains and chains in atari removed as well (what a referee that
    /// judges a fight against it, or takes off stones the opponent could capture at once,
    /// counts).
    ///
    /// Chains in atari need their own test: the search scores a pass that ends the game
    /// by counting the board as it stands, so the playouts leave a chain in atari alone
    /// and call it settled, while a referee such as GNU Go counts it dead.
    fn pass_outcome(&self, color: Color, result: &SearchResult) -> PassOutcome {
        let komi = self.game.rules().komi;
        let board = self.game.board();
        let chains = self.chains_with_ownership(result);
        let outcome = |dead: &[Point]| {
            let count = count_area(board, dead, &mut Default::default());
            match count.result(komi).winner() {
                Some(c) if c == color => PassOutcome::Win,
                Some(_) => PassOutcome::Loss,
                None => PassOutcome::Draw,
            }
        };
        outcome(&[])
            .min(outcome(&dead_stones(board, &chains, None)))
            .min(outcome(&dead_stones(board, &chains, Some(color))))
    }

    /// A move that takes `color`'s largest chain in atari out of atari by filling its last
    /// liberty, if one does (legally, and leaving the chain two liberties or more). Only
    /// chains that the playouts of `result` mostly keep alive are worth it.
    fn rescue(&self, color: Color, result: &SearchResult) -> Option<Move> {
        let board = self.game.board();
        board
            .chains()
            .filter(|&id| board.color_at(id) == Some(color) && board.in_atari(id))
            .filter(|&id| result.chain_ownership(board, id) > 0.0)
            .filter_map(|id| {
                let liberty = board.last_liberty(id)?;
                let mv = Move::Play(liberty);
                // The move saves the chain when it joins it and leaves two liberties or
                // more (a capture may save other chains and still leave this one in atari).
                let f = move_features(board, color, liberty);
                let out_of_atari = f.saves > 0 && f.self_atari == 0;
                (out_of_atari && self.game.is_legal(color, mv)).then_some((board.chain_len(id), mv))
            })
            .max_by_key(|&(stones, _)| stones)
            .map(|(_, mv)| mv)
    }

    /// The move to play given the search's outcome.
    fn decide(&self, color: Color, result: &SearchResult) -> EngineMove {
        if let Some(mv) = self.book_choice(color) {
            return EngineMove::Play(mv);
        }
        let area = self.game.size().area();
        // Game progress: stones on the board, or moves, whichever says more (a game loaded
        // from setup stones has no moves).
        let progress = self
            .game
            .moves()
            .len()
            .max(area - self.game.board().empty_points().len());
        if let Some(threshold) = self.config.resign_at {
            let komi_is_real = self.dynamic_komi(color) == 0;
            let lead = if color == Color::Black {
                result.score_lead_black
            } else {
                -result.score_lead_black
            };
            let enough = result.playouts
                >= RESIGN_MIN_PLAYOUTS.min(self.config.playouts.unwrap_or(u64::MAX));
            if komi_is_real
                && enough
                && progress >= area / 5
                && result.win_rate < threshold
                && lead < -(area as f64 / 16.0).max(5.0)
            {
                return EngineMove::Resign;
            }
        }
        let opponent_passed = self
            .game
            .last_move()
            .is_some_and(|(_, mv)| mv == Move::Pass);
        // The tree knows simple ko only: the best move superko allows.
        let best = result
            .moves
            .iter()
            .map(|m| m.mv)
            .find(|&mv| self.game.is_legal(color, mv))
            .unwrap_or(Move::Pass);
        if best == Move::Pass || opponent_passed {
            match self.pass_outcome(color, result) {
                PassOutcome::Win => return EngineMove::Play(Move::Pass),
                // A draw that the search sees no way to turn into a win: playing on would
                // only fill the engine's own area, move after move.
                PassOutcome::Draw if opponent_passed && result.win_rate <= DRAW_WIN_RATE => {
                    return EngineMove::Play(Move::Pass);
                }
                PassOutcome::Loss if opponent_passed && result.win_rate < HOPELESS_WIN_RATE => {
                    return match self.config.resign_at {
                        Some(_) => EngineMove::Resign,
                        None => EngineMove::Play(Move::Pass),
                    };
                }
                _ => {}
            }
            // Passing would lose or leave dead stones that count: save a chain in atari,
            // or play on with the best stone move, if there is one.
            if let Some(mv) = self.rescue(color, result) {
                return EngineMove::Play(mv);
            }
            if let Some(m) = result
                .moves
                .iter()
                .find(|m| m.mv != Move::Pass && self.game.is_legal(color, m.mv))
            {
                return EngineMove::Play(m.mv);
            }
            return EngineMove::Play(Move::Pass);
        }
        EngineMove::Play(best)
    }

    /// The stones the engine judges dead ([`super::judge`]).
    pub fn judge_dead(&mut self) -> Vec<Point> {
        super::judge::judge(self.game.board(), self.game.to_move()).dead
    }
}

/// The stones of the chains judged dead (mean ownership for their owner below
/// `-DEAD_OWNERSHIP`), sorted; with `unsettled_of`, also that colour's chains that are not
/// clearly alive (below `SETTLED_OWNERSHIP`) or are in atari.
fn dead_stones(
    board: &crate::board::Board,
    chains: &[(Point, f64)],
    unsettled_of: Option<Color>,
) -> Vec<Point> {
    let mut dead: Vec<Point> = chains
        .iter()
        .filter(|&&(id, for_owner)| {
            let at_risk = for_owner < SETTLED_OWNERSHIP || board.in_atari(id);
            for_owner < -DEAD_OWNERSHIP
                || (at_risk && unsettled_of.is_some_and(|c| board.color_at(id) == Some(c)))
        })
        .flat_map(|&(id, _)| board.chain_stones(id))
        .collect();
    dead.sort();
    dead
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
