//! Reading and writing game records in SGF (Smart Game Format, FF\[4\]).
//!
//! [`parse`] reads the main line of the first game tree into a [`Game`] (rules, setup,
//! moves) and a [`GameInfo`] (players, date, result, rules name); [`write()`] does the
//! reverse. [`parse_before_move`] loads the position before a given move, as GTP's
//! `loadsgf file N` does, and [`parse_bytes`] reads raw bytes.
//!
//! # What is read
//!
//! - `GM` must be 1 and `FF` 1 to 4 when present; `SZ` is 2 to 25 (default 19), also in
//!   the square form `19:19`. These are read from the root node only.
//! - `KM` sets the komi (an empty `KM[]` counts as absent). `RU` picks a rules preset
//!   (`Chinese`, `AGA`, `NZ`, `Tromp-Taylor`, ...); names with no preset, such as
//!   `Japanese`, fall back to Chinese rules, since only area scoring is implemented, and
//!   the raw name is kept in [`GameInfo::rules_name`]. Without `KM` the preset's komi
//!   applies.
//! - `AB`/`AW` place setup stones, in any node before the first move; point lists may use
//!   the compressed form `aa:cc`, and an empty value is an empty list. `AE` is accepted
//!   only where it removes nothing. Setup after the first move is an error
//!   ([`SgfErrorKind::SetupAfterMoves`]): [`Game`] can only be set up before it.
//! - `HA[n]` with exactly `n` `AB` stones in the same node, on an empty board, records
//!   them as handicap stones ([`Game::handicap`], White to move); otherwise `HA` is only
//!   information and the stones are plain setup stones.
//! - `PL` names the first player; without it, the first move's colour does.
//! - `B`/`W` are played with [`Game::play`] for the colour given (either colour may move,
//!   in any order). `B[]` is a pass, and so is `B[tt]` on boards up to 19x19. An illegal
//!   move is an error with its number and reason; so is a move after two passes, since
//!   the game is over then.
//! - `PB`, `PW`, `DT`, `RE` and `RU` are read as text from any node. `RE` is kept as
//!   written; [`GameInfo::game_result`] interprets it. A resignation is not applied to
//!   the [`Game`], so a loaded game can be continued or analysed.
//! - Comments and every other property are ignored. Variations are checked for syntax
//!   but only the main line (the first child at each branch) is read; game trees after
//!   the first are not read at all.
//!
//! Malformed input gives an [`SgfError`]: an [`SgfErrorKind`] naming the problem and the
//! [`Location`] (line and column) where it starts. No input makes the reader panic.
//!
//! # Example
//!
//! ```
//! use weiqi::sgf;
//!
//! let record = sgf::parse("(;GM[1]FF[4]SZ[9]KM[7]PB[Honinbo \\] Shusaku];B[ee];W[cc])")?;
//! assert_eq!(record.game.moves().len(), 2);
//! assert_eq!(record.info.black_name.as_deref(), Some("Honinbo ] Shusaku"));
//! assert_eq!(sgf::parse(&record.to_sgf())?.game, record.game);
//! # Ok::<(), sgf::SgfError>(())
//! ```

mod error;
mod read;
mod records;
mod syntax;
mod value;
pub use value::encode_real;
mod write;

pub use error::{Location, SgfError, SgfErrorKind};
pub use records::{Record, RecordError, RecordErrorKind, is_sgf, parse_records};
pub use write::{write, write_timed};

use crate::game::Game;
use crate::score::GameResult;
use std::borrow::Cow;

/// A game record: the game and what the file says about it.
#[derive(Clone, Debug, PartialEq)]
pub struct SgfGame {
    /// The game: size, rules with komi, setup and handicap stones, and the moves.
    pub game: Game,
    /// Players, date, result and rules name.
    pub info: GameInfo,
}

impl SgfGame {
    /// The record as SGF text; see [`write()`].
    pub fn to_sgf(&self) -> String {
        write(&self.game, &self.info)
    }
}

/// The game-information properties kept from a file, as text. Komi and the rules in force
/// live in the [`Game`]'s rules, not here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GameInfo {
    /// Black's name (`PB`).
    pub black_name: Option<String>,
    /// White's name (`PW`).
    pub white_name: Option<String>,
    /// The date (`DT`), as written (FF\[4\] asks for `YYYY-MM-DD`).
    pub date: Option<String>,
    /// The result (`RE`) as written, such as `B+7.5`, `W+Resign` or `Void`.
    pub result: Option<String>,
    /// The rules name (`RU`) as written, such as `Japanese`.
    pub rules_name: Option<String>,
    /// Each player's main time in seconds (`TM`), as written, such as `600`.
    pub time_limit: Option<String>,
    /// The overtime (`OT`), as written, such as `5x30 byo-yomi` or `25/300 Canadian`.
    pub overtime: Option<String>,
}

/// A player's clock after one of their moves, for the move's `BL`/`WL` and `OB`/`OW`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MoveClock {
    /// Seconds left in the current phase (main time, or the current period).
    pub seconds_left: f64,
    /// In overtime, the periods (Japanese) or stones (Canadian) left; `None` in main time.
    pub overtime_left: Option<u32>,
}

impl GameInfo {
    /// The result, if `result` holds one this crate understands (`B+7.5`, `W+R`,
    /// `B+Resign`, `W+T`, `0`, `Draw`, ...).
    pub fn game_result(&self) -> Option<GameResult> {
        self.result.as_deref()?.parse().ok()
    }

    /// Sets `result` to the standard text of `result` (`B+7.5`, `W+R`, `0`).
    pub fn set_game_result(&mut self, result: GameResult) {
        self.result = Some(result.to_string());
    }
}

/// Reads the main line of the first game tree in `text`.
///
/// # Errors
/// [`SgfError`] for malformed syntax anywhere in the first game tree, and for a bad
/// value, setup or move on its main line.
pub fn parse(text: &str) -> Result<SgfGame, SgfError> {
    read::build(text, &syntax::main_line(text)?, None)
}

/// Reads the position before move `move_number` (from 1) of the main line: the first
/// `move_number - 1` moves are played, as GTP's `loadsgf file move_number` asks. Values
/// of later moves are not checked; game information in later nodes is still read. A
/// `move_number` of 0 or 1 gives the setup position, and one past the last move the whole
/// game. The player to move is the one who plays move `move_number`, unless `PL` says
/// otherwise before the first move.
///
/// # Errors
/// As [`parse`], for the part of the file that is read.
pub fn parse_before_move(text: &str, move_number: usize) -> Result<SgfGame, SgfError> {
    read::build(text, &syntax::main_line(text)?, Some(move_number))
}

/// Reads SGF from bytes; see [`decode`] for the encodings accepted.
///
/// # Errors
/// As [`decode`] and [`parse`].
pub fn parse_bytes(bytes: &[u8]) -> Result<SgfGame, SgfError> {
    parse(&decode(bytes)?)
}

/// Decodes SGF bytes as text: UTF-8, or ISO-8859-1 (Latin-1) when the bytes are not
/// UTF-8 and a `CA` property names that charset. A leading byte-order mark is allowed.
///
/// # Errors
/// [`SgfErrorKind::InvalidUtf8`], located at the first bad byte, for bytes that are neither.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, SgfError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) if declares_latin1(bytes) => {
            Ok(Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()))
        }
        Err(e) => {
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            Err(SgfError::at(valid, valid.len(), SgfErrorKind::InvalidUtf8))
        }
    }
}

/// Whether the first `CA[...]` in `bytes` names ISO-8859-1.
fn declares_latin1(bytes: &[u8]) -> bool {
    let Some(start) = bytes.windows(3).position(|w| w == b"CA[") else {
        return false;
    };
    let value = &bytes[start + 3..];
    let end = value.iter().position(|&b| b == b']').unwrap_or(value.len());
    let name = String::from_utf8_lossy(&value[..end])
        .trim()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1"
    )
}
