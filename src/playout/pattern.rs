//! MoGo's 3x3 patterns: shapes around an empty point that make it a good local move.
//!
//! The shapes are those of Gelly et al. (2006) as Fuego encodes them (`docs/knowledge.md`): hane,
//! cut 1, cut 2 and the edge shapes. Each is written below as a 3x3 picture with the move in
//! the middle, matched in all eight symmetries and, unless a shape says otherwise, for either
//! colour as `X`. They are compiled at build time into one bit per possible neighbourhood:
//! the eight cells around a point, each empty, the mover's, the opponent's or off the board,
//! make a 16-bit key, so a match costs one key computation and one bit test.
//!
//! The patterns carry no liberty information: callers filter self-ataris themselves.

use crate::board::Board;
use crate::color::Color;
use crate::point::Point;

/// Who must be to move for a shape to count.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ToMove {
    /// Either player: the shape is matched with `X` as the mover and as the opponent.
    Either,
    /// Only when `X` is the mover.
    X,
    /// Only when `O` is the mover.
    O,
}

/// A shape: three rows of three cells, top row first, the move at `*` in the middle.
///
/// `X`, `O`: stones of the two colours; `.` empty; `?` anything on the board; `x` `X` or
/// empty; `o` `O` or empty; `#` off the board. `?`, `x` and `o` never match off-board
/// cells, so centre shapes match only away from the edge and no shape matches in a corner.
struct Shape {
    cells: &'static [u8; 9],
    to_move: ToMove,
}

const fn shape(cells: &'static [u8; 9], to_move: ToMove) -> Shape {
    Shape { cells, to_move }
}

/// The MoGo shapes. Fuego's cut 1 (`X O ?` over `O * ?`) is excluded when, of the cell east
/// of the move and the cell south of it, one is `O` and the other empty; it is written here
/// as the four shapes that cover the remaining cases.
const SHAPES: [Shape; 14] = [
    // Hane: enclosing, non-cutting, magari, and the thin hane (X to move only).
    shape(b"XOX.*.???", ToMove::Either),
    shape(b"XO..*.?.?", ToMove::Either),
    shape(b"XO?X*.?.?", ToMove::Either),
    shape(b"XOO.*.?.?", ToMove::X),
    // Cut 1.
    shape(b"XO?O*X???", ToMove::Either),
    shape(b"XO?O*??X?", ToMove::Either),
    shape(b"XO?O*.?.?", ToMove::Either),
    shape(b"XO?O*O?O?", ToMove::Either),
    // Cut 2.
    shape(b"?X?O*Oxxx", ToMove::Either),
    // Edge: the move on the first line, the edge below.
    shape(b"X.?O*?###", ToMove::Either),
    shape(b"?X?o*O###", ToMove::Either),
    shape(b"?XO?*?###", ToMove::X),
    shape(b"?XO?*o###", ToMove::O),
    shape(b"?XOO*X###", ToMove::O),
];

/// Cell codes of a mover-relative key, two bits per cell.
const EMPTY: u8 = 0;
const OWN: u8 = 1;
const ENEMY: u8 = 2;
const EDGE: u8 = 3;

/// Template positions (row * 3 + column) of the key's eight cells, in key order: the row
/// above, the two sides, the row below (see [`Board::neighborhood_key`]).
pub(crate) const KEY_CELLS: [usize; 8] = [0, 1, 2, 3, 5, 6, 7, 8];

/// The codes a template character allows, as a bit set over codes, when `X` is `x_code`.
const fn allowed(ch: u8, x_code: u8) -> u8 {
    let o_code = OWN + ENEMY - x_code;
    match ch {
        b'X' => 1 << x_code,
        b'O' => 1 << o_code,
        b'.' => 1 << EMPTY,
        b'x' => (1 << x_code) | (1 << EMPTY),
        b'o' => (1 << o_code) | (1 << EMPTY),
        b'?' => (1 << EMPTY) | (1 << OWN) | (1 << ENEMY),
        b'#' => 1 << EDGE,
        _ => panic!("unknown pattern character"),
    }
}

/// Where symmetry `s` (0..8: rotations, then the same after a reflection) takes the
/// template cell at (`r`, `c`).
pub(crate) const fn transform(s: usize, r: usize, c: usize) -> usize {
    let (dr, dc) = (r as i32 - 1, c as i32 - 1);
    let (dr, dc) = match s {
        0 => (dr, dc),
        1 => (dc, -dr),
        2 => (-dr, -dc),
        3 => (-dc, dr),
        4 => (dr, -dc),
        5 => (-dr, dc),
        6 => (dc, dr),
        _ => (-dc, -dr),
    };
    ((dr + 1) * 3 + dc + 1) as usize
}

/// Sets the table bit of every key that `shape`, turned by symmetry `s`, matches with `X`
/// coded as `x_code`.
const fn add_shape(table: &mut [u64; 1024], shape: &Shape, s: usize, x_code: u8) {
    // The allowed codes of each key cell.
    let mut sets = [0u8; 8];
    let mut r = 0;
    while r < 3 {
        let mut c = 0;
        while c < 3 {
            let at = transform(s, r, c);
            let mut k = 0;
            while k < 8 {
                if KEY_CELLS[k] == at {
                    sets[k] = allowed(shape.cells[r * 3 + c], x_code);
                }
                k += 1;
            }
            c += 1;
        }
        r += 1;
    }
    // Every combination of allowed codes, counted like an odometer.
    let mut codes = [0u8; 8];
    let mut k = 0;
    while k < 8 {
        codes[k] = first_code(sets[k], 0);
        k += 1;
    }
    loop {
        let mut key = 0usize;
        let mut k = 0;
        while k < 8 {
            key |= (codes[k] as usize) << (2 * k);
            k += 1;
        }
        table[key >> 6] |= 1 << (key & 63);
        let mut k = 0;
        loop {
            if k == 8 {
                return;
            }
            let next = first_code(sets[k], codes[k] + 1);
            if next < 4 {
                codes[k] = next;
                break;
            }
            codes[k] = first_code(sets[k], 0);
            k += 1;
        }
    }
}

/// The smallest code in `set` that is at least `from`, or 4 if none.
const fn first_code(set: u8, from: u8) -> u8 {
    let mut c = from;
    while c < 4 && set & (1 << c) == 0 {
        c += 1;
    }
    c
}

const fn build_table() -> [u64; 1024] {
    let mut table = [0u64; 1024];
    let mut i = 0;
    while i < SHAPES.len() {
        let shape = &SHAPES[i];
        let mut s = 0;
        while s < 8 {
            if !matches!(shape.to_move, ToMove::O) {
                add_shape(&mut table, shape, s, OWN);
            }
            if !matches!(shape.to_move, ToMove::X) {
                add_shape(&mut table, shape, s, ENEMY);
            }
            s += 1;
        }
        i += 1;
    }
    table
}

/// The key with the two stone colours swapped: cells holding 1 or 2 have exactly one of
/// their two bits set, and both bits flip.
pub(crate) const fn swap_colors(key: u16) -> u16 {
    let stones = (key ^ (key >> 1)) & 0x5555;
    key ^ (stones | (stones << 1))
}

/// The table of board keys (1 black, 2 white) for White to move: the mover-relative table
/// (1 own, 2 enemy) read with the colours swapped. Black's table is the relative one.
const fn white_table(relative: &[u64; 1024]) -> [u64; 1024] {
    let mut table = [0u64; 1024];
    let mut key = 0usize;
    while key < 1 << 16 {
        let r = swap_colors(key as u16) as usize;
        if relative[r >> 6] & (1 << (r & 63)) != 0 {
            table[key >> 6] |= 1 << (key & 63);
        }
        key += 1;
    }
    table
}

/// One bit per board neighbourhood key, per colour to move (by [`Color::index`]): set when
/// some shape matches for that colour. Two tables rather than one plus a colour swap per
/// key: pattern matching runs for nearly every playout move.
static TABLES: [[u64; 1024]; 2] = {
    let relative = build_table();
    [relative, white_table(&relative)]
};

/// Whether the board neighbourhood `key` matches a shape for `color` to move.
#[inline(always)]
fn matches_key(key: u16, color: Color) -> bool {
    TABLES[color.index()][usize::from(key >> 6)] & (1 << (key & 63)) != 0
}

/// The empty cells around `p` where a move by `color` completes a shape, as the low bit of
/// each cell's two in a neighbourhood key. Branch-free: all eight cells are looked up and
/// the result masked with the empty ones.
#[inline]
pub(crate) fn matching_cells(board: &Board, color: Color, p: Point) -> u16 {
    let (key, keys) = board.neighborhood_keys(p);
    let table = &TABLES[color.index()];
    let mut cells = 0u16;
    for (k, &cell_key) in keys.iter().enumerate() {
        let hit = table[usize::from(cell_key >> 6)] & (1 << (cell_key & 63)) != 0;
        cells |= u16::from(hit) << (2 * k);
    }
    cells & !(key | (key >> 1)) & 0x5555
}

/// Whether a move by `color` on the empty point `p` completes one of the 3x3 shapes with
/// the stones around it. Says nothing about legality or liberties.
#[inline]
pub fn matches(board: &Board, color: Color, p: Point) -> bool {
    debug_assert!(board.is_empty(p), "pattern match on an occupied point {p}");
    matches_key(board.neighborhood_key(p), color)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_of(rows: &[u8; 9]) -> u16 {
        let mut key = 0u16;
        for (k, &at) in KEY_CELLS.iter().enumerate() {
            let code = match rows[at] {
                b'.' => EMPTY,
                b'X' => OWN,
                b'O' => ENEMY,
                b'#' => EDGE,
                _ => unreachable!(),
            };
            key |= u16::from(code) << (2 * k);
        }
        key
    }

    /// Whether the shape drawn with X as the mover matches, checked to agree for Black and
    /// for White to move.
    fn hit(rows: &[u8; 9]) -> bool {
        let key = key_of(rows);
        let black = matches_key(key, Color::Black);
        assert_eq!(black, matches_key(swap_colors(key), Color::White));
        black
    }

    #[test]
    fn shapes_match_as_written_and_the_empty_neighbourhood_does_not() {
        // X is the mover here.
        assert!(hit(b"XOX.*.XXX"));
        assert!(hit(b"OXO.*...."), "colours swapped");
        assert!(hit(b"XOO.*.X.X"), "thin hane, X to move");
        assert!(!hit(b"OXX.*.O.O"), "thin hane with O to move");
        assert!(!hit(b"....*...."));
        assert!(!hit(b"X...*...."));
    }

    #[test]
    fn cut_one_exclusions() {
        assert!(hit(b"XO.O*...X"));
        // East O and south empty, or east empty and south O: not a cut.
        assert!(!hit(b"XO.O*O..."));
        assert!(!hit(b"XO.O*..O."));
    }

    #[test]
    fn corners_never_match() {
        for key in 0..=u16::MAX {
            // Both the west and the south cells off the board: a corner point.
            if (key >> 6) & 3 == 3 && (key >> 12) & 3 == 3 {
                assert!(!matches_key(key, Color::Black), "{key:#06x}");
                assert!(!matches_key(key, Color::White), "{key:#06x}");
            }
        }
    }

    #[test]
    fn swapping_colours_changes_only_stones() {
        let key = 0b11_10_01_00_00_01_10_11;
        let swapped = 0b11_01_10_00_00_10_01_11;
        assert_eq!(swap_colors(key), swapped);
        assert_eq!(swap_colors(swapped), key);
    }
}
