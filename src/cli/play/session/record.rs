//! Game records: saving the game as SGF and continuing a saved one.

use super::{Session, title};
use std::io;
use std::path::Path;
use weiqi::sgf::{self, GameInfo};
use weiqi::{Color, Engine, Game, Point};

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
        let previous = self.game().clone();
        if let Err(message) = self.replay(&record.game) {
            self.replay(&previous)
                .map_err(|e| anyhow::anyhow!("cannot restore the game: {e}"))?;
            return Ok(self.say_error(&format!("Could not load {}: {message}", path.display()))?);
        }
        self.reset();
        self.saved = Some(record.game.moves().to_vec());
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

    /// Sets the engine's game to `game`: its size, rules, handicap and moves.
    fn replay(&mut self, game: &Game) -> Result<(), String> {
        let size = game.size();
        self.engine
            .new_game(size, *game.rules())
            .map_err(|e| e.to_string())?;
        let setup = game.setup_board();
        let black: Vec<Point> = size
            .points()
            .filter(|&p| setup.color_at(p) == Some(Color::Black))
            .collect();
        let stones = size.points().filter(|&p| !setup.is_empty(p)).count();
        if game.handicap() > 0 && stones == black.len() {
            self.engine
                .place_handicap(&black)
                .map_err(|e| e.to_string())?;
        } else if stones > 0 {
            return Err(
                "it sets up stones (AB/AW) other than handicap stones; only games that start \
                 on an empty board or with handicap stones can be continued."
                    .to_string(),
            );
        }
        for &(color, mv) in game.moves() {
            self.engine.play(color, mv).map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}
