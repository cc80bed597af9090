//! Rules as plain data: ko rule, suicide, scoring and komi, with the common presets.

use std::fmt;
use std::str::FromStr;

/// How repetition is forbidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KoRule {
    /// Only the immediate recapture of a single stone is forbidden.
    Simple,
    /// No move may recreate an earlier board position (stones only).
    PositionalSuperko,
    /// No move may recreate an earlier board position with the same player to move.
    SituationalSuperko,
}

/// How the game is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scoring {
    /// Stones plus surrounded empty points (Chinese, Tromp-Taylor, AGA, New Zealand).
    Area,
}

/// Komi in half points, so that equality and jigo are exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Komi(i16);

/// Komi text that is not a number in half-point steps within +-1000.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KomiError(pub String);

impl fmt::Display for KomiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid komi '{}': expected a number in half-point steps, such as 7.5 or 6",
            self.0
        )
    }
}

impl std::error::Error for KomiError {}

impl Komi {
    /// Komi from a count of half points (15 is 7.5).
    pub const fn from_half_points(half: i16) -> Komi {
        Komi(half)
    }

    /// Komi from a number of points; `None` unless it is finite, a multiple of 0.5 and
    /// within +-1000.
    pub fn from_points(points: f64) -> Option<Komi> {
        let half = points * 2.0;
        (points.is_finite() && half.fract() == 0.0 && points.abs() <= 1000.0)
            .then_some(Komi(half as i16))
    }

    /// Komi in half points.
    pub const fn half_points(self) -> i16 {
        self.0
    }

    /// Komi in points.
    pub fn points(self) -> f64 {
        f64::from(self.0) / 2.0
    }
}

impl fmt::Display for Komi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.points())
    }
}

impl FromStr for Komi {
    type Err = KomiError;

    /// Reads `7.5`, `6`, `-0.5`, `7.50`; rejects `nan`, `inf` and non half-point values.
    fn from_str(s: &str) -> Result<Komi, KomiError> {
        let t = s.trim();
        let looks_numeric = !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+');
        looks_numeric
            .then(|| t.parse::<f64>().ok())
            .flatten()
            .and_then(Komi::from_points)
            .ok_or_else(|| KomiError(s.chars().take(32).collect()))
    }
}

/// A complete rule set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rules {
    /// The repetition rule.
    pub ko: KoRule,
    /// Whether a move may leave its own chain without liberties (it is then removed).
    pub suicide_allowed: bool,
    /// How the game is counted.
    pub scoring: Scoring,
    /// Points given to White.
    pub komi: Komi,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules::chinese()
    }
}

/// A rules name that matches no preset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError(pub String);

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown rules '{}': expected one of {}",
            self.0,
            Rules::PRESET_NAMES.join(", ")
        )
    }
}

impl std::error::Error for RulesError {}

impl Rules {
    /// The names [`Rules::preset`] accepts.
    pub const PRESET_NAMES: [&'static str; 4] = ["chinese", "tromp-taylor", "new-zealand", "aga"];

    /// Chinese rules: area scoring, positional superko, no suicide, komi 7.5.
    pub const fn chinese() -> Rules {
        Rules {
            ko: KoRule::PositionalSuperko,
            suicide_allowed: false,
            scoring: Scoring::Area,
            komi: Komi(15),
        }
    }

    /// Tromp-Taylor: area scoring, positional superko, suicide allowed, komi 7.5.
    pub const fn tromp_taylor() -> Rules {
        Rules {
            ko: KoRule::PositionalSuperko,
            suicide_allowed: true,
            scoring: Scoring::Area,
            komi: Komi(15),
        }
    }

    /// New Zealand: area scoring, situational superko, suicide allowed, komi 7.
    pub const fn new_zealand() -> Rules {
        Rules {
            ko: KoRule::SituationalSuperko,
            suicide_allowed: true,
            scoring: Scoring::Area,
            komi: Komi(14),
        }
    }

    /// AGA: area scoring (equivalent to AGA counting with pass stones), situational
    /// superko, no suicide, komi 7.5.
    pub const fn aga() -> Rules {
        Rules {
            ko: KoRule::SituationalSuperko,
            suicide_allowed: false,
            scoring: Scoring::Area,
            komi: Komi(15),
        }
    }

    /// A preset by name, in any case; `_` may stand for `-`, and `japanese` and `korean`
    /// are not offered because territory scoring is not implemented.
    ///
    /// # Errors
    /// [`RulesError`] for any other name.
    pub fn preset(name: &str) -> Result<Rules, RulesError> {
        match name.to_ascii_lowercase().replace('_', "-").as_str() {
            "chinese" | "cn" => Ok(Rules::chinese()),
            "tromp-taylor" | "tt" => Ok(Rules::tromp_taylor()),
            "new-zealand" | "nz" => Ok(Rules::new_zealand()),
            "aga" => Ok(Rules::aga()),
            _ => Err(RulesError(name.chars().take(32).collect())),
        }
    }

    /// The preset name these rules match, ignoring komi, if any.
    pub fn preset_name(&self) -> Option<&'static str> {
        Rules::PRESET_NAMES.into_iter().find(|name| {
            let p = Rules::preset(name).expect("listed presets parse");
            (p.ko, p.suicide_allowed, p.scoring) == (self.ko, self.suicide_allowed, self.scoring)
        })
    }

    /// These rules with another komi.
    pub const fn with_komi(self, komi: Komi) -> Rules {
        Rules { komi, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn komi_parses_half_points_only() {
        assert_eq!("7.5".parse::<Komi>(), Ok(Komi(15)));
        assert_eq!("6".parse::<Komi>(), Ok(Komi(12)));
        assert_eq!("-0.5".parse::<Komi>(), Ok(Komi(-1)));
        for bad in ["nan", "inf", "-inf", "7.3", "", "abc", "1e309", "100000"] {
            assert!(bad.parse::<Komi>().is_err(), "{bad}");
        }
        assert_eq!(Komi(15).to_string(), "7.5");
        assert_eq!(Komi(14).to_string(), "7");
        assert_eq!(Komi(-1).to_string(), "-0.5");
    }

    #[test]
    fn presets_by_name() {
        assert_eq!(Rules::preset("Chinese"), Ok(Rules::chinese()));
        assert_eq!(Rules::preset("tromp_taylor"), Ok(Rules::tromp_taylor()));
        assert!(Rules::preset("japanese").is_err());
        for name in Rules::PRESET_NAMES {
            assert_eq!(Rules::preset(name).unwrap().preset_name(), Some(name));
        }
    }
}
