//! Fits the gammas of the learned move model (`src/search/learned.rs`) to recorded games
//! and writes them as `src/search/learned_gammas.rs`.
//!
//! ```text
//! cargo run --release --example train_priors -- OUT.rs SGF_OR_DIR...
//! ```
//!
//! Every move of every game (passes excepted) is a training example: the position before
//! it, with all the moves the priors would consider (legal, not filling an own eye), and the
//! one that was played. One game in ten is held out to report how well the fitted model
//! predicts the moves played. The fit is Coulom's minorization-maximization (2007), with
//! one virtual win and one virtual loss against a gamma of 1 for every level, so that rare
//! levels stay near 1.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use weiqi::playout::Recent;
use weiqi::playout::ladder::LadderReader;
use weiqi::search::learned::{Features, GROUP_NAMES, GROUPS, LEVELS, Reading};
use weiqi::{Game, Move};

/// A shape needs this many appearances among the candidates to get a gamma of its own.
const MIN_SHAPE_COUNT: u32 = 40;
/// Minorization-maximization sweeps over all groups.
const SWEEPS: usize = 25;

/// Training positions: each a run of candidates, one of them played.
#[derive(Default)]
struct Positions {
    /// Level per group of every candidate; group 0 holds the canonical key.
    candidates: Vec<[u16; GROUPS]>,
    /// Start of each position's candidates, and one past the last.
    starts: Vec<usize>,
    /// Index (into `candidates`) of the move played in each position.
    played: Vec<usize>,
}

impl Positions {
    fn len(&self) -> usize {
        self.played.len()
    }

    fn range(&self, j: usize) -> std::ops::Range<usize> {
        self.starts[j]..self.starts[j + 1]
    }

    /// Adds the positions of one game.
    fn add_game(&mut self, game: &Game, ladders: &mut LadderReader) {
        let mut replay = game.clone();
        while replay.undo().is_some() {}
        for &(color, mv) in game.moves() {
            if let Move::Play(played) = mv {
                let board = replay.board();
                let recent = Recent::at_end_of(replay.moves());
                if self.starts.is_empty() {
                    self.starts.push(0);
                }
                let start = self.candidates.len();
                let mut chosen = None;
                for &p in board.empty_points() {
                    if !board.is_legal_no_suicide(color, p) || board.is_eye(p, color) {
                        continue;
                    }
                    let reading = Reading::of(board, color, p, ladders);
                    if p == played {
                        chosen = Some(self.candidates.len());
                    }
                    self.candidates
                        .push(Features::of(board, color, p, recent, &reading).levels);
                }
                match chosen {
                    Some(c) if self.candidates.len() - start > 1 => {
                        self.played.push(c);
                        self.starts.push(self.candidates.len());
                    }
                    _ => self.candidates.truncate(start),
                }
            }
            if replay.play(color, mv).is_err() {
                return;
            }
        }
    }
}

/// The model being fitted: gammas by group and dense level.
struct Fit {
    gammas: [Vec<f64>; GROUPS],
    /// Dense shape level of each canonical key (the last level: rare shapes).
    shape_level: HashMap<u16, usize>,
}

impl Fit {
    fn new(train: &Positions) -> Fit {
        let mut counts: HashMap<u16, u32> = HashMap::new();
        for c in &train.candidates {
            *counts.entry(c[0]).or_default() += 1;
        }
        let mut keys: Vec<u16> = counts
            .into_iter()
            .filter(|&(_, n)| n >= MIN_SHAPE_COUNT)
            .map(|(k, _)| k)
            .collect();
        keys.sort_unstable();
        let shape_level: HashMap<u16, usize> =
            keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
        let mut gammas: [Vec<f64>; GROUPS] = Default::default();
        gammas[0] = vec![1.0; keys.len() + 1];
        for g in 1..GROUPS {
            gammas[g] = vec![1.0; LEVELS[g]];
        }
        Fit {
            gammas,
            shape_level,
        }
    }

    fn level(&self, c: &[u16; GROUPS], g: usize) -> usize {
        if g == 0 {
            self.shape_level
                .get(&c[0])
                .copied()
                .unwrap_or(self.gammas[0].len() - 1)
        } else {
            usize::from(c[g])
        }
    }

    fn strength(&self, c: &[u16; GROUPS]) -> f64 {
        (0..GROUPS)
            .map(|g| self.gammas[g][self.level(c, g)])
            .product()
    }

    /// One minorization-maximization update of group `g`.
    fn update(&mut self, data: &Positions, g: usize) {
        let n = self.gammas[g].len();
        let mut wins = vec![1.0; n];
        let mut denominator: Vec<f64> = self.gammas[g].iter().map(|&x| 2.0 / (1.0 + x)).collect();
        for j in 0..data.len() {
            let range = data.range(j);
            let strengths: Vec<f64> = data.candidates[range.clone()]
                .iter()
                .map(|c| self.strength(c))
                .collect();
            let total: f64 = strengths.iter().sum();
            for (c, s) in data.candidates[range].iter().zip(&strengths) {
                let l = self.level(c, g);
                denominator[l] += s / self.gammas[g][l] / total;
            }
            wins[self.level(&data.candidates[data.played[j]], g)] += 1.0;
        }
        for l in 0..n {
            // Level 0 of a tactical group is the baseline.
            if g > 0 && l == 0 {
                continue;
            }
            self.gammas[g][l] = wins[l] / denominator[l];
        }
    }

    /// Mean log-likelihood of the moves played, and how often the played move is the
    /// strongest candidate.
    fn evaluate(&self, data: &Positions) -> (f64, f64) {
        let (mut log_likelihood, mut hits) = (0.0, 0);
        for j in 0..data.len() {
            let range = data.range(j);
            let mut best = (f64::MIN, 0);
            let mut total = 0.0;
            for i in range {
                let s = self.strength(&data.candidates[i]);
                total += s;
                if s > best.0 {
                    best = (s, i);
                }
            }
            log_likelihood += (self.strength(&data.candidates[data.played[j]]) / total).ln();
            hits += usize::from(best.1 == data.played[j]);
        }
        let n = data.len().max(1) as f64;
        (log_likelihood / n, hits as f64 / n)
    }

    /// The gammas as the Rust source of `learned_gammas.rs`.
    fn source(&self, games: usize, positions: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "//! Fitted gammas of the learned move model ([`super::learned`]), from {positions} \
             moves of\n//! {games} games. Generated by `examples/train_priors.rs`; do not edit \
             by hand.\n"
        );
        out.push_str(
            "/// Gammas of the tactical groups by level (group 0, the shape, is in [`SHAPES`]).\n",
        );
        out.push_str("pub(super) static TACTICAL: [&[f32]; 8] = [\n    &[],\n");
        for (name, gammas) in GROUP_NAMES.iter().zip(&self.gammas).skip(1) {
            let levels: Vec<String> = gammas.iter().map(|x| format!("{x:.4}")).collect();
            let _ = writeln!(out, "    // {name}\n    &[{}],", levels.join(", "));
        }
        out.push_str("];\n\n/// Gamma of a shape not in [`SHAPES`].\n");
        let rare = self.gammas[0][self.gammas[0].len() - 1];
        let _ = writeln!(out, "pub(super) const RARE_SHAPE: f32 = {rare:.4};\n");
        let mut shapes: Vec<(u16, f64)> = self
            .shape_level
            .iter()
            .map(|(&k, &l)| (k, self.gammas[0][l]))
            .collect();
        shapes.sort_unstable_by_key(|&(k, _)| k);
        out.push_str("/// Gammas of the shapes seen often enough, by canonical key.\n");
        let _ = writeln!(
            out,
            "pub(super) static SHAPES: [(u16, f32); {}] = [",
            shapes.len()
        );
        for (k, x) in shapes {
            let _ = writeln!(out, "    (0x{k:04x}, {x:.4}),");
        }
        out.push_str("];\n");
        out
    }
}

/// The SGF files named on the command line, directories read one level deep.
fn sgf_files(args: &[String]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for arg in args {
        let path = Path::new(arg);
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
            files.push(path.to_path_buf());
        }
    }
    files
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, inputs @ ..] = args.as_slice() else {
        eprintln!("usage: train_priors OUT.rs SGF_OR_DIR...");
        std::process::exit(2);
    };
    let mut ladders = LadderReader::default();
    let (mut train, mut test) = (Positions::default(), Positions::default());
    let mut games = 0;
    for (i, file) in sgf_files(inputs).iter().enumerate() {
        let record = match std::fs::read(file).map(|b| weiqi::sgf::parse_bytes(&b)) {
            Ok(Ok(record)) => record,
            Ok(Err(e)) => {
                eprintln!("{}: {e}", file.display());
                continue;
            }
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                continue;
            }
        };
        games += 1;
        let set = if i % 10 == 0 { &mut test } else { &mut train };
        set.add_game(&record.game, &mut ladders);
    }
    if train.len() == 0 {
        eprintln!("no training positions: no readable games with moves in {inputs:?}");
        std::process::exit(1);
    }
    eprintln!(
        "{games} games: {} training positions ({} candidates), {} held out",
        train.len(),
        train.candidates.len(),
        test.len()
    );
    let mut fit = Fit::new(&train);
    eprintln!(
        "{} shapes with a gamma of their own",
        fit.gammas[0].len() - 1
    );
    let (ll, hits) = fit.evaluate(&test);
    eprintln!(
        "before fitting: held-out log-likelihood {ll:.4}, top move {:.1}%",
        100.0 * hits
    );
    for sweep in 1..=SWEEPS {
        for g in 0..GROUPS {
            fit.update(&train, g);
        }
        if sweep % 5 == 0 {
            let (ll, hits) = fit.evaluate(&test);
            eprintln!(
                "sweep {sweep}: held-out log-likelihood {ll:.4}, top move {:.1}%",
                100.0 * hits
            );
        }
    }
    for (name, gammas) in GROUP_NAMES.iter().zip(&fit.gammas).skip(1) {
        let levels: Vec<String> = gammas.iter().map(|x| format!("{x:.2}")).collect();
        eprintln!("{name}: {}", levels.join(" "));
    }
    if let Err(e) = std::fs::write(out, fit.source(games, train.len())) {
        eprintln!("{out}: {e}");
        std::process::exit(1);
    }
}
