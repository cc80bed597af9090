//! Engine settings as text, read in one place: the `--threads`, `--playouts`, ... flags of
//! the binary, the `weiqi:KEY=VALUE,...` players of `weiqi match` and GTP's `weiqi-param`
//! all go through [`Setting::parse_pair`] and its value parsers, so each limit (1 to 1024
//! threads, up to a day a move, ...) is written once.

use super::mcts::EngineConfig;
use std::fmt;
use std::time::Duration;

/// A resignation threshold; `None` never resigns. Displays as the flag is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResignAt(pub Option<f64>);

impl fmt::Display for ResignAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(rate) => write!(f, "{rate}"),
            None => f.write_str("0"),
        }
    }
}

/// One engine setting given as `key=value`, checked as the matching flag is.
#[derive(Clone, Debug, PartialEq)]
pub enum Setting {
    /// `threads=N`
    Threads(usize),
    /// `playouts=N`; `None` (from the flags only) sets no limit.
    Playouts(Option<u64>),
    /// `time=SECONDS`; `None` (from the flags only) sets no limit.
    Time(Option<Duration>),
    /// `seed=N`
    Seed(u64),
    /// `resign-at=WIN_RATE` (0 or `never`: never), or `no-resign`
    ResignAt(Option<f64>),
    /// `max-tree-mb=MIB`
    MaxTreeMb(usize),
    /// `book=true|false`, or `no-book`
    Book(bool),
    /// A search tunable for tuning matches: `prior-learned`, `prior-even`,
    /// `prior-knowledge`, `expand-at` or `rave-equiv`, with its value.
    Search(&'static str, f64),
}

/// The search tunables a player spec may set, and the largest value each takes.
const SEARCH_KEYS: [(&str, f64); 5] = [
    ("prior-learned", 1000.0),
    ("prior-even", 1000.0),
    ("prior-knowledge", 1000.0),
    ("expand-at", 1000.0),
    ("rave-equiv", 1e9),
];

impl Setting {
    /// The keys [`Setting::parse`] knows.
    pub const KEYS: [&'static str; 14] = [
        "threads",
        "playouts",
        "time",
        "seed",
        "resign-at",
        "no-resign",
        "max-tree-mb",
        "book",
        "no-book",
        "prior-learned",
        "prior-even",
        "prior-knowledge",
        "expand-at",
        "rave-equiv",
    ];

    /// Reads `key=value` (or one of the bare keys `no-resign` and `no-book`).
    ///
    /// # Errors
    /// A message naming the unknown key or the bad value.
    pub fn parse(item: &str) -> Result<Setting, String> {
        match item.split_once('=') {
            Some((key, value)) => Setting::parse_pair(key, Some(value)),
            None => Setting::parse_pair(item, None),
        }
    }

    /// Reads one setting given as a key and a value (`None` for the bare keys), as
    /// [`Setting::parse`] does; a key may be written with `_` for `-` (`resign_at`), as
    /// GoGui's settings dialog writes it.
    ///
    /// # Errors
    /// A message naming the unknown key or the bad value.
    pub fn parse_pair(key: &str, value: Option<&str>) -> Result<Setting, String> {
        let key = canonical_key(key);
        let key = key.as_str();
        let value = value.map(str::trim);
        let bare = match key {
            "no-resign" => Some(Setting::ResignAt(None)),
            "no-book" => Some(Setting::Book(false)),
            _ => None,
        };
        if let Some(setting) = bare {
            return match value {
                None => Ok(setting),
                Some(_) => Err(format!("'{key}' takes no value")),
            };
        }
        if !Setting::KEYS.contains(&key) {
            return Err(format!(
                "unknown key '{key}': expected {}",
                Setting::KEYS.join(", ")
            ));
        }
        let value = value.ok_or_else(|| format!("'{key}' needs a value: {key}=..."))?;
        if let Some(&(name, max)) = SEARCH_KEYS.iter().find(|(name, _)| *name == key) {
            return match value.parse::<f64>() {
                Ok(x) if (0.0..=max).contains(&x) && (name == "rave-equiv" || x.fract() == 0.0) => {
                    Ok(Setting::Search(name, x))
                }
                _ => Err(format!("'{value}' is not a {key} from 0 to {max}")),
            };
        }
        let setting = match key {
            "threads" => Setting::Threads(parse_threads(value)?),
            "playouts" => Setting::Playouts(Some(parse_playouts(value)?)),
            "time" => Setting::Time(Some(parse_seconds(value)?)),
            "seed" => Setting::Seed(
                value
                    .parse()
                    .map_err(|_| format!("'{value}' is not a seed (a number from 0)"))?,
            ),
            "resign-at" => Setting::ResignAt(parse_resign_at(value)?.0),
            "book" => Setting::Book(parse_bool(value)?),
            _ => Setting::MaxTreeMb(parse_tree_mb(value)?),
        };
        Ok(setting)
    }

    /// Whether `key` names a setting, in either spelling (`resign-at`, `resign_at`).
    pub fn knows(key: &str) -> bool {
        Setting::KEYS.contains(&canonical_key(key).as_str())
    }

    /// Reads a comma-separated list of settings (`playouts=500,threads=1`); an empty text is
    /// an empty list.
    ///
    /// # Errors
    /// As [`Setting::parse`], for the first bad item.
    pub fn parse_list(text: &str) -> Result<Vec<Setting>, String> {
        text.split(',')
            .filter(|item| !item.trim().is_empty())
            .map(Setting::parse)
            .collect()
    }

    /// Changes `config` accordingly.
    pub fn apply(&self, config: &mut EngineConfig) {
        match *self {
            Setting::Threads(n) => config.threads = n,
            Setting::Playouts(n) => config.playouts = n,
            Setting::Time(t) => config.time_per_move = t,
            Setting::Seed(s) => config.seed = s,
            Setting::ResignAt(r) => config.resign_at = r,
            Setting::MaxTreeMb(mb) => config.max_tree_mb = mb,
            Setting::Book(on) => config.book = on,
            Setting::Search(key, x) => {
                let search = &mut config.search;
                match key {
                    "prior-learned" => search.prior_learned = x as u16,
                    "prior-even" => search.prior_even = x as u16,
                    "prior-knowledge" => search.prior_knowledge = x as u16,
                    "expand-at" => search.expand_threshold = (x as u32).max(1),
                    _ => search.rave_equiv = x,
                }
            }
        }
    }
}

/// A key as [`Setting::KEYS`] spell it: trimmed, with `-` for `_`.
fn canonical_key(key: &str) -> String {
    key.trim().replace('_', "-")
}

/// `true`, `false`, or as GoGui's dialog writes them `1` and `0` (also `on`, `off`).
pub fn parse_bool(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "1" | "on" => Ok(true),
        "false" | "0" | "off" => Ok(false),
        _ => Err(format!("'{s}' is not true or false")),
    }
}

/// A thread count from 1 to 1024.
pub fn parse_threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err(format!("'{s}' is not a thread count from 1 to 1024")),
    }
}

/// A playout count from 1.
pub fn parse_playouts(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("'{s}' is not a number of playouts from 1")),
    }
}

/// Seconds, more than 0 and at most a day.
pub fn parse_seconds(s: &str) -> Result<Duration, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= 86_400.0 => Ok(Duration::from_secs_f64(x)),
        _ => Err(format!(
            "'{s}' is not a number of seconds (more than 0, at most 86400)"
        )),
    }
}

/// A win rate from 0 to below 1; 0, `never`, `off` and `none` never resign.
pub fn parse_resign_at(s: &str) -> Result<ResignAt, String> {
    if ["never", "off", "none"].contains(&s.to_ascii_lowercase().as_str()) {
        return Ok(ResignAt(None));
    }
    match s.parse::<f64>() {
        Ok(0.0) => Ok(ResignAt(None)),
        Ok(x) if x > 0.0 && x < 1.0 => Ok(ResignAt(Some(x))),
        _ => Err(format!(
            "'{s}' is not a win rate from 0 to below 1 (0 or 'never' never resigns)"
        )),
    }
}

/// A tree memory cap from 1 MiB to 1 TiB.
pub fn parse_tree_mb(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=1 << 20).contains(&n) => Ok(n),
        _ => Err(format!("'{s}' is not a size in MiB from 1 to 1048576")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_parse_and_apply() {
        let list =
            Setting::parse_list("playouts=5000, threads=1,seed=3,resign-at=0.1,time=2").unwrap();
        let mut config = EngineConfig::default();
        for o in &list {
            o.apply(&mut config);
        }
        assert_eq!(config.playouts, Some(5000));
        assert_eq!(config.threads, 1);
        assert_eq!(config.seed, 3);
        assert_eq!(config.resign_at, Some(0.1));
        assert_eq!(config.time_per_move, Some(Duration::from_secs(2)));
        assert_eq!(Setting::parse_list("").unwrap(), vec![]);
        assert_eq!(
            Setting::parse("no-resign").unwrap(),
            Setting::ResignAt(None)
        );
        assert!(
            Setting::parse("foo=1")
                .unwrap_err()
                .contains("unknown key 'foo'")
        );
        assert!(
            Setting::parse("playouts")
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(
            Setting::parse("threads=0")
                .unwrap_err()
                .contains("thread count")
        );
        assert_eq!(Setting::parse("no-book").unwrap(), Setting::Book(false));
        assert_eq!(Setting::parse("book=true").unwrap(), Setting::Book(true));
        assert!(
            Setting::parse("book=maybe")
                .unwrap_err()
                .contains("not true or false")
        );
        assert!(
            Setting::parse("no-book=1")
                .unwrap_err()
                .contains("takes no value")
        );
    }

    #[test]
    fn gogui_spellings_read_as_the_flags_do() {
        assert_eq!(
            Setting::parse_pair("resign_at", Some("0")),
            Ok(Setting::ResignAt(None))
        );
        assert_eq!(
            Setting::parse_pair("max_tree_mb", Some(" 64 ")),
            Ok(Setting::MaxTreeMb(64))
        );
        assert_eq!(
            Setting::parse_pair("book", Some("0")),
            Ok(Setting::Book(false))
        );
        assert_eq!(
            Setting::parse_pair("expand_at", Some("5")),
            Ok(Setting::Search("expand-at", 5.0))
        );
        // One limit for every path: the flag, the player spec and weiqi-param.
        for bad in ["0", "1025", "x"] {
            assert_eq!(
                Setting::parse_pair("threads", Some(bad)).unwrap_err(),
                parse_threads(bad).unwrap_err()
            );
        }
    }
}
