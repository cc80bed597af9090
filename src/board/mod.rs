//! The fast board: stones, chains, liberties, captures, the simple-ko point and the hash.
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
pub mod zobrist;

pub use diagram::DiagramError;

use crate::color::{ByColor, Color};
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

impl ChainInfo {
    #[inline]
    fn add_lib(&mut self, lib: usize) {
        self.libs += 1;
        self.lib_sum += lib as u32;
        self.lib_sumsq += (lib * lib) as u32;
    }

    #[inline]
    fn remove_lib(&mut self, lib: usize) {
        self.libs -= 1;
        self.lib_sum -= lib as u32;
        self.lib_sumsq -= (lib * lib) as u32;
    }

    #[inline]
    fn in_atari(&self) -> bool {
        self.libs > 0
            && self.libs as u64 * self.lib_sumsq as u64 == self.lib_sum as u64 * self.lib_sum as u64
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

/// A Go board of one size: stones and chains, with simple ko only.
pub struct Board {
    size: BoardSize,
    cells: [Cell; NUM_CELLS],
    /// For a stone: the grid index of its chain's head.
    head: [u16; NUM_CELLS],
    /// For a stone: the next stone of its chain (a circular list).
    next: [u16; NUM_CELLS],
    /// Valid at chain heads only.
    chains: [ChainInfo; NUM_CELLS],
    /// The first `n_empty` entries are the empty points, in no particular order.
    empties: [Point; NUM_CELLS],
    /// For an empty point: its position in `empties`.
    empty_pos: [u16; NUM_CELLS],
    n_empty: usize,
    /// The point where the given colour may not play at once (simple ko), if any.
    ko: Option<(Point, Color)>,
    hash: u64,
    /// Stones captured by each colour.
    captures: ByColor<u32>,
    /// Stones on the board per colour.
    stones: ByColor<u16>,
}

impl Clone for Board {
    fn clone(&self) -> Board {
        Board {
            size: self.size,
            cells: self.cells,
            head: self.head,
            next: self.next,
            chains: self.chains,
            empties: self.empties,
            empty_pos: self.empty_pos,
            n_empty: self.n_empty,
            ko: self.ko,
            hash: self.hash,
            captures: self.captures,
            stones: self.stones,
        }
    }

    /// Copies only the rows that `source`'s size uses: the cheap reset for playouts.
    fn clone_from(&mut self, source: &Board) {
        let n = source.size.cells_in_use();
        self.size = source.size;
        self.cells[..n].copy_from_slice(&source.cells[..n]);
        self.head[..n].copy_from_slice(&source.head[..n]);
        self.next[..n].copy_from_slice(&source.next[..n]);
        self.chains[..n].copy_from_slice(&source.chains[..n]);
        self.empty_pos[..n].copy_from_slice(&source.empty_pos[..n]);
        self.empties[..source.n_empty].copy_from_slice(&source.empties[..source.n_empty]);
        self.n_empty = source.n_empty;
        self.ko = source.ko;
        self.hash = source.hash;
        self.captures = source.captures;
        self.stones = source.stones;
    }
}

impl PartialEq for Board {
    /// Boards are equal when they hold the same stones, ko point and capture counts.
    fn eq(&self, other: &Board) -> bool {
        self.size == other.size
            && self.hash == other.hash
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
            self.ko,
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
            cells: [Cell::Edge; NUM_CELLS],
            head: [0; NUM_CELLS],
            next: [0; NUM_CELLS],
            chains: [ChainInfo::default(); NUM_CELLS],
            empties: [Point::from_index(0); NUM_CELLS],
            empty_pos: [0; NUM_CELLS],
            n_empty: 0,
            ko: None,
            hash: 0,
            captures: ByColor::default(),
            stones: ByColor::default(),
        };
        for p in size.points() {
            board.cells[p.index()] = Cell::Empty;
            board.push_empty(p.index());
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
    #[inline]
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// The simple-ko point and the colour that may not play there now, if any.
    #[inline]
    pub fn ko(&self) -> Option<(Point, Color)> {
        self.ko
    }

    /// Stones captured so far by `color`.
    pub fn captures(&self, color: Color) -> u32 {
        self.captures[color]
    }

    /// Stones of `color` on the board.
    pub fn stone_count(&self, color: Color) -> usize {
        self.stones[color] as usize
    }

    /// The empty points, in no particular order.
    #[inline]
    pub fn empty_points(&self) -> &[Point] {
        &self.empties[..self.n_empty]
    }

    /// Whether the board has no stones.
    pub fn has_no_stones(&self) -> bool {
        self.stones.black == 0 && self.stones.white == 0
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

    #[inline]
    fn chain(&self, p: usize) -> &ChainInfo {
        &self.chains[self.head[p] as usize]
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
        if self.cells[p.index()] != Cell::Empty {
            return Err(IllegalMove::Occupied);
        }
        if self.ko == Some((p, color)) {
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
    #[inline]
    pub fn is_suicide(&self, color: Color, p: Point) -> bool {
        let own = Cell::stone(color);
        for q in neighbors(p.index()) {
            let cell = self.cells[q];
            if cell == Cell::Empty {
                return false;
            }
            if cell == Cell::Edge {
                continue;
            }
            // A friendly chain not in atari keeps a liberty other than p; an enemy chain in
            // atari has p as its last liberty and is captured.
            if (cell == own) != self.chain(q).in_atari() {
                return false;
            }
        }
        true
    }

    /// Whether `p` is an empty point that `color` may fill without suicide or simple-ko
    /// violation. The playouts' legality test.
    #[inline]
    pub fn is_legal_no_suicide(&self, color: Color, p: Point) -> bool {
        self.cells[p.index()] == Cell::Empty
            && self.ko != Some((p, color))
            && !self.is_suicide(color, p)
    }

    /// Whether the empty point `p` is an eye of `color`: every neighbour is a stone of
    /// `color` or the edge, and the diagonals hold at most one enemy stone (none on the
    /// edge), so that filling it could only hurt `color`.
    #[inline]
    pub fn is_eye(&self, p: Point, color: Color) -> bool {
        let own = Cell::stone(color);
        let pi = p.index();
        for q in neighbors(pi) {
            let c = self.cells[q];
            if c != own && c != Cell::Edge {
                return false;
            }
        }
        let enemy = Cell::stone(!color);
        let mut bad = 0;
        let mut edge = 0;
        for q in diagonals(pi) {
            match self.cells[q] {
                c if c == enemy => bad += 1,
                Cell::Edge => edge = 1,
                _ => {}
            }
        }
        bad + edge < 2
    }

    /// Plays a pass: clears the ko point.
    #[inline]
    pub fn pass(&mut self) {
        self.ko = None;
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
        let Move::Play(p) = mv else {
            self.pass();
            return 0;
        };
        debug_assert!(self.is_empty(p), "play_unchecked on an occupied point {p}");
        debug_assert!(
            self.ko != Some((p, color)),
            "play_unchecked retakes a ko at {p}"
        );
        let pi = p.index();
        let enemy = Cell::stone(!color);
        self.ko = None;
        self.place_stone(color, pi);

        let mut captured = 0;
        let mut captured_at = pi;
        for q in neighbors(pi) {
            if self.cells[q] == enemy && self.chain(q).libs == 0 {
                captured += self.remove_chain(q);
                captured_at = q;
            }
        }
        self.captures[color] += captured;

        let own = *self.chain(pi);
        if captured == 1 && own.stones == 1 && own.libs == 1 {
            self.ko = Some((Point::from_index(captured_at), !color));
        }
        if own.libs == 0 {
            let lost = self.remove_chain(pi);
            self.captures[!color] += lost;
        }
        captured
    }

    /// Puts a stone on the board and merges chains, without captures. Used for setup
    /// stones, which must leave every chain a liberty (the caller checks).
    pub(crate) fn add_setup_stone(&mut self, color: Color, p: Point) {
        debug_assert!(self.is_empty(p));
        self.ko = None;
        self.place_stone(color, p.index());
    }

    /// Whether any chain has no liberty (possible only after setup stones).
    pub(crate) fn has_dead_chain(&self) -> bool {
        self.size
            .points()
            .any(|p| self.color_at(p).is_some() && self.chain(p.index()).libs == 0)
    }

    /// Places a stone on the empty cell `pi`, updates neighbours' liberties and merges it
    /// with friendly neighbours.
    #[inline]
    fn place_stone(&mut self, color: Color, pi: usize) {
        let own = Cell::stone(color);
        self.remove_empty(pi);
        self.cells[pi] = own;
        self.hash ^= zobrist::stone(color, Point::from_index(pi));
        self.stones[color] += 1;
        self.head[pi] = pi as u16;
        self.next[pi] = pi as u16;
        let mut info = ChainInfo {
            stones: 1,
            ..ChainInfo::default()
        };
        for q in neighbors(pi) {
            match self.cells[q] {
                Cell::Empty => info.add_lib(q),
                Cell::Edge => {}
                _ => {
                    let h = self.head[q] as usize;
                    self.chains[h].remove_lib(pi);
                }
            }
        }
        self.chains[pi] = info;
        for q in neighbors(pi) {
            if self.cells[q] == own {
                let (a, b) = (self.head[pi] as usize, self.head[q] as usize);
                if a != b {
                    self.merge(a, b);
                }
            }
        }
    }

    /// Merges the chains with heads `a` and `b`, relabelling the smaller.
    #[inline]
    fn merge(&mut self, a: usize, b: usize) {
        let (keep, gone) = if self.chains[a].stones >= self.chains[b].stones {
            (a, b)
        } else {
            (b, a)
        };
        let mut s = gone;
        loop {
            self.head[s] = keep as u16;
            s = self.next[s] as usize;
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
    }

    /// Removes the chain through `pi` from the board and gives its neighbours the freed
    /// liberties. Returns the number of stones removed.
    fn remove_chain(&mut self, pi: usize) -> u32 {
        let color = self.cells[pi]
            .color()
            .expect("remove_chain of an empty point");
        let start = pi;
        let mut s = start;
        let mut count = 0;
        loop {
            self.cells[s] = Cell::Empty;
            self.hash ^= zobrist::stone(color, Point::from_index(s));
            self.push_empty(s);
            count += 1;
            s = self.next[s] as usize;
            if s == start {
                break;
            }
        }
        self.stones[color] -= count as u16;
        loop {
            for q in neighbors(s) {
                if matches!(self.cells[q], Cell::Black | Cell::White) {
                    let h = self.head[q] as usize;
                    self.chains[h].add_lib(s);
                }
            }
            s = self.next[s] as usize;
            if s == start {
                break;
            }
        }
        count
    }

    #[inline]
    fn push_empty(&mut self, pi: usize) {
        self.empty_pos[pi] = self.n_empty as u16;
        self.empties[self.n_empty] = Point::from_index(pi);
        self.n_empty += 1;
    }

    #[inline]
    fn remove_empty(&mut self, pi: usize) {
        let pos = self.empty_pos[pi] as usize;
        self.n_empty -= 1;
        let last = self.empties[self.n_empty];
        self.empties[pos] = last;
        self.empty_pos[last.index()] = pos as u16;
    }

    /// Re-derives chains, liberties, stone counts, the empty list and the hash from the
    /// stones alone and panics with a description if the incremental state disagrees. For
    /// tests and debugging; linear in the board area times chain sizes.
    pub fn assert_consistent(&self) {
        let mut hash = 0;
        let mut stones = ByColor::new(0u16, 0u16);
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
                    let pos = self.empty_pos[pi] as usize;
                    assert!(
                        pos < self.n_empty && self.empties[pos] == p,
                        "empty list misses {p}"
                    );
                    seen_empty += 1;
                }
                Some(c) => {
                    hash ^= zobrist::stone(c, p);
                    stones[c] += 1;
                }
            }
        }
        assert_eq!(seen_empty, self.n_empty, "empty list has stale entries");
        assert_eq!(hash, self.hash, "hash differs from a recomputation");
        assert_eq!(stones, self.stones, "stone counts differ");
        for i in 0..NUM_CELLS {
            if i >= self.size.cells_in_use() || !matches!(self.cells[i], Cell::Edge) {
                continue;
            }
            let (x, y) = (i % STRIDE, i / STRIDE);
            let n = self.size.get();
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
