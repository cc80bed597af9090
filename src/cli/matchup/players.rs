//! Who plays in a match: player specs as typed on the command line, and the engines a job
//! runs for them (built-in engines made fresh for each game, external programs kept
//! running across games and restarted after they die).

use anyhow::Context;
use weiqi::Engine;
use weiqi::engine::mcts::{EngineConfig, MctsEngine};
use weiqi::engine::random::RandomEngine;
use weiqi::engine::settings::Setting;
use weiqi::gtp::client::split_command_line;
use weiqi::gtp::{GtpClient, GtpClientOptions, StartError};

/// A player as given with `--player1`/`--player2`.
#[derive(Clone, Debug, PartialEq)]
pub enum PlayerSpec {
    /// `weiqi` or `weiqi:KEY=VALUE,...`: the built-in engine, with settings that override the
    /// shared flags.
    Builtin(Vec<Setting>),
    /// `random` or `random:seed=N`: the random baseline engine.
    Random(Option<u64>),
    /// Anything else: the command line of an external GTP engine.
    External(String),
}

impl PlayerSpec {
    /// Reads a spec; see the variants.
    ///
    /// # Errors
    /// A message for an unknown or bad setting, or a command line that cannot be split.
    pub fn parse(text: &str) -> Result<PlayerSpec, String> {
        let t = text.trim();
        if let Some(rest) = builtin_settings(t, "weiqi") {
            return Setting::parse_list(rest).map(PlayerSpec::Builtin);
        }
        if let Some(rest) = builtin_settings(t, "random") {
            let mut seed = None;
            for item in rest.split(',').filter(|item| !item.trim().is_empty()) {
                let (key, value) = item.split_once('=').unwrap_or((item, ""));
                if key.trim() != "seed" {
                    return Err(format!(
                        "unknown key '{}' for the random engine: expected seed",
                        key.trim()
                    ));
                }
                let value = value.trim();
                seed = Some(
                    value
                        .parse()
                        .map_err(|_| format!("'{value}' is not a seed (a number from 0)"))?,
                );
            }
            return Ok(PlayerSpec::Random(seed));
        }
        split_command_line(t).map_err(|e| e.to_string())?;
        Ok(PlayerSpec::External(t.to_string()))
    }

    /// The player to run, with the shared built-in settings `base`.
    pub fn resolve(&self, base: &EngineConfig) -> PlayerKind {
        match self {
            PlayerSpec::Builtin(overrides) => {
                let mut config = base.clone();
                for o in overrides {
                    o.apply(&mut config);
                }
                PlayerKind::Builtin(config)
            }
            PlayerSpec::Random(seed) => PlayerKind::Random(seed.unwrap_or(base.seed)),
            PlayerSpec::External(command) => PlayerKind::External(command.clone()),
        }
    }
}

/// The settings text after `name:` when `text` is `name` or `name:...`.
fn builtin_settings<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    match text.strip_prefix(name)? {
        "" => Some(""),
        rest => rest.strip_prefix(':'),
    }
}

/// A player resolved against the shared flags.
#[derive(Clone, Debug, PartialEq)]
pub enum PlayerKind {
    /// The built-in engine with these settings; game `n` is played with seed `seed + n - 1`.
    Builtin(EngineConfig),
    /// The random engine; game `n` is played with seed `seed + n - 1`.
    Random(u64),
    /// An external GTP engine's command line.
    External(String),
}

/// One player's engine within a job.
pub struct Seat {
    kind: PlayerKind,
    options: GtpClientOptions,
    client: Option<GtpClient>,
    /// The built-in engine of the current game.
    local: Option<Box<dyn Engine>>,
}

impl Seat {
    /// A seat for `kind`; nothing starts until [`Seat::engine`].
    pub fn new(kind: PlayerKind, options: GtpClientOptions) -> Seat {
        Seat {
            kind,
            options,
            client: None,
            local: None,
        }
    }

    /// The engine for game `number` (from 1): a fresh built-in engine seeded for that game,
    /// or the external engine, started or restarted if it is not running.
    ///
    /// # Errors
    /// When an external engine cannot be (re)started, or the built-in engine's threads.
    pub fn engine(&mut self, number: u32) -> anyhow::Result<&mut dyn Engine> {
        let offset = u64::from(number.saturating_sub(1));
        // The last game's engine goes first, with its threads and tree.
        self.local = None;
        match &self.kind {
            PlayerKind::Builtin(config) => {
                let config = EngineConfig {
                    seed: config.seed.wrapping_add(offset),
                    ..config.clone()
                };
                let engine = MctsEngine::new(config).context("cannot start the built-in engine")?;
                Ok(self.local.insert(Box::new(engine)).as_mut())
            }
            PlayerKind::Random(seed) => {
                let engine = RandomEngine::new(seed.wrapping_add(offset));
                Ok(self.local.insert(Box::new(engine)).as_mut())
            }
            PlayerKind::External(command) => {
                let client = match self.client.take() {
                    Some(client) if !client.has_died() => client,
                    _ => GtpClient::start_with(command, &self.options)?,
                };
                Ok(self.client.insert(client))
            }
        }
    }
}

/// The referee of a job: an external engine, restarted when it died.
pub struct Referee {
    command: String,
    options: GtpClientOptions,
    client: Option<GtpClient>,
}

impl Referee {
    /// A referee running `command`; it starts on first use.
    pub fn new(command: String, options: GtpClientOptions) -> Referee {
        Referee {
            command,
            options,
            client: None,
        }
    }

    /// The running referee, (re)started if needed.
    ///
    /// # Errors
    /// [`StartError`] when it cannot be started.
    pub fn client(&mut self) -> Result<&mut GtpClient, StartError> {
        let client = match self.client.take() {
            Some(client) if !client.has_died() => client,
            _ => GtpClient::start_with(&self.command, &self.options)?,
        };
        Ok(self.client.insert(client))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse() {
        assert_eq!(PlayerSpec::parse("weiqi"), Ok(PlayerSpec::Builtin(vec![])));
        assert_eq!(
            PlayerSpec::parse("weiqi:playouts=50,threads=1"),
            Ok(PlayerSpec::Builtin(vec![
                Setting::Playouts(Some(50)),
                Setting::Threads(1)
            ]))
        );
        assert_eq!(PlayerSpec::parse("random"), Ok(PlayerSpec::Random(None)));
        assert_eq!(
            PlayerSpec::parse("random:seed=4"),
            Ok(PlayerSpec::Random(Some(4)))
        );
        assert_eq!(
            PlayerSpec::parse("gnugo --mode gtp"),
            Ok(PlayerSpec::External("gnugo --mode gtp".to_string()))
        );
        assert_eq!(
            PlayerSpec::parse("weiqi gtp --playouts 5"),
            Ok(PlayerSpec::External("weiqi gtp --playouts 5".to_string()))
        );
        let err = PlayerSpec::parse("weiqi:colour=red").unwrap_err();
        assert!(err.contains("unknown key 'colour'"), "{err}");
        assert!(PlayerSpec::parse("random:playouts=3").is_err());
        assert!(
            PlayerSpec::parse("gnugo 'x")
                .unwrap_err()
                .contains("unclosed")
        );
        assert!(PlayerSpec::parse("  ").unwrap_err().contains("empty"));
    }

    #[test]
    fn overrides_apply_over_the_shared_settings() {
        let base = EngineConfig {
            threads: 4,
            ..EngineConfig::default()
        };
        let spec = PlayerSpec::parse("weiqi:playouts=50,seed=3").unwrap();
        let PlayerKind::Builtin(config) = spec.resolve(&base) else {
            panic!("not built in");
        };
        assert_eq!(config.threads, 4);
        assert_eq!(config.playouts, Some(50));
        assert_eq!(config.seed, 3);
        assert_eq!(
            PlayerSpec::Random(None).resolve(&base),
            PlayerKind::Random(base.seed)
        );
    }
}
