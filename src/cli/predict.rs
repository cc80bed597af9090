//! `weiqi predict`: how well the learned move model names the moves of recorded games.

use anyhow::{Context, bail};
use clap::Args;
use serde_json::json;
use std::path::PathBuf;
use weiqi::playout::ladder::LadderReader;
use weiqi::search::learned::Model;
use weiqi::search::predict::{PHASES, Prediction, Tally};
use weiqi::sgf::{self, Record};

#[derive(Args, Debug)]
pub struct PredictArgs {
    /// Game records: SGF files, or files of Tygem lines (`ID<TAB>;B[pd];W[dp];...`), told
    /// apart by content.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Score only the first N games.
    #[arg(long)]
    games: Option<usize>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// Runs `weiqi predict`.
pub fn run(args: &PredictArgs) -> anyhow::Result<()> {
    let limit = args.games.unwrap_or(usize::MAX);
    let mut records: Vec<Record> = Vec::new();
    let mut unreadable = 0usize;
    'files: for path in &args.files {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let text = sgf::decode(&bytes).with_context(|| format!("reading {}", path.display()))?;
        for record in sgf::parse_records(&text) {
            if records.len() >= limit {
                break 'files;
            }
            match record {
                Ok(r) => records.push(r),
                Err(e) => {
                    unreadable += 1;
                    eprintln!("{}: {e}; game skipped", path.display());
                }
            }
        }
    }
    if records.is_empty() {
        bail!("no readable games in the files given");
    }
    let mut ladders = LadderReader::default();
    let mut total = Prediction::default();
    for r in &records {
        let game = &r.record.game;
        total.add_game(Model::for_size(game.size()), game, &mut ladders);
    }
    if args.json {
        let tally = |t: &Tally| {
            json!({
                "positions": t.positions,
                "top1": t.top1(),
                "top5": t.top5(),
                "log_likelihood": t.log_likelihood(),
            })
        };
        let phases: Vec<_> = PHASES
            .iter()
            .zip(&total.phases)
            .map(|(&(from, to), t)| {
                let mut v = tally(t);
                v["from_move"] = json!(from);
                v["to_move"] = if to == usize::MAX {
                    json!(null)
                } else {
                    json!(to)
                };
                v
            })
            .collect();
        let mut out = tally(&total.overall);
        out["games"] = json!(total.games);
        out["unreadable_games"] = json!(unreadable);
        out["skipped_moves"] = json!(total.skipped);
        out["phases"] = json!(phases);
        println!("{out}");
    } else {
        println!(
            "{} games, {} positions ({} passes and own-eye fills not scored{})",
            total.games,
            total.overall.positions,
            total.skipped,
            if unreadable > 0 {
                format!(", {unreadable} unreadable games skipped")
            } else {
                String::new()
            }
        );
        println!("moves      positions   top-1   top-5   log-likelihood");
        let row = |name: &str, t: &Tally| {
            println!(
                "{name:<10} {:>9}  {:>5.1}%  {:>5.1}%   {:>8.3}",
                t.positions,
                100.0 * t.top1(),
                100.0 * t.top5(),
                t.log_likelihood()
            );
        };
        row("all", &total.overall);
        for (&(from, to), t) in PHASES.iter().zip(&total.phases) {
            let name = if to == usize::MAX {
                format!("{from}+")
            } else {
                format!("{from}-{to}")
            };
            row(&name, t);
        }
    }
    Ok(())
}
