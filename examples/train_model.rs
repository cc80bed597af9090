//! Fits the learned move model (`src/search/learned.rs`) to recorded games and writes it
//! as generated source: `src/search/learned_gammas19.rs` for boards from 10x10 up, with
//! large spatial patterns, or `src/search/learned_gammas.rs` for small boards, without.
//!
//! ```text
//! cargo run --release --example train_model -- --out FILE.rs [--spatial] \
//!     [--holdout FILE...] [--results RESULTS.tsv] [--games N] [--sample P] FILE_OR_DIR...
//! ```
//!
//! Inputs are SGF files (directories are read one level deep) or files of Tygem lines
//! (`ID<TAB>;B[pd];W[dp];...`), told apart by content. Each move played (passes and own-eye
//! fills excepted) is a training example: the position before it, with every candidate the
//! priors consider (legal, not filling an own eye), one of them played.
//!
//! With `--spatial`, the first `--harvest-games` games give the spatial dictionary: every
//! pattern around a played move, at every radius, seen at least `--min-pattern-count` times.
//! A candidate's spatial level is the largest of its patterns in the dictionary. Every
//! pattern around some training candidate is written, at every radius, so that the search
//! can grow a pattern until the first radius missing.
//!
//! The fit is Coulom's minorization-maximization (2007) over `--games` games (a share
//! `--sample` of their positions), with one virtual win and one virtual loss against a
//! gamma of 1 for every level. The held-out games (`--holdout`, or else every tenth game)
//! are scored with the written model exactly as `weiqi predict` scores them. A file that
//! already holds a fit from more positions is replaced only with `--force`.

use clap::Parser;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;
use weiqi::playout::Recent;
use weiqi::playout::ladder::LadderReader;
use weiqi::playout::spatial::{self, PatternTable};
use weiqi::search::learned::{GROUP_NAMES, GROUPS, Gammas, LEVELS, Model, Reading};
use weiqi::search::predict::{PHASES, Prediction, Tally};
use weiqi::{Game, Move};

/// A shape needs this many appearances among the candidates to get a gamma of its own.
const MIN_SHAPE_COUNT: u32 = 40;
/// The model's groups: the tactical ones, then the spatial pattern.
const ALL_GROUPS: usize = GROUPS + 1;
const SPATIAL: usize = GROUPS;

#[derive(Parser, Debug)]
#[command(about = "Fit the learned move model to recorded games")]
struct Args {
    /// The generated source file to write.
    #[arg(long)]
    out: PathBuf,
    /// Read large spatial patterns (the model for boards from 10x10 up).
    #[arg(long)]
    spatial: bool,
    /// Held-out games, never trained on (default: every tenth input game).
    #[arg(long, num_args = 1..)]
    holdout: Vec<PathBuf>,
    /// A results table (`id<TAB>date<TAB>result...`): games lost on time are left out.
    #[arg(long)]
    results: Option<PathBuf>,
    /// Games to fit on (the first ones read).
    #[arg(long, default_value_t = usize::MAX)]
    games: usize,
    /// Share of each fitting game's positions to use.
    #[arg(long, default_value_t = 1.0)]
    sample: f64,
    /// Games to harvest spatial patterns from (the first ones read).
    #[arg(long, default_value_t = usize::MAX)]
    harvest_games: usize,
    /// Appearances at a played move that put a spatial pattern in the dictionary.
    #[arg(long, default_value_t = 10)]
    min_pattern_count: u32,
    /// Held-out games to score.
    #[arg(long, default_value_t = usize::MAX)]
    holdout_games: usize,
    /// Minorization-maximization sweeps over all groups.
    #[arg(long, default_value_t = 20)]
    sweeps: usize,
    /// Replace a file that holds a fit from more positions.
    #[arg(long)]
    force: bool,
    /// A name for the data set, for the file's header.
    #[arg(long, default_value = "the games given")]
    data_name: String,
    /// Game records: SGF files, directories of them, or files of Tygem lines.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
}

/// The files named, directories read one level deep for `.sgf` files.
fn files(args: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in args {
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(path) {
                let mut found: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "sgf"))
                    .collect();
                found.sort();
                files.extend(found);
            }
        } else {
            files.push(path.clone());
        }
    }
    files
}

/// Every readable game of `paths`, with its id; unreadable ones are reported and skipped.
fn read_games(paths: &[PathBuf], lost_on_time: &HashSet<String>) -> Vec<Game> {
    let mut games = Vec::new();
    let (mut bad, mut timed) = (0, 0);
    for file in files(paths) {
        let text =
            match std::fs::read(&file).map(|b| weiqi::sgf::decode(&b).map(|t| t.into_owned())) {
                Ok(Ok(text)) => text,
                Ok(Err(e)) => {
                    eprintln!("{}: {e}", file.display());
                    continue;
                }
                Err(e) => {
                    eprintln!("{}: {e}", file.display());
                    continue;
                }
            };
        for record in weiqi::sgf::parse_records(&text) {
            match record {
                Ok(r) if lost_on_time.contains(&r.id) => timed += 1,
                Ok(r) => games.push(r.record.game),
                Err(e) => {
                    bad += 1;
                    if bad <= 5 {
                        eprintln!("{}: {e}", file.display());
                    }
                }
            }
        }
    }
    eprintln!(
        "{}: {} games read, {bad} unreadable, {timed} lost on time left out",
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" "),
        games.len()
    );
    games
}

/// The ids of games that the results table says were lost on time.
fn lost_on_time(path: &Path) -> HashSet<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{}: {e}", path.display());
        std::process::exit(1);
    });
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let id = fields.next()?;
            let result = fields.nth(1)?;
            result.ends_with("+Time").then(|| id.to_string())
        })
        .collect()
}

/// Calls `f` with the board, mover, recent moves and point of every stone played in `game`.
fn for_each_move(
    game: &Game,
    mut f: impl FnMut(usize, &weiqi::Board, weiqi::Color, Recent, weiqi::Point),
) {
    let mut replay = game.clone();
    while replay.undo().is_some() {}
    for (i, &(color, mv)) in game.moves().iter().enumerate() {
        if let Move::Play(p) = mv {
            f(
                i,
                replay.board(),
                color,
                Recent::at_end_of(replay.moves()),
                p,
            );
        }
        if replay.play(color, mv).is_err() {
            return;
        }
    }
}

/// The spatial dictionary: the key of every pattern around a played move seen `min_count`
/// times, sorted.
fn harvest(games: &[Game], min_count: u32) -> Vec<u64> {
    let keys: Vec<Vec<u64>> = games
        .par_iter()
        .map(|game| {
            let mut keys = Vec::new();
            for_each_move(game, |_, board, color, _, p| {
                if board.is_legal_no_suicide(color, p) {
                    keys.extend(spatial::hashes(board, color, p));
                }
            });
            keys
        })
        .collect();
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for k in keys.into_iter().flatten() {
        *counts.entry(k).or_default() += 1;
    }
    let distinct = counts.len();
    let mut kept: Vec<u64> = counts
        .into_iter()
        .filter(|&(_, n)| n >= min_count)
        .map(|(k, _)| k)
        .collect();
    kept.sort_unstable();
    eprintln!(
        "harvest: {distinct} distinct patterns in {} games, {} seen {min_count} times or more",
        games.len(),
        kept.len()
    );
    kept
}

/// A candidate as the fit sees it.
#[derive(Clone, Copy)]
struct Candidate {
    /// Spatial level: the dictionary number of the largest pattern, 0 for none.
    spatial: u32,
    /// Shape: the canonical key, then its dense level.
    shape: u16,
    /// Levels of the tactical groups 1 to 7.
    tactical: [u8; GROUPS - 1],
}

impl Candidate {
    fn level(&self, g: usize) -> usize {
        match g {
            0 => usize::from(self.shape),
            SPATIAL => self.spatial as usize,
            _ => usize::from(self.tactical[g - 1]),
        }
    }
}

/// Training positions: each a run of candidates, one of them played.
#[derive(Default)]
struct Positions {
    candidates: Vec<Candidate>,
    /// Start of each position's candidates, and one past the last.
    starts: Vec<usize>,
    /// Index (into `candidates`) of the move played in each position.
    played: Vec<usize>,
    /// Dictionary numbers of every spatial pattern around some candidate, at any radius,
    /// each with the number of the pattern one radius smaller inside it (0 for none).
    present: HashMap<u32, u32>,
}

impl Positions {
    fn len(&self) -> usize {
        self.played.len()
    }

    fn range(&self, j: usize) -> std::ops::Range<usize> {
        self.starts[j]..self.starts[j + 1]
    }

    /// The positions of one game, a share `sample` of them.
    fn of_game(game: &Game, dictionary: &PatternTable<u32>, sample: f64, seed: u64) -> Positions {
        let mut out = Positions {
            starts: vec![0],
            ..Positions::default()
        };
        let mut rng = SmallRng::seed_from_u64(seed);
        let mut ladders = LadderReader::default();
        for_each_move(game, |_, board, color, recent, played| {
            if sample < 1.0 && !rng.random_bool(sample) {
                return;
            }
            let start = out.candidates.len();
            let mut chosen = None;
            for &p in board.empty_points() {
                if !board.is_legal_no_suicide(color, p) || board.is_eye(p, color) {
                    continue;
                }
                let reading = Reading::of(board, color, p, &mut ladders);
                let f = weiqi::search::learned::Features::of(board, color, p, recent, &reading);
                let mut spatial = 0;
                if !dictionary.is_empty() {
                    for k in spatial::hashes(board, color, p) {
                        let Some(id) = dictionary.get(k) else { break };
                        out.present.insert(id, spatial);
                        spatial = id;
                    }
                }
                if p == played {
                    chosen = Some(out.candidates.len());
                }
                out.candidates.push(Candidate {
                    spatial,
                    shape: f.levels[0],
                    tactical: std::array::from_fn(|g| f.levels[g + 1] as u8),
                });
            }
            match chosen {
                Some(c) if out.candidates.len() - start > 1 => {
                    out.played.push(c);
                    out.starts.push(out.candidates.len());
                }
                _ => out.candidates.truncate(start),
            }
        });
        out
    }

    fn append(&mut self, other: Positions) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        let base = self.candidates.len();
        self.candidates.extend(other.candidates);
        self.starts
            .extend(other.starts[1..].iter().map(|s| s + base));
        self.played.extend(other.played.iter().map(|p| p + base));
        self.present.extend(other.present);
    }
}

/// The model being fitted: gammas by group and dense level.
struct Fit {
    gammas: [Vec<f64>; ALL_GROUPS],
    /// Dense shape level of each canonical key (the last level: rare shapes).
    shape_keys: Vec<u16>,
    /// Each candidate's strength under the current gammas.
    strengths: Vec<f64>,
    /// For each spatial pattern around some training candidate, the pattern one radius
    /// smaller inside it (0 for none). Those are written, so that the written table holds
    /// every smaller pattern of each pattern it holds.
    parents: HashMap<u32, u32>,
    /// Whether each spatial level is some training candidate's largest pattern.
    largest: Vec<bool>,
}

impl Fit {
    /// Numbers the shapes seen often enough and turns the candidates' shape keys into
    /// dense levels.
    fn new(train: &mut Positions, spatial_levels: usize) -> Fit {
        let mut counts: HashMap<u16, u32> = HashMap::new();
        for c in &train.candidates {
            *counts.entry(c.shape).or_default() += 1;
        }
        let mut shape_keys: Vec<u16> = counts
            .into_iter()
            .filter(|&(_, n)| n >= MIN_SHAPE_COUNT)
            .map(|(k, _)| k)
            .collect();
        shape_keys.sort_unstable();
        let dense: HashMap<u16, u16> = shape_keys
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i as u16))
            .collect();
        let rare = shape_keys.len() as u16;
        for c in &mut train.candidates {
            c.shape = dense.get(&c.shape).copied().unwrap_or(rare);
        }
        let mut gammas: [Vec<f64>; ALL_GROUPS] = Default::default();
        gammas[0] = vec![1.0; shape_keys.len() + 1];
        for g in 1..GROUPS {
            gammas[g] = vec![1.0; LEVELS[g]];
        }
        gammas[SPATIAL] = vec![1.0; spatial_levels];
        let mut largest = vec![false; spatial_levels];
        for c in &train.candidates {
            largest[c.spatial as usize] = true;
        }
        Fit {
            gammas,
            shape_keys,
            strengths: vec![1.0; train.candidates.len()],
            parents: std::mem::take(&mut train.present),
            largest,
        }
    }

    /// One minorization-maximization update of group `g`.
    fn update(&mut self, data: &Positions, g: usize) {
        let n = self.gammas[g].len();
        let gammas = &self.gammas[g];
        let strengths = &self.strengths;
        let (wins, denominator) = (0..data.len())
            .into_par_iter()
            .fold(
                || (vec![0.0f64; n], vec![0.0f64; n]),
                |(mut wins, mut denominator), j| {
                    let range = data.range(j);
                    let total: f64 = strengths[range.clone()].iter().sum();
                    for i in range {
                        let l = data.candidates[i].level(g);
                        denominator[l] += strengths[i] / gammas[l] / total;
                    }
                    wins[data.candidates[data.played[j]].level(g)] += 1.0;
                    (wins, denominator)
                },
            )
            .reduce(
                || (vec![0.0; n], vec![0.0; n]),
                |(mut w, mut d), (w2, d2)| {
                    w.iter_mut().zip(&w2).for_each(|(a, b)| *a += b);
                    d.iter_mut().zip(&d2).for_each(|(a, b)| *a += b);
                    (w, d)
                },
            );
        let old = self.gammas[g].clone();
        for l in 0..n {
            // Level 0 of a tactical group (and of the spatial one: no pattern) is the
            // baseline.
            if g > 0 && l == 0 {
                continue;
            }
            // One virtual win and one virtual loss against a gamma of 1.
            let x = old[l];
            self.gammas[g][l] = (wins[l] + 1.0) / (denominator[l] + 2.0 / (1.0 + x));
        }
        let ratio: Vec<f64> = self.gammas[g]
            .iter()
            .zip(&old)
            .map(|(a, b)| a / b)
            .collect();
        self.strengths
            .par_iter_mut()
            .zip(&data.candidates)
            .for_each(|(s, c)| *s *= ratio[c.level(g)]);
    }

    /// The gamma of spatial pattern `id`: its own if it was some training candidate's
    /// largest pattern, else that of the pattern one radius smaller inside it, which the
    /// model would have read without it.
    fn spatial_gamma(&self, id: u32) -> f64 {
        let mut id = id;
        while id != 0 && !self.largest[id as usize] {
            id = self.parents.get(&id).copied().unwrap_or(0);
        }
        self.gammas[SPATIAL][id as usize]
    }

    /// The fitted gammas as a model (its tables leaked: it lives to the end).
    fn gammas(&self, dictionary: &PatternTable<u32>, spatial_keys: &[u64]) -> Gammas {
        let f32s = |v: &[f64]| -> &'static [f32] {
            Box::leak(
                v.iter()
                    .map(|&x| x as f32)
                    .collect::<Vec<_>>()
                    .into_boxed_slice(),
            )
        };
        let mut tactical: [&'static [f32]; GROUPS] = [&[]; GROUPS];
        for (g, t) in tactical.iter_mut().enumerate().skip(1) {
            *t = f32s(&self.gammas[g]);
        }
        let shapes: Vec<(u16, f32)> = self
            .shape_keys
            .iter()
            .enumerate()
            .map(|(l, &k)| (k, self.gammas[0][l] as f32))
            .collect();
        let spatial: Vec<(u64, f32)> = spatial_keys
            .iter()
            .filter_map(|&k| {
                let id = dictionary.get(k)?;
                self.parents
                    .contains_key(&id)
                    .then(|| (k, self.spatial_gamma(id) as f32))
            })
            .collect();
        Gammas {
            tactical,
            rare_shape: *self.gammas[0].last().expect("a rare level") as f32,
            shapes: Box::leak(shapes.into_boxed_slice()),
            spatial: Box::leak(spatial.into_boxed_slice()),
        }
    }
}

/// Scores `games` with `model` as `weiqi predict` does.
fn score(model: &Model, games: &[Game]) -> Prediction {
    games
        .par_iter()
        .fold(
            || (Prediction::default(), LadderReader::default()),
            |(mut p, mut ladders), game| {
                p.add_game(model, game, &mut ladders);
                (p, ladders)
            },
        )
        .map(|(p, _)| p)
        .reduce(Prediction::default, |mut a, b| {
            a.merge(&b);
            a
        })
}

fn describe(t: &Tally) -> String {
    format!(
        "{} positions, top-1 {:.2}%, top-5 {:.2}%, log-likelihood {:.4}",
        t.positions,
        100.0 * t.top1(),
        100.0 * t.top5(),
        t.log_likelihood()
    )
}

/// The training positions an existing generated file says it was fitted to.
fn positions_in(path: &Path) -> Option<usize> {
    let text = std::fs::read_to_string(path).ok()?;
    let line = text.lines().find(|l| l.contains("training positions:"))?;
    line.split("training positions:")
        .nth(1)?
        .split_whitespace()
        .next()?
        .replace(',', "")
        .parse()
        .ok()
}

/// The commit of the working tree, if git knows it.
fn commit() -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The generated source of `gammas`, with `header` lines as its module doc.
fn source(gammas: &Gammas, header: &[String]) -> String {
    let mut out = String::new();
    for line in header {
        let _ = writeln!(out, "//! {line}").map(|_| ());
        if line.is_empty() {
            out.truncate(out.len() - 2);
            out.push('\n');
        }
    }
    out.push_str("//!\n//! Generated by `examples/train_model.rs`; do not edit by hand.\n\n");
    out.push_str("use super::learned::Gammas;\n\n");
    out.push_str("/// The fitted gammas.\npub(super) static GAMMAS: Gammas = Gammas {\n");
    out.push_str("    tactical: [\n        &[],\n");
    for (name, g) in GROUP_NAMES.iter().zip(&gammas.tactical).skip(1) {
        let levels: Vec<String> = g.iter().map(|x| format!("{x:.4}")).collect();
        let _ = writeln!(out, "        // {name}\n        &[{}],", levels.join(", "));
    }
    out.push_str("    ],\n");
    let _ = writeln!(out, "    rare_shape: {:.4},", gammas.rare_shape);
    out.push_str("    shapes: &SHAPES,\n    spatial: &SPATIAL,\n};\n\n");
    out.push_str("/// Gammas of the 3x3 shapes seen often enough, by canonical key.\n");
    let _ = writeln!(
        out,
        "static SHAPES: [(u16, f32); {}] = [",
        gammas.shapes.len()
    );
    for (k, x) in gammas.shapes {
        let _ = writeln!(out, "    (0x{k:04x}, {x:.4}),");
    }
    out.push_str("];\n\n/// Gammas of the large spatial patterns, by key.\n");
    let _ = writeln!(
        out,
        "static SPATIAL: [(u64, f32); {}] = [",
        gammas.spatial.len()
    );
    for (k, x) in gammas.spatial {
        let _ = writeln!(out, "    (0x{k:016x}, {x:.4}),");
    }
    out.push_str("];\n");
    out
}

fn main() {
    let args = Args::parse();
    let start = Instant::now();
    let timed = args
        .results
        .as_deref()
        .map(lost_on_time)
        .unwrap_or_default();
    let mut games = read_games(&args.inputs, &timed);
    let holdout = if args.holdout.is_empty() {
        let mut held = Vec::new();
        let mut kept = Vec::new();
        for (i, g) in games.into_iter().enumerate() {
            if i % 10 == 0 {
                held.push(g)
            } else {
                kept.push(g)
            }
        }
        games = kept;
        held
    } else {
        read_games(&args.holdout, &timed)
    };
    let holdout = &holdout[..holdout.len().min(args.holdout_games)];
    let harvest_games = &games[..games.len().min(args.harvest_games)];
    let spatial_keys = if args.spatial {
        harvest(harvest_games, args.min_pattern_count)
    } else {
        Vec::new()
    };
    let dictionary = PatternTable::new(spatial_keys.iter().copied().zip(1u32..));
    let fit_games = &games[..games.len().min(args.games)];
    let mut train = fit_games
        .par_iter()
        .enumerate()
        .map(|(i, g)| Positions::of_game(g, &dictionary, args.sample, i as u64))
        .collect::<Vec<_>>()
        .into_iter()
        .fold(Positions::default(), |mut all, p| {
            all.append(p);
            all
        });
    if train.len() == 0 {
        eprintln!("no training positions: no readable games with moves");
        std::process::exit(1);
    }
    if let Some(before) = positions_in(&args.out).filter(|&n| n > train.len() && !args.force) {
        eprintln!(
            "{} holds a fit from {before} positions, more than these {}: use --force to replace it",
            args.out.display(),
            train.len()
        );
        std::process::exit(1);
    }
    let extracted = start.elapsed();
    eprintln!(
        "{} training positions ({} candidates) from {} games in {:.0} s",
        train.len(),
        train.candidates.len(),
        fit_games.len(),
        extracted.as_secs_f64()
    );
    let mut fit = Fit::new(&mut train, spatial_keys.len() + 1);
    eprintln!(
        "{} shapes with a gamma of their own, {} spatial patterns around training candidates",
        fit.gammas[0].len() - 1,
        fit.parents.len()
    );
    for sweep in 1..=args.sweeps {
        for g in 0..ALL_GROUPS {
            if fit.gammas[g].len() > 1 {
                fit.update(&train, g);
            }
        }
        let ll: f64 = (0..train.len())
            .into_par_iter()
            .map(|j| {
                let total: f64 = fit.strengths[train.range(j)].iter().sum();
                (fit.strengths[train.played[j]] / total).ln()
            })
            .sum::<f64>()
            / train.len() as f64;
        eprintln!("sweep {sweep}: training log-likelihood {ll:.4}");
    }
    let fitted = start.elapsed();
    for (name, gammas) in GROUP_NAMES.iter().zip(&fit.gammas).skip(1) {
        let levels: Vec<String> = gammas.iter().map(|x| format!("{x:.2}")).collect();
        eprintln!("{name}: {}", levels.join(" "));
    }
    let gammas = fit.gammas(&dictionary, &spatial_keys);
    let model = Model::new(&gammas);
    let scores = score(&model, holdout);
    eprintln!(
        "held out, {} games: {}",
        holdout.len(),
        describe(&scores.overall)
    );
    let mut header = vec![
        "Fitted gammas of the learned move model ([`super::learned`]).".to_string(),
        String::new(),
        format!("Data: {}.", args.data_name),
        format!(
            "Command: `cargo run --release --example train_model -- {}`",
            std::env::args()
                .skip(1)
                .map(|a| if a.contains(' ') {
                    format!("\"{a}\"")
                } else {
                    a
                })
                .collect::<Vec<_>>()
                .join(" ")
        ),
        format!("Commit: {}.", commit()),
        format!(
            "Fit: {} games, training positions: {} ({} candidates), {} shapes, {} spatial \
             patterns; {} sweeps in {:.0} s on {} threads.",
            fit_games.len(),
            train.len(),
            train.candidates.len(),
            gammas.shapes.len(),
            gammas.spatial.len(),
            args.sweeps,
            fitted.as_secs_f64(),
            rayon::current_num_threads()
        ),
        format!(
            "Held out, {} games: {}.",
            scores.games,
            describe(&scores.overall)
        ),
    ];
    for ((a, b), t) in PHASES.iter().zip(&scores.phases) {
        let moves = if *b == usize::MAX {
            format!("{a} on")
        } else {
            format!("{a}-{b}")
        };
        header.push(format!("Held out, moves {moves}: {}.", describe(t)));
    }
    if let Err(e) = std::fs::write(&args.out, source(&gammas, &header)) {
        eprintln!("{}: {e}", args.out.display());
        std::process::exit(1);
    }
    eprintln!(
        "wrote {} in {:.0} s",
        args.out.display(),
        start.elapsed().as_secs_f64()
    );
}
