//! `weiqi predict` through the binary, on games shipped with the tests: five even 19x19
//! games between 9-dan players from June 2011 (months the model never trained on), one
//! Tygem line each, and a short SGF game.

use serde_json::Value;
use std::process::{Command, Output};

const TYGEM: &str = "tests/data/records/tygem-2011-06-five.txt";
const SGF: &str = "tests/data/records/four_moves_19x19.sgf";

fn predict(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weiqi"))
        .arg("predict")
        .args(args)
        .output()
        .expect("the weiqi binary runs")
}

fn json_of(args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let output = predict(&all);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "one JSON object: {stdout}");
    serde_json::from_str(&stdout).unwrap()
}

/// Stones played in the Tygem lines of `path` (every `;B[..]` or `;W[..]` but passes).
fn stones_in(path: &str) -> u64 {
    let text = std::fs::read_to_string(path).unwrap();
    text.split(';')
        .map(str::trim)
        .filter(|m| m.starts_with("B[") || m.starts_with("W["))
        .filter(|m| !m.starts_with("B[]") && !m.starts_with("W[]") && !m.contains("[tt]"))
        .count() as u64
}

#[test]
fn scores_every_move_of_tygem_games() {
    let v = json_of(&[TYGEM]);
    assert_eq!(v["games"], 5);
    let positions = v["positions"].as_u64().unwrap();
    let skipped = v["skipped_moves"].as_u64().unwrap();
    assert_eq!(positions + skipped, stones_in(TYGEM));
    assert!(skipped <= 5, "own-eye fills are rare: {skipped}");
    // A model that knew nothing would name about one move in 250; the learned one names
    // about one in three of these strong players' moves.
    let top1 = v["top1"].as_f64().unwrap();
    let top5 = v["top5"].as_f64().unwrap();
    assert!((0.25..0.6).contains(&top1), "top-1 {top1}");
    assert!(top5 > top1 && top5 < 0.9, "top-5 {top5}");
    let ll = v["log_likelihood"].as_f64().unwrap();
    assert!((-4.0..-1.5).contains(&ll), "log-likelihood {ll}");
    let phases = v["phases"].as_array().unwrap();
    assert_eq!(phases.len(), 3);
    let by_phase: u64 = phases
        .iter()
        .map(|p| p["positions"].as_u64().unwrap())
        .sum();
    assert_eq!(by_phase, positions);
    assert_eq!(phases[0]["positions"], 250, "moves 1 to 50 of five games");
    assert_eq!(phases[0]["from_move"], 1);
    assert_eq!(phases[2]["to_move"], Value::Null);
}

#[test]
fn games_takes_the_first_games_only() {
    let two = json_of(&["--games", "2", TYGEM]);
    assert_eq!(two["games"], 2);
    let text = std::fs::read_to_string(TYGEM).unwrap();
    let first_two: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    let dir = std::env::temp_dir().join(format!("weiqi-predict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("two.txt");
    std::fs::write(&path, first_two).unwrap();
    let same = json_of(&[path.to_str().unwrap()]);
    assert_eq!(two, same);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reads_sgf_and_tygem_files_together() {
    let sgf = json_of(&[SGF]);
    assert_eq!(sgf["games"], 1);
    assert_eq!(sgf["positions"], 4);
    assert_eq!(sgf["skipped_moves"], 1, "the pass");
    let both = json_of(&[SGF, TYGEM]);
    assert_eq!(both["games"], 6);
}

#[test]
fn the_table_names_each_phase() {
    let output = predict(&["--games", "1", TYGEM]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    for label in ["all", "1-50", "51-150", "151+", "top-1", "log-likelihood"] {
        assert!(stdout.contains(label), "{label} in {stdout}");
    }
}

#[test]
fn bad_input_is_reported_not_crashed_on() {
    let missing = predict(&["no/such/file.txt"]);
    assert!(!missing.status.success());
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("no/such/file.txt"), "{stderr}");

    let dir = std::env::temp_dir().join(format!("weiqi-predict-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.txt");
    std::fs::write(&path, "1\t;B[pd];W[pd]\nnot a game\n2\t;B[pd];W[dp]\n").unwrap();
    let output = predict(&["--json", path.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 1 (game 1)") && stderr.contains("occupied"),
        "{stderr}"
    );
    assert!(stderr.contains("line 2: expected a game id"), "{stderr}");
    let v: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (v["games"].as_u64(), v["unreadable_games"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(v["positions"], 2);

    std::fs::write(&path, "nothing here\n").unwrap();
    let none = predict(&[path.to_str().unwrap()]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("no readable games"));
    std::fs::remove_dir_all(&dir).unwrap();
}
