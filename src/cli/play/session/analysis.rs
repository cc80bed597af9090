//! The engine's judgement of a position for the player: hints, score estimates and the
//! count at the end of the game.

use super::{AFTER_THE_END, Session, title};
use weiqi::engine::mcts::DEFAULT_PLAYOUTS;
use weiqi::search::SearchLimits;
use weiqi::{Color, Game, GameResult, Point};

/// Search ownership from which an open point counts for a side in a score estimate.
const LIKELY_OWNED: f64 = 0.5;

impl Session<'_> {
    pub(super) fn hint(&mut self, human: Color) -> anyhow::Result<()> {
        let config = self.engine.config();
        let limits = SearchLimits {
            playouts: config
                .playouts
                .or(config.time_per_move.is_none().then_some(DEFAULT_PLAYOUTS)),
            time: config.time_per_move,
            early_stop: false,
            soft_time: None,
        };
        let result = self.thinking("weiqi", |engine, interval, report| {
            engine.analyze(human, limits, interval, report)
        })?;
        let best: Vec<_> = result
            .moves
            .iter()
            .filter(|m| m.visits > 0)
            .take(3)
            .collect();
        if best.is_empty() {
            return Ok(self.say("weiqi has no suggestion here.")?);
        }
        let labels: Vec<(Point, char)> = best
            .iter()
            .zip(['1', '2', '3'])
            .filter_map(|(m, label)| m.mv.point().map(|p| (p, label)))
            .collect();
        self.show_board(&labels)?;
        writeln!(self.out, "weiqi's best moves for {}:", title(human))?;
        for (i, m) in best.iter().enumerate() {
            let then: Vec<String> =
                m.pv.iter()
                    .skip(1)
                    .take(4)
                    .map(ToString::to_string)
                    .collect();
            let then = if then.is_empty() {
                String::new()
            } else {
                format!("  then {}", then.join(" "))
            };
            writeln!(
                self.out,
                "  {}  {:<5} win rate {:>3.0}%  {:>6} visits{then}",
                i + 1,
                m.mv.to_string(),
                100.0 * m.win_rate,
                m.visits
            )?;
        }
        Ok(())
    }

    /// The score estimate of a game in progress: dead stones judged by the engine, points
    /// whose search ownership leans clearly one way counted for that side.
    pub(super) fn score_estimate(&mut self) -> anyhow::Result<()> {
        let dead = self.thinking("weiqi", |engine, _, _| engine.judge_dead())?;
        let game = self.engine.game();
        let size = game.size();
        let (_, settled) = game.count(&dead);
        let search = self.engine.last_result();
        let owners: Vec<Option<Color>> = size
            .points()
            .map(|p| match game.board().color_at(p) {
                Some(c) if !dead.contains(&p) => Some(c),
                _ => match search.map(|r| r.ownership_of(p, size.get())) {
                    Some(o) if o >= LIKELY_OWNED => Some(Color::Black),
                    Some(o) if o <= -LIKELY_OWNED => Some(Color::White),
                    Some(_) => None,
                    None => settled.get(p),
                },
            })
            .collect();
        let count = |c: Color| owners.iter().filter(|&&o| o == Some(c)).count();
        let (black, white) = (count(Color::Black), count(Color::White));
        let open = owners.len() - black - white;
        let komi = game.rules().komi;
        let lead = GameResult::from_half_points(
            2 * (black as i32 - white as i32) - i32::from(komi.half_points()),
        );
        let dead_text = dead_text(game, &dead, "Probably dead:", "No stones look dead.");
        self.show_area(&owners, &dead)?;
        let lead_text = match lead {
            GameResult::Score {
                winner,
                half_points,
            } => format!(
                "{} leads by about {}",
                title(winner),
                f64::from(half_points) / 2.0
            ),
            _ => "the game is about even".to_string(),
        };
        writeln!(
            self.out,
            "Score estimate: Black {black}, White {white} + komi {komi}: {lead_text}."
        )?;
        writeln!(
            self.out,
            "x and o mark the points each side would likely get; {open} points (.) are still open."
        )?;
        writeln!(self.out, "{dead_text}")?;
        Ok(())
    }

    /// Shows how the game ended: the resignation, or the count with dead stones removed.
    pub(super) fn show_end(&mut self) -> anyhow::Result<()> {
        let game = self.engine.game();
        let lines = match self.setup.human {
            Some(human) if self.human_resigned => {
                let result = GameResult::Resign(!human);
                self.ending = Some(result);
                self.show_board(&[])?;
                vec![format!("You resign: {} wins ({result}).", title(!human))]
            }
            _ if game.is_over() && game.consecutive_passes() < 2 => {
                let result = game.result();
                let winner = result.winner().unwrap_or(Color::Black);
                self.ending = Some(result);
                self.show_board(&[])?;
                vec![match self.setup.human {
                    Some(h) if h == winner => format!("weiqi resigns: you win ({result})!"),
                    _ => format!(
                        "{} resigns: {} wins ({result}).",
                        title(!winner),
                        title(winner)
                    ),
                }]
            }
            _ => self.count_end()?,
        };
        for line in lines {
            writeln!(self.out, "{}", self.style.strong(&line))?;
        }
        if self.setup.human.is_some() {
            writeln!(self.out, "{AFTER_THE_END}")?;
        }
        Ok(())
    }

    /// Counts the finished game with the engine's dead stones removed, draws the board with
    /// each side's area, and returns the lines that explain the count.
    fn count_end(&mut self) -> anyhow::Result<Vec<String>> {
        let dead = self.thinking("weiqi", |engine, _, _| engine.judge_dead())?;
        let game = self.engine.game();
        let komi = game.rules().komi;
        let (count, ownership) = game.count(&dead);
        let result = count.result(komi);
        let owners: Vec<Option<Color>> = game.size().points().map(|p| ownership.get(p)).collect();
        let mut lines = vec![
            dead_text(game, &dead, "Dead stones, taken off:", "No dead stones."),
            format!(
                "Black has {} (stones and territory); White {} + komi {komi} = {}.",
                points(f64::from(count.area.black)),
                count.area.white,
                f64::from(count.area.white) + komi.points()
            ),
            match result {
                GameResult::Score {
                    winner,
                    half_points,
                } => format!(
                    "{} wins by {} ({result}).",
                    title(winner),
                    points(f64::from(half_points) / 2.0)
                ),
                _ => "The game is a draw (jigo).".to_string(),
            },
        ];
        if let Some(human) = self.setup.human {
            lines.push(match result.winner() {
                Some(w) if w == human => "You win!".to_string(),
                Some(_) => "weiqi wins.".to_string(),
                None => "Nobody wins.".to_string(),
            });
        }
        self.ending = Some(result);
        self.show_area(&owners, &dead)?;
        Ok(lines)
    }
}

/// `1 point`, `7.5 points`.
fn points(n: f64) -> String {
    if n == 1.0 {
        "1 point".to_string()
    } else {
        format!("{n} points")
    }
}

/// `heading` and the dead stones by colour, or `none_text` when there are none.
fn dead_text(game: &Game, dead: &[Point], heading: &str, none_text: &str) -> String {
    if dead.is_empty() {
        return none_text.to_string();
    }
    let parts: Vec<String> = Color::ALL
        .into_iter()
        .filter_map(|color| {
            let names: Vec<String> = dead
                .iter()
                .filter(|&&p| game.board().color_at(p) == Some(color))
                .map(ToString::to_string)
                .collect();
            (!names.is_empty()).then(|| format!("{} {}", title(color), names.join(" ")))
        })
        .collect();
    format!("{heading} {}.", parts.join("; "))
}
