//! Children of a new tree node and their priors: Go knowledge expressed as virtual playouts.
//!
//! Every legal move that does not fill the mover's own eye becomes a child (pass only late
//! in the game or after a pass). Each child starts with an even prior of 0.5 over
//! `prior_even` visits; Go knowledge adds virtual wins or losses (values after michi and
//! Pachi, `docs/knowledge.md`): captures and escapes from atari, ataris that start a working
//! ladder, 3x3 shapes, nearness to the last moves, the third line in an empty area;
//! self-ataris, escapes into a lost ladder, first- and second-line moves in an empty area
//! get virtual losses.
//!
//! The learned move model ([`super::learned`], one for boards up to 9x9 and one for larger
//! boards) takes the place of the hand-written shape, nearness and line priors: a move the
//! model gives probability p gets `prior_learned * sqrt(p)` virtual wins, as Pachi weighs
//! its pattern probabilities. With `prior_learned` 0 the hand-written values apply.

use super::SearchConfig;
use super::learned::{FULL_BOARD_MIN_SIZE, Model, Reading, empty_around, line};
use crate::board::Board;
use crate::color::Color;
use crate::playout::Recent;
use crate::playout::ladder::LadderReader;
use crate::point::{Move, NUM_CELLS, Point};

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
    let model = (config.prior_learned > 0).then(|| Model::for_size(board.size()));
    // Each child with its prior so far and its strength in the model: `prior_learned` is
    // shared out once all strengths are known.
    let mut found = [(Move::Pass, Prior::default(), 0.0f64); NUM_CELLS];
    let mut n = 0;
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
        let reading = Reading::of(board, color, p, ladders);
        let f = reading.tactics;
        // Running out of atari into a ladder that works only loses more stones.
        if reading.lost_escape {
            prior.add(0.0, eq);
        } else if f.captures > 0 || f.saves > 0 {
            let stones = u32::from(f.captures.max(f.saves));
            prior.add(1.0, if stones == 1 { 3 * eq / 2 } else { 3 * eq });
        }
        if f.self_atari > 0 && f.captures == 0 {
            // Throw-ins of one stone can be good; bigger self-ataris almost never are.
            prior.add(0.0, if f.self_atari == 1 { eq } else { 2 * eq });
        }
        if model.is_none() && f.pattern && f.self_atari == 0 {
            prior.add(1.0, eq);
        }
        if f.atari && f.self_atari == 0 {
            // An atari that starts a working ladder is as good as a capture.
            prior.add(
                1.0,
                if reading.ladder_atari {
                    3 * eq / 2
                } else {
                    eq / 2
                },
            );
        }
        if let (None, Some(last)) = (model, recent.last) {
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
            // The model only adds wins, so on the full board, where the opening leaves
            // hundreds of candidates with priors near even, the first and second lines in
            // an empty area keep their virtual loss.
            match line(p, size) {
                1 | 2 if model.is_none() || size >= FULL_BOARD_MIN_SIZE => prior.add(0.0, eq),
                3 if model.is_none() => prior.add(1.0, eq),
                _ => {}
            }
        }
        let strength = model.map_or(0.0, |model| {
            model.strength(&model.features(board, color, p, recent, &reading))
        });
        found[n] = (mv, prior, strength);
        n += 1;
    }
    let total: f64 = found[..n].iter().map(|&(_, _, s)| s).sum();
    let weight = f64::from(config.prior_learned);
    for &(mv, mut prior, strength) in &found[..n] {
        if total > 0.0 {
            // Pachi's weighting of its pattern probabilities: sqrt(p) virtual wins.
            prior.add(1.0, (weight * (strength / total).sqrt()).round() as u32);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::{board, pt};
    use crate::point::BoardSize;

    /// The children's priors as (move, virtual visits, virtual half wins).
    fn priors_of(b: &Board, last: &str, learned: u16) -> Vec<(Move, u16, u16)> {
        let config = SearchConfig {
            prior_learned: learned,
            ..SearchConfig::default()
        };
        let recent = Recent {
            last: Some(pt(last, b)),
            before_last: None,
        };
        let mut out = Vec::new();
        let mut ladders = LadderReader::default();
        children(
            b,
            Color::Black,
            recent,
            false,
            &config,
            &|_| true,
            &mut ladders,
            &mut out,
        );
        out.iter()
            .map(|c| (c.mv, c.prior_visits, c.prior_wins2))
            .collect()
    }

    /// An empty board of `size` with one White stone in the middle.
    fn one_stone(size: usize) -> Board {
        let mut b = Board::new(BoardSize::new(size as i64).unwrap());
        let middle = Point::from_xy(size / 2, size / 2, b.size()).unwrap();
        b.play_unchecked(Color::White, Move::Play(middle));
        b
    }

    #[test]
    fn the_learned_models_set_the_priors_on_every_size() {
        let small = one_stone(9);
        assert_ne!(priors_of(&small, "E5", 80), priors_of(&small, "E5", 0));
        let large = one_stone(13);
        assert_ne!(priors_of(&large, "G7", 80), priors_of(&large, "G7", 0));
    }

    #[test]
    fn learned_priors_favour_contact_over_the_first_line() {
        let b = board(
            "
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .
            . . . . O . . . .
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .",
        );
        let priors = priors_of(&b, "E5", 80);
        let value = |p: &str| {
            let mv = Move::Play(pt(p, &b));
            let &(_, visits, wins2) = priors.iter().find(|c| c.0 == mv).unwrap();
            f64::from(wins2) / (2.0 * f64::from(visits))
        };
        assert!(value("E4") > value("A1"));
        assert!(value("D4") > value("J9"));
    }

    #[test]
    fn the_full_board_keeps_the_first_two_lines_of_an_empty_area_down() {
        let b = one_stone(13);
        let priors = priors_of(&b, "G7", 80);
        let value = |p: &str| {
            let mv = Move::Play(pt(p, &b));
            let &(_, visits, wins2) = priors.iter().find(|c| c.0 == mv).unwrap();
            f64::from(wins2) / (2.0 * f64::from(visits))
        };
        for low in ["A7", "B7", "B2", "G2"] {
            assert!(value(low) < 0.5, "{low}: {}", value(low));
        }
        assert!(value("D4") > 0.5, "a 4-4 point: {}", value("D4"));
    }
}
