//! Board sizes, points and moves, and their names in text (`D4`, `pass`).
//!
//! Points index a padded grid with a fixed stride of [`STRIDE`] cells for every board size:
//! one sentinel row and column surround the largest board (25x25). The fixed stride makes a
//! point's name independent of the board size (`D4` is always column D, row 4 from the
//! bottom) at the price of a sparser grid on small boards; the board copies only the rows
//! in use, so small boards stay cheap.

use std::fmt;

/// The largest supported board size (GTP allows up to 25).
pub const MAX_SIZE: u8 = 25;
/// The smallest supported board size.
pub const MIN_SIZE: u8 = 2;
/// Cells per row of the padded grid: the largest board plus a sentinel column on each side.
pub const STRIDE: usize = MAX_SIZE as usize + 2;
/// Cells in the padded grid.
pub const NUM_CELLS: usize = STRIDE * STRIDE;

/// Column letters in Go notation: A to Z without I.
const LETTERS: &[u8; 25] = b"ABCDEFGHJKLMNOPQRSTUVWXYZ";

/// A validated board size, 2 to 25.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BoardSize(u8);

/// A board size outside 2 to 25.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoardSizeError(pub i64);

impl fmt::Display for BoardSizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unacceptable size {}: board sizes run from {MIN_SIZE} to {MAX_SIZE}",
            self.0
        )
    }
}

impl std::error::Error for BoardSizeError {}

impl BoardSize {
    /// The standard 9x9 board.
    pub const NINE: BoardSize = BoardSize(9);
    /// The standard 13x13 board.
    pub const THIRTEEN: BoardSize = BoardSize(13);
    /// The standard 19x19 board.
    pub const NINETEEN: BoardSize = BoardSize(19);

    /// Validates a size.
    ///
    /// # Errors
    /// [`BoardSizeError`] when `n` is outside 2 to 25.
    pub fn new(n: i64) -> Result<BoardSize, BoardSizeError> {
        if (MIN_SIZE as i64..=MAX_SIZE as i64).contains(&n) {
            Ok(BoardSize(n as u8))
        } else {
            Err(BoardSizeError(n))
        }
    }

    /// The number of lines.
    #[inline]
    pub const fn get(self) -> usize {
        self.0 as usize
    }

    /// The number of intersections.
    pub const fn area(self) -> usize {
        self.0 as usize * self.0 as usize
    }

    /// Cells of the padded grid that a board of this size uses: every row up to and including
    /// the sentinel row above the top line.
    #[inline]
    pub const fn cells_in_use(self) -> usize {
        (self.0 as usize + 2) * STRIDE
    }

    /// Every point of the board, row by row from A1.
    pub fn points(self) -> impl Iterator<Item = Point> + Clone {
        let n = self.0;
        (0..n).flat_map(move |y| (0..n).map(move |x| Point::at(x, y)))
    }
}

impl fmt::Display for BoardSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An intersection of the board: a checked index into the padded grid.
///
/// A `Point` is built only from coordinates checked against a board size, so it is never a
/// sentinel cell. Column `x` and row `y` count from 0 at the lower left (A1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct Point(u16);

impl Point {
    /// The point at column `x` and row `y` (0-based from A1), if it is on a board of `size`.
    pub fn from_xy(x: usize, y: usize, size: BoardSize) -> Option<Point> {
        (x < size.get() && y < size.get()).then(|| Point::at(x as u8, y as u8))
    }

    #[inline]
    const fn at(x: u8, y: u8) -> Point {
        Point(((y as usize + 1) * STRIDE + x as usize + 1) as u16)
    }

    /// Rebuilds a point from its grid index. The caller guarantees the index came from a
    /// `Point` on the board in use; a bug that breaks that is caught by a debug assertion,
    /// and in release builds indexes a wrong cell, never memory outside an array.
    #[inline]
    pub(crate) const fn from_index(index: usize) -> Point {
        debug_assert!(index < NUM_CELLS);
        Point(index as u16)
    }

    /// The index into the padded grid.
    #[inline]
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    /// Column, 0-based from A.
    #[inline]
    pub const fn x(self) -> usize {
        self.0 as usize % STRIDE - 1
    }

    /// Row, 0-based from the bottom line.
    #[inline]
    pub const fn y(self) -> usize {
        self.0 as usize / STRIDE - 1
    }

    /// Parses a name such as `D4` or `d4` (letters skip I) and checks it against `size`.
    ///
    /// # Errors
    /// [`ParsePointError`] naming what is wrong: an empty text, a bad letter (including I),
    /// a bad number, or a point off this board.
    pub fn parse(text: &str, size: BoardSize) -> Result<Point, ParsePointError> {
        let err = |kind| ParsePointError {
            text: text.chars().take(16).collect(),
            kind,
        };
        let mut chars = text.chars();
        let letter = chars.next().ok_or(err(PointErrorKind::Empty))?;
        let upper = letter.to_ascii_uppercase();
        if upper == 'I' {
            return Err(err(PointErrorKind::LetterI));
        }
        let x = LETTERS
            .iter()
            .position(|&l| l as char == upper)
            .ok_or(err(PointErrorKind::BadLetter))?;
        let digits = chars.as_str();
        if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(PointErrorKind::BadNumber));
        }
        let row: usize = digits.parse().map_err(|_| err(PointErrorKind::BadNumber))?;
        if row == 0 {
            return Err(err(PointErrorKind::BadNumber));
        }
        Point::from_xy(x, row - 1, size).ok_or(err(PointErrorKind::OffBoard(size)))
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", LETTERS[self.x()] as char, self.y() + 1)
    }
}

/// What is wrong with a point's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointErrorKind {
    /// Nothing was given.
    Empty,
    /// The column letter is I, which Go notation skips.
    LetterI,
    /// The column is not a letter A to Z.
    BadLetter,
    /// The row is not a number from 1.
    BadNumber,
    /// The point is well formed but off a board of this size.
    OffBoard(BoardSize),
}

/// A point's name that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsePointError {
    /// The offending text (at most 16 characters of it).
    pub text: String,
    /// What is wrong with it.
    pub kind: PointErrorKind,
}

impl fmt::Display for ParsePointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.text;
        match self.kind {
            PointErrorKind::Empty => write!(f, "missing point"),
            PointErrorKind::LetterI => write!(f, "invalid point '{t}': the letter I is not used"),
            PointErrorKind::BadLetter => {
                write!(f, "invalid point '{t}': the column must be a letter A-Z")
            }
            PointErrorKind::BadNumber => {
                write!(f, "invalid point '{t}': the row must be a number from 1")
            }
            PointErrorKind::OffBoard(size) => {
                write!(f, "invalid point '{t}': off the {size}x{size} board")
            }
        }
    }
}

impl std::error::Error for ParsePointError {}

/// A move without its colour: a stone on a point, or a pass. Resignation is not a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Move {
    /// A stone on this point.
    Play(Point),
    /// A pass.
    Pass,
}

impl Move {
    /// Parses `pass` (any case) or a point name.
    ///
    /// # Errors
    /// As [`Point::parse`].
    pub fn parse(text: &str, size: BoardSize) -> Result<Move, ParsePointError> {
        if text.eq_ignore_ascii_case("pass") {
            Ok(Move::Pass)
        } else {
            Point::parse(text, size).map(Move::Play)
        }
    }

    /// The point, unless this is a pass.
    pub fn point(self) -> Option<Point> {
        match self {
            Move::Play(p) => Some(p),
            Move::Pass => None,
        }
    }
}

impl fmt::Display for Move {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Move::Play(p) => p.fmt(f),
            Move::Pass => f.write_str("pass"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_on_every_size() {
        for n in 2..=25 {
            let size = BoardSize::new(n).unwrap();
            for p in size.points() {
                assert_eq!(Point::parse(&p.to_string(), size), Ok(p));
                assert_eq!(Point::parse(&p.to_string().to_lowercase(), size), Ok(p));
            }
            assert_eq!(size.points().count(), size.area());
        }
    }

    #[test]
    fn corner_names() {
        let size = BoardSize::NINETEEN;
        assert_eq!(Point::from_xy(0, 0, size).unwrap().to_string(), "A1");
        assert_eq!(Point::from_xy(18, 18, size).unwrap().to_string(), "T19");
        assert_eq!(Point::from_xy(8, 0, size).unwrap().to_string(), "J1");
        assert_eq!(
            Point::parse("Z25", BoardSize::new(25).unwrap())
                .unwrap()
                .x(),
            24
        );
    }

    #[test]
    fn bad_names_are_typed_errors() {
        let size = BoardSize::NINE;
        let kind = |s: &str| Point::parse(s, size).unwrap_err().kind;
        assert_eq!(kind(""), PointErrorKind::Empty);
        assert_eq!(kind("I5"), PointErrorKind::LetterI);
        assert_eq!(kind("i5"), PointErrorKind::LetterI);
        assert_eq!(kind("?5"), PointErrorKind::BadLetter);
        assert_eq!(kind("é5"), PointErrorKind::BadLetter);
        assert_eq!(kind("D"), PointErrorKind::BadNumber);
        assert_eq!(kind("D0"), PointErrorKind::BadNumber);
        assert_eq!(kind("D-1"), PointErrorKind::BadNumber);
        assert_eq!(kind("D99999999999999999999"), PointErrorKind::BadNumber);
        assert_eq!(kind("K5"), PointErrorKind::OffBoard(size));
        assert_eq!(kind("A10"), PointErrorKind::OffBoard(size));
        assert_eq!(
            Point::parse("I5", size).unwrap_err().to_string(),
            "invalid point 'I5': the letter I is not used"
        );
        assert_eq!(Move::parse("PASS", size), Ok(Move::Pass));
    }

    #[test]
    fn sizes_outside_the_range_are_rejected() {
        for n in [-1, 0, 1, 26, 1000] {
            assert_eq!(BoardSize::new(n), Err(BoardSizeError(n)));
        }
        assert!(BoardSize::new(2).is_ok() && BoardSize::new(25).is_ok());
    }
}
