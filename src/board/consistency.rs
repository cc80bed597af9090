//! The consistency check behind the property tests: every incremental fact re-derived
//! from the stones alone.

use super::{Board, Cell, ChainInfo, SCRATCH_LIBS, nbr, neighbors, zobrist};
use crate::color::Color;
use crate::point::{NUM_CELLS, Point, STRIDE};

impl Board {
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
