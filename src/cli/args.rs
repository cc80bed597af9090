//! The engine flags every playing subcommand shares, and the one place where they become
//! validated settings.
//!
//! Raw flags ([`EngineArgs`], parsed by clap) turn into [`EngineSettings`]: an
//! [`EngineConfig`] for the built-in engine plus the board size and rules (komi included)
//! of the games to play. Every value is checked by a `value_parser` function, so a bad value
//! gets clap's usual error message naming the flag; the conversion itself cannot fail.
//! [`EngineOverride`] applies the same checks to `key=value` settings given elsewhere, such
//! as a `weiqi:playouts=5000,threads=1` player in `weiqi match`.

use clap::Args;
use std::fmt;
use std::num::NonZero;
use std::time::Duration;
use weiqi::engine::mcts::EngineConfig;
use weiqi::{BoardSize, Komi, Rules};

/// The shared engine flags, as given.
#[derive(Args, Clone, Debug)]
pub struct EngineArgs {
    /// Search threads of the built-in engine [default: all cores]
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    threads: Option<usize>,
    /// Playouts per move [default: 10000, or no limit when --time is given]
    #[arg(long, value_name = "N", value_parser = parse_playouts)]
    playouts: Option<u64>,
    /// Thinking time per move, in seconds
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    time: Option<Duration>,
    /// Seed of the random generators: one thread and a fixed seed reproduce a game
    #[arg(long, default_value_t = EngineConfig::default().seed)]
    seed: u64,
    /// Resign when the win rate falls below this (0 to 1); 0 or `never` never resigns
    #[arg(long, value_name = "WIN_RATE", value_parser = parse_resign_at,
          default_value_t = ResignAt(EngineConfig::default().resign_at))]
    resign_at: ResignAt,
    /// Never resign (the same as --resign-at 0)
    #[arg(long, conflicts_with = "resign_at")]
    no_resign: bool,
    /// Search every move, the first one too (the opening book plays tengen first on
    /// empty 5x5, 7x7 and 9x9 boards)
    #[arg(long)]
    no_book: bool,
    /// Memory cap of the search tree, in MiB
    #[arg(long, value_name = "MIB", value_parser = parse_tree_mb,
          default_value_t = EngineConfig::default().max_tree_mb)]
    max_tree_mb: usize,
    /// Rules: chinese, tromp-taylor, new-zealand or aga
    #[arg(long, value_parser = parse_rules, default_value = "chinese")]
    rules: Rules,
    /// Komi in half points, such as 7.5 or 6 [default: the rules' komi]
    #[arg(long, value_parser = parse_komi, allow_negative_numbers = true)]
    komi: Option<Komi>,
    /// Board size, 2 to 25
    #[arg(long, value_parser = parse_size, default_value = "19")]
    size: BoardSize,
    /// More output on stderr (repeat for more)
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,
}

/// The shared flags, validated: what the built-in engine and the games are set up with.
#[derive(Clone, Debug, PartialEq)]
pub struct EngineSettings {
    /// The built-in engine's settings.
    pub config: EngineConfig,
    /// The board size of the games.
    pub size: BoardSize,
    /// The rules of the games, komi included.
    pub rules: Rules,
    /// How much to log on stderr: 0 is quiet.
    pub verbosity: u8,
}

impl EngineArgs {
    /// The validated settings.
    pub fn settings(&self) -> EngineSettings {
        let mut config = EngineConfig::default();
        let playouts = match (self.playouts, self.time) {
            (Some(n), _) => Some(n),
            (None, Some(_)) => None,
            (None, None) => config.playouts,
        };
        let resign_at = if self.no_resign {
            None
        } else {
            self.resign_at.0
        };
        for setting in [
            EngineOverride::Threads(self.threads.unwrap_or_else(all_cores)),
            EngineOverride::Playouts(playouts),
            EngineOverride::Time(self.time),
            EngineOverride::Seed(self.seed),
            EngineOverride::ResignAt(resign_at),
            EngineOverride::MaxTreeMb(self.max_tree_mb),
            EngineOverride::Book(!self.no_book),
        ] {
            setting.apply(&mut config);
        }
        let komi = self.komi.unwrap_or(self.rules.komi);
        EngineSettings {
            config,
            size: self.size,
            rules: self.rules.with_komi(komi),
            verbosity: self.verbose,
        }
    }

    /// Whether `--komi` was given; without it the rules' komi applies.
    pub fn komi_given(&self) -> bool {
        self.komi.is_some()
    }

    /// Whether `--playouts` or `--time` was given; without them the engine's default
    /// playouts apply.
    pub fn strength_given(&self) -> bool {
        self.playouts.is_some() || self.time.is_some()
    }
}

/// The number of cores this process may use (1 if unknown).
fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, NonZero::get)
}

/// A resignation threshold; `None` never resigns. Displays as the flag is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResignAt(pub Option<f64>);

impl fmt::Display for ResignAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(rate) => write!(f, "{rate}"),
            None => f.write_str("0"),
        }
    }
}

/// One engine setting given as `key=value`, checked as the matching flag is.
#[derive(Clone, Debug, PartialEq)]
pub enum EngineOverride {
    /// `threads=N`
    Threads(usize),
    /// `playouts=N`; `None` (from the flags only) sets no limit.
    Playouts(Option<u64>),
    /// `time=SECONDS`; `None` (from the flags only) sets no limit.
    Time(Option<Duration>),
    /// `seed=N`
    Seed(u64),
    /// `resign-at=WIN_RATE` (0 or `never`: never), or `no-resign`
    ResignAt(Option<f64>),
    /// `max-tree-mb=MIB`
    MaxTreeMb(usize),
    /// `book=true|false`, or `no-book`
    Book(bool),
    /// A search tunable for tuning matches: `prior-learned`, `prior-even`,
    /// `prior-knowledge`, `expand-at` or `rave-equiv`, with its value.
    Search(&'static str, f64),
}

/// The search tunables a player spec may set, and the largest value each takes.
const SEARCH_KEYS: [(&str, f64); 5] = [
    ("prior-learned", 1000.0),
    ("prior-even", 1000.0),
    ("prior-knowledge", 1000.0),
    ("expand-at", 1000.0),
    ("rave-equiv", 1e9),
];

impl EngineOverride {
    /// The keys [`EngineOverride::parse`] knows.
    pub const KEYS: [&'static str; 14] = [
        "threads",
        "playouts",
        "time",
        "seed",
        "resign-at",
        "no-resign",
        "max-tree-mb",
        "book",
        "no-book",
        "prior-learned",
        "prior-even",
        "prior-knowledge",
        "expand-at",
        "rave-equiv",
    ];

    /// Reads `key=value` (or one of the bare keys `no-resign` and `no-book`).
    ///
    /// # Errors
    /// A message naming the unknown key or the bad value.
    pub fn parse(item: &str) -> Result<EngineOverride, String> {
        let (key, value) = match item.split_once('=') {
            Some((key, value)) => (key.trim(), Some(value.trim())),
            None => (item.trim(), None),
        };
        let bare = match key {
            "no-resign" => Some(EngineOverride::ResignAt(None)),
            "no-book" => Some(EngineOverride::Book(false)),
            _ => None,
        };
        if let Some(setting) = bare {
            return match value {
                None => Ok(setting),
                Some(_) => Err(format!("'{key}' takes no value")),
            };
        }
        if !EngineOverride::KEYS.contains(&key) {
            return Err(format!(
                "unknown key '{key}': expected {}",
                EngineOverride::KEYS.join(", ")
            ));
        }
        let value = value.ok_or_else(|| format!("'{key}' needs a value: {key}=..."))?;
        if let Some(&(name, max)) = SEARCH_KEYS.iter().find(|(name, _)| *name == key) {
            return match value.parse::<f64>() {
                Ok(x) if (0.0..=max).contains(&x) && (name == "rave-equiv" || x.fract() == 0.0) => {
                    Ok(EngineOverride::Search(name, x))
                }
                _ => Err(format!("'{value}' is not a {key} from 0 to {max}")),
            };
        }
        let setting = match key {
            "threads" => EngineOverride::Threads(parse_threads(value)?),
            "playouts" => EngineOverride::Playouts(Some(parse_playouts(value)?)),
            "time" => EngineOverride::Time(Some(parse_seconds(value)?)),
            "seed" => EngineOverride::Seed(
                value
                    .parse()
                    .map_err(|_| format!("'{value}' is not a seed (a number from 0)"))?,
            ),
            "resign-at" => EngineOverride::ResignAt(parse_resign_at(value)?.0),
            "book" => EngineOverride::Book(
                value
                    .parse()
                    .map_err(|_| format!("'{value}' is not true or false"))?,
            ),
            _ => EngineOverride::MaxTreeMb(parse_tree_mb(value)?),
        };
        Ok(setting)
    }

    /// Reads a comma-separated list of settings (`playouts=500,threads=1`); an empty text is
    /// an empty list.
    ///
    /// # Errors
    /// As [`EngineOverride::parse`], for the first bad item.
    pub fn parse_list(text: &str) -> Result<Vec<EngineOverride>, String> {
        text.split(',')
            .filter(|item| !item.trim().is_empty())
            .map(EngineOverride::parse)
            .collect()
    }

    /// Changes `config` accordingly.
    pub fn apply(&self, config: &mut EngineConfig) {
        match *self {
            EngineOverride::Threads(n) => config.threads = n,
            EngineOverride::Playouts(n) => config.playouts = n,
            EngineOverride::Time(t) => config.time_per_move = t,
            EngineOverride::Seed(s) => config.seed = s,
            EngineOverride::ResignAt(r) => config.resign_at = r,
            EngineOverride::MaxTreeMb(mb) => config.max_tree_mb = mb,
            EngineOverride::Book(on) => config.book = on,
            EngineOverride::Search(key, x) => {
                let search = &mut config.search;
                match key {
                    "prior-learned" => search.prior_learned = x as u16,
                    "prior-even" => search.prior_even = x as u16,
                    "prior-knowledge" => search.prior_knowledge = x as u16,
                    "expand-at" => search.expand_threshold = (x as u32).max(1),
                    _ => search.rave_equiv = x,
                }
            }
        }
    }
}

/// A thread count from 1 to 1024.
pub fn parse_threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err(format!("'{s}' is not a thread count from 1 to 1024")),
    }
}

/// A playout count from 1.
pub fn parse_playouts(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("'{s}' is not a number of playouts from 1")),
    }
}

/// Seconds, more than 0 and at most a day.
pub fn parse_seconds(s: &str) -> Result<Duration, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= 86_400.0 => Ok(Duration::from_secs_f64(x)),
        _ => Err(format!(
            "'{s}' is not a number of seconds (more than 0, at most 86400)"
        )),
    }
}

/// A win rate from 0 to below 1; 0, `never`, `off` and `none` never resign.
pub fn parse_resign_at(s: &str) -> Result<ResignAt, String> {
    if ["never", "off", "none"].contains(&s.to_ascii_lowercase().as_str()) {
        return Ok(ResignAt(None));
    }
    match s.parse::<f64>() {
        Ok(0.0) => Ok(ResignAt(None)),
        Ok(x) if x > 0.0 && x < 1.0 => Ok(ResignAt(Some(x))),
        _ => Err(format!(
            "'{s}' is not a win rate from 0 to below 1 (0 or 'never' never resigns)"
        )),
    }
}

/// A tree memory cap from 1 MiB to 1 TiB.
pub fn parse_tree_mb(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=1 << 20).contains(&n) => Ok(n),
        _ => Err(format!("'{s}' is not a size in MiB from 1 to 1048576")),
    }
}

/// A rules preset name.
pub fn parse_rules(s: &str) -> Result<Rules, String> {
    Rules::preset(s).map_err(|e| e.to_string())
}

/// Komi in half-point steps.
pub fn parse_komi(s: &str) -> Result<Komi, String> {
    s.parse::<Komi>().map_err(|e| e.to_string())
}

/// A board size from 2 to 25.
pub fn parse_size(s: &str) -> Result<BoardSize, String> {
    let n: i64 = s
        .parse()
        .map_err(|_| format!("'{s}' is not a board size from 2 to 25"))?;
    BoardSize::new(n).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser, Debug)]
    struct Cli {
        #[command(flatten)]
        engine: EngineArgs,
    }

    fn settings(args: &[&str]) -> Result<EngineSettings, clap::Error> {
        let argv = std::iter::once("weiqi").chain(args.iter().copied());
        Cli::try_parse_from(argv).map(|cli| cli.engine.settings())
    }

    #[test]
    fn defaults_come_from_the_engine_config() {
        let s = settings(&[]).unwrap();
        let d = EngineConfig::default();
        assert_eq!(s.config.playouts, d.playouts);
        assert_eq!(s.config.resign_at, d.resign_at);
        assert_eq!(s.config.max_tree_mb, d.max_tree_mb);
        assert_eq!(s.config.seed, d.seed);
        assert!(s.config.book);
        assert_eq!(s.config.threads, all_cores());
        assert_eq!(s.size, BoardSize::NINETEEN);
        assert_eq!(s.rules, Rules::chinese());
    }

    #[test]
    fn flags_become_settings() {
        let s = settings(&[
            "--threads",
            "2",
            "--time",
            "1.5",
            "--seed",
            "9",
            "--resign-at",
            "0.05",
            "--rules",
            "nz",
            "--komi",
            "-3",
            "--size",
            "9",
            "-vv",
        ])
        .unwrap();
        assert_eq!(s.config.threads, 2);
        assert_eq!(s.config.playouts, None);
        assert_eq!(s.config.time_per_move, Some(Duration::from_millis(1500)));
        assert_eq!(s.config.seed, 9);
        assert_eq!(s.config.resign_at, Some(0.05));
        assert_eq!(
            s.rules,
            Rules::new_zealand().with_komi(Komi::from_half_points(-6))
        );
        assert_eq!(s.size, BoardSize::NINE);
        assert_eq!(s.verbosity, 2);
        assert_eq!(settings(&["--no-resign"]).unwrap().config.resign_at, None);
        assert_eq!(
            settings(&["--resign-at", "0"]).unwrap().config.resign_at,
            None
        );
        assert_eq!(settings(&["--komi", "6"]).unwrap().rules.komi.points(), 6.0);
        assert!(!settings(&["--no-book"]).unwrap().config.book);
    }

    #[test]
    fn bad_values_name_the_flag() {
        for (args, needle) in [
            (&["--threads", "0"][..], "--threads"),
            (&["--playouts", "x"], "not a number of playouts"),
            (&["--time", "0"], "not a number of seconds"),
            (&["--resign-at", "1.5"], "win rate"),
            (&["--rules", "japanese"], "unknown rules"),
            (&["--komi", "7.3"], "invalid komi"),
            (&["--size", "26"], "unacceptable size 26"),
            (
                &["--no-resign", "--resign-at", "0.2"],
                "cannot be used with",
            ),
        ] {
            let err = settings(args).unwrap_err().to_string();
            assert!(err.contains(needle), "{args:?}: {err}");
        }
    }

    #[test]
    fn overrides_parse_and_apply() {
        let list =
            EngineOverride::parse_list("playouts=5000, threads=1,seed=3,resign-at=0.1,time=2")
                .unwrap();
        let mut config = EngineConfig::default();
        for o in &list {
            o.apply(&mut config);
        }
        assert_eq!(config.playouts, Some(5000));
        assert_eq!(config.threads, 1);
        assert_eq!(config.seed, 3);
        assert_eq!(config.resign_at, Some(0.1));
        assert_eq!(config.time_per_move, Some(Duration::from_secs(2)));
        assert_eq!(EngineOverride::parse_list("").unwrap(), vec![]);
        assert_eq!(
            EngineOverride::parse("no-resign").unwrap(),
            EngineOverride::ResignAt(None)
        );
        assert!(
            EngineOverride::parse("foo=1")
                .unwrap_err()
                .contains("unknown key 'foo'")
        );
        assert!(
            EngineOverride::parse("playouts")
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(
            EngineOverride::parse("threads=0")
                .unwrap_err()
                .contains("thread count")
        );
        assert_eq!(
            EngineOverride::parse("no-book").unwrap(),
            EngineOverride::Book(false)
        );
        assert_eq!(
            EngineOverride::parse("book=true").unwrap(),
            EngineOverride::Book(true)
        );
        assert!(
            EngineOverride::parse("book=maybe")
                .unwrap_err()
                .contains("not true or false")
        );
        assert!(
            EngineOverride::parse("no-book=1")
                .unwrap_err()
                .contains("takes no value")
        );
    }
}
