//! One search worker: select, expand, play out, back up, again, on its own board and RNG.

use super::tree::{NewChild, NodeId, NodeStats};
use super::{PlayoutKind, Search, SearchLimits, priors};
use crate::board::Board;
use crate::color::{ByColor, Color};
use crate::playout::ladder::LadderReader;
use crate::playout::{HeuristicPolicy, PlayoutLimits, Recent, UniformPolicy, run_playout};
use crate::point::{Move, NUM_CELLS};
use crate::score::{Ownership, count_area};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Playouts between flushes of a worker's ownership tallies into the shared ones.
const FLUSH_EVERY: u32 = 64;

pub(super) struct Worker<'a> {
    search: &'a Search,
    board: Box<Board>,
    rng: SmallRng,
    path: Vec<NodeId>,
    /// Every move of the current simulation, tree part then playout part.
    moves: Vec<(Color, Move)>,
    /// AMAF scratch: per point, 0 or the colour code (1 + index) of its first player.
    first: Box<[u8; NUM_CELLS]>,
    ownership: Box<Ownership>,
    owned: Box<ByColor<[u32; NUM_CELLS]>>,
    samples: u32,
    score_sum_half: i64,
    moves_sum: u64,
    children: Vec<NewChild>,
    ladders: LadderReader,
    heavy: HeuristicPolicy,
}

impl<'a> Worker<'a> {
    pub(super) fn new(search: &'a Search, index: usize) -> Worker<'a> {
        let seed = search.config.seed.wrapping_add(index as u64);
        let area = search.game.size().area();
        Worker {
            search,
            board: Box::new(search.game.board().clone()),
            rng: SmallRng::seed_from_u64(seed),
            path: Vec::with_capacity(64),
            moves: Vec::with_capacity(4 * area + 64),
            first: Box::new([0; NUM_CELLS]),
            ownership: Box::default(),
            owned: Box::new(ByColor::new([0; NUM_CELLS], [0; NUM_CELLS])),
            samples: 0,
            score_sum_half: 0,
            moves_sum: 0,
            children: Vec::with_capacity(area + 1),
            ladders: LadderReader::default(),
            heavy: HeuristicPolicy::default(),
        }
    }

    pub(super) fn run(
        &mut self,
        limits: &SearchLimits,
        deadline: Option<Instant>,
        started: &AtomicU64,
        base: u64,
    ) {
        loop {
            if self.search.should_stop(limits, deadline, started, base) {
                break;
            }
            let n = started.fetch_add(1, Ordering::Relaxed);
            if limits.playouts.is_some_and(|limit| n >= limit) {
                break;
            }
            self.iterate();
            if self.samples >= FLUSH_EVERY {
                self.flush();
            }
        }
        self.flush();
    }

    /// One simulation from the root.
    fn iterate(&mut self) {
        let search = self.search;
        let tree = &search.tree;
        let game = &search.game;
        let config = &search.config;
        let root = tree.root();

        self.board.as_mut().clone_from(game.board());
        let mut color = game.to_move();
        let mut recent = Recent::at_end_of(game.moves());
        let mut passes = game.consecutive_passes();
        self.path.clear();
        self.moves.clear();
        self.path.push(root);
        let mut node = root;
        let mut terminal = false;
        loop {
            if passes >= 2 {
                terminal = true;
                break;
            }
            if !tree.is_expanded(node) {
                let ready = node == root
                    || tree.node(node).visits()
                        >= config.expand_threshold + self.own_virtual_loss(node);
                if !(ready && tree.try_claim(node)) {
                    break;
                }
                let at_root = node == root;
                let to_move = color;
                let allow = |mv: Move| !at_root || game.is_legal(to_move, mv);
                priors::children(
                    &self.board,
                    color,
                    recent,
                    passes > 0,
                    config,
                    &allow,
                    &mut self.ladders,
                    &mut self.children,
                );
                if !tree.expand(node, &self.children) {
                    break;
                }
            }
            let child = self.select(node);
            tree.enter(child, config.virtual_loss);
            self.path.push(child);
            let mv = tree.move_of(child);
            self.board.play_unchecked(color, mv);
            self.moves.push((color, mv));
            recent = recent.after(mv);
            passes = if mv == Move::Pass { passes + 1 } else { 0 };
            color = !color;
            node = child;
        }

        let count = if terminal {
            count_area(&self.board, &[], &mut self.ownership)
        } else {
            let limits = PlayoutLimits::for_board(&self.board);
            let moves = &mut self.moves;
            let record = |c: Color, mv: Move| moves.push((c, mv));
            match config.playouts {
                PlayoutKind::Light => run_playout(
                    &mut self.board,
                    color,
                    recent,
                    &mut UniformPolicy,
                    &mut self.rng,
                    limits,
                    &mut self.ownership,
                    record,
                ),
                PlayoutKind::Heavy => run_playout(
                    &mut self.board,
                    color,
                    recent,
                    &mut self.heavy,
                    &mut self.rng,
                    limits,
                    &mut self.ownership,
                    record,
                ),
            }
            .count
        };
        let score_half = count.black_minus_white_half_points(search.playout_komi());
        let black_win2 = match score_half {
            s if s > 0 => 2,
            0 => 1,
            _ => 0,
        };
        self.tally(score_half);
        self.back_up(black_win2);
    }

    /// The virtual losses this descent added to `node`'s visits: every node of the path
    /// but the root was [entered](super::tree::Tree::enter).
    #[inline]
    fn own_virtual_loss(&self, node: NodeId) -> u32 {
        if node == self.search.tree.root() {
            0
        } else {
            self.search.config.virtual_loss
        }
    }

    /// The child of `node` with the best RAVE-mixed value for the player to move there.
    fn select(&self, node: NodeId) -> NodeId {
        let tree = &self.search.tree;
        let config = &self.search.config;
        let own = self.own_virtual_loss(node);
        let parent_visits = f64::from(tree.node(node).visits().saturating_sub(own));
        let log_parent = (parent_visits + 1.0).ln();
        let inv_equiv = 1.0 / config.rave_equiv;
        let block = tree.child_block(node);
        assert!(!block.nodes.is_empty(), "an expanded node has children");
        let mut best = 0;
        let mut best_value = f64::NEG_INFINITY;
        for (k, child) in block.stats().enumerate() {
            let v = value(&child, config, inv_equiv, log_parent);
            if v > best_value {
                best_value = v;
                best = k;
            }
        }
        block.first.offset(best)
    }

    /// Records the result along the path (real statistics) and for siblings whose move was
    /// played later in the simulation by the same player first (AMAF).
    fn back_up(&mut self, black_win2: u32) {
        let tree = &self.search.tree;
        let root_color = self.search.game.to_move();
        let win2_for = |c: Color| match c {
            Color::Black => black_win2,
            Color::White => 2 - black_win2,
        };
        for (i, &node) in self.path.iter().enumerate() {
            let mover = if i == 0 {
                !root_color
            } else {
                self.moves[i - 1].0
            };
            tree.update(node, win2_for(mover), self.own_virtual_loss(node));
        }
        // Walk the simulation backwards so that `first` holds, for each point, the colour
        // that played it first from move i on; at each tree depth credit that node's
        // children.
        let depth = self.path.len();
        for i in (0..self.moves.len()).rev() {
            let (c, mv) = self.moves[i];
            if let Move::Play(p) = mv {
                self.first[p.index()] = 1 + c.index() as u8;
            }
            if i < depth {
                let code = 1 + c.index() as u8;
                let win2 = win2_for(c);
                // A pass's index is 0, where `first` always holds 0.
                let block = tree.child_block(self.path[i]);
                for (child, at) in block.nodes.iter().zip(block.move_indices()) {
                    if self.first[at] == code {
                        child.update_amaf(win2);
                    }
                }
            }
        }
        for &(_, mv) in &self.moves {
            if let Move::Play(p) = mv {
                self.first[p.index()] = 0;
            }
        }
    }

    fn tally(&mut self, score_half: i32) {
        for p in self.search.game.size().points() {
            if let Some(c) = self.ownership.get(p) {
                self.owned[c][p.index()] += 1;
            }
        }
        self.samples += 1;
        self.score_sum_half += i64::from(score_half);
        self.moves_sum += self.moves.len() as u64;
    }

    fn flush(&mut self) {
        if self.samples == 0 {
            return;
        }
        let tally = &self.search.tally;
        for p in self.search.game.size().points() {
            for c in Color::ALL {
                let n = std::mem::take(&mut self.owned[c][p.index()]);
                if n > 0 {
                    tally.owned[c][p.index()].fetch_add(n, Ordering::Relaxed);
                }
            }
        }
        tally
            .samples
            .fetch_add(u64::from(self.samples), Ordering::Relaxed);
        tally
            .score_sum_half
            .fetch_add(self.score_sum_half, Ordering::Relaxed);
        tally.moves.fetch_add(self.moves_sum, Ordering::Relaxed);
        self.samples = 0;
        self.score_sum_half = 0;
        self.moves_sum = 0;
    }
}

/// Real, prior and AMAF statistics mixed as [`value`] mixes them, without exploration: 1
/// for a child with no statistics at all.
#[inline]
pub(super) fn mixed_value(s: &NodeStats, inv_equiv: f64) -> f64 {
    let n = f64::from(s.visits + s.prior_visits);
    let w = f64::from(s.wins2 + s.prior_wins2) / 2.0;
    let an = f64::from(s.amaf_visits);
    let aw = f64::from(s.amaf_wins2) / 2.0;
    let k = 1.0 + an * inv_equiv;
    let denominator = an + k * n;
    if denominator > 0.0 {
        (aw + k * w) / denominator
    } else {
        1.0
    }
}

/// The selection value of a child for the player choosing it: real and prior statistics
/// (the real visits include virtual losses in flight, as losses) mixed with AMAF by the
/// minimum-MSE schedule `beta = n_amaf / (n_amaf + n + n * n_amaf / E)`, plus an optional
/// UCB term.
///
/// With `q = w / n` and `aq = aw / n_amaf`, `beta * aq + (1 - beta) * q` is
/// `(aw + k * w) / (n_amaf + k * n)` where `k = 1 + n_amaf / E`: one division per child,
/// which matters because selection computes this for every child of every node it passes.
/// `inv_equiv` is `1 / E`.
#[inline]
fn value(s: &NodeStats, config: &super::SearchConfig, inv_equiv: f64, log_parent: f64) -> f64 {
    let mut q = mixed_value(s, inv_equiv);
    if config.explore > 0.0 {
        let n = f64::from(s.visits + s.prior_visits);
        q += config.explore * (log_parent / (n + 1.0)).sqrt();
    }
    q
}
