//! Zobrist hash keys, generated at compile time so that no start-up call is needed.

use crate::color::Color;
use crate::point::{NUM_CELLS, Point};

/// splitmix64: a full-period generator whose outputs are well mixed, ample for hash keys.
const fn splitmix64(state: u64) -> (u64, u64) {
    let state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (state, z ^ (z >> 31))
}

const fn make_keys() -> [[u64; NUM_CELLS]; 2] {
    let mut keys = [[0u64; NUM_CELLS]; 2];
    let mut state = 0x5745_4951_4932_3032; // any fixed seed
    let mut c = 0;
    while c < 2 {
        let mut i = 0;
        while i < NUM_CELLS {
            let (s, k) = splitmix64(state);
            state = s;
            keys[c][i] = k;
            i += 1;
        }
        c += 1;
    }
    keys
}

static STONE_KEYS: [[u64; NUM_CELLS]; 2] = make_keys();

/// The key of a stone of `color` on `p`.
#[inline]
pub fn stone(color: Color, p: Point) -> u64 {
    STONE_KEYS[color.index()][p.index()]
}

/// The key XORed into a position hash to say whose turn it is (situational superko).
pub const WHITE_TO_MOVE: u64 = 0x2D35_8DCC_AA6C_78A5;
