//! Playing stones: placing one and merging chains, capturing, and the empty list and
//! neighbourhood keys that follow every stone.

use super::{
    Board, Cell, ChainInfo, NEIGHBOR_OFFSETS, NO_KO, ix, ko_code, nbr, neighbors, zobrist,
};
use crate::color::Color;
use crate::point::{Move, Point, STRIDE};

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

impl Board {
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
    pub(super) fn push_empty(&mut self, pi: usize) {
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
}
