//! What can be wrong with an SGF file, and where.

use crate::board::IllegalMove;
use crate::color::Color;
use crate::game::SetupError;
use crate::point::{BoardSize, Move, Point};
use std::fmt;

/// A place in the text: 1-based line and column, the column counted in characters.
///
/// A line ends at `\n`, `\r\n` or a lone `\r`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters (not bytes).
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text` (the end of the text if past it).
    pub(crate) fn of(text: &str, offset: usize) -> Location {
        let (mut line, mut column) = (1, 1);
        let mut after_cr = false;
        for (i, ch) in text.char_indices() {
            if i >= offset {
                break;
            }
            match ch {
                '\n' if after_cr => {}
                '\n' | '\r' => {
                    line += 1;
                    column = 1;
                }
                _ => column += 1,
            }
            after_cr = ch == '\r';
        }
        Location { line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// An SGF file that could not be read: what is wrong ([`SgfErrorKind`]) and where.
///
/// Every failure has a location, so the location is kept here once rather than in each
/// variant. `Display` gives both: `line 3, column 7: unterminated value of property C`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SgfError {
    /// What is wrong.
    pub kind: SgfErrorKind,
    /// Where: the start of the offending token, property or value.
    pub at: Location,
}

impl SgfError {
    /// An error of `kind` at byte `offset` of `text`.
    pub(crate) fn at(text: &str, offset: usize, kind: SgfErrorKind) -> SgfError {
        SgfError {
            kind,
            at: Location::of(text, offset),
        }
    }
}

impl fmt::Display for SgfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.kind)
    }
}

impl std::error::Error for SgfError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            SgfErrorKind::BadSetup { error, .. } => Some(error),
            SgfErrorKind::IllegalMove { reason, .. } => Some(reason),
            _ => None,
        }
    }
}

/// What is wrong with an SGF file. Texts quoted from the file are cut to 32 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SgfErrorKind {
    /// The bytes are not UTF-8, and no `CA` property names Latin-1. Location: the first bad
    /// byte.
    InvalidUtf8,
    /// The file does not start with `(` (only whitespace and a byte-order mark may precede it).
    MissingGameTree {
        /// What came instead; `None` at the end of the input.
        found: Option<char>,
    },
    /// A game tree does not start with a node (`;`): `()` or `(B[aa])`.
    MissingNode {
        /// What came instead; `None` at the end of the input.
        found: Option<char>,
    },
    /// A character that starts no property, node or tree.
    UnexpectedChar {
        /// The character.
        found: char,
    },
    /// A node (`;`) after a variation of the same tree: `(;B[aa](;W[bb]);B[cc])`.
    NodeAfterVariation,
    /// A game tree that is never closed with `)`. Location: its `(`.
    UnclosedTree,
    /// A value whose `[` has no matching `]`. Location: the `[`.
    UnterminatedValue {
        /// The property the value belongs to.
        property: String,
    },
    /// A property identifier that is not letters with at least one capital (`B1`, `b`, or
    /// nothing before a `[`).
    BadPropertyIdent {
        /// The identifier as written.
        ident: String,
    },
    /// A property identifier with no `[value]` after it.
    MissingValue {
        /// The property.
        property: String,
        /// What came instead of `[`; `None` at the end of the input.
        found: Option<char>,
    },
    /// `GM` other than 1: the file is not a game of Go.
    UnsupportedGame {
        /// The `GM` value.
        value: String,
    },
    /// `FF` outside 1 to 4.
    UnsupportedFormat {
        /// The `FF` value.
        value: String,
    },
    /// `SZ` is not a number from 2 to 25, or names a rectangular board.
    BadSize {
        /// The `SZ` value.
        value: String,
    },
    /// `KM` is not a number in half-point steps.
    BadKomi {
        /// The `KM` value.
        value: String,
    },
    /// A point that is not two letters `a`-`z` naming a point of the board.
    BadPoint {
        /// The property (`B`, `AB`, ...).
        property: String,
        /// The value.
        value: String,
        /// The board size.
        size: BoardSize,
    },
    /// A malformed value of another property (`HA`, `PL`).
    BadValue {
        /// The property.
        property: String,
        /// The value.
        value: String,
        /// What the value should be.
        expected: &'static str,
    },
    /// Setup stones that cannot be placed (an occupied point, a chain without liberties).
    BadSetup {
        /// The property (`AB` or `AW`).
        property: String,
        /// Why.
        error: SetupError,
    },
    /// `AE` on a stone: removing stones is not supported.
    RemovesStone {
        /// The stone's point.
        point: Point,
    },
    /// Setup stones (`AB`, `AW`), or `PL` naming the player not to move, after the first
    /// move: only the position before the first move can be set up.
    SetupAfterMoves {
        /// The property.
        property: String,
        /// Moves played before it.
        moves: usize,
    },
    /// A second move (`B` or `W`) in one node.
    TwoMoves,
    /// A move the rules forbid; [`IllegalMove::GameOver`] means it follows two passes.
    IllegalMove {
        /// The move number, from 1 (passes count).
        number: usize,
        /// Who played it.
        color: Color,
        /// The move.
        mv: Move,
        /// Why it is illegal.
        reason: IllegalMove,
    },
}

impl fmt::Display for SgfErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let found = |c: &Option<char>| match c {
            Some(c) => format!("'{}'", c.escape_debug()),
            None => "the end of the input".to_string(),
        };
        match self {
            SgfErrorKind::InvalidUtf8 => {
                write!(f, "invalid UTF-8 (and no CA[ISO-8859-1] declared)")
            }
            SgfErrorKind::MissingGameTree { found: None } => {
                write!(f, "no game tree: the input is empty, expected '('")
            }
            SgfErrorKind::MissingGameTree { found: c } => {
                write!(f, "expected '(' to start a game tree, found {}", found(c))
            }
            SgfErrorKind::MissingNode { found: c } => {
                write!(f, "expected ';' to start a node, found {}", found(c))
            }
            SgfErrorKind::UnexpectedChar { found: c } => write!(
                f,
                "unexpected '{}': expected a property, ';', '(' or ')'",
                c.escape_debug()
            ),
            SgfErrorKind::NodeAfterVariation => {
                write!(f, "a node (';') after a variation: expected '(' or ')'")
            }
            SgfErrorKind::UnclosedTree => write!(f, "game tree is never closed: missing ')'"),
            SgfErrorKind::UnterminatedValue { property } => {
                write!(f, "unterminated value of property {property}: missing ']'")
            }
            SgfErrorKind::BadPropertyIdent { ident } if ident.is_empty() => {
                write!(f, "bad property identifier: a value without an identifier")
            }
            SgfErrorKind::BadPropertyIdent { ident } => write!(
                f,
                "bad property identifier '{ident}': expected capital letters such as B or AB"
            ),
            SgfErrorKind::MissingValue { property, found: c } => {
                write!(
                    f,
                    "property {property} has no value: expected '[', found {}",
                    found(c)
                )
            }
            SgfErrorKind::UnsupportedGame { value } => {
                write!(
                    f,
                    "unsupported game type GM[{value}]: only Go (GM[1]) is supported"
                )
            }
            SgfErrorKind::UnsupportedFormat { value } => {
                write!(f, "unsupported file format FF[{value}]: expected 1 to 4")
            }
            SgfErrorKind::BadSize { value } => write!(
                f,
                "bad board size SZ[{value}]: expected a square board of 2 to 25 lines"
            ),
            SgfErrorKind::BadKomi { value } => {
                write!(
                    f,
                    "bad komi KM[{value}]: expected a number in half-point steps"
                )
            }
            SgfErrorKind::BadPoint {
                property,
                value,
                size,
            } => write!(
                f,
                "bad point coordinates {property}[{value}]: not a point of the {size}x{size} board"
            ),
            SgfErrorKind::BadValue {
                property,
                value,
                expected,
            } => write!(f, "bad value {property}[{value}]: expected {expected}"),
            SgfErrorKind::BadSetup { property, error } => {
                let why = match error {
                    SetupError::Occupied(p) => format!("{p} is already occupied"),
                    SetupError::NoLiberties(_) => "a chain would have no liberties".to_string(),
                    SetupError::BoardNotEmpty => "the board is not empty".to_string(),
                    SetupError::InvalidHandicap { stones, .. } => {
                        format!("{stones} handicap stones do not fit this board")
                    }
                };
                write!(f, "cannot place the {property} stones: {why}")
            }
            SgfErrorKind::RemovesStone { point } => write!(
                f,
                "AE removes the stone on {point}: removing stones is not supported"
            ),
            SgfErrorKind::SetupAfterMoves { property, moves } => write!(
                f,
                "setup property {property} after move {moves}: only the position before \
                 the first move can be set up"
            ),
            SgfErrorKind::TwoMoves => write!(f, "two moves in one node"),
            SgfErrorKind::IllegalMove {
                number,
                color,
                mv,
                reason: IllegalMove::GameOver,
            } => write!(
                f,
                "move {number} ({} {mv}) comes after two passes ended the game",
                color.letter()
            ),
            SgfErrorKind::IllegalMove {
                number,
                color,
                mv,
                reason,
            } => write!(f, "move {number} ({} {mv}): {reason}", color.letter()),
        }
    }
}

/// At most 32 characters of `text`, for quoting in an error.
pub(crate) fn snippet(text: &str) -> String {
    text.chars().take(32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lines_and_characters() {
        let text = "ab\ncé\r\nx\ry";
        let at = |offset| {
            let l = Location::of(text, offset);
            (l.line, l.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(1), (1, 2));
        assert_eq!(at(3), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(at(6), (2, 3));
        assert_eq!(at(8), (3, 1));
        assert_eq!(at(10), (4, 1));
        assert_eq!(at(1000), (4, 2));
    }
}
