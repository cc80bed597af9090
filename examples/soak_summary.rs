//! Sums up a soak run by `scripts/soak`: for each leg, the games, how they ended, the
//! forfeits (crashes, illegal moves, engines that stopped answering) and time losses of
//! each player, each player's longest move and peak memory, and from the SGF records the
//! overtime periods each player lost (a move that overran a period).
//!
//! ```text
//! cargo run --release --example soak_summary -- OUT
//! ```
//!
//! Prints one JSON object per leg and one for the whole run, with weiqi's players (those
//! whose name starts with `weiqi`) counted apart from their opponents; exits non-zero
//! when weiqi lost any game by forfeit or on time, or overran any overtime period.

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

/// The periods a player lost in one SGF record: at each of their moves in Japanese
/// overtime (`OB`/`OW`), the drop from their previous count. `(black, white)`.
fn periods_lost(sgf: &str) -> (u32, u32) {
    let mut last: [Option<u32>; 2] = [None, None];
    let mut lost = [0u32; 2];
    for (i, ident) in ["OB[", "OW["].iter().enumerate() {
        for part in sgf.split(ident).skip(1) {
            let Some(n) = part.split(']').next().and_then(|n| n.parse::<u32>().ok()) else {
                continue;
            };
            if let Some(before) = last[i] {
                lost[i] += before.saturating_sub(n);
            }
            last[i] = Some(n);
        }
    }
    (lost[0], lost[1])
}

fn leg(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut endings: BTreeMap<String, u64> = BTreeMap::new();
    let mut reasons = Vec::new();
    let mut summary = Value::Null;
    let mut periods = BTreeMap::<String, u32>::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("{line}: {e}"))?;
        match v["type"].as_str() {
            Some("game") => {
                let ending = v["ending"].as_str().unwrap_or("?").to_string();
                *endings.entry(ending).or_default() += 1;
                if let Some(reason) = v["reason"].as_str() {
                    reasons.push(format!("game {}: {reason}", v["game"]));
                }
                if let Some(file) = v["sgf"].as_str() {
                    let sgf = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
                    let (b, w) = periods_lost(&sgf);
                    for (name, n) in [(&v["black"], b), (&v["white"], w)] {
                        *periods
                            .entry(name.as_str().unwrap_or("?").to_string())
                            .or_default() += n;
                    }
                }
            }
            Some("summary") => summary = v,
            _ => {}
        }
    }
    let players: Vec<Value> = summary["players"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let name = p["name"].as_str().unwrap_or("?").to_string();
            json!({
                "name": name,
                "wins": p["wins"],
                "forfeits": p["forfeits"],
                "time_losses": p["time_losses"],
                "periods_lost": periods.get(&name).copied().unwrap_or(0),
                "longest_move": p["longest_move"],
                "peak_memory_mb": p["peak_memory_mb"],
            })
        })
        .collect();
    Ok(json!({
        "leg": path.file_stem().and_then(|s| s.to_str()).unwrap_or("?"),
        "games": summary["games"],
        "endings": endings,
        "forfeit_reasons": reasons,
        "players": players,
    }))
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: soak_summary OUT");
        return ExitCode::from(2);
    };
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect(),
        Err(e) => {
            eprintln!("soak_summary: {dir}: {e}");
            return ExitCode::from(2);
        }
    };
    files.sort();
    let (mut games, mut forfeits, mut time_losses, mut periods) = (0, 0, 0, 0);
    let (mut other_forfeits, mut other_time_losses) = (0, 0);
    for file in &files {
        match leg(file) {
            Ok(v) => {
                games += v["games"].as_u64().unwrap_or(0);
                for p in v["players"].as_array().into_iter().flatten() {
                    let count = |key: &str| p[key].as_u64().unwrap_or(0);
                    if p["name"].as_str().is_some_and(|n| n.starts_with("weiqi")) {
                        forfeits += count("forfeits");
                        time_losses += count("time_losses");
                        periods += count("periods_lost");
                    } else {
                        other_forfeits += count("forfeits");
                        other_time_losses += count("time_losses");
                    }
                }
                println!("{v}");
            }
            Err(e) => {
                eprintln!("soak_summary: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let total = json!({
        "legs": files.len(),
        "games": games,
        "weiqi": {"forfeits": forfeits, "time_losses": time_losses, "periods_lost": periods},
        "opponents": {"forfeits": other_forfeits, "time_losses": other_time_losses},
    });
    println!("{total}");
    if forfeits + time_losses + periods > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
