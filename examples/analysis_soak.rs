//! A long GTP session as a GUI with live analysis holds it: `kata-analyze` with ownership
//! for a while, then a move asked with `genmove` under a clock, then idle time in which a
//! pondering engine goes on searching, over and over for `--minutes`. Every few seconds it
//! reads the engine's memory from `/proc`, and every command is timed from the moment it
//! is sent to its answer, so an engine that stops answering at once, or whose memory
//! grows past its tree cap, shows in the summary.
//!
//! ```text
//! cargo run --release --example analysis_soak -- --minutes 30 \
//!   --engine "target/release/weiqi gtp --ponder --threads 1 --max-tree-mb 64"
//! ```
//!
//! Prints one JSON object per cycle and a summary object at the end; exits non-zero when
//! the engine died, answered an error or took more than `--max-answer-ms` to answer.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};
use weiqi::gtp::client::split_command_line;

struct Options {
    engine: String,
    minutes: f64,
    size: u32,
    analyze_seconds: f64,
    idle_seconds: f64,
    max_answer_ms: f64,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        engine: String::new(),
        minutes: 30.0,
        size: 19,
        analyze_seconds: 20.0,
        idle_seconds: 10.0,
        max_answer_ms: 1000.0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let number = |text: String| text.parse::<f64>().map_err(|_| format!("bad {flag}"));
        match flag.as_str() {
            "--engine" => o.engine = value()?,
            "--minutes" => o.minutes = number(value()?)?,
            "--size" => o.size = number(value()?)? as u32,
            "--analyze-seconds" => o.analyze_seconds = number(value()?)?,
            "--idle-seconds" => o.idle_seconds = number(value()?)?,
            "--max-answer-ms" => o.max_answer_ms = number(value()?)?,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if o.engine.is_empty() {
        return Err(
            "usage: analysis_soak --engine COMMAND [--minutes M] [--size N] \
                    [--analyze-seconds S] [--idle-seconds S] [--max-answer-ms MS]"
                .to_string(),
        );
    }
    Ok(o)
}

/// The engine process and its output lines.
struct Engine {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    /// The slowest answer so far, in milliseconds, and the command it answered.
    slowest: (f64, String),
}

impl Engine {
    fn start(command: &str) -> Result<Engine, String> {
        let words = split_command_line(command).map_err(|e| e.to_string())?;
        let (program, args) = words.split_first().ok_or("an empty engine command")?;
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {program}: {e}"))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (sender, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(Engine {
            child,
            stdin,
            lines,
            slowest: (0.0, String::new()),
        })
    }

    fn send(&mut self, command: &str) -> Result<(), String> {
        writeln!(self.stdin, "{command}")
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("cannot send '{command}': {e}"))
    }

    /// The next line, waiting at most `wait`; `Ok(None)` when none came in time.
    fn line(&self, wait: Duration) -> Result<Option<String>, String> {
        match self.lines.recv_timeout(wait) {
            Ok(line) => Ok(Some(line)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Err("the engine closed its output".into()),
        }
    }

    /// Reads one answer up to its blank line, within `wait`: its lines.
    fn answer(&self, wait: Duration) -> Result<Vec<String>, String> {
        let deadline = Instant::now() + wait;
        let mut lines = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.line(left)? {
                Some(line) if line.trim().is_empty() && !lines.is_empty() => return Ok(lines),
                Some(line) if line.trim().is_empty() => {}
                Some(line) => lines.push(line),
                None => return Err(format!("no answer within {} s", wait.as_secs())),
            }
        }
    }

    /// Sends `command` and reads its answer (which must start with `=`), timing it.
    fn command(&mut self, command: &str) -> Result<Vec<String>, String> {
        let start = Instant::now();
        self.send(command)?;
        let answer = self.answer(Duration::from_secs(120))?;
        self.time(start, command);
        match answer.first() {
            Some(first) if first.starts_with('=') => Ok(answer),
            _ => Err(format!("'{command}' answered {answer:?}")),
        }
    }

    /// Notes how long `command` took to answer; `genmove` thinks by design and is not timed.
    fn time(&mut self, start: Instant, command: &str) {
        if command.starts_with("genmove") {
            return;
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        if ms > self.slowest.0 {
            self.slowest = (ms, command.to_string());
        }
    }

    /// The process's resident memory now and at its peak, in MiB.
    fn memory(&self) -> Option<(f64, f64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .map(|kib| kib / 1024.0)
        };
        Some((field("VmRSS:")?, field("VmHWM:")?))
    }
}

/// One analysis of `seconds`, stopped by the next command: the info lines and bytes seen,
/// and whether every line carried ownership.
fn analyze(engine: &mut Engine, color: &str, seconds: f64) -> Result<(u64, u64, bool), String> {
    engine.send(&format!("kata-analyze {color} interval 50 ownership true"))?;
    let first = engine.line(Duration::from_secs(10))?.unwrap_or_default();
    if !first.starts_with('=') {
        return Err(format!("kata-analyze answered '{first}'"));
    }
    let end = Instant::now() + Duration::from_secs_f64(seconds);
    let (mut lines, mut bytes, mut ownership) = (0u64, 0u64, true);
    let mut take = |line: &str| {
        if line.starts_with("info ") {
            lines += 1;
            bytes += line.len() as u64 + 1;
            ownership &= line.contains(" ownership ");
        }
    };
    while Instant::now() < end {
        if let Some(line) = engine.line(end.saturating_duration_since(Instant::now()))? {
            take(&line);
        }
    }
    // Any command stops the analysis; its blank line comes before the command's answer.
    let start = Instant::now();
    engine.send("name")?;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match engine.line(left)? {
            Some(line) if line.trim().is_empty() => break,
            Some(line) => take(&line),
            None => return Err("the analysis did not stop".into()),
        }
    }
    let answer = engine.answer(Duration::from_secs(30))?;
    engine.time(start, "name (stopping kata-analyze)");
    if !answer.first().is_some_and(|a| a.starts_with('=')) {
        return Err(format!("name answered {answer:?}"));
    }
    Ok((lines, bytes, ownership && lines > 0))
}

fn run(o: &Options) -> Result<(), String> {
    let mut engine = Engine::start(&o.engine)?;
    let end = Instant::now() + Duration::from_secs_f64(o.minutes * 60.0);
    let new_game = |engine: &mut Engine| -> Result<(), String> {
        engine.command(&format!("boardsize {}", o.size))?;
        engine.command("clear_board")?;
        engine.command("komi 7.5")?;
        // A second a move: a GUI's blitz game.
        engine.command("time_settings 0 1 1").map(|_| ())
    };
    new_game(&mut engine)?;
    let (mut cycle, mut moves, mut games, mut info_lines) = (0u32, 0u32, 1u32, 0u64);
    let mut peak: f64 = 0.0;
    let colors = ["b", "w"];
    while Instant::now() < end {
        cycle += 1;
        let color = colors[(moves % 2) as usize];
        let (lines, bytes, ownership) = analyze(&mut engine, color, o.analyze_seconds)?;
        if !ownership {
            return Err(format!("cycle {cycle}: an info line without ownership"));
        }
        info_lines += lines;
        engine.command(&format!("time_left {color} 1 1"))?;
        let answer = engine.command(&format!("genmove {color}"))?;
        let mv = answer[0]
            .trim_start_matches('=')
            .trim()
            .to_ascii_lowercase();
        moves += 1;
        if mv == "resign" || moves >= 3 * o.size * o.size / 2 {
            new_game(&mut engine)?;
            games += 1;
            moves = 0;
        }
        // The opponent thinks; a pondering engine searches meanwhile.
        thread::sleep(Duration::from_secs_f64(o.idle_seconds));
        let (rss, hwm) = engine.memory().unwrap_or((0.0, 0.0));
        peak = peak.max(hwm);
        println!(
            "{{\"type\":\"cycle\",\"cycle\":{cycle},\"game\":{games},\"move\":{moves},\
             \"played\":\"{mv}\",\"info_lines\":{lines},\"info_bytes\":{bytes},\
             \"rss_mb\":{rss:.1},\"peak_mb\":{hwm:.1},\"slowest_answer_ms\":{:.1}}}",
            engine.slowest.0
        );
    }
    let (slowest, command) = engine.slowest.clone();
    println!(
        "{{\"type\":\"summary\",\"minutes\":{},\"cycles\":{cycle},\"games\":{games},\
         \"info_lines\":{info_lines},\"peak_mb\":{peak:.1},\"slowest_answer_ms\":{slowest:.1},\
         \"slowest_command\":\"{command}\"}}",
        o.minutes
    );
    engine.command("quit")?;
    if slowest > o.max_answer_ms {
        return Err(format!(
            "'{command}' took {slowest:.0} ms, more than {} ms",
            o.max_answer_ms
        ));
    }
    Ok(())
}

fn main() {
    if let Err(e) = options().and_then(|o| run(&o)) {
        eprintln!("analysis_soak: {e}");
        std::process::exit(1);
    }
}
