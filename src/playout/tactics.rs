//! Tactical reading of one move without playing it: liberties after the move, captures,
//! rescues, ataris and self-ataris. Shared by the heavy playout policy and the tree's priors.
//!
//! Everything here works on a `&Board` and a candidate empty point, in constant time or in
//! time linear in the stones captured, and never allocates. Liberty counts come from the
//! board's pseudo-liberty statistics ("liberties of this chain other than `p`"), so the
//! size of the friendly chains joined by the move does not matter.

use super::pattern;
use crate::board::Board;
use crate::board::query::OtherLiberties;
use crate::color::Color;
use crate::point::Point;

/// The largest eye space (stones of the filling chain plus empty points) in which a
/// multi-stone self-atari still counts as a nakade-like filling move. Six covers the
/// killing shapes (up to the rabbity six), as Fuego's `NAKADE_LIMIT` does.
pub const NAKADE_SPACE: usize = 6;

/// What a stone of some colour on an empty point would leave, read without playing it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AfterMove {
    /// Distinct liberties of the mover's chain once the move and its captures are made,
    /// counted up to 2: 0 is suicide, 1 a self-atari, 2 means two or more.
    pub liberties: u8,
    /// The only liberty when `liberties` is 1.
    pub last_liberty: Option<Point>,
    /// Stones of the mover's chain after the move: the new stone and the chains it joins.
    pub stones: u16,
    /// Enemy stones captured by the move.
    pub captures: u16,
}

/// Tactical facts about one move, for the tree's priors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MoveFeatures {
    /// Enemy stones captured.
    pub captures: u16,
    /// Own stones in atari before the move that the move saves: chains it joins when the
    /// result has two or more liberties, and chains next to captured enemy stones.
    pub saves: u16,
    /// Stones of the mover's chain left in atari by the move (0 if it keeps two or more
    /// liberties). Counted whether or not the move also captures; callers that excuse
    /// capturing self-ataris (a ko capture, say) check `captures`.
    pub self_atari: u16,
    /// Whether the move leaves an adjacent enemy chain with a single liberty.
    pub atari: bool,
    /// Whether the move matches a 3x3 pattern ([`pattern::matches`]).
    pub pattern: bool,
}

/// Up to four chain ids, without repeats.
#[derive(Clone, Copy)]
struct Chains {
    ids: [Point; 4],
    n: usize,
}

impl Chains {
    #[inline]
    fn new(filler: Point) -> Chains {
        Chains {
            ids: [filler; 4],
            n: 0,
        }
    }

    #[inline]
    fn contains(&self, id: Point) -> bool {
        self.ids[..self.n].contains(&id)
    }

    /// Adds `id`; false if it was there already.
    #[inline]
    fn insert(&mut self, id: Point) -> bool {
        if self.contains(id) {
            return false;
        }
        // A point has four neighbours, so at most four chains are ever inserted.
        self.ids[self.n] = id;
        self.n += 1;
        true
    }

    #[inline]
    fn as_slice(&self) -> &[Point] {
        &self.ids[..self.n]
    }
}

/// Up to two distinct liberties; the second saturates the count.
#[derive(Clone, Copy)]
struct Liberties {
    first: Option<Point>,
    many: bool,
}

impl Liberties {
    #[inline]
    fn add(&mut self, q: Point) {
        match self.first {
            None => self.first = Some(q),
            Some(f) if f != q => self.many = true,
            Some(_) => {}
        }
    }
}

/// The whole reading of one move: its result and the chains it joins and captures.
struct Reading {
    after: AfterMove,
    joined: Chains,
    captured: Chains,
}

fn read(board: &Board, color: Color, p: Point) -> Reading {
    debug_assert!(board.is_empty(p), "reading a move on an occupied point {p}");
    let mut libs = Liberties {
        first: None,
        many: false,
    };
    let mut joined = Chains::new(p);
    let mut captured = Chains::new(p);
    let (mut stones, mut captures) = (1u16, 0u16);
    for q in board.neighbors(p) {
        match board.color_at(q) {
            None => libs.add(q),
            Some(c) if c == color => {
                if joined.insert(board.chain_id(q)) {
                    stones += board.chain_len(q) as u16;
                    match board.liberties_other_than(q, p) {
                        OtherLiberties::None => {}
                        OtherLiberties::One(l) => libs.add(l),
                        OtherLiberties::Many => libs.many = true,
                    }
                }
            }
            // An adjacent enemy chain in atari has p as its last liberty.
            Some(_) => {
                if board.in_atari(q) && captured.insert(board.chain_id(q)) {
                    captures += board.chain_len(q) as u16;
                }
            }
        }
    }
    // Captured stones next to the new chain become its liberties.
    if !libs.many {
        'captured: for &id in captured.as_slice() {
            for s in board.chain_stones(id) {
                let touches = board.neighbors(s).any(|t| {
                    t == p
                        || (board.color_at(t) == Some(color) && joined.contains(board.chain_id(t)))
                });
                if touches {
                    libs.add(s);
                    if libs.many {
                        break 'captured;
                    }
                }
            }
        }
    }
    let liberties = if libs.many {
        2
    } else {
        u8::from(libs.first.is_some())
    };
    Reading {
        after: AfterMove {
            liberties,
            last_liberty: if liberties == 1 { libs.first } else { None },
            stones,
            captures,
        },
        joined,
        captured,
    }
}

/// What a stone of `color` on the empty point `p` would leave: the liberties (up to two)
/// and size of its chain, and the stones it captures.
///
/// # Panics
/// In debug builds, when `p` is occupied.
#[inline]
pub fn after_move(board: &Board, color: Color, p: Point) -> AfterMove {
    read(board, color, p).after
}

/// Whether a stone of `color` on the empty point `p` would leave its chain with exactly one
/// liberty, captures included (a capture that leaves one liberty, such as taking a ko, is a
/// self-atari too).
#[inline]
pub fn is_self_atari(board: &Board, color: Color, p: Point) -> bool {
    board.empty_neighbor_count(p) < 2 && read(board, color, p).after.liberties == 1
}

/// Whether a playout should refuse `color`'s move on the empty point `p` as a bad
/// self-atari: the chain it forms has two or more stones and a single liberty, the move
/// captures nothing, and it is not a nakade-like filling of an enemy eye space (see
/// [`NAKADE_SPACE`]). A lone stone in atari is never bad here: throw-ins and the vital
/// points of small eyes are such stones, and playouts need them.
#[inline]
pub fn is_bad_self_atari(board: &Board, color: Color, p: Point) -> bool {
    // Two empty neighbours are two liberties, and without a friendly neighbour the chain
    // is the lone new stone: the common cases, decided by one load each.
    if board.empty_neighbor_count(p) >= 2 || board.neighbor_stones(p, color) == 0 {
        return false;
    }
    // One liberty (none would be a suicide, which is no self-atari) and, with the friendly
    // neighbour, at least two stones.
    match scan_liberties(board, color, p) {
        Scan::One => !is_nakade_like(board, color, p, &read(board, color, p)),
        Scan::Two | Scan::Captures | Scan::None => false,
    }
}

/// Whether a stone of `color` on the empty point `p` would have two or more liberties,
/// captures included. Cheaper than [`after_move`]: it stops at the second liberty.
#[inline]
pub fn keeps_two_liberties(board: &Board, color: Color, p: Point) -> bool {
    if board.empty_neighbor_count(p) >= 2 {
        return true;
    }
    match scan_liberties(board, color, p) {
        Scan::Two => true,
        Scan::Captures => read(board, color, p).after.liberties >= 2,
        Scan::One | Scan::None => false,
    }
}

/// What [`scan_liberties`] found.
enum Scan {
    /// Two or more liberties without counting captures.
    Two,
    /// The move captures (liberties not counted).
    Captures,
    /// Exactly one liberty, and no capture.
    One,
    /// No liberty and no capture: a suicide.
    None,
}

/// The liberties of a stone of `color` on the empty point `p`, up to two, stopping at the
/// second liberty or the first capture.
#[inline]
fn scan_liberties(board: &Board, color: Color, p: Point) -> Scan {
    let mut lib = None;
    for q in board.neighbors(p) {
        let other = match board.color_at(q) {
            None => Some(q),
            Some(c) if c == color => match board.liberties_other_than(q, p) {
                OtherLiberties::None => None,
                OtherLiberties::One(l) => Some(l),
                OtherLiberties::Many => return Scan::Two,
            },
            Some(_) if board.in_atari(q) => return Scan::Captures,
            Some(_) => None,
        };
        if let Some(l) = other {
            match lib {
                Some(first) if first != l => return Scan::Two,
                _ => lib = Some(l),
            }
        }
    }
    if lib.is_some() { Scan::One } else { Scan::None }
}

/// Whether the self-atari `r` (of `color` on `p`) fills an eye space of the enemy: its
/// chain and the empty region around its last liberty together have at most
/// [`NAKADE_SPACE`] points, and no other stone of `color` touches that region.
fn is_nakade_like(board: &Board, color: Color, p: Point, r: &Reading) -> bool {
    let stones = usize::from(r.after.stones);
    let Some(lib) = r.after.last_liberty else {
        return false;
    };
    if stones >= NAKADE_SPACE {
        return false;
    }
    let budget = NAKADE_SPACE - stones;
    let mut region = [lib; NAKADE_SPACE];
    let mut n = 1;
    let mut i = 0;
    while i < n {
        for t in board.neighbors(region[i]) {
            if t == p {
                continue;
            }
            match board.color_at(t) {
                None => {
                    if !region[..n].contains(&t) {
                        if n == budget {
                            return false;
                        }
                        region[n] = t;
                        n += 1;
                    }
                }
                Some(c) if c == color => {
                    if !r.joined.contains(board.chain_id(t)) {
                        return false;
                    }
                }
                Some(_) => {}
            }
        }
        i += 1;
    }
    true
}

/// Tactical facts about `color` playing on `p`, for priors. `p` should be a legal move; for
/// an occupied point or a suicide every field is zero or false.
pub fn move_features(board: &Board, color: Color, p: Point) -> MoveFeatures {
    if !board.is_empty(p) {
        return MoveFeatures::default();
    }
    let r = read(board, color, p);
    let a = r.after;
    if a.liberties == 0 {
        return MoveFeatures::default();
    }
    let mut saves = 0u16;
    if a.liberties >= 2 {
        // Joined chains in atari had p as their last liberty and now have two or more.
        for &id in r.joined.as_slice() {
            if board.in_atari(id) {
                saves += board.chain_len(id) as u16;
            }
        }
    }
    if a.captures > 0 {
        saves += freed_by_captures(board, color, &r);
    }
    let mut atari = false;
    for q in board.neighbors(p) {
        if board.color_at(q) == Some(!color)
            && !r.captured.contains(board.chain_id(q))
            && matches!(board.liberties_other_than(q, p), OtherLiberties::One(_))
        {
            atari = true;
            break;
        }
    }
    MoveFeatures {
        captures: a.captures,
        saves,
        self_atari: if a.liberties == 1 { a.stones } else { 0 },
        atari,
        pattern: pattern::matches(board, color, p),
    }
}

/// Stones of `color`'s chains in atari, not joined by the move, that touch stones the move
/// captures: each gains a liberty and keeps its own (which is not `p`, since the chains
/// next to `p` are the joined ones). Linear in the captured stones.
fn freed_by_captures(board: &Board, color: Color, r: &Reading) -> u16 {
    let mut freed = [r.captured.ids[0]; 16];
    let mut n = 0;
    let mut stones = 0u16;
    for &id in r.captured.as_slice() {
        for s in board.chain_stones(id) {
            for t in board.neighbors(s) {
                if board.color_at(t) != Some(color) || !board.in_atari(t) {
                    continue;
                }
                let chain = board.chain_id(t);
                if r.joined.contains(chain) || freed[..n].contains(&chain) {
                    continue;
                }
                // More than 16 freed chains cannot happen in practice; stop counting then.
                if n < freed.len() {
                    freed[n] = chain;
                    n += 1;
                    stones += board.chain_len(t) as u16;
                }
            }
        }
    }
    stones
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::pt;

    #[test]
    fn liberties_after_joining_and_capturing() {
        let b = Board::from_diagram(
            "
            . . . . .
            . . . . .
            O X . . .
            X O . . .
            . X . . .
            ",
        )
        .unwrap();
        // White B2 is in atari at C2, black A2 at A1, white A3 at A4.
        let a = after_move(&b, Color::Black, pt("C2", &b));
        assert_eq!(a.captures, 1);
        assert_eq!(a.liberties, 2);
        // White A1 takes A2 and is left with A2 as its only liberty (B1 is black).
        let a = after_move(&b, Color::White, pt("A1", &b));
        assert_eq!(a.captures, 1);
        assert_eq!(a.stones, 1);
        assert_eq!(a.liberties, 1);
        assert_eq!(a.last_liberty, Some(pt("A2", &b)));
    }
}
