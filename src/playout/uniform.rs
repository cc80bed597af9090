//! The light policy: a uniformly random legal move that does not fill the mover's own eye.

use super::{PlayoutPolicy, Recent, random_scan};
use crate::board::Board;
use crate::color::Color;
use crate::point::Move;
use rand::RngCore;

/// Uniformly random legal moves that never fill the mover's own eye; a pass when none is
/// left.
#[derive(Clone, Copy, Debug, Default)]
pub struct UniformPolicy;

impl PlayoutPolicy for UniformPolicy {
    const READS_NEIGHBORHOOD_KEYS: bool = false;

    #[inline]
    fn choose<R: RngCore>(
        &mut self,
        board: &Board,
        color: Color,
        _recent: Recent,
        rng: &mut R,
    ) -> Move {
        random_scan(board, rng, |p, _| board.is_playable(color, p))
    }
}
