//! `weiqi match`, run as the real binary: games against GNU Go with GNU Go as referee,
//! built-in and random self-play counted by weiqi, engines that die or play illegal moves,
//! and the errors for bad player specs and engines that cannot start.
//!
//! GNU Go is found, or its absence reported, by [`common::tools`].

mod common;

use common::tools::Tool;
use std::path::PathBuf;
use std::process::{Command, Output};
use weiqi::{BoardSize, GameResult};

/// A fake GTP engine; `$1` says how it answers `genmove`, and every command it gets is
/// logged to the file `$2` when given.
const FAKE_ENGINE: &str = r#"#!/usr/bin/env bash
mode=$1
log=${2:-/dev/null}
while IFS= read -r line; do
  printf '%s\n' "$line" >>"$log"
  set -- $line
  case "$1" in
    name) printf '= Fake\n\n' ;;
    version) printf '= 0\n\n' ;;
    genmove)
      case "$mode" in
        pass) printf '= pass\n\n' ;;
        c3) printf '= C3\n\n' ;;
        die) exit 1 ;;
        slow) sleep 1.5; printf '= pass\n\n' ;;
      esac ;;
    final_status_list) printf '= A1\n\n' ;;
    quit) printf '=\n\n'; exit 0 ;;
    *) printf '= \n\n' ;;
  esac
done
"#;

/// A temporary folder of this test binary, emptied.
fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("matchup-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary folder");
    dir
}

/// The command line of the fake engine in `mode`.
fn fake(mode: &str) -> String {
    let path = temp_dir(&format!("fake-{mode}")).join("fake-engine.sh");
    std::fs::write(&path, FAKE_ENGINE).expect("write the fake engine");
    format!("bash '{}' {mode}", path.display())
}

/// Runs `weiqi match` with `args`.
fn weiqi_match(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weiqi"))
        .arg("match")
        .args(args)
        .output()
        .expect("run weiqi")
}

/// stdout of a run that must succeed.
fn success(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "weiqi match failed: {}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// stderr of a run that must fail.
fn failure(output: &Output) -> String {
    assert!(!output.status.success(), "weiqi match succeeded");
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains("game 1:"),
        "a game was played"
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The result in a `game N: ...: RESULT in M moves` line.
fn result_of(line: &str) -> GameResult {
    let after = line.split("(W): ").nth(1).expect("a result");
    after.split(' ').next().unwrap().parse().expect("a result")
}

#[test]
fn builtin_engine_against_gnugo_with_gnugo_as_referee() {
    let Some(gnugo) = Tool::GnuGo.require("a match against GNU Go") else {
        return;
    };
    let gnugo = format!(
        "'{}' --mode gtp --level 1 --chinese-rules --seed 1",
        gnugo.display()
    );
    let dir = temp_dir("sgf");
    let sgf_dir = dir.join("records");
    let output = weiqi_match(&[
        "--games",
        "2",
        "--size",
        "9",
        "--komi",
        "7",
        "--player1",
        "weiqi:playouts=50,threads=1",
        "--player2",
        &gnugo,
        "--referee",
        &gnugo,
        "--sgf-dir",
        sgf_dir.to_str().unwrap(),
    ]);
    let stdout = success(&output);
    assert!(
        stdout.starts_with("2 games of weiqi 0.1.0 vs GNU Go 3.8 on 9x9, chinese rules, komi 7, referee: GNU Go 3.8"),
        "{stdout}"
    );
    let lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with("game ")).collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("game 1: weiqi (B) vs GNU Go (W): ")),
        "{stdout}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("game 2: GNU Go (B) vs weiqi (W): ")),
        "{stdout}"
    );
    assert!(stdout.contains("\n2 games: weiqi "), "{stdout}");
    assert!(stdout.contains("weiqi win rate: "), "{stdout}");
    assert!(stdout.contains("Elo difference: "), "{stdout}");
    for (number, black, white) in [(1, "weiqi", "GNU Go"), (2, "GNU Go", "weiqi")] {
        let path = sgf_dir.join(format!("game-00{number}.sgf"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let record = weiqi::sgf::parse(&text).unwrap_or_else(|e| panic!("{path:?}: {e}\n{text}"));
        assert_eq!(record.game.size(), BoardSize::NINE);
        assert_eq!(record.game.rules().komi.points(), 7.0);
        assert_eq!(record.info.black_name.as_deref(), Some(black));
        assert_eq!(record.info.white_name.as_deref(), Some(white));
        assert_eq!(record.info.rules_name.as_deref(), Some("Chinese"));
        assert!(record.info.date.is_some());
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("game {number}:")))
            .unwrap();
        assert_eq!(record.info.game_result(), Some(result_of(line)), "{line}");
        assert!(
            line.contains(&format!("in {} moves", record.game.moves().len())),
            "{line}"
        );
    }
}

#[test]
fn builtin_self_play_counted_by_weiqi_on_two_jobs() {
    let output = weiqi_match(&[
        "--games",
        "2",
        "--jobs",
        "2",
        "--size",
        "9",
        "--player1",
        "weiqi:playouts=30,threads=1",
        "--player2",
        "weiqi:playouts=30,threads=1,seed=9",
        "--referee",
        "none",
        "--max-moves",
        "60",
    ]);
    let stdout = success(&output);
    assert!(stdout.contains("referee: none (weiqi counts)"), "{stdout}");
    assert!(
        stdout.contains(": weiqi#1 (B) vs weiqi#2 (W): "),
        "{stdout}"
    );
    assert!(
        stdout.contains(": weiqi#2 (B) vs weiqi#1 (W): "),
        "{stdout}"
    );
    assert!(stdout.contains("\n2 games: weiqi#1 "), "{stdout}");
    assert!(stdout.contains("  weiqi#1: "), "{stdout}");
    assert!(stdout.contains("  weiqi#2: "), "{stdout}");
}

#[test]
fn random_self_play_is_reproducible_json() {
    let args = [
        "--games",
        "3",
        "--size",
        "7",
        "--player1",
        "random",
        "--player2",
        "random:seed=5",
        "--referee",
        "none",
        "--json",
    ];
    let runs: Vec<Vec<serde_json::Value>> = (0..2)
        .map(|_| {
            success(&weiqi_match(&args))
                .lines()
                .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
                .collect()
        })
        .collect();
    let games = |run: &[serde_json::Value]| -> Vec<(String, u64)> {
        run.iter()
            .filter(|v| v["type"] == "game")
            .map(|v| {
                (
                    v["result"].as_str().unwrap().to_string(),
                    v["moves"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(games(&runs[0]).len(), 3);
    assert_eq!(games(&runs[0]), games(&runs[1]));
    let summary = runs[0].last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["games"], 3);
    assert_eq!(summary["players"][0]["name"], "Random#1");
    let wins = summary["players"][0]["wins"].as_u64().unwrap()
        + summary["players"][1]["wins"].as_u64().unwrap()
        + summary["draws"].as_u64().unwrap();
    assert_eq!(wins, 3);
    let game = &runs[0][0];
    assert_eq!(game["ending"], "passes");
    assert_eq!(game["scored_by"], "weiqi");
}

#[test]
fn an_engine_that_dies_loses_and_is_restarted() {
    let output = weiqi_match(&[
        "--games",
        "2",
        "--size",
        "9",
        "--player1",
        "random",
        "--player2",
        &fake("die"),
        "--referee",
        "none",
    ]);
    let stdout = success(&output);
    assert!(
        stdout.contains("game 1: Random (B) vs Fake (W): B+F in 1 move,"),
        "{stdout}"
    );
    assert!(
        stdout.contains("game 2: Fake (B) vs Random (W): W+F in 0 moves"),
        "{stdout}"
    );
    assert!(
        stdout.contains("forfeit: Fake failed to move: engine died: "),
        "{stdout}"
    );
    assert!(stdout.contains("genmove b"), "{stdout}");
    assert!(
        stdout.contains("Fake: 0 of 1 as Black, 0 of 1 as White; lost 2 by forfeit"),
        "{stdout}"
    );
    assert!(stdout.contains("Random win rate: 100.0%"), "{stdout}");
}

#[test]
fn an_illegal_move_loses() {
    let output = weiqi_match(&[
        "--games",
        "1",
        "--size",
        "9",
        "--player1",
        &fake("c3"),
        "--player2",
        "random",
        "--referee",
        "none",
    ]);
    let stdout = success(&output);
    assert!(
        stdout.contains("game 1: Fake (B) vs Random (W): W+F in "),
        "{stdout}"
    );
    assert!(
        stdout.contains("forfeit: Fake played black C3: illegal move"),
        "{stdout}"
    );
}

#[test]
fn a_passing_engine_ends_games_by_two_passes() {
    let output = weiqi_match(&[
        "--games",
        "1",
        "--size",
        "5",
        "--komi",
        "0",
        "--player1",
        "random",
        "--player2",
        &fake("pass"),
        "--referee",
        "none",
        "--json",
    ]);
    let stdout = success(&output);
    let game: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(game["ending"], "passes", "{stdout}");
    // Black fills the board but its eyes; White has no stones, so Black owns all 25 points.
    assert_eq!(game["result"], "B+25", "{stdout}");
}

#[test]
fn a_player_whose_time_runs_out_loses_on_time() {
    let dir = temp_dir("time-loss");
    let log = dir.join("commands.txt");
    let slow = format!("{} '{}'", fake("slow"), log.display());
    let sgf_dir = dir.join("sgf");
    let output = weiqi_match(&[
        "--games",
        "1",
        "--size",
        "9",
        "--player1",
        &slow,
        "--player2",
        "random",
        "--referee",
        "none",
        "--time-control",
        "1s",
        "--sgf-dir",
        sgf_dir.to_str().unwrap(),
        "--json",
    ]);
    let stdout = success(&output);
    let mut lines = stdout.lines();
    let game: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(game["ending"], "time", "{stdout}");
    assert_eq!(game["result"], "W+T", "{stdout}");
    assert_eq!(game["winner"], "Random", "{stdout}");
    assert!(game["longest_move"][0].as_f64().unwrap() >= 1.5, "{stdout}");
    let summary: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(summary["players"][0]["time_losses"], 1, "{stdout}");
    assert_eq!(summary["players"][1]["time_losses"], 0, "{stdout}");
    // The engine was told the clock the GTP 2 way (it does not list kgs-time_settings).
    let commands = std::fs::read_to_string(&log).unwrap();
    assert!(commands.contains("time_settings 1 0 0\n"), "{commands}");
    assert!(
        commands.contains("time_left b 1 0\ngenmove b\n"),
        "{commands}"
    );
    let text = std::fs::read_to_string(sgf_dir.join("game-001.sgf")).unwrap();
    assert!(text.contains("TM[1]") && text.contains("RE[W+T]"), "{text}");
    let record = weiqi::sgf::parse(&text).unwrap();
    assert_eq!(record.info.time_limit.as_deref(), Some("1"));
    assert_eq!(
        record.info.game_result(),
        Some(GameResult::Time(weiqi::Color::White))
    );
}

#[test]
fn timed_games_keep_both_clocks_and_record_them() {
    let dir = temp_dir("clocks");
    let sgf_dir = dir.join("sgf");
    let weiqi = format!("'{}' gtp --threads 1 --seed 3", env!("CARGO_BIN_EXE_weiqi"));
    let output = weiqi_match(&[
        "--games",
        "2",
        "--size",
        "7",
        "--komi",
        "9",
        "--player1",
        &weiqi,
        "--player2",
        "weiqi:threads=1",
        "--referee",
        "none",
        "--time-control",
        "2s+2x0.3s",
        "--sgf-dir",
        sgf_dir.to_str().unwrap(),
    ]);
    let stdout = success(&output);
    assert!(
        stdout.contains("komi 9, time 2s+2x0.3s, referee: none"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("time losses") && !stdout.contains("on time"),
        "{stdout}"
    );
    assert!(!stdout.contains("forfeit"), "{stdout}");
    // The external engine's memory is watched; the built-in one shares this process.
    let first = stdout
        .lines()
        .find(|l| l.starts_with("  weiqi#1:"))
        .unwrap();
    assert!(first.contains("; peak memory "), "{stdout}");
    for game in ["game-001.sgf", "game-002.sgf"] {
        let text = std::fs::read_to_string(sgf_dir.join(game)).unwrap();
        assert!(text.contains("TM[2]OT[2x0.3 byo-yomi]"), "{game}: {text}");
        let record = weiqi::sgf::parse(&text).unwrap();
        let moves = record.game.moves().len();
        // Every move records its player's time left, Black's as BL and White's as WL.
        assert_eq!(
            text.matches("BL[").count() + text.matches("WL[").count(),
            moves
        );
        assert!(
            text.contains(";B[") && text.contains("BL["),
            "{game}: {text}"
        );
        assert_eq!(record.info.overtime.as_deref(), Some("2x0.3 byo-yomi"));
    }
}

#[test]
fn bad_time_controls_get_a_clear_message() {
    for bad in ["10q", "10m+5", "0"] {
        let output = weiqi_match(&["--time-control", bad, "--player2", "random"]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let stderr = failure(&output);
        assert!(stderr.contains("--time-control"), "{bad}: {stderr}");
    }
}

#[test]
fn bad_command_lines_are_reported_before_any_game() {
    let output = weiqi_match(&["--player1", "weiqi:foo=1", "--player2", "random"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = failure(&output);
    assert!(
        stderr.contains("invalid value 'weiqi:foo=1' for '--player1 <SPEC>'"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown key 'foo'"), "{stderr}");

    let stderr = failure(&weiqi_match(&["--player2", "weiqi:playouts=0"]));
    assert!(stderr.contains("not a number of playouts"), "{stderr}");

    let stderr = failure(&weiqi_match(&["--player2", "random:seed=x"]));
    assert!(stderr.contains("'x' is not a seed"), "{stderr}");

    let stderr = failure(&weiqi_match(&["--player2", "gnugo 'unclosed"]));
    assert!(stderr.contains("unclosed ' quote"), "{stderr}");

    let stderr = failure(&weiqi_match(&["--player2", "random", "--size", "1"]));
    assert!(stderr.contains("unacceptable size 1"), "{stderr}");

    let stderr = failure(&weiqi_match(&["--player2", "no-such-engine-xyz --gtp"]));
    assert!(
        stderr.contains("player2: cannot start 'no-such-engine-xyz': program not found"),
        "{stderr}"
    );

    let stderr = failure(&weiqi_match(&[
        "--player2",
        "random",
        "--referee",
        "no-such-referee-xyz",
    ]));
    assert!(
        stderr.contains("referee: cannot start 'no-such-referee-xyz': program not found"),
        "{stderr}"
    );

    let stderr = failure(&weiqi_match(&[
        "--player2",
        "bash -c 'exit 3'",
        "--referee",
        "none",
    ]));
    assert!(
        stderr.contains("player2: 'bash' does not answer as a GTP engine"),
        "{stderr}"
    );
}

/// With `--handicap`, player1 gives the stones as White in every game, komi is 0.5, and
/// the record starts from the handicap position.
#[test]
fn a_handicap_match_gives_player1_white_in_every_game() {
    let dir = temp_dir("handicap");
    let sgf_dir = dir.join("sgf");
    let output = weiqi_match(&[
        "--games",
        "2",
        "--size",
        "9",
        "--handicap",
        "3",
        "--referee",
        "none",
        "--sgf-dir",
        sgf_dir.to_str().unwrap(),
        "--player1",
        "weiqi:playouts=50,threads=1",
        "--player2",
        "random",
    ]);
    let stdout = success(&output);
    assert!(
        stdout.contains("komi 0.5, weiqi gives 3 stones"),
        "{stdout}"
    );
    assert!(stdout.contains("weiqi: 0 of 0 as Black"), "{stdout}");
    for game in ["game-001.sgf", "game-002.sgf"] {
        let text = std::fs::read_to_string(sgf_dir.join(game)).unwrap();
        let record = weiqi::sgf::parse(&text).unwrap();
        assert_eq!(record.game.handicap(), 3, "{game}");
        assert_eq!(record.info.white_name.as_deref(), Some("weiqi"), "{game}");
        assert_eq!(record.game.moves()[0].0, weiqi::Color::White, "{game}");
        assert!(text.contains("KM[0.5]"), "{game}");
    }
    for bad in ["1", "10"] {
        let output = weiqi_match(&["--handicap", bad, "--player2", "random"]);
        assert!(!output.status.success(), "--handicap {bad}");
    }
    let too_many = weiqi_match(&["--size", "7", "--handicap", "9", "--player2", "random"]);
    assert!(String::from_utf8_lossy(&too_many.stderr).contains("9 handicap stones on 7x7"));
}
