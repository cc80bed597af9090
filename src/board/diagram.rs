//! Board diagrams: text pictures of positions, read by tests and drawn by `showboard`.
//!
//! ```text
//!    A B C D E
//!  5 . . . . .  5
//!  4 . X O . .  4
//!  3 . X O . .  3
//!  2 . . . . .  2
//!  1 . . . . .  1
//!    A B C D E
//! ```
//!
//! Reading accepts that form or the bare cells: `X` (or `x`, `#`) is black, `O` (or `o`) is
//! white, `.` or `+` is empty; spaces, row numbers and letter rows are ignored. The top line
//! of the picture is the top row of the board.

use super::Board;
use crate::color::Color;
use crate::point::{BoardSize, Point};
use std::fmt;
use std::fmt::Write as _;

/// A diagram that does not describe a position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiagramError {
    /// A character that is neither a stone, an empty point nor a label.
    BadChar {
        /// 1-based line of the diagram's rows.
        row: usize,
        /// The character.
        ch: char,
    },
    /// Rows of different lengths, or rows not matching their count.
    NotSquare {
        /// Rows found.
        rows: usize,
        /// Cells in the first row that differs.
        cells: usize,
    },
    /// A size outside 2 to 25.
    BadSize(usize),
    /// A chain with no liberties: the position cannot arise.
    DeadChain(Point),
}

impl fmt::Display for DiagramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiagramError::BadChar { row, ch } => {
                write!(f, "diagram row {row}: unexpected character {ch:?}")
            }
            DiagramError::NotSquare { rows, cells } => {
                write!(
                    f,
                    "diagram is not square: {rows} rows but a row of {cells} cells"
                )
            }
            DiagramError::BadSize(n) => write!(f, "diagram size {n} is outside 2 to 25"),
            DiagramError::DeadChain(p) => write!(f, "diagram chain at {p} has no liberties"),
        }
    }
}

impl std::error::Error for DiagramError {}

/// Whether a line is the row of column letters, `A B C ...` in order (no I): a label, even
/// where it holds the letters X and O, which elsewhere are stones.
fn is_letter_row(line: &str) -> bool {
    let letters: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    letters.len() >= 2 && "ABCDEFGHJKLMNOPQRSTUVWXYZ".starts_with(letters.as_str())
}

fn cell_color(ch: char) -> Option<Option<Color>> {
    match ch {
        'X' | 'x' | '#' => Some(Some(Color::Black)),
        'O' | 'o' => Some(Some(Color::White)),
        '.' | '+' => Some(None),
        _ => None,
    }
}

impl Board {
    /// Reads a diagram; see the module docs for the format.
    ///
    /// # Errors
    /// [`DiagramError`] for unknown characters, a non-square picture, a size out of range
    /// or a chain without liberties.
    pub fn from_diagram(text: &str) -> Result<Board, DiagramError> {
        let mut rows: Vec<Vec<Option<Color>>> = Vec::new();
        for line in text.lines() {
            let body = line
                .trim()
                .trim_matches(|c: char| c.is_ascii_digit())
                .trim();
            if body.is_empty() {
                continue;
            }
            if is_letter_row(body) {
                continue;
            }
            let mut row = Vec::new();
            for ch in body
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '(' && *c != ')')
            {
                let cell = cell_color(ch).ok_or(DiagramError::BadChar {
                    row: rows.len() + 1,
                    ch,
                })?;
                row.push(cell);
            }
            rows.push(row);
        }
        let n = rows.len();
        if let Some(r) = rows.iter().find(|r| r.len() != n) {
            return Err(DiagramError::NotSquare {
                rows: n,
                cells: r.len(),
            });
        }
        let size = BoardSize::new(n as i64).map_err(|_| DiagramError::BadSize(n))?;
        let mut board = Board::new(size);
        for (i, row) in rows.iter().enumerate() {
            for (x, cell) in row.iter().enumerate() {
                if let Some(color) = cell {
                    let p = Point::from_xy(x, n - 1 - i, size).expect("within the checked size");
                    board.add_setup_stone(*color, p);
                }
            }
        }
        if let Some(p) = size
            .points()
            .find(|&p| board.color_at(p).is_some() && board.chain(p.index()).libs == 0)
        {
            return Err(DiagramError::DeadChain(p));
        }
        Ok(board)
    }

    /// Draws the board with coordinates on all sides, `X` for black and `O` for white.
    pub fn diagram(&self) -> String {
        self.diagram_marked(None)
    }

    /// Draws the board like [`Board::diagram`], with `mark` shown in parentheses (the last
    /// move, say).
    pub fn diagram_marked(&self, mark: Option<Point>) -> String {
        let n = self.size.get();
        let letters: String = self
            .size
            .points()
            .take(n)
            .map(|p| p.to_string()[..1].to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let mut out = String::new();
        let _ = writeln!(out, "   {letters}");
        for y in (0..n).rev() {
            let _ = write!(out, "{:>2} ", y + 1);
            for x in 0..n {
                let p = Point::from_xy(x, y, self.size).expect("on the board");
                let ch = match self.color_at(p) {
                    Some(Color::Black) => 'X',
                    Some(Color::White) => 'O',
                    None => '.',
                };
                if mark == Some(p) {
                    out.pop();
                    let _ = write!(out, "({ch})");
                } else {
                    let _ = write!(out, "{ch} ");
                }
            }
            let _ = writeln!(out, " {}", y + 1);
        }
        let _ = writeln!(out, "   {letters}");
        out
    }
}
