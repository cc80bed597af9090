//! The engine flags every playing subcommand shares, and the one place where they become
//! validated settings.
//!
//! Raw flags ([`EngineArgs`], parsed by clap) turn into [`EngineSettings`]: an
//! [`EngineConfig`] for the built-in engine plus the board size and rules (komi included)
//! of the games to play. Every value is checked by a `value_parser` function, so a bad value
//! gets clap's usual error message naming the flag; the conversion itself cannot fail.
//! The value parsers and [`Setting`], which reads the same settings as `key=value` (a
//! `weiqi:playouts=5000,threads=1` player in `weiqi match`), live in the library's
//! `engine::settings`, which GTP's `weiqi-param` also reads.

use clap::Args;
use std::num::NonZero;
use std::time::Duration;
use weiqi::engine::mcts::EngineConfig;
use weiqi::engine::settings::{
    ResignAt, Setting, parse_playouts, parse_resign_at, parse_seconds, parse_threads, parse_tree_mb,
};
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
            Setting::Threads(self.threads.unwrap_or_else(all_cores)),
            Setting::Playouts(playouts),
            Setting::Time(self.time),
            Setting::Seed(self.seed),
            Setting::ResignAt(resign_at),
            Setting::MaxTreeMb(self.max_tree_mb),
            Setting::Book(!self.no_book),
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
}
