//! GTP transcript tests: each `tests/data/gtp/NAME.gtp` is fed to the real `weiqi gtp`
//! binary on stdin, and its stdout must match `NAME.out`.
//!
//! The engine runs with `--threads 1 --seed 1 --playouts 200` plus whatever a line `# args:
//! ...` among the transcript's first comment lines adds (the GTP engine itself ignores that line: it is a
//! comment), in `tests/data/gtp`, so that `loadsgf` finds the fixtures there.
//!
//! Expected files are exact, except for two wildcards, since search results (a generated
//! move, analysis figures) change whenever the search improves:
//!
//! - `{*}` inside a line matches any text within that line;
//! - a line that is exactly `{...}` matches any number of lines, none included.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/gtp")
}

/// Whether `text` matches the glob `pattern`, where `{*}` matches any run of characters.
fn line_matches(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split("{*}").collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// Whether the lines of `text` match the lines of `pattern`, with `{...}` lines matching
/// any number of lines.
fn lines_match(pattern: &[&str], text: &[&str]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((&"{...}", rest)) => (0..=text.len()).any(|skip| lines_match(rest, &text[skip..])),
        Some((p, rest)) => text
            .split_first()
            .is_some_and(|(t, more)| line_matches(p, t) && lines_match(rest, more)),
    }
}

/// The first line where `actual` stops following `expected`, for the failure message.
fn first_difference(expected: &[&str], actual: &[&str]) -> usize {
    expected
        .iter()
        .zip(actual)
        .position(|(e, a)| *e == "{...}" || !line_matches(e, a))
        .unwrap_or(expected.len().min(actual.len()))
}

fn run_transcript(name: &str) {
    let dir = data_dir();
    let input = fs::read(dir.join(format!("{name}.gtp"))).expect("transcript input");
    let expected = fs::read_to_string(dir.join(format!("{name}.out"))).expect("expected output");
    let mut args: Vec<String> = ["gtp", "--threads", "1", "--seed", "1", "--playouts", "200"]
        .map(String::from)
        .to_vec();
    let header = input
        .split(|&b| b == b'\n')
        .map_while(|l| std::str::from_utf8(l).ok().filter(|l| l.starts_with('#')));
    for line in header {
        if let Some(extra) = line.trim().strip_prefix("# args:") {
            args.extend(extra.split_whitespace().map(String::from));
        }
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_weiqi"))
        .args(&args)
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start weiqi gtp");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("weiqi gtp runs");
    writer.join().expect("writer thread");
    let actual = String::from_utf8_lossy(&output.stdout);
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    if !lines_match(&e, &a) {
        let at = first_difference(&e, &a);
        panic!(
            "transcript {name} differs at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             --- actual output ---\n{actual}\n--- stderr ---\n{}",
            at + 1,
            e.get(at),
            a.get(at),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(
        output.status.success(),
        "{name}: exit status {}",
        output.status
    );
}

#[test]
fn wildcards_work() {
    assert!(line_matches("= {*}", "= D4"));
    assert!(line_matches(
        "info move {*} pv {*}",
        "info move D4 visits 3 pv D4 E5"
    ));
    assert!(!line_matches("= {*}5", "= D4"));
    assert!(lines_match(
        &["=", "{...}", ""],
        &["=", "info a", "info b", ""]
    ));
    assert!(lines_match(&["=", "{...}", ""], &["=", ""]));
    assert!(!lines_match(&["=", "{...}", "x"], &["=", "y"]));
}

macro_rules! transcripts {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                run_transcript(stringify!($name));
            }
        )*
    };
}

transcripts!(
    admin,
    preprocessing,
    setup,
    handicap,
    play,
    helpers,
    genmove,
    time,
    scoring,
    sgf,
    analysis,
    gogui,
    kgs,
    robustness,
);
