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
    for &size in &args.size {
        for &threads in &args.threads {
            for _ in 0..args.runs {
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
            }
        }
    }
    Ok(())
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
