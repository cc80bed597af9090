//! Files of many game records: one SGF game, or the Tygem server's text format, one game a
//! line (`ID<TAB>;B[pd];W[dp];...`, SGF moves on a 19x19 board, Black first, no handicap).
//! [`parse_records`] tells the two apart by content: SGF starts with `(`.

use super::{SgfError, SgfGame, parse};
use std::fmt;

/// One game of a file of records.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The game's id: the Tygem id, or empty for an SGF file.
    pub id: String,
    /// The game.
    pub record: SgfGame,
}

/// A game of a file of records that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordError {
    /// The line it starts on, from 1.
    pub line: usize,
    /// Its id, if the line gave one.
    pub id: String,
    /// What is wrong.
    pub kind: RecordErrorKind,
}

/// What is wrong with a record.
#[derive(Clone, Debug, PartialEq)]
pub enum RecordErrorKind {
    /// A Tygem line with no tab between the id and the moves.
    NoTab,
    /// The SGF, or the moves of a Tygem line read as SGF, are malformed or illegal.
    Sgf(SgfError),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if !self.id.is_empty() {
            write!(f, " (game {})", self.id)?;
        }
        match &self.kind {
            RecordErrorKind::NoTab => {
                f.write_str(": expected a game id, a tab and the moves (ID<TAB>;B[pd];W[dp]...)")
            }
            RecordErrorKind::Sgf(e) => write!(f, ": {e}"),
        }
    }
}

impl std::error::Error for RecordError {}

/// Whether `text` is SGF rather than Tygem lines: its first character other than
/// whitespace (or a byte-order mark) is `(`.
pub fn is_sgf(text: &str) -> bool {
    text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .starts_with('(')
}

/// Every game of `text`, an SGF file (its first game tree) or Tygem lines (blank lines
/// skipped), each read or with the reason it could not be.
pub fn parse_records(text: &str) -> Vec<Result<Record, RecordError>> {
    if is_sgf(text) {
        let record = parse(text).map_err(|e| RecordError {
            line: e.at.line,
            id: String::new(),
            kind: RecordErrorKind::Sgf(e),
        });
        return vec![record.map(|record| Record {
            id: String::new(),
            record,
        })];
    }
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| parse_tygem_line(i + 1, line))
        .collect()
}

/// One Tygem line, number `line`.
fn parse_tygem_line(line: usize, text: &str) -> Result<Record, RecordError> {
    let fail = |id: &str, kind| RecordError {
        line,
        id: id.to_string(),
        kind,
    };
    let Some((id, moves)) = text.split_once('\t') else {
        return Err(fail("", RecordErrorKind::NoTab));
    };
    let id = id.trim();
    let sgf = format!("(;GM[1]FF[4]SZ[19]KM[6.5]{})", moves.trim());
    let record = parse(&sgf).map_err(|e| fail(id, RecordErrorKind::Sgf(e)))?;
    Ok(Record {
        id: id.to_string(),
        record,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::Color;
    use crate::point::{Move, Point};

    #[test]
    fn tygem_lines_are_games_on_19x19() {
        let text = "101\t;B[pd];W[dp];B[tt]\n\n102\t;B[aa]\n";
        let records = parse_records(text);
        assert_eq!(records.len(), 2);
        let first = records[0].as_ref().unwrap();
        assert_eq!(first.id, "101");
        let game = &first.record.game;
        assert_eq!(game.size().get(), 19);
        let size = game.size();
        assert_eq!(
            game.moves(),
            &[
                (Color::Black, Move::Play(Point::parse("Q16", size).unwrap())),
                (Color::White, Move::Play(Point::parse("D4", size).unwrap())),
                (Color::Black, Move::Pass),
            ]
        );
        let second = records[1].as_ref().unwrap();
        assert_eq!(
            second.record.game.moves(),
            &[(Color::Black, Move::Play(Point::parse("A19", size).unwrap()))]
        );
    }

    #[test]
    fn a_bad_tygem_line_names_its_line_and_game() {
        let text = "101\t;B[pd]\nno tab here\n103\t;B[pd];W[pd]\n104\t;B[zz]\n";
        let records = parse_records(text);
        assert!(records[0].is_ok());
        let no_tab = records[1].as_ref().unwrap_err();
        assert_eq!(no_tab.kind, RecordErrorKind::NoTab);
        assert!(no_tab.to_string().starts_with("line 2: expected a game id"));
        let occupied = records[2].as_ref().unwrap_err();
        assert_eq!((occupied.line, occupied.id.as_str()), (3, "103"));
        assert!(occupied.to_string().contains("occupied"), "{occupied}");
        let off_board = records[3].as_ref().unwrap_err();
        assert!(off_board.to_string().starts_with("line 4 (game 104): "));
    }

    #[test]
    fn sgf_is_told_apart_by_content() {
        assert!(is_sgf("\u{feff}  (;GM[1]SZ[9];B[ee])"));
        assert!(!is_sgf("123\t;B[pd]"));
        let records = parse_records("(;GM[1]SZ[9];B[ee];W[cc])");
        let record = records[0].as_ref().unwrap();
        assert_eq!(record.record.game.size().get(), 9);
        assert_eq!(record.record.game.moves().len(), 2);
        let broken = parse_records("(;GM[1]SZ[9];B[ee]");
        assert!(broken[0].is_err());
    }
}
