//! One game of a match: engines asked for moves in turn, every move checked by weiqi's own
//! [`Game`] and by the referee, the end decided, the result scored and the record saved.

use super::players::{Referee, Seat};
use anyhow::Context;
use std::path::PathBuf;
use std::time::Instant;
use weiqi::gtp::GtpClient;
use weiqi::search::time::{Clock, TimeControl};
use weiqi::sgf::{GameInfo, MoveClock, encode_real};
use weiqi::{
    BoardSize, Color, Engine, EngineError, EngineMove, Game, GameResult, Move, Point, Rules,
};

/// What every game of a match shares.
#[derive(Debug)]
pub struct MatchPlan {
    /// Number of games.
    pub games: u32,
    /// Display names of player1 and player2 (distinct).
    pub names: [String; 2],
    /// Board size.
    pub size: BoardSize,
    /// Rules, komi included.
    pub rules: Rules,
    /// A game that reaches this many moves (passes included) is stopped and scored.
    pub max_moves: usize,
    /// Where to write one SGF file per game, if anywhere.
    pub sgf_dir: Option<PathBuf>,
    /// The date for SGF `DT`, `YYYY-MM-DD`.
    pub date: String,
    /// 1 and up: log every move on stderr.
    pub verbosity: u8,
    /// Fixed handicap stones for Black in every game (0: none); player2 then has Black
    /// and player1 White in every game.
    pub handicap: usize,
    /// Both players' clocks; a player whose flag falls loses.
    pub time_control: TimeControl,
}

impl MatchPlan {
    /// The player (0 for player1, 1 for player2) who has Black in game `number` (from 1):
    /// player1 in odd games, or player2 in every game with a handicap (the stronger
    /// player, player1, gives it).
    pub fn black_in(&self, number: u32) -> usize {
        if self.handicap >= 2 || number % 2 == 0 {
            1
        } else {
            0
        }
    }

    /// Whether the players have clocks.
    fn timed(&self) -> bool {
        self.time_control != TimeControl::Unlimited
    }

    /// The SGF file of game `number`, if records are kept.
    fn sgf_path(&self, number: u32) -> Option<PathBuf> {
        let width = self.games.to_string().len().max(3);
        let dir = self.sgf_dir.as_ref()?;
        Some(dir.join(format!("game-{number:0width$}.sgf")))
    }
}

/// How a game ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Ending {
    /// Both players passed in a row.
    TwoPasses,
    /// The move cap was reached.
    MoveCap,
    /// The side to move resigned.
    Resignation,
    /// A player's flag fell: their time ran out during a move.
    Time {
        /// The player who lost (0 or 1).
        player: usize,
    },
    /// A player lost by an illegal move, a crash or a refused move.
    Forfeit {
        /// The player who lost (0 or 1).
        player: usize,
        /// What happened.
        reason: String,
    },
}

/// Who decided the score of a game that was counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scorer {
    /// The referee's `final_score`.
    Referee,
    /// weiqi's own area count, with the stones both players call dead removed.
    Count,
}

/// The outcome of one game.
#[derive(Clone, Debug)]
pub struct GameRecord {
    /// The game's number, from 1.
    pub number: u32,
    /// The player who had Black.
    pub black: usize,
    /// The result.
    pub result: GameResult,
    /// Moves played, passes included.
    pub moves: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// How the game ended.
    pub ending: Ending,
    /// Who scored it, for games that were counted.
    pub scorer: Option<Scorer>,
    /// Anything worth knowing: a referee that failed, a disagreement.
    pub notes: Vec<String>,
    /// The SGF file written.
    pub sgf: Option<PathBuf>,
    /// Each player's longest think, in seconds, as the clock measured it (player1,
    /// player2).
    pub longest_move: [f64; 2],
    /// Each external engine process's peak memory since it started, in MiB, read at the
    /// end of the game (player1, player2); `None` for built-in players and where the
    /// system does not say.
    pub peak_memory_mb: [Option<f64>; 2],
}

impl GameRecord {
    /// The player who won, unless drawn.
    pub fn winner(&self) -> Option<usize> {
        let winner = self.result.winner()?;
        Some(if winner == Color::Black {
            self.black
        } else {
            1 - self.black
        })
    }
}

/// Plays game `number` with the job's seats and referee, logging moves through `log` when
/// the plan asks for it.
///
/// # Errors
/// Only what ends the match: an external engine that cannot be restarted, or an SGF file
/// that cannot be written. A crash, an illegal move or a refused move loses the game
/// instead, and a failing referee is noted and replaced by weiqi's own count.
pub fn play_game(
    plan: &MatchPlan,
    seats: &mut [Seat; 2],
    referee: Option<&mut Referee>,
    number: u32,
    log: &(dyn Fn(&str) + Sync),
) -> anyhow::Result<GameRecord> {
    let start = Instant::now();
    let black = plan.black_in(number);
    let [seat1, seat2] = seats;
    let engine1 = seat1
        .engine(number)
        .with_context(|| format!("cannot restart {}", plan.names[0]))?;
    let engine2 = seat2
        .engine(number)
        .with_context(|| format!("cannot restart {}", plan.names[1]))?;
    let mut notes = Vec::new();
    let referee = match referee.map(Referee::client) {
        Some(Ok(client)) => Some(client),
        Some(Err(e)) => {
            notes.push(format!("no referee ({e}); counted by weiqi"));
            None
        }
        None => None,
    };
    let mut run = GameRun {
        plan,
        number,
        engines: [engine1, engine2],
        referee,
        game: Game::new(plan.size, plan.rules),
        black,
        notes,
        log,
        clock: Clock::new(plan.time_control),
        clocks: Vec::new(),
        longest_move: [0.0; 2],
        clock_refused: [false; 2],
    };
    let ending = run.play();
    let (result, scorer) = match &ending {
        Ending::TwoPasses | Ending::MoveCap => {
            let (result, scorer) = run.score();
            (result, Some(scorer))
        }
        Ending::Resignation => (run.game.result(), None),
        Ending::Time { player } => (GameResult::Time(run.color_of(1 - player)), None),
        Ending::Forfeit { player, .. } => (GameResult::Forfeit(run.color_of(1 - player)), None),
    };
    let sgf = plan.sgf_path(number);
    if let Some(path) = &sgf {
        let info = GameInfo {
            black_name: Some(plan.names[black].clone()),
            white_name: Some(plan.names[1 - black].clone()),
            date: Some(plan.date.clone()),
            result: Some(result.to_string()),
            rules_name: None,
            time_limit: sgf_time_limit(plan.time_control),
            overtime: sgf_overtime(plan.time_control),
        };
        std::fs::write(path, weiqi::sgf::write_timed(&run.game, &info, &run.clocks))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let peak_memory_mb = run
        .engines
        .each_ref()
        .map(|engine| engine.peak_memory_kib().map(|kib| kib as f64 / 1024.0));
    Ok(GameRecord {
        number,
        black,
        result,
        moves: run.game.moves().len(),
        seconds: start.elapsed().as_secs_f64(),
        ending,
        scorer,
        notes: run.notes,
        sgf,
        longest_move: run.longest_move,
        peak_memory_mb,
    })
}

/// The SGF `TM` of a time control: the main time in seconds.
fn sgf_time_limit(control: TimeControl) -> Option<String> {
    let main = match control {
        TimeControl::Unlimited => return None,
        TimeControl::Absolute { main }
        | TimeControl::ByoYomi { main, .. }
        | TimeControl::Canadian { main, .. } => main,
    };
    Some(encode_real(main.as_secs_f64()))
}

/// The SGF `OT` of a time control, as SGF editors write it: `5x30 byo-yomi`, `25/300
/// Canadian`.
fn sgf_overtime(control: TimeControl) -> Option<String> {
    match control {
        TimeControl::Unlimited | TimeControl::Absolute { .. } => None,
        TimeControl::ByoYomi {
            period, periods, ..
        } => Some(format!(
            "{periods}x{} byo-yomi",
            encode_real(period.as_secs_f64())
        )),
        TimeControl::Canadian { period, stones, .. } => Some(format!(
            "{stones}/{} Canadian",
            encode_real(period.as_secs_f64())
        )),
    }
}

/// A game in progress.
struct GameRun<'a> {
    plan: &'a MatchPlan,
    number: u32,
    /// player1's and player2's engines.
    engines: [&'a mut dyn Engine; 2],
    referee: Option<&'a mut GtpClient>,
    /// The game as weiqi's rules see it: the record and the judge of legality.
    game: Game,
    /// The player with Black.
    black: usize,
    notes: Vec<String>,
    log: &'a (dyn Fn(&str) + Sync),
    /// Both players' clocks, as the referee keeps them.
    clock: Clock,
    /// After each move, its player's clock, for the SGF record (empty without a clock).
    clocks: Vec<MoveClock>,
    /// Each player's longest think so far, in seconds.
    longest_move: [f64; 2],
    /// Whether each player has refused the clock commands (noted once).
    clock_refused: [bool; 2],
}

impl GameRun<'_> {
    fn player_of(&self, color: Color) -> usize {
        if color == Color::Black {
            self.black
        } else {
            1 - self.black
        }
    }

    fn color_of(&self, player: usize) -> Color {
        if player == self.black {
            Color::Black
        } else {
            Color::White
        }
    }

    fn forfeit(&self, player: usize, reason: String) -> Ending {
        Ending::Forfeit { player, reason }
    }

    /// Sets the game up and plays it until it ends; see [`Ending`].
    fn play(&mut self) -> Ending {
        let (size, rules) = (self.plan.size, self.plan.rules);
        for player in 0..2 {
            if let Err(e) = self.engines[player].new_game(size, rules) {
                let name = &self.plan.names[player];
                return self.forfeit(player, format!("{name} cannot start the game: {e}"));
            }
        }
        if let Some(referee) = self.referee.as_deref_mut() {
            if let Err(e) = referee.new_game(size, rules) {
                self.drop_referee(e);
            }
        }
        if self.plan.timed() {
            for player in 0..2 {
                let sent = self.engines[player].set_time_control(self.plan.time_control);
                if let Some(ending) = self.clock_command(player, "time settings", sent) {
                    return ending;
                }
            }
        }
        if self.plan.handicap >= 2 {
            if let Some(ending) = self.place_handicap() {
                return ending;
            }
        }
        while self.game.moves().len() < self.plan.max_moves {
            if let Some(ending) = self.next_move() {
                return ending;
            }
        }
        Ending::MoveCap
    }

    /// Places the plan's fixed handicap stones in the game, the engines and the referee;
    /// `Some` when an engine refuses them and forfeits.
    fn place_handicap(&mut self) -> Option<Ending> {
        let points = match weiqi::game::fixed_handicap_points(self.plan.size, self.plan.handicap) {
            Ok(points) => points,
            // The match checks the handicap against the size before the first game.
            Err(e) => return Some(self.forfeit(self.black, format!("no handicap: {e}"))),
        };
        if let Err(e) = self.game.place_handicap(&points) {
            return Some(self.forfeit(self.black, format!("no handicap: {e}")));
        }
        for player in 0..2 {
            if let Err(e) = self.engines[player].place_handicap(&points) {
                let name = &self.plan.names[player];
                return Some(self.forfeit(player, format!("{name} refused the handicap: {e}")));
            }
        }
        if let Some(referee) = self.referee.as_deref_mut() {
            if let Err(e) = referee.place_handicap(&points) {
                self.drop_referee(e);
            }
        }
        None
    }

    /// Plays one move; `Some` when the game ends with it.
    fn next_move(&mut self) -> Option<Ending> {
        let color = self.game.to_move();
        let player = self.player_of(color);
        let name = self.plan.names[player].clone();
        let timed = self.plan.timed();
        if timed {
            let sent = self.engines[player].time_left(color, self.clock.left(color));
            if let Some(ending) = self.clock_command(player, "time left", sent) {
                return Some(ending);
            }
        }
        let start = Instant::now();
        let answer = self.engines[player].genmove(color);
        let used = start.elapsed();
        self.longest_move[player] = self.longest_move[player].max(used.as_secs_f64());
        if self.clock.charge(color, used) {
            self.log(&format!(
                "{color} ({name}) ran out of time: {:.3} s for one move",
                used.as_secs_f64()
            ));
            return Some(Ending::Time { player });
        }
        let mv = match answer {
            Ok(EngineMove::Play(mv)) => mv,
            Ok(EngineMove::Resign) => {
                self.log(&format!("{color} ({name}) resigns"));
                self.game.resign(color);
                return Some(Ending::Resignation);
            }
            Err(e) => return Some(self.forfeit(player, format!("{name} failed to move: {e}"))),
        };
        self.log(&format!(
            "move {}: {color} {mv} ({name})",
            self.game.moves().len() + 1
        ));
        if let Err(e) = self.game.check(color, mv) {
            return Some(self.forfeit(player, format!("{name} played {color} {mv}: {e}")));
        }
        if let Some(ending) = self.referee_play(player, color, mv) {
            return Some(ending);
        }
        if let Err(e) = self.game.play(color, mv) {
            return Some(self.forfeit(player, format!("{name} played {color} {mv}: {e}")));
        }
        if timed {
            let left = self.clock.left(color);
            self.clocks.push(MoveClock {
                seconds_left: left.time.as_secs_f64(),
                overtime_left: left.overtime_left(),
            });
        }
        let other = 1 - player;
        if let Err(e) = self.engines[other].play(color, mv) {
            let other_name = &self.plan.names[other];
            return Some(self.forfeit(
                other,
                format!("{other_name} did not accept {color} {mv}: {e}"),
            ));
        }
        self.game.is_over().then_some(Ending::TwoPasses)
    }

    /// Deals with the answer to a clock command: an engine that died forfeits (`Some`); one
    /// that refuses plays on without being told the time, noted once.
    fn clock_command(
        &mut self,
        player: usize,
        what: &str,
        sent: Result<(), EngineError>,
    ) -> Option<Ending> {
        let name = &self.plan.names[player];
        match sent {
            Ok(()) => None,
            Err(e @ (EngineError::Died(_) | EngineError::BadResponse(_))) => {
                Some(self.forfeit(player, format!("{name} failed on the {what}: {e}")))
            }
            Err(e) => {
                if !self.clock_refused[player] {
                    self.clock_refused[player] = true;
                    self.notes
                        .push(format!("{name} refused the {what} ({e}); it plays on"));
                }
                None
            }
        }
    }

    /// Shows the move to the referee; `Some` when it refuses and the player forfeits.
    fn referee_play(&mut self, player: usize, color: Color, mv: Move) -> Option<Ending> {
        let referee = self.referee.as_deref_mut()?;
        match referee.play(color, mv) {
            Ok(()) => None,
            Err(EngineError::Rejected(msg)) => {
                // A referee such as GNU Go forbids suicide whatever the rules say; where the
                // rules allow it, weiqi's own judgement stands and the referee retires.
                let suicide = matches!(mv, Move::Play(p) if self.game.board().is_suicide(color, p));
                if suicide && self.plan.rules.suicide_allowed {
                    let note = format!("the referee refused the legal suicide {color} {mv}");
                    self.notes.push(format!("{note}; counted by weiqi"));
                    self.referee = None;
                    return None;
                }
                let name = &self.plan.names[player];
                Some(self.forfeit(
                    player,
                    format!("{name} played {color} {mv}: the referee refused it ({msg})"),
                ))
            }
            Err(e) => {
                self.drop_referee(e);
                None
            }
        }
    }

    /// Goes on without the referee, which failed.
    fn drop_referee(&mut self, e: EngineError) {
        self.notes
            .push(format!("the referee failed ({e}); counted by weiqi"));
        self.referee = None;
    }

    /// The result of a game that ended without resignation or forfeit: the referee's
    /// `final_score`, or else weiqi's own count.
    fn score(&mut self) -> (GameResult, Scorer) {
        if let Some(referee) = self.referee.as_deref_mut() {
            match referee.final_score() {
                Ok(result) => return (result, Scorer::Referee),
                Err(e) => self.notes.push(format!(
                    "the referee could not score ({e}); counted by weiqi"
                )),
            }
        }
        let dead = self.agreed_dead_stones();
        (self.game.result_with_dead(&dead), Scorer::Count)
    }

    /// The stones both players call dead (an engine that cannot tell calls none dead, so
    /// the count is then Tromp-Taylor).
    fn agreed_dead_stones(&mut self) -> Vec<Point> {
        let [first, second] = &mut self.engines;
        let first = first.dead_stones().unwrap_or_default();
        let second = second.dead_stones().unwrap_or_default();
        let board = self.game.board();
        let mut dead: Vec<Point> = first
            .into_iter()
            .filter(|p| second.contains(p) && board.color_at(*p).is_some())
            .collect();
        dead.sort();
        dead.dedup();
        dead
    }

    fn log(&self, message: &str) {
        if self.plan.verbosity > 0 {
            (self.log)(&format!("game {}: {message}", self.number));
        }
    }
}
