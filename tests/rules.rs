//! The rules of play, checked on board diagrams.
//!
//! Captures (single and multi-stone, on the edge, in the corner, two chains at once, a
//! capture that looks like suicide), snapback, suicide under each preset, simple ko,
//! positional superko (a triple ko) and where it differs from situational superko (a
//! double ko with a pass), seki and dead stones under area scoring, results and their
//! text, fixed handicap against the GTP specification's tables, the end of the game,
//! undo, the errors' messages, and the diagram format itself.

mod common;

use common::{
    TRIPLE_KO, TRIPLE_KO_CYCLE, assert_stones, board, check, game_from_diagram, mv,
    play_before_after, play_moves, pt,
};
use weiqi::board::DiagramError;
use weiqi::game::{SetupError, fixed_handicap_points};
use weiqi::score;
use weiqi::{Board, BoardSize, Color, Game, GameResult, IllegalMove, KoRule, Komi, Move, Rules};

const BLACK: Color = Color::Black;
const WHITE: Color = Color::White;

fn size(n: i64) -> BoardSize {
    BoardSize::new(n).unwrap()
}

/// Chinese rules with positional superko replaced by simple ko.
fn simple_ko_rules() -> Rules {
    Rules {
        ko: KoRule::Simple,
        ..Rules::chinese()
    }
}

// Captures: each picture shows the position before (left) and after (right) the moves.

#[test]
fn a_stone_without_liberties_is_captured() {
    let game = play_before_after(
        Rules::chinese(),
        BLACK,
        "C2",
        "
        . . . . .    . . . . .
        . . X . .    . . X . .
        . X O X .    . X . X .
        . . . . .    . . X . .
        . . . . .    . . . . .
        ",
    );
    assert_eq!(game.board().captures(BLACK), 1);
    assert_eq!(game.board().captures(WHITE), 0);
}

#[test]
fn a_whole_chain_is_captured_at_its_last_liberty() {
    let game = play_before_after(
        Rules::chinese(),
        BLACK,
        "C2",
        "
        . . . . . .    . . . . . .
        . X X . . .    . X X . . .
        X O O X . .    X . . X . .
        . X O X . .    . X . X . .
        . . . . . .    . . X . . .
        . . . . . .    . . . . . .
        ",
    );
    assert_eq!(game.board().captures(BLACK), 3);
}

#[test]
fn stones_on_the_edge_and_in_the_corner_are_captured() {
    // A2 takes the edge stone A3 and the corner chain A1-C1 at once.
    let game = play_before_after(
        Rules::chinese(),
        BLACK,
        "A2",
        "
        . . . . .    . . . . .
        X . . . .    X . . . .
        O X . . .    . X . . .
        . X X . .    X X X . .
        O O O X .    . . . X .
        ",
    );
    assert_eq!(game.board().captures(BLACK), 4);

    let corner = play_before_after(
        Rules::chinese(),
        WHITE,
        "A2",
        "
        . . .    . . .
        . . .    O . .
        X O .    . O .
        ",
    );
    assert_eq!(corner.board().captures(WHITE), 1);
}

#[test]
fn one_move_captures_two_chains() {
    let game = play_before_after(
        Rules::chinese(),
        BLACK,
        "C3",
        "
        . . . . .    . . . . .
        . X . X .    . X . X .
        X O . O X    X . X . X
        . X . X .    . X . X .
        . . . . .    . . . . .
        ",
    );
    assert_eq!(game.board().captures(BLACK), 2);
}

#[test]
fn a_move_without_liberties_that_captures_is_not_suicide() {
    let game = play_before_after(
        Rules::chinese(),
        BLACK,
        "A1",
        "
        . . . . .    . . . . .
        . . . . .    . . . . .
        O . . . .    O . . . .
        O X . . .    O X . . .
        . O X . .    X . X . .
        ",
    );
    // The stone on A1 took one stone and has one liberty: a ko in the corner.
    assert_eq!(game.board().ko(), Some((pt("B1", game.size()), WHITE)));
}

#[test]
fn snapback() {
    // Black throws in at A1; White takes it, leaving three stones in atari, which are not
    // a ko: Black takes them back on the same point.
    let mut game = play_before_after(
        Rules::chinese(),
        BLACK,
        "A1 B1",
        "
        . . . . .    . . . . .
        . . . . .    . . . . .
        X X . . .    X X . . .
        O O X . .    O O X . .
        . . X . .    . O X . .
        ",
    );
    assert_eq!(game.board().captures(WHITE), 1);
    assert_eq!(game.board().ko(), None);
    play_moves(&mut game, "A1");
    assert_stones(
        game.board(),
        "
        . . . . .
        . . . . .
        X X . . .
        . . X . .
        X . X . .
        ",
    );
    assert_eq!(game.board().captures(BLACK), 3);
}

// Suicide

const SINGLE_SUICIDE: &str = "
    5 . . . . .
    4 . . . . .
    3 . . . . .
    2 O . . . .
    1 . O . . .
      A B C D E
    ";

const DOUBLE_SUICIDE: &str = "
    5 . . . . .
    4 . . . . .
    3 O O . . .
    2 X O . . .
    1 . O . . .
      A B C D E
    ";

#[test]
fn suicide_is_illegal_under_chinese_and_aga_rules() {
    for rules in [Rules::chinese(), Rules::aga()] {
        for diagram in [SINGLE_SUICIDE, DOUBLE_SUICIDE] {
            let mut game = game_from_diagram(diagram, rules, BLACK);
            let before = game.clone();
            assert_eq!(check(&game, BLACK, "A1"), Err(IllegalMove::Suicide));
            assert_eq!(
                game.play(BLACK, mv("A1", game.size())),
                Err(IllegalMove::Suicide)
            );
            assert_eq!(game, before, "a rejected move leaves the game unchanged");
            assert!(!game.legal_moves(BLACK).contains(&mv("A1", game.size())));
        }
    }
}

#[test]
fn single_stone_suicide_is_legal_under_new_zealand_rules() {
    let mut game = game_from_diagram(SINGLE_SUICIDE, Rules::new_zealand(), BLACK);
    play_moves(&mut game, "A1");
    // The stone is removed at once and counts as a capture for White.
    assert_stones(game.board(), SINGLE_SUICIDE);
    assert_eq!(game.board().captures(WHITE), 1);
    assert_eq!(game.to_move(), WHITE);
}

#[test]
fn single_stone_suicide_repeats_the_position_under_tromp_taylor() {
    // Tromp-Taylor allows suicide, but a lone stone's suicide leaves the board as it was,
    // which positional superko forbids.
    let game = game_from_diagram(SINGLE_SUICIDE, Rules::tromp_taylor(), BLACK);
    assert_eq!(check(&game, BLACK, "A1"), Err(IllegalMove::Superko));
}

#[test]
fn multi_stone_suicide_is_legal_under_new_zealand_and_tromp_taylor() {
    for rules in [Rules::new_zealand(), Rules::tromp_taylor()] {
        let game = play_before_after(
            rules,
            BLACK,
            "A1",
            "
            . . . . .    . . . . .
            . . . . .    . . . . .
            O O . . .    O O . . .
            X O . . .    . O . . .
            . O . . .    . O . . .
            ",
        );
        assert_eq!(game.board().captures(WHITE), 2);
        assert_eq!(game.board().captures(BLACK), 0);
        game.board().assert_consistent();
    }
}

// Ko

const KO: &str = "
    5 . . . . .
    4 . . . . .
    3 . X O . .
    2 X O . O .
    1 . X O . .
      A B C D E
    ";

#[test]
fn simple_ko_forbids_the_immediate_recapture() {
    for rules in [Rules::chinese(), simple_ko_rules()] {
        let mut game = game_from_diagram(KO, rules, BLACK);
        play_moves(&mut game, "C2");
        assert_stones(
            game.board(),
            "
            . . . . .
            . . . . .
            . X O . .
            X . X O .
            . X O . .
            ",
        );
        let b2 = pt("B2", game.size());
        assert_eq!(game.board().ko(), Some((b2, WHITE)));
        assert_eq!(check(&game, WHITE, "B2"), Err(IllegalMove::Ko));
        // Black may fill the ko; the ban binds only the player who lost the stone.
        assert_eq!(check(&game, BLACK, "B2"), Ok(()));

        // A ko threat and its answer lift the ban.
        play_moves(&mut game, "E5 E4 B2");
        assert_eq!(game.board().color_at(b2), Some(WHITE));
        assert_eq!(game.board().captures(WHITE), 1);
        assert_eq!(check(&game, BLACK, "C2"), Err(IllegalMove::Ko));
    }
}

#[test]
fn a_pass_lifts_the_simple_ko_ban() {
    // After White passes, White's retake (played out of turn, as GTP allows) is no longer
    // a simple-ko violation; it restores the starting position, so only superko forbids it.
    for (rules, expected) in [
        (simple_ko_rules(), Ok(())),
        (Rules::chinese(), Err(IllegalMove::Superko)),
    ] {
        let mut game = game_from_diagram(KO, rules, BLACK);
        play_moves(&mut game, "C2");
        assert_eq!(check(&game, WHITE, "B2"), Err(IllegalMove::Ko));
        play_moves(&mut game, "pass");
        assert_eq!(game.board().ko(), None);
        assert_eq!(check(&game, WHITE, "B2"), expected);
    }
}

#[test]
fn triple_ko_cycle_is_superko() {
    // Each move takes a ko; White's sixth, G1, would recreate the starting position with
    // Black to move again: illegal under either superko rule.
    for rules in [Rules::chinese(), Rules::new_zealand()] {
        let mut game = game_from_diagram(TRIPLE_KO, rules, BLACK);
        play_moves(&mut game, "C1 B9 H1 B1 C9"); // TRIPLE_KO_CYCLE but its last move
        assert_eq!(check(&game, WHITE, "G1"), Err(IllegalMove::Superko));
        assert_eq!(
            game.play(WHITE, mv("G1", game.size())),
            Err(IllegalMove::Superko)
        );
        assert!(!game.legal_moves(WHITE).contains(&mv("G1", game.size())));
    }
    // With simple ko only, the cycle goes round.
    let mut game = game_from_diagram(TRIPLE_KO, simple_ko_rules(), BLACK);
    play_moves(&mut game, TRIPLE_KO_CYCLE);
    assert_stones(game.board(), TRIPLE_KO);
    play_moves(&mut game, TRIPLE_KO_CYCLE);
    assert_stones(game.board(), TRIPLE_KO);
}

const DOUBLE_KO: &str = "
    5 X . X O .
    4 X X O O .
    3 . . . . .
    2 X X O O .
    1 X O . O .
      A B C D E
    ";

#[test]
fn positional_and_situational_superko_differ_after_a_pass() {
    // Black takes the lower ko, White the upper, Black passes, White retakes below. Black's
    // retake above would recreate the starting position, but with White to move where it
    // had Black to move: positional superko forbids it, situational superko does not.
    let sequence = "C1 B5 pass B1";
    let mut game = game_from_diagram(DOUBLE_KO, Rules::chinese(), BLACK);
    play_moves(&mut game, sequence);
    assert_eq!(check(&game, BLACK, "C5"), Err(IllegalMove::Superko));

    for rules in [Rules::new_zealand(), Rules::aga(), simple_ko_rules()] {
        let mut game = game_from_diagram(DOUBLE_KO, rules, BLACK);
        play_moves(&mut game, sequence);
        play_moves(&mut game, "C5");
        assert_stones(game.board(), DOUBLE_KO);
        assert_eq!(game.to_move(), WHITE);
    }
}

#[test]
fn situational_superko_with_a_move_out_of_turn() {
    // GTP lets one colour play twice in a row. White takes the upper ko although Black is
    // to move, Black passes and then retakes: the starting position returns, now with
    // White to move.
    for (rules, expected) in [
        (Rules::chinese(), Err(IllegalMove::Superko)),
        (Rules::new_zealand(), Ok(())),
    ] {
        let mut game = game_from_diagram(DOUBLE_KO, rules, BLACK);
        let s = game.size();
        game.play(WHITE, mv("B5", s)).unwrap();
        assert_eq!(game.to_move(), BLACK);
        assert_eq!(check(&game, BLACK, "C5"), Err(IllegalMove::Ko));
        game.play(BLACK, Move::Pass).unwrap();
        assert_eq!(game.to_move(), WHITE);
        assert_eq!(game.play(BLACK, mv("C5", s)), expected);
    }
}

// Scoring

#[test]
fn seki_points_are_neutral_under_area_scoring() {
    // Each side has one eye and they share the liberty C1: whoever fills it is captured.
    let diagram = "
        5 . X X O .
        4 X X X O O
        3 X X X O O
        2 X X X O O
        1 X X . O O
          A B C D E
        ";
    let game = game_from_diagram(diagram, Rules::chinese(), BLACK);
    let s = game.size();
    let (count, owner) = game.count(&[]);
    assert_eq!((count.area.black, count.area.white), (13 + 1, 9 + 1));
    assert_eq!(owner.get(pt("C1", s)), None);
    assert_eq!(owner.get(pt("A5", s)), Some(BLACK));
    assert_eq!(owner.get(pt("E5", s)), Some(WHITE));
    assert_eq!(score::tromp_taylor(game.board()), count);
    assert_eq!(game.result().to_string(), "W+3.5");

    let mut filled = game.clone();
    play_moves(&mut filled, "C1 A5");
    assert_eq!(filled.board().stone_count(BLACK), 0);
    assert_eq!(filled.board().captures(WHITE), 14);

    // No eyes at all: two shared liberties, A1 and E5.
    let eyeless = game_from_diagram(
        "
        X X X X .
        X X X X O
        X X O O O
        X X O O O
        . O O O O
        ",
        Rules::chinese().with_komi(Komi::from_half_points(1)),
        BLACK,
    );
    let (count, owner) = eyeless.count(&[]);
    assert_eq!((count.area.black, count.area.white), (12, 11));
    assert_eq!(owner.get(pt("A1", s)), None);
    assert_eq!(owner.get(pt("E5", s)), None);
    assert_eq!(eyeless.result().to_string(), "B+0.5");
}

const DEAD_STONE: &str = "
    5 . . X O .
    4 . O X O .
    3 . . X O .
    2 . . X O .
    1 . . X O .
      A B C D E
    ";

#[test]
fn dead_stones_count_for_the_other_side() {
    let game = game_from_diagram(DEAD_STONE, Rules::chinese(), BLACK);
    let b4 = pt("B4", game.size());
    // All stones alive (Tromp-Taylor): the white stone makes Black's side neutral.
    let (alive, owner) = game.count(&[]);
    assert_eq!((alive.area.black, alive.area.white), (5, 11));
    assert_eq!(owner.get(pt("A1", game.size())), None);
    assert_eq!(game.result().to_string(), "W+13.5");
    // With B4 dead, Black owns the left two columns.
    let (count, owner) = game.count(&[b4]);
    assert_eq!((count.area.black, count.area.white), (15, 10));
    assert_eq!(owner.get(b4), Some(BLACK));
    assert_eq!(game.result_with_dead(&[b4]).to_string(), "W+2.5");
}

#[test]
fn results_and_their_text() {
    let mut game = game_from_diagram(DEAD_STONE, Rules::chinese(), BLACK);
    let b4 = pt("B4", game.size());
    let with_komi = |game: &mut Game, half: i16| {
        game.set_rules(Rules::chinese().with_komi(Komi::from_half_points(half)));
        game.result_with_dead(&[b4])
    };
    // Black leads by 5 on the board.
    assert_eq!(with_komi(&mut game, 10), GameResult::Draw);
    assert_eq!(with_komi(&mut game, 10).to_string(), "0");
    assert_eq!(with_komi(&mut game, -5).to_string(), "B+7.5");
    assert_eq!(with_komi(&mut game, 0).to_string(), "B+5");
    assert_eq!(with_komi(&mut game, 11).winner(), Some(WHITE));
    assert_eq!(with_komi(&mut game, 11).to_string(), "W+0.5");

    game.resign(BLACK);
    assert!(game.is_over());
    assert_eq!(game.result().to_string(), "W+R");
    assert_eq!(game.result_with_dead(&[b4]), GameResult::Resign(WHITE));
    assert_eq!(check(&game, WHITE, "E5"), Err(IllegalMove::GameOver));
}

// Handicap

fn names(points: &[weiqi::Point]) -> Vec<String> {
    let mut names: Vec<String> = points.iter().map(|p| p.to_string()).collect();
    names.sort();
    names
}

fn expect_handicap(n: i64, stones: usize, expected: &str) {
    let points = fixed_handicap_points(size(n), stones)
        .unwrap_or_else(|e| panic!("{stones} stones on {n}x{n}: {e}"));
    let mut want: Vec<String> = expected.split_whitespace().map(String::from).collect();
    want.sort();
    assert_eq!(names(&points), want, "{stones} stones on {n}x{n}");
}

#[test]
fn fixed_handicap_follows_the_gtp_tables() {
    // GTP 2 specification, section 4.1.1.
    let nineteen = [
        "D4 Q16",
        "D4 Q16 D16",
        "D4 Q16 D16 Q4",
        "D4 Q16 D16 Q4 K10",
        "D4 Q16 D16 Q4 D10 Q10",
        "D4 Q16 D16 Q4 D10 Q10 K10",
        "D4 Q16 D16 Q4 D10 Q10 K4 K16",
        "D4 Q16 D16 Q4 D10 Q10 K4 K16 K10",
    ];
    let thirteen = [
        "D4 K10",
        "D4 K10 D10",
        "D4 K10 D10 K4",
        "D4 K10 D10 K4 G7",
        "D4 K10 D10 K4 D7 K7",
        "D4 K10 D10 K4 D7 K7 G7",
        "D4 K10 D10 K4 D7 K7 G4 G10",
        "D4 K10 D10 K4 D7 K7 G4 G10 G7",
    ];
    let nine = [
        "C3 G7",
        "C3 G7 C7",
        "C3 G7 C7 G3",
        "C3 G7 C7 G3 E5",
        "C3 G7 C7 G3 C5 G5",
        "C3 G7 C7 G3 C5 G5 E5",
        "C3 G7 C7 G3 C5 G5 E3 E7",
        "C3 G7 C7 G3 C5 G5 E3 E7 E5",
    ];
    for (n, table) in [(19, nineteen), (13, thirteen), (9, nine)] {
        for (i, expected) in table.iter().enumerate() {
            expect_handicap(n, i + 2, expected);
        }
    }
    // 7x7 and even sizes allow at most four, on the third lines.
    expect_handicap(7, 4, "C3 E5 C5 E3");
    expect_handicap(8, 4, "C3 F6 C6 F3");
    expect_handicap(10, 2, "C3 H8");
}

#[test]
fn invalid_handicap_counts_are_rejected() {
    let cases = [
        (7, 5),
        (8, 5),
        (10, 9),
        (6, 2),
        (5, 4),
        (2, 2),
        (19, 1),
        (19, 0),
        (19, 10),
    ];
    for (n, stones) in cases {
        assert_eq!(
            fixed_handicap_points(size(n), stones),
            Err(SetupError::InvalidHandicap {
                stones,
                size: size(n)
            }),
            "{stones} stones on {n}x{n}"
        );
    }
    let mut game = Game::new(size(19), Rules::chinese());
    assert_eq!(
        game.place_fixed_handicap(10).unwrap_err().to_string(),
        "invalid number of stones: 10 handicap stones on 19x19"
    );
    assert!(game.board().has_no_stones());
}

#[test]
fn white_moves_first_after_handicap_and_it_cannot_be_undone() {
    let mut game = Game::new(size(19), Rules::chinese());
    let points = game.place_fixed_handicap(4).unwrap();
    assert_eq!(names(&points), ["D16", "D4", "Q16", "Q4"]);
    assert_eq!(game.handicap(), 4);
    assert_eq!(game.to_move(), WHITE);
    assert_eq!(game.board().stone_count(BLACK), 4);
    assert_eq!(game.undo(), None, "handicap stones are not moves");
    assert_eq!(game.to_move(), WHITE);
    assert_eq!(game.board().stone_count(BLACK), 4);

    play_moves(&mut game, "K10");
    assert_eq!(game.undo(), Some((WHITE, mv("K10", game.size()))));
    assert_eq!(game.to_move(), WHITE);
    assert_eq!(game.board().stone_count(BLACK), 4);
    assert_eq!(game.board().stone_count(WHITE), 0);

    assert_eq!(
        game.place_fixed_handicap(2),
        Err(SetupError::BoardNotEmpty),
        "handicap goes on an empty board only"
    );
    play_moves(&mut game, "K10");
    assert_eq!(
        game.add_setup_stones(BLACK, &[pt("C3", game.size())]),
        Err(SetupError::BoardNotEmpty)
    );
}

// End of game, undo, errors

#[test]
fn two_passes_end_the_game() {
    let mut game = Game::new(size(9), Rules::chinese());
    play_moves(&mut game, "pass E5 pass");
    assert!(!game.is_over(), "passes must be consecutive");
    assert_eq!(game.consecutive_passes(), 1);
    play_moves(&mut game, "pass");
    assert!(game.is_over());
    assert_eq!(check(&game, WHITE, "D4"), Err(IllegalMove::GameOver));
    assert_eq!(game.play(WHITE, Move::Pass), Err(IllegalMove::GameOver));
    assert!(game.legal_moves(WHITE).is_empty());
    // One white stone owns the whole board.
    assert_eq!(game.result().to_string(), "W+88.5");

    assert_eq!(game.undo(), Some((WHITE, Move::Pass)));
    assert!(!game.is_over());
    assert_eq!(game.to_move(), WHITE);
    play_moves(&mut game, "D4");
}

#[test]
fn occupied_points_are_illegal() {
    let mut game = Game::new(size(9), Rules::chinese());
    play_moves(&mut game, "E5");
    for color in Color::ALL {
        assert_eq!(check(&game, color, "E5"), Err(IllegalMove::Occupied));
    }
    let before = game.clone();
    assert_eq!(
        game.play(WHITE, mv("E5", game.size())),
        Err(IllegalMove::Occupied)
    );
    assert_eq!(game, before);
}

#[test]
fn error_messages() {
    let illegal = [
        (IllegalMove::Occupied, "illegal move: the point is occupied"),
        (IllegalMove::Suicide, "illegal move: suicide"),
        (IllegalMove::Ko, "illegal move: ko"),
        (
            IllegalMove::Superko,
            "illegal move: superko (repeats an earlier position)",
        ),
        (IllegalMove::GameOver, "illegal move: the game is over"),
    ];
    for (err, text) in illegal {
        assert_eq!(err.to_string(), text);
    }
    let s = size(9);
    let setup = [
        (SetupError::BoardNotEmpty, "board not empty"),
        (
            SetupError::Occupied(pt("D4", s)),
            "bad vertex list: D4 is given twice",
        ),
        (
            SetupError::NoLiberties(pt("A1", s)),
            "bad vertex list: the chain at A1 has no liberties",
        ),
    ];
    for (err, text) in setup {
        assert_eq!(err.to_string(), text);
    }
}

#[test]
fn setup_stones_must_leave_liberties() {
    let s = size(5);
    let mut game = Game::new(s, Rules::chinese());
    game.add_setup_stones(WHITE, &[pt("A2", s), pt("B1", s)])
        .unwrap();
    assert_eq!(
        game.add_setup_stones(BLACK, &[pt("C3", s), pt("C3", s)]),
        Err(SetupError::Occupied(pt("C3", s)))
    );
    let before = game.clone();
    assert!(matches!(
        game.add_setup_stones(BLACK, &[pt("C3", s), pt("A1", s)]),
        Err(SetupError::NoLiberties(_))
    ));
    assert_eq!(game, before, "a rejected setup leaves the game unchanged");
}

#[test]
fn setup_error_names_the_chain_without_liberties() {
    let s = size(5);
    let mut game = Game::new(s, Rules::chinese());
    game.add_setup_stones(WHITE, &[pt("A2", s), pt("B1", s)])
        .unwrap();
    assert_eq!(
        game.add_setup_stones(BLACK, &[pt("C3", s), pt("A1", s)]),
        Err(SetupError::NoLiberties(pt("A1", s)))
    );
    // Surrounding a white stone: the chain without liberties is White's.
    let mut game = Game::new(s, Rules::chinese());
    game.add_setup_stones(WHITE, &[pt("A1", s)]).unwrap();
    assert_eq!(
        game.add_setup_stones(BLACK, &[pt("B1", s), pt("A2", s)]),
        Err(SetupError::NoLiberties(pt("A1", s)))
    );
}

// Diagrams

#[test]
fn diagram_parse_errors() {
    let err = |text: &str| Board::from_diagram(text).unwrap_err();
    assert_eq!(
        err(". . .\n. Z .\n. . ."),
        DiagramError::BadChar { row: 2, ch: 'Z' }
    );
    assert_eq!(
        err(". . .\n. .\n. . ."),
        DiagramError::NotSquare { rows: 3, cells: 2 }
    );
    assert_eq!(err("."), DiagramError::BadSize(1));
    assert_eq!(err(""), DiagramError::BadSize(0));
    let big = vec![". ".repeat(26); 26].join("\n");
    assert_eq!(err(&big), DiagramError::BadSize(26));
    let dead = err("X O .\nO . .\n. . .");
    assert_eq!(dead, DiagramError::DeadChain(pt("A3", size(3))));

    let texts = [
        (
            DiagramError::BadChar { row: 2, ch: 'Z' },
            "diagram row 2: unexpected character 'Z'",
        ),
        (
            DiagramError::NotSquare { rows: 3, cells: 2 },
            "diagram is not square: 3 rows but a row of 2 cells",
        ),
        (
            DiagramError::BadSize(26),
            "diagram size 26 is outside 2 to 25",
        ),
        (dead, "diagram chain at A3 has no liberties"),
    ];
    for (e, text) in texts {
        assert_eq!(e.to_string(), text);
    }
}

#[test]
fn diagram_reading_accepts_the_alternative_marks() {
    let plain = board(
        "
        X . O
        . X .
        O . .
        ",
    );
    let alternative = board(
        "
        3 # + o  3
        2 . x .  2
        1 O + +  1
          A B C
        ",
    );
    assert_eq!(plain, alternative);
    let s = plain.size();
    assert_eq!(plain.color_at(pt("A3", s)), Some(BLACK));
    assert_eq!(plain.color_at(pt("C3", s)), Some(WHITE));
    assert_eq!(plain.color_at(pt("A1", s)), Some(WHITE));
    assert_eq!(plain.color_at(pt("B2", s)), Some(BLACK));
}

#[test]
fn diagrams_render_with_coordinates() {
    let b = board(
        "
        . . .
        . X O
        . . .
        ",
    );
    assert_eq!(
        b.diagram(),
        "   A B C\n 3 . . .  3\n 2 . X O  2\n 1 . . .  1\n   A B C\n"
    );
    assert_eq!(
        b.diagram_marked(Some(pt("B2", b.size()))),
        "   A B C\n 3 . . .  3\n 2 .(X)O  2\n 1 . . .  1\n   A B C\n"
    );
}

#[test]
fn diagrams_round_trip_on_small_boards() {
    // A position with stones of both colours on every size up to 13.
    for n in 2..=13 {
        let s = size(n);
        let mut game = Game::new(s, Rules::chinese());
        let black: Vec<_> = s
            .points()
            .filter(|p| (p.x() + 2 * p.y()) % 5 == 0)
            .collect();
        let white: Vec<_> = s
            .points()
            .filter(|p| (p.x() + 2 * p.y()) % 5 == 2)
            .collect();
        game.add_setup_stones(BLACK, &black).unwrap();
        game.add_setup_stones(WHITE, &white).unwrap();
        let original = game.board();
        let text = original.diagram();
        assert_eq!(&Board::from_diagram(&text).unwrap(), original, "{text}");
        let marked = original.diagram_marked(black.first().copied());
        assert_eq!(&Board::from_diagram(&marked).unwrap(), original, "{marked}");
    }
}

#[test]
fn diagrams_round_trip_on_large_boards() {
    for n in 14..=25 {
        let original = Board::new(size(n));
        let text = original.diagram();
        assert_eq!(Board::from_diagram(&text), Ok(original), "{text}");
    }
}
