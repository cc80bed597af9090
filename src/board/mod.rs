//! The fast board: stones, chains, liberties, captures, the simple-ko point, and the hash
//! and 3x3 neighbourhood keys for the uses that read them ([`Extras`]).
//!
//! `Board` knows nothing of turns, history, komi or superko (that is [`crate::game::Game`]); it
//! is built for playouts: a fixed-size value with no heap allocation, cheap to copy, with
//! constant-time answers to "is this chain in atari, and where is its last liberty".
//!
//! Chains keep *pseudo-liberties*: one count per (stone, adjacent empty point) pair, with the
//! sum and the sum of squares of those points' indices. A chain is captured when the count
//! is zero, and is in atari exactly when every pseudo-liberty is the same point, which holds
//! when `count * sum_of_squares == sum * sum` (Cauchy-Schwarz with equality); that point is
//! then `sum / count`. Placing and removing stones updates the three numbers in constant time
//! per neighbour, so nothing ever rescans the board. Stones of a chain form a circular
//! linked list, and each stone records its chain's head; merging relabels the smaller chain.
//!
//! Here: the types, the arrays and the read-only queries. `play` places stones and
//! captures, `count` counts area, `query` reads neighbourhoods and liberties for the
//! Go knowledge, and `consistency` re-derives everything from the stones for the tests.

mod consistency;
mod count;
mod diagram;
mod play;
pub(crate) mod query;
pub mod zobrist;

/// Helpers for unit tests that read positions from diagrams.
#[cfg(test)]
pub(crate) mod testing {
    use super::Board;
    use crate::point::Point;

    /// The board of a diagram.
    pub(crate) fn board(d: &str) -> Board {
        Board::from_diagram(d).unwrap()
    }

    /// The point named `name` (such as `D4`) on `b`.
    pub(crate) fn pt(name: &str, b: &Board) -> Point {
        Point::parse(name, b.size()).unwrap()
    }
}

pub use diagram::DiagramError;

use crate::color::Color;
use crate::point::{BoardSize, Move, NUM_CELLS, Point, STRIDE};
use std::fmt;

/// Why a move may not be played. The board itself reports only `Occupied`, `Suicide` and
/// `Ko`; the game adds `Superko` and `GameOver`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IllegalMove {
    /// The point already holds a stone.
    Occupied,
    /// The stone would have no liberties and capture nothing, and the rules forbid suicide.
    Suicide,
    /// The move retakes a ko at once.
    Ko,
    /// The move repeats an earlier whole-board position (the rules' superko variant).
    Superko,
    /// The game has ended.
    GameOver,
}

impl fmt::Display for IllegalMove {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IllegalMove::Occupied => "illegal move: the point is occupied",
            IllegalMove::Suicide => "illegal move: suicide",
            IllegalMove::Ko => "illegal move: ko",
            IllegalMove::Superko => "illegal move: superko (repeats an earlier position)",
            IllegalMove::GameOver => "illegal move: the game is over",
        })
    }
}

impl std::error::Error for IllegalMove {}

/// What a grid cell holds. `Edge` marks the sentinel frame around the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Cell {
    Empty = 0,
    Black = 1,
    White = 2,
    Edge = 3,
}

impl Cell {
    #[inline]
    const fn stone(c: Color) -> Cell {
        match c {
            Color::Black => Cell::Black,
            Color::White => Cell::White,
        }
    }

    #[inline]
    const fn color(self) -> Option<Color> {
        match self {
            Cell::Black => Some(Color::Black),
            Cell::White => Some(Color::White),
            _ => None,
        }
    }
}

/// Statistics of one chain, stored at the chain's head stone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ChainInfo {
    /// Pseudo-liberties: adjacent (stone, empty point) pairs.
    libs: u16,
    /// Stones in the chain.
    stones: u16,
    /// Sum of the pseudo-liberties' grid indices.
    lib_sum: u32,
    /// Sum of their squares. Bounded by 4 * 625 * 728^2 < 2^32.
    lib_sumsq: u32,
}

/// The pseudo-liberty count of a scratch entry (that of an empty or edge cell) when the
/// cell becomes one. Each stone placed next to the cell takes one from it and each removed
/// gives one back, so it stays within four of this and never reaches zero, the count that
/// marks a chain to capture.
const SCRATCH_LIBS: u16 = 0x4000;

impl ChainInfo {
    /// A fresh scratch entry.
    const SCRATCH: ChainInfo = ChainInfo {
        libs: SCRATCH_LIBS,
        stones: 0,
        lib_sum: 0,
        lib_sumsq: 0,
    };

    #[inline]
    fn add_lib(&mut self, lib: usize) {
        self.libs += 1;
        self.lib_sum += lib as u32;
        self.lib_sumsq += (lib * lib) as u32;
    }

    #[inline]
    fn in_atari(&self) -> bool {
        self.libs > 0 && self.all_libs_equal()
    }

    /// Whether all pseudo-liberties are the same point (Cauchy-Schwarz with equality); with
    /// a nonzero count, whether the chain is in atari.
    #[inline]
    fn all_libs_equal(&self) -> bool {
        self.libs as u64 * self.lib_sumsq as u64 == self.lib_sum as u64 * self.lib_sum as u64
    }
}

/// Length of the per-cell arrays: a power of two at least [`NUM_CELLS`], so that indexing
/// with `i & (CAP - 1)` needs no bounds check in the hot paths.
const CAP: usize = 1024;
const _: () = assert!(NUM_CELLS <= CAP);

/// A grid index, masked into the arrays so that indexing needs no bounds check.
///
/// Every index the board computes is a [`Point`]'s index (below [`NUM_CELLS`], since points
/// are built only from checked coordinates) or such an index plus a neighbour or diagonal
/// offset (at most `NUM_CELLS + STRIDE + 1`), which is below `CAP`, so the mask changes
/// nothing; were a bug to form a larger index, it would read a wrong cell rather than
/// memory outside the arrays (and fail the debug assertion first). The mask is one `and`,
/// and it lets the compiler drop the bounds checks.
#[inline(always)]
fn ix(i: usize) -> usize {
    debug_assert!(i < CAP);
    i & (CAP - 1)
}
const _: () = assert!(NUM_CELLS + STRIDE + 1 < CAP);

/// Bytes of the neighbourhood-key array: two per cell, and room for a 64-bit word at the
/// last cell.
const KEY_BYTES: usize = 2 * CAP + 8;

/// Packed neighbour counts of one cell: black stones plus edges in bits 0-3, white stones
/// plus edges in bits 4-7, empty points in bits 8-11. Counting the edge for both colours
/// makes "every neighbour is mine or the edge" a single comparison with 4.
mod nbr {
    use crate::color::Color;

    pub const EMPTY_ONE: u16 = 1 << 8;

    #[inline(always)]
    pub const fn one(color: Color) -> u16 {
        match color {
            Color::Black => 1,
            Color::White => 1 << 4,
        }
    }

    #[inline(always)]
    pub const fn own_or_edge(counts: u16, color: Color) -> u16 {
        match color {
            Color::Black => counts & 0xf,
            Color::White => (counts >> 4) & 0xf,
        }
    }

    #[inline(always)]
    pub const fn empty(counts: u16) -> u16 {
        counts >> 8
    }
}

/// Grid offsets of the four neighbours: south, west, east, north.
const NEIGHBOR_OFFSETS: [isize; 4] = [-(STRIDE as isize), -1, 1, STRIDE as isize];
/// Grid offsets of the four diagonal neighbours.
const DIAGONAL_OFFSETS: [isize; 4] = [
    -(STRIDE as isize) - 1,
    -(STRIDE as isize) + 1,
    STRIDE as isize - 1,
    STRIDE as isize + 1,
];

#[inline]
fn neighbors(p: usize) -> [usize; 4] {
    NEIGHBOR_OFFSETS.map(|o| (p as isize + o) as usize)
}

#[inline]
fn diagonals(p: usize) -> [usize; 4] {
    DIAGONAL_OFFSETS.map(|o| (p as isize + o) as usize)
}

/// The derived data that a board may stop keeping up to date, for uses that never read
/// it. Stones, chains, liberties, neighbour counts, the empty list, the ko point and the
/// counts of stones and captures are always kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extras {
    /// The Zobrist hash ([`Board::hash`]): the game's superko test reads it, playouts never.
    pub hash: bool,
    /// The 3x3 neighbourhood keys that pattern matching reads (heavy playouts and the
    /// tree's priors); light playouts never do.
    pub neighborhood_keys: bool,
}

impl Extras {
    /// Everything kept: what a new board does.
    pub const ALL: Extras = Extras {
        hash: true,
        neighborhood_keys: true,
    };
}

/// [`Board`]'s `ko` when no point is forbidden.
const NO_KO: u32 = u32::MAX;

/// [`Board`]'s `ko` when `color` may not play `p`.
#[inline]
fn ko_code(p: Point, color: Color) -> u32 {
    (p.index() as u32) << 1 | color.index() as u32
}

/// A Go board of one size: stones and chains, with simple ko only.
pub struct Board {
    size: BoardSize,
    cells: [Cell; CAP],
    /// Neighbour counts of each on-board point (see [`nbr`]).
    nbrs: [u16; CAP],
    /// The 3x3 neighbourhood key of each on-board point ([`Board::neighborhood_key`]) as
    /// two little-endian bytes, kept up to date as stones come and go (while `extras` says
    /// so) so that pattern matching reads it with one load. Bytes, so that a stone updates
    /// the keys of three neighbours in a row with one 64-bit add ([`Board::update_keys`]).
    /// Entries of edge cells hold only their on-board neighbours' codes.
    keys: [u8; KEY_BYTES],
    /// For a stone: the grid index of its chain's head. For any other cell: its own index,
    /// so that `chains[head[q]]` is a scratch entry that may be updated blindly (see
    /// [`Board::place_stone`]).
    head: [u16; CAP],
    /// For a stone: the next stone of its chain (a circular list).
    next: [u16; CAP],
    /// Valid at chain heads only; scratch elsewhere.
    chains: [ChainInfo; CAP],
    /// The first `n_empty` entries are the empty points, in no particular order.
    empties: [Point; CAP],
    /// For an empty point: its position in `empties`.
    empty_pos: [u16; CAP],
    n_empty: usize,
    /// The point where the given colour may not play at once (simple ko) as
    /// [`ko_code`], or [`NO_KO`]. One comparison tests a move; comparing an
    /// `Option<(Point, Color)>` compiled to a test of the colour first, a branch that flips
    /// with every move.
    ko: u32,
    hash: u64,
    /// Which of the hash and the neighbourhood keys are up to date. A stale one is left
    /// as it was when the board stopped keeping it, and is never read.
    extras: Extras,
    /// Stones captured by each colour, by [`Color::index`]: arrays rather than `ByColor`, whose
    /// indexing the compiler may turn into a branch on the colour, which alternates.
    captures: [u32; 2],
    /// Stones on the board per colour.
    stones: [u16; 2],
}

impl Clone for Board {
    fn clone(&self) -> Board {
        Board {
            size: self.size,
            cells: self.cells,
            nbrs: self.nbrs,
            keys: self.keys,
            head: self.head,
            next: self.next,
            chains: self.chains,
            empties: self.empties,
            empty_pos: self.empty_pos,
            n_empty: self.n_empty,
            ko: self.ko,
            hash: self.hash,
            extras: self.extras,
            captures: self.captures,
            stones: self.stones,
        }
    }

    /// Copies only the rows that `source`'s size uses, and the keys only when `source`
    /// keeps them: the cheap reset for playouts.
    fn clone_from(&mut self, source: &Board) {
        let n = source.size.cells_in_use();
        self.size = source.size;
        self.cells[..n].copy_from_slice(&source.cells[..n]);
        self.nbrs[..n].copy_from_slice(&source.nbrs[..n]);
        if source.extras.neighborhood_keys {
            self.keys[..2 * n].copy_from_slice(&source.keys[..2 * n]);
        }
        self.head[..n].copy_from_slice(&source.head[..n]);
        self.next[..n].copy_from_slice(&source.next[..n]);
        self.chains[..n].copy_from_slice(&source.chains[..n]);
        self.empty_pos[..n].copy_from_slice(&source.empty_pos[..n]);
        self.empties[..source.n_empty].copy_from_slice(&source.empties[..source.n_empty]);
        self.n_empty = source.n_empty;
        self.ko = source.ko;
        self.hash = source.hash;
        self.extras = source.extras;
        self.captures = source.captures;
        self.stones = source.stones;
    }
}

impl PartialEq for Board {
    /// Boards are equal when they hold the same stones, ko point and capture counts.
    fn eq(&self, other: &Board) -> bool {
        let hashes_differ = self.extras.hash && other.extras.hash && self.hash != other.hash;
        self.size == other.size
            && !hashes_differ
            && self.ko == other.ko
            && self.captures == other.captures
            && self
                .size
                .points()
                .all(|p| self.cells[p.index()] == other.cells[p.index()])
    }
}

impl Eq for Board {}

impl fmt::Debug for Board {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Board {{ ko: {:?}, hash: {:#x} }}\n{}",
            self.ko(),
            self.hash,
            self.diagram()
        )
    }
}

impl Board {
    /// An empty board.
    pub fn new(size: BoardSize) -> Board {
        let mut board = Board {
            size,
            cells: [Cell::Edge; CAP],
            nbrs: [0; CAP],
            keys: [0; KEY_BYTES],
            head: std::array::from_fn(|i| i as u16),
            next: [0; CAP],
            chains: [ChainInfo::SCRATCH; CAP],
            empties: [Point::from_index(0); CAP],
            empty_pos: [0; CAP],
            n_empty: 0,
            ko: NO_KO,
            hash: 0,
            extras: Extras::ALL,
            captures: [0; 2],
            stones: [0; 2],
        };
        for p in size.points() {
            board.cells[p.index()] = Cell::Empty;
            board.push_empty(p.index());
        }
        for p in size.points() {
            let mut counts = 0;
            for q in neighbors(p.index()) {
                counts += match board.cells[q] {
                    Cell::Edge => nbr::one(Color::Black) + nbr::one(Color::White),
                    _ => nbr::EMPTY_ONE,
                };
            }
            board.nbrs[p.index()] = counts;
            let key = board.scan_neighborhood_key(p).to_le_bytes();
            board.keys[2 * p.index()..2 * p.index() + 2].copy_from_slice(&key);
        }
        board
    }

    /// The board size.
    #[inline]
    pub fn size(&self) -> BoardSize {
        self.size
    }

    /// The stone on `p`, if any.
    #[inline]
    pub fn color_at(&self, p: Point) -> Option<Color> {
        self.cells[p.index()].color()
    }

    /// Whether `p` is empty.
    #[inline]
    pub fn is_empty(&self, p: Point) -> bool {
        self.cells[p.index()] == Cell::Empty
    }

    /// The Zobrist hash of the stones on the board (not of the turn or the ko point).
    ///
    /// # Panics
    /// When the board no longer keeps the hash ([`Board::keep_only`]).
    #[inline]
    pub fn hash(&self) -> u64 {
        assert!(self.extras.hash, "the board no longer keeps its hash");
        self.hash
    }

    /// Stops keeping whatever `keep` leaves out, for the rest of this board's life or until
    /// it is overwritten by a clone of a board that keeps it: a playout drops what its
    /// policy never reads and saves the work of each move. Never turns anything back on.
    pub fn keep_only(&mut self, keep: Extras) {
        self.extras.hash &= keep.hash;
        self.extras.neighborhood_keys &= keep.neighborhood_keys;
    }

    /// The simple-ko point and the colour that may not play there now, if any.
    #[inline]
    pub fn ko(&self) -> Option<(Point, Color)> {
        (self.ko != NO_KO).then(|| {
            let color = Color::ALL[(self.ko & 1) as usize];
            (Point::from_index((self.ko >> 1) as usize), color)
        })
    }

    /// Stones captured so far by `color`.
    pub fn captures(&self, color: Color) -> u32 {
        self.captures[color.index()]
    }

    /// Stones of `color` on the board.
    pub fn stone_count(&self, color: Color) -> usize {
        self.stones[color.index()] as usize
    }

    /// The empty points, in no particular order.
    #[inline]
    pub fn empty_points(&self) -> &[Point] {
        &self.empties[..self.n_empty]
    }

    /// Whether the board has no stones.
    pub fn has_no_stones(&self) -> bool {
        self.stones == [0, 0]
    }

    /// The on-board neighbours of `p`.
    pub fn neighbors(&self, p: Point) -> impl Iterator<Item = Point> + '_ {
        neighbors(p.index())
            .into_iter()
            .filter(|&q| self.cells[q] != Cell::Edge)
            .map(Point::from_index)
    }

    /// The head stone that identifies the chain through the stone on `p`.
    ///
    /// # Panics
    /// In debug builds, when `p` is empty.
    #[inline]
    pub fn chain_id(&self, p: Point) -> Point {
        debug_assert!(self.color_at(p).is_some(), "chain_id of an empty point");
        Point::from_index(self.head[p.index()] as usize)
    }

    /// One stone of each chain on the board (its [`Board::chain_id`]), in point order.
    pub fn chains(&self) -> impl Iterator<Item = Point> + '_ {
        self.size
            .points()
            .filter(|&p| self.color_at(p).is_some() && self.chain_id(p) == p)
    }

    #[inline]
    fn chain(&self, p: usize) -> &ChainInfo {
        &self.chains[ix(self.head[ix(p)] as usize)]
    }

    /// Whether the chain through the stone on `p` has exactly one liberty. Constant time.
    #[inline]
    pub fn in_atari(&self, p: Point) -> bool {
        self.chain(p.index()).in_atari()
    }

    /// The only liberty of the chain through `p`, if it is in atari. Constant time.
    #[inline]
    pub fn last_liberty(&self, p: Point) -> Option<Point> {
        let c = self.chain(p.index());
        c.in_atari()
            .then(|| Point::from_index((c.lib_sum / c.libs as u32) as usize))
    }

    /// Stones in the chain through `p`.
    pub fn chain_len(&self, p: Point) -> usize {
        self.chain(p.index()).stones as usize
    }

    /// The stones of the chain through `p`.
    pub fn chain_stones(&self, p: Point) -> ChainStones<'_> {
        ChainStones {
            board: self,
            start: p.index(),
            cur: Some(p.index()),
        }
    }

    /// The exact number of distinct liberties of the chain through `p`, counted at most up
    /// to `limit`. Linear in the chain's size; prefer [`Board::in_atari`] where it will do.
    pub fn liberties_up_to(&self, p: Point, limit: usize) -> usize {
        let mut seen: smallvec::SmallVec<[u16; 8]> = smallvec::SmallVec::new();
        for s in self.chain_stones(p) {
            for q in neighbors(s.index()) {
                if self.cells[q] == Cell::Empty && !seen.contains(&(q as u16)) {
                    seen.push(q as u16);
                    if seen.len() >= limit {
                        return limit;
                    }
                }
            }
        }
        seen.len()
    }

    /// The distinct liberties of the chain through `p`.
    pub fn liberties(&self, p: Point) -> Vec<Point> {
        let mut libs: Vec<Point> = Vec::new();
        for s in self.chain_stones(p) {
            for q in neighbors(s.index()) {
                if self.cells[q] == Cell::Empty && !libs.contains(&Point::from_index(q)) {
                    libs.push(Point::from_index(q));
                }
            }
        }
        libs
    }

    /// Whether `color` may play `mv` under simple ko, with or without suicide.
    ///
    /// # Errors
    /// `Occupied`, `Ko`, or `Suicide` (only when `suicide_allowed` is false).
    pub fn check(&self, color: Color, mv: Move, suicide_allowed: bool) -> Result<(), IllegalMove> {
        let Move::Play(p) = mv else { return Ok(()) };
        if self.cells[ix(p.index())] != Cell::Empty {
            return Err(IllegalMove::Occupied);
        }
        if self.ko == ko_code(p, color) {
            return Err(IllegalMove::Ko);
        }
        if suicide_allowed || !self.is_suicide(color, p) {
            Ok(())
        } else {
            Err(IllegalMove::Suicide)
        }
    }

    /// Whether a stone of `color` on the empty point `p` would be left without liberties:
    /// no empty neighbour, no friendly neighbour chain with another liberty, and no capture.
    ///
    /// Branch-free over the neighbours, whose kinds are random in a playout: every
    /// neighbour's chain statistics are read (an edge cell's scratch entry too) and the
    /// answers are masked with the cells.
    #[inline]
    pub fn is_suicide(&self, color: Color, p: Point) -> bool {
        let pi = ix(p.index());
        if nbr::empty(self.nbrs[pi]) > 0 {
            return false;
        }
        let own = Cell::stone(color);
        let mut saved = false;
        for q in neighbors(pi) {
            let cell = self.cells[ix(q)];
            // `p` is a pseudo-liberty of every neighbouring chain, so the count is not zero
            // and equal pseudo-liberties mean atari. A friendly chain not in atari keeps a
            // liberty other than p; an enemy chain in atari has p as its last liberty and is
            // captured.
            let atari = self.chain(q).all_libs_equal();
            saved |= (cell != Cell::Edge) & ((cell == own) != atari);
        }
        !saved
    }

    /// Whether `p` is an empty point that `color` may fill without suicide or simple-ko
    /// violation.
    #[inline]
    pub fn is_legal_no_suicide(&self, color: Color, p: Point) -> bool {
        self.cells[ix(p.index())] == Cell::Empty
            && self.ko != ko_code(p, color)
            && !self.is_suicide(color, p)
    }

    /// Whether the empty point `p` is an eye of `color`: every neighbour is a stone of
    /// `color` or the edge, and the diagonals hold at most one enemy stone (none on the
    /// edge), so that filling it could only hurt `color`.
    #[inline]
    pub fn is_eye(&self, p: Point, color: Color) -> bool {
        nbr::own_or_edge(self.nbrs[ix(p.index())], color) == 4 && self.diagonals_hold_eye(p, color)
    }

    /// The diagonal half of the eye test, for a point surrounded by `color` and the edge.
    #[inline]
    fn diagonals_hold_eye(&self, p: Point, color: Color) -> bool {
        let enemy = Cell::stone(!color);
        let (mut bad, mut edge) = (0, 0);
        for q in diagonals(p.index()) {
            match self.cells[ix(q)] {
                c if c == enemy => bad += 1,
                Cell::Edge => edge = 1,
                _ => {}
            }
        }
        bad + edge < 2
    }

    /// Whether a playout may play `p` for `color`: legal without suicide or ko, and not
    /// filling `color`'s own eye. One load decides the common case of a point with an empty
    /// neighbour (never a ko point, never suicide, never an eye).
    #[inline]
    pub fn is_playable(&self, color: Color, p: Point) -> bool {
        let counts = self.nbrs[ix(p.index())];
        if nbr::empty(counts) > 0 {
            return true;
        }
        if nbr::own_or_edge(counts, color) == 4 && self.diagonals_hold_eye(p, color) {
            return false;
        }
        self.ko != ko_code(p, color) && !self.is_suicide(color, p)
    }

    /// The kept neighbourhood key of cell `i`. The board must keep the keys.
    #[inline(always)]
    fn key(&self, i: usize) -> u16 {
        debug_assert!(
            self.extras.neighborhood_keys,
            "the board no longer keeps its neighbourhood keys"
        );
        let at = 2 * ix(i);
        u16::from_le_bytes([self.keys[at], self.keys[at + 1]])
    }

    /// The area-scoring owner of the empty point `p` when its neighbours alone decide it:
    /// `Some(Some(color))` when all of them are `color` or the edge, `Some(None)` when they
    /// are stones of both colours, and `None` when `p` has an empty neighbour (its region
    /// must be flooded).
    #[inline]
    pub fn enclosed_point_owner(&self, p: Point) -> Option<Option<Color>> {
        let counts = self.nbrs[ix(p.index())];
        if nbr::empty(counts) > 0 {
            None
        } else if nbr::own_or_edge(counts, Color::Black) == 4 {
            Some(Some(Color::Black))
        } else if nbr::own_or_edge(counts, Color::White) == 4 {
            Some(Some(Color::White))
        } else {
            Some(None)
        }
    }
}

/// The stones of one chain; see [`Board::chain_stones`].
pub struct ChainStones<'a> {
    board: &'a Board,
    start: usize,
    cur: Option<usize>,
}

impl Iterator for ChainStones<'_> {
    type Item = Point;
    fn next(&mut self) -> Option<Point> {
        let s = self.cur?;
        let n = self.board.next[s] as usize;
        self.cur = (n != self.start).then_some(n);
        Some(Point::from_index(s))
    }
}
