//! SGF semantics: the main line's nodes into a [`Game`] and its [`GameInfo`].
//!
//! Each node is read in three steps: game-info properties (which may sit in any node),
//! then setup (`AB`, `AW`, `AE`, `HA`, `PL`), then the move (`B` or `W`). Root-only
//! properties (`SZ`, `GM`, `FF`) are read from the root and ignored elsewhere; unknown
//! properties are ignored everywhere.

use super::error::{SgfError, SgfErrorKind, snippet};
use super::syntax::{Node, Property, Value};
use super::value::{decode_number, decode_point, decode_point_rect, decode_text};
use super::{GameInfo, SgfGame};
use crate::color::Color;
use crate::game::{Game, SetupError};
use crate::point::{BoardSize, Move};
use crate::rules::{Komi, Rules};

/// Builds the game from the main line, playing only the moves before move `stop_before`
/// (1-based) when it is given.
pub(crate) fn build(
    text: &str,
    nodes: &[Node<'_>],
    stop_before: Option<usize>,
) -> Result<SgfGame, SgfError> {
    let size = match nodes.first() {
        Some(root) => root_size(text, root)?,
        None => BoardSize::NINETEEN,
    };
    let mut reader = Reader {
        text,
        game: Game::new(size, Rules::default()),
        info: GameInfo::default(),
        base_rules: Rules::default(),
        komi: None,
        first_player_given: false,
        stop_before,
        stopped: false,
    };
    for node in nodes {
        reader.game_info(node)?;
        if !reader.stopped {
            reader.setup(node)?;
            reader.play(node)?;
        }
    }
    Ok(SgfGame {
        game: reader.game,
        info: reader.info,
    })
}

/// Checks `GM` and `FF` in the root and reads `SZ` (19 when absent).
fn root_size(text: &str, root: &Node<'_>) -> Result<BoardSize, SgfError> {
    let mut size = BoardSize::NINETEEN;
    for prop in &root.props {
        let v = prop.value();
        let value = snippet(v.raw);
        let number = decode_number(v.raw);
        let kind = match prop.ident.as_str() {
            "GM" if number != Some(1) => SgfErrorKind::UnsupportedGame { value },
            "FF" if !matches!(number, Some(1..=4)) => SgfErrorKind::UnsupportedFormat { value },
            "SZ" => match decode_size(v.raw) {
                Some(s) => {
                    size = s;
                    continue;
                }
                None => SgfErrorKind::BadSize { value },
            },
            _ => continue,
        };
        return Err(SgfError::at(text, v.at, kind));
    }
    Ok(size)
}

/// `19`, or the FF\[4\] form `19:19` (square only).
fn decode_size(raw: &str) -> Option<BoardSize> {
    let (columns, rows) = raw.split_once(':').unwrap_or((raw, raw));
    let (columns, rows) = (decode_number(columns)?, decode_number(rows)?);
    if columns != rows {
        return None;
    }
    BoardSize::new(columns).ok()
}

/// The rules for an `RU` name: a preset where one matches (`Chinese`, `AGA`, `NZ`,
/// `New Zealand`, `Tromp-Taylor`, `TT`), Chinese otherwise: territory rules such as
/// `Japanese` and `Korean` are not implemented, and area scoring is the closest.
pub(crate) fn rules_for_name(name: &str) -> Rules {
    Rules::preset(&name.trim().replace(' ', "-")).unwrap_or_default()
}

struct Reader<'t> {
    text: &'t str,
    game: Game,
    info: GameInfo,
    /// The rules named by `RU`, before `KM`.
    base_rules: Rules,
    komi: Option<Komi>,
    /// Whether `PL` named the first player; otherwise the first move does.
    first_player_given: bool,
    stop_before: Option<usize>,
    /// Whether the move `stop_before` has been reached.
    stopped: bool,
}

impl Reader<'_> {
    fn error(&self, at: usize, kind: SgfErrorKind) -> SgfError {
        SgfError::at(self.text, at, kind)
    }

    fn bad_point(&self, prop: &Property<'_>, v: Value<'_>) -> SgfError {
        let kind = SgfErrorKind::BadPoint {
            property: prop.ident.clone(),
            value: snippet(v.raw),
            size: self.game.size(),
        };
        self.error(v.at, kind)
    }

    /// Players, date, result, rules and komi.
    fn game_info(&mut self, node: &Node<'_>) -> Result<(), SgfError> {
        for prop in &node.props {
            let v = prop.value();
            let simple_text = || Some(decode_text(v.raw, true));
            match prop.ident.as_str() {
                "PB" => self.info.black_name = simple_text(),
                "PW" => self.info.white_name = simple_text(),
                "DT" => self.info.date = simple_text(),
                "RE" => self.info.result = simple_text(),
                "TM" => self.info.time_limit = simple_text(),
                "OT" => self.info.overtime = simple_text(),
                "RU" => {
                    let name = decode_text(v.raw, true);
                    self.base_rules = rules_for_name(&name);
                    self.info.rules_name = Some(name);
                }
                // An empty KM is taken as no komi given rather than an error.
                "KM" if v.raw.trim().is_empty() => {}
                "KM" => {
                    let komi = v.raw.parse::<Komi>().map_err(|_| {
                        let value = snippet(v.raw);
                        self.error(v.at, SgfErrorKind::BadKomi { value })
                    })?;
                    self.komi = Some(komi);
                }
                _ => {}
            }
        }
        let komi = self.komi.unwrap_or(self.base_rules.komi);
        self.game.set_rules(self.base_rules.with_komi(komi));
        Ok(())
    }

    /// Setup stones, handicap and the first player.
    fn setup(&mut self, node: &Node<'_>) -> Result<(), SgfError> {
        let size = self.game.size();
        let mut stones = [Vec::new(), Vec::new()];
        // The first AB and AW that name a point, for error locations.
        let mut stones_at = [None, None];
        let mut handicap = 0;
        let mut player = None;
        for prop in &node.props {
            let color = match prop.ident.as_str() {
                "AB" => Color::Black,
                "AW" => Color::White,
                "AE" => {
                    self.check_removals(prop)?;
                    continue;
                }
                "HA" => {
                    let v = prop.value();
                    handicap = decode_number(v.raw)
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| self.bad_value(prop, "a number of stones"))?;
                    continue;
                }
                "PL" => {
                    let color = match prop.value().raw.trim() {
                        "B" | "b" => Color::Black,
                        "W" | "w" => Color::White,
                        _ => return Err(self.bad_value(prop, "B or W")),
                    };
                    player = Some((color, prop.at));
                    continue;
                }
                _ => continue,
            };
            for &v in &prop.values {
                // An empty value is an empty list (FF[4] elist); nothing to place.
                if v.raw.trim().is_empty() {
                    continue;
                }
                let points =
                    decode_point_rect(v.raw, size).ok_or_else(|| self.bad_point(prop, v))?;
                stones[color.index()].extend(points);
                stones_at[color.index()].get_or_insert((prop.ident.as_str(), prop.at));
            }
        }
        let moves = self.game.moves().len();
        if moves > 0 {
            if let Some(&(property, at)) = stones_at.iter().flatten().min_by_key(|(_, at)| at) {
                let property = property.to_string();
                return Err(self.error(at, SgfErrorKind::SetupAfterMoves { property, moves }));
            }
        }
        let [black, white] = stones;
        let handicap_fits = moves == 0
            && handicap >= 2
            && handicap == black.len()
            && self.game.board().has_no_stones();
        for (color, points) in [(Color::Black, black), (Color::White, white)] {
            let Some((property, at)) = stones_at[color.index()] else {
                continue;
            };
            let placed = if color == Color::Black && handicap_fits {
                self.game.place_handicap(&points)
            } else {
                self.game.add_setup_stones(color, &points)
            };
            placed.map_err(|error| {
                let property = property.to_string();
                self.error(at, SgfErrorKind::BadSetup { property, error })
            })?;
        }
        if let Some((color, at)) = player {
            if moves == 0 {
                self.set_first_player(color, at)?;
                self.first_player_given = true;
            } else if color != self.game.to_move() {
                let property = "PL".to_string();
                return Err(self.error(at, SgfErrorKind::SetupAfterMoves { property, moves }));
            }
        }
        Ok(())
    }

    fn bad_value(&self, prop: &Property<'_>, expected: &'static str) -> SgfError {
        let v = prop.value();
        let kind = SgfErrorKind::BadValue {
            property: prop.ident.clone(),
            value: snippet(v.raw),
            expected,
        };
        self.error(v.at, kind)
    }

    /// `AE` is accepted only where it removes nothing.
    fn check_removals(&self, prop: &Property<'_>) -> Result<(), SgfError> {
        for &v in &prop.values {
            if v.raw.trim().is_empty() {
                continue;
            }
            let points = decode_point_rect(v.raw, self.game.size())
                .ok_or_else(|| self.bad_point(prop, v))?;
            if let Some(&point) = points.iter().find(|&&p| !self.game.board().is_empty(p)) {
                return Err(self.error(v.at, SgfErrorKind::RemovesStone { point }));
            }
        }
        Ok(())
    }

    fn set_first_player(&mut self, color: Color, at: usize) -> Result<(), SgfError> {
        self.game
            .set_first_to_move(color)
            .map_err(|error: SetupError| {
                let property = "PL".to_string();
                self.error(at, SgfErrorKind::BadSetup { property, error })
            })
    }

    /// The node's move, if any, unless it is the move to stop before.
    fn play(&mut self, node: &Node<'_>) -> Result<(), SgfError> {
        let mut found = None;
        for prop in &node.props {
            let color = match prop.ident.as_str() {
                "B" => Color::Black,
                "W" => Color::White,
                _ => continue,
            };
            if found.is_some() {
                return Err(self.error(prop.at, SgfErrorKind::TwoMoves));
            }
            found = Some((color, prop));
        }
        let Some((color, prop)) = found else {
            return Ok(());
        };
        let number = self.game.moves().len() + 1;
        if self.stop_before.is_some_and(|n| number >= n) {
            self.stopped = true;
            return Ok(());
        }
        let v = prop.value();
        let mv = decode_move(v.raw, self.game.size()).ok_or_else(|| self.bad_point(prop, v))?;
        if number == 1 && !self.first_player_given {
            self.set_first_player(color, prop.at)?;
        }
        self.game.play(color, mv).map_err(|reason| {
            let kind = SgfErrorKind::IllegalMove {
                number,
                color,
                mv,
                reason,
            };
            self.error(prop.at, kind)
        })
    }
}

/// A move value: a point, or a pass written `[]` (or `[tt]` on boards up to 19x19).
fn decode_move(raw: &str, size: BoardSize) -> Option<Move> {
    let raw = raw.trim();
    if raw.is_empty() || (raw == "tt" && size.get() <= 19) {
        return Some(Move::Pass);
    }
    decode_point(raw, size).map(Move::Play)
}
