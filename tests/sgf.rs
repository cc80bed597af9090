//! SGF reading and writing: hand-written fixtures (tests/data/sgf), round trips of games
//! with captures, passes, handicap, setup stones and escaped text, one test per kind of
//! malformed input, and a seeded fuzz run that mutates valid files.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use weiqi::game::SetupError;
use weiqi::sgf::{self, GameInfo, SgfError, SgfErrorKind, SgfGame};
use weiqi::{Board, BoardSize, Color, Game, GameResult, IllegalMove, Komi, Move, Point, Rules};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/data/sgf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn size(n: i64) -> BoardSize {
    BoardSize::new(n).unwrap()
}

fn point(name: &str, n: i64) -> Point {
    Point::parse(name, size(n)).unwrap()
}

fn moves(record: &SgfGame) -> Vec<String> {
    let name = |&(c, mv): &(Color, Move)| format!("{} {mv}", c.letter());
    record.game.moves().iter().map(name).collect()
}

/// Checks that `board` holds exactly the stones of `diagram` ('X' black, 'O' white).
fn assert_stones(board: &Board, diagram: &str) {
    let expected = Board::from_diagram(diagram).unwrap();
    assert_eq!(board.size(), expected.size());
    for p in board.size().points() {
        assert_eq!(board.color_at(p), expected.color_at(p), "at {p}\n{diagram}");
    }
}

// --- Fixtures ---------------------------------------------------------------------------

#[test]
fn variation_tree_follows_the_main_line() {
    let record = sgf::parse(&fixture("variations_main_line.sgf")).unwrap();
    assert_eq!(
        moves(&record),
        ["B E5", "W G7", "B C3", "W G3", "B C7"],
        "first child at each branch; the second game tree is not read"
    );
    assert_stones(
        record.game.board(),
        "
        . . . . . . . . .
        . . . . . . . . .
        . . X . . . O . .
        . . . . . . . . .
        . . . . X . . . .
        . . . . . . . . .
        . . X . . . O . .
        . . . . . . . . .
        . . . . . . . . .",
    );
    assert_eq!(record.game.rules().komi, Komi::from_half_points(13));
    // No territory rules: Japanese falls back to Chinese, and the name is kept.
    assert_eq!(record.game.rules().ko, Rules::chinese().ko);
    assert_eq!(record.info.rules_name.as_deref(), Some("Japanese"));
    assert_eq!(record.info.black_name.as_deref(), Some("Black player"));
    assert_eq!(record.info.white_name.as_deref(), Some("White player"));
    assert_eq!(record.info.date.as_deref(), Some("2024-05-01"));
}

#[test]
fn comments_and_unknown_properties_are_ignored() {
    let record = sgf::parse(&fixture("comments_and_unknown_properties.sgf")).unwrap();
    assert_eq!(moves(&record), ["B E5", "W D7", "B C7"]);
    assert_eq!(record.game.size(), BoardSize::NINE);
    assert_eq!(record.info, GameInfo::default());
    assert_eq!(record.game.rules(), &Rules::default());
}

#[test]
fn tt_is_a_pass_on_19x19() {
    let record = sgf::parse(&fixture("passes_tt_19x19.sgf")).unwrap();
    let game = &record.game;
    assert_eq!(game.moves().len(), 16);
    assert_eq!(game.moves()[12], (Color::Black, Move::Pass));
    assert_eq!(
        game.moves()[13],
        (Color::White, Move::Play(point("R9", 19)))
    );
    assert_eq!(game.moves()[15], (Color::White, Move::Pass));
    assert!(game.is_over(), "the game ends with two passes");
    assert_eq!(
        game.moves()[0],
        (Color::Black, Move::Play(point("Q16", 19)))
    );
    assert_eq!(record.info.result.as_deref(), Some("W+3.5"));
    assert_eq!(
        record.info.game_result(),
        Some(GameResult::from_half_points(-7))
    );
    // Written back, passes become [] and the record reads the same.
    let text = record.to_sgf();
    assert!(text.contains("B[]") && !text.contains("[tt]"), "{text}");
    assert_eq!(sgf::parse(&text).unwrap(), record);
}

#[test]
fn handicap_stones_in_the_root_are_the_handicap() {
    let record = sgf::parse(&fixture("handicap_4_19x19.sgf")).unwrap();
    let game = &record.game;
    assert_eq!(game.handicap(), 4);
    assert_eq!(game.setup_board().stone_count(Color::Black), 4);
    assert_eq!(
        game.rules(),
        &Rules::aga().with_komi(Komi::from_half_points(1))
    );
    assert_eq!(moves(&record), ["W R6", "B O3", "W Q10", "B O17"]);
    assert_eq!(
        record.info.game_result(),
        Some(GameResult::Resign(Color::White))
    );
    assert!(
        !game.is_over(),
        "a resignation is information, not applied to the game"
    );
    let written = record.to_sgf();
    assert!(
        written.contains("HA[4]") && written.contains("RU[AGA]"),
        "{written}"
    );
    assert_eq!(sgf::parse(&written).unwrap(), record);
}

#[test]
fn loading_before_a_move_replays_the_prefix() {
    let text = fixture("passes_tt_19x19.sgf");
    let full = sgf::parse(&text).unwrap();
    for n in [0, 1, 2, 5, 13, 16, 17, 100] {
        let record = sgf::parse_before_move(&text, n).unwrap();
        let played = n.saturating_sub(1).min(16);
        assert_eq!(
            record.game.moves(),
            &full.game.moves()[..played],
            "before move {n}"
        );
        assert_eq!(record.info, full.info, "game information is read in full");
        if let Some(&(next, _)) = full.game.moves().get(played) {
            assert_eq!(
                record.game.to_move(),
                next,
                "the player of move {n} is to move"
            );
        }
    }
    // Moves from the stop on are not checked, so a later illegal move does not matter.
    let bad = "(;SZ[9];B[ee];W[cc];B[ee])";
    assert!(sgf::parse(bad).is_err());
    assert_eq!(
        sgf::parse_before_move(bad, 3).unwrap().game.moves().len(),
        2
    );
}

#[test]
fn setup_nodes_before_the_first_move_and_compressed_lists() {
    let text = "(;SZ[5]PL[W];AB[aa:bb]AE[ee]AW[cc][dd:ed];W[ae];B[ea])";
    let record = sgf::parse(text).unwrap();
    assert_stones(
        record.game.setup_board(),
        "
        X X . . .
        X X . . .
        . . O . .
        . . . O O
        . . . . .",
    );
    assert_eq!(record.game.handicap(), 0);
    assert_eq!(moves(&record), ["W A1", "B E5"]);
    let before = sgf::parse_before_move(text, 1).unwrap();
    assert_eq!(
        before.game.to_move(),
        Color::White,
        "PL names the first player"
    );
}

#[test]
fn old_formats_and_long_property_names_are_read() {
    let record = sgf::parse("(;FF[3]GM[1]SZ[9]PlayerBlack[Old]AddWhite[aa];B[ee])").unwrap();
    assert_eq!(record.info.black_name.as_deref(), Some("Old"));
    assert_eq!(record.game.setup_board().stone_count(Color::White), 1);
}

#[test]
fn latin1_bytes_are_decoded_when_declared() {
    let record = sgf::parse_bytes(b"(;CA[ISO-8859-1]PB[Jos\xe9];B[aa])").unwrap();
    assert_eq!(record.info.black_name.as_deref(), Some("José"));
    let utf8 = sgf::parse_bytes("(;PB[José])".as_bytes()).unwrap();
    assert_eq!(utf8.info.black_name.as_deref(), Some("José"));
}

// --- Round trips ------------------------------------------------------------------------

/// Plays up to `max_moves` random legal moves (trying random points, passing sometimes,
/// either colour now and then) until the game ends.
fn random_moves(game: &mut Game, rng: &mut SmallRng, max_moves: usize) {
    let n = game.size().get();
    for _ in 0..max_moves {
        if game.is_over() {
            break;
        }
        // The first move is the usual player's: Game does not expose the first player
        // once moves exist, so a written file names it by the first move's colour.
        let color = if game.moves().is_empty() || rng.random_bool(0.9) {
            game.to_move()
        } else {
            !game.to_move()
        };
        let mut mv = Move::Pass;
        if !rng.random_bool(0.05) {
            for _ in 0..4 * n * n {
                let (x, y) = (rng.random_range(0..n), rng.random_range(0..n));
                let candidate = Move::Play(Point::from_xy(x, y, game.size()).unwrap());
                if game.is_legal(color, candidate) {
                    mv = candidate;
                    break;
                }
            }
        }
        game.play(color, mv).unwrap();
    }
}

fn assert_round_trip(game: &Game, info: &GameInfo) -> SgfGame {
    let text = sgf::write(game, info);
    let record = sgf::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(record.game.moves(), game.moves(), "{text}");
    assert_eq!(record.game.setup_board(), game.setup_board(), "{text}");
    assert_eq!(record.game.board(), game.board(), "{text}");
    assert_eq!(record.game.rules(), game.rules(), "{text}");
    assert_eq!(record.game.handicap(), game.handicap(), "{text}");
    assert_eq!(record.game.to_move(), game.to_move(), "{text}");
    assert_eq!(&record.info.black_name, &info.black_name);
    assert_eq!(&record.info.white_name, &info.white_name);
    assert_eq!(&record.info.date, &info.date);
    assert_eq!(&record.info.result, &info.result);
    assert_eq!(
        sgf::write(&record.game, &record.info),
        text,
        "writing is stable"
    );
    record
}

#[test]
fn random_games_with_captures_and_passes_round_trip() {
    let presets = [
        Rules::chinese(),
        Rules::tromp_taylor(),
        Rules::new_zealand(),
        Rules::aga(),
    ];
    let mut rng = SmallRng::seed_from_u64(7);
    let mut captures = 0;
    for (i, n) in [2, 3, 5, 9, 13, 19, 20, 25].into_iter().enumerate() {
        let komi = Komi::from_half_points(rng.random_range(-20..40));
        let rules = presets[i % presets.len()].with_komi(komi);
        let mut game = Game::new(size(n), rules);
        random_moves(&mut game, &mut rng, 3 * size(n).area());
        captures += game.board().captures(Color::Black) + game.board().captures(Color::White);
        let record = assert_round_trip(&game, &GameInfo::default());
        assert_eq!(
            record.game,
            game,
            "size {n}: {:?}",
            record.game.moves().first()
        );
    }
    assert!(
        captures > 20,
        "the games should capture stones, got {captures}"
    );
}

#[test]
fn tt_is_a_point_above_19x19() {
    let mut game = Game::new(size(20), Rules::default());
    game.play(Color::Black, Move::Play(point("U1", 20)))
        .unwrap();
    game.play(Color::White, Move::Pass).unwrap();
    let text = sgf::write(&game, &GameInfo::default());
    assert!(text.contains(";B[tt]") && text.contains(";W[]"), "{text}");
    assert_eq!(sgf::parse(&text).unwrap().game, game);
}

#[test]
fn handicap_and_setup_stones_round_trip() {
    let mut game = Game::new(BoardSize::NINETEEN, Rules::chinese());
    game.place_fixed_handicap(9).unwrap();
    let mut rng = SmallRng::seed_from_u64(3);
    random_moves(&mut game, &mut rng, 40);
    let record = assert_round_trip(&game, &GameInfo::default());
    assert_eq!(record.game, game);

    let mut game = Game::new(BoardSize::NINE, Rules::new_zealand());
    let at = |name| point(name, 9);
    game.add_setup_stones(Color::Black, &[at("C3"), at("D4")])
        .unwrap();
    game.add_setup_stones(Color::White, &[at("G7")]).unwrap();
    game.set_first_to_move(Color::White).unwrap();
    let record = assert_round_trip(&game, &GameInfo::default());
    assert_eq!(record.game, game, "PL[W] keeps White to move");
    game.play(Color::White, Move::Play(at("E5"))).unwrap();
    assert_eq!(assert_round_trip(&game, &GameInfo::default()).game, game);
}

#[test]
fn escaped_text_round_trips() {
    let mut game = Game::new(BoardSize::NINE, Rules::chinese());
    game.play(Color::Black, Move::Play(point("E5", 9))).unwrap();
    let info = GameInfo {
        black_name: Some("Back\\slash ]bracket[ [x] :colon".to_string()),
        white_name: Some("李昌镐 \\] \\\\".to_string()),
        date: Some("2024-05-01,02".to_string()),
        result: Some("B+R".to_string()),
        rules_name: None,
        ..GameInfo::default()
    };
    let record = assert_round_trip(&game, &info);
    assert_eq!(record.info.rules_name.as_deref(), Some("Chinese"));
    assert_eq!(
        record.info.game_result(),
        Some(GameResult::Resign(Color::Black))
    );
}

#[test]
fn a_resignation_is_written_as_the_result() {
    let mut game = Game::new(BoardSize::NINE, Rules::chinese());
    game.play(Color::Black, Move::Play(point("E5", 9))).unwrap();
    game.resign(Color::White);
    let text = sgf::write(&game, &GameInfo::default());
    assert!(text.contains("RE[B+R]"), "{text}");
    let mut info = GameInfo::default();
    info.set_game_result(GameResult::from_half_points(-1));
    assert!(sgf::write(&game, &info).contains("RE[W+0.5]"));
}

#[test]
fn written_files_have_the_ff4_root() {
    let game = Game::new(BoardSize::THIRTEEN, Rules::tromp_taylor());
    let text = sgf::write(&game, &GameInfo::default());
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        text,
        format!("(;GM[1]FF[4]CA[UTF-8]AP[weiqi:{version}]SZ[13]KM[7.5]RU[Tromp-Taylor])\n")
    );
}

// --- Errors -----------------------------------------------------------------------------

/// Parses `text`, expecting an error of `kind` at `line`:`column` whose message contains
/// `words`.
#[track_caller]
fn assert_error(text: &str, kind: SgfErrorKind, line: usize, column: usize, words: &str) {
    let err: SgfError = sgf::parse(text).expect_err(text);
    assert_eq!(err.kind, kind, "{text}");
    assert_eq!(
        (err.at.line, err.at.column),
        (line, column),
        "{text}: {err}"
    );
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("line {line}, column {column}: ")),
        "{message}"
    );
    assert!(
        message.contains(words),
        "{message:?} should contain {words:?}"
    );
}

#[test]
fn syntax_errors_name_the_problem_and_place() {
    use SgfErrorKind::*;
    assert_error("", MissingGameTree { found: None }, 1, 1, "empty");
    assert_error(
        " \n x(;B[aa])",
        MissingGameTree { found: Some('x') },
        2,
        2,
        "'('",
    );
    assert_error("(B[aa])", MissingNode { found: Some('B') }, 1, 2, "';'");
    assert_error("(;B[aa]()", MissingNode { found: Some(')') }, 1, 9, "';'");
    assert_error("(;B[aa]\n;W[bb]", UnclosedTree, 1, 1, "missing ')'");
    assert_error("(;B[aa](;W[bb]", UnclosedTree, 1, 8, "missing ')'");
    let property = "C".to_string();
    assert_error(
        "(;SZ[9]\n C[no end",
        UnterminatedValue { property },
        2,
        3,
        "unterminated",
    );
    let escaped = "(;C[ends with \\])".to_string();
    let property = "C".to_string();
    assert_error(
        &escaped,
        UnterminatedValue { property },
        1,
        4,
        "missing ']'",
    );
    let ident = "B1".to_string();
    assert_error(
        "(;GM[1]\n;B1[aa])",
        BadPropertyIdent { ident },
        2,
        2,
        "'B1'",
    );
    let ident = "b".to_string();
    assert_error("(;b[aa])", BadPropertyIdent { ident }, 1, 3, "identifier");
    let ident = String::new();
    assert_error(
        "(;[aa])",
        BadPropertyIdent { ident },
        1,
        3,
        "without an identifier",
    );
    let (property, found) = ("B".to_string(), Some(')'));
    assert_error("(;B)", MissingValue { property, found }, 1, 4, "no value");
    assert_error("(;B[aa]é)", UnexpectedChar { found: 'é' }, 1, 8, "'é'");
    assert_error(
        "(;B[aa](;W[bb]);B[cc])",
        NodeAfterVariation,
        1,
        16,
        "variation",
    );
}

#[test]
fn bad_values_name_the_property() {
    use SgfErrorKind::*;
    let value = |v: &str| v.to_string();
    assert_error(
        "(;GM[2])",
        UnsupportedGame { value: value("2") },
        1,
        5,
        "GM[2]",
    );
    assert_error(
        "(;FF[5])",
        UnsupportedFormat { value: value("5") },
        1,
        5,
        "FF[5]",
    );
    for bad in ["1", "26", "abc", "9:13", "", "99999999999999999999"] {
        let text = format!("(;FF[4]SZ[{bad}])");
        assert_error(&text, BadSize { value: value(bad) }, 1, 10, "board size");
    }
    assert_error(
        "(;KM[7.3])",
        BadKomi {
            value: value("7.3"),
        },
        1,
        5,
        "komi",
    );
    let bad_point = |property: &str, v: &str| BadPoint {
        property: property.to_string(),
        value: value(v),
        size: BoardSize::NINE,
    };
    assert_error("(;SZ[9];B[jj])", bad_point("B", "jj"), 1, 10, "B[jj]");
    assert_error("(;SZ[9];W[ak])", bad_point("W", "ak"), 1, 10, "coordinates");
    assert_error(
        "(;SZ[9]AB[aa][aa:zz])",
        bad_point("AB", "aa:zz"),
        1,
        14,
        "9x9",
    );
    let expected = "a number of stones";
    let (property, v) = ("HA".to_string(), value("x"));
    assert_error(
        "(;HA[x])",
        BadValue {
            property,
            value: v,
            expected,
        },
        1,
        5,
        "HA[x]",
    );
    let (property, v) = ("PL".to_string(), value("X"));
    let kind = BadValue {
        property,
        value: v,
        expected: "B or W",
    };
    assert_error("(;PL[X])", kind, 1, 5, "PL[X]");
}

#[test]
fn setup_errors_name_the_stones() {
    use SgfErrorKind::*;
    let property = "AB".to_string();
    let error = SetupError::Occupied(point("A9", 9));
    let kind = BadSetup { property, error };
    assert_error("(;SZ[9]AB[aa][aa])", kind, 1, 8, "A9 is already occupied");
    let (property, moves) = ("AB".to_string(), 1);
    let kind = SetupAfterMoves { property, moves };
    assert_error("(;SZ[9];B[ee];AB[aa])", kind, 1, 15, "after move 1");
    let (property, moves) = ("PL".to_string(), 1);
    let kind = SetupAfterMoves { property, moves };
    assert_error("(;SZ[9];B[ee]\n;PL[B])", kind, 2, 2, "PL");
    let kind = RemovesStone {
        point: point("E5", 9),
    };
    assert_error("(;SZ[9]AB[ee];AE[ee])", kind, 1, 17, "E5");
    assert_error("(;SZ[9];B[ee]W[cc])", TwoMoves, 1, 14, "two moves");
    // PL naming the player who is to move anyway, and AE on empty points, are fine.
    assert!(sgf::parse("(;SZ[9];B[ee]PL[W];W[cc]AE[aa])").is_ok());
}

#[test]
fn illegal_moves_give_their_number_and_reason() {
    let illegal = |number, color, name, reason| SgfErrorKind::IllegalMove {
        number,
        color,
        mv: Move::Play(point(name, 9)),
        reason,
    };
    let kind = illegal(2, Color::White, "E5", IllegalMove::Occupied);
    assert_error("(;SZ[9];B[ee];W[ee])", kind, 1, 15, "move 2 (W E5)");
    let kind = illegal(1, Color::White, "A9", IllegalMove::Suicide);
    assert_error("(;SZ[9]AB[ba][ab];W[aa])", kind, 1, 19, "suicide");
    let ko = "(;SZ[9]AB[dc][cd][de]AW[ec][fd][ee][dd]\n;B[ed]\n;W[dd])";
    let kind = illegal(2, Color::White, "D6", IllegalMove::Ko);
    assert_error(ko, kind, 3, 2, "ko");
    let kind = illegal(3, Color::Black, "E5", IllegalMove::GameOver);
    assert_error("(;SZ[9];B[];W[];B[ee])", kind, 1, 17, "after two passes");
}

#[test]
fn invalid_utf8_is_located() {
    let err = sgf::parse_bytes(b"(;GM[1]\n;C[ok \xff])").unwrap_err();
    assert_eq!(err.kind, SgfErrorKind::InvalidUtf8);
    assert_eq!((err.at.line, err.at.column), (2, 7));
    assert!(err.to_string().contains("UTF-8"));
}

// --- Fuzzing ----------------------------------------------------------------------------

/// Characters the mutations insert: SGF punctuation, property letters, point letters,
/// whitespace and a multi-byte character.
const ALPHABET: &[char] = &[
    '(', ')', '[', ']', ';', '\\', ':', 'B', 'W', 'A', 'E', 'K', 'M', 'S', 'Z', 'H', 'P', 'L', 'a',
    'b', 'i', 's', 't', 'z', '1', '9', '.', ' ', '\n', '\r', 'é',
];

fn mutate(text: &str, rng: &mut SmallRng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.random_range(1..6) {
        let len = chars.len();
        let at = rng.random_range(0..=len);
        match rng.random_range(0..5) {
            0 => chars.truncate(at),
            1 => chars.insert(at, ALPHABET[rng.random_range(0..ALPHABET.len())]),
            2 if at < len => {
                let end = rng.random_range(at..=len.min(at + 8));
                chars.drain(at..end);
            }
            3 if at < len => chars[at] = ALPHABET[rng.random_range(0..ALPHABET.len())],
            _ => {
                let end = rng.random_range(at..=len.min(at + 12));
                let copy: Vec<char> = chars[at..end].to_vec();
                let to = rng.random_range(0..=len);
                chars.splice(to..to, copy);
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mutated_files_never_panic() {
    let mut rng = SmallRng::seed_from_u64(2024);
    let mut corpus: Vec<String> = [
        "variations_main_line.sgf",
        "comments_and_unknown_properties.sgf",
        "passes_tt_19x19.sgf",
        "handicap_4_19x19.sgf",
    ]
    .into_iter()
    .map(fixture)
    .collect();
    for n in [5, 9] {
        let mut game = Game::new(size(n), Rules::chinese());
        random_moves(&mut game, &mut rng, 60);
        corpus.push(sgf::write(&game, &GameInfo::default()));
    }
    corpus.push("(;SZ[5]AB[aa:bb]AW[cc][dd:ed]PL[W];W[ae];B[ea])".to_string());
    let (mut ok, mut failed) = (0, 0);
    for i in 0..3000 {
        let text = mutate(&corpus[i % corpus.len()], &mut rng);
        let stop = rng.random_range(0..20);
        for result in [sgf::parse(&text), sgf::parse_before_move(&text, stop)] {
            match result {
                Ok(record) => {
                    ok += 1;
                    // Whatever was read can be written and read again.
                    assert_round_trip(&record.game, &record.info);
                }
                Err(e) => {
                    failed += 1;
                    assert!(e.at.line >= 1 && e.at.column >= 1);
                    assert!(!e.to_string().is_empty());
                }
            }
        }
        let mut bytes = text.into_bytes();
        if !bytes.is_empty() {
            let at = rng.random_range(0..bytes.len());
            bytes[at] = rng.random();
        }
        let _ = sgf::parse_bytes(&bytes);
    }
    assert!(ok > 100 && failed > 100, "ok {ok}, failed {failed}");
}
