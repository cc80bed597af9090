//! Time controls, each player's clock, and how long to think about one move.
//!
//! The budget follows Pachi's and Fuego's shape (`docs/knowledge.md`): in main time, the
//! time left shared over the moves still expected (half the empty points, less a settled
//! fifth of the board, never fewer than a floor), with up to twice that allowed when the
//! search is unsure; in byo-yomi, the period (or its share per stone) less a safety
//! margin. A fixed lag reserve keeps GUI and pipe delays from losing on time.

use crate::color::{ByColor, Color};
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

    /// Sets what `color` has left, as GTP's `time_left color time stones` reports it
    /// (stones 0: main time).
    pub fn set_left(&mut self, color: Color, time: Duration, stones: u32) {
        let periods = match self.control {
            TimeControl::ByoYomi { .. } if stones > 0 => self.left[color].periods.max(1),
            _ => 0,
        };
        self.left[color] = TimeLeft {
            time,
            stones,
            periods,
        };
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

    /// Charges `used` to `color` for one move, as a referee's clock would.
    pub fn charge(&mut self, color: Color, used: Duration) {
        if self.control == TimeControl::Unlimited {
            return;
        }
        let left = self.left[color];
        if left.stones == 0 {
            if used < left.time {
                self.left[color].time -= used;
                return;
            }
            let over = used - left.time;
            self.enter_overtime(color);
            if over > Duration::ZERO {
                self.charge(color, over);
            }
            return;
        }
        match self.control {
            TimeControl::ByoYomi { period, .. } => {
                if used <= left.time {
                    self.left[color].time = period;
                } else if left.periods > 1 {
                    self.left[color].periods -= 1;
                    self.left[color].time = period;
                } else {
                    self.left[color].time = Duration::ZERO;
                }
            }
            TimeControl::Canadian { period, stones, .. } => {
                let time = left.time.saturating_sub(used);
                if left.stones <= 1 {
                    self.left[color].time = period;
                    self.left[color].stones = stones;
                } else {
                    self.left[color].time = time;
                    self.left[color].stones -= 1;
                }
            }
            _ => {}
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
