//! The heavy playout policy: MoGo's sequence-like playouts with Pachi's probabilities.
//!
//! Each move tries a sequence of rules that answer the opponent's last move; each rule runs
//! with its own probability, the first that finds a move wins, and a rule picks uniformly
//! among its candidates (`docs/knowledge.md` says where each rule comes from):
//!
//! 1. **capture / rescue**: capture the last stone's chain if it is in atari; save own chains
//!    next to it that are in atari, by capturing an adjacent enemy chain in atari or by
//!    extending on the last liberty when that gives two or more liberties;
//! 2. **nakade**: when an empty neighbour of the last stone lies in an enclosed empty region
//!    of exactly three points (straight or bent three), play its middle, the vital point;
//! 3. **atari**: when the last stone's chain has two liberties, atari it on one of them
//!    (only where the atari stone keeps two liberties itself);
//! 4. **patterns**: empty points around the last move (and the move before it) that match a
//!    3x3 shape ([`super::pattern`]), excluding bad self-ataris;
//! 5. **random**: a uniformly random legal move that does not fill an own eye and is not a
//!    bad self-atari ([`tactics::is_bad_self_atari`]); a pass when none is left.
//!
//! Candidates live in fixed arrays: the policy never allocates.

use super::pattern;
use super::tactics;
use super::{PlayoutPolicy, Recent, random_below, random_scan};
use crate::board::Board;
use crate::board::query::NEIGHBORHOOD_OFFSETS;
use crate::color::Color;
use crate::point::{Move, Point, STRIDE};
use rand::RngCore;

/// Tunables of [`HeuristicPolicy`]: the probability, from 0 to 1, with which each rule is
/// tried on a move (values outside are clamped; NaN counts as 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeuristicConfig {
    /// Capture or rescue around the last move. Default 0.9, Pachi's local-atari rate.
    pub capture: f64,
    /// Play the vital point of a three-point eye space next to the last move. Default 0.8:
    /// the shape test is strict, so the move is nearly always right (Pachi: 0.6 with a
    /// looser test).
    pub nakade: f64,
    /// Atari the last stone's chain when it has two liberties. Default 0.3: an atari without
    /// reading often just drives the enemy where it wants to go, so it is tried sparingly.
    pub atari: f64,
    /// Play a 3x3 pattern move around the last moves. Default 0.95, as michi.
    pub pattern: f64,
    /// Whether the patterns are also looked for around the move before the last (Pachi and
    /// michi do; MoGo only around the last). Default true.
    pub pattern_before_last: bool,
    /// How often the random rule refuses a bad self-atari that it met, per candidate.
    /// Default 1.0: refusing always keeps sekis alive to the end of the playout (Pachi
    /// issue 29); nakade-like fillings and one-stone self-ataris are allowed anyway, which is
    /// why Pachi's lower rate (0.6, for nakade's sake) is not needed here.
    pub self_atari_reject: f64,
}

impl Default for HeuristicConfig {
    fn default() -> HeuristicConfig {
        HeuristicConfig {
            capture: 0.9,
            nakade: 0.8,
            atari: 0.3,
            pattern: 0.95,
            pattern_before_last: true,
            self_atari_reject: 1.0,
        }
    }
}

/// A probability as a threshold for 16 random bits: `bits < threshold` has that
/// probability, to within 2^-16. 1.0 gives 2^16, always true.
fn threshold(p: f64) -> u32 {
    let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
    (p * 65_536.0).round() as u32
}

/// Four independent 16-bit rolls from one random number: one for each rule.
#[derive(Clone, Copy)]
struct Rolls(u64);

impl Rolls {
    /// Whether roll `i` (0 to 3) comes out below `threshold`.
    #[inline]
    fn below(self, i: u32, threshold: u32) -> bool {
        ((self.0 >> (16 * i)) & 0xffff) < u64::from(threshold)
    }
}

/// The heavy playout policy; see the module docs for its rules.
#[derive(Clone, Debug)]
pub struct HeuristicPolicy {
    config: HeuristicConfig,
    capture: u32,
    nakade: u32,
    atari: u32,
    pattern: u32,
    self_atari_reject: u32,
}

impl Default for HeuristicPolicy {
    fn default() -> HeuristicPolicy {
        HeuristicPolicy::new(HeuristicConfig::default())
    }
}

impl HeuristicPolicy {
    /// A policy with these tunables.
    pub fn new(config: HeuristicConfig) -> HeuristicPolicy {
        HeuristicPolicy {
            config,
            capture: threshold(config.capture),
            nakade: threshold(config.nakade),
            atari: threshold(config.atari),
            pattern: threshold(config.pattern),
            self_atari_reject: threshold(config.self_atari_reject),
        }
    }

    /// The tunables.
    pub fn config(&self) -> &HeuristicConfig {
        &self.config
    }

    fn pick<R: RngCore>(&self, board: &Board, color: Color, recent: Recent, rng: &mut R) -> Move {
        if let Some(last) = recent.last {
            let mut cands = Candidates::new(last);
            let rolls = Rolls(rng.next_u64());
            if rolls.below(0, self.capture) {
                capture_or_rescue(board, color, last, &mut cands);
                if let Some(p) = cands.pick(rng) {
                    return Move::Play(p);
                }
            }
            if rolls.below(1, self.nakade) {
                if let Some(p) = nakade_point(board, color, last) {
                    return Move::Play(p);
                }
            }
            if rolls.below(2, self.atari) {
                cands.clear();
                ataris(board, color, last, &mut cands);
                if let Some(p) = cands.pick(rng) {
                    return Move::Play(p);
                }
            }
            if rolls.below(3, self.pattern) {
                let before = recent
                    .before_last
                    .filter(|_| self.config.pattern_before_last);
                if let Some(p) = pattern_move(board, color, last, before, rng) {
                    return Move::Play(p);
                }
            }
        }
        self.random_move(board, color, rng)
    }

    /// A uniformly random acceptable move, scanning the empty points from a random start as
    /// [`super::UniformPolicy`] does, skipping bad self-ataris with probability
    /// `self_atari_reject` each.
    fn random_move<R: RngCore>(&self, board: &Board, color: Color, rng: &mut R) -> Move {
        random_scan(board, rng, |p, rng| {
            board.is_playable(color, p)
                && (!tactics::is_bad_self_atari(board, color, p)
                    || !Rolls(rng.next_u64()).below(0, self.self_atari_reject))
        })
    }
}

impl PlayoutPolicy for HeuristicPolicy {
    #[inline]
    fn choose<R: RngCore>(
        &mut self,
        board: &Board,
        color: Color,
        recent: Recent,
        rng: &mut R,
    ) -> Move {
        let mv = self.pick(board, color, recent, rng);
        if let Move::Play(p) = mv {
            debug_assert!(
                board.is_legal_no_suicide(color, p),
                "heavy policy chose the illegal {color} {p}\n{}",
                board.diagram()
            );
            debug_assert!(
                !board.is_eye(p, color),
                "heavy policy fills {color}'s eye at {p}"
            );
        }
        mv
    }
}

/// Candidate moves of one rule, without repeats, in a fixed array.
struct Candidates {
    points: [Point; Candidates::CAP],
    n: usize,
}

impl Candidates {
    /// Enough for every rule: capture and atari candidates are few (a push beyond this is
    /// dropped, which only narrows the choice).
    const CAP: usize = 32;

    #[inline]
    fn new(filler: Point) -> Candidates {
        Candidates {
            points: [filler; Candidates::CAP],
            n: 0,
        }
    }

    #[inline]
    fn clear(&mut self) {
        self.n = 0;
    }

    /// Adds `p` if `color` may play it in a playout (legal, not an own eye) and it is new.
    #[inline]
    fn push_playable(&mut self, board: &Board, color: Color, p: Point) {
        if self.n < Candidates::CAP
            && !self.points[..self.n].contains(&p)
            && board.is_playable(color, p)
        {
            self.points[self.n] = p;
            self.n += 1;
        }
    }

    #[inline]
    fn pick<R: RngCore>(&self, rng: &mut R) -> Option<Point> {
        (self.n > 0).then(|| self.points[random_below(rng, self.n)])
    }
}

/// The point at neighbourhood cell `k` of `p` (an index into [`NEIGHBORHOOD_OFFSETS`]),
/// for a cell the key shows to be on the board.
#[inline]
fn cell(p: Point, k: usize) -> Point {
    Point::from_index((p.index() as isize + NEIGHBORHOOD_OFFSETS[k]) as usize)
}

/// The cells in `mask` (the low bit of each cell's two in a neighbourhood key) as indices
/// into [`NEIGHBORHOOD_OFFSETS`].
#[inline]
fn cells_of(mut mask: u16) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (mask != 0).then(|| {
            let k = mask.trailing_zeros() as usize / 2;
            mask &= mask - 1;
            k
        })
    })
}

/// Rule 1: capture of the last stone's chain when it is in atari, and rescues of own chains
/// next to the last stone that are in atari. (Enemy chains diagonal to the last stone are
/// not looked at: the last move did not change their liberties, so an earlier move already
/// had the chance to take them.)
fn capture_or_rescue(board: &Board, color: Color, last: Point, cands: &mut Candidates) {
    // Usually nothing is in atari, which one branch tells.
    let own = board.atari_neighbors(last, color);
    let last_in_atari = (board.color_at(last) == Some(!color)) & board.in_atari(last);
    if !last_in_atari && own == 0 {
        return;
    }
    if last_in_atari {
        if let Some(l) = board.last_liberty(last) {
            cands.push_playable(board, color, l);
        }
    }
    let mut rescued = [last; 4];
    let mut n = 0;
    for k in cells_of(own) {
        let q = cell(last, k);
        let Some(l) = board.last_liberty(q) else {
            continue;
        };
        let id = board.chain_id(q);
        if rescued[..n].contains(&id) {
            continue;
        }
        rescued[n] = id;
        n += 1;
        // Counter-captures: enemy chains in atari touching the endangered chain.
        for s in board.chain_stones(q) {
            for k in cells_of(board.atari_neighbors(s, !color)) {
                if let Some(c) = board.last_liberty(cell(s, k)) {
                    cands.push_playable(board, color, c);
                }
            }
        }
        // Extending only helps when it leaves two or more liberties; one would be a
        // self-atari that loses more stones.
        if board.is_playable(color, l) && tactics::keeps_two_liberties(board, color, l) {
            cands.push_playable(board, color, l);
        }
    }
}

/// Rule 2: the vital point of a three-point empty region, enclosed by the last mover's
/// stones and the edge, that touches the last stone.
fn nakade_point(board: &Board, color: Color, last: Point) -> Option<Point> {
    if board.color_at(last) != Some(!color) {
        return None;
    }
    for k in cells_of(board.narrow_empty_cells(last, color)) {
        if let Some(v) = vital_point_of_three(board, color, cell(last, k)) {
            if board.is_playable(color, v) {
                return Some(v);
            }
        }
    }
    None
}

/// The middle point of the empty region through `start` if that region has exactly three
/// points and touches no stone of `color` (so only the opponent's stones and the edge
/// enclose it).
///
/// In a straight or bent three the middle point has two empty neighbours and the ends one
/// each, which the board's neighbour counts tell in constant time per point.
fn vital_point_of_three(board: &Board, color: Color, start: Point) -> Option<Point> {
    // A point of the region: one or two empty neighbours, no stone of `color` next to it.
    let fits = |p: Point, empties: usize| {
        board.empty_neighbor_count(p) == empties && board.neighbor_stones(p, color) == 0
    };
    let (a, b) = board.few_empty_neighbors(start)?;
    match b {
        // `start` is an end, `a` must be the middle with one more end beyond it.
        None => {
            if !fits(start, 1) || !fits(a, 2) {
                return None;
            }
            let (x, y) = board.few_empty_neighbors(a)?;
            let end = if x == start { y? } else { x };
            fits(end, 1).then_some(a)
        }
        // `start` is the middle, `a` and `b` the ends.
        Some(b) => (fits(start, 2) && fits(a, 1) && fits(b, 1)).then_some(start),
    }
}

/// Rule 3: ataris on the last stone's chain when it has two liberties, where the atari
/// stone itself keeps two liberties.
fn ataris(board: &Board, color: Color, last: Point, cands: &mut Candidates) {
    if board.color_at(last) != Some(!color) {
        return;
    }
    if let Some(libs) = board.two_liberties(last) {
        for l in libs {
            if board.is_playable(color, l) && tactics::keeps_two_liberties(board, color, l) {
                cands.push_playable(board, color, l);
            }
        }
    }
}

/// Rule 4: a uniformly random empty point around `last` (or `before`) that matches a 3x3
/// pattern for `color`, is playable and is not a bad self-atari.
///
/// The matches stay bit sets, one per window; a pick takes the n-th set bit, and only the
/// picked point is checked, so the usual handful of matches costs no list building.
fn pattern_move<R: RngCore>(
    board: &Board,
    color: Color,
    last: Point,
    before: Option<Point>,
    rng: &mut R,
) -> Option<Point> {
    let mut near_last = pattern::matching_cells(board, color, last);
    let (before, mut near_before) = match before {
        Some(b) => (
            b,
            pattern::matching_cells(board, color, b) & !shared_cells(last, b),
        ),
        None => (last, 0),
    };
    loop {
        let (n_last, n_before) = (near_last.count_ones(), near_before.count_ones());
        if n_last + n_before == 0 {
            return None;
        }
        let r = random_below(rng, (n_last + n_before) as usize) as u32;
        let (around, cells, r) = if r < n_last {
            (last, &mut near_last, r)
        } else {
            (before, &mut near_before, r - n_last)
        };
        let mut m = *cells;
        for _ in 0..r {
            m &= m - 1;
        }
        let bit = m & m.wrapping_neg();
        *cells &= !bit;
        let p = cell(around, bit.trailing_zeros() as usize / 2);
        if board.is_playable(color, p) && !tactics::is_bad_self_atari(board, color, p) {
            return Some(p);
        }
    }
}

/// The cells around `b` that are also around `a` (so that a point near both last moves is
/// not offered twice), as the low bit of each cell's two in a neighbourhood key. One table
/// lookup: the answer depends only on `b - a`.
#[inline]
fn shared_cells(a: Point, b: Point) -> u16 {
    let d = b.index() as isize - a.index() as isize;
    // Points more than two rows apart share nothing.
    SHARED
        .get((d + SHARED_REACH as isize) as usize)
        .copied()
        .unwrap_or(0)
}

/// The largest `|b - a|` (in grid indices) of points that can share a neighbouring cell.
const SHARED_REACH: usize = 2 * STRIDE + 2;

/// [`shared_cells`] by `b - a + SHARED_REACH`.
static SHARED: [u16; 2 * SHARED_REACH + 1] = {
    let s = STRIDE as isize;
    let mut table = [0u16; 2 * SHARED_REACH + 1];
    let mut i = 0;
    while i < table.len() {
        let d = i as isize - SHARED_REACH as isize;
        let mut k = 0;
        while k < 8 {
            // The cell is around `a` when its offset from `a` is dy * STRIDE + dx with dx
            // and dy in -1..=1; shifted by STRIDE + 1, one of the rows 0..3 of a 3-wide
            // window. (Two board points less than a row apart in index cannot alias another
            // offset, since a row is wider than any board.)
            let e = d + NEIGHBORHOOD_OFFSETS[k] + s + 1;
            if (e >= 0 && e < 3) || (e - s >= 0 && e - s < 3) || (e - 2 * s >= 0 && e - 2 * s < 3) {
                table[i] |= 1 << (2 * k);
            }
            k += 1;
        }
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::point::BoardSize;

    #[test]
    fn thresholds_cover_the_ends() {
        assert_eq!(threshold(0.0), 0);
        assert_eq!(threshold(f64::NAN), 0);
        assert_eq!(threshold(-3.0), 0);
        assert_eq!(threshold(1.0), 1 << 16);
        assert_eq!(threshold(7.0), 1 << 16);
        assert!(Rolls(u64::MAX).below(3, threshold(1.0)));
        assert!(!Rolls(0).below(0, threshold(0.0)));
    }

    #[test]
    fn shared_cells_are_those_around_both_points() {
        let size = BoardSize::new(19).unwrap();
        let near = |p: Point, q: Point| p.x().abs_diff(q.x()) <= 1 && p.y().abs_diff(q.y()) <= 1;
        for a in size.points() {
            for b in size.points() {
                let shared = shared_cells(a, b);
                for (k, o) in NEIGHBORHOOD_OFFSETS.into_iter().enumerate() {
                    let c = (b.index() as isize + o) as usize;
                    let (cx, cy) = (c % STRIDE, c / STRIDE);
                    // Cells off the board never matter (patterns need empty cells).
                    if cx == 0 || cy == 0 || cx > 19 || cy > 19 {
                        continue;
                    }
                    let c = Point::from_index(c);
                    assert_eq!(shared & (1 << (2 * k)) != 0, near(a, c), "{a} {b} cell {k}");
                }
            }
        }
    }
}
