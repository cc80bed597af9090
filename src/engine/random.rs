//! A baseline opponent: random legal moves that never fill the mover's own eye.
//!
//! [`RandomEngine`] asks the light playout policy ([`UniformPolicy`]) for a move, checks it
//! against the full rules of its [`Game`] (superko included, which the policy does not
//! know), tries again a few times if the rules refuse it, and passes when nothing is left.
//! It is seeded, so a game between two random engines (or against any deterministic
//! opponent) is reproducible. Tests and matches use it as the weakest sensible player.

use super::{Engine, EngineError, EngineMove};
use crate::color::Color;
use crate::game::Game;
use crate::playout::{PlayoutPolicy, Recent, UniformPolicy};
use crate::point::{BoardSize, Move, Point};
use crate::rules::{Komi, Rules};
use rand::SeedableRng;
use rand::rngs::SmallRng;

/// How many policy moves the rules may refuse (superko) before the engine passes.
const ATTEMPTS: usize = 8;

/// An engine that plays uniformly random legal moves that do not fill its own eyes. See the
/// module docs.
#[derive(Clone, Debug)]
pub struct RandomEngine {
    game: Game,
    rng: SmallRng,
}

impl RandomEngine {
    /// A random engine seeded with `seed`, ready for a 19x19 Chinese-rules game.
    pub fn new(seed: u64) -> RandomEngine {
        RandomEngine {
            game: Game::new(BoardSize::NINETEEN, Rules::chinese()),
            rng: SmallRng::seed_from_u64(seed),
        }
    }

    /// The game as the engine sees it.
    pub fn game(&self) -> &Game {
        &self.game
    }
}

/// The last two stones played, as playout policies expect them.
fn recent_moves(game: &Game) -> Recent {
    let mut moves = game.moves().iter().rev().map(|&(_, mv)| mv.point());
    Recent {
        last: moves.next().flatten(),
        before_last: moves.next().flatten(),
    }
}

impl Engine for RandomEngine {
    fn name(&self) -> String {
        "Random".to_string()
    }

    fn version(&self) -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }

    fn new_game(&mut self, size: BoardSize, rules: Rules) -> Result<(), EngineError> {
        self.game = Game::new(size, rules);
        Ok(())
    }

    fn set_komi(&mut self, komi: Komi) -> Result<(), EngineError> {
        let rules = self.game.rules().with_komi(komi);
        self.game.set_rules(rules);
        Ok(())
    }

    fn place_handicap(&mut self, points: &[Point]) -> Result<(), EngineError> {
        Ok(self.game.place_handicap(points)?)
    }

    fn play(&mut self, color: Color, mv: Move) -> Result<(), EngineError> {
        Ok(self.game.play(color, mv)?)
    }

    /// A random legal non-eye-filling move, played in the engine's game; a pass when there
    /// is none. Once the game is over (two passes) the answer is a pass that is not
    /// recorded, since the game accepts no more moves. Never resigns.
    fn genmove(&mut self, color: Color) -> Result<EngineMove, EngineError> {
        if self.game.is_over() {
            return Ok(EngineMove::Play(Move::Pass));
        }
        let recent = recent_moves(&self.game);
        let mv = (0..ATTEMPTS)
            .map(|_| UniformPolicy.choose(self.game.board(), color, recent, &mut self.rng))
            .find(|&mv| self.game.check(color, mv).is_ok())
            .unwrap_or(Move::Pass);
        self.game.play(color, mv)?;
        Ok(EngineMove::Play(mv))
    }

    fn undo(&mut self) -> Result<(), EngineError> {
        self.game
            .undo()
            .map(|_| ())
            .ok_or_else(|| EngineError::Unsupported("nothing to undo".to_string()))
    }

    /// None: the engine judges nothing dead, so its games count Tromp-Taylor.
    fn dead_stones(&mut self) -> Result<Vec<Point>, EngineError> {
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plays a whole game between two random engines, checking every move against a
    /// referee game. Returns the moves.
    fn self_play(seed: u64, size: BoardSize, rules: Rules) -> Vec<(Color, Move)> {
        let mut players = [RandomEngine::new(seed), RandomEngine::new(seed + 1)];
        for p in &mut players {
            p.new_game(size, rules).unwrap();
        }
        let mut game = Game::new(size, rules);
        while !game.is_over() && game.moves().len() < 3 * size.area() {
            let color = game.to_move();
            let (mover, other) = match color {
                Color::Black => (0, 1),
                Color::White => (1, 0),
            };
            let EngineMove::Play(mv) = players[mover].genmove(color).unwrap() else {
                panic!("the random engine resigned");
            };
            if let Move::Play(p) = mv {
                assert!(
                    !game.board().is_eye(p, color),
                    "{color} filled its eye at {p}"
                );
            }
            game.play(color, mv).unwrap();
            players[other].play(color, mv).unwrap();
        }
        assert_eq!(players[0].game().board(), game.board());
        game.moves().to_vec()
    }

    #[test]
    fn plays_legal_games_to_the_end() {
        for seed in 0..4 {
            let moves = self_play(seed, BoardSize::NINE, Rules::chinese());
            assert!(moves.len() > 20, "{} moves", moves.len());
            let n = moves.len();
            assert_eq!(
                &moves[n - 2..].iter().map(|m| m.1).collect::<Vec<_>>(),
                &[Move::Pass, Move::Pass]
            );
        }
    }

    #[test]
    fn is_reproducible() {
        let a = self_play(7, BoardSize::NINE, Rules::tromp_taylor());
        let b = self_play(7, BoardSize::NINE, Rules::tromp_taylor());
        assert_eq!(a, b);
    }

    #[test]
    fn passes_once_the_game_is_over() {
        let mut engine = RandomEngine::new(1);
        engine
            .new_game(BoardSize::new(5).unwrap(), Rules::chinese())
            .unwrap();
        engine.play(Color::Black, Move::Pass).unwrap();
        engine.play(Color::White, Move::Pass).unwrap();
        assert_eq!(
            engine.genmove(Color::Black).unwrap(),
            EngineMove::Play(Move::Pass)
        );
        assert_eq!(engine.game().moves().len(), 2);
    }
}
