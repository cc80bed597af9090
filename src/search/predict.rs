//! How well a move model predicts the moves of recorded games: top-1 and top-5 accuracy
//! and the mean log-likelihood of the move played, overall and by phase of the game.
//!
//! A position counts when its move is a stone the model could name: legal and not filling
//! the mover's own eye (the candidates of [`Model::rank`]). Passes and own-eye fills are
//! skipped and counted apart.

use super::learned::Model;
use crate::game::Game;
use crate::playout::Recent;
use crate::playout::ladder::LadderReader;
use crate::point::Move;
use serde::Serialize;

/// The phases reported: moves 1 to 50, 51 to 150, 151 on.
pub const PHASES: [(usize, usize); 3] = [(1, 50), (51, 150), (151, usize::MAX)];

/// Counts of one set of positions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Tally {
    /// Positions scored.
    pub positions: u64,
    /// Positions whose move the model ranked first.
    pub top1_hits: u64,
    /// Positions whose move the model ranked among its first five.
    pub top5_hits: u64,
    /// The sum of the natural logarithms of the probabilities of the moves played.
    pub log_likelihood_sum: f64,
}

impl Tally {
    fn add(&mut self, rank: usize, probability: f64) {
        self.positions += 1;
        self.top1_hits += u64::from(rank == 0);
        self.top5_hits += u64::from(rank < 5);
        self.log_likelihood_sum += probability.max(f64::MIN_POSITIVE).ln();
    }

    fn merge(&mut self, other: &Tally) {
        self.positions += other.positions;
        self.top1_hits += other.top1_hits;
        self.top5_hits += other.top5_hits;
        self.log_likelihood_sum += other.log_likelihood_sum;
    }

    /// The share of positions whose move was ranked first.
    pub fn top1(&self) -> f64 {
        self.share(self.top1_hits)
    }

    /// The share of positions whose move was ranked among the first five.
    pub fn top5(&self) -> f64 {
        self.share(self.top5_hits)
    }

    /// The mean log-likelihood of the moves played (natural logarithm).
    pub fn log_likelihood(&self) -> f64 {
        if self.positions == 0 {
            0.0
        } else {
            self.log_likelihood_sum / self.positions as f64
        }
    }

    fn share(&self, hits: u64) -> f64 {
        if self.positions == 0 {
            0.0
        } else {
            hits as f64 / self.positions as f64
        }
    }
}

/// The scores over many games.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prediction {
    /// Games read.
    pub games: u64,
    /// Every position scored.
    pub overall: Tally,
    /// The positions of each of [`PHASES`].
    pub phases: [Tally; 3],
    /// Moves not scored: passes and own-eye fills.
    pub skipped: u64,
}

impl Prediction {
    /// Scores every move of `game` with `model`.
    pub fn add_game(&mut self, model: &Model, game: &Game, ladders: &mut LadderReader) {
        let mut replay = game.clone();
        while replay.undo().is_some() {}
        self.games += 1;
        for (i, &(color, mv)) in game.moves().iter().enumerate() {
            if let Move::Play(played) = mv {
                let board = replay.board();
                let recent = Recent::at_end_of(replay.moves());
                let ranked = model.rank(board, color, recent, ladders);
                match ranked.iter().position(|&(p, _)| p == played) {
                    Some(rank) => {
                        let probability = ranked[rank].1;
                        self.overall.add(rank, probability);
                        let number = i + 1;
                        if let Some(phase) =
                            PHASES.iter().position(|&(a, b)| (a..=b).contains(&number))
                        {
                            self.phases[phase].add(rank, probability);
                        }
                    }
                    None => self.skipped += 1,
                }
            } else {
                self.skipped += 1;
            }
            if replay.play(color, mv).is_err() {
                return;
            }
        }
    }

    /// Adds the scores of `other`.
    pub fn merge(&mut self, other: &Prediction) {
        self.games += other.games;
        self.overall.merge(&other.overall);
        for (a, b) in self.phases.iter_mut().zip(&other.phases) {
            a.merge(b);
        }
        self.skipped += other.skipped;
    }
}
