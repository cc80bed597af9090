//! Read-only tactical queries for the playout policy and the priors: the 3x3 neighbourhood
//! of a point as one number, and liberty questions answered from the pseudo-liberty
//! statistics without scanning chains.
//!
//! The key trick: a chain's pseudo-liberties at an empty point `p` are exactly one per stone
//! of the chain next to `p`, and those stones are among `p`'s four neighbours. Taking them
//! out of the count, sum and sum of squares leaves the statistics of the chain's *other*
//! liberties, and the atari test (Cauchy-Schwarz with equality) then says in constant time
//! whether the chain has none, one or more liberties besides `p`.

use super::{Board, Cell, ix, nbr, neighbors};
use crate::color::Color;
use crate::point::{Point, STRIDE};

/// How many distinct liberties a chain has besides one given empty point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OtherLiberties {
    /// The given point is the chain's only liberty (or the chain has none).
    None,
    /// Exactly one other liberty, this point.
    One(Point),
    /// Two or more others.
    Many,
}

/// Grid offsets of the eight cells around a point, in the order of the bits of
/// [`Board::neighborhood_key`]: the row above (north-west, north, north-east), the two sides
/// (west, east), then the row below (south-west, south, south-east). North is `+STRIDE`.
pub(crate) const NEIGHBORHOOD_OFFSETS: [isize; 8] = [
    STRIDE as isize - 1,
    STRIDE as isize,
    STRIDE as isize + 1,
    -1,
    1,
    -(STRIDE as isize) - 1,
    -(STRIDE as isize),
    -(STRIDE as isize) + 1,
];

impl Board {
    /// The eight cells around `p` packed two bits each, cell `i` of
    /// [`NEIGHBORHOOD_OFFSETS`] in bits `2i..2i+2`: 0 empty, 1 black, 2 white, 3 off the
    /// board. One load: the board keeps every point's key up to date.
    #[inline]
    pub(crate) fn neighborhood_key(&self, p: Point) -> u16 {
        self.key(p.index())
    }

    /// [`Board::neighborhood_key`] computed from the cells, for building and checking the
    /// kept keys.
    pub(super) fn scan_neighborhood_key(&self, p: Point) -> u16 {
        let i = p.index() as isize;
        let mut key = 0u16;
        for (k, o) in NEIGHBORHOOD_OFFSETS.into_iter().enumerate() {
            key |= (self.cells[ix((i + o) as usize)] as u16) << (2 * k);
        }
        key
    }

    /// The neighbourhood keys ([`Board::neighborhood_key`]) of `p` and of the eight cells
    /// around it, in the order of [`NEIGHBORHOOD_OFFSETS`]. The keys of cells off the board
    /// are meaningless.
    #[inline]
    pub(crate) fn neighborhood_keys(&self, p: Point) -> (u16, [u16; 8]) {
        let i = p.index() as isize;
        (
            self.key(p.index()),
            NEIGHBORHOOD_OFFSETS.map(|o| self.key((i + o) as usize)),
        )
    }

    /// The orthogonal neighbours of `p` that hold a stone of `color` whose chain is in atari,
    /// as the low bit of each cell's two in a neighbourhood key. Branch-free: every
    /// neighbour's chain statistics are read (stale ones for empty cells) and the result is
    /// masked with the stones, so the usual answer, none, costs no mispredicted branch.
    #[inline]
    pub(crate) fn atari_neighbors(&self, p: Point, color: Color) -> u16 {
        let i = p.index() as isize;
        let mut cells = 0u16;
        for k in [1, 3, 4, 6] {
            let q = ix((i + NEIGHBORHOOD_OFFSETS[k]) as usize);
            let stone = self.cells[q] == Cell::stone(color);
            let c = &self.chains[ix(self.head[q] as usize)];
            let (libs, sum, sumsq) = (
                u64::from(c.libs),
                u64::from(c.lib_sum),
                u64::from(c.lib_sumsq),
            );
            let atari = (libs > 0) & (libs * sumsq == sum * sum);
            cells |= u16::from(stone & atari) << (2 * k);
        }
        cells
    }

    /// The orthogonal neighbours of `p` that are empty points with one or two empty
    /// neighbours and no stone of `color` next to them, as the low bit of each cell's two in
    /// a neighbourhood key: the possible points of a small eye space of `color`'s opponent.
    /// Branch-free, like [`Board::atari_neighbors`].
    #[inline]
    pub(crate) fn narrow_empty_cells(&self, p: Point, color: Color) -> u16 {
        let i = p.index() as isize;
        let mut cells = 0u16;
        for k in [1, 3, 4, 6] {
            let q = ix((i + NEIGHBORHOOD_OFFSETS[k]) as usize);
            let counts = self.nbrs[q];
            let empties = nbr::empty(counts);
            // Wrapping: the counts of a cell off the board are all zero.
            let edges = (nbr::own_or_edge(counts, Color::Black)
                + nbr::own_or_edge(counts, Color::White)
                + empties)
                .wrapping_sub(4);
            let stones = nbr::own_or_edge(counts, color).wrapping_sub(edges);
            let narrow =
                (self.cells[q] == Cell::Empty) & (empties.wrapping_sub(1) < 2) & (stones == 0);
            cells |= u16::from(narrow) << (2 * k);
        }
        cells
    }

    /// The number of empty points next to `p`. Constant time.
    #[inline]
    pub(crate) fn empty_neighbor_count(&self, p: Point) -> usize {
        (self.nbrs[ix(p.index())] >> 8) as usize
    }

    /// The number of stones of `color` next to `p`. Constant time: the packed counts hold
    /// stones-or-edges per colour and empty points, and the edges are what the three
    /// counts have beyond four.
    #[inline]
    pub(crate) fn neighbor_stones(&self, p: Point, color: Color) -> usize {
        let counts = self.nbrs[ix(p.index())];
        let black = nbr::own_or_edge(counts, Color::Black);
        let white = nbr::own_or_edge(counts, Color::White);
        let edges = black + white + nbr::empty(counts) - 4;
        usize::from(nbr::own_or_edge(counts, color) - edges)
    }

    /// The empty neighbours of `p` when it has one or two: the one with the lower index
    /// first. `None` when it has none or more than two. Branch-free over the neighbours.
    #[inline]
    pub(crate) fn few_empty_neighbors(&self, p: Point) -> Option<(Point, Option<Point>)> {
        let (mut n, mut sum, mut low) = (0, 0, usize::MAX);
        for q in neighbors(p.index()) {
            let empty = self.cells[ix(q)] == Cell::Empty;
            n += usize::from(empty);
            sum += usize::from(empty) * q;
            low = if empty { low.min(q) } else { low };
        }
        match n {
            1 => Some((Point::from_index(low), None)),
            2 => Some((Point::from_index(low), Some(Point::from_index(sum - low)))),
            _ => None,
        }
    }

    /// The pseudo-liberties of the chain through the stone on `stone`: one per (stone,
    /// adjacent empty point) pair, so an upper bound on its liberties and at most four times
    /// their number. Constant time.
    #[inline]
    pub(crate) fn pseudo_liberties(&self, stone: Point) -> usize {
        self.chain(stone.index()).libs as usize
    }

    /// The liberties of the chain through the stone on `stone` other than the empty point
    /// `p` (which need not be a liberty of it). Constant time.
    #[inline]
    pub(crate) fn liberties_other_than(&self, stone: Point, p: Point) -> OtherLiberties {
        debug_assert!(self.is_empty(p));
        let head = self.head[ix(stone.index())];
        let pi = p.index();
        // Each stone of the chain next to p contributes exactly one pseudo-liberty at p.
        let k: u64 = neighbors(pi)
            .into_iter()
            .map(|q| {
                let stone = matches!(self.cells[ix(q)], Cell::Black | Cell::White);
                u64::from(stone & (self.head[ix(q)] == head))
            })
            .sum();
        let c = &self.chains[ix(head as usize)];
        let pi = pi as u64;
        let libs = u64::from(c.libs) - k;
        let sum = u64::from(c.lib_sum) - k * pi;
        let sumsq = u64::from(c.lib_sumsq) - k * pi * pi;
        if libs == 0 {
            OtherLiberties::None
        } else if libs * sumsq == sum * sum {
            OtherLiberties::One(Point::from_index((sum / libs) as usize))
        } else {
            OtherLiberties::Many
        }
    }

    /// The two liberties of the chain through the stone on `stone` if it has exactly two.
    /// Walks the chain only until it meets a first liberty, usually at once.
    #[inline]
    pub(crate) fn two_liberties(&self, stone: Point) -> Option<[Point; 2]> {
        // Two liberties give at most eight pseudo-liberties (four stones around each).
        let pseudo = self.pseudo_liberties(stone);
        if !(2..=8).contains(&pseudo) || self.in_atari(stone) {
            return None;
        }
        let first = self.chain_stones(stone).find_map(|s| {
            neighbors(s.index())
                .into_iter()
                .find(|&q| self.cells[ix(q)] == Cell::Empty)
        })?;
        let first = Point::from_index(first);
        match self.liberties_other_than(stone, first) {
            OtherLiberties::One(second) => Some([first, second]),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::{board, pt};

    #[test]
    fn other_liberties_of_chains() {
        let b = board(
            "
            . . . . .
            . X X . .
            O X . . .
            . O . . .
            . . . . .
            ",
        );
        // The black chain B4 C4 B3 has liberties A4 B5 C5 D4 C3 (B2 and A3 are white).
        assert_eq!(
            b.liberties_other_than(pt("B3", &b), pt("C3", &b)),
            OtherLiberties::Many
        );
        // The white stone A3 has liberties A2 (shared with nothing) and A4.
        assert_eq!(
            b.liberties_other_than(pt("A3", &b), pt("A4", &b)),
            OtherLiberties::One(pt("A2", &b))
        );
        assert_eq!(
            b.two_liberties(pt("A3", &b)).map(|mut l| {
                l.sort();
                l
            }),
            Some({
                let mut l = [pt("A2", &b), pt("A4", &b)];
                l.sort();
                l
            })
        );
        assert_eq!(b.two_liberties(pt("B3", &b)), None);
        // B2 has A2, C2, B1: three.
        assert_eq!(b.two_liberties(pt("B2", &b)), None);
    }

    #[test]
    fn neighbour_stone_counts() {
        let b = board(
            "
            X O .
            X . O
            . X .
            ",
        );
        assert_eq!(b.neighbor_stones(pt("B2", &b), Color::Black), 2);
        assert_eq!(b.neighbor_stones(pt("B2", &b), Color::White), 2);
        assert_eq!(b.neighbor_stones(pt("A1", &b), Color::Black), 2);
        assert_eq!(b.neighbor_stones(pt("A1", &b), Color::White), 0);
        assert_eq!(b.neighbor_stones(pt("C3", &b), Color::White), 2);
        assert_eq!(b.empty_neighbor_count(pt("C1", &b)), 0);
    }

    #[test]
    fn kept_keys_equal_keys_read_from_the_cells() {
        let mut b = board(
            "
            X O . . X
            . X O . .
            O . . X O
            . . X . .
            X O . . O
            ",
        );
        // A capture takes stones away as well: White at D2 takes C2.
        b.play_unchecked(Color::White, crate::point::Move::Play(pt("D2", &b)));
        b.play_unchecked(Color::White, crate::point::Move::Play(pt("B2", &b)));
        b.play_unchecked(Color::White, crate::point::Move::Play(pt("C3", &b)));
        b.play_unchecked(Color::White, crate::point::Move::Play(pt("C1", &b)));
        assert!(b.is_empty(pt("C2", &b)), "the capture happened");
        for p in b.size().points() {
            let (center, keys) = b.neighborhood_keys(p);
            assert_eq!(center, b.scan_neighborhood_key(p));
            for (k, o) in NEIGHBORHOOD_OFFSETS.into_iter().enumerate() {
                let q = (p.index() as isize + o) as usize;
                if b.cells[q] != Cell::Edge {
                    let q = Point::from_index(q);
                    assert_eq!(
                        keys[k],
                        b.scan_neighborhood_key(q),
                        "around {p}, cell {k} ({q})"
                    );
                }
            }
        }
    }

    #[test]
    fn atari_neighbors_of_a_point() {
        let b = board(
            "
            . . . . .
            O X O . .
            . O . . .
            . . . . .
            . . . . .
            ",
        );
        // Black B4 is in atari at B5; the white stones are not.
        let black = Color::Black;
        assert_eq!(
            b.atari_neighbors(pt("B5", &b), black),
            1 << 12,
            "B4 is south of B5"
        );
        assert_eq!(b.atari_neighbors(pt("B5", &b), Color::White), 0);
        assert_eq!(
            b.atari_neighbors(pt("C4", &b), black),
            1 << 6,
            "B4 is west of C4"
        );
        assert_eq!(
            b.atari_neighbors(pt("C3", &b), black),
            0,
            "B4 is diagonal to C3"
        );
        assert_eq!(b.atari_neighbors(pt("B2", &b), black), 0);
    }

    #[test]
    fn narrow_cells_of_a_small_eye_space() {
        let b = board(
            "
            . . . . .
            . . . . .
            O O O O .
            O . . . O
            O O O O O
            ",
        );
        // C2 is the middle of the white eye space B2 C2 D2, south of C3.
        assert_eq!(b.narrow_empty_cells(pt("C3", &b), Color::Black), 1 << 12);
        assert_eq!(b.narrow_empty_cells(pt("C3", &b), Color::White), 0);
        assert_eq!(b.narrow_empty_cells(pt("C4", &b), Color::Black), 0);
    }

    #[test]
    fn the_key_reads_the_eight_cells() {
        let b = board(
            "
            X O .
            . . .
            . . .
            ",
        );
        // Around B2: NW = A3 black, N = B3 white, NE = C3 empty, the rest empty.
        assert_eq!(b.neighborhood_key(pt("B2", &b)), 1 | (2 << 2));
        // Around A1: the row below and the west side are off the board.
        let k = b.neighborhood_key(pt("A1", &b));
        for i in [0, 3, 5, 6, 7] {
            assert_eq!((k >> (2 * i)) & 3, 3, "cell {i} is an edge");
        }
    }
}
