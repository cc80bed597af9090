//! `weiqi play`: a game against the built-in engine in the terminal, or (`--watch`) the
//! engine against itself.
//!
//! The flags become a [`PlaySetup`] (board, rules with the komi that suits the game, the
//! human's colour, handicap) and an engine configuration whose strength comes from a named
//! level unless `--playouts` or `--time` say otherwise. The game itself runs in
//! [`session::Session`]: moves and commands from stdin ([`command`]), the board and
//! messages to stdout ([`render`]). stdin ending (Ctrl-D) ends the game cleanly; Ctrl-C
//! stops the program at once, and since nothing here changes the terminal's modes, there
//! is nothing to restore.

mod command;
mod render;
mod session;

use crate::cli::args::EngineArgs;
use anyhow::Context;
use clap::{Args, ValueEnum};
use render::Style;
use session::Session;
use std::io::{self, IsTerminal};
use std::time::Duration;
use weiqi::engine::mcts::MctsEngine;
use weiqi::{BoardSize, Color, Komi, Rules};

/// Arguments of `weiqi play`.
#[derive(Args, Debug)]
#[command(
    mut_arg("size", |a| a.default_value("9")),
    mut_arg("playouts", |a| a.help("Playouts per move [default: from --level]")),
    mut_arg("komi", |a| a.help(
        "Komi in half points, such as 7.5 or 6 [default: the rules' komi; 0.5 with a handicap]"
    )),
)]
pub struct PlayArgs {
    /// Your colour: black (moves first) or white
    #[arg(long, value_name = "COLOR", default_value = "black", value_parser = parse_color)]
    color: Color,
    /// Handicap: 2 to 9 black stones on the star points (komi 0.5 unless --komi); 1 takes
    /// Black with komi 0.5
    #[arg(long, value_name = "STONES", default_value_t = 0,
          value_parser = clap::value_parser!(u8).range(0..=9))]
    handicap: u8,
    /// The engine's strength; --playouts or --time override it
    #[arg(long, value_enum, default_value_t = Level::Normal)]
    level: Level,
    /// Let the engine play both sides, one move after another
    #[arg(long)]
    watch: bool,
    /// With --watch, seconds to wait after each move [default: 1 on a terminal, else 0]
    #[arg(long, value_name = "SECONDS", value_parser = parse_delay)]
    delay: Option<Duration>,
    #[command(flatten)]
    engine: EngineArgs,
}

/// Named strengths, from quick to strong: playouts per move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// 2,000 playouts per move: answers at once
    Quick,
    /// 10,000 playouts per move
    Normal,
    /// 50,000 playouts per move: a few seconds on big boards
    Strong,
}

impl Level {
    /// Playouts per move at this level.
    pub fn playouts(self) -> u64 {
        match self {
            Level::Quick => 2_000,
            Level::Normal => 10_000,
            Level::Strong => 50_000,
        }
    }

    /// The level's name, as the flag takes it.
    pub fn name(self) -> &'static str {
        match self {
            Level::Quick => "quick",
            Level::Normal => "normal",
            Level::Strong => "strong",
        }
    }
}

/// How each game of a session starts.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaySetup {
    /// The board size.
    pub size: BoardSize,
    /// The rules, komi included.
    pub rules: Rules,
    /// Fixed handicap stones for Black (0: none).
    pub handicap_stones: usize,
    /// The human's colour; `None` when the engine plays both sides.
    pub human: Option<Color>,
    /// How strong the engine is, in words (`normal (10000 playouts per move)`).
    pub strength: String,
    /// In watch mode, the pause after each move.
    pub delay: Duration,
}

fn parse_color(s: &str) -> Result<Color, String> {
    s.parse::<Color>().map_err(|e| e.to_string())
}

fn parse_delay(s: &str) -> Result<Duration, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && (0.0..=3600.0).contains(&x) => Ok(Duration::from_secs_f64(x)),
        _ => Err(format!("'{s}' is not a number of seconds from 0 to 3600")),
    }
}

/// The komi of a game: `--komi` if given; in handicap games (1 included) 0.5; otherwise
/// the rules' own komi (7.5 for Chinese rules, 7 for New Zealand).
fn komi_for(given: Option<Komi>, rules: Rules, handicap: u8) -> Komi {
    match given {
        Some(komi) => komi,
        None if handicap > 0 => Komi::from_half_points(1),
        None => rules.komi,
    }
}

/// Runs `weiqi play`.
///
/// # Errors
/// When the engine cannot start, the handicap does not fit the board, or the terminal's
/// input or output fails (a closed stdout ends the game quietly).
pub fn run(args: &PlayArgs) -> anyhow::Result<()> {
    let settings = args.engine.settings();
    let mut config = settings.config.clone();
    let strength = if args.engine.strength_given() {
        match (config.playouts, config.time_per_move) {
            (Some(n), Some(t)) => format!("{n} playouts or {} s per move", t.as_secs_f64()),
            (Some(n), None) => format!("{n} playouts per move"),
            (None, Some(t)) => format!("{} s per move", t.as_secs_f64()),
            (None, None) => "default".to_string(),
        }
    } else {
        config.playouts = Some(args.level.playouts());
        format!(
            "{} ({} playouts per move)",
            args.level.name(),
            args.level.playouts()
        )
    };
    let given_komi = args.engine.komi_given().then_some(settings.rules.komi);
    let rules = settings
        .rules
        .with_komi(komi_for(given_komi, settings.rules, args.handicap));
    let handicap_stones = if args.handicap >= 2 {
        usize::from(args.handicap)
    } else {
        0
    };
    if handicap_stones > 0 {
        weiqi::game::fixed_handicap_points(settings.size, handicap_stones)
            .with_context(|| "--handicap".to_string())?;
    }
    let interactive = io::stdout().is_terminal();
    let setup = PlaySetup {
        size: settings.size,
        rules,
        handicap_stones,
        human: (!args.watch).then_some(args.color),
        strength,
        delay: args
            .delay
            .unwrap_or(Duration::from_secs(u64::from(interactive))),
    };
    let engine = MctsEngine::new(config)?;
    let stdin = io::stdin();
    let echo = !stdin.is_terminal();
    let mut input = stdin.lock();
    let mut output = io::stdout().lock();
    let mut session = Session::new(engine, setup, Style::detect(), &mut input, &mut output);
    session.set_echo(echo);
    match session.run() {
        Err(e) if is_broken_pipe(&e) => Ok(()),
        other => other,
    }
}

/// Whether `e` is a write to a closed pipe (`weiqi play | head`).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser, Debug)]
    struct Cli {
        #[command(flatten)]
        play: PlayArgs,
    }

    fn args(line: &[&str]) -> Result<PlayArgs, clap::Error> {
        let argv = std::iter::once("weiqi").chain(line.iter().copied());
        Cli::try_parse_from(argv).map(|cli| cli.play)
    }

    #[test]
    fn defaults_suit_a_newcomer() {
        let a = args(&[]).unwrap();
        let s = a.engine.settings();
        assert_eq!(s.size, BoardSize::NINE);
        assert_eq!(a.color, Color::Black);
        assert_eq!(a.level, Level::Normal);
        assert!(!a.engine.strength_given() && !a.engine.komi_given());
        assert_eq!(komi_for(None, s.rules, a.handicap).to_string(), "7.5");
    }

    #[test]
    fn komi_by_game() {
        let chinese = Rules::chinese();
        let nz = Rules::new_zealand();
        assert_eq!(komi_for(None, nz, 0).to_string(), "7");
        assert_eq!(komi_for(None, chinese, 3).to_string(), "0.5");
        assert_eq!(komi_for(None, chinese, 1).to_string(), "0.5");
        let six = Komi::from_half_points(12);
        assert_eq!(komi_for(Some(six), chinese, 3), six);
    }

    #[test]
    fn flags_are_checked() {
        let a = args(&[
            "--color",
            "W",
            "--level",
            "quick",
            "--size",
            "13",
            "--handicap",
            "4",
        ])
        .unwrap();
        assert_eq!(a.color, Color::White);
        assert_eq!(a.level, Level::Quick);
        assert_eq!(a.handicap, 4);
        assert_eq!(a.engine.settings().size, BoardSize::THIRTEEN);
        assert!(args(&["--color", "red"]).is_err());
        assert!(args(&["--handicap", "10"]).is_err());
        assert!(args(&["--level", "godlike"]).is_err());
        assert!(args(&["--delay", "-1"]).is_err());
        assert!(args(&["--playouts", "50"]).unwrap().engine.strength_given());
    }
}
