//! Compares the dead stones two GTP engines see at the end of finished games.
//!
//! ```text
//! cargo run --release --example dead_agreement -- \
//!     --reference "gnugo --mode gtp --chinese-rules" \
//!     --engine "target/release/weiqi gtp" GAME.sgf...
//! ```
//!
//! Each engine loads each game (`loadsgf`) and answers `final_status_list dead` and
//! `final_score`; a game agrees when both name the same dead stones. Prints one line per
//! game that disagrees (with both lists) and a summary line; `--json` prints one object.
//! `docs/judgement.md` says how the check was run and what the disagreements were.

use std::collections::BTreeSet;
use std::process::ExitCode;
use weiqi::gtp::client::GtpClient;

struct Options {
    reference: String,
    engine: String,
    json: bool,
    files: Vec<String>,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        reference: "gnugo --mode gtp --chinese-rules".to_string(),
        engine: "target/release/weiqi gtp".to_string(),
        json: false,
        files: Vec::new(),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--reference" => {
                options.reference = args.next().ok_or("--reference needs a command")?
            }
            "--engine" => options.engine = args.next().ok_or("--engine needs a command")?,
            "--json" => options.json = true,
            flag if flag.starts_with("--") => return Err(format!("unknown flag {flag}")),
            file => options.files.push(file.to_string()),
        }
    }
    if options.files.is_empty() {
        return Err("no game files given".to_string());
    }
    Ok(options)
}

/// The dead stones and the score `client` gives the game in `file`.
fn judge(client: &mut GtpClient, file: &str) -> Result<(BTreeSet<String>, String), String> {
    let ask = |client: &mut GtpClient, command: &str| {
        client
            .command(command)
            .map_err(|e| format!("{}: {command}: {e}", client.program()))
    };
    ask(client, &format!("loadsgf {file}"))?;
    let dead = ask(client, "final_status_list dead")?
        .split_whitespace()
        .map(str::to_ascii_uppercase)
        .collect();
    let score = ask(client, "final_score")?;
    Ok((dead, score))
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("dead_agreement: {e}");
            return ExitCode::from(2);
        }
    };
    let start = |command: &str| {
        GtpClient::start(command).map_err(|e| format!("cannot start {command}: {e}"))
    };
    let (mut reference, mut engine) = match (start(&options.reference), start(&options.engine)) {
        (Ok(r), Ok(e)) => (r, e),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("dead_agreement: {e}");
            return ExitCode::from(2);
        }
    };
    let (mut agree, mut games, mut same_winner) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for file in &options.files {
        let (theirs, ours) = match (judge(&mut reference, file), judge(&mut engine, file)) {
            (Ok(t), Ok(o)) => (t, o),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("dead_agreement: {e}");
                return ExitCode::FAILURE;
            }
        };
        games += 1;
        let winner = |score: &str| score.chars().next().unwrap_or('0');
        if winner(&theirs.1) == winner(&ours.1) {
            same_winner += 1;
        }
        if theirs.0 == ours.0 {
            agree += 1;
            continue;
        }
        let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(" ");
        let only_theirs: BTreeSet<String> = theirs.0.difference(&ours.0).cloned().collect();
        let only_ours: BTreeSet<String> = ours.0.difference(&theirs.0).cloned().collect();
        if !options.json {
            println!(
                "{file}: reference {} dead only [{}]; engine {} dead only [{}]",
                theirs.1,
                list(&only_theirs),
                ours.1,
                list(&only_ours)
            );
        }
        disagreements.push(serde_json::json!({
            "file": file,
            "reference_score": theirs.1,
            "engine_score": ours.1,
            "dead_only_for_reference": list(&only_theirs),
            "dead_only_for_engine": list(&only_ours),
        }));
    }
    let rate = f64::from(agree) / f64::from(games.max(1));
    if options.json {
        let summary = serde_json::json!({
            "games": games,
            "agree": agree,
            "agreement": rate,
            "same_winner": same_winner,
            "disagreements": disagreements,
        });
        println!("{summary}");
    } else {
        println!(
            "{agree} of {games} games agree on the dead stones ({:.1}%); the same winner in {same_winner}",
            100.0 * rate
        );
    }
    ExitCode::SUCCESS
}
