//! The heavy playout policy and the tactics behind it, on Go positions: it captures what the
//! opponent left in atari, rescues its own stones, kills three-point eyes at the vital
//! point, knows the 3x3 shapes in every orientation, refuses big self-ataris, and plays
//! only legal moves that keep its eyes, without touching the heap. Also the mercy rule.

mod common;

use common::{board, pt};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use weiqi::playout::tactics::{self, MoveFeatures};
use weiqi::playout::{
    HeuristicConfig, HeuristicPolicy, PlayoutLimits, PlayoutPolicy, Recent, pattern, run_playout,
};
use weiqi::score::Ownership;
use weiqi::{Board, BoardSize, Color, Move, Point};

/// How often, out of `trials` seeded tries, `policy` answers `last` with `expected`.
fn share_of(
    policy: &mut HeuristicPolicy,
    b: &Board,
    color: Color,
    last: &str,
    expected: &str,
    trials: u32,
) -> f64 {
    let size = b.size();
    let recent = Recent {
        last: Some(pt(last, size)),
        before_last: None,
    };
    let want = Move::Play(pt(expected, size));
    let mut rng = SmallRng::seed_from_u64(5);
    let hits = (0..trials)
        .filter(|_| policy.choose(b, color, recent, &mut rng) == want)
        .count();
    hits as f64 / f64::from(trials)
}

/// Only the rule under test fires: every other probability is zero.
fn only(set: impl FnOnce(&mut HeuristicConfig)) -> HeuristicPolicy {
    let mut config = HeuristicConfig {
        capture: 0.0,
        nakade: 0.0,
        atari: 0.0,
        pattern: 0.0,
        ..HeuristicConfig::default()
    };
    set(&mut config);
    HeuristicPolicy::new(config)
}

#[test]
fn captures_a_stone_left_in_atari() {
    // White's last stone E5 has one liberty, E4.
    let b = board(
        "
        9 . . . . . . . . .
        8 . . . . . . . . .
        7 . . . . . . . . .
        6 . . . . X . . . .
        5 . . . X O X . . .
        4 . . . . . . . . .
        3 . . . . . . . . .
        2 . . . . . . . . .
        1 . . . . . . . . .
          A B C D E F G H J
        ",
    );
    let mut default = HeuristicPolicy::default();
    let share = share_of(&mut default, &b, Color::Black, "E5", "E4", 1000);
    assert!(share > 0.9, "captured in {share:.3} of the trials");
    let mut sure = only(|c| c.capture = 1.0);
    assert_eq!(share_of(&mut sure, &b, Color::Black, "E5", "E4", 200), 1.0);
}

#[test]
fn saves_a_stone_in_atari_by_extending() {
    // White's E5 put black D5 in atari; D4 gives it three liberties and nothing white can be
    // captured.
    let b = board(
        "
        9 . . . . . . . . .
        8 . . . . . . . . .
        7 . . . . . . . . .
        6 . . . O . . . . .
        5 . . O X O . . . .
        4 . . . . . . . . .
        3 . . . . . . . . .
        2 . . . . . . . . .
        1 . . . . . . . . .
          A B C D E F G H J
        ",
    );
    let mut default = HeuristicPolicy::default();
    let share = share_of(&mut default, &b, Color::Black, "E5", "D4", 1000);
    assert!(share > 0.85, "extended in {share:.3} of the trials");
    let mut sure = only(|c| c.capture = 1.0);
    assert_eq!(share_of(&mut sure, &b, Color::Black, "E5", "D4", 200), 1.0);
}

#[test]
fn rescues_by_capturing_when_extending_would_stay_in_atari() {
    // White's D2 leaves black C2 with one liberty, C1; extending there leaves two stones
    // with one liberty (D1). But white C3 is in atari at C4: taking it frees C2.
    let b = board(
        "
        5 . . . . .
        4 . . . . .
        3 . X O X .
        2 . O X O .
        1 . O . . .
          A B C D E
        ",
    );
    let mut sure = only(|c| c.capture = 1.0);
    assert_eq!(share_of(&mut sure, &b, Color::Black, "D2", "C4", 200), 1.0);
    let mut default = HeuristicPolicy::default();
    let extended = share_of(&mut default, &b, Color::Black, "D2", "C1", 1000);
    assert_eq!(extended, 0.0, "C1 is a two-stone self-atari");
}

/// Black B3 C3 have two liberties, A3 and D3; D3 fills one of them and leaves the three
/// stones in atari, far from any eye space.
const SELF_ATARI: &str = "
    5 . . . . .
    4 . O O O .
    3 . X X . O
    2 . O O O .
    1 . . . . .
      A B C D E
    ";

#[test]
fn recognises_a_big_self_atari() {
    let b = board(SELF_ATARI);
    let d3 = pt("D3", b.size());
    assert!(tactics::is_self_atari(&b, Color::Black, d3));
    assert!(tactics::is_bad_self_atari(&b, Color::Black, d3));
    let after = tactics::after_move(&b, Color::Black, d3);
    assert_eq!((after.liberties, after.stones, after.captures), (1, 3, 0));
    assert_eq!(after.last_liberty, Some(pt("A3", b.size())));
    // A3 is safe, and for White D3 is an ordinary move.
    assert!(!tactics::is_self_atari(
        &b,
        Color::Black,
        pt("A3", b.size())
    ));
    assert!(!tactics::is_bad_self_atari(&b, Color::White, d3));
}

#[test]
fn the_random_rule_never_plays_a_big_self_atari() {
    let b = board(SELF_ATARI);
    let d3 = Move::Play(pt("D3", b.size()));
    let mut rng = SmallRng::seed_from_u64(3);
    let count = |policy: &mut HeuristicPolicy, rng: &mut SmallRng| {
        (0..2000)
            .filter(|_| policy.choose(&b, Color::Black, Recent::default(), rng) == d3)
            .count()
    };
    let mut careful = HeuristicPolicy::default();
    assert_eq!(count(&mut careful, &mut rng), 0);
    // Without the filter the point is as likely as any of the other empty points.
    let mut careless = HeuristicPolicy::new(HeuristicConfig {
        self_atari_reject: 0.0,
        ..HeuristicConfig::default()
    });
    assert!(count(&mut careless, &mut rng) > 50);
}

#[test]
fn filling_an_enemy_eye_space_is_not_a_bad_self_atari() {
    // B1 joins black A2 B2 and C1 into four stones with the one liberty A1: a nakade-like
    // filling of the corner that White encloses, which playouts must be able to play.
    let b = board(
        "
        5 . . . . .
        4 . . . . .
        3 O O O . .
        2 X X O . .
        1 . . X O .
          A B C D E
        ",
    );
    let b1 = pt("B1", b.size());
    assert!(tactics::is_self_atari(&b, Color::Black, b1));
    assert!(!tactics::is_bad_self_atari(&b, Color::Black, b1));
}

#[test]
fn plays_the_vital_point_of_a_straight_three() {
    let b = board(
        "
        9 . . . . . . . . .
        8 . . . . . . . . .
        7 . . . . . . . . .
        6 . . . . . . . . .
        5 . . . . . . . . .
        4 . . . . . . . . .
        3 . . . . . . . . .
        2 O O O O O . . . .
        1 O . . . O . . . .
          A B C D E F G H J
        ",
    );
    let mut sure = only(|c| c.nakade = 1.0);
    assert_eq!(share_of(&mut sure, &b, Color::Black, "C2", "C1", 200), 1.0);
    // Answering a move next to the end of the eye space works the same.
    assert_eq!(share_of(&mut sure, &b, Color::Black, "B2", "C1", 200), 1.0);
    let mut default = HeuristicPolicy::default();
    let share = share_of(&mut default, &b, Color::Black, "C2", "C1", 1000);
    assert!(
        share > 0.7,
        "played the vital point in {share:.3} of the trials"
    );
}

#[test]
fn plays_the_vital_point_of_a_bent_three() {
    let b = board(
        "
        5 . . . . .
        4 . . . . .
        3 O O O . .
        2 . . O . .
        1 . O O . .
          A B C D E
        ",
    );
    let mut sure = only(|c| c.nakade = 1.0);
    assert_eq!(share_of(&mut sure, &b, Color::Black, "B1", "A2", 200), 1.0);
}

#[test]
fn no_vital_point_when_the_space_touches_own_stones() {
    // Black D2 breaks White's wall around B1 C1 D1: no eye space, no vital point. The rule
    // finds nothing, so the choices are those of the random rule alone (same seed).
    let b = board(
        "
        5 . . . . .
        4 . . . . .
        3 . . . . .
        2 O O O X O
        1 O . . . O
          A B C D E
        ",
    );
    let mut sure = only(|c| c.nakade = 1.0);
    let mut random = only(|_| {});
    assert_eq!(
        share_of(&mut sure, &b, Color::Black, "C2", "C1", 500),
        share_of(&mut random, &b, Color::Black, "C2", "C1", 500)
    );
}

/// Stones relative to the move `(dx, dy)` with `true` for the side the shape is written for
/// (`X` in the shape diagrams of `src/playout/pattern.rs`).
type Shape = &'static [(i32, i32, bool)];

/// The enclosing hane `X O X / . * .`.
const HANE: Shape = &[(-1, 1, true), (0, 1, false), (1, 1, true)];
/// Cut 1 `X O ? / O * X`.
const CUT: Shape = &[(-1, 1, true), (0, 1, false), (-1, 0, false), (1, 0, true)];
/// The thin hane `X O O / . * .`, a shape for X to move only.
const THIN_HANE: Shape = &[(-1, 1, true), (0, 1, false), (1, 1, false)];

/// `shape` around the point (`cx`, `cy`) of an empty board of `size`, turned by symmetry
/// `sym` (0..8), with `x_color` playing X. Returns the board and the move's point.
fn placed(
    shape: Shape,
    size: usize,
    (cx, cy): (i32, i32),
    sym: usize,
    x_color: Color,
) -> (Board, Point) {
    let n = size as i32;
    let turn = |(x, y): (i32, i32)| match sym {
        0 => (x, y),
        1 => (n - 1 - y, x),
        2 => (n - 1 - x, n - 1 - y),
        3 => (y, n - 1 - x),
        4 => (n - 1 - x, y),
        5 => (x, n - 1 - y),
        6 => (y, x),
        _ => (n - 1 - y, n - 1 - x),
    };
    let mut rows = vec![vec!['.'; size]; size];
    for &(dx, dy, is_x) in shape {
        let (x, y) = turn((cx + dx, cy + dy));
        let color = if is_x { x_color } else { !x_color };
        rows[(n - 1 - y) as usize][x as usize] = if color == Color::Black { 'X' } else { 'O' };
    }
    let text: String = rows
        .iter()
        .map(|r| r.iter().collect::<String>() + "\n")
        .collect();
    let b = board(&text);
    let (x, y) = turn((cx, cy));
    let p = Point::from_xy(x as usize, y as usize, b.size()).expect("on the board");
    (b, p)
}

#[test]
fn shapes_match_in_every_symmetry_and_for_both_colours() {
    for shape in [HANE, CUT] {
        for sym in 0..8 {
            for x_color in Color::ALL {
                let (b, p) = placed(shape, 7, (3, 3), sym, x_color);
                for mover in Color::ALL {
                    assert!(
                        pattern::matches(&b, mover, p),
                        "{mover} to move, symmetry {sym}, at {p}\n{}",
                        b.diagram()
                    );
                }
            }
        }
    }
}

#[test]
fn the_thin_hane_counts_only_for_its_own_side() {
    for sym in 0..8 {
        for x_color in Color::ALL {
            let (b, p) = placed(THIN_HANE, 7, (3, 3), sym, x_color);
            assert!(
                pattern::matches(&b, x_color, p),
                "symmetry {sym}\n{}",
                b.diagram()
            );
            assert!(
                !pattern::matches(&b, !x_color, p),
                "symmetry {sym}\n{}",
                b.diagram()
            );
        }
    }
}

#[test]
fn edge_shapes_match_on_every_edge() {
    // `X . ? / O * ? / # # #`: the move on the first line, at (3, 0).
    let edge: Shape = &[(-1, 1, true), (-1, 0, false)];
    for sym in 0..8 {
        for x_color in Color::ALL {
            let (b, p) = placed(edge, 7, (3, 0), sym, x_color);
            for mover in Color::ALL {
                assert!(
                    pattern::matches(&b, mover, p),
                    "symmetry {sym}\n{}",
                    b.diagram()
                );
            }
        }
    }
}

#[test]
fn plain_points_match_no_shape() {
    let b = board(
        "
        5 . . . . .
        4 . . . . .
        3 . . . . .
        2 . . X . .
        1 . . . . .
        ",
    );
    for p in b.size().points().filter(|&p| b.is_empty(p)) {
        for mover in Color::ALL {
            assert!(!pattern::matches(&b, mover, p), "{p}");
        }
    }
}

#[test]
fn move_features_on_diagrams() {
    let capture = board(
        "
        5 . . . . .
        4 . . X . .
        3 . X O X .
        2 . . . . .
        1 . . . . .
        ",
    );
    // C2 takes C3, and is an enclosing hane too.
    let f = tactics::move_features(&capture, Color::Black, pt("C2", capture.size()));
    assert_eq!(
        f,
        MoveFeatures {
            captures: 1,
            pattern: true,
            ..MoveFeatures::default()
        }
    );

    // As in the rescue test: black C4 takes C3 and frees C2.
    let rescue = board(
        "
        5 . . . . .
        4 . . . . .
        3 . X O X .
        2 . O X O .
        1 . O . . .
        ",
    );
    let f = tactics::move_features(&rescue, Color::Black, pt("C4", rescue.size()));
    assert_eq!((f.captures, f.saves, f.self_atari), (1, 1, 0));
    // Extending at C1 saves nothing and leaves two stones in atari.
    let f = tactics::move_features(&rescue, Color::Black, pt("C1", rescue.size()));
    assert_eq!((f.captures, f.saves, f.self_atari), (0, 0, 2));

    let escape = board(
        "
        5 . . . . .
        4 . . O . .
        3 . O X O .
        2 . . . . .
        1 . . . . .
        ",
    );
    let f = tactics::move_features(&escape, Color::Black, pt("C2", escape.size()));
    assert_eq!((f.saves, f.self_atari, f.atari), (1, 0, false));
    // White B3 has two liberties, B2 and C3: B2 ataris it, D2 does not touch it.
    let atari = board(
        "
        5 . . . . .
        4 . X . . .
        3 X O . . .
        2 . . . . .
        1 . . . . .
        ",
    );
    let f = tactics::move_features(&atari, Color::Black, pt("B2", atari.size()));
    assert!(f.atari && f.captures == 0, "{f:?}");
    assert!(!tactics::move_features(&atari, Color::Black, pt("D2", atari.size())).atari);

    let f = tactics::move_features(
        &board(SELF_ATARI),
        Color::Black,
        pt("D3", BoardSize::new(5).unwrap()),
    );
    assert_eq!(f.self_atari, 3);

    let (hane, p) = placed(HANE, 7, (3, 3), 0, Color::Black);
    assert!(tactics::move_features(&hane, Color::Black, p).pattern);
    // Occupied points have no features.
    assert_eq!(
        tactics::move_features(&hane, Color::Black, pt("C5", hane.size())),
        MoveFeatures::default()
    );
}

/// Plays heavy playouts with `policy` on every size from 2 to 19 and checks every move
/// against a second board: legal, not filling an own eye, and (when the policy always
/// refuses them) not a bad self-atari.
fn check_playouts(policy: &mut HeuristicPolicy, seeds: u64) {
    let never_bad = policy.config().self_atari_reject >= 1.0;
    for n in 2..=19 {
        let size = BoardSize::new(n).unwrap();
        for seed in 0..seeds {
            let mut board = Board::new(size);
            let mut checker = Board::new(size);
            let mut rng = SmallRng::seed_from_u64(seed * 100 + n as u64);
            let mut ownership = Ownership::default();
            let limits = PlayoutLimits::for_board(&board);
            let mut moves = 0;
            let out = run_playout(
                &mut board,
                Color::Black,
                Recent::default(),
                policy,
                &mut rng,
                limits,
                &mut ownership,
                |color, mv| {
                    if let Move::Play(p) = mv {
                        assert!(
                            checker.is_legal_no_suicide(color, p),
                            "{color} {p} is illegal\n{}",
                            checker.diagram()
                        );
                        assert!(
                            !checker.is_eye(p, color),
                            "{color} fills its eye at {p}\n{}",
                            checker.diagram()
                        );
                        if never_bad {
                            assert!(
                                !tactics::is_bad_self_atari(&checker, color, p),
                                "{color} {p} is a bad self-atari\n{}",
                                checker.diagram()
                            );
                        }
                    }
                    checker.play_unchecked(color, mv);
                    moves += 1;
                    if moves % 16 == 0 {
                        checker.assert_consistent();
                    }
                },
            );
            assert_eq!(board, checker);
            assert!(out.moves <= limits.max_moves);
        }
    }
}

#[test]
fn heavy_playout_moves_are_legal_and_keep_eyes() {
    check_playouts(&mut HeuristicPolicy::default(), 12);
}

#[test]
fn every_rule_at_full_strength_plays_legal_moves() {
    let mut eager = HeuristicPolicy::new(HeuristicConfig {
        capture: 1.0,
        nakade: 1.0,
        atari: 1.0,
        pattern: 1.0,
        pattern_before_last: true,
        self_atari_reject: 0.5,
    });
    check_playouts(&mut eager, 6);
}

#[test]
fn mercy_rule_stops_a_hopeless_playout() {
    // Black has 32 stones, White none: far beyond a third of the board.
    let b = board(
        "
        9 . . . . . . . . .
        8 . . . . . . . . .
        7 . . . . . . . . .
        6 . . . . . . . . .
        5 . . . . . . . . .
        4 X X X X X X X X X
        3 X X X X X X X X X
        2 X . X X . X X . X
        1 X X X . X X X X X
        ",
    );
    let limits = PlayoutLimits::for_board(&b);
    assert_eq!(limits.mercy, Some(27));
    let mut rng = SmallRng::seed_from_u64(9);
    let mut ownership = Ownership::default();
    let mut board = b.clone();
    let out = run_playout(
        &mut board,
        Color::White,
        Recent::default(),
        &mut HeuristicPolicy::default(),
        &mut rng,
        limits,
        &mut ownership,
        |_, _| {},
    );
    assert!(out.mercy);
    assert_eq!(out.moves, 1);
    assert!(out.count.area.black > out.count.area.white + 27);

    let mut board = b.clone();
    let out = run_playout(
        &mut board,
        Color::White,
        Recent::default(),
        &mut HeuristicPolicy::default(),
        &mut rng,
        PlayoutLimits {
            mercy: None,
            ..limits
        },
        &mut ownership,
        |_, _| {},
    );
    assert!(!out.mercy);
    assert!(out.moves > 10);
}

#[test]
fn tiny_boards_have_no_mercy_rule() {
    for n in 2..=6 {
        let b = Board::new(BoardSize::new(n).unwrap());
        assert_eq!(PlayoutLimits::for_board(&b).mercy, None);
    }
}

/// Plays one 9x9 game between two playout policies used as players (each move is the
/// policy's choice), Black to move first, and returns Black's area minus White's.
fn policy_game(
    black: &mut impl PlayoutPolicy,
    white: &mut impl PlayoutPolicy,
    rng: &mut SmallRng,
) -> i64 {
    let mut board = Board::new(BoardSize::NINE);
    let mut recent = Recent::default();
    let (mut color, mut passes) = (Color::Black, 0);
    for _ in 0..3 * 81 {
        let mv = match color {
            Color::Black => black.choose(&board, color, recent, rng),
            Color::White => white.choose(&board, color, recent, rng),
        };
        board.play_unchecked(color, mv);
        recent = recent.after(mv);
        passes = if mv == Move::Pass { passes + 1 } else { 0 };
        if passes == 2 {
            break;
        }
        color = !color;
    }
    let count = weiqi::score::count_area(&board, &[], &mut Ownership::default());
    i64::from(count.area.black) - i64::from(count.area.white)
}

#[test]
fn the_heavy_policy_beats_the_light_one_as_a_player() {
    // A sanity check of the rules as a whole: playing the policy's moves directly, heavy
    // must crush uniform random play from either colour (komi 7.5).
    let mut rng = SmallRng::seed_from_u64(21);
    let (mut heavy, mut light) = (HeuristicPolicy::default(), weiqi::playout::UniformPolicy);
    let games = 100;
    let mut wins = 0;
    for _ in 0..games / 2 {
        wins += u32::from(policy_game(&mut heavy, &mut light, &mut rng) >= 8);
        wins += u32::from(policy_game(&mut light, &mut heavy, &mut rng) <= 7);
    }
    assert!(wins >= 85, "heavy won {wins} of {games}");
}
