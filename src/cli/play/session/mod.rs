//! The game loop of `weiqi play`: prompts, moves and commands, the engine's replies, and
//! the end of the game.
//!
//! The engine's own [`Game`] is the game: the human's moves are checked against it (so an
//! illegal move gets its rule named) and played into it, and the engine plays its replies
//! there. A resignation by the human is kept here, since the [`Engine`] trait has no
//! resignation; it is added to the record when the game is saved.

mod analysis;
mod record;

use super::PlaySetup;
use super::command::{self, Command};
use super::render::{self, BoardView, Style};
use std::io::{self, BufRead, Write};
use std::time::{Duration, Instant};
use weiqi::engine::mcts::MctsEngine;
use weiqi::search::Progress;
use weiqi::{Color, Engine, EngineMove, Game, GameResult, IllegalMove, Move, Point};

/// How often the "thinking" line is redrawn on a terminal.
const THINKING_INTERVAL: Duration = Duration::from_millis(250);

const HELP: &str = "\
Commands (upper or lower case):
  D4            play a stone: a column letter (there is no I) and a row number
  pass          pass; when both players pass in a row the game ends and is counted
  undo          take back weiqi's reply and your last move
  hint          show weiqi's three best moves for you, with their win rates
  score         estimate the score now, with the likely territory on the board
  resign        give up the game
  save FILE     save the game as an SGF file (such as: save game.sgf)
  load FILE     continue a game saved as SGF
  new           start a new game
  board         draw the board again
  help          show this list
  quit          leave (Ctrl-D too)
On the board: X black, O white, (X) the last move, + star points; after 'score' and at
the end, x and o mark Black's and White's area.";

/// What the player can do once the game is over.
const AFTER_THE_END: &str = "\
'save FILE.sgf' keeps the record, 'undo' takes back the last moves,
'new' starts another game, 'quit' leaves.";

/// What to do after a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    Quit,
}

/// What the engine said about its last move.
#[derive(Clone, Copy, Debug)]
struct Report {
    /// The game's move count right after the move: the report is shown while it is current.
    moves: usize,
    color: Color,
    win_rate: f64,
    seconds: f64,
}

/// A game in a terminal.
pub struct Session<'io> {
    engine: MctsEngine,
    setup: PlaySetup,
    style: Style,
    input: &'io mut dyn BufRead,
    out: &'io mut dyn Write,
    /// Write each input line back, so that a transcript reads well when stdin is no terminal.
    echo: bool,
    report: Option<Report>,
    human_resigned: bool,
    /// The result, once the end of the game has been shown.
    ending: Option<GameResult>,
    /// Lines to print under the board the next time it is drawn.
    notes: Vec<String>,
    /// The board changed since it was last drawn.
    dirty: bool,
    /// The moves as last saved.
    saved: Option<Vec<(Color, Move)>>,
}

fn title(color: Color) -> &'static str {
    match color {
        Color::Black => "Black",
        Color::White => "White",
    }
}

/// What an illegal move breaks, in a sentence.
fn illegal_message(e: IllegalMove, mv: Move) -> String {
    let at = mv.to_string().to_ascii_uppercase();
    match e {
        IllegalMove::Occupied => format!("{at} is occupied: choose an empty point."),
        IllegalMove::Suicide => format!(
            "{at} is suicide: the stone would have no liberties and capture nothing, which \
             the rules forbid."
        ),
        IllegalMove::Ko => {
            format!("{at} retakes the ko at once, which is not allowed (ko): play elsewhere first.")
        }
        IllegalMove::Superko => format!(
            "{at} would repeat an earlier whole-board position, which is not allowed (superko)."
        ),
        IllegalMove::GameOver => "The game is over.".to_string(),
    }
}

impl<'io> Session<'io> {
    /// A session reading `input` and writing `out`; nothing happens until [`Session::run`].
    pub fn new(
        engine: MctsEngine,
        setup: PlaySetup,
        style: Style,
        input: &'io mut dyn BufRead,
        out: &'io mut dyn Write,
    ) -> Session<'io> {
        Session {
            engine,
            setup,
            style,
            input,
            out,
            echo: false,
            report: None,
            human_resigned: false,
            ending: None,
            notes: Vec::new(),
            dirty: true,
            saved: None,
        }
    }

    /// Writes each line read back to the output (for input that is not a terminal).
    pub fn set_echo(&mut self, echo: bool) {
        self.echo = echo;
    }

    /// Plays the game (or, without a human, watches the engine play itself) until the
    /// player quits or input ends.
    ///
    /// # Errors
    /// Reading input or writing output failed, or the engine failed.
    pub fn run(&mut self) -> anyhow::Result<()> {
        self.start_game()?;
        self.intro()?;
        match self.setup.human {
            Some(human) => self.play(human),
            None => self.watch(),
        }
    }

    fn start_game(&mut self) -> anyhow::Result<()> {
        self.engine.new_game(self.setup.size, self.setup.rules)?;
        if self.setup.handicap_stones > 0 {
            let points =
                weiqi::game::fixed_handicap_points(self.setup.size, self.setup.handicap_stones)?;
            self.engine.place_handicap(&points)?;
        }
        self.reset();
        Ok(())
    }

    /// Forgets everything about the previous position's end and drawing.
    fn reset(&mut self) {
        self.report = None;
        self.human_resigned = false;
        self.ending = None;
        self.dirty = true;
    }

    fn game(&self) -> &Game {
        self.engine.game()
    }

    fn is_finished(&self) -> bool {
        self.human_resigned || self.game().is_over()
    }

    fn intro(&mut self) -> io::Result<()> {
        let game = self.engine.game();
        let n = game.size().get();
        let rules = game
            .rules()
            .preset_name()
            .map_or_else(|| "custom rules".to_string(), |r| format!("{r} rules"));
        let handicap = match game.handicap() {
            0 => String::new(),
            h => format!(", {h} handicap stones"),
        };
        let terms = format!("{n}x{n}, komi {}, {rules}{handicap}", game.rules().komi);
        let version = env!("CARGO_PKG_VERSION");
        let heading = match self.setup.human {
            Some(human) => format!(
                "weiqi {version}: you play {} against weiqi ({}) on {terms}.",
                title(human),
                title(!human)
            ),
            None => format!("weiqi {version}: weiqi plays itself on {terms}."),
        };
        writeln!(self.out, "{}", self.style.strong(&heading))?;
        writeln!(self.out, "Engine strength: {}.", self.setup.strength)?;
        if self.setup.human.is_some() {
            writeln!(
                self.out,
                "Type a move such as D4, or 'help' for the commands. Two passes in a row end the game."
            )?;
        } else {
            writeln!(self.out, "Ctrl-C stops.")?;
        }
        writeln!(self.out)
    }

    fn play(&mut self, human: Color) -> anyhow::Result<()> {
        loop {
            if self.is_finished() {
                if self.ending.is_none() {
                    self.show_end()?;
                }
            } else if self.game().to_move() != human {
                let color = self.game().to_move();
                self.engine_move(color)?;
                continue;
            } else if self.dirty {
                self.show_board(&[])?;
            }
            self.prompt(human)?;
            let Some(line) = self.read_line()? else {
                writeln!(self.out)?;
                return self.goodbye();
            };
            let Some(parsed) = command::parse(&line, self.game().size()) else {
                continue;
            };
            match parsed {
                Err(e) => self.say_error(&e.to_string())?,
                Ok(cmd) => {
                    if self.execute(cmd, human)? == Flow::Quit {
                        return self.goodbye();
                    }
                }
            }
        }
    }

    fn watch(&mut self) -> anyhow::Result<()> {
        self.show_board(&[])?;
        let cap = 3 * self.game().size().area();
        while !self.game().is_over() {
            if self.game().moves().len() >= cap {
                self.notes.push(format!(
                    "Stopped after {cap} moves; counting the board as it is."
                ));
                break;
            }
            let color = self.game().to_move();
            self.engine_move(color)?;
            if self.game().is_over() {
                break;
            }
            self.show_board(&[])?;
            if !self.setup.delay.is_zero() {
                std::thread::sleep(self.setup.delay);
            }
        }
        self.show_end()?;
        Ok(())
    }

    fn execute(&mut self, cmd: Command, human: Color) -> anyhow::Result<Flow> {
        let over = self.is_finished();
        match cmd {
            Command::Play(_) | Command::Pass | Command::Hint | Command::Resign if over => {
                let result = self.ending.map(|r| format!(" ({r})")).unwrap_or_default();
                self.say_error(&format!("The game is over{result}."))?;
                self.say(AFTER_THE_END)?;
            }
            Command::Play(p) => self.human_move(human, Move::Play(p))?,
            Command::Pass => self.human_move(human, Move::Pass)?,
            Command::Undo => self.undo(human)?,
            Command::Resign => {
                self.human_resigned = true;
            }
            Command::Hint => self.hint(human)?,
            Command::Score if over => {
                self.ending = None;
            }
            Command::Score => self.score_estimate()?,
            Command::Save(path) => self.save(&path)?,
            Command::Load(path) => self.load(&path)?,
            Command::New => {
                self.start_game()?;
                self.say("A new game begins.")?;
            }
            Command::Board if over => self.ending = None,
            Command::Board => self.show_board(&[])?,
            Command::Help => writeln!(self.out, "{HELP}")?,
            Command::Quit => return Ok(Flow::Quit),
        }
        Ok(Flow::Continue)
    }

    fn human_move(&mut self, human: Color, mv: Move) -> anyhow::Result<()> {
        if let Err(e) = self.game().check(human, mv) {
            return Ok(self.say_error(&illegal_message(e, mv))?);
        }
        self.engine.play(human, mv)?;
        self.report = None;
        self.dirty = true;
        Ok(())
    }

    /// Runs `search` on the engine while a "thinking" line shows its progress on a terminal.
    fn thinking<T>(
        &mut self,
        who: &str,
        search: impl FnOnce(&mut MctsEngine, Duration, &mut dyn FnMut(&Progress<'_>) -> bool) -> T,
    ) -> io::Result<T> {
        let interactive = self.style.interactive;
        let out = &mut *self.out;
        let mut width = 0;
        let mut show = |progress: &Progress<'_>| {
            let r = progress.result();
            let line = format!(
                "{who} is thinking... {} playouts, {} {:.0}%",
                r.playouts,
                title(r.to_move),
                100.0 * r.win_rate
            );
            width = width.max(line.len());
            let _ = write!(out, "\r{line:width$}");
            let _ = out.flush();
            true
        };
        let interval = if interactive {
            THINKING_INTERVAL
        } else {
            Duration::from_secs(24 * 3600)
        };
        let value = search(&mut self.engine, interval, &mut show);
        if interactive && width > 0 {
            write!(self.out, "\r{:width$}\r", "")?;
        }
        Ok(value)
    }

    fn engine_move(&mut self, color: Color) -> anyhow::Result<()> {
        let started = Instant::now();
        let (choice, result) = self.thinking("weiqi", |engine, interval, report| {
            engine.genmove_analyze(color, interval, report)
        })??;
        self.report = Some(Report {
            moves: self.game().moves().len(),
            color,
            win_rate: result.win_rate,
            seconds: started.elapsed().as_secs_f64(),
        });
        self.dirty = true;
        let over = self.game().is_over();
        if choice == EngineMove::Play(Move::Pass) && self.setup.human.is_some() && !over {
            self.notes
                .push("weiqi passes. If you pass too, the game ends and is counted.".to_string());
        }
        Ok(())
    }

    /// The lines beside the board: players, captures, komi, last move, whose turn.
    fn panel(&self) -> Vec<String> {
        let game = self.game();
        let board = game.board();
        let name = |c: Color| match self.setup.human {
            Some(h) if h == c => "you",
            _ => "weiqi",
        };
        let mut lines = vec![String::new()];
        for (color, stone) in [(Color::Black, 'X'), (Color::White, 'O')] {
            lines.push(format!(
                "{} {stone}  {:<6} captures {}",
                title(color),
                name(color),
                board.captures(color)
            ));
        }
        let rules = game.rules().preset_name().unwrap_or("custom");
        let handicap = match game.handicap() {
            0 => String::new(),
            h => format!(", handicap {h}"),
        };
        lines.push(format!(
            "komi {}, {rules} rules{handicap}",
            game.rules().komi
        ));
        lines.push(String::new());
        let moves = game.moves().len();
        lines.push(match game.last_move() {
            None => "no moves yet".to_string(),
            Some((c, Move::Pass)) => format!("move {moves}: {} passes", title(c)),
            Some((c, mv)) => format!("move {moves}: {} {mv}", title(c)),
        });
        if let Some(r) = self.report.filter(|r| r.moves == moves) {
            let precision = if r.seconds < 0.095 { 2 } else { 1 };
            lines.push(format!(
                "{}'s win rate {:.0}%, thought {:.precision$} s",
                title(r.color),
                100.0 * r.win_rate,
                r.seconds
            ));
        }
        lines.push(String::new());
        let status = if let Some(result) = self.ending {
            format!("game over: {result}")
        } else if self.is_finished() {
            "game over".to_string()
        } else {
            let to_move = game.to_move();
            match self.setup.human {
                Some(h) if h == to_move => format!("{} (you) to play", title(to_move)),
                _ => format!("{} to play", title(to_move)),
            }
        };
        lines.push(self.style.strong(&status));
        lines
    }

    /// Draws the board with the usual panel, labels, then any pending notes.
    fn show_board(&mut self, labels: &[(Point, char)]) -> io::Result<()> {
        let game = self.engine.game();
        let mut view = BoardView::new(game.board(), game.last_move().and_then(|(_, m)| m.point()));
        view.labels = labels;
        let text = render::draw(&view, self.style, &self.panel());
        write!(self.out, "{text}")?;
        for note in std::mem::take(&mut self.notes) {
            writeln!(self.out, "{note}")?;
        }
        self.dirty = false;
        Ok(())
    }

    /// Draws the board with territory: `owners` per point row by row, and the dead stones.
    fn show_area(&mut self, owners: &[Option<Color>], dead: &[Point]) -> io::Result<()> {
        let game = self.engine.game();
        let view = BoardView {
            board: game.board(),
            last: game.last_move().and_then(|(_, m)| m.point()),
            labels: &[],
            owners: Some(owners),
            dead,
        };
        let text = render::draw(&view, self.style, &self.panel());
        write!(self.out, "{text}")?;
        for note in std::mem::take(&mut self.notes) {
            writeln!(self.out, "{note}")?;
        }
        self.dirty = false;
        Ok(())
    }

    fn undo(&mut self, human: Color) -> anyhow::Result<()> {
        if self.human_resigned {
            self.human_resigned = false;
            self.ending = None;
            self.dirty = true;
            return Ok(self.say("Resignation taken back.")?);
        }
        if !self.game().moves().iter().any(|&(c, _)| c == human) {
            return Ok(self.say_error("Nothing to undo: you have not moved yet.")?);
        }
        let mut undone = Vec::new();
        loop {
            let game = self.game();
            let resigned = game.is_over() && game.consecutive_passes() < 2;
            let last = game.last_move();
            if self.engine.undo().is_err() {
                break;
            }
            if resigned {
                continue;
            }
            if let Some((color, mv)) = last {
                undone.push(format!("{} {mv}", title(color)));
                if color == human {
                    break;
                }
            }
        }
        self.report = None;
        self.ending = None;
        self.dirty = true;
        undone.reverse();
        self.say(&format!("Took back: {}.", undone.join(", ")))?;
        Ok(())
    }

    fn prompt(&mut self, human: Color) -> io::Result<()> {
        let text = match self.ending {
            Some(result) => format!("Game over ({result}) > "),
            None => format!("Your move ({}): ", title(human)),
        };
        write!(self.out, "{}", self.style.strong(&text))?;
        self.out.flush()
    }

    /// The next line of input without its line end; `None` at the end of input.
    fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut bytes = Vec::new();
        if self.input.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(None);
        }
        let line = String::from_utf8_lossy(&bytes)
            .trim_end_matches(['\n', '\r'])
            .to_string();
        if self.echo {
            writeln!(self.out, "{line}")?;
        }
        Ok(Some(line))
    }

    fn say(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{text}")
    }

    fn say_error(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{}", self.style.error(text))
    }

    fn goodbye(&mut self) -> anyhow::Result<()> {
        let moves = self.game().moves();
        let unsaved = !moves.is_empty() && self.saved.as_deref() != Some(moves);
        if unsaved {
            writeln!(self.out, "Goodbye. (The game was not saved.)")?;
        } else {
            writeln!(self.out, "Goodbye.")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn illegal_moves_name_the_rule() {
        let d4 = Move::parse("d4", weiqi::BoardSize::NINE).unwrap();
        for (e, needle) in [
            (IllegalMove::Occupied, "D4 is occupied"),
            (IllegalMove::Suicide, "D4 is suicide"),
            (IllegalMove::Ko, "(ko)"),
            (IllegalMove::Superko, "(superko)"),
            (IllegalMove::GameOver, "The game is over."),
        ] {
            let message = illegal_message(e, d4);
            assert!(message.contains(needle), "{e:?}: {message}");
        }
    }
}
