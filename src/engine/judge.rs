//! The end-of-game judgement: which stones are dead, which are in seki, and who owns each
//! point, for `final_score`, `final_status_list`, the terminal game's count and the match
//! runner when it scores without a referee.
//!
//! Plain playouts judge an end position badly where one side owns a large open area: half
//! of the opponent's random moves land in it, and a lone dead stone there lives in about
//! four playouts in ten (and even the wall around the area dies in one in ten). Both
//! players passed, so neither believed an invasion would work. The judgement therefore
//! runs in two rounds:
//!
//! 1. playouts to the end (no mercy rule, no move cap short of three times the area) give
//!    a first ownership;
//! 2. playouts in which neither side plays into an empty point the first round gave to the
//!    other side (at least `TERRITORY`, 0.2), unless the move captures, give the ownership
//!    that decides.
//!
//! Stones whose chain averages below `-DEAD` for its owner in the second round are dead.
//! A living chain is in seki when it shares a liberty with a living opponent chain that
//! neither side can fill without putting its own chain in atari ([`seki_stones`]). The playouts alternate the first
//! player and use a fixed seed, so a position is judged the same way every time.

use crate::board::Board;
use crate::color::Color;
use crate::playout::tactics::{is_bad_self_atari, is_self_atari};
use crate::playout::{HeuristicPolicy, PlayoutLimits, PlayoutPolicy, Recent, run_playout};
use crate::point::{Move, NUM_CELLS, Point};
use crate::score::Ownership;
use rand::rngs::SmallRng;
use rand::{Rng, RngCore, SeedableRng};

/// Mean ownership for the other side from which the first round's empty point is that
/// side's territory in the second round.
const TERRITORY: f64 = 0.2;
/// Mean ownership of a chain for its owner below which (negated) it is dead.
const DEAD: f64 = 0.5;
/// Playouts in each round.
const PLAYOUTS: u32 = 1000;
/// The seed of the judgement's playouts.
const SEED: u64 = 0x006a_7564_6765;

/// The status of every stone of a position and the owner of every point.
#[derive(Clone, Debug, PartialEq)]
pub struct Judgement {
    /// Dead stones, sorted.
    pub dead: Vec<Point>,
    /// Living stones in seki, sorted.
    pub seki: Vec<Point>,
    /// Mean ownership per point index, from -1 (White's) to 1 (Black's).
    pub ownership: Box<[f64; NUM_CELLS]>,
}

impl Judgement {
    /// The mean ownership of `p`, from -1 (White's) to 1 (Black's).
    pub fn ownership_at(&self, p: Point) -> f64 {
        self.ownership[p.index()]
    }
}

/// Judges `board`, `to_move` to play (the first playout starts with that colour).
pub fn judge(board: &Board, to_move: Color) -> Judgement {
    let mut rng = SmallRng::seed_from_u64(SEED);
    let first = mean_ownership(board, to_move, None, &mut rng);
    let mut territory = [None; NUM_CELLS];
    for &p in board.empty_points() {
        let o = first[p.index()];
        territory[p.index()] = if o >= TERRITORY {
            Some(Color::Black)
        } else if o <= -TERRITORY {
            Some(Color::White)
        } else {
            None
        };
    }
    let ownership = mean_ownership(board, to_move, Some(&territory), &mut rng);
    let for_owner = |id: Point| {
        let sign = if board.color_at(id) == Some(Color::Black) {
            1.0
        } else {
            -1.0
        };
        let (sum, n) = board
            .chain_stones(id)
            .fold((0.0, 0.0), |(s, n), q| (s + ownership[q.index()], n + 1.0));
        sign * sum / n
    };
    let mut dead = Vec::new();
    for id in board.chains() {
        if for_owner(id) < -DEAD {
            dead.extend(board.chain_stones(id));
        }
    }
    dead.extend(bent_four_victims(board, &dead));
    dead.sort();
    dead.dedup();
    let seki = seki_stones(board, &dead);
    Judgement {
        dead,
        seki,
        ownership,
    }
}

/// The mean final ownership of [`PLAYOUTS`] heavy playouts from `board`, the first player
/// alternating, kept out of the other side's `territory` when one is given.
fn mean_ownership(
    board: &Board,
    to_move: Color,
    territory: Option<&[Option<Color>; NUM_CELLS]>,
    rng: &mut SmallRng,
) -> Box<[f64; NUM_CELLS]> {
    let limits = PlayoutLimits {
        mercy: None,
        ..PlayoutLimits::for_board(board)
    };
    let mut sum = [0i32; NUM_CELLS];
    let mut ownership = Ownership::default();
    let mut scratch = board.clone();
    let mut heavy = HeuristicPolicy::default();
    for i in 0..PLAYOUTS {
        scratch.clone_from(board);
        let first = if i % 2 == 0 { to_move } else { !to_move };
        match territory {
            None => run_playout(
                &mut scratch,
                first,
                Recent::default(),
                &mut heavy,
                rng,
                limits,
                &mut ownership,
                |_, _| {},
            ),
            Some(territory) => run_playout(
                &mut scratch,
                first,
                Recent::default(),
                &mut Respecting {
                    inner: &mut heavy,
                    territory,
                },
                rng,
                limits,
                &mut ownership,
                |_, _| {},
            ),
        };
        for p in board.size().points() {
            sum[p.index()] += match ownership.get(p) {
                Some(Color::Black) => 1,
                Some(Color::White) => -1,
                None => 0,
            };
        }
    }
    let mut mean = Box::new([0.0; NUM_CELLS]);
    for p in board.size().points() {
        mean[p.index()] = f64::from(sum[p.index()]) / f64::from(PLAYOUTS);
    }
    mean
}

/// The living stones in seki, given the dead ones: chains that share a liberty with a
/// living opponent chain where either side filling that liberty would put its own chain
/// in atari (with eyes or without). Sorted.
pub fn seki_stones(board: &Board, dead: &[Point]) -> Vec<Point> {
    let alive = |p: Point| board.color_at(p).is_some() && !dead.contains(&p);
    let mut seki = Vec::new();
    for id in board.chains().filter(|&id| alive(id)) {
        let Some(owner) = board.color_at(id) else {
            continue;
        };
        let in_seki = board.liberties(id).into_iter().any(|lib| {
            board
                .neighbors(lib)
                .any(|q| board.color_at(q) == Some(!owner) && alive(q))
                && is_self_atari(board, owner, lib)
                && is_self_atari(board, !owner, lib)
        });
        if in_seki {
            seki.extend(board.chain_stones(id));
        }
    }
    seki.sort();
    seki
}

/// The living chains that look like seki but whose owner would be left with the bent four
/// in the corner: the opponent's chain inside shares all its liberties with them, filling
/// one of those liberties gets that chain captured, and the space it leaves is four points
/// bent round a corner point. The opponent can fill the outside liberties at leisure and
/// then start a ko the owner cannot win (the ko threats removed first cost nothing under
/// area scoring), so such a chain is dead, as every rule set agrees.
fn bent_four_victims(board: &Board, dead: &[Point]) -> Vec<Point> {
    let alive = |p: Point| board.color_at(p).is_some() && !dead.contains(&p);
    let mut victims = Vec::new();
    for inner in board
        .chains()
        .filter(|&id| alive(id) && board.chain_len(id) <= 3)
    {
        let Some(attacker) = board.color_at(inner) else {
            continue;
        };
        for fill in board.liberties(inner) {
            if !is_self_atari(board, attacker, fill) {
                continue;
            }
            let mut after = board.clone();
            after.play_unchecked(attacker, Move::Play(fill));
            let Some(last) = after.last_liberty(inner) else {
                continue;
            };
            let space: Vec<Point> = after.chain_stones(inner).collect();
            if !is_bent_four_in_the_corner(board, &space) {
                continue;
            }
            let outer = after
                .neighbors(last)
                .find(|&q| after.color_at(q) == Some(!attacker));
            if let Some(outer) = outer.filter(|&q| alive(q)) {
                victims.extend(board.chain_stones(board.chain_id(outer)));
            }
        }
    }
    victims
}

/// Whether the four points of `space` bend round a corner point of the board: the corner,
/// its two neighbours, and one point further along one of the edges.
fn is_bent_four_in_the_corner(board: &Board, space: &[Point]) -> bool {
    let last = board.size().get() - 1;
    if space.len() != 4 {
        return false;
    }
    let corner = space
        .iter()
        .copied()
        .find(|p| (p.x() == 0 || p.x() == last) && (p.y() == 0 || p.y() == last));
    let Some(corner) = corner else {
        return false;
    };
    let on_the_edges = space
        .iter()
        .all(|p| p.x() == corner.x() || p.y() == corner.y());
    let beside = board
        .neighbors(corner)
        .filter(|q| space.contains(q))
        .count();
    on_the_edges && beside == 2
}

/// A playout policy that keeps each side out of the other's territory, except to capture.
struct Respecting<'a> {
    inner: &'a mut HeuristicPolicy,
    territory: &'a [Option<Color>; NUM_CELLS],
}

/// Tries of the inner policy before a random scan for an allowed move.
const TRIES: usize = 8;

impl Respecting<'_> {
    fn allowed(&self, board: &Board, color: Color, p: Point) -> bool {
        self.territory[p.index()] != Some(!color)
            || board
                .neighbors(p)
                .any(|q| board.color_at(q) == Some(!color) && board.in_atari(q))
    }
}

impl PlayoutPolicy for Respecting<'_> {
    fn choose<R: RngCore>(
        &mut self,
        board: &Board,
        color: Color,
        recent: Recent,
        rng: &mut R,
    ) -> Move {
        for _ in 0..TRIES {
            match self.inner.choose(board, color, recent, rng) {
                Move::Pass => return Move::Pass,
                Move::Play(p) if self.allowed(board, color, p) => return Move::Play(p),
                Move::Play(_) => {}
            }
        }
        let empty = board.empty_points();
        if empty.is_empty() {
            return Move::Pass;
        }
        let start = rng.random_range(0..empty.len());
        for k in 0..empty.len() {
            let p = empty[(start + k) % empty.len()];
            if self.allowed(board, color, p)
                && board.is_playable(color, p)
                && !is_bad_self_atari(board, color, p)
            {
                return Move::Play(p);
            }
        }
        Move::Pass
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::{board, pt};

    /// The judgement of a diagram with Black to move, as (dead, seki) point names.
    fn judged(diagram: &str) -> (Vec<String>, Vec<String>) {
        let b = board(diagram);
        let j = judge(&b, Color::Black);
        let names = |ps: &[Point]| ps.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        (names(&j.dead), names(&j.seki))
    }

    fn names(b: &str, list: &str) -> Vec<String> {
        let b = board(b);
        let mut ps: Vec<Point> = list.split_whitespace().map(|n| pt(n, &b)).collect();
        ps.sort();
        ps.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_lone_stone_in_a_large_open_area_is_dead() {
        // Plain playouts let B5 live four times in ten here, and GNU Go calls it dead.
        let d = "
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . O . . X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .";
        assert_eq!(judged(d), (names(d, "B5"), vec![]));
    }

    #[test]
    fn a_group_with_a_two_point_eye_in_the_corner_is_dead() {
        let d = "
            . . O X X O . . .
            O O O X X O . . .
            X X X X X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .";
        assert_eq!(judged(d), (names(d, "A8 B8 C8 C9"), vec![]));
    }

    #[test]
    fn a_group_with_two_eyes_lives() {
        let d = "
            . O . O X O . . .
            O O O O X O . . .
            X X X X X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .";
        assert_eq!(judged(d), (vec![], vec![]));
    }

    #[test]
    fn a_group_whose_second_eye_is_false_is_dead() {
        // C9 looks like an eye, but Black takes D9 and E9 there, and A9 is left alone.
        let d = "
            . O . O O X O . .
            O O O X X X O . .
            X X X X . X O . .
            . . . . . X O . .
            . . . . . X O . .
            . . . . . X O . .
            . . . . . X O . .
            . . . . . X O . .
            . . . . . X O . .";
        assert_eq!(judged(d), (names(d, "A8 B8 C8 B9 D9 E9"), vec![]));
    }

    #[test]
    fn a_seki_without_eyes_is_neither_dead_nor_territory() {
        // Whoever fills A9 or J9 is captured: both chains live, the corners are dame.
        let d = "
            . X X X X X X X .
            O O O O O O O O O
            X X X X X X X X X
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .";
        let seki = "B9 C9 D9 E9 F9 G9 H9 A8 B8 C8 D8 E8 F8 G8 H8 J8";
        assert_eq!(judged(d), (vec![], names(d, seki)));
    }

    #[test]
    fn a_seki_with_one_eye_each_is_neither_dead_nor_territory() {
        // White's eye A9, Black's eye E9, and C9 that neither can fill.
        let d = "
            . O . X . X O . .
            O O X X X X O . .
            X X O O O O O . .
            X X X X X X O . .
            . . . . . X O . .
            . . . . . X O . .
            . . . . . X O . .
            . . . . . X O . .
            . . . . . X O . .";
        let seki = "B9 A8 B8 D9 F9 C8 D8 E8 F8";
        assert_eq!(judged(d), (vec![], names(d, seki)));
    }

    #[test]
    fn the_bent_four_in_the_corner_is_dead() {
        // Black fills B9 when it likes; White takes four stones at B7 and is left with the
        // bent four in the corner, which Black turns into a ko that White cannot win.
        let d = "
            X . O X X O . . .
            X O O X X O . . .
            X . O X X O . . .
            O O O X X O . . .
            X X X X X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . . .";
        assert_eq!(judged(d), (names(d, "C9 B8 C8 C7 A6 B6 C6"), vec![]));
    }

    #[test]
    fn a_stone_in_atari_that_its_owner_could_connect_stays() {
        // The end of a 9x9 game against GNU Go: White's E6 is in atari. Black can take it
        // at D6 and win the ko that follows; White can connect at D6 first. Neither did,
        // and the point is unsettled: weiqi counts E6 as it stands (W+4), GNU Go calls it
        // dead (a draw with komi 7). Neither is wrong; weiqi keeps to the board. Both call
        // White's H3, alone in Black's area, dead.
        let d = "
            . . O X X . . . .
            . . O O X . . . .
            . . . O X . . . .
            . . O . O X . . .
            . . O O X X . X .
            . . O O O X . . .
            . . . O X X X O .
            . . . O O O X . .
            . . . O X X X . .";
        assert_eq!(judged(d).0, names(d, "H3"));
    }

    #[test]
    #[ignore = "a known error: the playouts lose this capturing race inside an eye"]
    fn a_group_that_loses_the_race_against_stones_in_its_eye_is_dead() {
        // The end of a 9x9 game against GNU Go. White's group on the top right shares its
        // three liberties G8, H8, J9 with Black's G9-H9 inside its eye space. Whoever
        // starts, Black's stones end as a bent three that White must capture and Black
        // then kills from its vital point: White is dead, as GNU Go says (B+32). weiqi's
        // playouts keep White alive and call G9-H9 dead instead.
        let d = "
            O . X X O O X X .
            X X X O O O . . O
            X O X X X O O O O
            O O O O X X X O X
            O . O X X X X X X
            O O X X X . X O O
            . O X O X X O O O
            . O O O O X O O .
            . . O X X X O O .";
        let white = "D8 E8 E9 F7 F8 F9 G7 H6 H7 J7 J8";
        assert_eq!(judged(d).0, names(d, white));
    }

    #[test]
    fn the_judgement_does_not_depend_on_who_is_to_move() {
        let b = board(
            "
            . . . . X O . . .
            . . . . X O . . .
            . . . . X O . O .
            . . . . X O . . .
            . O . . X O . . .
            . . . . X O . . .
            . . X . X O . . .
            . . . . X O . . .
            . . . . X O . . .",
        );
        assert_eq!(judge(&b, Color::Black).dead, vec![pt("B5", &b)]);
        assert_eq!(judge(&b, Color::White).dead, vec![pt("B5", &b)]);
    }
}
