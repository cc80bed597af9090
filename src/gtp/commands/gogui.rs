//! GoGui's extensions: the analysis commands it offers in its menus, interrupts, live
//! graphics, and a settings dialog.
//!
//! `gogui-analyze_commands` lists weiqi's commands for GoGui's analyze menu: the
//! ownership map (`dboard`), the principal variation and the candidate moves with their
//! visits (`gfx`), the win rates (`sboard`), territory (`bwboard`), dead stones, the score,
//! and the engine's settings (`param`). Those that need a search use the last one if it
//! was made in this position for this colour, or run one move's search. Listing
//! `gogui-interrupt` makes GoGui send `# interrupt` to stop a running command: `genmove`
//! then answers with its best move so far, and a search made for the menu shows what it
//! found. With the setting `live_gfx` on, `genmove` draws its principal variation and
//! candidates on GoGui's board while it thinks (`gogui-gfx:` lines on the log).

use super::scoring::judge;
use super::setup::{rules_for_name, switch_rules};
use crate::color::Color;
use crate::engine::settings::Setting;
use crate::gtp::backend::GtpEngine;
use crate::gtp::command::Args;
use crate::gtp::io::Io;
use crate::gtp::response::GtpError;
use crate::gtp::session::{GtpSession, Reply, engine_error};
use crate::gtp::vertex::{format_move, shorten};
use crate::point::{Move, Point};
use crate::rules::Rules;
use crate::search::SearchResult;
use std::fmt::Write as _;
use std::time::Duration;

type Outcome = Result<Reply, GtpError>;

/// Playouts below which a kept search is too thin to show.
const MIN_SHOWN_PLAYOUTS: u64 = 100;
/// How often a search made for display looks for GoGui's `# interrupt`.
const INTERRUPT_POLL: Duration = Duration::from_millis(25);
/// Candidates drawn on the board.
const SHOWN_CANDIDATES: usize = 10;

/// GoGui's analyze menu: `type/label/command` per line.
const ANALYZE_COMMANDS: &str = "\
dboard/Ownership/weiqi-ownership %m
gfx/Principal Variation/weiqi-pv %m
gfx/Candidate Moves/weiqi-candidates %m
sboard/Win Rates/weiqi-winrates %m
bwboard/Territory/weiqi-territory
plist/Dead Stones/final_status_list dead
string/Final Score/final_score
param/Engine Settings/weiqi-param";

pub(super) fn analyze_commands<E: GtpEngine + 'static>(
    _: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    Ok(Reply::Text(ANALYZE_COMMANDS.to_string()))
}

/// Listed so that GoGui interrupts with `# interrupt`; the command itself does nothing.
pub(super) fn interrupt<E: GtpEngine + 'static>(
    _: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    Reply::empty()
}

/// The search to show for `color` (argument 0, default the side to move).
fn shown_search<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
) -> Result<(Color, SearchResult), GtpError> {
    let color = match args.len() {
        0 => s.engine.game().to_move(),
        _ => args.color(0)?,
    };
    let kept = s
        .engine
        .last_result()
        .filter(|r| r.to_move == color && r.playouts >= MIN_SHOWN_PLAYOUTS)
        .cloned();
    let result = match kept {
        Some(result) => result,
        None => s.with_open_game(|engine| {
            let limits = engine.move_limits();
            // GoGui's `# interrupt` ends the search early; what it found is shown.
            engine.analyze(color, limits, INTERRUPT_POLL, &mut |_| !io.take_interrupt())
        }),
    };
    Ok((color, result))
}

/// One board-shaped answer: `cell(point)` for each point, top row first.
fn board_text<E: GtpEngine + 'static>(
    s: &GtpSession<E>,
    mut cell: impl FnMut(Point) -> String,
) -> String {
    let size = s.engine.game().size();
    let n = size.get();
    let mut text = String::new();
    for y in (0..n).rev() {
        text.push('\n');
        let row: Vec<String> = (0..n)
            .filter_map(|x| Point::from_xy(x, y, size))
            .map(&mut cell)
            .collect();
        text.push_str(&row.join(" "));
    }
    text
}

pub(super) fn ownership<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
) -> Outcome {
    let (_, result) = shown_search(s, args, io)?;
    let n = s.engine.game().size().get();
    let text = board_text(s, |p| format!("{:.2}", result.ownership_of(p, n)));
    Ok(Reply::Text(text))
}

/// `VAR` of a principal variation that `first` starts.
fn var_line(first: Color, pv: &[Move]) -> String {
    let mut line = String::from("VAR");
    let mut color = first;
    for &mv in pv {
        let letter = if color == Color::Black { 'b' } else { 'w' };
        let _ = write!(line, " {letter} {}", format_move(mv));
        color = !color;
    }
    line
}

pub(super) fn principal_variation<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
) -> Outcome {
    let (color, result) = shown_search(s, args, io)?;
    let pv = result
        .moves
        .first()
        .map(|m| m.pv.clone())
        .unwrap_or_default();
    Ok(Reply::Text(var_line(color, &pv)))
}

/// `gfx` lines for the candidates of `result`: visits as labels, the best marked, and a
/// summary line.
fn candidate_gfx(result: &SearchResult) -> String {
    let shown: Vec<_> = result
        .moves
        .iter()
        .filter(|m| m.visits > 0 && m.mv != Move::Pass)
        .take(SHOWN_CANDIDATES)
        .collect();
    let mut text = String::from("LABEL");
    for m in &shown {
        let _ = write!(text, " {} {}", format_move(m.mv), m.visits);
    }
    if let Some(best) = shown.first() {
        let _ = write!(text, "\nSQUARE {}", format_move(best.mv));
    }
    let _ = write!(
        text,
        "\nTEXT {} to move: {} playouts, win rate {:.1}%, best {}",
        result.to_move,
        result.playouts,
        100.0 * result.win_rate,
        format_move(result.best_move())
    );
    text
}

pub(super) fn candidates<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
) -> Outcome {
    let (_, result) = shown_search(s, args, io)?;
    Ok(Reply::Text(candidate_gfx(&result)))
}

pub(super) fn win_rates<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
) -> Outcome {
    let (_, result) = shown_search(s, args, io)?;
    let text = board_text(s, |p| {
        result
            .moves
            .iter()
            .find(|m| m.mv == Move::Play(p) && m.visits > 0)
            .map_or_else(
                || "\"\"".to_string(),
                |m| format!("{:.0}", 100.0 * m.win_rate),
            )
    });
    Ok(Reply::Text(text))
}

pub(super) fn territory<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let judgement = judge(s)?;
    let (_, owners) = s.engine.game().count(&judgement.dead);
    let text = board_text(s, |p| match owners.get(p) {
        Some(Color::Black) => "b".to_string(),
        Some(Color::White) => "w".to_string(),
        None => "\"\"".to_string(),
    });
    Ok(Reply::Text(text))
}

/// The live graphics of a running search, as one `gogui-gfx:` block for the log.
pub(crate) fn live_gfx(result: &SearchResult) -> String {
    let pv = result
        .moves
        .first()
        .map(|m| m.pv.clone())
        .unwrap_or_default();
    format!(
        "gogui-gfx:\n{}\n{}\n\n",
        var_line(result.to_move, &pv),
        candidate_gfx(result)
    )
}

/// The rules preset's name, for the settings dialog.
fn rules_name(rules: &Rules) -> &'static str {
    rules.preset_name().unwrap_or("custom")
}

fn bool_setting(value: &str) -> Result<bool, GtpError> {
    match value {
        "1" | "true" | "on" => Ok(true),
        "0" | "false" | "off" => Ok(false),
        _ => Err(GtpError::InvalidParameter(format!(
            "value '{}': expected 1 or 0",
            shorten(value)
        ))),
    }
}

/// `weiqi-param` lists the settings (GoGui's `param` format); `weiqi-param KEY VALUE`
/// changes one: `rules`, `ponder`, `live_gfx`, or any engine setting that the command
/// line and `weiqi match` players take, read by the same parser ([`Setting`]):
/// `playouts` and `time` per move (0 for no limit), `threads`, `resign_at` (0 never
/// resigns), `seed`, `book`, `max_tree_mb` and the search tunables.
pub(super) fn param<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    if args.is_empty() {
        let c = s.engine.config();
        let presets = Rules::PRESET_NAMES.join("/");
        let text = format!(
            "[string] playouts {}\n[string] time {}\n[string] threads {}\n\
             [string] resign_at {}\n[string] seed {}\n[list/{presets}] rules {}\n\
             [bool] book {}\n[bool] ponder {}\n[bool] live_gfx {}",
            c.playouts.unwrap_or(0),
            c.time_per_move.map_or(0.0, |t| t.as_secs_f64()),
            c.threads,
            c.resign_at.unwrap_or(0.0),
            c.seed,
            rules_name(s.engine.game().rules()),
            u8::from(c.book),
            u8::from(s.options.ponder),
            u8::from(s.options.live_gfx),
        );
        return Ok(Reply::Text(text));
    }
    let key = args.text(0)?;
    let value = args
        .text(1)
        .map_err(|_| GtpError::InvalidParameter(format!("'{}' needs a value", shorten(key))))?;
    let mut config = s.engine.config().clone();
    match key {
        "ponder" => s.options.ponder = bool_setting(value)?,
        "live_gfx" => s.options.live_gfx = bool_setting(value)?,
        "rules" => switch_rules(s, rules_for_name(value)?.0),
        // The dialog writes 0 for no limit.
        "playouts" if ["0", "none"].contains(&value) => config.playouts = None,
        "time" if ["0", "0.0"].contains(&value) => config.time_per_move = None,
        _ if Setting::knows(key) => {
            let setting = Setting::parse_pair(key, Some(value))
                .map_err(|e| GtpError::InvalidParameter(format!("{}: {e}", shorten(key))))?;
            setting.apply(&mut config);
        }
        _ => {
            return Err(GtpError::InvalidParameter(format!(
                "unknown key '{}': expected rules, ponder, live_gfx or one of {}",
                shorten(key),
                Setting::KEYS.join(", ")
            )));
        }
    }
    if &config != s.engine.config() {
        s.engine.set_config(config).map_err(engine_error)?;
    }
    Reply::empty()
}
