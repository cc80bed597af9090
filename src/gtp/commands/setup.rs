//! Setting up a game: board size, komi, rules, handicap, and loading and saving SGF.

use crate::game::fixed_handicap_points;
use crate::gtp::backend::GtpEngine;
use crate::gtp::command::{Args, parse_float};
use crate::gtp::io::Io;
use crate::gtp::response::GtpError;
use crate::gtp::session::{GtpSession, Reply, engine_error};
use crate::gtp::vertex::{VertexError, format_points, parse_move, shorten};
use crate::point::{BoardSize, Move, Point};
use crate::rules::{Komi, Rules};
use crate::sgf::{self, GameInfo};

type Outcome = Result<Reply, GtpError>;

/// The largest SGF file `loadsgf` reads.
const MAX_SGF_BYTES: u64 = 16 << 20;

/// Reads a board size: a number (any number of digits, an optional sign) out of range is an
/// unacceptable size, anything else a syntax error.
fn parse_size(text: &str) -> Result<BoardSize, GtpError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(GtpError::syntax(format!(
            "'{}' is not a board size",
            shorten(text)
        )));
    }
    let n = text.parse::<i64>().unwrap_or(i64::MAX);
    BoardSize::new(n).map_err(|_| GtpError::UnacceptableSize)
}

pub(super) fn boardsize<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let size = parse_size(args.text(0)?)?;
    // Lizzie sends `boardsize W H`; only square boards are played.
    if args.len() == 2 && parse_size(args.text(1)?)? != size {
        return Err(GtpError::UnacceptableSize);
    }
    let rules = *s.engine.game().rules();
    s.engine.new_game(size, rules).map_err(engine_error)?;
    s.game_over = false;
    Reply::empty()
}

pub(super) fn clear_board<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let (size, rules) = (s.engine.game().size(), *s.engine.game().rules());
    s.engine.new_game(size, rules).map_err(engine_error)?;
    s.game_over = false;
    Reply::empty()
}

/// Komi from any finite number: GTP asks engines to accept every value, so one that is not
/// a multiple of 0.5, or beyond +-1000, is taken at the nearest value weiqi can count with.
pub(crate) fn komi_from(points: f64) -> (Komi, bool) {
    let half = (points * 2.0).round().clamp(-2000.0, 2000.0);
    let komi = Komi::from_half_points(half as i16);
    (komi, komi.points() != points)
}

pub(super) fn komi<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let text = args.text(0)?;
    let (komi, adjusted) = komi_from(parse_float(text)?);
    if adjusted {
        s.log(&format!("komi {} is counted as {komi}", shorten(text)));
    }
    s.engine.set_komi(komi).map_err(engine_error)?;
    Reply::empty()
}

fn require_empty_board<E: GtpEngine + 'static>(s: &GtpSession<E>) -> Result<(), GtpError> {
    let game = s.engine.game();
    if game.moves().is_empty() && game.board().has_no_stones() {
        Ok(())
    } else {
        Err(GtpError::BoardNotEmpty)
    }
}

pub(super) fn fixed_handicap<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let stones = args.int(0)?;
    let points = fixed_handicap_points(s.engine.game().size(), stones as usize)
        .map_err(|_| GtpError::InvalidNumberOfStones)?;
    require_empty_board(s)?;
    s.engine.place_handicap(&points).map_err(engine_error)?;
    Ok(Reply::Text(format_points(&points)))
}

/// Where weiqi puts `stones` free handicap stones: the fixed points as far as they go,
/// then points spread over the board (each as far as possible from the stones already
/// chosen, preferring the third and fourth lines). At most a quarter of the board is
/// covered: more stones than that win anyway, as GTP allows the engine to judge.
pub(crate) fn free_handicap_points(size: BoardSize, stones: usize) -> Vec<Point> {
    let n = size.get();
    let wanted = stones.min((size.area() / 4).max(1));
    let fixed_max = (2..=9)
        .rev()
        .find(|&k| fixed_handicap_points(size, k).is_ok())
        .unwrap_or(0);
    let mut chosen = if fixed_max >= 2 {
        fixed_handicap_points(size, wanted.clamp(2, fixed_max)).unwrap_or_default()
    } else {
        Vec::new()
    };
    chosen.truncate(wanted);
    let best_line = if n >= 13 { 3 } else { 2 };
    let edge = |p: Point| p.x().min(p.y()).min(n - 1 - p.x()).min(n - 1 - p.y());
    let line_penalty = |p: Point| edge(p).abs_diff(best_line);
    // Away from the first two lines while there is room, then anywhere.
    let inner = |p: Point| n < 7 || edge(p) >= 2;
    while chosen.len() < wanted {
        let distance = |p: Point| {
            chosen
                .iter()
                .map(|q| p.x().abs_diff(q.x()) + p.y().abs_diff(q.y()))
                .min()
                .unwrap_or(usize::MAX)
        };
        let next = size
            .points()
            .filter(|p| !chosen.contains(p))
            .max_by_key(|&p| (inner(p), distance(p), std::cmp::Reverse(line_penalty(p))));
        match next {
            Some(p) => chosen.push(p),
            None => break,
        }
    }
    chosen
}

pub(super) fn place_free_handicap<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let stones = args.int(0)? as usize;
    let size = s.engine.game().size();
    if stones < 2 || stones >= size.area() {
        return Err(GtpError::InvalidNumberOfStones);
    }
    require_empty_board(s)?;
    let points = free_handicap_points(size, stones);
    s.engine.place_handicap(&points).map_err(engine_error)?;
    Ok(Reply::Text(format_points(&points)))
}

pub(super) fn set_free_handicap<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let size = s.engine.game().size();
    let mut points = Vec::with_capacity(args.len());
    for text in args.all() {
        match parse_move(text, size) {
            Ok(Move::Play(p)) if !points.contains(&p) => points.push(p),
            Ok(Move::Play(p)) => return Err(GtpError::BadVertexList(format!("{p} repeats"))),
            Ok(Move::Pass) => {
                return Err(GtpError::BadVertexList(
                    "pass is not a handicap stone".to_string(),
                ));
            }
            Err(VertexError::Malformed(d) | VertexError::OffBoard(d)) => {
                return Err(GtpError::BadVertexList(d));
            }
        }
    }
    if points.len() < 2 {
        // GTP 2: a handicap is at least two stones (one stone is no handicap, just a
        // move by Black).
        return Err(GtpError::BadVertexList(
            "a handicap needs at least two stones".to_string(),
        ));
    }
    if points.len() >= size.area() {
        return Err(GtpError::BadVertexList(
            "a handicap must leave a point empty".to_string(),
        ));
    }
    require_empty_board(s)?;
    s.engine.place_handicap(&points).map_err(engine_error)?;
    Reply::empty()
}

/// Rules for a `kgs-rules` or settings name: KGS's names and weiqi's presets. Japanese
/// rules are played as Chinese (area scoring is all weiqi counts; a game between sensible
/// players ends with the same winner), and the caller is told so.
pub(crate) fn rules_for_name(name: &str) -> Result<(Rules, bool), GtpError> {
    match name.to_ascii_lowercase().as_str() {
        "japanese" | "korean" => Ok((Rules::chinese(), true)),
        other => Rules::preset(other).map(|r| (r, false)).map_err(|_| {
            GtpError::UnknownRules(format!(
                "'{}': expected japanese, chinese, aga, new_zealand or tromp-taylor",
                shorten(name)
            ))
        }),
    }
}

/// Switches the game to `rules` (komi kept), keeping the position.
pub(crate) fn switch_rules<E: GtpEngine + 'static>(s: &mut GtpSession<E>, rules: Rules) {
    let mut game = s.engine.game().clone();
    let komi = game.rules().komi;
    game.set_rules(rules.with_komi(komi));
    s.engine.set_game(game);
}

pub(super) fn kgs_rules<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let name = args.text(0)?;
    let (rules, substituted) = rules_for_name(name)?;
    if substituted {
        s.log(&format!(
            "{} rules are played with area scoring (Chinese rules)",
            shorten(name)
        ));
    }
    switch_rules(s, rules);
    Reply::empty()
}

pub(super) fn loadsgf<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let path = args.text(0)?;
    let move_number = match args.len() {
        2 => Some(args.int(1)? as usize),
        _ => None,
    };
    let fail = |why: String| GtpError::CannotLoad(format!("{}: {why}", shorten(path)));
    let file = std::fs::File::open(path).map_err(|e| fail(e.to_string()))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_SGF_BYTES + 1),
        &mut bytes,
    )
    .map_err(|e| fail(e.to_string()))?;
    if bytes.len() as u64 > MAX_SGF_BYTES {
        return Err(fail("file too large".to_string()));
    }
    let text = sgf::decode(&bytes).map_err(|e| fail(e.to_string()))?;
    let record = match move_number {
        Some(n) => sgf::parse_before_move(&text, n),
        None => sgf::parse(&text),
    }
    .map_err(|e| fail(e.to_string()))?;
    s.engine.set_game(record.game);
    s.game_over = false;
    Reply::empty()
}

pub(super) fn printsgf<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let text = sgf::write(s.engine.game(), &GameInfo::default());
    match args.len() {
        1 => {
            let path = args.text(0)?;
            std::fs::write(path, &text)
                .map_err(|e| GtpError::CannotSave(format!("{}: {e}", shorten(path))))?;
            Reply::empty()
        }
        _ => Ok(Reply::Text(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_handicap_spreads_and_starts_with_the_fixed_points() {
        let nine = BoardSize::NINE;
        assert_eq!(
            free_handicap_points(nine, 4),
            fixed_handicap_points(nine, 4).unwrap()
        );
        let many = free_handicap_points(BoardSize::NINETEEN, 30);
        assert_eq!(many.len(), 30);
        let mut unique = many.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 30);
        assert_eq!(free_handicap_points(BoardSize::new(3).unwrap(), 8).len(), 2);
    }

    #[test]
    fn komi_is_kept_or_rounded() {
        assert_eq!(komi_from(6.5), (Komi::from_half_points(13), false));
        assert_eq!(komi_from(6.3), (Komi::from_half_points(13), true));
        assert_eq!(komi_from(1e9).0, Komi::from_half_points(2000));
    }
}
