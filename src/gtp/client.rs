//! The controller side of GTP: an external engine run as a child process.
//!
//! [`GtpClient::start`] splits a command line the way a shell would for simple quoting
//! (see [`split_command_line`]; no shell is involved), runs the program with piped stdin
//! and stdout, and asks its `name` and `version`. Each command is one line; the answer is
//! read up to its blank line, `=` for success and `?` for failure, with an optional id
//! after the status character, and with CR, other control characters and tabs cleaned as
//! GTP asks of a controller.
//!
//! A reader thread forwards the engine's output lines over a channel, so that an answer
//! can be waited for with a timeout: an engine that hangs, closes its output or breaks the
//! pipe gives [`EngineError::Died`] with a message naming the program, the command and,
//! where known, the exit status. After that the client is spent: every later call gives
//! the same error. Dropping the client sends `quit`, gives the process a short grace to
//! exit, and then kills it.
//!
//! Besides the [`Engine`] trait, the client offers what a match needs from a referee:
//! [`GtpClient::final_score`], [`GtpClient::is_legal`], [`GtpClient::list_stones`] and a
//! raw [`GtpClient::command`].

use crate::color::Color;
use crate::engine::{Engine, EngineError, EngineMove};
use crate::point::{BoardSize, Move, Point};
use crate::rules::{Komi, Rules};
use crate::score::GameResult;
use crate::search::time::{TimeControl, TimeLeft};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// How long the process has to exit after `quit` before it is killed.
const QUIT_GRACE: Duration = Duration::from_millis(500);

/// How long `name` and `version` may take at start when no timeout is set.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// How long to wait for an exit status after the engine closed its output.
const EXIT_STATUS_WAIT: Duration = Duration::from_millis(200);

/// Where the engine's standard error goes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum StderrMode {
    /// Discarded (the default): engines log freely, and a match's output stays clean.
    #[default]
    Null,
    /// Shared with this process's standard error.
    Inherit,
    /// Appended to this file (created if missing).
    File(PathBuf),
}

/// Settings for [`GtpClient::start_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GtpClientOptions {
    /// Where the engine's standard error goes.
    pub stderr: StderrMode,
    /// The longest wait for one answer; `None` waits forever (the start-up questions then
    /// wait at most 30 s). An engine that takes longer is stopped and counts as dead.
    pub timeout: Option<Duration>,
}

/// A command line that cannot be split into words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandLineError {
    /// There is no program name.
    Empty,
    /// A quote (`'` or `"`) is not closed.
    UnclosedQuote(char),
    /// The line ends with a lone backslash.
    TrailingBackslash,
}

impl fmt::Display for CommandLineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandLineError::Empty => f.write_str("empty command line"),
            CommandLineError::UnclosedQuote(q) => write!(f, "unclosed {q} quote in command line"),
            CommandLineError::TrailingBackslash => {
                f.write_str("command line ends with a lone backslash")
            }
        }
    }
}

impl std::error::Error for CommandLineError {}

/// Why an external engine could not be started.
#[derive(Debug)]
pub enum StartError {
    /// The command line is empty or badly quoted.
    CommandLine(CommandLineError),
    /// The program could not be run (not found, not executable, ...).
    Spawn {
        /// The program as given.
        program: String,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The file for the engine's standard error could not be opened.
    StderrFile {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The program started but did not answer `name` as a GTP engine should.
    Handshake {
        /// The program as given.
        program: String,
        /// What went wrong.
        source: EngineError,
    },
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::CommandLine(e) => e.fmt(f),
            StartError::Spawn { program, source } if source.kind() == io::ErrorKind::NotFound => {
                // The OS text ("No such file or directory") adds nothing here.
                write!(f, "cannot start '{program}': program not found")
            }
            StartError::Spawn { program, source } => {
                write!(f, "cannot start '{program}': {source}")
            }
            StartError::StderrFile { path, source } => {
                write!(
                    f,
                    "cannot open {} for the engine's stderr: {source}",
                    path.display()
                )
            }
            StartError::Handshake { program, source } => {
                write!(f, "'{program}' does not answer as a GTP engine: {source}")
            }
        }
    }
}

// The messages above already include their causes, so no `source` is given (a report
// that walks the chain would print them twice).
impl std::error::Error for StartError {}

/// Splits a command line into words as a POSIX shell would for simple quoting, without
/// running a shell: words are separated by whitespace; `'...'` keeps its text literally;
/// `"..."` keeps its text except that a backslash escapes `"`, `\`, `$` and `` ` ``; outside
/// quotes a backslash escapes the next character. Variables, globs and pipes are not
/// expanded; `$`, `*` and `|` are plain characters.
///
/// # Errors
/// [`CommandLineError`] for an empty line, an unclosed quote or a trailing backslash.
pub fn split_command_line(line: &str) -> Result<Vec<String>, CommandLineError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(CommandLineError::UnclosedQuote('\'')),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err(CommandLineError::UnclosedQuote('"')),
                        },
                        Some(c) => word.push(c),
                        None => return Err(CommandLineError::UnclosedQuote('"')),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.push(chars.next().ok_or(CommandLineError::TrailingBackslash)?);
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    if words.is_empty() {
        return Err(CommandLineError::Empty);
    }
    Ok(words)
}

/// An external GTP engine, running as a child process. See the module docs.
pub struct GtpClient {
    /// The program word of the command line, for messages.
    program: String,
    child: Child,
    /// `None` once closed (on drop).
    stdin: Option<ChildStdin>,
    /// Output lines from the reader thread; disconnected at end of output.
    lines: Receiver<io::Result<String>>,
    timeout: Option<Duration>,
    name: String,
    version: String,
    /// The board size last set, for reading points in answers.
    size: BoardSize,
    /// Why the engine can no longer be used, once it died, hung or got out of step.
    broken: Option<String>,
    /// Whether `time_left` takes whole seconds only, as GTP 2 writes them: set when the
    /// engine refused a fraction.
    whole_seconds: bool,
    /// Whether the engine was told of Japanese byo-yomi periods (by `kgs-time_settings`).
    knows_periods: bool,
}

impl fmt::Debug for GtpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GtpClient")
            .field("program", &self.program)
            .field("pid", &self.child.id())
            .field("name", &self.name)
            .field("broken", &self.broken)
            .finish_non_exhaustive()
    }
}

impl GtpClient {
    /// Starts `command_line` with the default options: stderr discarded, no timeout.
    ///
    /// # Errors
    /// As [`GtpClient::start_with`].
    pub fn start(command_line: &str) -> Result<GtpClient, StartError> {
        GtpClient::start_with(command_line, &GtpClientOptions::default())
    }

    /// Starts `command_line` (split by [`split_command_line`]) and asks the engine's `name`
    /// and `version`. An engine that rejects `name` is named after its program file; one
    /// that rejects `version` has an empty version. The board size is taken to be 19 until
    /// [`Engine::new_game`] sets one.
    ///
    /// # Errors
    /// [`StartError`]: a bad command line, a program that cannot run, an unopenable stderr
    /// file, or a program that exits, hangs or talks nonsense when asked its name.
    pub fn start_with(
        command_line: &str,
        options: &GtpClientOptions,
    ) -> Result<GtpClient, StartError> {
        let words = split_command_line(command_line).map_err(StartError::CommandLine)?;
        let program = words[0].clone();
        let stderr = match &options.stderr {
            StderrMode::Null => Stdio::null(),
            StderrMode::Inherit => Stdio::inherit(),
            StderrMode::File(path) => File::options()
                .create(true)
                .append(true)
                .open(path)
                .map(Stdio::from)
                .map_err(|source| StartError::StderrFile {
                    path: path.clone(),
                    source,
                })?,
        };
        let spawn_error = |source| StartError::Spawn {
            program: program.clone(),
            source,
        };
        let mut child = Command::new(&program)
            .args(&words[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .map_err(spawn_error)?;
        let (stdin, stdout) = match (child.stdin.take(), child.stdout.take()) {
            (Some(stdin), Some(stdout)) => (stdin, stdout),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(spawn_error(io::Error::other("no pipes to the process")));
            }
        };
        let (sender, lines) = mpsc::channel();
        if let Err(e) = spawn_reader(stdout, sender, &program) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(spawn_error(e));
        }
        let mut client = GtpClient {
            program: program.clone(),
            child,
            stdin: Some(stdin),
            lines,
            timeout: Some(options.timeout.unwrap_or(STARTUP_TIMEOUT)),
            name: String::new(),
            version: String::new(),
            size: BoardSize::NINETEEN,
            broken: None,
            whole_seconds: false,
            knows_periods: false,
        };
        let handshake = |source| StartError::Handshake {
            program: program.clone(),
            source,
        };
        client.name = match client.command("name") {
            Ok(name) if !name.is_empty() => name,
            Ok(_) | Err(EngineError::Rejected(_)) => file_name(&program),
            Err(e) => return Err(handshake(e)),
        };
        client.version = match client.command("version") {
            Ok(version) => version,
            Err(EngineError::Rejected(_)) => String::new(),
            Err(e) => return Err(handshake(e)),
        };
        client.timeout = options.timeout;
        Ok(client)
    }

    /// The program that was started, as given on the command line.
    pub fn program(&self) -> &str {
        &self.program
    }

    /// Whether the engine died, hung or got out of step; every call fails then.
    pub fn has_died(&self) -> bool {
        self.broken.is_some()
    }

    /// Sends one command line (without the newline) and returns the answer's text: what
    /// follows `=` and the optional id, lines joined by `\n`, trailing whitespace removed.
    ///
    /// # Errors
    /// [`EngineError::Rejected`] with the message of a `?` answer;
    /// [`EngineError::Died`] when the engine exits, breaks the pipe or does not answer in
    /// time; [`EngineError::BadResponse`] for an answer that starts with neither `=` nor
    /// `?` (the client is out of step then and counts as dead afterwards);
    /// [`EngineError::Unsupported`] for a command that is not one line.
    pub fn command(&mut self, command: &str) -> Result<String, EngineError> {
        if command.contains(['\n', '\r']) {
            return Err(EngineError::Unsupported(format!(
                "a GTP command must be one line: {command:?}"
            )));
        }
        self.exchange(command)?.map_err(EngineError::Rejected)
    }

    /// The engine's score of the game as it stands (`final_score`).
    ///
    /// # Errors
    /// As [`GtpClient::command`]; [`EngineError::BadResponse`] for an answer that is not a
    /// result such as `B+7.5`, `W+3.0` or `0`.
    pub fn final_score(&mut self) -> Result<GameResult, EngineError> {
        let answer = self.command("final_score")?;
        answer
            .parse()
            .map_err(|_| self.bad(format!("'{answer}' is not a score (to 'final_score')")))
    }

    /// Whether the engine considers `color` playing `mv` legal now (`is_legal`, a GNU Go
    /// extension also found in other engines).
    ///
    /// # Errors
    /// As [`GtpClient::command`]; [`EngineError::BadResponse`] for an answer other than
    /// `1`, `0`, `true` or `false`.
    pub fn is_legal(&mut self, color: Color, mv: Move) -> Result<bool, EngineError> {
        let command = format!("is_legal {} {mv}", gtp_color(color));
        let answer = self.command(&command)?;
        match answer.as_str() {
            "1" | "true" => Ok(true),
            "0" | "false" => Ok(false),
            _ => Err(self.bad(format!("'{answer}' is not 1 or 0 (to '{command}')"))),
        }
    }

    /// The points holding `color`'s stones (`list_stones`, a GNU Go extension).
    ///
    /// # Errors
    /// As [`GtpClient::command`]; [`EngineError::BadResponse`] for a bad point.
    pub fn list_stones(&mut self, color: Color) -> Result<Vec<Point>, EngineError> {
        let command = format!("list_stones {}", gtp_color(color));
        let answer = self.command(&command)?;
        self.points(&answer, &command)
    }

    /// Whether the engine knows the command `name` (`known_command`).
    ///
    /// # Errors
    /// As [`GtpClient::command`].
    pub fn known_command(&mut self, name: &str) -> Result<bool, EngineError> {
        Ok(self.command(&format!("known_command {name}"))? == "true")
    }

    /// Sends `command` and reads its answer: `Ok(Ok(text))` for `=`, `Ok(Err(text))` for
    /// `?`, `Err` when the engine failed.
    fn exchange(&mut self, command: &str) -> Result<Result<String, String>, EngineError> {
        if let Some(reason) = &self.broken {
            return Err(EngineError::Died(reason.clone()));
        }
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(self.fail("its input is closed".to_string()));
        };
        let sent = stdin
            .write_all(command.as_bytes())
            .and_then(|()| stdin.write_all(b"\n"))
            .and_then(|()| stdin.flush());
        if let Err(e) = sent {
            let status = self.exit_status();
            return Err(self.fail(format!("cannot send '{command}': {e}{status}")));
        }
        let deadline = self.timeout.map(|t| Instant::now() + t);
        let first = loop {
            let line = self.next_line(command, deadline)?;
            if !line.trim().is_empty() {
                break line.trim_start().to_string();
            }
        };
        let success = match first.as_bytes()[0] {
            b'=' => true,
            b'?' => false,
            _ => {
                let e = self.bad(format!(
                    "'{}' is not a GTP answer (to '{command}')",
                    shorten(&first)
                ));
                self.broken = Some(format!("{} got out of step: {e}", self.program));
                return Err(e);
            }
        };
        let mut text = first[1..]
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim()
            .to_string();
        loop {
            let line = self.next_line(command, deadline)?;
            if line.trim().is_empty() {
                break;
            }
            text.push('\n');
            text.push_str(line.trim_end());
        }
        Ok(if success { Ok(text) } else { Err(text) })
    }

    /// The next output line, cleaned as GTP asks of a controller: control characters other
    /// than tab removed (CR included), tabs turned into spaces.
    fn next_line(
        &mut self,
        command: &str,
        deadline: Option<Instant>,
    ) -> Result<String, EngineError> {
        let received = match deadline {
            None => self
                .lines
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
            Some(deadline) => self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now())),
        };
        match received {
            Ok(Ok(line)) => Ok(line
                .chars()
                .filter(|&c| c == '\t' || !c.is_control())
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect()),
            Ok(Err(e)) => Err(self.fail(format!("cannot read its answer to '{command}': {e}"))),
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.exit_status();
                Err(self.fail(format!(
                    "it closed its output while answering '{command}'{status}"
                )))
            }
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                let seconds = self.timeout.unwrap_or_default().as_secs_f64();
                Err(self.fail(format!(
                    "no answer to '{command}' within {seconds:.1} s (stopped it)"
                )))
            }
        }
    }

    /// Marks the client dead and returns the error that says why.
    fn fail(&mut self, why: String) -> EngineError {
        let reason = format!("'{}': {why}", self.program);
        self.broken = Some(reason.clone());
        EngineError::Died(reason)
    }

    /// An error for an answer that cannot be understood.
    fn bad(&self, why: String) -> EngineError {
        EngineError::BadResponse(format!("'{}': {why}", self.program))
    }

    /// `" (exit status: 1)"` when the process has exited (waiting briefly for it), else
    /// nothing.
    fn exit_status(&mut self) -> String {
        let deadline = Instant::now() + EXIT_STATUS_WAIT;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return format!(" ({status})"),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(5)),
                _ => return String::new(),
            }
        }
    }

    /// Reads whitespace-separated points from an answer.
    fn points(&self, answer: &str, command: &str) -> Result<Vec<Point>, EngineError> {
        answer
            .split_whitespace()
            .map(|word| {
                Point::parse(word, self.size)
                    .map_err(|e| self.bad(format!("{e} (in the answer to '{command}')")))
            })
            .collect()
    }

    /// Sends a command whose answer does not matter.
    fn ok(&mut self, command: &str) -> Result<(), EngineError> {
        self.command(command).map(|_| ())
    }

    /// Sends `command(whole)`, a command with seconds in it: to the millisecond
    /// (`whole` false) until the engine refuses a fraction, then in whole seconds from then
    /// on.
    fn ok_in_seconds(&mut self, command: impl Fn(bool) -> String) -> Result<(), EngineError> {
        match self.ok(&command(self.whole_seconds)) {
            Err(EngineError::Rejected(_))
                if !self.whole_seconds && command(true) != command(false) =>
            {
                self.whole_seconds = true;
                self.ok(&command(true))
            }
            other => other,
        }
    }
}

impl Drop for GtpClient {
    fn drop(&mut self) {
        if let Some(mut stdin) = self.stdin.take() {
            if self.broken.is_none() {
                let _ = stdin.write_all(b"quit\n").and_then(|()| stdin.flush());
            }
            // Dropping stdin closes the pipe, which ends most engines even without `quit`.
        }
        let deadline = Instant::now() + QUIT_GRACE;
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => return,
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(5)),
                _ => break,
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Engine for GtpClient {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn version(&self) -> String {
        self.version.clone()
    }

    /// Sends `boardsize`, `clear_board` and `komi`. GTP has no standard command for the
    /// other rules; give them on the engine's command line (`--chinese-rules`).
    fn new_game(&mut self, size: BoardSize, rules: Rules) -> Result<(), EngineError> {
        match self.command(&format!("boardsize {size}")) {
            Ok(_) => {}
            Err(EngineError::Rejected(msg)) => {
                return Err(EngineError::Unsupported(format!(
                    "board size {size}x{size} ({msg})"
                )));
            }
            Err(e) => return Err(e),
        }
        self.size = size;
        self.ok("clear_board")?;
        self.set_komi(rules.komi)
    }

    fn set_komi(&mut self, komi: Komi) -> Result<(), EngineError> {
        self.ok(&format!("komi {komi}"))
    }

    /// Sends `set_free_handicap` with the points.
    fn place_handicap(&mut self, points: &[Point]) -> Result<(), EngineError> {
        let list: Vec<String> = points.iter().map(Point::to_string).collect();
        self.ok(&format!("set_free_handicap {}", list.join(" ")))
    }

    /// Sends `play`; a refusal is [`EngineError::Rejected`] with the engine's message.
    fn play(&mut self, color: Color, mv: Move) -> Result<(), EngineError> {
        self.ok(&format!("play {} {mv}", gtp_color(color)))
    }

    /// Sends `genmove` and reads a point, `pass` or `resign`, in any case.
    fn genmove(&mut self, color: Color) -> Result<EngineMove, EngineError> {
        let command = format!("genmove {}", gtp_color(color));
        let answer = self.command(&command)?;
        if answer.eq_ignore_ascii_case("resign") {
            return Ok(EngineMove::Resign);
        }
        Move::parse(&answer, self.size)
            .map(EngineMove::Play)
            .map_err(|e| self.bad(format!("{e} (to '{command}')")))
    }

    fn undo(&mut self) -> Result<(), EngineError> {
        self.ok("undo")
    }

    /// Sends `kgs-time_settings` where the engine lists it, which names Japanese byo-yomi;
    /// otherwise GTP 2's `time_settings`, where Japanese byo-yomi becomes Canadian overtime
    /// of one stone per period (what such an engine can be told; its periods after the
    /// first then come as `time_left`). Seconds go to the millisecond; an engine that
    /// refuses a fraction is sent whole seconds (see `time_settings_command`).
    fn set_time_control(&mut self, control: TimeControl) -> Result<(), EngineError> {
        self.knows_periods = false;
        let kgs = self.known_command("kgs-time_settings")?;
        self.ok_in_seconds(|whole| time_settings_command(control, kgs, whole))?;
        self.knows_periods = kgs && matches!(control, TimeControl::ByoYomi { .. });
        Ok(())
    }

    /// Sends `time_left color time stones`, with the time to the millisecond; an engine that
    /// refuses a fraction gets whole seconds (rounded down) from then on. In Japanese
    /// overtime the stones field holds the periods left where the engine was told of them
    /// by `kgs-time_settings`, as KGS does, and 1 where it was told Canadian overtime.
    fn time_left(&mut self, color: Color, left: TimeLeft) -> Result<(), EngineError> {
        let stones = match left.overtime_left() {
            Some(periods) if self.knows_periods => periods,
            _ => left.stones,
        };
        let color = gtp_color(color);
        self.ok_in_seconds(|whole| {
            format!(
                "time_left {color} {} {stones}",
                seconds_text(left.time, whole)
            )
        })
    }

    /// The child's `VmHWM` from `/proc` (Linux only).
    fn peak_memory_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// Asks `final_status_list dead`.
    fn dead_stones(&mut self) -> Result<Vec<Point>, EngineError> {
        let command = "final_status_list dead";
        let answer = self.command(command)?;
        self.points(&answer, command)
    }
}

/// The command that tells an engine `control`: `kgs-time_settings` when `kgs`, else GTP 2's
/// `time_settings`. With `whole`, seconds are rounded down, but a period is never less
/// than one second, which would read as no overtime at all.
fn time_settings_command(control: TimeControl, kgs: bool, whole: bool) -> String {
    let main = |d: Duration| seconds_text(d, whole);
    let period = |d: Duration| {
        let d = if whole {
            d.max(Duration::from_secs(1))
        } else {
            d
        };
        seconds_text(d, whole)
    };
    match (control, kgs) {
        (TimeControl::Unlimited, true) => "kgs-time_settings none".to_string(),
        // GTP 2: byo-yomi time with no stones means no time limit.
        (TimeControl::Unlimited, false) => "time_settings 0 1 0".to_string(),
        (TimeControl::Absolute { main: m }, true) => {
            format!("kgs-time_settings absolute {}", main(m))
        }
        (TimeControl::Absolute { main: m }, false) => format!("time_settings {} 0 0", main(m)),
        (
            TimeControl::ByoYomi {
                main: m,
                period: p,
                periods,
            },
            true,
        ) => format!(
            "kgs-time_settings byoyomi {} {} {periods}",
            main(m),
            period(p)
        ),
        (
            TimeControl::ByoYomi {
                main: m, period: p, ..
            },
            false,
        ) => format!("time_settings {} {} 1", main(m), period(p)),
        (
            TimeControl::Canadian {
                main: m,
                period: p,
                stones,
            },
            true,
        ) => format!(
            "kgs-time_settings canadian {} {} {stones}",
            main(m),
            period(p)
        ),
        (
            TimeControl::Canadian {
                main: m,
                period: p,
                stones,
            },
            false,
        ) => format!("time_settings {} {} {stones}", main(m), period(p)),
    }
}

/// Seconds as GTP writes them: whole, or (unless `whole` is asked for, which rounds down)
/// to the millisecond where there is a fraction (`12`, `0.5`, `3.25`).
fn seconds_text(d: Duration, whole: bool) -> String {
    if whole || d.subsec_millis() == 0 {
        return d.as_secs().to_string();
    }
    let text = format!("{:.3}", d.as_secs_f64());
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Starts the thread that forwards the engine's output lines (lossily decoded) until the
/// end of output or a read error.
fn spawn_reader(
    stdout: ChildStdout,
    sender: Sender<io::Result<String>>,
    program: &str,
) -> io::Result<()> {
    thread::Builder::new()
        .name(format!("gtp-read {}", file_name(program)))
        .spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                let item = match reader.read_until(b'\n', &mut buf) {
                    Ok(0) => return,
                    Ok(_) => Ok(String::from_utf8_lossy(&buf).into_owned()),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => Err(e),
                };
                let stop = item.is_err();
                if sender.send(item).is_err() || stop {
                    return;
                }
            }
        })
        .map(|_| ())
}

/// GTP's colour word.
fn gtp_color(color: Color) -> &'static str {
    match color {
        Color::Black => "b",
        Color::White => "w",
    }
}

/// The last component of a program path.
fn file_name(program: &str) -> String {
    program
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(program)
        .to_string()
}

/// At most 60 characters of `text`, for error messages.
fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        short.push_str("...");
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<String> {
        split_command_line(line).unwrap()
    }

    #[test]
    fn command_lines_split_like_a_shell() {
        assert_eq!(split("gnugo --mode gtp"), ["gnugo", "--mode", "gtp"]);
        assert_eq!(split("  a\t b  "), ["a", "b"]);
        assert_eq!(
            split(r#"prog "two words" 'it''s' x"#),
            ["prog", "two words", "its", "x"]
        );
        assert_eq!(
            split(r#"p "a \"q\" \n" 'b \ c'"#),
            ["p", r#"a "q" \n"#, r"b \ c"]
        );
        assert_eq!(split(r"p a\ b \'"), ["p", "a b", "'"]);
        assert_eq!(split(r#"p "" ''"#), ["p", "", ""]);
        assert_eq!(split("p --x=\"1 2\""), ["p", "--x=1 2"]);
        assert_eq!(split_command_line("  "), Err(CommandLineError::Empty));
        assert_eq!(
            split_command_line("p 'x"),
            Err(CommandLineError::UnclosedQuote('\''))
        );
        assert_eq!(
            split_command_line("p \"x"),
            Err(CommandLineError::UnclosedQuote('"'))
        );
        assert_eq!(
            split_command_line("p x\\"),
            Err(CommandLineError::TrailingBackslash)
        );
    }

    #[test]
    fn file_names() {
        assert_eq!(file_name("/usr/games/gnugo"), "gnugo");
        assert_eq!(file_name("pachi"), "pachi");
        assert_eq!(file_name("dir/"), "dir/");
    }

    #[test]
    fn clocks_as_gtp_and_kgs_write_them() {
        let ms = Duration::from_millis;
        let japanese = TimeControl::ByoYomi {
            main: ms(20_500),
            period: ms(500),
            periods: 3,
        };
        assert_eq!(
            time_settings_command(japanese, true, false),
            "kgs-time_settings byoyomi 20.5 0.5 3"
        );
        assert_eq!(
            time_settings_command(japanese, false, false),
            "time_settings 20.5 0.5 1"
        );
        assert_eq!(
            time_settings_command(japanese, false, true),
            "time_settings 20 1 1",
            "a period never rounds down to none"
        );
        let canadian = TimeControl::Canadian {
            main: ms(300_000),
            period: ms(300_000),
            stones: 25,
        };
        assert_eq!(
            time_settings_command(canadian, false, false),
            "time_settings 300 300 25"
        );
        assert_eq!(
            time_settings_command(TimeControl::Unlimited, false, true),
            "time_settings 0 1 0"
        );
        assert_eq!(
            time_settings_command(
                TimeControl::Absolute {
                    main: ms(1_200_000)
                },
                true,
                true
            ),
            "kgs-time_settings absolute 1200"
        );
    }

    #[test]
    fn seconds_as_gtp_writes_them() {
        let ms = Duration::from_millis;
        assert_eq!(seconds_text(ms(12_000), false), "12");
        assert_eq!(seconds_text(ms(500), false), "0.5");
        assert_eq!(seconds_text(ms(3_250), false), "3.25");
        assert_eq!(seconds_text(ms(3_999), true), "3");
        assert_eq!(seconds_text(Duration::from_micros(1_500_400), false), "1.5");
        // Rounding to the millisecond can reach a whole second: no point is left behind.
        assert_eq!(seconds_text(Duration::from_micros(1_999_600), false), "2");
    }
}
