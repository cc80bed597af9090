//! Learned move knowledge for the priors: a generalised Bradley-Terry model (Coulom,
//! "Computing Elo Ratings of Move Patterns in the Game of Go", 2007).
//!
//! A candidate move is described by one level in each of a few feature groups ([`Features`]):
//! its 3x3 shape, what it captures, saves or leaves in atari, how far it is from the last
//! two moves, and its line. Each level has a weight, a "gamma"; a move's strength is the
//! product of its levels' gammas, and the model says a player picks a move with probability
//! its strength over the sum of all candidates' strengths. The gammas in
//! `learned_gammas.rs` were fitted by minorization-maximization to the moves of recorded
//! games (`examples/train_priors.rs` says how); level 0 of every tactical group is the
//! baseline with gamma 1.

use super::learned_gammas;
use crate::board::Board;
use crate::color::Color;
use crate::playout::Recent;
use crate::playout::ladder::LadderReader;
use crate::playout::pattern::{KEY_CELLS, swap_colors, transform};
use crate::playout::tactics::{MoveFeatures, move_features};
use crate::point::Point;
use std::sync::OnceLock;

/// Feature groups: the 3x3 shape, then the tactical groups.
pub const GROUPS: usize = 8;

/// Levels of each tactical group, the baseline 0 included (group 0, the shape, has one
/// level per canonical neighbourhood key instead).
pub const LEVELS: [usize; GROUPS] = [0, 3, 4, 3, 3, 10, 10, 11];

/// Group names, for the trainer's report.
pub const GROUP_NAMES: [&str; GROUPS] = [
    "shape",
    "capture",
    "save",
    "self-atari",
    "atari",
    "distance to last move",
    "distance to move before",
    "line and empty area",
];

/// What the priors read about one candidate move: its tactics and the two ladders that
/// matter for them. One reading serves both the hand-written priors and the model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// Captures, rescues, ataris and self-ataris.
    pub tactics: MoveFeatures,
    /// The move saves stones from atari only by running into a ladder that fails.
    pub lost_escape: bool,
    /// The move is an atari (not a self-atari) that starts a working ladder.
    pub ladder_atari: bool,
}

impl Reading {
    /// Reads the legal move `p` for `color`.
    pub fn of(board: &Board, color: Color, p: Point, ladders: &mut LadderReader) -> Reading {
        let f = move_features(board, color, p);
        let lost_escape = f.saves > 0
            && f.captures == 0
            && f.self_atari == 0
            && ladders.escape_fails(board, color, p);
        let ladder_atari = f.atari && f.self_atari == 0 && ladders.atari_captures(board, color, p);
        Reading {
            tactics: f,
            lost_escape,
            ladder_atari,
        }
    }
}

/// A candidate move as the model sees it: the level of each feature group. `levels[0]` is
/// the canonical neighbourhood key ([`canonical_key`]); the others are below their group's
/// [`LEVELS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Features {
    /// The level of each group.
    pub levels: [u16; GROUPS],
}

impl Features {
    /// The features of the legal move `p` for `color`, read as `reading`, after `recent`.
    pub fn of(
        board: &Board,
        color: Color,
        p: Point,
        recent: Recent,
        reading: &Reading,
    ) -> Features {
        let f = &reading.tactics;
        let stones = |n: u16| if n == 1 { 1 } else { 2 };
        let capture = if f.captures > 0 {
            stones(f.captures)
        } else {
            0
        };
        let save = match (f.saves, reading.lost_escape) {
            (0, _) => 0,
            (_, true) => 3,
            (n, false) => stones(n),
        };
        let self_atari = if f.self_atari > 0 && f.captures == 0 {
            stones(f.self_atari)
        } else {
            0
        };
        let atari = match (f.atari && f.self_atari == 0, reading.ladder_atari) {
            (false, _) => 0,
            (true, true) => 1,
            (true, false) => 2,
        };
        let line = line(p, board.size().get());
        let empty = u16::from(empty_around(board, p, 3));
        let line_level = 1 + 2 * (line.min(5) as u16 - 1) + empty;
        Features {
            levels: [
                canonical_key(board, color, p),
                capture,
                save,
                self_atari,
                atari,
                distance_level(p, recent.last),
                distance_level(p, recent.before_last),
                line_level,
            ],
        }
    }
}

/// Coulom's distance `dx + dy + max(dx, dy)` from `p` to `q` as a level: 1 for a
/// neighbour (distance 2) up to 8 (distance 9), 9 beyond, 0 when there is no such move.
fn distance_level(p: Point, q: Option<Point>) -> u16 {
    let Some(q) = q else { return 0 };
    let (dx, dy) = (p.x().abs_diff(q.x()), p.y().abs_diff(q.y()));
    let d = dx + dy + dx.max(dy);
    (d.clamp(2, 10) - 1) as u16
}

/// Line of a point on a board of `size`, counted from the nearest edge, 1 for the edge
/// itself.
pub(crate) fn line(p: Point, size: usize) -> usize {
    1 + p.x().min(p.y()).min(size - 1 - p.x()).min(size - 1 - p.y())
}

/// Whether no stone lies within Manhattan distance `r` of `p`.
pub(crate) fn empty_around(board: &Board, p: Point, r: usize) -> bool {
    let n = board.size().get() as isize;
    let (x, y) = (p.x() as isize, p.y() as isize);
    let r = r as isize;
    for dy in -r..=r {
        let span = r - dy.abs();
        for dx in -span..=span {
            let (qx, qy) = (x + dx, y + dy);
            if qx < 0 || qy < 0 || qx >= n || qy >= n {
                continue;
            }
            let q = Point::from_xy(qx as usize, qy as usize, board.size()).expect("in range");
            if board.color_at(q).is_some() {
                return false;
            }
        }
    }
    true
}

/// The neighbourhood key of `p` as `color` sees it (1 own stone, 2 enemy), turned to the
/// smallest of its eight symmetric forms, so that one gamma serves all of them.
pub fn canonical_key(board: &Board, color: Color, p: Point) -> u16 {
    let key = board.neighborhood_key(p);
    let relative = match color {
        Color::Black => key,
        Color::White => swap_colors(key),
    };
    canonical_table()[usize::from(relative)]
}

/// [`canonical_key`] by mover-relative key, built once.
fn canonical_table() -> &'static [u16] {
    static TABLE: OnceLock<Box<[u16]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Where each symmetry takes each key cell.
        let mut moves = [[0usize; 8]; 8];
        for (s, cells) in moves.iter_mut().enumerate() {
            for (k, to) in cells.iter_mut().enumerate() {
                let at = transform(s, KEY_CELLS[k] / 3, KEY_CELLS[k] % 3);
                *to = KEY_CELLS.iter().position(|&c| c == at).expect("a key cell");
            }
        }
        (0..=u16::MAX)
            .map(|key| {
                moves
                    .iter()
                    .map(|cells| {
                        cells.iter().enumerate().fold(0u16, |out, (k, &to)| {
                            out | (((key >> (2 * k)) & 3) << (2 * to))
                        })
                    })
                    .min()
                    .expect("eight symmetries")
            })
            .collect()
    })
}

/// The fitted gammas, ready to use.
pub struct Model {
    /// Gamma by canonical key.
    shape: Box<[f32]>,
}

impl Model {
    /// The model of `learned_gammas.rs`.
    pub fn get() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            let mut shape = vec![learned_gammas::RARE_SHAPE; 1 << 16].into_boxed_slice();
            for &(key, gamma) in learned_gammas::SHAPES.iter() {
                shape[usize::from(key)] = gamma;
            }
            Model { shape }
        })
    }

    /// The strength of a move: the product of its levels' gammas.
    pub fn strength(&self, f: &Features) -> f64 {
        let mut s = f64::from(self.shape[usize::from(f.levels[0])]);
        for (g, &level) in f.levels.iter().enumerate().skip(1) {
            s *= f64::from(
                learned_gammas::TACTICAL[g]
                    .get(usize::from(level))
                    .copied()
                    .unwrap_or(1.0),
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::Board;
    use crate::board::testing::{board, pt};

    /// White's D4 and Black's G2 are in atari.
    const TWO_ATARIS: &str = "
        . . . . . . . . .
        . . . . . . . . .
        . . . . . . . . .
        . . . . . . . . .
        . . . X O . . . .
        . . X O X . . . .
        . . . . . . . . .
        . . . . . O X O .
        . . . . . . O . .";

    fn features(b: &Board, color: Color, p: &str, last: Option<&str>) -> Features {
        let p = pt(p, b);
        let mut ladders = LadderReader::default();
        let reading = Reading::of(b, color, p, &mut ladders);
        let recent = Recent {
            last: last.map(|l| pt(l, b)),
            before_last: None,
        };
        Features::of(b, color, p, recent, &reading)
    }

    #[test]
    fn tactical_levels_name_what_a_move_does() {
        let b = board(TWO_ATARIS);
        // (colour, move, group, level, what it is)
        for (color, p, group, level, what) in [
            (Color::Black, "D3", 1, 1, "captures one"),
            (Color::Black, "G3", 2, 1, "saves one"),
            (Color::Black, "H1", 3, 1, "self-atari of one"),
            (Color::White, "D3", 2, 1, "saves one"),
        ] {
            let levels = features(&b, color, p, None).levels;
            assert_eq!(levels[group], level, "{color} {p} {what}");
        }
        let quiet = features(&b, Color::Black, "A9", Some("G3"));
        assert_eq!(quiet.levels[1..5], [0, 0, 0, 0]);
        assert_eq!(quiet.levels[5], 9, "far from the last move");
        assert_eq!(quiet.levels[6], 0, "no move before");
        assert_eq!(quiet.levels[7], 2, "first line, no stone near");
    }

    #[test]
    fn the_model_prefers_saving_a_chain_to_a_far_first_line_move() {
        let b = board(TWO_ATARIS);
        let model = Model::get();
        let strength = |p: &str| model.strength(&features(&b, Color::Black, p, Some("H2")));
        assert!(strength("G3") > 5.0 * strength("A9"));
        assert!(strength("D3") > strength("A9"));
        assert!(strength("H1") < strength("G3"));
    }

    #[test]
    fn symmetric_shapes_share_a_canonical_key() {
        let board = board(
            "
            . . . . .
            . . . . .
            . . X . .
            . . . . .
            . . . . .",
        );
        let key = |color: Color, p: &str| canonical_key(&board, color, pt(p, &board));
        // The stone on a diagonal, in all four directions.
        let diagonal = key(Color::Black, "B2");
        for p in ["D2", "B4", "D4"] {
            assert_eq!(key(Color::Black, p), diagonal, "{p}");
        }
        // The stone next to the point.
        let beside = key(Color::Black, "C2");
        for p in ["B3", "D3", "C4"] {
            assert_eq!(key(Color::Black, p), beside, "{p}");
        }
        assert_ne!(diagonal, beside);
        assert_ne!(key(Color::White, "B2"), diagonal, "an enemy stone");
    }

    #[test]
    fn distance_levels_follow_coulom() {
        let size = crate::point::BoardSize::new(9).unwrap();
        let at = |s: &str| Point::parse(s, size).unwrap();
        assert_eq!(distance_level(at("E5"), None), 0);
        assert_eq!(distance_level(at("E5"), Some(at("E6"))), 1);
        assert_eq!(distance_level(at("E5"), Some(at("F6"))), 2);
        assert_eq!(distance_level(at("E5"), Some(at("G6"))), 4);
        assert_eq!(distance_level(at("A1"), Some(at("J9"))), 9);
    }

    #[test]
    fn every_tactical_level_has_a_gamma() {
        for (g, (gammas, &levels)) in learned_gammas::TACTICAL
            .iter()
            .zip(&LEVELS)
            .enumerate()
            .skip(1)
        {
            assert_eq!(gammas.len(), levels, "group {g}");
            assert_eq!(gammas[0], 1.0, "group {g} baseline");
        }
        assert!(learned_gammas::TACTICAL[0].is_empty());
    }
}
