//! Random GTP input, as a controller with bugs or a person at a terminal might send it:
//! every listed command with arguments drawn from colours, vertices, numbers, keywords and
//! junk. No command may panic (the session would answer `? internal error`), and a command
//! that fails must leave the game exactly as it was.

use proptest::prelude::*;
use weiqi::engine::mcts::{EngineConfig, MctsEngine};
use weiqi::gtp::{GtpError, GtpOptions, GtpSession};

fn session() -> GtpSession<MctsEngine> {
    let engine = MctsEngine::new(EngineConfig {
        threads: 1,
        playouts: Some(20),
        ..EngineConfig::default()
    })
    .expect("engine starts");
    GtpSession::new(engine, GtpOptions::default())
}

/// Every command the session lists, except `quit`, which ends the session, and `printsgf`,
/// which writes its argument's file (it reads the state in [`state`]).
fn commands() -> Vec<String> {
    let mut s = session();
    let listed = s.handle("list_commands").expect("an answer").body();
    listed
        .lines()
        .filter(|name| !["quit", "printsgf"].contains(name))
        .map(str::to_string)
        .collect()
}

/// Arguments that GTP commands take, and arguments that no command takes.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "b", "w", "black", "WHITE", "x",
    "a1", "J9", "t19", "Z25", "i5", "e5", "C3", "pass", "resign", "D4,E5",
    "0", "1", "-1", "2", "3", "9", "19", "25", "26", "7.5", "-3.5", "6.3", "-0",
    "nan", "inf", "1e9", "99999999999999999999",
    "true", "false", "ownership", "interval", "avoid", "allow", "maxmoves", "minmoves",
    "byoyomi", "canadian", "absolute", "none", "dead", "alive", "seki", "chinese", "japanese",
    "%m", "=", "?", "\u{feff}", "é",
];

/// A command line: an optional id, a command and up to four words.
fn line(commands: Vec<String>) -> impl Strategy<Value = String> {
    (
        prop::option::of(0u32..1000),
        prop::sample::select(commands),
        // Most commands take one or two arguments: draw those counts most often.
        prop_oneof![1 => Just(0usize), 4 => Just(1), 3 => Just(2), 1 => 3usize..5]
            .prop_flat_map(|n| prop::collection::vec(prop::sample::select(WORDS), n)),
    )
        .prop_map(|(id, command, words)| {
            let id = id.map(|n| format!("{n} ")).unwrap_or_default();
            format!("{id}{command} {}", words.join(" "))
        })
}

/// What a failing command must not change: the game record, the board and the komi.
fn state(s: &mut GtpSession<MctsEngine>) -> [String; 3] {
    ["printsgf", "showboard", "get_komi"]
        .map(|command| s.handle(command).expect("an answer").body())
}

/// Well-formed commands that move the game on, so that the random ones meet captures,
/// kos, undone moves, handicap and finished games.
fn progress() -> impl Strategy<Value = String> {
    let vertex = (0u8..9, 1u8..=9)
        .prop_map(|(x, y)| format!("{}{y}", "ABCDEFGHJ".as_bytes()[usize::from(x)] as char));
    prop_oneof![
        6 => (prop::sample::select(vec!["b", "w"]), vertex).prop_map(|(c, v)| format!("play {c} {v}")),
        1 => prop::sample::select(vec!["b", "w"]).prop_map(|c| format!("play {c} pass")),
        1 => prop::sample::select(vec!["b", "w"]).prop_map(|c| format!("genmove {c}")),
        1 => Just("undo".to_string()),
        1 => Just("fixed_handicap 4".to_string()),
        1 => Just("clear_board".to_string()),
    ]
}

/// Runs and lines per run: 10,000 lines in all.
const CASES: u32 = 500;
const LINES: usize = 20;

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn random_commands_never_panic_and_failures_change_nothing(
        lines in prop::collection::vec(prop_oneof![line(commands()), progress()], LINES),
    ) {
        let mut s = session();
        s.handle("boardsize 9").expect("an answer");
        s.handle("play b e5").expect("an answer");
        for line in &lines {
            let before = state(&mut s);
            let Some(response) = s.handle(line) else {
                continue;
            };
            prop_assert!(
                !matches!(response.outcome, Err(GtpError::Internal(_))),
                "{line:?} panicked: {response}"
            );
            if !response.is_ok() {
                prop_assert_eq!(&state(&mut s), &before, "{:?} failed and changed the game", line);
            }
        }
    }
}
