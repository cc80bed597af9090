//! Live analysis in the Leela Zero (`lz-`) and KataGo (`kata-`) dialects, for Sabaki and
//! Lizzie.
//!
//! `lz-analyze [color] [interval] [key value ...]` answers `=` at once, then one `info`
//! line per interval (in centiseconds) with every candidate move, until the next input line
//! arrives; the empty line that closes the response follows, and then that line is run.
//! The `genmove_analyze` forms think as `genmove` does, stream the same lines, and end with
//! `play <move>`. Keys: `interval`, `minmoves`, `maxmoves`, `avoid`/`allow <color>
//! <moves> <until>`, and KataGo's boolean keys (`ownership true` adds the ownership map;
//! the others are accepted and have no effect).
//!
//! The `prior` of a move is its policy ([`MoveInfo::policy`]), its share of the root's
//! priors, as both GUIs expect. The dialects differ in numbers: `lz-` writes win rate,
//! prior and lower confidence bound as integers from 0 to 10000; `kata-` writes fractions
//! that always carry a decimal point, adds `scoreMean`/`scoreLead` and, when asked,
//! `ownership`. Values are for the analysed colour. The search's score estimate is the
//! root's, so every move carries the same `scoreLead`. `avoid` and `allow` filter the
//! moves reported; the search itself still looks at every move.

use super::play::generate;
use crate::color::Color;
use crate::gtp::backend::GtpEngine;
use crate::gtp::command::{Args, parse_float, parse_int};
use crate::gtp::io::Io;
use crate::gtp::response::GtpError;
use crate::gtp::session::{GtpSession, Reply};
use crate::gtp::vertex::{format_engine_move, format_move, parse_color, parse_move, shorten};
use crate::point::{BoardSize, Move, Point};
use crate::search::{MoveInfo, Progress, SearchResult};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

type Outcome = Result<Reply, GtpError>;

/// How often an analysis looks for the next input line: the delay before it stops.
const ANALYSIS_POLL: Duration = Duration::from_millis(20);
/// The longest report interval accepted, in centiseconds (an hour).
const MAX_INTERVAL_CS: f64 = 360_000.0;

/// Which program's output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialect {
    LeelaZero,
    KataGo,
}

/// Moves the report must leave out (`avoid`) or keep to (`allow`) for one colour.
#[derive(Clone, Debug, PartialEq)]
struct Restriction {
    color: Color,
    moves: Vec<Move>,
}

/// What an analysis command asks for.
#[derive(Clone, Debug, Default, PartialEq)]
struct Request {
    color: Option<Color>,
    interval: Option<Duration>,
    min_moves: usize,
    max_moves: Option<usize>,
    ownership: bool,
    avoid: Vec<Restriction>,
    allow: Vec<Restriction>,
}

fn tags_error(detail: String) -> GtpError {
    GtpError::syntax(format!("cannot parse analyze tags: {detail}"))
}

fn parse_interval(text: &str) -> Result<Duration, GtpError> {
    let cs = parse_float(text)?;
    if !(0.0..=MAX_INTERVAL_CS).contains(&cs) {
        return Err(tags_error(format!("interval '{}'", shorten(text))));
    }
    Ok(Duration::from_secs_f64(cs / 100.0))
}

/// A comma-separated list of vertices, `pass`, `resign` or rectangles such as `D4:F6`.
fn parse_move_list(text: &str, size: BoardSize) -> Result<Vec<Move>, GtpError> {
    let mut moves = Vec::new();
    for item in text.split(',').filter(|i| !i.is_empty()) {
        if item.eq_ignore_ascii_case("resign") {
            continue;
        }
        let bad = || tags_error(format!("move list item '{}'", shorten(item)));
        match item.split_once(':') {
            Some((a, b)) => {
                let (Ok(Move::Play(a)), Ok(Move::Play(b))) =
                    (parse_move(a, size), parse_move(b, size))
                else {
                    return Err(bad());
                };
                let (x0, x1) = (a.x().min(b.x()), a.x().max(b.x()));
                let (y0, y1) = (a.y().min(b.y()), a.y().max(b.y()));
                moves.extend(
                    size.points()
                        .filter(|p| (x0..=x1).contains(&p.x()) && (y0..=y1).contains(&p.y()))
                        .map(Move::Play),
                );
            }
            None => moves.push(parse_move(item, size).map_err(|_| bad())?),
        }
    }
    Ok(moves)
}

fn parse_request(args: &Args<'_>, size: BoardSize) -> Result<Request, GtpError> {
    let tokens = args.all();
    let mut request = Request::default();
    let mut i = 0;
    if let Some(color) = tokens.first().and_then(|t| parse_color(t).ok()) {
        request.color = Some(color);
        i += 1;
    }
    if let Some(t) = tokens.get(i).filter(|t| parse_float(t).is_ok()) {
        request.interval = Some(parse_interval(t)?);
        i += 1;
    }
    let value = |j: usize| {
        tokens
            .get(j)
            .map(String::as_str)
            .ok_or_else(|| tags_error(format!("'{}' needs a value", tokens[j - 1])))
    };
    while i < tokens.len() {
        let key = tokens[i].as_str();
        match key {
            "interval" => request.interval = Some(parse_interval(value(i + 1)?)?),
            "minmoves" => request.min_moves = parse_int(value(i + 1)?)? as usize,
            "maxmoves" => request.max_moves = Some(parse_int(value(i + 1)?)? as usize),
            "avoid" | "allow" => {
                let color = parse_color(value(i + 1)?)?;
                let moves = parse_move_list(value(i + 2)?, size)?;
                let until = parse_int(value(i + 3)?)?;
                let restriction = Restriction { color, moves };
                if until > 0 {
                    if key == "avoid" {
                        request.avoid.push(restriction);
                    } else {
                        request.allow.push(restriction);
                    }
                }
                i += 4;
                continue;
            }
            "ownership"
            | "ownershipStdev"
            | "movesOwnership"
            | "movesOwnershipStdev"
            | "pvVisits"
            | "pvEdgeVisits"
            | "rootInfo"
            | "noResultValue" => {
                let on = match value(i + 1)? {
                    "true" => true,
                    "false" => false,
                    other => {
                        return Err(tags_error(format!(
                            "'{}' is not true or false",
                            shorten(other)
                        )));
                    }
                };
                if key == "ownership" {
                    request.ownership = on;
                }
            }
            other => return Err(tags_error(format!("unknown key '{}'", shorten(other)))),
        }
        i += 2;
    }
    Ok(request)
}

/// Fewest visits of a reported candidate (unless `minmoves` asks for more candidates).
const MIN_VISITS: u32 = 2;

/// The candidate moves to report for `color`, best first.
fn candidates<'r>(result: &'r SearchResult, request: &Request, color: Color) -> Vec<&'r MoveInfo> {
    let allowed = |m: &MoveInfo| {
        let avoided = request
            .avoid
            .iter()
            .any(|r| r.color == color && r.moves.contains(&m.mv));
        let outside = request
            .allow
            .iter()
            .any(|r| r.color == color && !r.moves.contains(&m.mv));
        m.mv != Move::Pass && !avoided && !outside
    };
    // Moves the search has barely looked at say little and swell every line: a candidate
    // needs MIN_VISITS, and a hundredth of the best move's visits.
    let best = result.moves.first().map_or(0, |m| m.visits);
    let enough = |m: &MoveInfo| m.visits >= MIN_VISITS.max(best / 100);
    let mut moves: Vec<&MoveInfo> = result
        .moves
        .iter()
        .filter(|m| enough(m) && allowed(m))
        .collect();
    if moves.len() < request.min_moves {
        let extra = result.moves.iter().filter(|m| !enough(m) && allowed(m));
        moves.extend(extra.take(request.min_moves - moves.len()));
    }
    if let Some(max) = request.max_moves {
        moves.truncate(max);
    }
    moves
}

/// Win rate, prior or bound as Leela Zero writes it: per ten thousand.
fn per_ten_thousand(x: f64) -> u32 {
    (x.clamp(0.0, 1.0) * 10_000.0).round() as u32
}

fn write_pv(out: &mut String, pv: &[Move]) {
    for mv in pv {
        out.push(' ');
        out.push_str(&format_move(*mv));
    }
}

/// One `info` line with every candidate, or `None` when there is none yet.
fn info_line(
    result: &SearchResult,
    request: &Request,
    dialect: Dialect,
    color: Color,
    size: BoardSize,
) -> Option<String> {
    let moves = candidates(result, request, color);
    if moves.is_empty() {
        return None;
    }
    let sign = if color == Color::Black { 1.0 } else { -1.0 };
    let lead = sign * result.score_lead_black;
    let mut line = String::new();
    for (order, m) in moves.iter().enumerate() {
        if order > 0 {
            line.push(' ');
        }
        let mv = format_move(m.mv);
        let _ = match dialect {
            Dialect::LeelaZero => write!(
                line,
                "info move {mv} visits {} winrate {} prior {} lcb {} order {order} pv",
                m.visits,
                per_ten_thousand(m.win_rate),
                per_ten_thousand(m.policy),
                per_ten_thousand(m.lcb),
            ),
            Dialect::KataGo => write!(
                line,
                "info move {mv} visits {} winrate {:.6} scoreMean {lead:.3} scoreLead {lead:.3} \
                 prior {:.6} lcb {:.6} order {order} pv",
                m.visits, m.win_rate, m.policy, m.lcb,
            ),
        };
        write_pv(&mut line, &m.pv);
    }
    if dialect == Dialect::KataGo && request.ownership {
        line.push_str(" ownership");
        let n = size.get();
        for y in (0..n).rev() {
            for x in 0..n {
                let own = Point::from_xy(x, y, size).map_or(0.0, |p| result.ownership_of(p, n));
                let _ = write!(line, " {:.4}", sign * own);
            }
        }
    }
    Some(line)
}

/// The `info` lines of one analysis: one per interval while the search runs, and one at
/// the end if the interval never came round.
struct Stream {
    request: Request,
    dialect: Dialect,
    color: Color,
    size: BoardSize,
    interval: Option<Duration>,
    live: bool,
    printed: bool,
    last_print: Instant,
}

impl Stream {
    /// Parses the request and opens the stream on `io`.
    fn start<E: GtpEngine + 'static>(
        s: &GtpSession<E>,
        args: &Args<'_>,
        io: &mut Io<'_>,
        dialect: Dialect,
    ) -> Result<Stream, GtpError> {
        let size = s.engine.game().size();
        let request = parse_request(args, size)?;
        let color = request.color.unwrap_or(s.engine.game().to_move());
        let interval = request.interval.filter(|d| !d.is_zero());
        io.start_stream();
        Ok(Stream {
            request,
            dialect,
            color,
            size,
            interval,
            live: io.is_live(),
            printed: false,
            last_print: Instant::now(),
        })
    }

    /// Prints a line from the running search when one is due (live only: in-process runs
    /// print only the final line).
    fn tick(&mut self, progress: &Progress<'_>, io: &mut Io<'_>) {
        let due = self
            .interval
            .is_some_and(|i| self.last_print.elapsed() >= i);
        if self.live && due {
            self.print(&progress.result(), io);
            self.last_print = Instant::now();
        }
    }

    /// Prints the final state if an interval was asked for and no line has come yet.
    fn finish(&mut self, result: &SearchResult, io: &mut Io<'_>) {
        if self.interval.is_some() && !self.printed {
            self.print(result, io);
        }
    }

    fn print(&mut self, result: &SearchResult, io: &mut Io<'_>) {
        if let Some(line) = info_line(result, &self.request, self.dialect, self.color, self.size) {
            io.stream_line(&line);
            self.printed = true;
        }
    }
}

fn analyze<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
    dialect: Dialect,
) -> Outcome {
    let mut stream = Stream::start(s, args, io, dialect)?;
    // Live, the analysis lasts until the next line; in-process, for one move's search.
    let limits = if stream.live {
        Default::default()
    } else {
        s.engine.move_limits()
    };
    let color = stream.color;
    let result = s.with_open_game(|engine| {
        engine.analyze(color, limits, ANALYSIS_POLL, &mut |progress| {
            if io.input_waiting() {
                return false;
            }
            stream.tick(progress, io);
            true
        })
    });
    stream.finish(&result, io);
    io.wait_for_input();
    Ok(Reply::Streamed(String::new()))
}

fn genmove_analyze<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
    dialect: Dialect,
) -> Outcome {
    let mut stream = Stream::start(s, args, io, dialect)?;
    let color = stream.color;
    let (mv, result) = generate(s, color, io, &mut |progress, io| stream.tick(progress, io))?;
    stream.finish(&result, io);
    Ok(Reply::Streamed(format!(
        "play {}\n",
        format_engine_move(mv)
    )))
}

pub(super) fn lz_analyze<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
) -> Outcome {
    analyze(s, args, io, Dialect::LeelaZero)
}

pub(super) fn kata_analyze<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
) -> Outcome {
    analyze(s, args, io, Dialect::KataGo)
}

pub(super) fn lz_genmove_analyze<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
) -> Outcome {
    genmove_analyze(s, args, io, Dialect::LeelaZero)
}

pub(super) fn kata_genmove_analyze<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
) -> Outcome {
    genmove_analyze(s, args, io, Dialect::KataGo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(text: &str) -> Result<Request, GtpError> {
        let items: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        parse_request(&Args::new(&items), BoardSize::NINETEEN)
    }

    #[test]
    fn argument_forms_of_sabaki_and_lizzie() {
        let cs = Duration::from_millis(10);
        assert_eq!(request("10").unwrap().interval, Some(cs * 10));
        let sabaki = request("B 50").unwrap();
        assert_eq!(
            (sabaki.color, sabaki.interval),
            (Some(Color::Black), Some(cs * 50))
        );
        let lizzie = request("10 avoid b D4,Q16,C3:D4 30 avoid w pass 30").unwrap();
        assert_eq!(lizzie.avoid.len(), 2);
        assert_eq!(lizzie.avoid[0].moves.len(), 6);
        let kata = request("w interval 100 ownership true minmoves 5 maxmoves 10").unwrap();
        assert!(kata.ownership);
        assert_eq!((kata.min_moves, kata.max_moves), (5, Some(10)));
        assert_eq!(request("").unwrap(), Request::default());
        for bad in [
            "10 bogus 1",
            "interval",
            "ownership maybe",
            "avoid b Z99 1",
            "-5",
        ] {
            assert!(request(bad).is_err(), "{bad}");
        }
    }
}
