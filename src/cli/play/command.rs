//! What the player types at the prompt: a move or a command, read case-insensitively into
//! a [`Command`], or an [`InputError`] that says what is wrong in a few words.

use std::fmt;
use std::path::PathBuf;
use weiqi::point::{ParsePointError, PointErrorKind};
use weiqi::{BoardSize, Point};

/// One line of input, understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// A stone on this point.
    Play(Point),
    /// A pass.
    Pass,
    /// Take back the engine's reply and the player's last move.
    Undo,
    /// Give up the game.
    Resign,
    /// Show the engine's best moves for the player.
    Hint,
    /// Estimate the score now, with the territory drawn on the board.
    Score,
    /// Write the game record to this SGF file.
    Save(PathBuf),
    /// Continue the game in this SGF file.
    Load(PathBuf),
    /// Start a new game with the same settings.
    New,
    /// Draw the board again.
    Board,
    /// List the commands.
    Help,
    /// Leave.
    Quit,
}

/// A line that is not a move or command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// A word that names no command and is not a point.
    Unknown(String),
    /// A point name that cannot be read or is off the board.
    BadPoint(ParsePointError),
    /// `save` or `load` without a file name.
    MissingFile(&'static str),
    /// A command that takes no argument was given one.
    UnexpectedArgument {
        /// The command.
        command: &'static str,
        /// What followed it.
        argument: String,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Unknown(word) => write!(
                f,
                "Unknown command '{word}'. Type a move such as D4, or 'help' for the commands."
            ),
            InputError::BadPoint(e) => match e.kind {
                PointErrorKind::OffBoard(size) => write!(
                    f,
                    "{} is off the board: columns are {}, rows 1 to {size}.",
                    e.text.to_ascii_uppercase(),
                    column_range(size)
                ),
                PointErrorKind::LetterI => write!(
                    f,
                    "There is no column I: Go boards skip the letter I (H is followed by J)."
                ),
                _ => write!(
                    f,
                    "'{}' is not a point: write a column and a row, such as D4.",
                    e.text
                ),
            },
            InputError::MissingFile(command) => {
                write!(
                    f,
                    "'{command}' needs a file name, such as: {command} game.sgf"
                )
            }
            InputError::UnexpectedArgument { command, argument } => {
                write!(f, "'{command}' takes nothing after it (got '{argument}').")
            }
        }
    }
}

impl std::error::Error for InputError {}

/// The columns of a board, such as `A-J` (there is no I).
pub fn column_range(size: BoardSize) -> String {
    let last = size
        .points()
        .nth(size.get() - 1)
        .map_or_else(String::new, |p| p.to_string()[..1].to_string());
    format!("A-{last}")
}

/// Reads one line of input on a board of `size`; `None` for a blank line.
///
/// # Errors
/// [`InputError`] for an unknown word, a bad point, or a missing or extra argument.
pub fn parse(line: &str, size: BoardSize) -> Option<Result<Command, InputError>> {
    let line = line.trim();
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (line, ""),
    };
    if word.is_empty() {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let bare = |command: &'static str, cmd: Command| {
        if rest.is_empty() {
            Ok(cmd)
        } else {
            Err(InputError::UnexpectedArgument {
                command,
                argument: printable(rest),
            })
        }
    };
    let file = |command: &'static str, make: fn(PathBuf) -> Command| {
        if rest.is_empty() {
            Err(InputError::MissingFile(command))
        } else {
            Ok(make(PathBuf::from(rest)))
        }
    };
    Some(match lower.as_str() {
        "pass" => bare("pass", Command::Pass),
        "undo" | "u" | "takeback" => bare("undo", Command::Undo),
        "resign" => bare("resign", Command::Resign),
        "hint" => bare("hint", Command::Hint),
        "score" => bare("score", Command::Score),
        "new" => bare("new", Command::New),
        "board" | "show" => bare("board", Command::Board),
        "help" | "h" | "?" => Ok(Command::Help),
        "quit" | "q" | "exit" => bare("quit", Command::Quit),
        "save" => file("save", Command::Save),
        "load" => file("load", Command::Load),
        _ if looks_like_point(word) => {
            if !rest.is_empty() {
                Err(InputError::UnexpectedArgument {
                    command: "a move",
                    argument: printable(rest),
                })
            } else {
                Point::parse(word, size)
                    .map(Command::Play)
                    .map_err(InputError::BadPoint)
            }
        }
        _ => Err(InputError::Unknown(printable(word))),
    })
}

/// At most 40 characters of `text` to quote back, with control characters (a stray
/// function key's escape sequence, say) written as escapes rather than sent to the terminal.
fn printable(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().take(40) {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// A letter followed by digits only: meant as a point, even if it is off the board.
fn looks_like_point(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && !chars.as_str().is_empty()
        && chars.all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Result<Command, InputError> {
        parse(line, BoardSize::NINE).expect("not blank")
    }

    #[test]
    fn moves_and_commands_in_any_case() {
        let d4 = Point::parse("D4", BoardSize::NINE).unwrap();
        assert_eq!(read("d4"), Ok(Command::Play(d4)));
        assert_eq!(read("  D4 "), Ok(Command::Play(d4)));
        assert_eq!(read("PASS"), Ok(Command::Pass));
        assert_eq!(read("Undo"), Ok(Command::Undo));
        assert_eq!(read("HINT"), Ok(Command::Hint));
        assert_eq!(read("quit"), Ok(Command::Quit));
        assert_eq!(
            read("save my game.sgf"),
            Ok(Command::Save(PathBuf::from("my game.sgf")))
        );
        assert_eq!(
            read("LOAD x.sgf"),
            Ok(Command::Load(PathBuf::from("x.sgf")))
        );
        assert_eq!(parse("   ", BoardSize::NINE), None);
    }

    #[test]
    fn bad_input_says_what_is_wrong() {
        let message = |line: &str| read(line).unwrap_err().to_string();
        assert!(message("k5").contains("K5 is off the board: columns are A-J, rows 1 to 9"));
        assert!(message("a10").contains("off the board"));
        assert!(message("i5").contains("no column I"));
        assert!(message("d0").contains("not a point"));
        assert!(message("foo").contains("Unknown command 'foo'"));
        assert!(message("save").contains("needs a file name"));
        assert!(message("pass now").contains("takes nothing after it"));
        assert!(message("d4 e5").contains("takes nothing after it"));
        assert!(message("d99999999999999999999999").contains("not a point"));
        assert!(message("\x1b[18~").contains("Unknown command '\\u{1b}[18~'"));
    }

    #[test]
    fn column_ranges_skip_i() {
        assert_eq!(column_range(BoardSize::NINE), "A-J");
        assert_eq!(column_range(BoardSize::NINETEEN), "A-T");
        assert_eq!(column_range(BoardSize::new(5).unwrap()), "A-E");
    }
}
