//! The light policy: a uniformly random legal move that does not fill the mover's own eye.

use super::{PlayoutPolicy, Recent, random_below};
use crate::board::Board;
use crate::color::Color;
use crate::point::Move;
use rand::RngCore;

/// Uniformly random legal moves that never fill the mover's own eye; a pass when none is
/// left.
#[derive(Clone, Copy, Debug, Default)]
pub struct UniformPolicy;

impl PlayoutPolicy for UniformPolicy {
    #[inline]
    fn choose<R: RngCore>(
        &mut self,
        board: &Board,
        color: Color,
        _recent: Recent,
        rng: &mut R,
    ) -> Move {
        let empties = board.empty_points();
        let n = empties.len();
        if n == 0 {
            return Move::Pass;
        }
        // Scan from a random start, wrapping around: every acceptable point is as likely to
        // be the first one met as any, up to the gaps left by unacceptable points.
        let start = random_below(rng, n);
        let mut i = start;
        loop {
            let p = empties[i];
            if board.is_playable(color, p) {
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
}
