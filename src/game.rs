//! The rule-keeping game: a board plus turn, history, superko, passes, handicap and result.

use crate::board::{Board, IllegalMove};
use crate::color::Color;
use crate::point::{BoardSize, Move, Point};
use crate::rules::{KoRule, Rules};
use crate::score::{AreaCount, GameResult, Ownership, count_area};
use std::fmt;

/// Why setup or handicap stones cannot be placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetupError {
    /// Stones may be set up only before the first move, on an empty board.
    BoardNotEmpty,
    /// A fixed handicap count this board size does not allow.
    InvalidHandicap {
        /// The count asked for.
        stones: usize,
        /// The board size.
        size: BoardSize,
    },
    /// The same point was given twice, or already holds a stone.
    Occupied(Point),
    /// The stones would leave a chain without liberties.
    NoLiberties(Point),
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetupError::BoardNotEmpty => write!(f, "board not empty"),
            SetupError::InvalidHandicap { stones, size } => write!(
                f,
                "invalid number of stones: {stones} handicap stones on {size}x{size}"
            ),
            SetupError::Occupied(p) => write!(f, "bad vertex list: {p} is given twice"),
            SetupError::NoLiberties(p) => {
                write!(f, "bad vertex list: the chain at {p} has no liberties")
            }
        }
    }
}

impl std::error::Error for SetupError {}

/// The standard fixed handicap points (GTP spec 4.1.1) for `stones` stones.
///
/// # Errors
/// [`SetupError::InvalidHandicap`] unless 2 <= stones <= 9 on odd sizes from 9, or
/// 2 <= stones <= 4 on 7x7 and even sizes from 8.
pub fn fixed_handicap_points(size: BoardSize, stones: usize) -> Result<Vec<Point>, SetupError> {
    let n = size.get();
    let max = match n {
        0..=6 => 0,
        7 => 4,
        n if n % 2 == 0 => 4,
        _ => 9,
    };
    if !(2..=max).contains(&stones) {
        return Err(SetupError::InvalidHandicap { stones, size });
    }
    let low = if n >= 13 { 3 } else { 2 };
    let high = n - 1 - low;
    let mid = n / 2;
    let at = |x, y| Point::from_xy(x, y, size).expect("handicap point on the board");
    let mut points = vec![at(low, low), at(high, high)];
    if stones >= 3 {
        points.push(at(low, high));
    }
    if stones >= 4 {
        points.push(at(high, low));
    }
    if stones >= 6 {
        points.push(at(low, mid));
        points.push(at(high, mid));
    }
    if stones >= 8 {
        points.push(at(mid, low));
        points.push(at(mid, high));
    }
    if stones % 2 == 1 && stones >= 5 {
        points.push(at(mid, mid));
    }
    Ok(points)
}

/// A game in progress: the position, whose turn it is, and everything needed for superko,
/// undo and the result.
#[derive(Clone, Debug)]
pub struct Game {
    board: Board,
    rules: Rules,
    to_move: Color,
    /// The position before the first move: setup and handicap stones.
    setup: Board,
    setup_to_move: Color,
    handicap: usize,
    moves: Vec<(Color, Move)>,
    /// Board hash and player to move after each position: [0] the setup, [i] after move i.
    history: Vec<(u64, Color)>,
    passes: usize,
    resigned: Option<GameResult>,
}

impl PartialEq for Game {
    fn eq(&self, other: &Game) -> bool {
        self.board == other.board
            && self.rules == other.rules
            && self.to_move == other.to_move
            && self.setup == other.setup
            && self.handicap == other.handicap
            && self.moves == other.moves
            && self.history == other.history
            && self.passes == other.passes
            && self.resigned == other.resigned
    }
}

impl Game {
    /// A new game on an empty board, Black to move.
    pub fn new(size: BoardSize, rules: Rules) -> Game {
        let board = Board::new(size);
        Game {
            setup: board.clone(),
            history: vec![(board.hash(), Color::Black)],
            board,
            rules,
            to_move: Color::Black,
            setup_to_move: Color::Black,
            handicap: 0,
            moves: Vec::new(),
            passes: 0,
            resigned: None,
        }
    }

    /// The current position.
    #[inline]
    pub fn board(&self) -> &Board {
        &self.board
    }

    /// The board size.
    pub fn size(&self) -> BoardSize {
        self.board.size()
    }

    /// The rules in force.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Changes the rules (komi included); the position and history stay.
    pub fn set_rules(&mut self, rules: Rules) {
        self.rules = rules;
    }

    /// The player whose turn it is: the opponent of the last mover.
    pub fn to_move(&self) -> Color {
        self.to_move
    }

    /// Gives the turn to `color` without a move, as a controller may ask an engine to move
    /// for either side. Superko history is unchanged; the next move's colour decides the
    /// turn after it as usual.
    pub fn set_to_move(&mut self, color: Color) {
        self.to_move = color;
    }

    /// Sets the player to move before the first move (SGF `PL`).
    ///
    /// # Errors
    /// [`SetupError::BoardNotEmpty`] once a move has been played.
    pub fn set_first_to_move(&mut self, color: Color) -> Result<(), SetupError> {
        if !self.moves.is_empty() {
            return Err(SetupError::BoardNotEmpty);
        }
        self.to_move = color;
        self.setup_to_move = color;
        self.history[0].1 = color;
        Ok(())
    }

    /// The moves played so far, with their colours (setup stones excluded).
    pub fn moves(&self) -> &[(Color, Move)] {
        &self.moves
    }

    /// The position before the first move.
    pub fn setup_board(&self) -> &Board {
        &self.setup
    }

    /// Handicap stones placed (0 for an even game).
    pub fn handicap(&self) -> usize {
        self.handicap
    }

    /// The last move, if any.
    pub fn last_move(&self) -> Option<(Color, Move)> {
        self.moves.last().copied()
    }

    /// Consecutive passes at the end of the move list.
    pub fn consecutive_passes(&self) -> usize {
        self.passes
    }

    /// Whether the game has ended: two passes in a row, or a resignation.
    pub fn is_over(&self) -> bool {
        self.passes >= 2 || self.resigned.is_some()
    }

    /// Places the standard handicap stones and gives White the move.
    ///
    /// # Errors
    /// [`SetupError::BoardNotEmpty`] after a move or other stones, or
    /// [`SetupError::InvalidHandicap`] for a count this size does not allow.
    pub fn place_fixed_handicap(&mut self, stones: usize) -> Result<Vec<Point>, SetupError> {
        self.require_empty()?;
        let points = fixed_handicap_points(self.size(), stones)?;
        self.place_handicap(&points)?;
        Ok(points)
    }

    /// Places Black handicap stones on the given points and gives White the move.
    ///
    /// # Errors
    /// [`SetupError`] when the board is not empty, a point repeats or the placement leaves
    /// a chain without liberties (a full board).
    pub fn place_handicap(&mut self, points: &[Point]) -> Result<(), SetupError> {
        self.require_empty()?;
        self.add_setup_stones(Color::Black, points)?;
        self.handicap = points.len();
        self.set_first_to_move(Color::White)
    }

    /// Adds setup stones (SGF `AB`/`AW`) before the first move. The turn does not change.
    ///
    /// # Errors
    /// [`SetupError`] after the first move, on an occupied point, or when a chain would have
    /// no liberties; the game is unchanged then.
    pub fn add_setup_stones(&mut self, color: Color, points: &[Point]) -> Result<(), SetupError> {
        if !self.moves.is_empty() {
            return Err(SetupError::BoardNotEmpty);
        }
        let mut board = self.board.clone();
        for &p in points {
            if !board.is_empty(p) {
                return Err(SetupError::Occupied(p));
            }
            board.add_setup_stone(color, p);
        }
        if let Some(p) = board.chain_without_liberties() {
            return Err(SetupError::NoLiberties(p));
        }
        self.setup = board.clone();
        self.history = vec![(board.hash(), self.to_move)];
        self.board = board;
        Ok(())
    }

    fn require_empty(&self) -> Result<(), SetupError> {
        if self.moves.is_empty() && self.board.has_no_stones() {
            Ok(())
        } else {
            Err(SetupError::BoardNotEmpty)
        }
    }

    /// Checks whether `color` may play `mv` now, superko included, without playing it.
    ///
    /// # Errors
    /// The [`IllegalMove`] reason.
    pub fn check(&self, color: Color, mv: Move) -> Result<(), IllegalMove> {
        self.after(color, mv).map(|_| ())
    }

    /// Whether `color` may play `mv` now.
    pub fn is_legal(&self, color: Color, mv: Move) -> bool {
        self.check(color, mv).is_ok()
    }

    /// The board after `color` plays `mv`, if legal.
    fn after(&self, color: Color, mv: Move) -> Result<Option<Board>, IllegalMove> {
        if self.is_over() {
            return Err(IllegalMove::GameOver);
        }
        self.board.check(color, mv, self.rules.suicide_allowed)?;
        let Move::Play(_) = mv else { return Ok(None) };
        let mut next = self.board.clone();
        next.play_unchecked(color, mv);
        let h = next.hash();
        let repeated = match self.rules.ko {
            KoRule::Simple => false,
            KoRule::PositionalSuperko => self.history.iter().any(|&(old, _)| old == h),
            KoRule::SituationalSuperko => self.history.contains(&(h, !color)),
        };
        if repeated {
            return Err(IllegalMove::Superko);
        }
        Ok(Some(next))
    }

    /// Plays `mv` for `color` (either colour may move, as GTP allows) and gives the turn to
    /// the other player.
    ///
    /// # Errors
    /// The [`IllegalMove`] reason; the game is unchanged then.
    pub fn play(&mut self, color: Color, mv: Move) -> Result<(), IllegalMove> {
        match self.after(color, mv)? {
            Some(next) => {
                self.board = next;
                self.passes = 0;
            }
            None => {
                self.board.pass();
                self.passes += 1;
            }
        }
        self.moves.push((color, mv));
        self.to_move = !color;
        self.history.push((self.board.hash(), self.to_move));
        Ok(())
    }

    /// Every legal move for `color`, pass last.
    pub fn legal_moves(&self, color: Color) -> Vec<Move> {
        if self.is_over() {
            return Vec::new();
        }
        let mut moves: Vec<Move> = self
            .size()
            .points()
            .map(Move::Play)
            .filter(|&mv| self.is_legal(color, mv))
            .collect();
        moves.push(Move::Pass);
        moves
    }

    /// Takes back the last move (or a resignation); handicap and setup stones stay.
    /// Returns what was taken back, or `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<(Color, Move)> {
        if self.resigned.take().is_some() {
            return self.moves.last().copied();
        }
        let undone = self.moves.pop()?;
        self.history.pop();
        let mut board = self.setup.clone();
        for &(c, mv) in &self.moves {
            board.play_unchecked(c, mv);
        }
        self.board = board;
        self.to_move = self.moves.last().map_or(self.setup_to_move, |&(c, _)| !c);
        self.passes = self
            .moves
            .iter()
            .rev()
            .take_while(|(_, mv)| *mv == Move::Pass)
            .count();
        Some(undone)
    }

    /// Records that `color` resigned.
    pub fn resign(&mut self, color: Color) {
        self.resigned = Some(GameResult::Resign(!color));
    }

    /// The area count with the stones on `dead` removed, and who owns each point.
    pub fn count(&self, dead: &[Point]) -> (AreaCount, Ownership) {
        let mut ownership = Ownership::default();
        let count = count_area(&self.board, dead, &mut ownership);
        (count, ownership)
    }

    /// The result under the rules' komi, with the stones on `dead` removed; a resignation
    /// takes precedence.
    pub fn result_with_dead(&self, dead: &[Point]) -> GameResult {
        self.resigned
            .unwrap_or_else(|| self.count(dead).0.result(self.rules.komi))
    }

    /// The result if the game ended now with every stone alive (Tromp-Taylor).
    pub fn result(&self) -> GameResult {
        self.result_with_dead(&[])
    }
}
