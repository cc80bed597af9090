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

mod diagram;
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

/// A grid index, promised to be within the arrays so that indexing needs no bounds check.
///
/// Every index the board computes is a [`Point`]'s index (below [`NUM_CELLS`], since points
/// are built only from checked coordinates) or such an index plus a neighbour or diagonal
/// offset (at most `NUM_CELLS + STRIDE + 1`), which is below `CAP`.
#[inline(always)]
fn ix(i: usize) -> usize {
    debug_assert!(i < CAP);
    // SAFETY: see above; the bound holds for every index the board forms.
    unsafe { std::hint::assert_unchecked(i < CAP) };
    i
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

/// The four neighbours' cells of a point packed two bits each (the [`Cell`] values), in the
/// order of [`NEIGHBOR_OFFSETS`].
type NbrKey = usize;

/// What placing a stone of one colour needs to know about its four neighbours, by
/// colour and [`NbrKey`]. Per colour, so that nothing in the lookup depends on the colour
/// after the index.
#[derive(Clone, Copy)]
struct NbrInfo {
    /// The number of empty neighbours.
    empties: u16,
    /// The sum of the empty neighbours' offsets from the point.
    offset_sum: i16,
    /// The sum of their squares.
    offset_sumsq: u16,
    /// The offset of the first neighbour holding a stone of the colour, or 0.
    first_stone: i16,
    /// Whether two or more neighbours hold stones of the colour.
    several: bool,
}

const fn nbr_infos() -> [[NbrInfo; 256]; 2] {
    let mut infos = [[NbrInfo {
        empties: 0,
        offset_sum: 0,
        offset_sumsq: 0,
        first_stone: 0,
        several: false,
    }; 256]; 2];
    let mut color = 0;
    while color < 2 {
        let stone = Cell::stone(Color::ALL[color]) as usize;
        let mut key = 0;
        while key < 256 {
            let info = &mut infos[color][key];
            let mut count = 0;
            let mut k = 0;
            while k < 4 {
                let cell = (key >> (2 * k)) & 3;
                let o = NEIGHBOR_OFFSETS[k];
                if cell == Cell::Empty as usize {
                    info.empties += 1;
                    info.offset_sum += o as i16;
                    info.offset_sumsq += (o * o) as u16;
                } else if cell == stone {
                    if count == 0 {
                        info.first_stone = o as i16;
                    }
                    count += 1;
                }
                k += 1;
            }
            info.several = count >= 2;
            key += 1;
        }
        color += 1;
    }
    infos
}

/// [`NbrInfo`] by colour index and neighbour key.
static NBR_INFOS: [[NbrInfo; 256]; 2] = nbr_infos();

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

    /// The area count of the board as it stands: each point's owner goes to `owner` (a
    /// stone's colour, or the colour of the only stones its empty region touches), and the
    /// result is the area of Black, White and neutral points.
    ///
    /// One branch-free pass settles the stones and every empty point whose neighbours are
    /// all stones or edge (at the end of a playout stopped by passes, every empty point);
    /// only regions of two or more empty points are then flooded.
    pub(crate) fn count_area(&self, owner: &mut [Option<Color>; NUM_CELLS]) -> [u32; 3] {
        let (mut black, mut white, mut open) = (0, 0, false);
        let n = self.size.get();
        for y in 0..n {
            let row = (y + 1) * STRIDE + 1;
            let cells = &self.cells[row..row + n];
            let counts = &self.nbrs[row..row + n];
            let owners = &mut owner[row..row + n];
            for ((&cell, &counts), owner) in cells.iter().zip(counts).zip(owners) {
                let empty = cell == Cell::Empty;
                // An empty point with an empty neighbour has neither colour all around.
                let b =
                    (cell == Cell::Black) | (empty & (nbr::own_or_edge(counts, Color::Black) == 4));
                let w =
                    (cell == Cell::White) | (empty & (nbr::own_or_edge(counts, Color::White) == 4));
                open |= empty & (nbr::empty(counts) > 0);
                black += u32::from(b);
                white += u32::from(w);
                *owner = if b {
                    Some(Color::Black)
                } else if w {
                    Some(Color::White)
                } else {
                    None
                };
            }
        }
        let mut area = [black, white, (n * n) as u32 - black - white];
        if open {
            self.flood_open_regions(owner, &mut area);
        }
        area
    }

    /// The second half of [`Board::count_area`]: floods each region of two or more empty
    /// points, which the first pass counted as neutral, and gives it to the colour of the
    /// only stones it touches, if any.
    #[cold]
    fn flood_open_regions(&self, owner: &mut [Option<Color>; NUM_CELLS], area: &mut [u32; 3]) {
        let mut visited = [0u64; NUM_CELLS.div_ceil(64)];
        let mut region = [0u16; NUM_CELLS];
        let n = self.size.get();
        let points = (0..n).flat_map(|y| {
            let row = (y + 1) * STRIDE + 1;
            row..row + n
        });
        for pi in points {
            let pi = ix(pi);
            let open = self.cells[pi] == Cell::Empty && nbr::empty(self.nbrs[pi]) > 0;
            if !open || visited[pi / 64] & (1 << (pi % 64)) != 0 {
                continue;
            }
            visited[pi / 64] |= 1 << (pi % 64);
            region[0] = pi as u16;
            let (mut len, mut i) = (1, 0);
            let mut touches = 0u8;
            while i < len {
                for q in neighbors(region[i] as usize) {
                    let q = ix(q);
                    match self.cells[q] {
                        Cell::Empty if visited[q / 64] & (1 << (q % 64)) == 0 => {
                            visited[q / 64] |= 1 << (q % 64);
                            region[len] = q as u16;
                            len += 1;
                        }
                        cell => touches |= 1 << (cell as u8),
                    }
                }
                i += 1;
            }
            let black = touches & (1 << Cell::Black as u8) != 0;
            let white = touches & (1 << Cell::White as u8) != 0;
            if black != white {
                let color = if black { Color::Black } else { Color::White };
                area[2] -= len as u32;
                area[color.index()] += len as u32;
                for &q in &region[..len] {
                    owner[q as usize] = Some(color);
                }
            }
        }
    }

    /// Plays a pass: clears the ko point.
    #[inline]
    pub fn pass(&mut self) {
        self.ko = NO_KO;
    }

    /// Plays `mv` for `color` without checking legality beyond debug assertions. Captures
    /// enemy chains left without liberties, then removes the mover's own chain if it has
    /// none (suicide, for rules that allow it). Returns the number of stones captured from
    /// the enemy.
    ///
    /// The caller guarantees that the point is empty and not the ko point for `color`;
    /// breaking that leaves the board inconsistent.
    #[inline]
    pub fn play_unchecked(&mut self, color: Color, mv: Move) -> u32 {
        match mv {
            Move::Play(p) => self.play_stone(color, p),
            Move::Pass => {
                self.pass();
                0
            }
        }
    }

    /// [`Board::play_unchecked`] for a stone, inlined into the playout loop.
    #[inline(always)]
    pub(crate) fn play_stone(&mut self, color: Color, p: Point) -> u32 {
        debug_assert!(self.is_empty(p), "play_unchecked on an occupied point {p}");
        debug_assert!(
            self.ko != ko_code(p, color),
            "play_unchecked retakes a ko at {p}"
        );
        let pi = ix(p.index());
        self.ko = NO_KO;
        let mut dead = self.place_stone(color, pi);
        let mut captured = 0;
        if dead != 0 {
            let enemy = Cell::stone(!color);
            let mut captured_at = pi;
            while dead != 0 {
                let q =
                    ix((pi as isize + NEIGHBOR_OFFSETS[dead.trailing_zeros() as usize]) as usize);
                // The mask may also name a friendly chain whose last liberty `pi` took.
                if self.cells[q] == enemy {
                    let h = ix(self.head[q] as usize);
                    captured += self.remove_chain(h);
                    captured_at = h;
                }
                dead &= dead - 1;
            }
            let own = *self.chain(pi);
            self.captures[color.index()] += captured;
            if captured == 1 && own.stones == 1 && own.libs == 1 {
                self.ko = ko_code(Point::from_index(captured_at), !color);
            }
        }
        // Without a capture the new stone's chain has a liberty unless the move was a
        // suicide, which playouts never play.
        if captured == 0 && self.chain(pi).libs == 0 {
            let lost = self.remove_chain(pi);
            self.captures[(!color).index()] += lost;
        }
        captured
    }

    /// Puts a stone on the board and merges chains, without captures. Used for setup
    /// stones, which must leave every chain a liberty (the caller checks).
    pub(crate) fn add_setup_stone(&mut self, color: Color, p: Point) {
        debug_assert!(self.is_empty(p));
        self.ko = NO_KO;
        self.place_stone(color, p.index());
    }

    /// A stone of some chain without liberties (possible only after setup stones).
    pub(crate) fn chain_without_liberties(&self) -> Option<Point> {
        self.size
            .points()
            .find(|&p| self.color_at(p).is_some() && self.chain(p.index()).libs == 0)
    }

    /// Places a stone on the empty cell `pi`, merges it with friendly neighbours and takes
    /// the point from its neighbours' liberties. Returns the neighbours (bit `k` for the
    /// `k`th of [`NEIGHBOR_OFFSETS`]) whose chains are left without liberties: enemy chains
    /// for the caller to capture, and the friendly one (merged with the new stone by then)
    /// that only matters if nothing is captured.
    ///
    /// The neighbours' kinds (empty, stone, edge) are random in a playout, so branches on
    /// them would mostly be mispredicted; this has none in the common case. The new stone's
    /// liberties come from a table indexed by its neighbours' cells, and it joins the chain
    /// of its first friendly neighbour, or itself when it has none (the same steps build a
    /// one-stone chain then). Then every neighbour's `chains[head[q]]` loses the
    /// pseudo-liberty at `pi`: a real chain's for a stone, the cell's own scratch entry for
    /// an empty or edge cell (whose head is itself). The chain statistics are sums, so
    /// merging before taking the liberty gives the same result, and the mask is built last,
    /// with nothing after it to keep it waiting.
    #[inline(always)]
    fn place_stone(&mut self, color: Color, pi: usize) -> u32 {
        let pi = ix(pi);
        let own = Cell::stone(color);
        let qs = neighbors(pi).map(ix);
        let cells = qs.map(|q| self.cells[q]);
        let key = cells
            .iter()
            .enumerate()
            .fold(0, |key, (k, &c)| key | (c as NbrKey) << (2 * k));
        let info = NBR_INFOS[color.index()][key];
        self.remove_empty(pi);
        self.cells[pi] = own;
        if self.extras.neighborhood_keys {
            self.update_keys(pi, own as u64, u64::wrapping_add);
        }
        if self.extras.hash {
            self.hash ^= zobrist::stone(color, Point::from_index(pi));
        }
        self.stones[color.index()] += 1;
        let (p32, psq) = (pi as u32, (pi * pi) as u32);
        // The empty neighbours `pi + o` give the new stone n pseudo-liberties with sum
        // n * pi + sum(o) and sum of squares n * pi^2 + 2 * pi * sum(o) + sum(o^2).
        let n = u32::from(info.empties);
        let osum = info.offset_sum as i32 as u32;
        let mine = ChainInfo {
            libs: info.empties,
            stones: 1,
            lib_sum: (n * p32).wrapping_add(osum),
            lib_sumsq: (n * psq)
                .wrapping_add((2 * p32).wrapping_mul(osum))
                .wrapping_add(u32::from(info.offset_sumsq)),
        };
        // Join the chain of the first friendly neighbour. `pi` is empty, so `first` is `pi`
        // itself when there is none, and the same steps then build a chain of one stone.
        // The new stone goes into the list right after the head, and the head stays, except
        // that a single stone joined becomes the second stone of a chain headed by `pi`:
        // the chain lists (and so the order in which captured stones return to the empty
        // list) are those of merging a new one-stone chain into the larger chain, the
        // incoming one on ties.
        let first = (pi as isize + info.first_stone as isize) as usize;
        let joined = ix(self.head[ix(first)] as usize);
        self.chains[pi] = ChainInfo::default();
        self.next[pi] = pi as u16;
        let base = self.chains[joined];
        let mut keep = if base.stones == 1 { pi } else { joined };
        self.head[pi] = keep as u16;
        self.head[joined] = keep as u16;
        let after = self.next[joined];
        self.next[pi] = after;
        self.next[joined] = pi as u16;
        self.chains[keep] = ChainInfo {
            libs: base.libs + mine.libs,
            stones: base.stones + mine.stones,
            lib_sum: base.lib_sum + mine.lib_sum,
            lib_sumsq: base.lib_sumsq + mine.lib_sumsq,
        };
        // Other friendly chains next to `pi` merge into it: one is common, two are rare.
        if info.several {
            let mut others = 0u32;
            for k in 0..4 {
                let foreign = usize::from(self.head[ix(qs[k])]) != keep;
                others |= u32::from((cells[k] == own) & foreign) << k;
            }
            while others != 0 {
                // The offset rather than `qs`: reading the array here would keep it in
                // memory for this rare path.
                let o = NEIGHBOR_OFFSETS[others.trailing_zeros() as usize];
                let h = ix(self.head[ix((pi as isize + o) as usize)] as usize);
                if h != keep {
                    keep = self.merge(keep, h);
                }
                others &= others - 1;
            }
        }
        let delta = nbr::one(color).wrapping_sub(nbr::EMPTY_ONE);
        let mut dead = 0;
        for (k, q) in qs.into_iter().enumerate() {
            // Again through `ix` (here and above): the promise made when `qs` was built
            // does not always reach these loops, and bounds checks would come back.
            let q = ix(q);
            self.nbrs[q] = self.nbrs[q].wrapping_add(delta);
            // Wrapping: scratch entries count down without bound.
            let c = &mut self.chains[ix(self.head[q] as usize)];
            c.libs = c.libs.wrapping_sub(1);
            c.lib_sum = c.lib_sum.wrapping_sub(p32);
            c.lib_sumsq = c.lib_sumsq.wrapping_sub(psq);
            // Only a stone's chain can reach zero (scratch entries stay near
            // `SCRATCH_LIBS`), and it does so at its last adjacency to `pi`, so each chain
            // left without liberties is reported once.
            dead |= u32::from(c.libs == 0) << k;
        }
        dead
    }

    /// Merges the chains with heads `a` and `b`, relabelling the smaller, and returns the
    /// head of the merged chain.
    #[inline]
    fn merge(&mut self, a: usize, b: usize) -> usize {
        let (keep, gone) = if self.chains[ix(a)].stones >= self.chains[ix(b)].stones {
            (ix(a), ix(b))
        } else {
            (ix(b), ix(a))
        };
        let mut s = gone;
        loop {
            self.head[s] = keep as u16;
            s = ix(self.next[s] as usize);
            if s == gone {
                break;
            }
        }
        self.next.swap(keep, gone);
        let g = self.chains[gone];
        let k = &mut self.chains[keep];
        k.libs += g.libs;
        k.stones += g.stones;
        k.lib_sum += g.lib_sum;
        k.lib_sumsq += g.lib_sumsq;
        keep
    }

    /// Removes the chain through `pi` from the board and gives its neighbours the freed
    /// liberties. Returns the number of stones removed. Like [`Board::place_stone`], it
    /// updates every neighbour's `chains[head[q]]` without asking what the cell holds.
    fn remove_chain(&mut self, pi: usize) -> u32 {
        let start = ix(pi);
        let Some(color) = self.cells[start].color() else {
            unreachable!("remove_chain of an empty point")
        };
        let delta = nbr::EMPTY_ONE.wrapping_sub(nbr::one(color));
        let mut s = start;
        let mut count = 0;
        let code = Cell::stone(color) as u64;
        loop {
            self.cells[s] = Cell::Empty;
            if self.extras.neighborhood_keys {
                self.update_keys(s, code, u64::wrapping_sub);
            }
            self.head[s] = s as u16;
            self.chains[s] = ChainInfo::SCRATCH;
            if self.extras.hash {
                self.hash ^= zobrist::stone(color, Point::from_index(s));
            }
            self.push_empty(s);
            count += 1;
            s = ix(self.next[s] as usize);
            if s == start {
                break;
            }
        }
        self.stones[color.index()] -= count as u16;
        loop {
            let (s32, ssq) = (s as u32, (s * s) as u32);
            for q in neighbors(s) {
                let q = ix(q);
                self.nbrs[q] = self.nbrs[q].wrapping_add(delta);
                let c = &mut self.chains[ix(self.head[q] as usize)];
                c.libs = c.libs.wrapping_add(1);
                c.lib_sum = c.lib_sum.wrapping_add(s32);
                c.lib_sumsq = c.lib_sumsq.wrapping_add(ssq);
            }
            s = ix(self.next[s] as usize);
            if s == start {
                break;
            }
        }
        count
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

    /// Adds (or, with `op` a subtraction, takes away) the stone code `code` (1 black, 2
    /// white) on cell `pi` in the keys of the eight cells around it. Seen from its
    /// neighbour, `pi` is the cell of the opposite offset: the south-west neighbour holds it
    /// as its north-east cell, and so on. The keys of three cells in a row are three lanes of
    /// one 64-bit word (the fourth lane adds nothing). No lane ever carries: the slot a stone
    /// takes holds 0 before it comes, and exactly its code when it goes.
    #[inline(always)]
    fn update_keys(&mut self, pi: usize, code: u64, op: fn(u64, u64) -> u64) {
        // Slot shifts (query::NEIGHBORHOOD_OFFSETS): NW 0, N 2, NE 4, W 6, E 8, SW 10, S 12,
        // SE 14.
        const BELOW: u64 = (1 << 4) | (1 << 2) << 16 | 1 << 32;
        const SIDES: u64 = (1 << 8) | (1 << 6) << 32;
        const ABOVE: u64 = (1 << 14) | (1 << 12) << 16 | (1 << 10) << 32;
        for (first, lanes) in [
            (pi - STRIDE - 1, BELOW),
            (pi - 1, SIDES),
            (pi + STRIDE - 1, ABOVE),
        ] {
            let at = 2 * ix(first);
            let word: &mut [u8; 8] = (&mut self.keys[at..at + 8])
                .try_into()
                .expect("a slice of eight bytes");
            *word = op(u64::from_le_bytes(*word), lanes * code).to_le_bytes();
        }
    }

    #[inline]
    fn push_empty(&mut self, pi: usize) {
        self.empty_pos[ix(pi)] = self.n_empty as u16;
        self.empties[ix(self.n_empty)] = Point::from_index(pi);
        self.n_empty += 1;
    }

    #[inline]
    fn remove_empty(&mut self, pi: usize) {
        let pos = ix(self.empty_pos[ix(pi)] as usize);
        self.n_empty -= 1;
        let last = self.empties[ix(self.n_empty)];
        self.empties[pos] = last;
        self.empty_pos[ix(last.index())] = pos as u16;
    }

    /// Re-derives chains, liberties, stone counts, the empty list, and the hash and the
    /// neighbourhood keys where the board keeps them, from the stones alone and panics with a
    /// description if the incremental state disagrees. For tests and debugging; linear in the
    /// board area times chain sizes.
    pub fn assert_consistent(&self) {
        let mut hash = 0;
        let mut stones = [0u16; 2];
        let mut seen_empty = 0;
        for p in self.size.points() {
            let pi = p.index();
            match self.cells[pi].color() {
                None => {
                    assert_eq!(
                        self.cells[pi],
                        Cell::Empty,
                        "edge cell inside the board at {p}"
                    );
                    assert_eq!(
                        self.head[pi] as usize, pi,
                        "the empty point {p} is not its own head"
                    );
                    assert!(
                        self.chains[pi].libs.abs_diff(SCRATCH_LIBS) <= 4,
                        "the scratch entry of {p} drifted"
                    );
                    let pos = self.empty_pos[pi] as usize;
                    assert!(
                        pos < self.n_empty && self.empties[pos] == p,
                        "empty list misses {p}"
                    );
                    seen_empty += 1;
                }
                Some(c) => {
                    hash ^= zobrist::stone(c, p);
                    stones[c.index()] += 1;
                }
            }
        }
        assert_eq!(seen_empty, self.n_empty, "empty list has stale entries");
        for p in self.size.points() {
            let mut counts = 0u16;
            for q in neighbors(p.index()) {
                counts += match self.cells[q] {
                    Cell::Edge => nbr::one(Color::Black) + nbr::one(Color::White),
                    Cell::Empty => nbr::EMPTY_ONE,
                    Cell::Black => nbr::one(Color::Black),
                    Cell::White => nbr::one(Color::White),
                };
            }
            assert_eq!(
                counts,
                self.nbrs[p.index()],
                "neighbour counts differ at {p}"
            );
            if self.extras.neighborhood_keys {
                assert_eq!(
                    self.key(p.index()),
                    self.scan_neighborhood_key(p),
                    "neighbourhood key differs at {p}"
                );
            }
        }
        if self.extras.hash {
            assert_eq!(hash, self.hash, "hash differs from a recomputation");
        }
        assert_eq!(stones, self.stones, "stone counts differ");
        for i in 0..NUM_CELLS {
            if i >= self.size.cells_in_use() || !matches!(self.cells[i], Cell::Edge) {
                continue;
            }
            let (x, y) = (i % STRIDE, i / STRIDE);
            let n = self.size.get();
            assert_eq!(self.head[i] as usize, i, "an edge cell is not its own head");
            assert!(
                self.chains[i].libs.abs_diff(SCRATCH_LIBS) <= 4,
                "the scratch entry of an edge cell drifted"
            );
            assert!(
                x == 0 || y == 0 || x > n || y > n,
                "missing edge sentinel inside the board"
            );
        }
        // Flood each chain from scratch and compare.
        let mut visited = [false; NUM_CELLS];
        for p in self.size.points() {
            let pi = p.index();
            let Some(color) = self.cells[pi].color() else {
                continue;
            };
            if visited[pi] {
                continue;
            }
            let mut members = vec![pi];
            visited[pi] = true;
            let mut i = 0;
            while i < members.len() {
                for q in neighbors(members[i]) {
                    if self.cells[q] == Cell::stone(color) && !visited[q] {
                        visited[q] = true;
                        members.push(q);
                    }
                }
                i += 1;
            }
            let head = self.head[pi];
            let mut expect = ChainInfo {
                stones: members.len() as u16,
                ..ChainInfo::default()
            };
            for &m in &members {
                assert_eq!(
                    self.head[m], head,
                    "stones of one chain have different heads at {p}"
                );
                for q in neighbors(m) {
                    if self.cells[q] == Cell::Empty {
                        expect.add_lib(q);
                    }
                }
            }
            assert_eq!(
                self.chains[head as usize], expect,
                "chain statistics differ at {p}"
            );
            assert!(expect.libs > 0, "chain without liberties at {p}");
            let listed: Vec<Point> = self.chain_stones(p).collect();
            assert_eq!(
                listed.len(),
                members.len(),
                "chain stone list is wrong at {p}"
            );
            let exact = self.liberties(p).len();
            assert_eq!(exact == 1, self.in_atari(p), "atari test disagrees at {p}");
            if exact == 1 {
                assert_eq!(self.last_liberty(p), Some(self.liberties(p)[0]));
            }
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
