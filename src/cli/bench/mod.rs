//! `weiqi bench`: playouts per second from the empty board, per size and thread count.

mod summary;

use anyhow::Context;
use clap::{Args, ValueEnum};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use weiqi::engine::settings::parse_threads;
use weiqi::playout::{
    HeuristicPolicy, PlayoutLimits, PlayoutPolicy, Recent, UniformPolicy, run_playout,
};
use weiqi::score::Ownership;
use weiqi::search::{PlayoutKind, Search, SearchConfig, SearchLimits, SearchResult, Workers};
use weiqi::{Board, BoardSize, Color, Game, Rules};

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Board sizes, comma-separated (2 to 25).
    #[arg(long, value_delimiter = ',', default_values_t = vec![9u8], value_parser = clap::value_parser!(u8).range(2..=25))]
    size: Vec<u8>,
    /// Thread counts, comma-separated: independent playout workers, or with `--search` the
    /// threads of one search.
    #[arg(long, value_delimiter = ',', default_values_t = vec![1usize], value_parser = parse_threads)]
    threads: Vec<usize>,
    /// The playout policy [default: light, or heavy with --search].
    #[arg(long, value_enum)]
    policy: Option<Policy>,
    /// Measure the full search from the empty board (one shared tree, heavy playouts unless
    /// `--policy light`): playouts per second through the tree.
    #[arg(long)]
    search: bool,
    /// With `--search`: also time one-thread searches side by side, a tree each, as the
    /// shared tree's ceiling.
    ///
    /// Beside each run of N > 1 threads, N one-thread searches run side by side, each on
    /// its own tree. Their summed speed is what the shared tree would reach if sharing it
    /// cost nothing, on this machine now; the summary says how much of it the shared tree
    /// keeps.
    #[arg(long, requires = "search")]
    independent: bool,
    /// Seconds per run.
    #[arg(long, default_value_t = 3.0, value_parser = parse_seconds)]
    seconds: f64,
    /// Rounds: each size and thread count runs once per round, and with more than one the
    /// table ends with medians.
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
    /// Whether each thread searched its own tree (`--independent`).
    independent: bool,
}

impl BenchRun {
    /// A run of `args`' policy (through the search with `--search`) on `threads` threads:
    /// `playouts` playouts of `moves` moves in all, in `seconds`.
    fn new(
        args: &BenchArgs,
        size: BoardSize,
        threads: usize,
        independent: bool,
        playouts: u64,
        moves: f64,
        seconds: f64,
    ) -> BenchRun {
        BenchRun {
            size: size.get() as u8,
            policy: args.policy(),
            threads,
            playouts,
            seconds,
            playouts_per_sec: playouts as f64 / seconds,
            avg_moves: moves / playouts.max(1) as f64,
            search: args.search,
            independent,
        }
    }
}

pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    if !args.json {
        println!(
            "{:>5}  {:>6}  {:>6}  {:>7}  {:>10}  {:>7}  {:>12}  {:>9}",
            "size", "policy", "search", "threads", "playouts", "seconds", "playouts/s", "avg moves"
        );
    }
    // Round by round, every setting once per round: the machine's speed drifts, and runs
    // of one setting close in time to those of the others keep the drift out of the ratios
    // between them. Every other round runs the settings in reverse order, so that a drift
    // within rounds does not favour the settings that come first.
    let mut settings = Vec::new();
    for &size in &args.size {
        for &threads in &args.threads {
            settings.push((size, threads, false));
            // Independent trees beside a search of more than one thread only.
            if args.independent && threads > 1 {
                settings.push((size, threads, true));
            }
        }
    }
    let mut results = Vec::new();
    for _ in 0..args.runs {
        for &(size, threads, independent) in &settings {
            let result = measure(args, size, threads, independent)?;
            print_run(args, &result)?;
            results.push(result);
        }
        settings.reverse();
    }
    if !args.json && args.runs > 1 {
        print_medians(args, &results);
    }
    Ok(())
}

/// One line of the table, or one JSON object with `--json`.
fn print_run(args: &BenchArgs, run: &BenchRun) -> anyhow::Result<()> {
    if args.json {
        println!("{}", serde_json::to_string(run)?);
    } else {
        println!(
            "{:>5}  {:>6}  {:>6}  {:>7}  {:>10}  {:>7.2}  {:>12.0}  {:>9.1}",
            format!("{0}x{0}", run.size),
            run.policy.name(),
            trees(run.search, run.independent),
            run.threads,
            run.playouts,
            run.seconds,
            run.playouts_per_sec,
            run.avg_moves
        );
    }
    Ok(())
}

/// The summary after the table. `kept` (with `--independent`) is the shared tree's speed
/// over that of as many independent one-thread trees.
fn print_medians(args: &BenchArgs, results: &[BenchRun]) {
    let ratios = if args.independent {
        "speedup and kept"
    } else {
        "speedup"
    };
    println!(
        "\nmedians of {} runs ({ratios}: medians of the ratios within rounds):",
        args.runs
    );
    let kept_header = if args.independent { "  kept" } else { "" };
    println!(
        "{:>5}  {:>7}  {:>6}  {:>12}  {:>8}  {:>13}{kept_header}",
        "size", "threads", "search", "playouts/s", "speedup", "95% interval"
    );
    for m in summary::medians(results) {
        let s = m.setting;
        let kept = m.kept.map_or(String::new(), |k| format!("  {k:>4.2}"));
        let interval = m
            .speedup_interval
            .map_or("-".to_string(), |(lo, hi)| format!("{lo:.2}x-{hi:.2}x"));
        println!(
            "{:>5}  {:>7}  {:>6}  {:>12.0}  {:>7.2}x  {interval:>13}{kept}",
            format!("{0}x{0}", s.size),
            s.threads,
            trees(args.search, s.independent),
            m.playouts_per_sec,
            m.speedup,
        );
    }
}

/// The table's `search` column: `no` for raw playouts, `shared` for one tree searched by all
/// threads, `own` for a tree per thread.
fn trees(search: bool, independent: bool) -> &'static str {
    match (search, independent) {
        (false, _) => "no",
        (true, false) => "shared",
        (true, true) => "own",
    }
}

fn measure(
    args: &BenchArgs,
    size: u8,
    threads: usize,
    independent: bool,
) -> anyhow::Result<BenchRun> {
    if args.search {
        return measure_search(args, size, threads, independent);
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
    let (playouts, moves) = (playouts.into_inner(), moves.into_inner() as f64);
    Ok(BenchRun::new(
        args, size, threads, false, playouts, moves, seconds,
    ))
}

/// Runs the full search from the empty board (komi 7.5, Chinese rules) for the configured
/// time and counts the playouts that went through the tree: one search on `threads`
/// threads, or with `independent` that many one-thread searches side by side, each with
/// its own tree and seed.
fn measure_search(
    args: &BenchArgs,
    size: u8,
    threads: usize,
    independent: bool,
) -> anyhow::Result<BenchRun> {
    let size = BoardSize::new(size.into())?;
    let game = Game::new(size, Rules::chinese());
    let config = |seed: u64| SearchConfig {
        seed,
        playouts: match args.policy() {
            Policy::Light => PlayoutKind::Light,
            Policy::Heavy => PlayoutKind::Heavy,
        },
        ..SearchConfig::default()
    };
    let limits = SearchLimits {
        time: Some(Duration::from_secs_f64(args.seconds)),
        ..SearchLimits::default()
    };
    let search = |seed: u64, threads: usize| -> anyhow::Result<SearchResult> {
        let workers = Workers::new(threads)?;
        Ok(Search::new(&game, config(seed)).run(&workers, limits))
    };
    let start = Instant::now();
    let results = if independent {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads as u64)
                .map(|i| scope.spawn(move || search(args.seed.wrapping_add(i), 1)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect::<anyhow::Result<Vec<_>>>()
        })?
    } else {
        vec![search(args.seed, threads)?]
    };
    let seconds = start.elapsed().as_secs_f64();
    let playouts: u64 = results.iter().map(|r| r.playouts).sum();
    let moves: f64 = results
        .iter()
        .map(|r| r.avg_moves * r.playouts as f64)
        .sum();
    Ok(BenchRun::new(
        args,
        size,
        threads,
        independent,
        playouts,
        moves,
        seconds,
    ))
}
