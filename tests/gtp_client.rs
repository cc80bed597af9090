//! `GtpClient` against GNU Go and against a scripted fake engine.
//!
//! The fake engine is a bash script written to a temporary folder. Its first argument
//! chooses how it answers `genmove` (a pass, a bad point, `RESIGN`, garbage, exiting, or
//! hanging), so that every way an engine can fail is seen to give an `EngineError` and never
//! a panic or a hang. It answers with ids and CR LF line ends where GNU Go does not.
//!
//! GNU Go is found, or its absence reported, by [`common::tools`].

mod common;

use common::tools::Tool;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use weiqi::gtp::{GtpClient, GtpClientOptions, StartError, StderrMode};
use weiqi::{
    BoardSize, Color, Engine, EngineError, EngineMove, Game, GameResult, Move, Point, Rules,
};

const FAKE_ENGINE: &str = r#"#!/usr/bin/env bash
# A fake GTP engine for tests; $1 says how genmove answers.
mode=$1
while IFS= read -r line; do
  line=${line%$'\r'}
  set -- $line
  id=""
  if [[ $1 =~ ^[0-9]+$ ]]; then id=$1; shift; fi
  case "$1" in
    name) printf '=%s Fake Engine\r\n\r\n' "$id" ;;
    version) printf '=%s 1.0\n\n' "$id" ;;
    boardsize) if [ "$2" -gt 19 ]; then printf '? unacceptable size\n\n'; else printf '=\n\n'; fi ;;
    clear_board|komi|play|undo) printf '= \n\n' ;;
    echo_err) shift; echo "$*" >&2; printf '=\n\n' ;;
    final_score) printf '=%s W+3.5\n\n' "$id" ;;
    final_status_list) printf '= A1 B2\nc3\n\n' ;;
    list_stones) printf '= D4 e5\n\n' ;;
    is_legal) printf '= 0\n\n' ;;
    genmove)
      case "$mode" in
        pass) printf '= PASS\n\n' ;;
        point) printf '=\tc3 \r\n\r\n' ;;
        bad) printf '= Z99\n\n' ;;
        resign) printf '= RESIGN\n\n' ;;
        garbage) printf 'hello there\n\n' ;;
        die) exit 4 ;;
        hang) exec sleep 30 ;;
      esac ;;
    quit) printf '=\n\n'; exit 0 ;;
    *) printf '? unknown command\n\n' ;;
  esac
done
"#;

/// A temporary folder of this test binary.
fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("gtp_client-{name}"));
    std::fs::create_dir_all(&dir).expect("create a temporary folder");
    dir
}

/// The command line of the fake engine in `mode`. Each call writes a script of its own,
/// since tests run in parallel.
fn fake(mode: &str) -> String {
    static SCRIPTS: AtomicUsize = AtomicUsize::new(0);
    let n = SCRIPTS.fetch_add(1, Ordering::Relaxed);
    let path = temp_dir("fake").join(format!("fake-engine-{n}.sh"));
    std::fs::write(&path, FAKE_ENGINE).expect("write the fake engine");
    format!("bash '{}' {mode}", path.display())
}

fn start_fake(mode: &str, timeout: Option<Duration>) -> GtpClient {
    let options = GtpClientOptions {
        timeout,
        ..GtpClientOptions::default()
    };
    GtpClient::start_with(&fake(mode), &options).unwrap_or_else(|e| panic!("{e}"))
}

fn pt(name: &str) -> Point {
    Point::parse(name, BoardSize::NINE).unwrap()
}

#[test]
fn fake_engine_answers_are_read() {
    let mut engine = start_fake("point", None);
    assert_eq!(engine.name(), "Fake Engine");
    assert_eq!(engine.version(), "1.0");
    engine.new_game(BoardSize::NINE, Rules::chinese()).unwrap();
    engine.play(Color::Black, Move::Pass).unwrap();
    assert_eq!(
        engine.genmove(Color::White).unwrap(),
        EngineMove::Play(Move::Play(pt("C3")))
    );
    assert_eq!(
        engine.final_score().unwrap(),
        "W+3.5".parse::<GameResult>().unwrap()
    );
    assert_eq!(
        engine.dead_stones().unwrap(),
        [pt("A1"), pt("B2"), pt("C3")]
    );
    assert_eq!(
        engine.list_stones(Color::Black).unwrap(),
        [pt("D4"), pt("E5")]
    );
    assert!(!engine.is_legal(Color::Black, Move::Play(pt("D4"))).unwrap());
    assert_eq!(engine.command("clear_board").unwrap(), "");
    assert!(!engine.has_died());
}

#[test]
fn fake_engine_refusals_are_errors_that_keep_the_engine() {
    let mut engine = start_fake("pass", None);
    match engine.command("frobnicate") {
        Err(EngineError::Rejected(msg)) => assert_eq!(msg, "unknown command"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    match engine.new_game(BoardSize::new(25).unwrap(), Rules::chinese()) {
        Err(EngineError::Unsupported(msg)) => assert!(msg.contains("25x25"), "{msg}"),
        other => panic!("expected an unsupported size, got {other:?}"),
    }
    assert!(matches!(
        engine.command("play b\nquit"),
        Err(EngineError::Unsupported(_))
    ));
    assert_eq!(
        engine.genmove(Color::Black).unwrap(),
        EngineMove::Play(Move::Pass)
    );
}

#[test]
fn resign_is_read_in_any_case() {
    let mut engine = start_fake("resign", None);
    assert_eq!(engine.genmove(Color::White).unwrap(), EngineMove::Resign);
}

#[test]
fn bad_answers_are_bad_responses() {
    let mut engine = start_fake("bad", None);
    engine.new_game(BoardSize::NINE, Rules::chinese()).unwrap();
    match engine.genmove(Color::Black) {
        Err(EngineError::BadResponse(msg)) => assert!(msg.contains("Z99"), "{msg}"),
        other => panic!("expected a bad response, got {other:?}"),
    }
    // A point off the board is still an answer: the engine stays usable.
    assert!(!engine.has_died());

    let mut engine = start_fake("garbage", None);
    match engine.genmove(Color::Black) {
        Err(EngineError::BadResponse(msg)) => assert!(msg.contains("hello there"), "{msg}"),
        other => panic!("expected a bad response, got {other:?}"),
    }
    // Out of step now: every later command fails.
    assert!(engine.has_died());
    assert!(matches!(engine.command("name"), Err(EngineError::Died(_))));
}

#[test]
fn an_engine_that_exits_has_died() {
    let mut engine = start_fake("die", None);
    engine.new_game(BoardSize::NINE, Rules::chinese()).unwrap();
    match engine.genmove(Color::Black) {
        Err(EngineError::Died(msg)) => {
            assert!(msg.contains("genmove b"), "{msg}");
            assert!(msg.contains("exit status: 4"), "{msg}");
        }
        other => panic!("expected a dead engine, got {other:?}"),
    }
    assert!(engine.has_died());
    // Writing to the closed pipe is an error too, not a panic or a SIGPIPE.
    assert!(matches!(
        engine.play(Color::White, Move::Pass),
        Err(EngineError::Died(_))
    ));
}

#[test]
fn a_hung_engine_times_out() {
    let mut engine = start_fake("hang", Some(Duration::from_millis(300)));
    let start = Instant::now();
    match engine.genmove(Color::Black) {
        Err(EngineError::Died(msg)) => assert!(msg.contains("no answer to 'genmove b'"), "{msg}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(start.elapsed() < Duration::from_secs(5));
    drop(engine);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "drop waited for the hung engine"
    );
}

#[test]
fn engines_that_cannot_start_are_start_errors() {
    let err = GtpClient::start("no-such-engine-xyz --gtp").unwrap_err();
    assert!(matches!(err, StartError::Spawn { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "cannot start 'no-such-engine-xyz': program not found"
    );

    let err = GtpClient::start("engine 'unclosed").unwrap_err();
    assert!(err.to_string().contains("unclosed ' quote"), "{err}");

    let err = GtpClient::start("bash -c 'exit 3'").unwrap_err();
    assert!(matches!(err, StartError::Handshake { .. }), "{err:?}");
    assert!(err.to_string().contains("exit status: 3"), "{err}");

    let options = GtpClientOptions {
        timeout: Some(Duration::from_millis(300)),
        ..GtpClientOptions::default()
    };
    let err = GtpClient::start_with("sleep 30", &options).unwrap_err();
    assert!(err.to_string().contains("no answer to 'name'"), "{err}");
}

#[test]
fn stderr_can_go_to_a_file() {
    let log = temp_dir("stderr").join("engine.log");
    let _ = std::fs::remove_file(&log);
    let options = GtpClientOptions {
        stderr: StderrMode::File(log.clone()),
        timeout: Some(Duration::from_secs(10)),
    };
    let mut engine = GtpClient::start_with(&fake("pass"), &options).unwrap();
    engine.command("echo_err hello from the engine").unwrap();
    drop(engine);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("hello from the engine"), "{text:?}");
}

/// GNU Go at level 1, or `None` after a loud notice (a failure on CI).
fn gnugo() -> Option<GtpClient> {
    let path = Tool::GnuGo.require("GNU Go over the GTP client")?;
    let command = format!(
        "'{}' --mode gtp --level 1 --chinese-rules --seed 1",
        path.display()
    );
    let options = GtpClientOptions {
        timeout: Some(Duration::from_secs(30)),
        ..GtpClientOptions::default()
    };
    Some(GtpClient::start_with(&command, &options).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn gnugo_plays_and_answers() {
    let Some(mut gnugo) = gnugo() else { return };
    assert_eq!(gnugo.name(), "GNU Go");
    assert!(!gnugo.version().is_empty());
    let rules = Rules::chinese().with_komi("7".parse().unwrap());
    gnugo.new_game(BoardSize::NINE, rules).unwrap();
    let mut game = Game::new(BoardSize::NINE, rules);
    for (color, name) in [(Color::Black, "E5"), (Color::White, "C3")] {
        gnugo.play(color, Move::Play(pt(name))).unwrap();
        game.play(color, Move::Play(pt(name))).unwrap();
    }
    assert_eq!(gnugo.list_stones(Color::Black).unwrap(), [pt("E5")]);
    assert!(!gnugo.is_legal(Color::Black, Move::Play(pt("E5"))).unwrap());
    assert!(gnugo.is_legal(Color::White, Move::Play(pt("D4"))).unwrap());
    match gnugo.play(Color::Black, Move::Play(pt("C3"))) {
        Err(EngineError::Rejected(msg)) => assert_eq!(msg, "illegal move"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    for _ in 0..6 {
        let color = game.to_move();
        match gnugo.genmove(color).unwrap() {
            EngineMove::Play(mv) => game.play(color, mv).unwrap(),
            EngineMove::Resign => panic!("GNU Go resigned on move {}", game.moves().len()),
        }
    }
    assert_eq!(gnugo.list_stones(Color::Black).unwrap().len(), 4);
    gnugo.undo().unwrap();
    assert_eq!(gnugo.list_stones(Color::White).unwrap().len(), 3);
    assert!(gnugo.final_score().is_ok());
    assert!(gnugo.known_command("final_status_list").unwrap());
    assert!(!gnugo.known_command("frobnicate").unwrap());
}

#[test]
fn gnugo_judges_dead_stones_and_scores() {
    let Some(mut gnugo) = gnugo() else { return };
    let rules = Rules::chinese().with_komi("7".parse().unwrap());
    gnugo.new_game(BoardSize::NINE, rules).unwrap();
    // Black owns columns A-E, White F-J; a stone of each inside the other's area is dead.
    for row in 1..=9 {
        gnugo
            .play(Color::Black, Move::Play(pt(&format!("E{row}"))))
            .unwrap();
        gnugo
            .play(Color::White, Move::Play(pt(&format!("F{row}"))))
            .unwrap();
    }
    gnugo.play(Color::Black, Move::Play(pt("H7"))).unwrap();
    gnugo.play(Color::White, Move::Play(pt("B3"))).unwrap();
    let mut dead = gnugo.dead_stones().unwrap();
    dead.sort();
    let mut expected = vec![pt("H7"), pt("B3")];
    expected.sort();
    assert_eq!(dead, expected);
    // 45 points to 36, komi 7.
    assert_eq!(
        gnugo.final_score().unwrap(),
        GameResult::from_half_points(4)
    );
}
