//! GTP responses and errors, and the exact bytes they are written as.
//!
//! A success is `=[id] result` and a failure `?[id] message`, each ending with an empty
//! line. Streaming commands (`lz-analyze` and its kin) write the header `=[id]` on a line of
//! its own, then their lines, then the empty line; [`Output::Stream`] holds such a response
//! once it is complete. Error messages are the standard texts controllers match on
//! (`illegal move`, `unknown command`, ...); the reason behind one, where there is more to
//! say, is kept apart ([`GtpError::detail`]) for the log.

use std::fmt;

/// Why a command failed. [`fmt::Display`] gives the standard message, the text after `?`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GtpError {
    /// The command is not implemented.
    UnknownCommand,
    /// Missing, extra or malformed arguments; the detail says which.
    Syntax(String),
    /// An argument is not a colour.
    InvalidColor(String),
    /// An argument is not a vertex of this board.
    InvalidVertex(String),
    /// The move is not legal now; the detail gives the reason.
    IllegalMove(String),
    /// `boardsize` with a size outside 2 to 25 (or not square).
    UnacceptableSize,
    /// Nothing to take back.
    CannotUndo,
    /// Handicap or setup stones asked for on a board that already has stones or moves.
    BoardNotEmpty,
    /// A handicap count the board does not allow.
    InvalidNumberOfStones,
    /// A free-handicap list with repeated points, a pass, or too few or many points.
    BadVertexList(String),
    /// `final_score` could not decide.
    CannotScore,
    /// `loadsgf` of a missing, unreadable or malformed file; the detail says why.
    CannotLoad(String),
    /// `printsgf` could not write its file.
    CannotSave(String),
    /// `kgs-rules` or a setting with a rule set weiqi does not know; the detail names it.
    UnknownRules(String),
    /// A setting name or value `weiqi-param` does not know.
    InvalidParameter(String),
    /// A question about the last move when no move has been played.
    NoMoves(String),
    /// The engine refused or failed.
    Engine(String),
    /// A panic inside the command, caught; the detail is the panic message.
    Internal(String),
    /// The input line was longer than the session accepts.
    LineTooLong,
}

impl GtpError {
    /// The reason behind the standard message, for the log, when there is one.
    pub fn detail(&self) -> Option<&str> {
        match self {
            GtpError::Syntax(d)
            | GtpError::InvalidColor(d)
            | GtpError::InvalidVertex(d)
            | GtpError::IllegalMove(d)
            | GtpError::BadVertexList(d)
            | GtpError::CannotLoad(d)
            | GtpError::CannotSave(d)
            | GtpError::UnknownRules(d)
            | GtpError::InvalidParameter(d)
            | GtpError::NoMoves(d)
            | GtpError::Engine(d)
            | GtpError::Internal(d) => Some(d).filter(|d| !d.is_empty()).map(String::as_str),
            _ => None,
        }
    }

    /// A syntax error with this detail.
    pub fn syntax(detail: impl Into<String>) -> GtpError {
        GtpError::Syntax(detail.into())
    }
}

impl fmt::Display for GtpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GtpError::UnknownCommand => f.write_str("unknown command"),
            GtpError::Syntax(_) => f.write_str("syntax error"),
            GtpError::InvalidColor(_) => f.write_str("invalid color"),
            GtpError::InvalidVertex(_) => f.write_str("invalid vertex"),
            GtpError::IllegalMove(_) => f.write_str("illegal move"),
            GtpError::UnacceptableSize => f.write_str("unacceptable size"),
            GtpError::CannotUndo => f.write_str("cannot undo"),
            GtpError::BoardNotEmpty => f.write_str("board not empty"),
            GtpError::InvalidNumberOfStones => f.write_str("invalid number of stones"),
            GtpError::BadVertexList(_) => f.write_str("bad vertex list"),
            GtpError::CannotScore => f.write_str("cannot score"),
            GtpError::CannotLoad(_) => f.write_str("cannot load file"),
            GtpError::CannotSave(_) => f.write_str("cannot save file"),
            GtpError::UnknownRules(_) => f.write_str("unknown rules"),
            GtpError::InvalidParameter(_) => f.write_str("invalid parameter"),
            GtpError::NoMoves(_) => f.write_str("no moves"),
            GtpError::Engine(_) => f.write_str("engine failure"),
            GtpError::Internal(_) => f.write_str("internal error"),
            GtpError::LineTooLong => f.write_str("line too long"),
        }
    }
}

impl std::error::Error for GtpError {}

/// What a successful command answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// A result text, possibly of several lines (never with an empty line inside).
    Text(String),
    /// A streamed response: the lines after the `=[id]` header line, each ending in `\n`.
    Stream(String),
}

/// One response: the command's id, if it had one, and the outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The id of the command, echoed.
    pub id: Option<u32>,
    /// The result or the error.
    pub outcome: Result<Output, GtpError>,
}

impl Response {
    /// A success with a result text.
    pub fn text(id: Option<u32>, text: impl Into<String>) -> Response {
        Response {
            id,
            outcome: Ok(Output::Text(text.into())),
        }
    }

    /// A failure.
    pub fn error(id: Option<u32>, error: GtpError) -> Response {
        Response {
            id,
            outcome: Err(error),
        }
    }

    /// Whether the command succeeded.
    pub fn is_ok(&self) -> bool {
        self.outcome.is_ok()
    }

    /// The result text of a success (a stream's lines for a streamed one), or the message
    /// of a failure.
    pub fn body(&self) -> String {
        match &self.outcome {
            Ok(Output::Text(t) | Output::Stream(t)) => t.clone(),
            Err(e) => e.to_string(),
        }
    }
}

/// `text` made safe for a response body: no empty lines inside (they would end the
/// response early) and no trailing line breaks.
pub(crate) fn clean_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.trim_end().split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        if i > 0 {
            if line.trim().is_empty() {
                continue;
            }
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// `=` or `?` with the id, as the first characters of a response.
pub(crate) fn status(ok: bool, id: Option<u32>) -> String {
    let mark = if ok { '=' } else { '?' };
    match id {
        Some(id) => format!("{mark}{id}"),
        None => mark.to_string(),
    }
}

impl fmt::Display for Response {
    /// The exact bytes of the response, final empty line included.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head = status(self.outcome.is_ok(), self.id);
        match &self.outcome {
            Ok(Output::Text(text)) => write!(f, "{head} {}\n\n", clean_body(text)),
            Ok(Output::Stream(lines)) => write!(f, "{head}\n{lines}\n"),
            Err(e) => write!(f, "{head} {}\n\n", clean_body(&e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing() {
        assert_eq!(Response::text(None, "").to_string(), "= \n\n");
        assert_eq!(Response::text(Some(7), "D4").to_string(), "=7 D4\n\n");
        assert_eq!(
            Response::error(Some(3), GtpError::IllegalMove("ko".into())).to_string(),
            "?3 illegal move\n\n"
        );
        assert_eq!(
            Response::text(None, "a\n\nb\n\n").to_string(),
            "= a\nb\n\n",
            "no empty line inside a response"
        );
        let stream = Response {
            id: Some(2),
            outcome: Ok(Output::Stream("info move D4\nplay D4\n".into())),
        };
        assert_eq!(stream.to_string(), "=2\ninfo move D4\nplay D4\n\n");
    }
}
