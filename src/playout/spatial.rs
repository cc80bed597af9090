//! Large spatial patterns: the stones around a point within a nested series of
//! diamond-like neighbourhoods, hashed so that all eight symmetries share one key.
//!
//! The neighbourhoods are those of Pachi and of Stern, Herbrich and Graepel (2006): the
//! points at "gridcular" distance `dx + dy + max(dx, dy)` of at most `r` from the centre,
//! for `r` from [`MIN_RADIUS`] to [`MAX_RADIUS`]. Radius 3 is the 3x3 square (that shape is
//! read elsewhere, with its own key), radius 4 adds the four points two lines away, and
//! radius 10 covers 73 points (out to five lines away along the axes and three along the
//! diagonals).
//!
//! Each cell is empty, the mover's, the opponent's or off the board, so one key serves
//! both colours. A pattern's key is the smallest of its eight symmetric hashes (rotations
//! and reflections), each the XOR of a random value per (cell, content), salted by the
//! radius so that a pattern and its larger extension never share a key. [`hashes`] grows
//! the eight hashes ring by ring, so all radii together cost one pass over the largest.

use crate::board::Board;
use crate::color::Color;
use crate::point::Point;
use std::sync::OnceLock;

/// The smallest radius with a key of its own here (radius 3 is the 3x3 shape).
pub const MIN_RADIUS: usize = 4;
/// The largest radius.
pub const MAX_RADIUS: usize = 10;
/// Radii with a key: [`MIN_RADIUS`] to [`MAX_RADIUS`].
pub const RADII: usize = MAX_RADIUS - MIN_RADIUS + 1;

/// Cell contents, relative to the player to move.
const EMPTY: usize = 0;
const OWN: usize = 1;
const ENEMY: usize = 2;
const OFF_BOARD: usize = 3;

/// The gridcular distance of an offset.
pub const fn gridcular(dx: i32, dy: i32) -> usize {
    let (ax, ay) = (dx.unsigned_abs() as usize, dy.unsigned_abs() as usize);
    ax + ay + if ax > ay { ax } else { ay }
}

/// The offsets within [`MAX_RADIUS`], sorted by distance, and their random values under
/// each symmetry.
struct Tables {
    /// `(dx, dy)` of every offset except the centre, by distance then position.
    offsets: Vec<(i32, i32)>,
    /// Offsets with distance up to each radius: `ends[r]` is one past the last.
    ends: [usize; MAX_RADIUS + 1],
    /// `values[i][c]`: for offset `i` holding content `c`, the value under each of the
    /// eight symmetries (that of the offset the symmetry moves it to).
    values: Vec<[[u64; 8]; 4]>,
    /// Salt of each radius.
    salts: [u64; MAX_RADIUS + 1],
}

/// The `s`-th of the eight symmetries of the square, applied to an offset.
const fn symmetric(s: usize, (dx, dy): (i32, i32)) -> (i32, i32) {
    let (x, y) = if s & 4 != 0 { (dy, dx) } else { (dx, dy) };
    let x = if s & 1 != 0 { -x } else { x };
    let y = if s & 2 != 0 { -y } else { y };
    (x, y)
}

/// splitmix64, for the random values: fixed, so that keys never change between builds.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let m = MAX_RADIUS as i32;
        let mut offsets: Vec<(i32, i32)> = (-m..=m)
            .flat_map(|dy| (-m..=m).map(move |dx| (dx, dy)))
            .filter(|&(dx, dy)| (dx, dy) != (0, 0) && gridcular(dx, dy) <= MAX_RADIUS)
            .collect();
        offsets.sort_by_key(|&(dx, dy)| (gridcular(dx, dy), dy, dx));
        let mut ends = [0; MAX_RADIUS + 1];
        for (r, end) in ends.iter_mut().enumerate() {
            *end = offsets
                .iter()
                .filter(|&&(dx, dy)| gridcular(dx, dy) <= r)
                .count();
        }
        let mut state = 0x05ee_d0f5_a7a1_u64;
        let base: Vec<[u64; 4]> = offsets
            .iter()
            .map(|_| std::array::from_fn(|_| splitmix64(&mut state)))
            .collect();
        let index = |o: (i32, i32)| offsets.iter().position(|&q| q == o).expect("closed");
        let values = offsets
            .iter()
            .map(|&o| {
                std::array::from_fn(|c| std::array::from_fn(|s| base[index(symmetric(s, o))][c]))
            })
            .collect();
        let salts = std::array::from_fn(|_| splitmix64(&mut state));
        Tables {
            offsets,
            ends,
            values,
            salts,
        }
    })
}

/// The number of points (the centre included) within radius `r`.
pub fn points_within(r: usize) -> usize {
    1 + tables().ends[r.min(MAX_RADIUS)]
}

/// The keys of the patterns around the empty point `p` for `color` to move, for radii
/// [`MIN_RADIUS`] to [`MAX_RADIUS`] (index 0 is radius [`MIN_RADIUS`]).
pub fn hashes(board: &Board, color: Color, p: Point) -> [u64; RADII] {
    let t = tables();
    let n = board.size().get() as i32;
    let (x, y) = (p.x() as i32, p.y() as i32);
    let mut h = [0u64; 8];
    let mut out = [0u64; RADII];
    let mut i = 0;
    for r in 1..=MAX_RADIUS {
        while i < t.ends[r] {
            let (dx, dy) = t.offsets[i];
            let (qx, qy) = (x + dx, y + dy);
            let content = if qx < 0 || qy < 0 || qx >= n || qy >= n {
                OFF_BOARD
            } else {
                let q = Point::from_xy(qx as usize, qy as usize, board.size()).expect("on board");
                match board.color_at(q) {
                    None => EMPTY,
                    Some(c) if c == color => OWN,
                    Some(_) => ENEMY,
                }
            };
            let v = &t.values[i][content];
            for s in 0..8 {
                h[s] ^= v[s];
            }
            i += 1;
        }
        if r >= MIN_RADIUS {
            let min = h.iter().copied().min().expect("eight hashes");
            // Zero marks an empty slot in [`PatternTable`].
            out[r - MIN_RADIUS] = (min ^ t.salts[r]).max(1);
        }
    }
    out
}

/// A map from pattern key to a value, built once and read many times: open addressing
/// with linear probing in a power-of-two table at most half full.
#[derive(Clone, Debug, Default)]
pub struct PatternTable<V: Copy> {
    keys: Vec<u64>,
    values: Vec<V>,
    len: usize,
}

impl<V: Copy + Default> PatternTable<V> {
    /// A table of `entries` (the later of two equal keys wins). Key 0 is never stored.
    pub fn new(entries: impl IntoIterator<Item = (u64, V)>) -> PatternTable<V> {
        let entries: Vec<(u64, V)> = entries.into_iter().filter(|&(k, _)| k != 0).collect();
        let capacity = (2 * entries.len()).next_power_of_two().max(16);
        let mut table = PatternTable {
            keys: vec![0; capacity],
            values: vec![V::default(); capacity],
            len: 0,
        };
        for (k, v) in entries {
            let slot = table.slot(k);
            if table.keys[slot] == 0 {
                table.len += 1;
            }
            table.keys[slot] = k;
            table.values[slot] = v;
        }
        table
    }

    /// The slot holding `key`, or the empty slot where it would go.
    #[inline]
    fn slot(&self, key: u64) -> usize {
        let mask = self.keys.len() - 1;
        let mut i = (key as usize) & mask;
        while self.keys[i] != 0 && self.keys[i] != key {
            i = (i + 1) & mask;
        }
        i
    }

    /// The value of `key`, if stored.
    #[inline]
    pub fn get(&self, key: u64) -> Option<V> {
        let i = self.slot(key);
        (self.keys[i] != 0).then(|| self.values[i])
    }

    /// The number of keys stored.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no key is stored.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value of the largest pattern of `keys` (from [`hashes`]) in the table, with its
    /// radius.
    pub fn largest(&self, keys: &[u64; RADII]) -> Option<(usize, V)> {
        keys.iter()
            .enumerate()
            .rev()
            .find_map(|(i, &k)| self.get(k).map(|v| (MIN_RADIUS + i, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::{board, pt};

    #[test]
    fn neighbourhoods_grow_as_in_pachi() {
        // Radius 2: the four neighbours; 3: the 3x3 square; 4: two lines away.
        assert_eq!(points_within(2), 5);
        assert_eq!(points_within(3), 9);
        assert_eq!(points_within(4), 13);
        assert_eq!(points_within(MAX_RADIUS), 73);
        assert_eq!(gridcular(1, 1), 3);
        assert_eq!(gridcular(0, 2), 4);
        assert_eq!(gridcular(-3, 2), 8);
    }

    /// A corner shape, and the same shape turned and mirrored into the other corners.
    const CORNERS: &str = "
        . . . . . . . . . . . . .
        . . . . . . . . . . . . .
        . . X O . . . . . O X . .
        . . . . . . . . . . . . .
        . . . . . . . . . . . . .
        . . . . . . . . . . . . .
        . . . . . . . . . . . . .
        . . . . . . . . . . . . .
        . . . . . . . . . . . . .
        . . O . . . . . . . . . .
        . . X . . . . . . O X . .
        . . . . . . . . . . . . .
        . . . . . . . . . . . . .";

    #[test]
    fn symmetric_patterns_share_every_key() {
        let b = board(CORNERS);
        let top_left = hashes(&b, Color::Black, pt("C12", &b));
        let top_right = hashes(&b, Color::Black, pt("L12", &b));
        assert_eq!(top_left, top_right, "mirrored left to right");
        let bottom_left = hashes(&b, Color::Black, pt("B3", &b));
        assert_eq!(top_left, bottom_left, "turned a quarter");
        let bottom_right = hashes(&b, Color::Black, pt("L2", &b));
        assert_eq!(top_left, bottom_right, "turned and mirrored");
    }

    #[test]
    fn keys_are_relative_to_the_mover_and_differ_by_radius() {
        let b = board(CORNERS);
        let black = hashes(&b, Color::Black, pt("C12", &b));
        let white = hashes(&b, Color::White, pt("C12", &b));
        assert!(black.iter().zip(&white).all(|(a, b)| a != b));
        let mut seen = std::collections::HashSet::new();
        for k in black {
            assert!(seen.insert(k), "two radii share a key");
        }
    }

    #[test]
    fn a_far_stone_changes_only_the_radii_that_reach_it() {
        let b = board(
            "
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .",
        );
        let mut with_stone = b.clone();
        // Three lines right and two up from G7: distance 3 + 2 + 3 = 8.
        with_stone.play_unchecked(Color::White, crate::point::Move::Play(pt("K9", &b)));
        let plain = hashes(&b, Color::Black, pt("G7", &b));
        let changed = hashes(&with_stone, Color::Black, pt("G7", &b));
        for r in MIN_RADIUS..=MAX_RADIUS {
            let i = r - MIN_RADIUS;
            assert_eq!(plain[i] == changed[i], r < 8, "radius {r}");
        }
    }

    #[test]
    fn the_table_finds_the_largest_stored_pattern() {
        let b = board(CORNERS);
        let keys = hashes(&b, Color::Black, pt("C12", &b));
        let table = PatternTable::new([(keys[0], 1u32), (keys[1], 2), (keys[2], 3), (12345, 9)]);
        assert_eq!(table.len(), 4);
        assert_eq!(table.largest(&keys), Some((MIN_RADIUS + 2, 3)));
        assert_eq!(table.get(keys[3]), None);
        // A gap does not hide the larger pattern beyond it.
        let gap = PatternTable::new([(keys[0], 1u32), (keys[2], 3)]);
        assert_eq!(gap.largest(&keys), Some((MIN_RADIUS + 2, 3)));
        let empty: PatternTable<u32> = PatternTable::new([]);
        assert_eq!(empty.largest(&keys), None);
    }
}
