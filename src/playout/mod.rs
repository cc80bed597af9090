//! Playouts: a game played to the end by a fast policy, then counted.
//!
//! A playout runs on a scratch [`Board`] (copy the position in with `clone_from`, which
//! reuses the buffer) and never allocates. It ends after two passes in a row, at a length
//! cap, or by the mercy rule, and its result is the area count of the final board.
//!
//! Two policies: [`UniformPolicy`] (light: uniformly random moves) and [`HeuristicPolicy`]
//! (heavy: captures, rescues, nakade, ataris and 3x3 patterns around the last move). The Go
//! knowledge behind the heavy one, [`tactics`] and [`pattern`], also serves the tree's
//! priors.

mod heuristic;
pub mod ladder;
pub mod pattern;
pub mod spatial;
pub mod tactics;
mod uniform;

pub use heuristic::{HeuristicConfig, HeuristicPolicy};
pub use uniform::UniformPolicy;

use crate::board::{Board, Extras};
use crate::color::Color;
use crate::point::{Move, Point};
use crate::score::{AreaCount, Ownership, count_area};
use rand::RngCore;

/// The last two moves before a choice: the opponent's last stone and the mover's own
/// previous one (`None` for passes and before the first move). Heavy policies answer them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recent {
    /// The opponent's last move, if it was a stone.
    pub last: Option<Point>,
    /// The move before that (the mover's own), if it was a stone.
    pub before_last: Option<Point>,
}

impl Recent {
    /// The recent moves at the end of a game's `moves`.
    pub fn at_end_of(moves: &[(Color, Move)]) -> Recent {
        let at = |back: usize| {
            moves
                .len()
                .checked_sub(back)
                .and_then(|i| moves[i].1.point())
        };
        Recent {
            last: at(1),
            before_last: at(2),
        }
    }

    /// The recent moves once `mv` has been played.
    #[inline]
    pub fn after(self, mv: Move) -> Recent {
        Recent {
            last: mv.point(),
            before_last: self.last,
        }
    }
}

/// Chooses playout moves. Implementations must return only moves legal on `board` for
/// `color` under simple ko with suicide forbidden (or a pass).
pub trait PlayoutPolicy {
    /// Whether `choose` reads the board's 3x3 neighbourhood keys (pattern matching does).
    /// When it does not, [`run_playout`] lets the board stop keeping them.
    const READS_NEIGHBORHOOD_KEYS: bool = true;

    /// The move `color` plays next on `board`, given the last moves.
    fn choose<R: RngCore>(
        &mut self,
        board: &Board,
        color: Color,
        recent: Recent,
        rng: &mut R,
    ) -> Move;
}

/// Limits of one playout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlayoutLimits {
    /// The playout stops after this many moves, passes included.
    pub max_moves: u32,
    /// The mercy rule: the playout stops as soon as one colour has at least this many more
    /// stones on the board than the other (`None`: never). A lead that large, built by
    /// captures, decides the game, so playing on only costs time; the final count still
    /// scores the board as it stands, and favours the leader.
    pub mercy: Option<u32>,
}

impl PlayoutLimits {
    /// Limits for playouts on `board`'s size: three times the board area in moves, long
    /// enough for any natural playout to end by passes, and a mercy rule at a stone lead of
    /// a third of the area (Fuego uses 30%). Below 7x7 the mercy rule is off: a lead of a
    /// third of a tiny board is one capture, not a decided game.
    pub fn for_board(board: &Board) -> PlayoutLimits {
        let size = board.size();
        let area = size.area() as u32;
        PlayoutLimits {
            max_moves: 3 * area,
            mercy: (size.get() >= 7).then_some(area / 3),
        }
    }
}

/// How a playout ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlayoutOutcome {
    /// The area count of the final position (no komi).
    pub count: AreaCount,
    /// Moves played, passes included.
    pub moves: u32,
    /// Whether the mercy rule ended the playout.
    pub mercy: bool,
}

/// A uniform random integer below `n` (n > 0), by multiply-shift: no division, and a bias
/// of at most n / 2^32, far below anything a playout can notice.
#[inline]
pub fn random_below<R: RngCore>(rng: &mut R, n: usize) -> usize {
    ((u64::from(rng.next_u32()) * n as u64) >> 32) as usize
}

/// A uniformly random empty point that `accept` takes, or a pass when it takes none.
///
/// Up to [`RANDOM_TRIES`] points are drawn at random, each taken if `accept` takes it; then
/// the points are scanned from a random start, wrapping around. Drawing first keeps the
/// choice close to uniform: a scan alone favours the point after a run of unacceptable
/// ones, and late in a playout, when most empty points are eyes, that bias would decide
/// which of the few real moves gets played. `accept` gets the generator too, for
/// probabilistic filters.
#[inline]
pub(crate) fn random_scan<R: RngCore>(
    board: &Board,
    rng: &mut R,
    mut accept: impl FnMut(Point, &mut R) -> bool,
) -> Move {
    let empties = board.empty_points();
    let n = empties.len();
    if n == 0 {
        return Move::Pass;
    }
    for _ in 0..RANDOM_TRIES {
        let p = empties[random_below(rng, n)];
        if accept(p, rng) {
            return Move::Play(p);
        }
    }
    let start = random_below(rng, n);
    let mut i = start;
    loop {
        let p = empties[i];
        if accept(p, rng) {
            return Move::Play(p);
        }
        i += 1;
        if i == n {
            i = 0;
        }
        if i == start {
            return Move::Pass;
        }
    }
}

/// Random draws before [`random_scan`] scans.
const RANDOM_TRIES: usize = 4;

/// Plays `board` out from `to_move` (after the moves in `recent`) with `policy` until two
/// passes in a row, the length cap or the mercy rule ([`PlayoutLimits`]), calling `on_move`
/// after every move, and fills `ownership` with the final owners.
///
/// The board stops keeping what no playout reads: its hash, and its neighbourhood keys
/// unless the policy reads them ([`Board::keep_only`]). Playouts run on a scratch copy,
/// which `clone_from` a full board restores.
#[allow(clippy::too_many_arguments)]
pub fn run_playout<P: PlayoutPolicy, R: RngCore>(
    board: &mut Board,
    to_move: Color,
    mut recent: Recent,
    policy: &mut P,
    rng: &mut R,
    limits: PlayoutLimits,
    ownership: &mut Ownership,
    mut on_move: impl FnMut(Color, Move),
) -> PlayoutOutcome {
    let mut color = to_move;
    let mut passes = 0;
    let mut moves = 0;
    let mut mercy = false;
    // u32::MAX never triggers: the lead is at most the board area.
    let mercy_lead = limits.mercy.unwrap_or(u32::MAX) as usize;
    board.keep_only(Extras {
        hash: false,
        neighborhood_keys: P::READS_NEIGHBORHOOD_KEYS,
    });
    while passes < 2 && moves < limits.max_moves {
        let mv = policy.choose(board, color, recent, rng);
        match mv {
            Move::Play(p) => _ = board.play_stone(color, p),
            Move::Pass => board.pass(),
        }
        recent = recent.after(mv);
        passes = if mv == Move::Pass { passes + 1 } else { 0 };
        on_move(color, mv);
        moves += 1;
        color = !color;
        let (black, white) = (
            board.stone_count(Color::Black),
            board.stone_count(Color::White),
        );
        if black.abs_diff(white) >= mercy_lead {
            mercy = true;
            break;
        }
    }
    PlayoutOutcome {
        count: count_area(board, &[], ownership),
        moves,
        mercy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::point::BoardSize;
    use rand::SeedableRng;
    use rand::rngs::SmallRng;

    /// Late in a playout most empty points are eyes; a plain scan from a random start then
    /// picks the acceptable point right after a run of unacceptable ones far more often
    /// than one right after another acceptable point (here 24 times as often). The random
    /// draws before the scan bring the rarer one up from 1 in 25 to about 1 in 6.
    #[test]
    fn random_scan_does_not_favour_the_point_after_a_run() {
        let board = Board::new(BoardSize::new(5).unwrap());
        let empties = board.empty_points();
        let (after_run, after_other) = (empties[10], empties[11]);
        let mut rng = SmallRng::seed_from_u64(7);
        let draws = 20_000;
        let mut rare = 0;
        for _ in 0..draws {
            let mv = random_scan(&board, &mut rng, |p, _| p == after_run || p == after_other);
            assert!(mv == Move::Play(after_run) || mv == Move::Play(after_other));
            rare += u32::from(mv == Move::Play(after_other));
        }
        let share = f64::from(rare) / f64::from(draws);
        assert!(share > 0.12, "the point after the other one got {share:.3}");
    }
}
