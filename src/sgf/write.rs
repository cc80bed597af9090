//! Writing a game as an SGF FF\[4\] file.

use super::read::rules_for_name;
use super::value::{encode_point, encode_real, encode_text};
use super::{GameInfo, MoveClock};
use crate::color::Color;
use crate::game::Game;
use crate::point::Move;
use crate::rules::Rules;

/// Moves per line of output, to keep files readable in a text editor.
const MOVES_PER_LINE: usize = 10;

/// Writes `game` as an SGF FF\[4\] file: one game tree, no variations.
///
/// The root node holds `GM[1]FF[4]CA[UTF-8]`, `AP`, `SZ`, `KM` (the game's komi), `RU`
/// (`info.rules_name` if it reads as the game's rules, else the preset's name), `HA` when
/// there is a handicap, `PB`/`PW`/`DT`/`TM`/`OT` when set, `RE` (`info.result`, or the
/// resignation recorded in the game), the setup position as `AB`/`AW` (handicap stones
/// included), and `PL` when the first player is not the usual one (Black, or White after
/// handicap). Each move follows in a node of its own, passes as `[]`.
pub fn write(game: &Game, info: &GameInfo) -> String {
    write_timed(game, info, &[])
}

/// As [`write()`], with the clocks of a timed game: the root gets `TM` and `OT` from `info`,
/// and move `i` gets its player's time left after it, `clocks[i]`, as `BL`/`WL` (and in
/// overtime `OB`/`OW`). Moves past the end of `clocks` get none.
pub fn write_timed(game: &Game, info: &GameInfo, clocks: &[MoveClock]) -> String {
    let size = game.size();
    let mut out = String::from("(;GM[1]FF[4]CA[UTF-8]");
    let program = format!("weiqi:{}", env!("CARGO_PKG_VERSION"));
    property(&mut out, "AP", [program]);
    property(&mut out, "SZ", [size.to_string()]);
    property(&mut out, "KM", [game.rules().komi.to_string()]);
    text_property(&mut out, "RU", rules_name(game.rules(), info));
    if game.handicap() > 0 {
        property(&mut out, "HA", [game.handicap().to_string()]);
    }
    text_property(&mut out, "PB", info.black_name.as_deref());
    text_property(&mut out, "PW", info.white_name.as_deref());
    text_property(&mut out, "DT", info.date.as_deref());
    text_property(&mut out, "TM", info.time_limit.as_deref());
    text_property(&mut out, "OT", info.overtime.as_deref());
    let resigned = (game.is_over() && game.consecutive_passes() < 2).then(|| game.result());
    let result = info
        .result
        .clone()
        .or_else(|| resigned.map(|r| r.to_string()));
    text_property(&mut out, "RE", result.as_deref());
    let setup = game.setup_board();
    for (ident, color) in [("AB", Color::Black), ("AW", Color::White)] {
        let points: Vec<String> = size
            .points()
            .filter(|&p| setup.color_at(p) == Some(color))
            .map(|p| encode_point(p, size))
            .collect();
        if !points.is_empty() {
            property(&mut out, ident, points);
        }
    }
    // Moves carry their colours, so PL only matters when it differs from the usual first
    // player; Game does not expose the first player once moves exist, so the first move's
    // colour stands for it.
    let first_player = game.moves().first().map_or(game.to_move(), |&(c, _)| c);
    let usual = if game.handicap() > 0 {
        Color::White
    } else {
        Color::Black
    };
    if first_player != usual {
        property(&mut out, "PL", [first_player.letter().to_string()]);
    }
    for (i, &(color, mv)) in game.moves().iter().enumerate() {
        out.push(if i % MOVES_PER_LINE == 0 { '\n' } else { ' ' });
        out.push(';');
        let value = match mv {
            Move::Play(p) => encode_point(p, size),
            Move::Pass => String::new(),
        };
        property(&mut out, &color.letter().to_string(), [value]);
        if let Some(clock) = clocks.get(i) {
            let letter = color.letter();
            property(
                &mut out,
                &format!("{letter}L"),
                [encode_real(clock.seconds_left)],
            );
            if let Some(n) = clock.overtime_left {
                property(&mut out, &format!("O{letter}"), [n.to_string()]);
            }
        }
    }
    out.push_str(")\n");
    out
}

/// The `RU` text for `rules`: `info.rules_name` if reading it gives these rules (so a
/// `Japanese` read as Chinese rules is written back as `Japanese`), else the preset's SGF
/// name, else none: rules that match no preset have no name.
fn rules_name<'a>(rules: &Rules, info: &'a GameInfo) -> Option<&'a str> {
    let same = |other: Rules| (other.ko, other.suicide_allowed, other.scoring);
    let name = info.rules_name.as_deref();
    name.filter(|name| same(rules_for_name(name)) == same(*rules))
        .or_else(|| sgf_rules_name(rules))
}

/// The SGF `RU` name of a rules preset, komi aside.
fn sgf_rules_name(rules: &Rules) -> Option<&'static str> {
    match rules.preset_name()? {
        "chinese" => Some("Chinese"),
        "tromp-taylor" => Some("Tromp-Taylor"),
        "new-zealand" => Some("NZ"),
        "aga" => Some("AGA"),
        _ => None,
    }
}

/// Appends `ident[v1][v2]...`; the values must already be escaped.
fn property(out: &mut String, ident: &str, values: impl IntoIterator<Item = String>) {
    out.push_str(ident);
    for value in values {
        out.push('[');
        out.push_str(&value);
        out.push(']');
    }
}

/// Appends `ident[text]` with the text escaped, if there is a text.
fn text_property(out: &mut String, ident: &str, text: Option<&str>) {
    if let Some(text) = text {
        property(out, ident, [encode_text(text)]);
    }
}
