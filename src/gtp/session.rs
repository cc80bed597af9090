//! The engine side of GTP: a session that answers a controller's commands.
//!
//! [`GtpSession::handle`] answers one line in-process (tests, embedding);
//! [`GtpSession::serve`] runs a whole session over a reader and a writer (the `weiqi gtp`
//! subcommand gives it stdin and stdout, and stderr as the log). Each line is preprocessed,
//! looked up in the one command table ([`commands`](super::commands)), checked for its
//! number of arguments and run; a panic inside a command is caught and answered as
//! `? internal error`, and the session goes on.

use super::backend::GtpEngine;
use super::command::{Args, parse_line, preprocess};
use super::io::{Event, Incoming, Io};
use super::response::{GtpError, Output, Response};
use crate::color::Color;
use crate::engine::EngineError;
use crate::game::SetupError;
use crate::point::Move;
use crate::search::SearchLimits;
use std::any::Any;
use std::io::{self, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::Duration;

/// How often a pondering search looks for the next command.
const PONDER_POLL: Duration = Duration::from_millis(5);

/// Settings of a session that are not the engine's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GtpOptions {
    /// Search on the opponent's time, between commands. Off by default: it makes games
    /// depend on timing.
    pub ponder: bool,
    /// Write GoGui live graphics (`gogui-gfx:` lines) to the log while `genmove` thinks.
    pub live_gfx: bool,
    /// How much to log: 0 logs failures and notices, 1 also each move's search.
    pub verbosity: u8,
}

/// A GTP session over an engine. See the module docs.
pub struct GtpSession<E> {
    pub(crate) engine: E,
    pub(crate) options: GtpOptions,
    pub(crate) log: Box<dyn Write + Send>,
    pub(crate) quit: bool,
    /// Wall-clock time spent choosing moves, for `cputime`.
    pub(crate) thinking: Duration,
    /// The last dead-stone judgement, for `final_score` and `final_status_list`.
    pub(crate) judgement: Option<super::commands::scoring::Judgement>,
    /// `kgs-game_over` was seen: no pondering until the game changes.
    pub(crate) game_over: bool,
    /// Pondering already ran since the last command.
    pondered: bool,
}

/// The signature of a command's implementation.
pub(crate) type Handler<E> =
    fn(&mut GtpSession<E>, &Args<'_>, &mut Io<'_>) -> Result<Reply, GtpError>;

/// What a command produced.
pub(crate) enum Reply {
    /// A result text.
    Text(String),
    /// A stream was written through [`Io`]; this text (lines ending in `\n`, or empty)
    /// follows before the closing empty line.
    Streamed(String),
}

impl Reply {
    /// An empty success.
    pub(crate) fn empty() -> Result<Reply, GtpError> {
        Ok(Reply::Text(String::new()))
    }
}

/// One row of the command table.
pub(crate) struct Spec<E> {
    /// The command name.
    pub name: &'static str,
    /// The fewest arguments.
    pub min_args: usize,
    /// The most arguments.
    pub max_args: usize,
    /// The implementation.
    pub run: Handler<E>,
}

impl<E: GtpEngine + 'static> GtpSession<E> {
    /// A session over `engine`, logging nowhere.
    pub fn new(engine: E, options: GtpOptions) -> GtpSession<E> {
        GtpSession {
            engine,
            options,
            log: Box::new(io::sink()),
            quit: false,
            thinking: Duration::ZERO,
            judgement: None,
            game_over: false,
            pondered: false,
        }
    }

    /// Sends the log (failure details, notices, GoGui live graphics) to `log`.
    pub fn with_log(mut self, log: impl Write + Send + 'static) -> GtpSession<E> {
        self.log = Box::new(log);
        self
    }

    /// The engine.
    pub fn engine(&self) -> &E {
        &self.engine
    }

    /// The engine, for changes outside the protocol.
    pub fn engine_mut(&mut self) -> &mut E {
        &mut self.engine
    }

    /// Whether `quit` was answered.
    pub fn has_quit(&self) -> bool {
        self.quit
    }

    /// The names of all commands, in the order `list_commands` gives them.
    pub fn command_names() -> impl Iterator<Item = &'static str> {
        Self::COMMANDS.iter().map(|spec| spec.name)
    }

    /// Answers one input line; `None` for a line GTP answers with silence (empty, or only
    /// a comment). Streaming commands run for one move's search and answer with the lines
    /// they would have streamed.
    pub fn handle(&mut self, line: &str) -> Option<Response> {
        self.handle_bytes(line.as_bytes())
    }

    /// As [`GtpSession::handle`], for raw bytes (which need not be UTF-8).
    pub fn handle_bytes(&mut self, raw: &[u8]) -> Option<Response> {
        let mut incoming = Incoming::offline();
        let mut io = Io::buffered(&mut incoming);
        self.execute(raw, &mut io)
    }

    /// Runs a session: reads commands from `input` (on a thread of its own) and writes the
    /// responses to `output`, flushed after each, until `quit` or the end of the input.
    ///
    /// # Errors
    /// When `output` cannot be written (the controller went away), or the reader thread
    /// cannot start.
    pub fn serve<R, W>(&mut self, input: R, mut output: W) -> io::Result<()>
    where
        R: Read + Send + 'static,
        W: Write,
    {
        let mut incoming = Incoming::spawn(input)?;
        loop {
            if self.should_ponder() && !incoming.waiting() {
                self.ponder(&mut incoming);
            }
            let Some(event) = incoming.next() else { break };
            let mut io = Io::live(&mut output, &mut incoming);
            let response = match event {
                Event::Line(raw) => self.execute(&raw, &mut io),
                Event::TooLong => {
                    self.log("input line too long: skipped");
                    Some(Response::error(None, GtpError::LineTooLong))
                }
            };
            let streamed = io.is_streaming();
            let broken = io.is_broken();
            if let Some(response) = response {
                self.pondered = false;
                let text = match (&response.outcome, streamed) {
                    (Ok(Output::Stream(rest)), true) => format!("{rest}\n"),
                    _ => response.to_string(),
                };
                output.write_all(text.as_bytes())?;
                output.flush()?;
            }
            if broken {
                return Err(io::Error::new(
                    io::ErrorKind::BrokenPipe,
                    "the controller's input closed",
                ));
            }
            if self.quit {
                break;
            }
        }
        Ok(())
    }

    /// Runs one raw line and builds its response (for a stream: the lines collected in
    /// buffered mode, and the closing lines).
    fn execute(&mut self, raw: &[u8], io: &mut Io<'_>) -> Option<Response> {
        let line = preprocess(raw)?;
        let command = match parse_line(&line) {
            Ok(command) => command,
            Err((id, error)) => return Some(self.failure(id, "", error)),
        };
        io.set_id(command.id);
        let id = command.id;
        let Some(spec) = Self::COMMANDS.iter().find(|s| s.name == command.name) else {
            let name = super::vertex::shorten(&command.name);
            self.log(&format!("unknown command '{name}'"));
            return Some(Response::error(id, GtpError::UnknownCommand));
        };
        let args = Args::new(&command.args);
        if args.len() < spec.min_args || args.len() > spec.max_args {
            let expected = match (spec.min_args, spec.max_args) {
                (a, b) if a == b => format!("{a}"),
                (a, usize::MAX) => format!("at least {a}"),
                (a, b) => format!("{a} to {b}"),
            };
            let plural = if (spec.min_args, spec.max_args) == (1, 1) {
                ""
            } else {
                "s"
            };
            let detail = format!("takes {expected} argument{plural}, got {}", args.len());
            return Some(self.failure(id, spec.name, GtpError::Syntax(detail)));
        }
        let run = spec.run;
        let outcome = catch_unwind(AssertUnwindSafe(|| run(self, &args, io)))
            .unwrap_or_else(|panic| Err(GtpError::Internal(panic_message(&*panic))));
        let response = match outcome {
            Ok(Reply::Text(text)) => Response::text(id, text),
            Ok(Reply::Streamed(tail)) => {
                io.start_stream();
                let body = io.take_buffer() + &tail;
                Response {
                    id,
                    outcome: Ok(Output::Stream(body)),
                }
            }
            Err(error) if io.is_streaming() => {
                // The header is out: close the stream and say why on the log.
                self.log_failure(spec.name, &error);
                Response {
                    id,
                    outcome: Ok(Output::Stream(io.take_buffer())),
                }
            }
            Err(error) => self.failure(id, spec.name, error),
        };
        Some(response)
    }

    fn failure(&mut self, id: Option<u32>, name: &str, error: GtpError) -> Response {
        self.log_failure(name, &error);
        Response::error(id, error)
    }

    fn log_failure(&mut self, name: &str, error: &GtpError) {
        let what = match error.detail() {
            Some(detail) => format!("{error}: {detail}"),
            None => error.to_string(),
        };
        if name.is_empty() {
            self.log(&what);
        } else {
            self.log(&format!("{name}: {what}"));
        }
    }

    /// Writes one line to the log, prefixed `weiqi: ` (never a shape a controller that
    /// reads the log as output could mistake for a response or analysis).
    pub(crate) fn log(&mut self, text: &str) {
        let mut line = String::with_capacity(text.len() + 8);
        line.push_str("weiqi: ");
        line.push_str(&text.replace('\n', " ").replace(" -> ", " to "));
        line.push('\n');
        let _ = self.log.write_all(line.as_bytes());
        let _ = self.log.flush();
    }

    /// Writes raw text to the log (GoGui live graphics).
    pub(crate) fn log_raw(&mut self, text: &str) {
        let _ = self.log.write_all(text.as_bytes());
        let _ = self.log.flush();
    }

    /// Takes back the second of two final passes so that the game can go on; returns the
    /// colour of that pass, to be passed again by [`GtpSession::close_again`] if nothing
    /// else is played. (The game itself ends after two passes; a controller that plays on,
    /// as KGS does in its cleanup phase, gets the game reopened this way.)
    pub(crate) fn reopen(&mut self) -> Option<Color> {
        if !self.engine.game().is_over() {
            return None;
        }
        self.take_back_passes(1).pop()
    }

    /// Passes again for `color` after [`GtpSession::reopen`].
    pub(crate) fn close_again(&mut self, reopened: Option<Color>) {
        self.replay_passes(reopened.into_iter().collect());
    }

    /// Takes back up to `max` passes from the end of the game; returns their colours, last
    /// pass first.
    fn take_back_passes(&mut self, max: usize) -> Vec<Color> {
        let mut taken = Vec::new();
        while taken.len() < max {
            match self.engine.game().last_move() {
                Some((color, Move::Pass)) if self.engine.undo().is_ok() => taken.push(color),
                _ => break,
            }
        }
        taken
    }

    /// Plays again the passes [`GtpSession::take_back_passes`] took back.
    fn replay_passes(&mut self, taken: Vec<Color>) {
        for color in taken.into_iter().rev() {
            if let Err(e) = self.engine.play(color, Move::Pass) {
                self.log(&format!("cannot restore a pass: {e}"));
            }
        }
    }

    /// Runs `f` on the engine with the passes at the end of the game taken back (all of
    /// them with `all`, otherwise only when they ended the game), and played again
    /// afterwards, even if `f` panics. A search of a position where the side to move can
    /// end the game by passing judges the board as it stands, dead stones and all; taking
    /// the passes back makes it look at the game as if play went on, which is what
    /// analysis and dead-stone judgement want.
    pub(crate) fn with_passes_taken_back<T>(
        &mut self,
        all: bool,
        f: impl FnOnce(&mut E) -> T,
    ) -> T {
        let game = self.engine.game();
        let count = if all || game.is_over() {
            game.consecutive_passes()
        } else {
            0
        };
        let taken = self.take_back_passes(count);
        let outcome = catch_unwind(AssertUnwindSafe(|| f(&mut self.engine)));
        self.replay_passes(taken);
        outcome.unwrap_or_else(|panic| resume_unwind(panic))
    }

    /// Runs `f` with a finished game's final passes taken back; see
    /// [`GtpSession::with_passes_taken_back`].
    pub(crate) fn with_open_game<T>(&mut self, f: impl FnOnce(&mut E) -> T) -> T {
        self.with_passes_taken_back(false, f)
    }

    fn should_ponder(&self) -> bool {
        self.options.ponder
            && !self.pondered
            && !self.quit
            && !self.game_over
            && !self.engine.game().is_over()
    }

    /// Searches the position for the side to move until the next line arrives.
    fn ponder(&mut self, incoming: &mut Incoming) {
        self.pondered = true;
        let color = self.engine.game().to_move();
        let engine = &mut self.engine;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            engine.analyze(color, SearchLimits::default(), PONDER_POLL, &mut |_| {
                !incoming.waiting()
            })
        }));
        if let Err(panic) = outcome {
            self.log(&format!("pondering failed: {}", panic_message(&*panic)));
        }
    }
}

/// The text of a panic's payload.
pub(crate) fn panic_message(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

/// The GTP error for an engine's failure.
pub(crate) fn engine_error(e: EngineError) -> GtpError {
    match e {
        EngineError::Illegal(reason) => {
            let text = reason.to_string();
            let reason = text.strip_prefix("illegal move: ").unwrap_or(&text);
            GtpError::IllegalMove(reason.to_string())
        }
        EngineError::Setup(SetupError::BoardNotEmpty) => GtpError::BoardNotEmpty,
        EngineError::Setup(SetupError::InvalidHandicap { .. }) => GtpError::InvalidNumberOfStones,
        EngineError::Setup(e) => GtpError::BadVertexList(e.to_string()),
        other => GtpError::Engine(other.to_string()),
    }
}
