//! Learned move knowledge for the priors: a generalised Bradley-Terry model (Coulom,
//! "Computing Elo Ratings of Move Patterns in the Game of Go", 2007).
//!
//! A candidate move is described by one level in each of a few feature groups ([`Features`]):
//! its 3x3 shape, what it captures, saves or leaves in atari, how far it is from the last
//! two moves, and its line. Each level has a weight, a "gamma"; a move's strength is the
//! product of its levels' gammas, and the model says a player picks a move with probability
//! its strength over the sum of all candidates' strengths. The gammas in
//! `learned_gammas.rs` were fitted by minorization-maximization to the moves of recorded
//! games (`examples/train_model.rs` says how); level 0 of every tactical group is the
//! baseline with gamma 1.
//!
//! Two fitted models exist: one for boards up to 9x9, fitted to weiqi's own 9x9 games, and
//! one for larger boards ([`FULL_BOARD_MIN_SIZE`]), fitted to 19x19 games between 9-dan
//! players, which also rates the move by the largest spatial pattern around it
//! ([`spatial`]) that the games showed often enough.

use super::{learned_gammas, learned_gammas19};
use crate::board::Board;
use crate::color::Color;
use crate::playout::Recent;
use crate::playout::ladder::LadderReader;
use crate::playout::pattern::{KEY_CELLS, swap_colors, transform};
use crate::playout::spatial::{self, PatternTable, RADII};
use crate::playout::tactics::{MoveFeatures, move_features};
use crate::point::{BoardSize, Point};
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
    /// The keys of the large spatial patterns around the move, by radius from
    /// [`spatial::MIN_RADIUS`] (all 0 when not read).
    pub spatial: [u64; RADII],
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
            spatial: [0; RADII],
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

/// The gammas of one fitted model, as a generated file holds them.
pub struct Gammas {
    /// Gammas of the tactical groups by level (group 0, the shape, is in `shapes`).
    pub tactical: [&'static [f32]; GROUPS],
    /// Gamma of a shape not in `shapes`.
    pub rare_shape: f32,
    /// Gammas of the shapes seen often enough, by canonical key.
    pub shapes: &'static [(u16, f32)],
    /// Gammas of the large spatial patterns ([`spatial`]) by key; a move whose patterns
    /// are all missing has gamma 1 for this group.
    pub spatial: &'static [(u64, f32)],
}

/// The fitted gammas, ready to use.
pub struct Model {
    /// Gamma by canonical key.
    shape: Box<[f32]>,
    /// Gammas of the tactical groups.
    tactical: [&'static [f32]; GROUPS],
    /// Gamma by spatial pattern key.
    spatial: PatternTable<f32>,
}

/// The smallest board on which the 19x19 model (`learned_gammas19.rs`) is used; smaller
/// boards use the 9x9 one.
pub const FULL_BOARD_MIN_SIZE: usize = 10;

impl Model {
    /// A model of `gammas`.
    pub fn new(gammas: &Gammas) -> Model {
        let mut shape = vec![gammas.rare_shape; 1 << 16].into_boxed_slice();
        for &(key, gamma) in gammas.shapes {
            shape[usize::from(key)] = gamma;
        }
        Model {
            shape,
            tactical: gammas.tactical,
            spatial: PatternTable::new(gammas.spatial.iter().copied()),
        }
    }

    /// The model for boards of `size`: fitted to 9x9 games up to 9x9 and to 19x19 games of
    /// strong players above.
    pub fn for_size(size: BoardSize) -> &'static Model {
        static SMALL: OnceLock<Model> = OnceLock::new();
        static FULL: OnceLock<Model> = OnceLock::new();
        if size.get() >= FULL_BOARD_MIN_SIZE {
            FULL.get_or_init(|| Model::new(&learned_gammas19::GAMMAS))
        } else {
            SMALL.get_or_init(|| Model::new(&learned_gammas::GAMMAS))
        }
    }

    /// Whether the model reads large spatial patterns.
    pub fn reads_spatial(&self) -> bool {
        !self.spatial.is_empty()
    }

    /// The number of large spatial patterns the model knows.
    pub fn spatial_patterns(&self) -> usize {
        self.spatial.len()
    }

    /// The features of the legal move `p` for `color` as this model reads them.
    pub fn features(
        &self,
        board: &Board,
        color: Color,
        p: Point,
        recent: Recent,
        reading: &Reading,
    ) -> Features {
        let mut f = Features::of(board, color, p, recent, reading);
        if self.reads_spatial() {
            f.spatial = spatial::hashes(board, color, p);
        }
        f
    }

    /// The strength of a move: the product of its levels' gammas.
    pub fn strength(&self, f: &Features) -> f64 {
        let mut s = f64::from(self.shape[usize::from(f.levels[0])]);
        for (g, &level) in f.levels.iter().enumerate().skip(1) {
            s *= f64::from(
                self.tactical[g]
                    .get(usize::from(level))
                    .copied()
                    .unwrap_or(1.0),
            );
        }
        if let Some((_, gamma)) = self.spatial.largest(&f.spatial) {
            s *= f64::from(gamma);
        }
        s
    }

    /// Every candidate move of the position (legal, not filling the mover's own eye) with
    /// the probability the model gives it, most likely first.
    pub fn rank(
        &self,
        board: &Board,
        color: Color,
        recent: Recent,
        ladders: &mut LadderReader,
    ) -> Vec<(Point, f64)> {
        let mut ranked: Vec<(Point, f64)> = board
            .empty_points()
            .iter()
            .filter(|&&p| board.is_legal_no_suicide(color, p) && !board.is_eye(p, color))
            .map(|&p| {
                let reading = Reading::of(board, color, p, ladders);
                (
                    p,
                    self.strength(&self.features(board, color, p, recent, &reading)),
                )
            })
            .collect();
        let total: f64 = ranked.iter().map(|&(_, s)| s).sum();
        if total > 0.0 {
            for (_, s) in &mut ranked {
                *s /= total;
            }
        }
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
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
        let model = Model::for_size(b.size());
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
        for model in [&learned_gammas::GAMMAS, &learned_gammas19::GAMMAS] {
            for (g, (gammas, &levels)) in model.tactical.iter().zip(&LEVELS).enumerate().skip(1) {
                assert_eq!(gammas.len(), levels, "group {g}");
                assert_eq!(gammas[0], 1.0, "group {g} baseline");
            }
            assert!(model.tactical[0].is_empty());
        }
        assert!(learned_gammas::GAMMAS.spatial.is_empty());
        assert!(learned_gammas19::GAMMAS.spatial.len() > 100_000);
    }

    /// White's D5 stone in the ladder shape: Black's C5, D6 and E4 around it.
    const LADDER: &str = "
        . . . . . . . . .
        . . . . . . . . .
        . . . . . . . . .
        . . . X . . . . .
        . . X O . . . . .
        . . . . X . . . .
        . . . . . . . . .
        . . . . . . . . .
        . . . . . . . . .";

    #[test]
    fn ataris_and_escapes_read_their_ladders() {
        let b = board(LADDER);
        // Black's E5 starts a working ladder: level 1; with a breaker at B3, level 2.
        assert_eq!(features(&b, Color::Black, "E5", None).levels[4], 1);
        let mut broken = b.clone();
        broken.play_unchecked(Color::White, crate::point::Move::Play(pt("B3", &b)));
        assert_eq!(features(&broken, Color::Black, "E5", None).levels[4], 2);
        // Once in atari, running out into the ladder is a lost escape (level 3); with the
        // breaker it saves one stone (level 1).
        let mut atari = b.clone();
        atari.play_unchecked(Color::Black, crate::point::Move::Play(pt("E5", &b)));
        assert_eq!(features(&atari, Color::White, "D4", None).levels[2], 3);
        broken.play_unchecked(Color::Black, crate::point::Move::Play(pt("E5", &b)));
        assert_eq!(features(&broken, Color::White, "D4", None).levels[2], 1);
    }

    /// The 19x19 model's ranking of the moves of `d` for `color` after `last`.
    fn ranked(d: &str, color: Color, last: Option<&str>) -> (Board, Vec<(Point, f64)>) {
        let b = board(d);
        let recent = Recent {
            last: last.map(|l| pt(l, &b)),
            before_last: None,
        };
        let model = Model::for_size(b.size());
        assert!(model.reads_spatial());
        let ranking = model.rank(&b, color, recent, &mut LadderReader::default());
        (b, ranking)
    }

    #[test]
    fn the_full_board_model_opens_in_a_corner() {
        let empty = ". ".repeat(19).trim_end().to_string() + "\n";
        let (b, ranking) = ranked(&empty.repeat(19), Color::Black, None);
        assert_eq!(ranking.len(), 361);
        let total: f64 = ranking.iter().map(|&(_, p)| p).sum();
        assert!((total - 1.0).abs() < 1e-9);
        // The first choice is a 3-4, 4-4 or 3-3 point: both lines 3 or 4 from the edge.
        let (first, _) = ranking[0];
        let n = b.size().get();
        let from_edge = |c: usize| c.min(n - 1 - c) + 1;
        assert!(
            (3..=4).contains(&from_edge(first.x())) && (3..=4).contains(&from_edge(first.y())),
            "{first:?}"
        );
        // Tengen and the first line are far behind.
        let p = |name: &str| ranking.iter().find(|(q, _)| *q == pt(name, &b)).unwrap().1;
        assert!(p("K10") < ranking[0].1 / 5.0);
        assert!(p("A1") < ranking[0].1 / 100.0);
    }

    #[test]
    fn the_full_board_model_does_not_run_into_a_ladder() {
        // Black's F7 has put White's E7 in atari in a working ladder (Black's F6 stands
        // in the way of an escape to E6), with the corners taken. White does not run.
        let d = "
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . O . . . . . X . . .
            . . . . . . . . . . . . .
            . . . . X . . . . . . . .
            . . . X O X . . . . . . .
            . . . . . X . . . . . . .
            . . . . . . . . . . . . .
            . . . X . . . . . O . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .
            . . . . . . . . . . . . .";
        let (b, white) = ranked(d, Color::White, Some("F7"));
        let run = white.iter().position(|(q, _)| *q == pt("E6", &b)).unwrap();
        assert!(run >= 10, "running into the ladder ranks {run}");
        // Capturing a stone that cannot escape is slow: Black takes a big point instead,
        // such as an approach to White's K4.
        let (_, black) = ranked(d, Color::Black, Some("K4"));
        assert_ne!(black[0].0, pt("E6", &b));
    }
}
