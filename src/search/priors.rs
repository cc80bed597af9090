//! Children of a new tree node and their priors: Go knowledge expressed as virtual playouts.
//!
//! Every legal move that does not fill the mover's own eye becomes a child (pass only late
//! in the game or after a pass). Each child starts with an even prior of 0.5 over
//! `prior_even` visits; Go knowledge adds virtual wins or losses (values after michi and
//! Pachi, `mcts.md` 1.6): captures and escapes from atari, ataris that start a working
//! ladder, 3x3 shapes, nearness to the last moves, the third line in an empty area;
//! self-ataris, escapes into a lost ladder, first- and second-line moves in an empty area
//! get virtual losses.

use super::SearchConfig;
use crate::board::Board;
use crate::color::Color;
use crate::playout::Recent;
use crate::playout::ladder::LadderReader;
use crate::playout::tactics::move_features;
use crate::point::{Move, Point};

use super::tree::NewChild;

/// Accumulates a prior as virtual wins and visits.
#[derive(Clone, Copy, Default)]
struct Prior {
    visits: u32,
    wins2: u32,
}

impl Prior {
    fn add(&mut self, value: f64, visits: u32) {
        self.visits += visits;
        self.wins2 += (2.0 * value * f64::from(visits)).round() as u32;
    }

    fn child(self, mv: Move) -> NewChild {
        let visits = self.visits.min(u32::from(u16::MAX / 2));
        NewChild {
            mv,
            prior_visits: visits as u16,
            prior_wins2: self.wins2.min(2 * visits) as u16,
        }
    }
}

/// Manhattan distance between two points.
fn distance(a: Point, b: Point) -> usize {
    a.x().abs_diff(b.x()) + a.y().abs_diff(b.y())
}

/// Line of a point counted from the nearest edge, 1 for the edge itself.
fn line(p: Point, size: usize) -> usize {
    1 + p.x().min(p.y()).min(size - 1 - p.x()).min(size - 1 - p.y())
}

/// Whether no stone lies within Manhattan distance `r` of `p`.
fn empty_around(board: &Board, p: Point, r: usize) -> bool {
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

/// Writes the children of the position `board` with `color` to move into `out`.
/// `after_pass` says whether the previous move was a pass (pass is then always a child; so
/// it is once half the board is occupied), and `allow` filters moves further (superko at
/// the root).
#[allow(clippy::too_many_arguments)]
pub(crate) fn children(
    board: &Board,
    color: Color,
    recent: Recent,
    after_pass: bool,
    config: &SearchConfig,
    allow: &dyn Fn(Move) -> bool,
    ladders: &mut LadderReader,
    out: &mut Vec<NewChild>,
) {
    out.clear();
    let size = board.size().get();
    let even = u32::from(config.prior_even);
    let eq = u32::from(config.prior_knowledge);
    for &p in board.empty_points() {
        if !board.is_legal_no_suicide(color, p) || board.is_eye(p, color) {
            continue;
        }
        let mv = Move::Play(p);
        if !allow(mv) {
            continue;
        }
        let mut prior = Prior::default();
        prior.add(0.5, even);
        let f = move_features(board, color, p);
        // Running out of atari into a ladder that works only loses more stones.
        let lost_escape = f.saves > 0
            && f.captures == 0
            && f.self_atari == 0
            && ladders.escape_fails(board, color, p);
        if lost_escape {
            prior.add(0.0, eq);
        } else if f.captures > 0 || f.saves > 0 {
            let stones = u32::from(f.captures.max(f.saves));
            prior.add(1.0, if stones == 1 { 3 * eq / 2 } else { 3 * eq });
        }
        if f.self_atari > 0 && f.captures == 0 {
            // Throw-ins of one stone can be good; bigger self-ataris almost never are.
            prior.add(0.0, if f.self_atari == 1 { eq } else { 2 * eq });
        }
        if f.pattern && f.self_atari == 0 {
            prior.add(1.0, eq);
        }
        if f.atari && f.self_atari == 0 {
            // An atari that starts a working ladder is as good as a capture.
            let weight = if ladders.atari_captures(board, color, p) {
                3 * eq / 2
            } else {
                eq / 2
            };
            prior.add(1.0, weight);
        }
        if let Some(last) = recent.last {
            let weight = match distance(p, last) {
                1 => 12 * eq / 5,
                2 => 11 * eq / 5,
                3 => 4 * eq / 5,
                _ => 0,
            };
            if weight > 0 {
                prior.add(1.0, weight);
            }
        }
        if size >= 9 && empty_around(board, p, 3) {
            match line(p, size) {
                1 | 2 => prior.add(0.0, eq),
                3 => prior.add(1.0, eq),
                _ => {}
            }
        }
        out.push(prior.child(mv));
    }
    let area = size * size;
    let occupied = area - board.empty_points().len();
    if (after_pass || 2 * occupied >= area || out.is_empty()) && allow(Move::Pass) {
        let mut prior = Prior::default();
        // Pass is a fair candidate once the board is settled; earlier it looks poor.
        prior.add(if out.is_empty() { 0.5 } else { 0.1 }, even);
        out.push(prior.child(Move::Pass));
    }
}
