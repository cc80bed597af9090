//! Tests that drive the real `weiqi gtp` binary through pipes, where timing matters:
//! analysis stopped by the next line, GoGui's interrupt, pondering that never delays an
//! answer, one-second byo-yomi, very long lines, and a seeded fuzz of malformed input.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};
use weiqi::gtp::command::{parse_line, preprocess};

/// Longest wait for anything the engine should do promptly.
const PATIENCE: Duration = Duration::from_secs(60);

/// A running `weiqi gtp`, its output read line by line on a thread.
struct Engine {
    child: Child,
    input: Option<ChildStdin>,
    lines: Receiver<String>,
}

impl Engine {
    fn start(args: &[&str]) -> Engine {
        Engine::start_in(args, std::env::temp_dir())
    }

    fn start_in(args: &[&str], dir: PathBuf) -> Engine {
        let mut child = Command::new(env!("CARGO_BIN_EXE_weiqi"))
            .arg("gtp")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("weiqi gtp starts");
        let input = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in stdout.split(b'\n') {
                let Ok(line) = line else { break };
                let text = String::from_utf8(line).expect("stdout is UTF-8");
                if tx.send(text).is_err() {
                    break;
                }
            }
        });
        Engine {
            child,
            input: Some(input),
            lines,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        let input = self.input.as_mut().expect("input open");
        input.write_all(bytes).expect("engine reads its input");
        input.flush().expect("flush");
    }

    /// Closes the engine's input: the end of the session.
    fn close_input(&mut self) {
        self.input = None;
    }

    fn line(&self, wait: Duration) -> Option<String> {
        match self.lines.recv_timeout(wait) {
            Ok(line) => Some(line),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => panic!("engine output closed"),
        }
    }

    /// The next full response: its lines up to the empty line.
    fn response(&self, wait: Duration) -> Vec<String> {
        let deadline = Instant::now() + wait;
        let mut lines = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .line(left)
                .unwrap_or_else(|| panic!("no complete response in {wait:?}: {lines:?}"));
            if line.is_empty() {
                return lines;
            }
            lines.push(line);
        }
    }

    fn ask(&mut self, command: &str) -> Vec<String> {
        self.send(format!("{command}\n").as_bytes());
        self.response(PATIENCE)
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `first` is a well-formed first line of a response: `=` or `?`, an optional id,
/// then nothing (a stream) or a space and the text.
fn well_formed(first: &str) -> bool {
    let Some(rest) = first.strip_prefix(['=', '?']) else {
        return false;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.is_empty() || rest.starts_with(' ')
}

#[test]
fn analysis_streams_until_the_next_line_and_that_line_is_answered() {
    let mut e = Engine::start(&["--threads", "1", "--size", "9"]);
    e.ask("play b e5");
    for command in ["7 lz-analyze w 10", "kata-analyze w 10 ownership true"] {
        e.send(format!("{command}\n").as_bytes());
        let header = e.line(PATIENCE).expect("header");
        assert!(header == "=7" || header == "=", "{header}");
        let start = Instant::now();
        let mut infos = 0;
        // About one line per 10 cs; a loaded machine may be slower, so wait for three.
        while infos < 3 && start.elapsed() < Duration::from_secs(10) {
            if let Some(line) = e.line(Duration::from_millis(50)) {
                assert!(line.starts_with("info move "), "{line}");
                infos += 1;
            }
        }
        assert!(infos >= 3, "{infos} info lines in 10 s");
        let asked = Instant::now();
        e.send(b"8 name\n");
        // Lines already written may still be in the pipe; then the empty line, then name.
        loop {
            let line = e.line(PATIENCE).expect("stream closes");
            if line.is_empty() {
                break;
            }
            assert!(line.starts_with("info move "), "{line}");
        }
        assert_eq!(e.response(PATIENCE), ["=8 weiqi"]);
        let waited = asked.elapsed();
        // Stopped by the command, not by a playout limit (there is none).
        assert!(waited < Duration::from_secs(5), "stopped in {waited:?}");
    }
    assert_eq!(
        e.ask("move_history"),
        ["= black E5"],
        "analysis changes nothing"
    );
}

#[test]
fn gogui_interrupt_stops_genmove_early() {
    let mut e = Engine::start(&["--threads", "1", "--size", "19", "--playouts", "100000000"]);
    e.send(b"genmove b\n");
    std::thread::sleep(Duration::from_millis(400));
    let asked = Instant::now();
    e.send(b"# interrupt\n");
    let answer = e.response(Duration::from_secs(10));
    assert!(answer[0].starts_with("= "), "{answer:?}");
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
    // The comment line itself got no response: the next answer is the next command's.
    assert_eq!(e.ask("name"), ["= weiqi"]);
    // A search made for GoGui's analyze menu stops too, and shows what it found.
    e.send(b"weiqi-ownership w\n");
    std::thread::sleep(Duration::from_millis(400));
    let asked = Instant::now();
    e.send(b"# interrupt\n");
    let answer = e.response(Duration::from_secs(10));
    assert_eq!(
        answer.len(),
        20,
        "a 19x19 board after the header: {answer:?}"
    );
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
}

#[test]
fn pondering_never_delays_an_answer() {
    let mut e = Engine::start(&[
        "--threads",
        "2",
        "--size",
        "9",
        "--playouts",
        "500",
        "--ponder",
    ]);
    e.ask("genmove b");
    for _ in 0..3 {
        // The engine ponders while the controller is silent.
        std::thread::sleep(Duration::from_millis(300));
        let asked = Instant::now();
        assert_eq!(e.ask("name"), ["= weiqi"]);
        let waited = asked.elapsed();
        assert!(
            waited < Duration::from_millis(250),
            "answered after {waited:?}"
        );
    }
    e.ask("play w c3");
    assert!(e.ask("genmove b")[0].starts_with("= "));
}

#[test]
fn one_second_byo_yomi_moves_inside_the_second() {
    let mut e = Engine::start(&["--threads", "1", "--playouts", "100000000"]);
    e.ask("boardsize 19");
    e.ask("time_settings 0 1 1");
    for color in ["b", "w", "b"] {
        let asked = Instant::now();
        let answer = e.ask(&format!("genmove {color}"));
        let took = asked.elapsed();
        assert!(answer[0].starts_with("= "), "{answer:?}");
        assert!(took < Duration::from_secs(1), "genmove took {took:?}");
        e.ask(&format!("time_left {color} 1 1"));
    }
}

#[test]
fn quit_answers_then_exits_and_so_does_the_end_of_input() {
    let mut e = Engine::start(&["--threads", "1"]);
    assert_eq!(e.ask("5 quit"), ["=5 "]);
    let status = e.child.wait().expect("exits");
    assert!(status.success());
    let mut e = Engine::start(&["--threads", "1"]);
    e.ask("name");
    e.send(b"name");
    e.close_input();
    assert_eq!(
        e.response(PATIENCE),
        ["= weiqi"],
        "a last line without LF counts"
    );
    assert!(e.child.wait().expect("exits").success());
}

#[test]
fn very_long_lines_get_one_answer_each() {
    let mut e = Engine::start(&["--threads", "1"]);
    let mut megabyte = b"name ".to_vec();
    megabyte.extend(std::iter::repeat_n(b'x', 1 << 20));
    megabyte.push(b'\n');
    e.send(&megabyte);
    assert_eq!(e.response(PATIENCE), ["? syntax error"]);
    let mut spaces = vec![b' '; 1 << 20];
    spaces.extend_from_slice(b"3 name\n");
    e.send(&spaces);
    assert_eq!(e.response(PATIENCE), ["=3 weiqi"]);
    let mut huge = vec![b'y'; 17 << 20];
    huge.push(b'\n');
    e.send(&huge);
    assert_eq!(e.response(PATIENCE), ["? line too long"]);
    assert_eq!(e.ask("name"), ["= weiqi"]);
}

/// Tokens the fuzzer builds arguments from: valid and invalid colours, vertices and numbers,
/// and byte noise.
const TOKENS: &[&str] = &[
    "b",
    "w",
    "B",
    "white",
    "BLACK",
    "x",
    "",
    "e5",
    "E5",
    "pass",
    "PASS",
    "resign",
    "i5",
    "z99",
    "a0",
    "a",
    "5",
    "t19",
    "j9",
    "c3:d4",
    "0",
    "1",
    "2",
    "7",
    "9",
    "19",
    "25",
    "26",
    "-1",
    "2147483647",
    "2147483648",
    "99999999999999999999",
    "6.5",
    "7,5",
    "nan",
    "inf",
    "-inf",
    "1e999",
    "0x10",
    "true",
    "false",
    "interval",
    "minmoves",
    "maxmoves",
    "avoid",
    "allow",
    "ownership",
    "dead",
    "alive",
    "seki",
    "none",
    "absolute",
    "byoyomi",
    "canadian",
    "japanese",
    "chinese",
    "∑",
    "ｅ５",
    "%m",
    "\"\"",
    "/",
    ".",
    "missing.sgf",
];

/// Commands the fuzzer calls: every command the engine lists but those that end the
/// session or write files, plus names that do not exist.
fn fuzz_names(e: &mut Engine) -> Vec<String> {
    let listed = e.ask("list_commands");
    let mut names: Vec<String> = listed
        .iter()
        .map(|line| line.trim_start_matches("= ").trim().to_string())
        .filter(|name| !name.is_empty() && !["quit", "printsgf"].contains(&name.as_str()))
        .collect();
    assert!(names.len() > 40, "list_commands: {listed:?}");
    names.extend(["GENMOVE", "Play", "quit_not", "help", "=", "?", "xyzzy"].map(String::from));
    names
}

/// One malformed (or occasionally valid) line, as bytes.
fn fuzz_line(rng: &mut SmallRng, names: &[String]) -> Vec<u8> {
    let mut line = Vec::new();
    if rng.random_bool(0.2) {
        let id = match rng.random_range(0..3) {
            0 => rng.random_range(0..1000u64).to_string(),
            1 => "2147483648".to_string(),
            _ => "000".to_string(),
        };
        line.extend_from_slice(id.as_bytes());
        line.push(b' ');
    }
    line.extend_from_slice(names[rng.random_range(0..names.len())].as_bytes());
    for _ in 0..rng.random_range(0..5) {
        line.push(if rng.random_bool(0.9) { b' ' } else { b'\t' });
        line.extend_from_slice(TOKENS[rng.random_range(0..TOKENS.len())].as_bytes());
    }
    // Noise: control characters, bytes that are not UTF-8, comments, long runs.
    for _ in 0..rng.random_range(0..3) {
        let noise: &[u8] = match rng.random_range(0..8) {
            0 => b"\0",
            1 => b"\r",
            2 => b"\x7f",
            3 => b"\xff\xfe",
            4 => b"#",
            5 => b"\x1b[A",
            6 => b"  ",
            _ => b"\t",
        };
        let at = rng.random_range(0..=line.len());
        line.splice(at..at, noise.iter().copied());
    }
    if rng.random_bool(0.01) {
        line.extend(std::iter::repeat_n(b'9', 5000));
    }
    line
}

#[test]
fn fuzzed_lines_get_one_well_formed_answer_each_and_the_session_survives() {
    let dir = std::env::temp_dir().join(format!("weiqi-gtp-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut e = Engine::start_in(
        &["--threads", "1", "--playouts", "30", "--size", "9"],
        dir.clone(),
    );
    let names = fuzz_names(&mut e);
    let mut rng = SmallRng::seed_from_u64(20_240_601);
    let mut sent = Vec::new();
    let mut batch = Vec::new();
    for _ in 0..10_000 {
        let line = fuzz_line(&mut rng, &names);
        let Some(text) = preprocess(&line) else {
            batch.extend_from_slice(&line);
            batch.push(b'\n');
            continue;
        };
        if parse_line(&text).is_ok_and(|c| c.name == "quit") {
            continue;
        }
        sent.push(String::from_utf8_lossy(&line).into_owned());
        batch.extend_from_slice(&line);
        batch.push(b'\n');
    }
    e.send(&batch);
    for (i, line) in sent.iter().enumerate() {
        let response = e.response(PATIENCE);
        assert!(!response.is_empty(), "response {i} to {line:?} is empty");
        assert!(
            well_formed(&response[0]),
            "response {i} to {line:?}: {response:?}"
        );
    }
    // Nothing more: one response per line.
    assert_eq!(
        e.line(Duration::from_millis(300)),
        None,
        "an extra response"
    );
    // The session still works.
    assert_eq!(e.ask("boardsize 9"), ["= "]);
    assert_eq!(e.ask("play b e5"), ["= "]);
    assert!(e.ask("genmove w")[0].starts_with("= "));
    assert_eq!(e.ask("list_stones black"), ["= E5"]);
    let _ = std::fs::remove_dir_all(&dir);
}
