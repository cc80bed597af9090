//! GTP colours and vertices: reading them from arguments and writing them in answers.
//!
//! Colours are `b`, `black`, `w`, `white` in any case. A vertex is a column letter (A to Z
//! without I) and a row number from 1 at the bottom, in any case, or `pass`. `resign` is
//! not a vertex: it only appears in answers, written by [`format_engine_move`].

use super::response::GtpError;
use crate::color::Color;
use crate::engine::EngineMove;
use crate::point::{BoardSize, Move, Point, PointErrorKind};

/// Reads a colour argument.
///
/// # Errors
/// [`GtpError::InvalidColor`] for anything but `b`, `black`, `w`, `white` (any case).
pub fn parse_color(text: &str) -> Result<Color, GtpError> {
    text.parse::<Color>()
        .map_err(|_| GtpError::InvalidColor(format!("'{}' is not a colour", shorten(text))))
}

/// What is wrong with a vertex argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VertexError {
    /// Not a vertex at all (bad letter, the letter I, bad number).
    Malformed(String),
    /// Well formed, but off this board.
    OffBoard(String),
}

impl From<VertexError> for GtpError {
    fn from(e: VertexError) -> GtpError {
        match e {
            VertexError::Malformed(d) | VertexError::OffBoard(d) => GtpError::InvalidVertex(d),
        }
    }
}

/// Reads a vertex argument: a point of a board of `size`, or `pass` (any case).
///
/// # Errors
/// [`VertexError`] naming the problem.
pub fn parse_move(text: &str, size: BoardSize) -> Result<Move, VertexError> {
    Move::parse(text, size).map_err(|e| {
        let detail = e.to_string();
        match e.kind {
            PointErrorKind::OffBoard(_) => VertexError::OffBoard(detail),
            _ => VertexError::Malformed(detail),
        }
    })
}

/// Reads a vertex argument that must be a point (not `pass`).
///
/// # Errors
/// [`GtpError::InvalidVertex`] for a pass or a bad vertex.
pub fn parse_point(text: &str, size: BoardSize) -> Result<Point, GtpError> {
    match parse_move(text, size)? {
        Move::Play(p) => Ok(p),
        Move::Pass => Err(GtpError::InvalidVertex(
            "a point is needed, not pass".to_string(),
        )),
    }
}

/// A move as GTP writes it: `D4` or `pass`.
pub fn format_move(mv: Move) -> String {
    mv.to_string()
}

/// An engine's answer as GTP writes it: `D4`, `pass` or `resign`.
pub fn format_engine_move(mv: EngineMove) -> String {
    mv.to_string()
}

/// Points written as a space-separated list.
pub fn format_points(points: &[Point]) -> String {
    points
        .iter()
        .map(Point::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// At most 24 characters of `text`, for error details.
pub(crate) fn shorten(text: &str) -> String {
    let mut s: String = text.chars().take(24).collect();
    if text.chars().nth(24).is_some() {
        s.push_str("...");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_vertices() {
        assert_eq!(parse_color("B"), Ok(Color::Black));
        assert_eq!(parse_color("White"), Ok(Color::White));
        assert!(parse_color("x").is_err());
        let nine = BoardSize::NINE;
        assert_eq!(parse_move("PaSs", nine), Ok(Move::Pass));
        assert_eq!(format_move(parse_move("d4", nine).unwrap()), "D4");
        assert!(matches!(
            parse_move("J10", nine),
            Err(VertexError::OffBoard(_))
        ));
        assert!(matches!(
            parse_move("i5", nine),
            Err(VertexError::Malformed(_))
        ));
        assert!(parse_point("pass", nine).is_err());
        assert_eq!(format_engine_move(EngineMove::Resign), "resign");
    }
}
