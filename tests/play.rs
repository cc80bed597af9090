//! `weiqi play`, run as the real binary: a short game typed on stdin (moves, an illegal move,
//! a bad command, undo, hint, save and load, two passes and the count), plain output when
//! stdout is no terminal, the engine watching itself, and the screen under a
//! pseudo-terminal (tmux): the board's layout, its colours, `NO_COLOR`, Ctrl-D and Ctrl-C.
//!
//! tmux is found, or its absence reported, by [`common::tools`].

mod common;

use common::tools::Tool;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use weiqi::{Color, GameResult, Move, Point, sgf};

/// Small, reproducible searches: the game's course does not depend on the machine.
const FAST: [&str; 6] = ["--playouts", "200", "--threads", "1", "--seed", "1"];

/// A temporary folder of this test binary, emptied.
fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("play-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary folder");
    dir
}

/// Runs `weiqi play` with `args`, typing `input` on its stdin; stdout is a pipe.
fn weiqi_play(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_weiqi"))
        .arg("play")
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run weiqi");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input.as_bytes()).expect("write stdin");
    drop(stdin);
    child.wait_with_output().expect("wait for weiqi")
}

/// stdout of a run that must succeed.
fn success(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "weiqi play failed: {}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn point(name: &str) -> Point {
    Point::parse(name, weiqi::BoardSize::NINE).expect("a point")
}

/// What a board row shows in `column` (A to J; no I).
fn cell(row: &str, column: char) -> Option<char> {
    let x = "ABCDEFGHJ".find(column)?;
    row.chars().nth(4 + 2 * x)
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/play")
        .join(name)
}

#[test]
fn a_short_game_typed_on_stdin() {
    let dir = temp_dir("game");
    let middle = dir.join("middle.sgf");
    let end = dir.join("end.sgf");
    let input = format!(
        "e5\nE5\nfoo\nk5\nhint\nundo\nd5\nF4\nc3\ng6\nsave {}\npass\npass\npass\npass\nsave {}\nquit\n",
        middle.display(),
        end.display()
    );
    let stdout = success(&weiqi_play(&FAST, &input));
    let expect = |needle: &str| assert!(stdout.contains(needle), "no {needle:?} in:\n{stdout}");
    expect("you play Black against weiqi (White) on 9x9, komi 7.5, chinese rules");
    expect("    A B C D E F G H J\n 9  . . . . . . . . .  9   Black X  you    captures 0\n");
    let after_e5 = &stdout[stdout.find("(Black): e5\n").expect("e5 typed")..];
    let row5 = after_e5
        .lines()
        .find(|l| l.starts_with(" 5 "))
        .expect("row 5");
    assert_eq!(cell(row5, 'E'), Some('X'), "{stdout}");
    expect("White's win rate");
    expect("Your move (Black): E5\nE5 is occupied: choose an empty point.");
    expect("Your move (Black): foo\nUnknown command 'foo'. Type a move such as D4, or 'help'");
    expect("Your move (Black): k5\nK5 is off the board: columns are A-J, rows 1 to 9.");
    expect("weiqi's best moves for Black:\n  1  ");
    expect("\n  3  ");
    expect("Your move (Black): undo\nTook back: Black E5, White ");
    expect(&format!("Saved the game to {}.", middle.display()));
    expect("(stones and territory); White ");
    expect(" wins by ");
    expect("Goodbye.");
    assert!(!stdout.contains("not saved"), "{stdout}");

    // The game saved in the middle reads back: D5 first, E5 undone.
    let record = sgf::parse(&std::fs::read_to_string(&middle).expect("middle.sgf")).unwrap();
    let moves = record.game.moves();
    assert!(moves.len() >= 2, "{moves:?}");
    assert_eq!(moves[0], (Color::Black, Move::Play(point("D5"))));
    assert!(!moves.contains(&(Color::Black, Move::Play(point("E5")))));
    assert_eq!(record.info.game_result(), None);

    // The finished game: two passes, the count shown is the result recorded.
    let text = std::fs::read_to_string(&end).expect("end.sgf");
    let record = sgf::parse(&text).unwrap();
    let game = &record.game;
    assert!(game.is_over(), "{text}");
    assert_eq!(game.consecutive_passes(), 2, "{text}");
    assert_eq!(game.moves()[..moves.len()], *moves);
    let result = record.info.game_result().expect("a result");
    assert!(matches!(
        result,
        GameResult::Score { .. } | GameResult::Draw
    ));
    expect(&format!("game over: {result}"));
    expect(&format!("Game over ({result}) > "));
    for property in ["KM[7.5]", "RU[Chinese]", "PB[", "PW[weiqi", "DT[", "SZ[9]"] {
        assert!(text.contains(property), "no {property} in {text}");
    }
}

#[test]
fn illegal_moves_name_the_rule() {
    let input = format!(
        "load {}\nb2\na1\nj10\ni3\nload {}\nquit\n",
        data("ko.sgf").display(),
        data("setup.sgf").display()
    );
    let stdout = success(&weiqi_play(&FAST, &input));
    let loaded = &stdout[stdout.find("setup.sgf:").expect("setup.sgf loaded")..];
    let row7 = loaded
        .lines()
        .find(|l| l.starts_with(" 7 "))
        .expect("row 7");
    assert_eq!(cell(row7, 'C'), Some('X'), "{stdout}");
    for needle in [
        "8 moves; Black to play.",
        "B2 retakes the ko at once, which is not allowed (ko)",
        "A1 is suicide",
        "J10 is off the board",
        "There is no column I",
        "setup.sgf: 9x9, komi 6.5, 0 moves; White to play.",
        "Goodbye.",
    ] {
        assert!(stdout.contains(needle), "no {needle:?} in:\n{stdout}");
    }
}

#[test]
fn bad_files_and_commands_keep_the_game_going() {
    let dir = temp_dir("bad-files");
    let bad = dir.join("bad.sgf");
    std::fs::write(&bad, "(;GM[1]SZ[9];B[zz])").unwrap();
    let input = format!(
        "load {}\nload {}\nsave {}\nsave\npass please\nresign\nd4\nundo\nhelp\n",
        dir.join("missing.sgf").display(),
        bad.display(),
        dir.join("no/such/dir/x.sgf").display(),
    );
    let stdout = success(&weiqi_play(&FAST, &input));
    for needle in [
        "Could not read",
        "Could not load",
        "Could not save to",
        "'save' needs a file name",
        "'pass' takes nothing after it",
        "You resign: White wins (W+R).",
        "The game is over (W+R).",
        "Resignation taken back.",
        "Commands (upper or lower case):",
    ] {
        assert!(stdout.contains(needle), "no {needle:?} in:\n{stdout}");
    }
    // Input ended without quit: a clean goodbye.
    assert!(stdout.trim_end().ends_with("Goodbye."), "{stdout}");
}

#[test]
fn output_without_a_terminal_has_no_colour_codes() {
    let stdout = success(&weiqi_play(&FAST, "e5\nhint\nscore\npass\npass\n"));
    assert!(stdout.contains("Score estimate:"), "{stdout}");
    assert!(!stdout.contains('\x1b'), "escape codes in:\n{stdout:?}");
}

#[test]
fn watching_the_engine_play_itself() {
    let output = Command::new(env!("CARGO_BIN_EXE_weiqi"))
        .args(["play", "--watch", "--size", "7", "--level", "quick"])
        .args(["--playouts", "100", "--threads", "1", "--seed", "3"])
        .stdin(Stdio::null())
        .output()
        .expect("run weiqi");
    let stdout = success(&output);
    assert!(stdout.contains("weiqi plays itself on 7x7"), "{stdout}");
    assert!(stdout.contains("move 2: White"), "{stdout}");
    assert!(stdout.contains("game over: "), "{stdout}");
    assert!(
        stdout.contains(" wins by ") || stdout.contains(" resigns: ") || stdout.contains("draw"),
        "{stdout}"
    );
    assert!(!stdout.contains('\x1b'));
}

/// A tmux server of its own (its own socket), killed when dropped.
struct Tmux {
    socket: String,
    config: PathBuf,
}

impl Tmux {
    /// A server on a fresh socket, or `None` without tmux (after a loud notice; a failure on
    /// CI).
    fn start(name: &str) -> Option<Tmux> {
        Tool::Tmux.require("the terminal test")?;
        let dir = temp_dir(&format!("tmux-{name}"));
        let config = dir.join("tmux.conf");
        // Keep the pane after the program ends, to read its last screen and how it ended.
        std::fs::write(
            &config,
            "set -g remain-on-exit on\nset -g history-limit 5000\n",
        )
        .expect("write tmux.conf");
        Some(Tmux {
            socket: format!("weiqi-play-{name}-{}", std::process::id()),
            config,
        })
    }

    fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "-f"])
            .arg(&self.config)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Starts `weiqi play ARGS` in a 100x50 window, with `env` set.
    fn play(&self, env: &str, args: &[&str]) {
        // tmux runs this with sh, which reports how weiqi ended (tmux's own record of the
        // exit status is not always there when the pane closes).
        let command = format!(
            "env {env} '{}' play {}; echo \"weiqi exited with status $?\"",
            env!("CARGO_BIN_EXE_weiqi"),
            args.join(" ")
        );
        self.run(&[
            "new-session",
            "-d",
            "-s",
            "play",
            "-x",
            "100",
            "-y",
            "50",
            &command,
        ]);
    }

    /// Presses keys given by tmux's key names (`Enter`, `C-d`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "play"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Types `text` as it is (tmux would read `f7` as a function key), then Enter.
    fn type_line(&self, text: &str) {
        self.run(&["send-keys", "-t", "play", "-l", text]);
        self.keys(&["Enter"]);
    }

    /// The screen and its scrollback; with `escapes`, colours as escape codes.
    fn screen(&self, escapes: bool) -> String {
        let mut args = vec!["capture-pane", "-p", "-t", "play", "-S", "-500"];
        if escapes {
            args.push("-e");
        }
        self.run(&args)
    }

    /// Waits until the screen shows `needle` `count` times; panics with the screen after
    /// 60 seconds.
    fn wait_for(&self, needle: &str, count: usize) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(false);
            if screen.matches(needle).count() >= count {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no {needle:?} on the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the program in the pane has ended.
    fn wait_dead(&self) {
        let start = Instant::now();
        while self
            .run(&["display-message", "-p", "-t", "play", "#{pane_dead}"])
            .trim()
            != "1"
        {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "weiqi is still running:\n{}",
                self.screen(false)
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// The lines of the last board drawn on `screen`.
fn last_board(screen: &str, size: usize) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines
        .iter()
        .rposition(|l| l.trim_start().starts_with("A B C"))
        .and_then(|bottom| bottom.checked_sub(size + 1))
        .expect("a board on the screen");
    lines[top..top + size + 2]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

#[test]
fn the_screen_in_a_terminal() {
    let Some(tmux) = Tmux::start("screen") else {
        return;
    };
    tmux.play("-u NO_COLOR", &FAST);
    tmux.wait_for("Your move (Black):", 1);
    tmux.type_line("e5");
    let screen = tmux.wait_for("Your move (Black):", 2);
    let board = last_board(&screen, 9);
    assert_eq!(board[0].trim_end(), "    A B C D E F G H J", "{screen}");
    assert_eq!(board[10].trim_end(), "    A B C D E F G H J", "{screen}");
    for (i, line) in board[1..10].iter().enumerate() {
        // Row numbers on both sides, the cells in columns 4, 6, ..., 20.
        let row = (9 - i).to_string();
        assert!(line.starts_with(&format!(" {row} ")), "{line}\n{screen}");
        assert_eq!(line.get(23..24), Some(row.as_str()), "{line}\n{screen}");
        let cells: Vec<char> = line.chars().skip(4).step_by(2).take(9).collect();
        assert!(
            cells.iter().all(|c| ".+XO".contains(*c)),
            "{line}\n{screen}"
        );
    }
    assert_eq!(cell(&board[5], 'E'), Some('X'), "{screen}");
    assert!(board[1].contains("Black X  you    captures 0"), "{screen}");
    assert!(board[6].contains("White's win rate"), "{screen}");
    assert!(
        board.iter().any(|l| l.contains("(O)")),
        "last move not marked:\n{screen}"
    );
    assert!(
        board.iter().any(|l| l.contains("Black (you) to play")),
        "{screen}"
    );

    let painted = tmux.screen(true);
    assert!(painted.contains("48;5;179m"), "no board colour:\n{painted}");

    // Ctrl-D at the prompt ends the game cleanly.
    tmux.keys(&["C-d"]);
    tmux.wait_dead();
    let screen = tmux.screen(false);
    assert!(
        screen.contains("Goodbye. (The game was not saved.)"),
        "{screen}"
    );
    assert!(screen.contains("weiqi exited with status 0"), "{screen}");
}

#[test]
fn no_color_and_ctrl_c_in_a_terminal() {
    let Some(tmux) = Tmux::start("no-color") else {
        return;
    };
    tmux.play("NO_COLOR=1", &FAST);
    tmux.wait_for("Your move (Black):", 1);
    tmux.type_line("d4");
    tmux.wait_for("Your move (Black):", 2);
    let painted = tmux.screen(true);
    assert!(
        !painted.contains("48;5;179"),
        "colours despite NO_COLOR:\n{painted}"
    );
    let board = last_board(&painted, 9);
    assert_eq!(cell(&board[6], 'D'), Some('X'), "{painted}");
    // Ctrl-C stops the program at once and leaves the terminal as it was.
    tmux.keys(&["C-c"]);
    tmux.wait_dead();
}

/// The search tree knows simple ko only; on 3x3 the engine used to choose a move that
/// positional superko forbids, and the game stopped with an error.
#[test]
fn the_engine_never_plays_a_superko_move_on_small_boards() {
    for seed in ["1", "2", "3"] {
        let output = Command::new(env!("CARGO_BIN_EXE_weiqi"))
            .args(["play", "--watch", "--size", "3", "--playouts", "50"])
            .args(["--threads", "1", "--seed", seed])
            .stdin(Stdio::null())
            .output()
            .expect("run weiqi");
        let stdout = success(&output);
        assert!(stdout.contains("game over: "), "seed {seed}:\n{stdout}");
    }
}
