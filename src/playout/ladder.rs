//! Ladder reading for the tree's priors: does running out of an atari work, and does an
//! atari start a ladder that captures?
//!
//! A ladder (shicho) is read by playing it out on scratch boards: the defender extends on
//! its last liberty; with three or more liberties it has escaped, with one it is lost; with
//! two, the attacker tries an atari on each liberty (one that leaves the atari stone itself
//! in atari does not count: the defender would take it). A defender that can capture an
//! attacking chain in atari is counted as escaped, which is what happens when a ladder
//! breaker is in place. Reading stops at a node budget and then calls the ladder escaped,
//! so an unreadable position never looks like a capture.
//!
//! This plays moves on board copies, too slow for playouts (reading before every escape
//! in heavy playouts cost a fifth of their speed and won nothing in self-play); the search
//! reads the ladders of escapes and ataris when it creates a node's children, as Pachi
//! filters its pattern and prior moves with a ladder reader (`docs/knowledge.md`).

use crate::board::Board;
use crate::color::Color;
use crate::point::{Move, Point};

/// Positions a single reading may visit; beyond that the defender is given the escape.
const NODE_BUDGET: u32 = 400;

/// Scratch boards for ladder reading, one per ply, allocated once: reading never
/// allocates. A ladder longer than the boards is given up as an escape.
pub struct LadderReader {
    boards: Vec<Board>,
    nodes: u32,
}

impl Default for LadderReader {
    fn default() -> LadderReader {
        LadderReader::new(LadderReader::PLIES)
    }
}

impl LadderReader {
    /// Plies read by default: a ladder across a 19x19 board, corner to corner.
    pub const PLIES: usize = 80;

    /// A reader for ladders of up to `plies` moves (at least one).
    pub fn new(plies: usize) -> LadderReader {
        let size = crate::point::BoardSize::NINE;
        LadderReader {
            boards: (0..plies.max(1)).map(|_| Board::new(size)).collect(),
            nodes: 0,
        }
    }

    /// Whether `color` playing `p` to extend a chain in atari only runs into a ladder that
    /// captures it: the chain has two liberties after `p` and the opponent captures it by
    /// ataris. False when the chain gets three or more liberties, when `p` leaves it in
    /// atari (a plain self-atari, which other knowledge judges), and when in doubt.
    ///
    /// `p` must be a legal move for `color`.
    pub fn escape_fails(&mut self, board: &Board, color: Color, p: Point) -> bool {
        self.nodes = 0;
        let b = &mut self.boards[0];
        b.clone_from(board);
        play(b, color, p);
        if b.color_at(p) != Some(color) || b.liberties_up_to(p, 3) != 2 {
            return false;
        }
        self.attacker_wins(1, p, !color)
    }

    /// Whether `color` playing `p` puts an enemy chain next to `p` in atari that then
    /// cannot escape: extending runs into a ladder and no attacking chain can be taken.
    ///
    /// `p` must be a legal move for `color`.
    pub fn atari_captures(&mut self, board: &Board, color: Color, p: Point) -> bool {
        let b = &mut self.boards[0];
        b.clone_from(board);
        play(b, color, p);
        if b.color_at(p) != Some(color) || b.in_atari(p) {
            return false;
        }
        let mut targets = [p; 4];
        let mut n = 0;
        for q in b.neighbors(p) {
            if b.color_at(q) == Some(!color) && b.in_atari(q) {
                targets[n] = q;
                n += 1;
            }
        }
        targets[..n].iter().any(|&q| {
            self.nodes = 0;
            self.defender_loses(1, q, !color)
        })
    }

    /// Board `depth` set to a copy of board `depth - 1`, unless the ladder is too long.
    fn child(&mut self, depth: usize) -> Option<&mut Board> {
        if depth >= self.boards.len() {
            return None;
        }
        let (parent, rest) = self.boards.split_at_mut(depth);
        rest[0].clone_from(&parent[depth - 1]);
        Some(&mut rest[0])
    }

    /// The position is board `depth - 1`; the chain through `target` of colour `defender`
    /// is in atari and `defender` is to move. Whether the chain is lost.
    fn defender_loses(&mut self, depth: usize, target: Point, defender: Color) -> bool {
        self.nodes += 1;
        if self.nodes > NODE_BUDGET {
            return false;
        }
        let b = &self.boards[depth - 1];
        let Some(lib) = b.last_liberty(target) else {
            return false;
        };
        // A counter-capture next to the chain frees it (a ladder breaker at work).
        let attacker = !defender;
        let can_capture = b.chain_stones(target).any(|s| {
            b.neighbors(s)
                .any(|q| b.color_at(q) == Some(attacker) && b.in_atari(q))
        });
        if can_capture {
            return false;
        }
        if !b.is_legal_no_suicide(defender, lib) {
            return true;
        }
        let Some(next) = self.child(depth) else {
            return false;
        };
        play(next, defender, lib);
        match next.liberties_up_to(target, 3) {
            0 | 1 => true,
            2 => self.attacker_wins(depth + 1, target, attacker),
            _ => false,
        }
    }

    /// The position is board `depth - 1`; the chain through `target` has two liberties and
    /// `attacker` is to move. Whether some atari on it captures it in a ladder.
    fn attacker_wins(&mut self, depth: usize, target: Point, attacker: Color) -> bool {
        self.nodes += 1;
        if self.nodes > NODE_BUDGET {
            return false;
        }
        let Some(libs) = self.boards[depth - 1].two_liberties(target) else {
            return false;
        };
        for a in libs {
            if !self.boards[depth - 1].is_legal_no_suicide(attacker, a) {
                continue;
            }
            let Some(next) = self.child(depth) else {
                return false;
            };
            play(next, attacker, a);
            // The atari stone must not be capturable at once, and the chain must be in atari.
            if next.in_atari(a) || !next.in_atari(target) {
                continue;
            }
            if self.defender_loses(depth + 1, target, !attacker) {
                return true;
            }
        }
        false
    }
}

/// Plays a reading move. Kept out of line: the playout loop's own `play_unchecked` should
/// stay inlined, and a reading move is not worth the code size.
#[inline(never)]
fn play(board: &mut Board, color: Color, p: Point) {
    board.play_unchecked(color, Move::Play(p));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::{board, pt};

    /// White's D5 stone, in the ladder shape: Black's C5, D6 and E4 around it.
    pub(super) const SHAPE: &str = ". . . . . . . . .
                         . . . . . . . . .
                         . . . . . . . . .
                         . . . X . . . . .
                         . . X O . . . . .
                         . . . . X . . . .
                         . . . . . . . . .
                         . . . . . . . . .
                         . . . . . . . . .";

    /// `SHAPE` with extra stones.
    fn shape_with(stones: &[(&str, Color)]) -> Board {
        let mut b = board(SHAPE);
        for &(name, color) in stones {
            let p = pt(name, &b);
            play(&mut b, color, p);
        }
        b
    }

    #[test]
    fn running_out_of_a_working_ladder_fails() {
        // Black's E5 leaves D4; running there gives two liberties and Black chases the
        // chain to the lower left edge.
        let b = shape_with(&[("E5", Color::Black)]);
        let mut r = LadderReader::default();
        assert!(r.escape_fails(&b, Color::White, pt("D4", &b)));
    }

    #[test]
    fn a_ladder_breaker_lets_the_escape_work() {
        for breaker in ["B2", "B3"] {
            let b = shape_with(&[("E5", Color::Black), (breaker, Color::White)]);
            let mut r = LadderReader::default();
            assert!(!r.escape_fails(&b, Color::White, pt("D4", &b)), "{breaker}");
        }
    }

    #[test]
    fn an_escape_to_open_space_works() {
        // White's D5 is in atari at E5, where it gets three liberties.
        let b = board(
            ". . . . . . . . .
             . . . . . . . . .
             . . . . . . . . .
             . . . X . . . . .
             . . X O . . . . .
             . . . X . . . . .
             . . . . . . . . .
             . . . . . . . . .
             . . . . . . . . .",
        );
        let mut r = LadderReader::default();
        assert!(!r.escape_fails(&b, Color::White, pt("E5", &b)));
        // With Black on E4 the same run has two liberties and the ladder works.
        let mut b = b;
        b.play_unchecked(Color::Black, Move::Play(pt("E4", &b)));
        assert!(r.escape_fails(&b, Color::White, pt("E5", &b)));
    }

    #[test]
    fn an_atari_that_starts_a_ladder_captures() {
        let b = board(SHAPE);
        let mut r = LadderReader::default();
        assert!(r.atari_captures(&b, Color::Black, pt("E5", &b)));
        // With a white stone on the lower left the same atari fails.
        let b = shape_with(&[("B3", Color::White)]);
        assert!(!r.atari_captures(&b, Color::Black, pt("E5", &b)));
        // An atari that leaves the atari stone in atari itself does not count.
        let b = shape_with(&[
            ("F5", Color::White),
            ("E6", Color::White),
            ("F4", Color::White),
            ("E3", Color::White),
        ]);
        assert!(!r.atari_captures(&b, Color::Black, pt("E5", &b)));
    }

    #[test]
    fn a_counter_capture_frees_the_chain() {
        // Black's C5 is in atari (White on B5 and C6): White takes it instead of running.
        let b = shape_with(&[("B5", Color::White), ("C6", Color::White)]);
        let mut r = LadderReader::default();
        assert!(b.in_atari(pt("C5", &b)));
        assert!(!r.atari_captures(&b, Color::Black, pt("E5", &b)));
    }
}
