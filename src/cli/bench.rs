//! `weiqi bench`: playouts per second from the empty board, per size and thread count.

use anyhow::Context;
use clap::{Args, ValueEnum};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use weiqi::playout::{
    HeuristicPolicy, PlayoutLimits, PlayoutPolicy, Recent, UniformPolicy, run_playout,
};
use weiqi::score::Ownership;
use weiqi::search::{PlayoutKind, Search, SearchConfig, SearchLimits, Workers};
use weiqi::{Board, BoardSize, Color, Game, Rules};

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Board sizes, comma-separated (2 to 25).
    #[arg(long, value_delimiter = ',', default_values_t = vec![9u8], value_parser = clap::value_parser!(u8).range(2..=25))]
    size: Vec<u8>,
    /// Thread counts, comma-separated: independent playout workers.
    #[arg(long, value_delimiter = ',', default_values_t = vec![1usize], value_parser = parse_threads)]
    threads: Vec<usize>,
    /// What to run.
    /// The playout policy [default: light, or heavy with --search].
    #[arg(long, value_enum)]
    policy: Option<Policy>,
    /// Measure the full search from the empty board (one shared tree, heavy playouts unless
    /// `--policy light`): playouts per second through the tree.
    #[arg(long)]
    search: bool,
    /// Seconds per run.
    #[arg(long, default_value_t = 3.0, value_parser = parse_seconds)]
    seconds: f64,
    /// Runs of each size and thread count.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
    runs: u32,
    /// Seed of the first worker's random generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print one JSON object per run instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
enum Policy {
    /// Uniform random non-eye-filling moves.
    Light,
    /// The heuristic policy (captures, rescues, nakade, ataris, 3x3 patterns) with its
    /// default settings.
    Heavy,
}

impl BenchArgs {
    /// The policy in effect: as given, or heavy for the search and light otherwise.
    fn policy(&self) -> Policy {
        self.policy.unwrap_or(if self.search {
            Policy::Heavy
        } else {
            Policy::Light
        })
    }
}

impl Policy {
    fn name(self) -> &'static str {
        match self {
            Policy::Light => "light",
            Policy::Heavy => "heavy",
        }
    }
}

fn parse_threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err(format!("'{s}' is not a thread count from 1 to 1024")),
    }
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= 3600.0 => Ok(x),
        _ => Err(format!("'{s}' is not a number of seconds from 0 to 3600")),
    }
}

/// One measurement, as printed by `--json`.
#[derive(Debug, Serialize)]
struct BenchRun {
    size: u8,
    policy: Policy,
    threads: usize,
    playouts: u64,
    seconds: f64,
    playouts_per_sec: f64,
    avg_moves: f64,
    /// Whether the playouts ran through the search tree.
    search: bool,
}

pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    if !args.json {
        println!(
            "{:>5}  {:>6}  {:>6}  {:>7}  {:>10}  {:>7}  {:>12}  {:>9}",
            "size", "policy", "search", "threads", "playouts", "seconds", "playouts/s", "avg moves"
        );
    }
    // Round by round, every size and thread count once per round: the machine's speed
    // drifts, and runs of one setting close in time to those of the others keep the drift
    // out of the ratios between them.
    let mut results = Vec::new();
    for _ in 0..args.runs {
        for &size in &args.size {
            for &threads in &args.threads {
                let result = measure(args, size, threads)?;
                if args.json {
                    println!("{}", serde_json::to_string(&result)?);
                } else {
                    println!(
                        "{:>5}  {:>6}  {:>6}  {:>7}  {:>10}  {:>7.2}  {:>12.0}  {:>9.1}",
                        format!("{size}x{size}"),
                        args.policy().name(),
                        if result.search { "yes" } else { "no" },
                        threads,
                        result.playouts,
                        result.seconds,
                        result.playouts_per_sec,
                        result.avg_moves
                    );
                }
                results.push(result);
            }
        }
    }
    if !args.json && args.runs > 1 {
        println!("\nmedians of {} runs:", args.runs);
        println!(
            "{:>5}  {:>7}  {:>12}  {:>8}",
            "size", "threads", "playouts/s", "speedup"
        );
        for m in medians(&results) {
            println!(
                "{:>5}  {:>7}  {:>12.0}  {:>7.2}x",
                format!("{0}x{0}", m.size),
                m.threads,
                m.playouts_per_sec,
                m.speedup
            );
        }
    }
    Ok(())
}

/// The median speed of one size and thread count over its runs.
#[derive(Debug, PartialEq)]
struct Median {
    size: u8,
    threads: usize,
    playouts_per_sec: f64,
    /// The median over the median with the fewest threads of the same size.
    speedup: f64,
}

/// Medians per size and thread count, in the order the settings first appear.
fn medians(results: &[BenchRun]) -> Vec<Median> {
    let mut settings: Vec<(u8, usize)> = Vec::new();
    for r in results {
        if !settings.contains(&(r.size, r.threads)) {
            settings.push((r.size, r.threads));
        }
    }
    let median_of = |size: u8, threads: usize| {
        let mut speeds: Vec<f64> = results
            .iter()
            .filter(|r| (r.size, r.threads) == (size, threads))
            .map(|r| r.playouts_per_sec)
            .collect();
        speeds.sort_by(f64::total_cmp);
        let n = speeds.len();
        if n % 2 == 1 {
            speeds[n / 2]
        } else {
            (speeds[n / 2 - 1] + speeds[n / 2]) / 2.0
        }
    };
    settings
        .iter()
        .map(|&(size, threads)| {
            let fewest = settings
                .iter()
                .filter(|s| s.0 == size)
                .map(|s| s.1)
                .min()
                .unwrap_or(threads);
            let speed = median_of(size, threads);
            Median {
                size,
                threads,
                playouts_per_sec: speed,
                speedup: speed / median_of(size, fewest),
            }
        })
        .collect()
}

fn measure(args: &BenchArgs, size: u8, threads: usize) -> anyhow::Result<BenchRun> {
    if args.search {
        return measure_search(args, size, threads);
    }
    match args.policy() {
        Policy::Light => measure_with(args, size, threads, || UniformPolicy),
        Policy::Heavy => measure_with(args, size, threads, HeuristicPolicy::default),
    }
}

/// Runs playouts from the empty board on `threads` workers, each with its own policy from
/// `new_policy`, for the configured time.
fn measure_with<P: PlayoutPolicy>(
    args: &BenchArgs,
    size: u8,
    threads: usize,
    new_policy: impl Fn() -> P + Sync,
) -> anyhow::Result<BenchRun> {
    let size = BoardSize::new(size.into())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start the worker threads")?;
    let playouts = AtomicU64::new(0);
    let moves = AtomicU64::new(0);
    let duration = Duration::from_secs_f64(args.seconds);
    let start = Instant::now();
    pool.broadcast(|ctx| {
        let empty = Board::new(size);
        let mut board = empty.clone();
        let mut ownership = Ownership::default();
        let mut rng = SmallRng::seed_from_u64(args.seed.wrapping_add(ctx.index() as u64));
        let mut policy = new_policy();
        let limits = PlayoutLimits::for_board(&empty);
        let (mut n, mut m) = (0u64, 0u64);
        let deadline = start + duration;
        loop {
            for _ in 0..16 {
                board.clone_from(&empty);
                let out = run_playout(
                    &mut board,
                    Color::Black,
                    Recent::default(),
                    &mut policy,
                    &mut rng,
                    limits,
                    &mut ownership,
                    |_, _| {},
                );
                n += 1;
                m += u64::from(out.moves);
            }
            if Instant::now() >= deadline {
                break;
            }
        }
        playouts.fetch_add(n, Ordering::Relaxed);
        moves.fetch_add(m, Ordering::Relaxed);
    });
    let seconds = start.elapsed().as_secs_f64();
    let playouts = playouts.into_inner();
    Ok(BenchRun {
        size: size.get() as u8,
        policy: args.policy(),
        threads,
        playouts,
        seconds,
        playouts_per_sec: playouts as f64 / seconds,
        avg_moves: moves.into_inner() as f64 / playouts.max(1) as f64,
        search: false,
    })
}

/// Runs the full search from the empty board (komi 7.5, Chinese rules) for the configured
/// time and counts the playouts that went through the tree.
fn measure_search(args: &BenchArgs, size: u8, threads: usize) -> anyhow::Result<BenchRun> {
    let size = BoardSize::new(size.into())?;
    let game = Game::new(size, Rules::chinese());
    let config = SearchConfig {
        seed: args.seed,
        playouts: match args.policy() {
            Policy::Light => PlayoutKind::Light,
            Policy::Heavy => PlayoutKind::Heavy,
        },
        ..SearchConfig::default()
    };
    let workers = Workers::new(threads)?;
    let search = Search::new(&game, config);
    let start = Instant::now();
    let result = search.run(
        &workers,
        SearchLimits {
            time: Some(Duration::from_secs_f64(args.seconds)),
            ..SearchLimits::default()
        },
    );
    let seconds = start.elapsed().as_secs_f64();
    Ok(BenchRun {
        size: size.get() as u8,
        policy: args.policy(),
        threads,
        playouts: result.playouts,
        seconds,
        playouts_per_sec: result.playouts as f64 / seconds,
        avg_moves: result.avg_moves,
        search: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(size: u8, threads: usize, playouts_per_sec: f64) -> BenchRun {
        BenchRun {
            size,
            policy: Policy::Light,
            threads,
            playouts: 0,
            seconds: 1.0,
            playouts_per_sec,
            avg_moves: 0.0,
            search: false,
        }
    }

    #[test]
    fn medians_and_speedups_per_setting() {
        let results = [
            run(9, 1, 100.0),
            run(9, 2, 150.0),
            run(9, 1, 80.0),
            run(9, 2, 190.0),
            run(9, 1, 120.0),
            run(9, 2, 170.0),
            run(19, 2, 30.0),
            run(19, 2, 50.0),
        ];
        let m = medians(&results);
        let summary: Vec<_> = m
            .iter()
            .map(|m| (m.size, m.threads, m.playouts_per_sec, m.speedup))
            .collect();
        assert_eq!(
            summary,
            [(9, 1, 100.0, 1.0), (9, 2, 170.0, 1.7), (19, 2, 40.0, 1.0)]
        );
    }
}
