//! Game records: saving the game as SGF and continuing a saved one.

use super::{Session, title};
use std::io;
use std::path::Path;
use weiqi::Color;
use weiqi::sgf::{self, GameInfo};

/// The user's name for the record, from the environment.
fn user_name() -> String {
    ["USER", "USERNAME"]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "Human".to_string())
}

impl Session<'_> {
    pub(super) fn save(&mut self, path: &Path) -> io::Result<()> {
        let mut game = self.game().clone();
        let engine_name = format!("weiqi {}", env!("CARGO_PKG_VERSION"));
        let names = match self.setup.human {
            Some(Color::Black) => [user_name(), engine_name],
            Some(Color::White) => [engine_name, user_name()],
            None => [engine_name.clone(), engine_name],
        };
        if let (true, Some(human)) = (self.human_resigned, self.setup.human) {
            game.resign(human);
        }
        let [black_name, white_name] = names;
        let info = GameInfo {
            black_name: Some(black_name),
            white_name: Some(white_name),
            date: Some(crate::cli::matchup::today()),
            result: self.ending.map(|r| r.to_string()),
            rules_name: None,
            ..GameInfo::default()
        };
        match std::fs::write(path, sgf::write(&game, &info)) {
            Ok(()) => {
                self.saved = Some(game.moves().to_vec());
                self.say(&format!("Saved the game to {}.", path.display()))
            }
            Err(e) => self.say_error(&format!("Could not save to {}: {e}.", path.display())),
        }
    }

    pub(super) fn load(&mut self, path: &Path) -> anyhow::Result<()> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                return Ok(self.say_error(&format!("Could not read {}: {e}.", path.display()))?);
            }
        };
        let record = match sgf::parse_bytes(&bytes) {
            Ok(record) => record,
            Err(e) => {
                return Ok(self.say_error(&format!("Could not load {}: {e}.", path.display()))?);
            }
        };
        self.saved = Some(record.game.moves().to_vec());
        self.engine.set_game(record.game);
        self.reset();
        let game = self.game();
        let n = game.size().get();
        let text = format!(
            "Loaded {}: {n}x{n}, komi {}, {} moves; {} to play.",
            path.display(),
            game.rules().komi,
            game.moves().len(),
            title(game.to_move())
        );
        Ok(self.say(&text)?)
    }
}
