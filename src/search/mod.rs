//! Monte Carlo tree search on one shared tree, searched by all workers of a rayon pool.
//!
//! [`Search::new`] makes a tree for a game position; [`Search::run`] searches it until a
//! [`SearchLimits`] stop condition; [`Search::result`] reads the tree (also while a search
//! runs, from another thread); [`Search::advance`] keeps the subtree of the moves played
//! since, for the next search. The search never prints and never sees protocol text.
//!
//! Selection is UCT with RAVE (Gelly and Silver's minimum-MSE schedule, as in Pachi and
//! michi) over real statistics merged with Go-knowledge priors (`priors`). A worker marks
//! the nodes it descends through (virtual loss) so that parallel workers spread out.

pub mod learned;
// Generated source: its numbers are data, not constants to name or round.
#[rustfmt::skip]
#[allow(clippy::approx_constant, clippy::excessive_precision, clippy::unreadable_literal)]
mod learned_gammas;
#[rustfmt::skip]
#[allow(clippy::approx_constant, clippy::excessive_precision, clippy::unreadable_literal)]
mod learned_gammas19;
pub mod predict;
mod priors;
pub mod time;
pub mod tree;
mod worker;

use crate::color::{ByColor, Color};
use crate::game::Game;
use crate::point::{Move, NUM_CELLS, Point};
use crate::rules::Komi;
use crossbeam_utils::CachePadded;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tree::{NodeId, NodeStats, Tree};

/// Which playouts the search runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlayoutKind {
    /// Uniform random non-eye-filling moves.
    Light,
    /// Captures, rescues, nakade, ataris and 3x3 shapes around the last move, then random
    /// moves that avoid bad self-ataris.
    Heavy,
}

/// The search's tunables, with their units.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchConfig {
    /// A leaf gets children once it has this many real visits (the root always has them).
    pub expand_threshold: u32,
    /// RAVE equivalence E: AMAF and real statistics weigh the same at about E visits.
    pub rave_equiv: f64,
    /// Virtual visits at win rate 0.5 that every child starts with.
    pub prior_even: u16,
    /// Virtual visits behind one piece of Go knowledge (`eqex`).
    pub prior_knowledge: u16,
    /// Virtual wins behind the learned move model ([`learned`]) for a move it is sure of;
    /// a move of probability p gets `prior_learned * sqrt(p)` (Pachi's weighting of its
    /// pattern probabilities). The model replaces the hand-written shape, nearness and
    /// line priors on boards up to 9x9; 0 switches it off there too.
    pub prior_learned: u16,
    /// UCB exploration constant; 0 leaves exploration to the priors and RAVE.
    pub explore: f64,
    /// Virtual losses per worker descending through a node: lost visits that count while
    /// the descent is in flight.
    pub virtual_loss: u32,
    /// The playout policy.
    pub playouts: PlayoutKind,
    /// Seed of the workers' random generators (worker i uses seed + i).
    pub seed: u64,
    /// Memory cap of the tree in bytes. Each tree takes at most half of it, so that the
    /// copy of the subtree kept when the root moves on ([`Search::advance`]) fits beside
    /// the old tree within the cap.
    pub max_tree_bytes: usize,
}

impl Default for SearchConfig {
    fn default() -> SearchConfig {
        SearchConfig {
            expand_threshold: 3,
            rave_equiv: 3000.0,
            prior_even: 10,
            prior_knowledge: 10,
            prior_learned: 80,
            explore: 0.0,
            virtual_loss: 1,
            playouts: PlayoutKind::Heavy,
            seed: 1,
            max_tree_bytes: 1 << 30,
        }
    }
}

/// When a search stops: whichever comes first.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SearchLimits {
    /// Playouts (tree visits) in this run.
    pub playouts: Option<u64>,
    /// Wall-clock time of this run.
    pub time: Option<Duration>,
    /// Stop early when the most visited move can no longer be overtaken within the limits.
    pub early_stop: bool,
    /// The normal stop of a clocked move, before `time`: from then on the search stops as
    /// soon as it is sure, when its most visited move also has the best win rate and leads
    /// the next by half as many visits again; `time` stays the hard stop.
    pub soft_time: Option<Duration>,
}

/// Past the soft stop, the most visited move must have this many times the visits of the
/// next for the search to be sure.
const SURE_VISIT_RATIO: f64 = 1.5;

/// The worker threads of a search: a rayon pool of a fixed size.
pub struct Workers {
    pool: rayon::ThreadPool,
}

/// The worker threads could not be started.
#[derive(Debug)]
pub struct WorkersError(String);

impl fmt::Display for WorkersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot start the search threads: {}", self.0)
    }
}

impl std::error::Error for WorkersError {}

impl Workers {
    /// A pool of `threads` workers (at least one).
    ///
    /// # Errors
    /// When the operating system refuses the threads.
    pub fn new(threads: usize) -> Result<Workers, WorkersError> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .thread_name(|i| format!("weiqi-search-{i}"))
            .build()
            .map(|pool| Workers { pool })
            .map_err(|e| WorkersError(e.to_string()))
    }

    /// The number of workers.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }
}

/// Each move's share of the priors of `children`, as probabilities that sum to 1: a
/// softmax of the prior's net virtual wins (wins minus losses) over `knowledge` (the
/// virtual visits behind one piece of Go knowledge), so that each piece of knowledge for a
/// move multiplies its share by e and each against it divides it by e. The priors are
/// virtual playouts, not a probability; this turns them into the ranking GUIs expect in a
/// policy field.
fn policies<'a>(children: impl Iterator<Item = &'a NodeStats>, knowledge: f64) -> Vec<f64> {
    let logits: Vec<f64> = children
        .map(|s| (f64::from(s.prior_wins2) - f64::from(s.prior_visits)) / knowledge)
        .collect();
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let weights: Vec<f64> = logits.iter().map(|l| (l - max).exp()).collect();
    let total: f64 = weights.iter().sum();
    weights.into_iter().map(|w| w / total).collect()
}

/// What the search says about one move at the root.
#[derive(Clone, Debug, PartialEq)]
pub struct MoveInfo {
    /// The move.
    pub mv: Move,
    /// Real visits.
    pub visits: u32,
    /// Win rate for the side to move at the root, 0 to 1: the move's real results, drawn
    /// towards what its prior and AMAF statistics say by [`REPORT_SHRINK`] visits, so
    /// that a move with one or two visits shows an estimate rather than one playout's
    /// result.
    pub win_rate: f64,
    /// A lower confidence bound of the win rate (about 95%).
    pub lcb: f64,
    /// The prior value the move started with, 0 to 1.
    pub prior: f64,
    /// The move's share of the root's priors, 0 to 1, summing to 1 over the root's moves:
    /// what GUIs show as the policy. A softmax of the prior's net virtual wins, in units of
    /// [`SearchConfig::prior_knowledge`].
    pub policy: f64,
    /// The expected continuation, starting with this move.
    pub pv: Vec<Move>,
}

/// Visits of the search's mixed estimate that a reported win rate adds to a move's real
/// results.
pub const REPORT_SHRINK: f64 = 20.0;

/// A root move's win rate as reported to people: see [`MoveInfo::win_rate`].
fn reported_win_rate(s: &NodeStats, inv_equiv: f64) -> f64 {
    let mixed = worker::mixed_value(s, inv_equiv).clamp(0.0, 1.0);
    let n = f64::from(s.visits);
    (f64::from(s.wins2) / 2.0 + REPORT_SHRINK * mixed) / (n + REPORT_SHRINK)
}

/// The state of a search: moves ranked by visits, and what the playouts say about the board.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchResult {
    /// The side to move at the root.
    pub to_move: Color,
    /// Root moves with visits, best first (most visits).
    pub moves: Vec<MoveInfo>,
    /// Playouts through the root so far.
    pub playouts: u64,
    /// The root's win rate for the side to move.
    pub win_rate: f64,
    /// Mean final score of the playouts, Black minus White, komi included, in points.
    pub score_lead_black: f64,
    /// Per point of the board, row by row from A1: +1 always Black's, -1 always White's.
    pub ownership: Vec<f64>,
    /// Seconds the last run took.
    pub seconds: f64,
    /// Nodes in the tree.
    pub tree_nodes: usize,
    /// Mean length of the simulations (tree moves plus playout moves) since the root was
    /// set.
    pub avg_moves: f64,
}

/// A running search as a report callback sees it. Its state ([`Progress::result`]: every
/// root move with its variation, and the ownership map) takes time to build that grows
/// with the tree, so callbacks that poll often (for a stop request, every few
/// milliseconds) build it only when they use it.
#[derive(Clone, Copy)]
pub struct Progress<'a> {
    search: &'a Search,
}

impl Progress<'_> {
    /// The search's state now.
    pub fn result(&self) -> SearchResult {
        self.search.result()
    }
}

impl SearchResult {
    /// The most visited move (pass when nothing was searched).
    pub fn best_move(&self) -> Move {
        self.moves.first().map_or(Move::Pass, |m| m.mv)
    }

    /// Ownership of `p` (+1 Black, -1 White).
    pub fn ownership_of(&self, p: Point, size: usize) -> f64 {
        self.ownership
            .get(p.y() * size + p.x())
            .copied()
            .unwrap_or(0.0)
    }

    /// Mean ownership of the chain through the stone on `p`, for the chain's owner: +1
    /// when it survived every playout, -1 when it never did.
    pub fn chain_ownership(&self, board: &crate::board::Board, p: Point) -> f64 {
        let size = board.size().get();
        let (sum, n) = board.chain_stones(p).fold((0.0, 0.0), |(sum, n), s| {
            (sum + self.ownership_of(s, size), n + 1.0)
        });
        let mean = sum / n;
        if board.color_at(p) == Some(Color::Black) {
            mean
        } else {
            -mean
        }
    }
}

/// Playout statistics shared by the workers: ownership counts and scores.
struct Tally {
    owned: ByColor<Vec<AtomicU32>>,
    samples: AtomicU64,
    score_sum_half: AtomicI64,
    /// Moves of all simulations, tree and playout parts.
    moves: AtomicU64,
}

impl Tally {
    fn new() -> Tally {
        let zeros = || (0..NUM_CELLS).map(|_| AtomicU32::new(0)).collect();
        Tally {
            owned: ByColor::new(zeros(), zeros()),
            samples: AtomicU64::new(0),
            score_sum_half: AtomicI64::new(0),
            moves: AtomicU64::new(0),
        }
    }
}

/// A search over one position.
pub struct Search {
    config: SearchConfig,
    tree: Tree,
    /// The position at the root.
    game: Game,
    /// Komi used to judge playouts (the game's komi plus any dynamic komi), in half points.
    komi_half: i32,
    stop: AtomicBool,
    /// Written by every worker every few dozen playouts: apart from the fields the
    /// workers read at every step.
    tally: CachePadded<Tally>,
    last_seconds: std::sync::Mutex<f64>,
}

impl Search {
    /// A fresh search of `game`'s position for the side to move.
    pub fn new(game: &Game, config: SearchConfig) -> Search {
        let tree = Tree::new(config.max_tree_bytes / 2);
        Search {
            komi_half: i32::from(game.rules().komi.half_points()),
            config,
            tree,
            game: game.clone(),
            stop: AtomicBool::new(false),
            tally: CachePadded::new(Tally::new()),
            last_seconds: std::sync::Mutex::new(0.0),
        }
    }

    /// The tunables.
    pub fn config(&self) -> &SearchConfig {
        &self.config
    }

    /// The searched game position.
    pub fn game(&self) -> &Game {
        &self.game
    }

    /// The tree.
    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// Sets extra komi for White, in half points, used to judge playouts (dynamic komi).
    pub fn set_extra_komi(&mut self, half_points: i32) {
        self.komi_half = i32::from(self.game.rules().komi.half_points()) + half_points;
    }

    /// Asks a running search to stop soon; the next `run` clears the request.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Searches until a limit is reached or [`Search::stop`] is called, on all workers.
    pub fn run(&self, workers: &Workers, limits: SearchLimits) -> SearchResult {
        self.stop.store(false, Ordering::Relaxed);
        let start = Instant::now();
        let deadline = limits.time.map(|t| start + t);
        // Every worker counts its playouts here, one atomic add each: on a cache line of
        // its own, away from the limits beside it that every worker reads as often.
        let started = CachePadded::new(AtomicU64::new(0));
        let base = self.root_visits();
        if !self.game.is_over() {
            workers.pool.broadcast(|ctx| {
                let mut w = worker::Worker::new(self, ctx.index());
                w.run(&limits, deadline, &started, base);
            });
        }
        let seconds = start.elapsed().as_secs_f64();
        if let Ok(mut s) = self.last_seconds.lock() {
            *s = seconds;
        }
        self.result()
    }

    fn root_visits(&self) -> u64 {
        u64::from(self.tree.stats(self.tree.root()).visits)
    }

    /// Whether a worker should stop now.
    fn should_stop(
        &self,
        limits: &SearchLimits,
        deadline: Option<Instant>,
        started: &AtomicU64,
        base: u64,
    ) -> bool {
        if self.stop.load(Ordering::Relaxed) {
            return true;
        }
        let done = started.load(Ordering::Relaxed);
        if limits.playouts.is_some_and(|n| done >= n) {
            return true;
        }
        let now = Instant::now();
        if deadline.is_some_and(|d| now >= d) {
            return true;
        }
        if done % 64 == 0 && Self::past_soft_stop(limits, deadline, now) && self.is_sure() {
            return true;
        }
        if limits.early_stop && done % 64 == 0 && done >= 256 {
            // Playouts still possible: by the playout limit, or by the speed so far.
            let by_count = limits.playouts.map(|n| n.saturating_sub(done));
            let by_time = deadline.map(|d| {
                let spent = self.root_visits().saturating_sub(base).max(1) as f64;
                let elapsed = limits.time.unwrap_or_default().as_secs_f64()
                    - d.saturating_duration_since(now).as_secs_f64();
                let rate = spent / elapsed.max(1e-3);
                (rate * d.saturating_duration_since(now).as_secs_f64()) as u64
            });
            let remaining = match (by_count, by_time) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(remaining) = remaining {
                let mut top = [0u32; 2];
                for child in self.tree.child_block(self.tree.root()).nodes {
                    let v = child.visits();
                    if v > top[0] {
                        top = [v, top[0]];
                    } else if v > top[1] {
                        top[1] = v;
                    }
                }
                if u64::from(top[0] - top[1]) > remaining {
                    return true;
                }
            }
        }
        false
    }

    /// Whether `now` is past the soft stop of a run with hard stop `deadline`: the run
    /// started `limits.time` before its deadline, and the soft stop is `soft_time` after.
    fn past_soft_stop(limits: &SearchLimits, deadline: Option<Instant>, now: Instant) -> bool {
        match (limits.soft_time, limits.time, deadline) {
            (Some(soft), Some(time), Some(d)) => now + time >= d + soft,
            _ => false,
        }
    }

    /// Whether the root's most visited move also has the best win rate among the moves
    /// with visits, and leads the next by [`SURE_VISIT_RATIO`].
    fn is_sure(&self) -> bool {
        let tree = &self.tree;
        let mut top = [0u32; 2];
        let (mut top_rate, mut best_rate) = (0.0, f64::NEG_INFINITY);
        for child in tree.children(tree.root()) {
            let stats = tree.stats(child);
            if stats.visits == 0 {
                continue;
            }
            best_rate = stats.win_rate().max(best_rate);
            if stats.visits > top[0] {
                top = [stats.visits, top[0]];
                top_rate = stats.win_rate();
            } else if stats.visits > top[1] {
                top[1] = stats.visits;
            }
        }
        top[0] > 0
            && top_rate >= best_rate
            && f64::from(top[0]) >= SURE_VISIT_RATIO * f64::from(top[1])
    }

    /// Reads the tree: root moves ranked, win rate, ownership and score estimate. Safe to
    /// call while a search runs.
    pub fn result(&self) -> SearchResult {
        let tree = &self.tree;
        let root = tree.root();
        let children: Vec<(NodeId, NodeStats)> =
            tree.children(root).map(|c| (c, tree.stats(c))).collect();
        let policy = policies(
            children.iter().map(|(_, s)| s),
            f64::from(self.config.prior_knowledge.max(1)),
        );
        let mut moves: Vec<MoveInfo> = children
            .iter()
            .zip(policy)
            .map(|(&(c, s), policy)| {
                let p = reported_win_rate(&s, 1.0 / self.config.rave_equiv);
                let n = f64::from(s.visits.max(1));
                MoveInfo {
                    mv: tree.move_of(c),
                    visits: s.visits,
                    win_rate: p,
                    lcb: if s.visits == 0 {
                        0.0
                    } else {
                        (p - 1.96 * (p * (1.0 - p) / n).sqrt()).max(0.0)
                    },
                    prior: if s.prior_visits == 0 {
                        0.5
                    } else {
                        f64::from(s.prior_wins2) / (2.0 * f64::from(s.prior_visits))
                    },
                    policy,
                    pv: self.principal_variation(c),
                }
            })
            .collect();
        moves.sort_by(|a, b| {
            b.visits
                .cmp(&a.visits)
                .then(b.win_rate.total_cmp(&a.win_rate))
        });
        let root_stats = tree.stats(root);
        let to_move = self.game.to_move();
        let size = self.game.size();
        let samples = self.tally.samples.load(Ordering::Relaxed);
        let ownership = size
            .points()
            .map(|p| {
                if samples == 0 {
                    return 0.0;
                }
                let b = f64::from(self.tally.owned.black[p.index()].load(Ordering::Relaxed));
                let w = f64::from(self.tally.owned.white[p.index()].load(Ordering::Relaxed));
                (b - w) / samples as f64
            })
            .collect();
        let score_lead_black = if samples == 0 {
            0.0
        } else {
            self.tally.score_sum_half.load(Ordering::Relaxed) as f64 / (2.0 * samples as f64)
        };
        let win_rate = moves
            .first()
            .filter(|m| m.visits > 0)
            .map_or(1.0 - root_stats.win_rate(), |m| m.win_rate);
        SearchResult {
            to_move,
            moves,
            playouts: u64::from(root_stats.visits),
            win_rate,
            score_lead_black,
            ownership,
            seconds: self.last_seconds.lock().map_or(0.0, |s| *s),
            tree_nodes: tree.len(),
            avg_moves: self.tally.moves.load(Ordering::Relaxed) as f64 / samples.max(1) as f64,
        }
    }

    /// This search as a report callback sees it while it runs ([`Progress`]).
    pub fn progress(&self) -> Progress<'_> {
        Progress { search: self }
    }

    /// The most visited line from `start`.
    fn principal_variation(&self, start: NodeId) -> Vec<Move> {
        let tree = &self.tree;
        let mut pv = vec![tree.move_of(start)];
        let mut node = start;
        while pv.len() < 30 {
            let Some(next) = tree.most_visited_child(node) else {
                break;
            };
            pv.push(tree.move_of(next));
            node = next;
        }
        pv
    }

    /// Moves the root to `game`'s position, keeping the subtree of the moves played since
    /// the last root when `game` continues it under the same rules; otherwise starts fresh.
    /// Ownership and score statistics start over either way.
    pub fn advance(&mut self, game: &Game) {
        let old = &self.game;
        let next_to_move = game.moves()[old.moves().len().min(game.moves().len())..]
            .last()
            .map_or(old.to_move(), |&(c, _)| !c);
        let continues = game.rules() == old.rules()
            && game.setup_board() == old.setup_board()
            && game.moves().len() >= old.moves().len()
            && game.moves()[..old.moves().len()] == *old.moves()
            && game.to_move() == next_to_move;
        let mut node = Some(self.tree.root());
        if continues {
            // Tree levels alternate colours from the root's side to move.
            let mut expected = old.to_move();
            for &(color, mv) in &game.moves()[old.moves().len()..] {
                node = node
                    .filter(|_| color == expected)
                    .and_then(|n| self.tree.children(n).find(|&c| self.tree.move_of(c) == mv));
                expected = !expected;
            }
        } else {
            node = None;
        }
        let extra = self.komi_half - i32::from(old.rules().komi.half_points());
        self.tree = match node {
            Some(n) if n != self.tree.root() => {
                self.tree.subtree(n, self.config.max_tree_bytes / 2)
            }
            Some(_) => std::mem::replace(&mut self.tree, Tree::new(0)),
            None => Tree::new(self.config.max_tree_bytes / 2),
        };
        self.game = game.clone();
        self.set_extra_komi(extra);
        *self.tally = Tally::new();
    }

    /// The komi playouts are judged with.
    pub fn playout_komi(&self) -> Komi {
        Komi::from_half_points(self.komi_half.clamp(i16::MIN.into(), i16::MAX.into()) as i16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prior(visits: u32, wins2: u32) -> NodeStats {
        NodeStats {
            prior_visits: visits,
            prior_wins2: wins2,
            ..NodeStats::default()
        }
    }

    /// An even prior, one with a piece of knowledge for it (10 virtual wins) and one with a
    /// piece against it (10 virtual losses): shares in the ratios 1 : e : 1/e.
    #[test]
    fn policies_are_a_softmax_of_net_virtual_wins() {
        let stats = [prior(10, 10), prior(20, 30), prior(20, 10)];
        let p = policies(stats.iter(), 10.0);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let e = std::f64::consts::E;
        assert!((p[1] / p[0] - e).abs() < 1e-9, "{p:?}");
        assert!((p[0] / p[2] - e).abs() < 1e-9, "{p:?}");
        assert!(policies([].iter(), 10.0).is_empty());
    }
}
