//! `weiqi match`: a series of games between two engines, for measuring strength.
//!
//! Each player is the built-in engine (`weiqi`, with `weiqi:KEY=VALUE,...` settings over the
//! shared engine flags), the random baseline (`random`), or any other text, taken as the
//! command line of an external GTP engine. Colours alternate, player1 taking Black in odd
//! games. Every move is checked by weiqi's own rules and shown to a referee (GNU Go by
//! default), whose `final_score` decides games that end by two passes or at the move cap.
//! An illegal move, a crash or a refused move loses the game for that side.
//!
//! Engines that cannot start are reported before any game. `--jobs N` plays N games at a
//! time on threads of this process, each with its own engine processes and referee. One
//! line per game goes to stdout as games finish, then a summary (see [`stats`]); a
//! progress bar goes to stderr when it is a terminal.

mod game;
mod players;
mod stats;

use crate::cli::args::EngineArgs;
use anyhow::Context;
use clap::Args;
use game::{Ending, GameRecord, MatchPlan, Scorer, play_game};
use indicatif::{ProgressBar, ProgressStyle};
use players::{PlayerKind, PlayerSpec, Referee, Seat};
use serde::Serialize;
use stats::Summary;
use std::fmt;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use weiqi::gtp::{GtpClient, GtpClientOptions, StderrMode};
use weiqi::search::time::TimeControl;
use weiqi::{BoardSize, Engine, Rules};

/// The referee's arguments when it is GNU Go found on the machine.
const GNUGO_REFEREE_ARGS: &str = "--mode gtp --chinese-rules";

/// Arguments of `weiqi match`.
#[derive(Args, Debug)]
pub struct MatchArgs {
    /// Number of games; colours alternate, player1 has Black in odd games
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    games: u32,
    /// The first player: `weiqi`, `weiqi:KEY=VALUE,...`, `random` or a GTP command line
    #[arg(long, value_name = "SPEC", default_value = "weiqi", value_parser = PlayerSpec::parse,
          long_help = PLAYER_HELP)]
    player1: PlayerSpec,
    /// The second player, as --player1
    #[arg(long, value_name = "SPEC", value_parser = PlayerSpec::parse)]
    player2: PlayerSpec,
    /// GTP engine that checks every move and scores the games, or `none` to count with
    /// weiqi's own area count [default: gnugo --mode gtp --chinese-rules, if installed]
    #[arg(long, value_name = "COMMAND", value_parser = parse_referee)]
    referee: Option<RefereeArg>,
    /// Stop a game after this many moves (passes included) and score it [default: 3 times
    /// the board's area]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_moves: Option<u32>,
    /// Write each game as DIR/game-NNN.sgf (the folder is created if missing)
    #[arg(long, value_name = "DIR")]
    sgf_dir: Option<PathBuf>,
    /// Games played at the same time, each with its own engine processes
    #[arg(long, short = 'j', value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=256))]
    jobs: u32,
    /// Longest wait for an external engine's answer, in seconds; an engine that takes
    /// longer loses the game. 0 waits forever
    #[arg(long, value_name = "SECONDS", default_value = "300", value_parser = parse_timeout)]
    timeout: AnswerTimeout,
    /// Print JSON lines instead of text: one object per game, then the summary
    #[arg(long)]
    json: bool,
    /// Fixed handicap stones (2 to 9) in every game: player1, the stronger, is White in
    /// every game and gives them; komi is 0.5 unless --komi says otherwise
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u8).range(0..=9))]
    handicap: u8,
    /// Game clocks for both players: `20m` (sudden death), `10m+5x30s` (Japanese
    /// byo-yomi: 5 periods of 30 s), `5m+25/5m` (Canadian: 25 moves in each 5 minutes) or
    /// `none`. Engines are told with time_settings (kgs-time_settings where they list it)
    /// and time_left before every genmove; a player whose time runs out loses
    #[arg(long, value_name = "CONTROL", default_value = "none")]
    time_control: TimeControl,
    #[command(flatten)]
    engine: EngineArgs,
}

const PLAYER_HELP: &str = "\
The first player (the second is given the same way with --player2):
  weiqi                  the built-in engine with the shared engine flags
  weiqi:KEY=VALUE,...    the built-in engine with some settings changed; keys: threads,
                         playouts, time, seed, resign-at, no-resign, max-tree-mb, book,
                         no-book, and for tuning the search's prior-learned, prior-even,
                         prior-knowledge, expand-at and rave-equiv
                         (weiqi:playouts=5000,threads=1)
  random[:seed=N]        random legal moves that do not fill own eyes (a baseline)
  anything else          the command line of a GTP engine, split as a shell would for
                         quotes but run without a shell (\"gnugo --mode gtp --level 10\")
Built-in players use seed + N - 1 in game N, so games differ and can be replayed.";

/// `--referee`: an engine's command line, or none.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RefereeArg {
    None,
    Command(String),
}

fn parse_referee(s: &str) -> Result<RefereeArg, String> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(RefereeArg::None);
    }
    weiqi::gtp::client::split_command_line(s).map_err(|e| e.to_string())?;
    Ok(RefereeArg::Command(s.trim().to_string()))
}

/// `--timeout`: `None` waits forever.
#[derive(Clone, Copy, Debug, PartialEq)]
struct AnswerTimeout(Option<Duration>);

impl fmt::Display for AnswerTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.map_or(0.0, |t| t.as_secs_f64()))
    }
}

fn parse_timeout(s: &str) -> Result<AnswerTimeout, String> {
    match s.parse::<f64>() {
        Ok(0.0) => Ok(AnswerTimeout(None)),
        Ok(x) if x > 0.0 && x <= 86_400.0 => Ok(AnswerTimeout(Some(Duration::from_secs_f64(x)))),
        _ => Err(format!(
            "'{s}' is not a number of seconds from 0 to 86400 (0 waits forever)"
        )),
    }
}

/// Runs the match.
pub fn run(args: &MatchArgs) -> anyhow::Result<()> {
    let settings = args.engine.settings();
    let size = settings.size;
    let handicap = usize::from(args.handicap);
    if handicap == 1 {
        anyhow::bail!(
            "a handicap is 2 to 9 stones (a one-stone game is an even game without komi)"
        );
    }
    if handicap >= 2 {
        weiqi::game::fixed_handicap_points(size, handicap)
            .map_err(|e| anyhow::anyhow!("--handicap {handicap} on {size}x{size}: {e}"))?;
    }
    let rules = if handicap >= 2 && !args.engine.komi_given() {
        settings.rules.with_komi(weiqi::Komi::from_half_points(1))
    } else {
        settings.rules
    };
    let options = GtpClientOptions {
        stderr: if settings.verbosity >= 2 {
            StderrMode::Inherit
        } else {
            StderrMode::Null
        },
        timeout: args.timeout.0,
    };
    let kinds = [&args.player1, &args.player2].map(|spec| spec.resolve(&settings.config));
    let referee = match &args.referee {
        Some(RefereeArg::None) => None,
        Some(RefereeArg::Command(command)) => Some(command.clone()),
        None => default_referee(),
    };
    if let Some(dir) = &args.sgf_dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the SGF folder {}", dir.display()))?;
    }

    // Everything that can fail to start fails here, before the first game.
    let mut players = Vec::new();
    for (label, kind) in ["player1", "player2"].into_iter().zip(&kinds) {
        players.push(check_player(label, kind, &options, size, rules)?);
    }
    let referee_name = match &referee {
        Some(command) => Some(check_referee(command, &options, size, rules)?),
        None => None,
    };
    let mut names = [players[0].0.clone(), players[1].0.clone()];
    if names[0] == names[1] {
        names = [format!("{}#1", names[0]), format!("{}#2", names[1])];
    }

    let plan = MatchPlan {
        games: args.games,
        names,
        size,
        rules,
        max_moves: args.max_moves.map_or(3 * size.area(), |n| n as usize),
        sgf_dir: args.sgf_dir.clone(),
        date: today(),
        verbosity: settings.verbosity,
        handicap,
        time_control: args.time_control,
    };
    let mut out = std::io::stdout().lock();
    if !args.json {
        let versions = |(name, version): &(String, String)| {
            if version.is_empty() {
                name.clone()
            } else {
                format!("{name} {version}")
            }
        };
        let handicap = if handicap >= 2 {
            format!(", {} gives {handicap} stones", plan.names[0])
        } else {
            String::new()
        };
        let clock = match plan.time_control {
            TimeControl::Unlimited => String::new(),
            control => format!(", time {control}"),
        };
        writeln!(
            out,
            "{} of {} vs {} on {size}x{size}, {} rules, komi {}{handicap}{clock}, referee: {}",
            stats::plural(plan.games, "game"),
            versions(&players[0]),
            versions(&players[1]),
            rules.preset_name().unwrap_or("custom"),
            rules.komi,
            referee_name.as_deref().unwrap_or("none (weiqi counts)"),
        )?;
    }
    drop(out);

    let bar = progress_bar(plan.games);
    let jobs = args.jobs.min(plan.games);
    let (records, failure) = run_jobs(
        &plan,
        &kinds,
        referee.as_deref(),
        &options,
        jobs,
        &bar,
        args.json,
    );
    bar.finish_and_clear();

    let summary = Summary::new(&plan.names, &records);
    let mut out = std::io::stdout().lock();
    if args.json {
        let line = serde_json::to_string(&SummaryJson {
            kind: "summary",
            summary: &summary,
        })?;
        writeln!(out, "{line}")?;
    } else {
        write!(out, "{}", summary.to_text())?;
    }
    match failure {
        Some(e) => Err(e.context(format!(
            "the match stopped after {} of {} games",
            records.len(),
            plan.games
        ))),
        None => Ok(()),
    }
}

/// GNU Go as referee, if it is on `PATH` or at `/usr/games/gnugo`; else none, with a
/// notice.
fn default_referee() -> Option<String> {
    let on_path = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join("gnugo").is_file()));
    if on_path {
        return Some(format!("gnugo {GNUGO_REFEREE_ARGS}"));
    }
    if Path::new("/usr/games/gnugo").is_file() {
        return Some(format!("/usr/games/gnugo {GNUGO_REFEREE_ARGS}"));
    }
    eprintln!(
        "weiqi: GNU Go (the default referee) is not on PATH or at /usr/games/gnugo; \
         games are counted by weiqi, as with --referee none"
    );
    None
}

/// Starts a player once and sets up a game, so that a program that is missing, broken or
/// unable to play this size fails before the match. Returns its name and version.
fn check_player(
    label: &str,
    kind: &PlayerKind,
    options: &GtpClientOptions,
    size: BoardSize,
    rules: Rules,
) -> anyhow::Result<(String, String)> {
    let mut seat = Seat::new(kind.clone(), options.clone());
    let engine = seat.engine(1).with_context(|| label.to_string())?;
    let name = engine.name();
    engine
        .new_game(size, rules)
        .with_context(|| format!("{label} ({name}) cannot play this game"))?;
    Ok((name, engine.version()))
}

/// As [`check_player`] for the referee; returns its name and version.
fn check_referee(
    command: &str,
    options: &GtpClientOptions,
    size: BoardSize,
    rules: Rules,
) -> anyhow::Result<String> {
    let mut client = GtpClient::start_with(command, options).context("referee")?;
    client
        .new_game(size, rules)
        .with_context(|| format!("the referee ({}) cannot follow this game", client.name()))?;
    Ok(format!("{} {}", client.name(), client.version())
        .trim()
        .to_string())
}

/// A progress bar on stderr, hidden when stderr is not a terminal.
fn progress_bar(games: u32) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(u64::from(games));
    let template = "{bar:30.cyan/blue} {pos}/{len} games  {elapsed_precise}  eta {eta}  {msg}";
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// Plays the games on `jobs` threads and prints each result as it arrives. Returns the
/// records in game order and the error that stopped the match early, if any.
fn run_jobs(
    plan: &MatchPlan,
    kinds: &[PlayerKind; 2],
    referee: Option<&str>,
    options: &GtpClientOptions,
    jobs: u32,
    bar: &ProgressBar,
    json: bool,
) -> (Vec<GameRecord>, Option<anyhow::Error>) {
    let next = AtomicU32::new(1);
    let stop = AtomicBool::new(false);
    let (sender, receiver) = mpsc::channel::<anyhow::Result<GameRecord>>();
    let log = |message: &str| bar.suspend(|| eprintln!("{message}"));
    thread::scope(|scope| {
        for _ in 0..jobs {
            let sender = sender.clone();
            let (next, stop, log) = (&next, &stop, &log);
            scope.spawn(move || {
                let mut seats = kinds.clone().map(|kind| Seat::new(kind, options.clone()));
                let mut referee = referee.map(|c| Referee::new(c.to_string(), options.clone()));
                while !stop.load(Ordering::Relaxed) {
                    let number = next.fetch_add(1, Ordering::Relaxed);
                    if number > plan.games {
                        break;
                    }
                    let result = play_game(plan, &mut seats, referee.as_mut(), number, log);
                    let failed = result.is_err();
                    if failed {
                        stop.store(true, Ordering::Relaxed);
                    }
                    if sender.send(result).is_err() || failed {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut records = Vec::new();
        let mut failure = None;
        let mut wins = [0u32; 2];
        for result in receiver {
            let record = match result {
                Ok(record) => record,
                Err(e) => {
                    failure.get_or_insert(e);
                    continue;
                }
            };
            let line = if json {
                serde_json::to_string(&GameJson::new(plan, &record)).map_err(anyhow::Error::from)
            } else {
                Ok(game_line(plan, &record))
            };
            let printed = line.and_then(|line| {
                bar.suspend(|| writeln!(std::io::stdout(), "{line}"))
                    .context("cannot write to stdout")
            });
            if let Err(e) = printed {
                stop.store(true, Ordering::Relaxed);
                failure.get_or_insert(e);
            }
            if let Some(w) = record.winner() {
                wins[w] += 1;
            }
            bar.set_message(format!(
                "{} {} - {} {}",
                plan.names[0], wins[0], wins[1], plan.names[1]
            ));
            bar.inc(1);
            records.push(record);
        }
        records.sort_by_key(|r| r.number);
        (records, failure)
    })
}

/// `game 3: weiqi (B) vs GNU Go (W): B+12.5 in 57 moves, 9.8 s`, with how a forfeit or a
/// capped game ended and any notes.
fn game_line(plan: &MatchPlan, r: &GameRecord) -> String {
    let mut line = format!(
        "game {}: {} (B) vs {} (W): {} in {}, {:.1} s",
        r.number,
        plan.names[r.black],
        plan.names[1 - r.black],
        r.result,
        stats::plural(r.moves as u64, "move"),
        r.seconds
    );
    match &r.ending {
        Ending::Forfeit { reason, .. } => line.push_str(&format!("; forfeit: {reason}")),
        Ending::MoveCap => line.push_str("; move cap reached"),
        Ending::Time { player } => {
            line.push_str(&format!("; {} ran out of time", plan.names[*player]));
        }
        Ending::TwoPasses | Ending::Resignation => {}
    }
    for note in &r.notes {
        line.push_str("; ");
        line.push_str(note);
    }
    line
}

/// One game as a JSON line.
#[derive(Serialize)]
struct GameJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    game: u32,
    black: &'a str,
    white: &'a str,
    result: String,
    winner: Option<&'a str>,
    moves: usize,
    seconds: f64,
    ending: &'static str,
    reason: Option<&'a str>,
    scored_by: Option<&'static str>,
    notes: &'a [String],
    sgf: Option<String>,
    /// player1's and player2's longest move, in seconds.
    longest_move: [f64; 2],
    /// player1's and player2's engine process's peak memory, in MiB (external engines).
    peak_memory_mb: [Option<f64>; 2],
}

impl<'a> GameJson<'a> {
    fn new(plan: &'a MatchPlan, r: &'a GameRecord) -> GameJson<'a> {
        let (ending, reason) = match &r.ending {
            Ending::TwoPasses => ("passes", None),
            Ending::MoveCap => ("move-cap", None),
            Ending::Resignation => ("resignation", None),
            Ending::Forfeit { reason, .. } => ("forfeit", Some(reason.as_str())),
            Ending::Time { .. } => ("time", None),
        };
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        GameJson {
            kind: "game",
            game: r.number,
            black: &plan.names[r.black],
            white: &plan.names[1 - r.black],
            result: r.result.to_string(),
            winner: r.winner().map(|w| plan.names[w].as_str()),
            moves: r.moves,
            seconds: round(r.seconds),
            ending,
            reason,
            scored_by: r.scorer.map(|s| match s {
                Scorer::Referee => "referee",
                Scorer::Count => "weiqi",
            }),
            notes: &r.notes,
            sgf: r.sgf.as_ref().map(|p| p.display().to_string()),
            longest_move: r.longest_move.map(round),
            peak_memory_mb: r
                .peak_memory_mb
                .map(|mb| mb.map(|mb| (mb * 10.0).round() / 10.0)),
        }
    }
}

/// The summary as a JSON line.
#[derive(Serialize)]
struct SummaryJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    summary: &'a Summary,
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(secs / 86_400)
}

/// The date `days` days after 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_723), "2024-01-01");
        assert_eq!(civil_date(19_782), "2024-02-29");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn referee_and_timeout_values() {
        assert_eq!(parse_referee("None"), Ok(RefereeArg::None));
        assert_eq!(
            parse_referee(" gnugo --mode gtp "),
            Ok(RefereeArg::Command("gnugo --mode gtp".to_string()))
        );
        assert!(parse_referee("'gnugo").is_err());
        assert_eq!(parse_timeout("0"), Ok(AnswerTimeout(None)));
        assert_eq!(
            parse_timeout("2.5"),
            Ok(AnswerTimeout(Some(Duration::from_millis(2500))))
        );
        assert!(parse_timeout("-1").is_err());
    }
}
