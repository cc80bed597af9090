//! Time controls, each player's clock, and how long to think about one move.
//!
//! The budget follows Pachi's and Fuego's shape (`docs/knowledge.md`): in main time, the
//! time left shared over the moves still expected (half the empty points, less a settled
//! fifth of the board, never fewer than a floor), with up to twice that allowed when the
//! search is unsure; in byo-yomi, the period (or its share per stone) less a safety
//! margin. A fixed lag reserve keeps GUI and pipe delays from losing on time.

use crate::color::{ByColor, Color};
use std::fmt;
use std::time::Duration;

/// How much time each player gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeControl {
    /// No clock.
    Unlimited,
    /// Main time only: sudden death.
    Absolute {
        /// Main time.
        main: Duration,
    },
    /// Japanese byo-yomi: after main time, `periods` periods of `period` each; a move made
    /// within a period keeps it.
    ByoYomi {
        /// Main time.
        main: Duration,
        /// Length of one period.
        period: Duration,
        /// Number of periods.
        periods: u32,
    },
    /// Canadian byo-yomi: after main time, `stones` moves within each `period`.
    Canadian {
        /// Main time.
        main: Duration,
        /// Length of one period.
        period: Duration,
        /// Moves to make within each period.
        stones: u32,
    },
}

impl TimeControl {
    /// GTP's `time_settings main byo_yomi stones`: byo-yomi time 0 means sudden death,
    /// stones 0 with byo-yomi time means no time limit at all (GTP's rule), otherwise
    /// Canadian overtime of `stones` moves per period.
    pub fn from_gtp(main: Duration, byo_yomi: Duration, stones: u32) -> TimeControl {
        match (byo_yomi.is_zero(), stones) {
            (false, 0) => TimeControl::Unlimited,
            (true, _) if main.is_zero() => TimeControl::Unlimited,
            (true, _) => TimeControl::Absolute { main },
            (false, stones) => TimeControl::Canadian {
                main,
                period: byo_yomi,
                stones,
            },
        }
    }

    /// What a player has left as GTP's `time_left color time stones` reports it (stones 0:
    /// main time). Under Japanese byo-yomi the stones field holds the periods left, as KGS
    /// sends it; one move is due within the current period.
    pub fn left_from_gtp(self, time: Duration, stones: u32) -> TimeLeft {
        match self {
            TimeControl::ByoYomi { .. } if stones > 0 => TimeLeft {
                time,
                stones: 1,
                periods: stones,
            },
            _ => TimeLeft {
                time,
                stones,
                periods: 0,
            },
        }
    }
}

impl fmt::Display for TimeControl {
    /// The notation `TimeControl::from_str` reads: `20m`, `10m+5x30s`, `5m+25/5m`, or
    /// `none`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            TimeControl::Unlimited => f.write_str("none"),
            TimeControl::Absolute { main } => f.write_str(&duration_text(main)),
            TimeControl::ByoYomi {
                main,
                period,
                periods,
            } => write!(
                f,
                "{}+{periods}x{}",
                duration_text(main),
                duration_text(period)
            ),
            TimeControl::Canadian {
                main,
                period,
                stones,
            } => write!(
                f,
                "{}+{stones}/{}",
                duration_text(main),
                duration_text(period)
            ),
        }
    }
}

/// A duration as the notation writes it: `1h`, `10m`, `1m30s`, `0.5s`, `0`.
fn duration_text(d: Duration) -> String {
    if d.is_zero() {
        return "0".to_string();
    }
    let millis = d.as_millis();
    if millis % 1000 != 0 {
        return format!("{}s", d.as_secs_f64());
    }
    let (h, m, sec) = (millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60);
    let mut out = String::new();
    for (value, unit) in [(h, "h"), (m, "m"), (sec, "s")] {
        if value > 0 {
            out.push_str(&format!("{value}{unit}"));
        }
    }
    out
}

/// A time control that cannot be read, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeControlError(pub String);

impl fmt::Display for TimeControlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TimeControlError {}

/// A duration such as `30s`, `1.5s`, `10m`, `1m30s`, `2h` (a bare number is seconds).
fn parse_duration(text: &str) -> Result<Duration, TimeControlError> {
    let bad = || {
        TimeControlError(format!(
            "'{text}' is not a duration such as 30s, 10m, 1m30s or 0.5s"
        ))
    };
    if text.is_empty() {
        return Err(bad());
    }
    if let Ok(seconds) = text.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).map_err(|_| bad());
    }
    let mut total = 0.0f64;
    let mut number = String::new();
    for c in text.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'h' | 'm' | 's' => {
                let value: f64 = number.parse().map_err(|_| bad())?;
                total += value
                    * match c {
                        'h' => 3600.0,
                        'm' => 60.0,
                        _ => 1.0,
                    };
                number.clear();
            }
            _ => return Err(bad()),
        }
    }
    if !number.is_empty() {
        return Err(bad());
    }
    Duration::try_from_secs_f64(total).map_err(|_| bad())
}

impl std::str::FromStr for TimeControl {
    type Err = TimeControlError;

    /// Reads a time control as a Go player writes it: `20m` (sudden death), `10m+5x30s`
    /// (Japanese byo-yomi: 10 minutes, then 5 periods of 30 seconds), `5m+25/5m` (Canadian:
    /// 5 minutes, then 25 moves in each 5 minutes), or `none`.
    fn from_str(text: &str) -> Result<TimeControl, TimeControlError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("none") {
            return Ok(TimeControl::Unlimited);
        }
        let (main, overtime) = match text.split_once('+') {
            Some((main, overtime)) => (parse_duration(main)?, Some(overtime)),
            None => (parse_duration(text)?, None),
        };
        let count = |n: &str, what: &str| {
            n.parse::<u32>()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| TimeControlError(format!("'{n}' is not a number of {what}")))
        };
        let control = match overtime {
            None => TimeControl::Absolute { main },
            Some(o) => match (o.split_once('x'), o.split_once('/')) {
                (Some((periods, period)), None) => TimeControl::ByoYomi {
                    main,
                    period: parse_duration(period)?,
                    periods: count(periods, "periods")?,
                },
                (None, Some((stones, period))) => TimeControl::Canadian {
                    main,
                    period: parse_duration(period)?,
                    stones: count(stones, "stones")?,
                },
                _ => {
                    return Err(TimeControlError(format!(
                        "'{o}' is no overtime: write periods x time (5x30s) or stones / time \
                         (25/5m)"
                    )));
                }
            },
        };
        let zero_period = match control {
            TimeControl::ByoYomi { period, .. } | TimeControl::Canadian { period, .. } => {
                period.is_zero()
            }
            _ => false,
        };
        if zero_period
            || control
                == (TimeControl::Absolute {
                    main: Duration::ZERO,
                })
        {
            return Err(TimeControlError(format!("'{text}' gives no time at all")));
        }
        Ok(control)
    }
}

/// One player's remaining time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeLeft {
    /// Time left in the current phase (main time, or the current period).
    pub time: Duration,
    /// 0 in main time; in overtime, moves still to make in this period (Canadian) or 1
    /// (Japanese).
    pub stones: u32,
    /// Japanese periods left, the current one included (0 otherwise).
    pub periods: u32,
}

impl TimeLeft {
    /// In overtime, the periods left (Japanese) or the stones still to play in this period
    /// (Canadian), as SGF's `OB`/`OW` record them; `None` in main time.
    pub fn overtime_left(&self) -> Option<u32> {
        match (self.stones, self.periods) {
            (0, _) => None,
            (_, 0) => Some(self.stones),
            (_, periods) => Some(periods),
        }
    }
}

/// Both players' clocks under one time control.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    control: TimeControl,
    left: ByColor<TimeLeft>,
}

/// Thinking time for one move: stop at `target` unless unsure, never later than `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// The normal stop.
    pub target: Duration,
    /// The hard stop.
    pub max: Duration,
}

/// Held back from every budget for pipes, GUIs and the move's own bookkeeping.
const LAG: Duration = Duration::from_millis(250);
/// The shortest budget ever given.
const FLOOR: Duration = Duration::from_millis(20);

impl Clock {
    /// Fresh clocks for both players.
    pub fn new(control: TimeControl) -> Clock {
        let start = match control {
            TimeControl::Unlimited => TimeLeft {
                time: Duration::MAX,
                stones: 0,
                periods: 0,
            },
            TimeControl::Absolute { main }
            | TimeControl::ByoYomi { main, .. }
            | TimeControl::Canadian { main, .. } => TimeLeft {
                time: main,
                stones: 0,
                periods: 0,
            },
        };
        let mut clock = Clock {
            control,
            left: ByColor::new(start, start),
        };
        for c in Color::ALL {
            if start.time.is_zero() {
                clock.enter_overtime(c);
            }
        }
        clock
    }

    /// The time control.
    pub fn control(&self) -> TimeControl {
        self.control
    }

    /// What `color` has left.
    pub fn left(&self, color: Color) -> TimeLeft {
        self.left[color]
    }

    /// Sets what `color` has left, as a referee's clock reports it.
    pub fn set_left(&mut self, color: Color, left: TimeLeft) {
        self.left[color] = left;
    }

    fn enter_overtime(&mut self, color: Color) {
        self.left[color] = match self.control {
            TimeControl::ByoYomi {
                period, periods, ..
            } => TimeLeft {
                time: period,
                stones: 1,
                periods,
            },
            TimeControl::Canadian { period, stones, .. } => TimeLeft {
                time: period,
                stones,
                periods: 0,
            },
            TimeControl::Unlimited | TimeControl::Absolute { .. } => TimeLeft {
                time: Duration::ZERO,
                stones: 0,
                periods: 0,
            },
        };
    }

    /// Charges `used` to `color` for one move, as a referee's clock would; true when the
    /// flag fell (the time ran out: main time without overtime, the last Japanese period,
    /// or a Canadian period before its stones were played). A fallen flag leaves zero.
    pub fn charge(&mut self, color: Color, used: Duration) -> bool {
        if self.control == TimeControl::Unlimited {
            return false;
        }
        let left = self.left[color];
        if left.stones == 0 {
            if used <= left.time {
                self.left[color].time -= used;
                return false;
            }
            if let TimeControl::Absolute { .. } = self.control {
                self.left[color].time = Duration::ZERO;
                return true;
            }
            let over = used - left.time;
            self.enter_overtime(color);
            return self.charge_overtime(color, over);
        }
        self.charge_overtime(color, used)
    }

    /// [`Clock::charge`] in overtime.
    fn charge_overtime(&mut self, color: Color, used: Duration) -> bool {
        let left = self.left[color];
        match self.control {
            TimeControl::ByoYomi { period, .. } => {
                if used <= left.time {
                    self.left[color].time = period;
                    return false;
                }
                // Each period overrun is lost; the move ends in the next one.
                let over = used - left.time;
                let lost = 1 + (over.as_nanos() / period.as_nanos().max(1)) as u32;
                if lost >= left.periods {
                    self.left[color].time = Duration::ZERO;
                    self.left[color].periods = 0;
                    return true;
                }
                self.left[color].periods -= lost;
                self.left[color].time = period;
                false
            }
            TimeControl::Canadian { period, stones, .. } => {
                if used > left.time {
                    self.left[color].time = Duration::ZERO;
                    return true;
                }
                if left.stones <= 1 {
                    self.left[color].time = period;
                    self.left[color].stones = stones;
                } else {
                    self.left[color].time = left.time - used;
                    self.left[color].stones -= 1;
                }
                false
            }
            TimeControl::Unlimited | TimeControl::Absolute { .. } => false,
        }
    }

    /// How long `color` may think about its next move, with `empty_points` of `area` still
    /// empty. `None` when there is no clock.
    pub fn budget(&self, color: Color, empty_points: usize, area: usize) -> Option<Budget> {
        if self.control == TimeControl::Unlimited {
            return None;
        }
        let left = self.left[color];
        let reserve = |t: Duration| t.saturating_sub(LAG).max(FLOOR);
        let budget = if left.stones > 0 {
            // Overtime: this period's time, shared by its stones, less a margin.
            let share = left.time / left.stones.max(1);
            let margin = LAG.max(share / 10);
            let target = share.saturating_sub(margin).max(FLOOR);
            Budget {
                target: target * 9 / 10,
                max: target,
            }
        } else {
            let expected = (empty_points.saturating_sub(area / 5) / 2).max(area / 10 + 10);
            let overtime_share = match self.control {
                TimeControl::ByoYomi { period, .. } => period,
                TimeControl::Canadian { period, stones, .. } => period / stones.max(1),
                _ => Duration::ZERO,
            };
            let usable = reserve(left.time);
            let target = (usable / expected as u32 + overtime_share / 2).max(FLOOR);
            let max = (target * 2).min(usable + overtime_share / 2).max(FLOOR);
            Budget {
                target: target.min(max),
                max,
            }
        };
        Some(budget)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn gtp_settings_map_to_controls() {
        assert_eq!(TimeControl::from_gtp(S(0), S(1), 0), TimeControl::Unlimited);
        assert_eq!(
            TimeControl::from_gtp(S(300), S(0), 0),
            TimeControl::Absolute { main: S(300) }
        );
        assert!(matches!(
            TimeControl::from_gtp(S(0), S(1), 1),
            TimeControl::Canadian { stones: 1, .. }
        ));
    }

    #[test]
    fn one_second_byo_yomi_leaves_a_margin() {
        let clock = Clock::new(TimeControl::from_gtp(S(0), S(1), 1));
        let b = clock.budget(Color::Black, 81, 81).unwrap();
        assert!(b.max < S(1) && b.max >= Duration::from_millis(500), "{b:?}");
        assert!(b.target <= b.max);
    }

    #[test]
    fn main_time_is_shared_over_the_expected_moves() {
        let clock = Clock::new(TimeControl::Absolute { main: S(600) });
        let b = clock.budget(Color::White, 361, 361).unwrap();
        assert!(b.target > S(2) && b.target < S(30), "{b:?}");
        assert!(b.max <= S(600));
        let late = Clock::new(TimeControl::Absolute { main: S(2) });
        let b = late.budget(Color::White, 100, 361).unwrap();
        assert!(b.max < S(2), "never the whole remaining time: {b:?}");
    }

    #[test]
    fn controls_read_as_go_players_write_them() {
        let ms = Duration::from_millis;
        let cases = [
            ("20m", TimeControl::Absolute { main: S(1200) }),
            ("1h", TimeControl::Absolute { main: S(3600) }),
            ("90", TimeControl::Absolute { main: S(90) }),
            (
                "10m+5x30s",
                TimeControl::ByoYomi {
                    main: S(600),
                    period: S(30),
                    periods: 5,
                },
            ),
            (
                "20s+3x0.5s",
                TimeControl::ByoYomi {
                    main: S(20),
                    period: ms(500),
                    periods: 3,
                },
            ),
            (
                "1m30s+25/5m",
                TimeControl::Canadian {
                    main: S(90),
                    period: S(300),
                    stones: 25,
                },
            ),
            (
                "0+1x1s",
                TimeControl::ByoYomi {
                    main: S(0),
                    period: S(1),
                    periods: 1,
                },
            ),
            ("none", TimeControl::Unlimited),
        ];
        for (text, control) in cases {
            assert_eq!(text.parse::<TimeControl>(), Ok(control), "{text}");
            // What is written reads back as the same control.
            assert_eq!(
                control.to_string().parse::<TimeControl>(),
                Ok(control),
                "{text}"
            );
        }
        assert_eq!(cases[3].1.to_string(), "10m+5x30s");
        assert_eq!(cases[4].1.to_string(), "20s+3x0.5s");
        assert_eq!(cases[5].1.to_string(), "1m30s+25/5m");
        for bad in [
            "",
            "10q",
            "10m+",
            "10m+5",
            "10m+0x30s",
            "10m+5x0s",
            "0",
            "m",
            "5m+x/3",
            "-3s",
        ] {
            let err = bad.parse::<TimeControl>().expect_err(bad);
            assert!(!err.to_string().is_empty(), "{bad}");
        }
        assert!(
            "10m+5q"
                .parse::<TimeControl>()
                .unwrap_err()
                .0
                .contains("5q"),
            "the message names the part that is wrong"
        );
    }

    #[test]
    fn flags_fall_as_a_referee_would_call_them() {
        let ms = Duration::from_millis;
        // Sudden death: a move that takes longer than what is left loses.
        let mut absolute = Clock::new(TimeControl::Absolute { main: S(10) });
        assert!(
            !absolute.charge(Color::Black, S(10)),
            "exactly all of it is in time"
        );
        assert!(absolute.charge(Color::Black, ms(1)));
        assert_eq!(absolute.left(Color::Black).time, Duration::ZERO);
        // Japanese: each period overrun is lost, the last one loses the game.
        let mut japanese = Clock::new(TimeControl::ByoYomi {
            main: S(1),
            period: ms(500),
            periods: 3,
        });
        assert!(
            !japanese.charge(Color::White, ms(1200)),
            "main time and part of the first period"
        );
        assert_eq!(japanese.left(Color::White).periods, 3);
        assert!(
            !japanese.charge(Color::White, ms(600)),
            "into the second period"
        );
        assert_eq!(japanese.left(Color::White).periods, 2);
        assert_eq!(japanese.left(Color::White).time, ms(500));
        assert!(
            !japanese.charge(Color::White, ms(499)),
            "a move within a period keeps it"
        );
        assert_eq!(japanese.left(Color::White).periods, 2);
        assert!(
            japanese.charge(Color::White, ms(1001)),
            "both periods overrun"
        );
        assert_eq!(japanese.left(Color::White).periods, 0);
        // Canadian: the period must hold all its stones.
        let mut canadian = Clock::new(TimeControl::Canadian {
            main: S(0),
            period: S(10),
            stones: 3,
        });
        assert!(!canadian.charge(Color::Black, S(6)));
        assert!(!canadian.charge(Color::Black, S(3)));
        assert!(
            canadian.charge(Color::Black, S(2)),
            "the third stone came too late"
        );
        // The other player's clock is untouched.
        assert_eq!(canadian.left(Color::White).time, S(10));
    }

    #[test]
    fn charging_moves_through_main_time_into_periods() {
        let mut clock = Clock::new(TimeControl::ByoYomi {
            main: S(10),
            period: S(5),
            periods: 3,
        });
        clock.charge(Color::Black, S(4));
        assert_eq!(clock.left(Color::Black).time, S(6));
        clock.charge(Color::Black, S(8));
        assert_eq!(clock.left(Color::Black).stones, 1);
        assert_eq!(clock.left(Color::Black).time, S(5));
        clock.charge(Color::Black, S(6));
        assert_eq!(clock.left(Color::Black).periods, 2);
        let mut canadian = Clock::new(TimeControl::Canadian {
            main: S(0),
            period: S(10),
            stones: 2,
        });
        canadian.charge(Color::White, S(3));
        assert_eq!(
            canadian.left(Color::White),
            TimeLeft {
                time: S(7),
                stones: 1,
                periods: 0
            }
        );
        canadian.charge(Color::White, S(3));
        assert_eq!(canadian.left(Color::White).stones, 2);
        assert_eq!(canadian.left(Color::White).time, S(10));
    }
}
