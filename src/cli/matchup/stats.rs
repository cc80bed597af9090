//! The summary of a match: wins per player and colour, player1's win rate with a 95%
//! Wilson score interval, and the Elo difference that goes with it.

use super::game::{Ending, GameRecord};
use serde::Serialize;
use std::fmt::Write;

/// The normal quantile for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// Wins and games of one player.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PlayerTally {
    /// The player's display name.
    pub name: String,
    /// Games won.
    pub wins: u32,
    /// Games won with Black.
    pub wins_as_black: u32,
    /// Games played with Black.
    pub games_as_black: u32,
    /// Games won with White.
    pub wins_as_white: u32,
    /// Games played with White.
    pub games_as_white: u32,
    /// Games lost by an illegal move, a crash or a refused move.
    pub forfeits: u32,
    /// Games lost on time.
    pub time_losses: u32,
    /// The longest the player took over one move in any game, in seconds.
    pub longest_move: f64,
    /// The most memory the player's engine process held in any game, in MiB (external
    /// engines only).
    pub peak_memory_mb: Option<f64>,
}

/// The summary of a match.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Games played.
    pub games: u32,
    /// Drawn games.
    pub draws: u32,
    /// Games Black won.
    pub black_wins: u32,
    /// Games White won.
    pub white_wins: u32,
    /// player1 and player2.
    pub players: [PlayerTally; 2],
    /// player1's score per game (a draw counts half).
    pub win_rate: f64,
    /// The 95% Wilson score interval of `win_rate`.
    pub win_rate_95: [f64; 2],
    /// player1's Elo advantage implied by `win_rate` (infinite for 0% or 100%, which JSON
    /// shows as null).
    pub elo: f64,
    /// The Elo differences at the ends of the win-rate interval.
    pub elo_95: [f64; 2],
}

impl Summary {
    /// Tallies `records`.
    pub fn new(names: &[String; 2], records: &[GameRecord]) -> Summary {
        let mut players = [0, 1].map(|i| PlayerTally {
            name: names[i].clone(),
            ..PlayerTally::default()
        });
        let (mut draws, mut black_wins, mut white_wins) = (0, 0, 0);
        for r in records {
            let (black, white) = (r.black, 1 - r.black);
            players[black].games_as_black += 1;
            players[white].games_as_white += 1;
            match r.winner() {
                None => draws += 1,
                Some(w) => {
                    players[w].wins += 1;
                    if w == black {
                        black_wins += 1;
                        players[w].wins_as_black += 1;
                    } else {
                        white_wins += 1;
                        players[w].wins_as_white += 1;
                    }
                }
            }
            match r.ending {
                Ending::Forfeit { player, .. } => players[player].forfeits += 1,
                Ending::Time { player } => players[player].time_losses += 1,
                Ending::TwoPasses | Ending::MoveCap | Ending::Resignation => {}
            }
            for (tally, (longest, memory)) in players
                .iter_mut()
                .zip(r.longest_move.iter().zip(r.peak_memory_mb))
            {
                tally.longest_move = tally.longest_move.max(*longest);
                if let Some(mb) = memory {
                    tally.peak_memory_mb = Some(tally.peak_memory_mb.map_or(mb, |m| m.max(mb)));
                }
            }
        }
        let games = records.len() as u32;
        let score = f64::from(players[0].wins) + 0.5 * f64::from(draws);
        let (win_rate, low, high) = if games == 0 {
            (0.5, 0.0, 1.0)
        } else {
            let (low, high) = wilson(score, f64::from(games), Z95);
            (score / f64::from(games), low, high)
        };
        Summary {
            games,
            draws,
            black_wins,
            white_wins,
            players,
            win_rate,
            win_rate_95: [low, high],
            elo: elo(win_rate),
            elo_95: [elo(low), elo(high)],
        }
    }

    /// The summary as text, several lines.
    pub fn to_text(&self) -> String {
        let [p1, p2] = &self.players;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: {} {}, {} {}, {}",
            plural(self.games, "game"),
            p1.name,
            plural(p1.wins, "win"),
            p2.name,
            plural(p2.wins, "win"),
            plural(self.draws, "draw")
        );
        for p in &self.players {
            let _ = write!(
                out,
                "  {}: {} of {} as Black, {} of {} as White",
                p.name, p.wins_as_black, p.games_as_black, p.wins_as_white, p.games_as_white
            );
            if p.forfeits > 0 {
                let _ = write!(out, "; lost {} by forfeit", p.forfeits);
            }
            if p.time_losses > 0 {
                let _ = write!(out, "; lost {} on time", p.time_losses);
            }
            if let Some(mb) = p.peak_memory_mb {
                let _ = write!(out, "; peak memory {mb:.0} MiB");
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "  Black won {}, White won {}",
            self.black_wins, self.white_wins
        );
        let [low, high] = self.win_rate_95;
        let _ = writeln!(
            out,
            "{} win rate: {:.1}% (95% interval {:.1}% to {:.1}%)",
            p1.name,
            100.0 * self.win_rate,
            100.0 * low,
            100.0 * high
        );
        let [elo_low, elo_high] = self.elo_95;
        let _ = writeln!(
            out,
            "Elo difference: {} (95% interval {} to {})",
            format_elo(self.elo),
            format_elo(elo_low),
            format_elo(elo_high)
        );
        out
    }
}

/// `1 game`, `2 games`.
pub fn plural(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The Wilson score interval for `successes` out of `n` trials at normal quantile `z`.
pub fn wilson(successes: f64, n: f64, z: f64) -> (f64, f64) {
    let p = successes / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // At p = 0 or 1 one end is exactly 0 or 1; rounding would leave it a hair inside.
    let low = if successes <= 0.0 {
        0.0
    } else {
        (center - half).max(0.0)
    };
    let high = if successes >= n {
        1.0
    } else {
        (center + half).min(1.0)
    };
    (low, high)
}

/// The Elo difference that gives expected score `p`: 400 log10(p / (1 - p)); infinite at 0
/// and 1.
pub fn elo(p: f64) -> f64 {
    if p <= 0.0 {
        f64::NEG_INFINITY
    } else if p >= 1.0 {
        f64::INFINITY
    } else {
        400.0 * (p / (1.0 - p)).log10()
    }
}

/// `+147`, `-73`, `0`, `+inf`.
fn format_elo(elo: f64) -> String {
    if elo.is_infinite() {
        return if elo > 0.0 { "+inf" } else { "-inf" }.to_string();
    }
    let rounded = elo.round();
    if rounded == 0.0 {
        "0".to_string()
    } else {
        format!("{rounded:+.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-4
    }

    #[test]
    fn wilson_matches_known_values() {
        let (low, high) = wilson(7.0, 10.0, Z95);
        assert!(close(low, 0.3968) && close(high, 0.8922), "{low} {high}");
        let (low, high) = wilson(10.0, 10.0, Z95);
        assert!(close(low, 0.7225) && high == 1.0, "{low} {high}");
        let (low, high) = wilson(0.0, 4.0, Z95);
        assert!(low == 0.0 && close(high, 0.4899), "{low} {high}");
    }

    #[test]
    fn elo_of_win_rates() {
        assert_eq!(elo(0.5), 0.0);
        assert!((elo(0.75) - 190.85).abs() < 0.01);
        assert!((elo(0.25) + 190.85).abs() < 0.01);
        assert_eq!(elo(1.0), f64::INFINITY);
        assert_eq!(format_elo(elo(0.75)), "+191");
        assert_eq!(format_elo(-72.6), "-73");
        assert_eq!(format_elo(0.2), "0");
        assert_eq!(format_elo(f64::NEG_INFINITY), "-inf");
    }
}
