//! Reading a command line: preprocessing, the optional id, the name and the arguments.
//!
//! Preprocessing follows the GTP specification (section 3.1): control characters other
//! than tab are deleted (CR and NUL among them), a `#` starts a comment that runs to the
//! end of the line, tabs become spaces, and a line left empty gets no response at all.
//! Bytes that are not UTF-8 are replaced, so that such a line still gets its one (failing)
//! response. Tokens are separated by runs of spaces.

use super::response::GtpError;
use super::vertex::{self, VertexError};
use crate::color::Color;
use crate::point::{BoardSize, Move, Point};

/// The largest command id GTP allows.
const MAX_ID: u64 = (1 << 31) - 1;

/// The text of a raw input line after the four preprocessing steps, or `None` when nothing
/// is left (an empty line or a comment), which GTP answers with silence.
pub fn preprocess(raw: &[u8]) -> Option<String> {
    let mut bytes: Vec<u8> = raw
        .iter()
        .copied()
        .filter(|&b| b == b'\t' || (b >= 32 && b != 127))
        .collect();
    if let Some(hash) = bytes.iter().position(|&b| b == b'#') {
        bytes.truncate(hash);
    }
    for b in &mut bytes {
        if *b == b'\t' {
            *b = b' ';
        }
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (!text.trim_matches(' ').is_empty()).then_some(text)
}

/// Whether a raw line is GoGui's interrupt request: a comment line `# interrupt`.
pub fn is_interrupt(raw: &[u8]) -> bool {
    let text = String::from_utf8_lossy(raw);
    let text = text.trim();
    text.strip_prefix('#')
        .is_some_and(|rest| rest.trim() == "interrupt")
}

/// A preprocessed command: id, name, arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLine {
    /// The id, echoed in the response.
    pub id: Option<u32>,
    /// The command name (case sensitive).
    pub name: String,
    /// The arguments.
    pub args: Vec<String>,
}

/// Splits a preprocessed line into id, name and arguments.
///
/// # Errors
/// A syntax error, with the id when it was read, for an id out of range or a line with an
/// id and no command.
pub fn parse_line(line: &str) -> Result<CommandLine, (Option<u32>, GtpError)> {
    let mut tokens = line.split(' ').filter(|t| !t.is_empty());
    let mut first = tokens.next().unwrap_or_default();
    let mut id = None;
    if first.bytes().all(|b| b.is_ascii_digit()) {
        let value = first
            .parse::<u64>()
            .ok()
            .filter(|&v| v <= MAX_ID)
            .and_then(|v| u32::try_from(v).ok())
            .ok_or((None, GtpError::syntax("command id out of range")))?;
        id = Some(value);
        first = tokens
            .next()
            .ok_or((id, GtpError::syntax("an id but no command")))?;
    }
    Ok(CommandLine {
        id,
        name: first.to_string(),
        args: tokens.map(str::to_string).collect(),
    })
}

/// A command's arguments, with typed readers that fail with the standard errors.
#[derive(Clone, Copy, Debug)]
pub struct Args<'a> {
    items: &'a [String],
}

impl<'a> Args<'a> {
    /// Wraps a list of arguments.
    pub fn new(items: &'a [String]) -> Args<'a> {
        Args { items }
    }

    /// How many arguments there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All arguments.
    pub fn all(&self) -> &'a [String] {
        self.items
    }

    /// Argument `i` as text.
    ///
    /// # Errors
    /// A syntax error when it is missing.
    pub fn text(&self, i: usize) -> Result<&'a str, GtpError> {
        self.items
            .get(i)
            .map(String::as_str)
            .ok_or_else(|| GtpError::syntax(format!("argument {} is missing", i + 1)))
    }

    /// Argument `i` as a colour.
    ///
    /// # Errors
    /// A syntax error when missing, `invalid color` when not a colour.
    pub fn color(&self, i: usize) -> Result<Color, GtpError> {
        vertex::parse_color(self.text(i)?)
    }

    /// Argument `i` as a GTP int (0 to 2^31 - 1).
    ///
    /// # Errors
    /// A syntax error when missing, negative, not a number or too large.
    pub fn int(&self, i: usize) -> Result<u32, GtpError> {
        let text = self.text(i)?;
        parse_int(text)
    }

    /// Argument `i` as a finite float (a decimal comma is accepted too).
    ///
    /// # Errors
    /// A syntax error when missing, not a number, infinite or NaN.
    pub fn float(&self, i: usize) -> Result<f64, GtpError> {
        parse_float(self.text(i)?)
    }

    /// Argument `i` as a move (a point or `pass`) on a board of `size`.
    ///
    /// # Errors
    /// A syntax error when missing, the vertex error otherwise.
    pub fn mv(&self, i: usize, size: BoardSize) -> Result<Move, VertexError> {
        let text = self
            .text(i)
            .map_err(|_| VertexError::Malformed(format!("argument {} is missing", i + 1)))?;
        vertex::parse_move(text, size)
    }

    /// Argument `i` as a point on a board of `size`.
    ///
    /// # Errors
    /// A syntax error when missing, `invalid vertex` otherwise.
    pub fn point(&self, i: usize, size: BoardSize) -> Result<Point, GtpError> {
        vertex::parse_point(self.text(i)?, size)
    }
}

/// A GTP int: 0 to 2^31 - 1.
///
/// # Errors
/// A syntax error naming the text.
pub fn parse_int(text: &str) -> Result<u32, GtpError> {
    let ok = !text.is_empty() && text.len() <= 10 && text.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| text.parse::<u64>().ok())
        .flatten()
        .filter(|&v| v <= MAX_ID)
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(|| {
            GtpError::syntax(format!(
                "'{}' is not an integer from 0 to 2147483647",
                vertex::shorten(text)
            ))
        })
}

/// A finite float, with `.` or `,` as the decimal mark.
///
/// # Errors
/// A syntax error naming the text.
pub fn parse_float(text: &str) -> Result<f64, GtpError> {
    let normal = text.replace(',', ".");
    let looks_numeric = !normal.is_empty()
        && normal.len() <= 64
        && normal
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    looks_numeric
        .then(|| normal.parse::<f64>().ok())
        .flatten()
        .filter(|x| x.is_finite())
        .ok_or_else(|| GtpError::syntax(format!("'{}' is not a number", vertex::shorten(text))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preprocessing_follows_the_spec() {
        assert_eq!(preprocess(b"name\r"), Some("name".to_string()));
        assert_eq!(preprocess(b"  # only a comment"), None);
        assert_eq!(preprocess(b""), None);
        assert_eq!(preprocess(b" \t \r"), None);
        assert_eq!(
            preprocess(b"play\tb\x00 d4 # c"),
            Some("play b d4 ".to_string())
        );
        assert_eq!(preprocess(b"\xffname"), Some("\u{fffd}name".to_string()));
        assert!(is_interrupt(b"# interrupt\r"));
        assert!(!is_interrupt(b"interrupt"));
    }

    #[test]
    fn ids_names_and_arguments() {
        let c = parse_line("12  play  b d4").unwrap();
        assert_eq!(c.id, Some(12));
        assert_eq!(c.name, "play");
        assert_eq!(c.args, ["b", "d4"]);
        assert_eq!(parse_line("name").unwrap().id, None);
        assert_eq!(parse_line("5").unwrap_err().0, Some(5));
        assert_eq!(parse_line("99999999999 name").unwrap_err().0, None);
        assert_eq!(parse_line("2147483648 name").unwrap_err().0, None);
        assert_eq!(parse_line("2147483647 name").unwrap().id, Some(2147483647));
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_int("0"), Ok(0));
        assert!(parse_int("-1").is_err());
        assert!(parse_int("99999999999999999999").is_err());
        assert_eq!(parse_float("7,5"), Ok(7.5));
        assert_eq!(parse_float("-3"), Ok(-3.0));
        for bad in ["nan", "inf", "1e999", "", "x"] {
            assert!(parse_float(bad).is_err(), "{bad}");
        }
    }
}
