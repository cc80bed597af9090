//! Area scoring (Tromp-Taylor count), ownership maps and game results.

use crate::board::Board;
use crate::color::{ByColor, Color};
use crate::point::{NUM_CELLS, Point};
use crate::rules::Komi;
use std::fmt;
use std::str::FromStr;

/// Who owns each point at the end: a stone's colour, or the colour of the only stones an
/// empty region touches; `None` for neutral points. A fixed-size value, so playouts can
/// score without allocating.
#[derive(Clone)]
pub struct Ownership {
    owner: [Option<Color>; NUM_CELLS],
}

impl Default for Ownership {
    fn default() -> Ownership {
        Ownership {
            owner: [None; NUM_CELLS],
        }
    }
}

impl Ownership {
    /// The owner of `p`, if any.
    #[inline]
    pub fn get(&self, p: Point) -> Option<Color> {
        self.owner[p.index()]
    }
}

/// The outcome of an area count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AreaCount {
    /// Stones plus owned empty points, per colour.
    pub area: ByColor<u32>,
}

impl AreaCount {
    /// Black's area minus White's area minus komi, in half points.
    pub fn black_minus_white_half_points(&self, komi: Komi) -> i32 {
        2 * (self.area.black as i32 - self.area.white as i32) - i32::from(komi.half_points())
    }

    /// The result of the game under this count and komi.
    pub fn result(&self, komi: Komi) -> GameResult {
        GameResult::from_half_points(self.black_minus_white_half_points(komi))
    }
}

/// Counts the board under area scoring, treating the stones on `dead` points as removed,
/// and fills `ownership`. Does not allocate.
pub fn count_area(board: &Board, dead: &[Point], ownership: &mut Ownership) -> AreaCount {
    if dead.is_empty() {
        let [black, white, _] = board.count_area(&mut ownership.owner);
        return AreaCount {
            area: ByColor::new(black, white),
        };
    }
    // The colour of each point once dead stones are lifted.
    let mut cell = [None::<Color>; NUM_CELLS];
    for p in board.size().points() {
        cell[p.index()] = board.color_at(p);
    }
    for &p in dead {
        cell[p.index()] = None;
    }
    count_with(board, |p| cell[p.index()], ownership)
}

/// The count with `color_of` giving each point's colour, by flooding every empty region.
fn count_with(
    board: &Board,
    color_of: impl Fn(Point) -> Option<Color>,
    ownership: &mut Ownership,
) -> AreaCount {
    let mut visited = [false; NUM_CELLS];
    let mut region = [Point::from_index(0); NUM_CELLS];
    let mut area = ByColor::new(0u32, 0u32);
    for p in board.size().points() {
        if let Some(c) = color_of(p) {
            area[c] += 1;
            ownership.owner[p.index()] = Some(c);
            continue;
        }
        if visited[p.index()] {
            continue;
        }
        // Flood the empty region through p, noting which colours it touches.
        visited[p.index()] = true;
        region[0] = p;
        let (mut len, mut i) = (1, 0);
        let mut touches = ByColor::new(false, false);
        while i < len {
            for q in board.neighbors(region[i]) {
                match color_of(q) {
                    Some(c) => touches[c] = true,
                    None if !visited[q.index()] => {
                        visited[q.index()] = true;
                        region[len] = q;
                        len += 1;
                    }
                    None => {}
                }
            }
            i += 1;
        }
        let owner = match (touches.black, touches.white) {
            (true, false) => Some(Color::Black),
            (false, true) => Some(Color::White),
            _ => None,
        };
        if let Some(c) = owner {
            area[c] += len as u32;
        }
        for &q in &region[..len] {
            ownership.owner[q.index()] = owner;
        }
    }
    AreaCount { area }
}

/// The area count of the board as it stands (no dead stones): the Tromp-Taylor score.
pub fn tromp_taylor(board: &Board) -> AreaCount {
    count_area(board, &[], &mut Ownership::default())
}

/// How a game ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GameResult {
    /// Won on the count by this many half points (always positive).
    Score {
        /// The winner.
        winner: Color,
        /// The margin in half points.
        half_points: u32,
    },
    /// The loser resigned.
    Resign(Color),
    /// The loser ran out of time.
    Time(Color),
    /// The loser forfeited (an illegal move, a crash).
    Forfeit(Color),
    /// A draw (jigo).
    Draw,
}

impl GameResult {
    /// The result of a count that came out `black_minus_white` half points ahead for Black.
    pub fn from_half_points(black_minus_white: i32) -> GameResult {
        match black_minus_white {
            0 => GameResult::Draw,
            d => GameResult::Score {
                winner: if d > 0 { Color::Black } else { Color::White },
                half_points: d.unsigned_abs(),
            },
        }
    }

    /// The winner, unless drawn.
    pub fn winner(&self) -> Option<Color> {
        match *self {
            GameResult::Score { winner, .. }
            | GameResult::Resign(winner)
            | GameResult::Time(winner)
            | GameResult::Forfeit(winner) => Some(winner),
            GameResult::Draw => None,
        }
    }
}

impl fmt::Display for GameResult {
    /// `B+7.5`, `W+R`, `B+T`, `W+F`, or `0` for a draw.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            GameResult::Score {
                winner,
                half_points,
            } => {
                write!(f, "{}+{}", winner.letter(), half_points / 2)?;
                if half_points % 2 == 1 {
                    f.write_str(".5")?;
                }
                Ok(())
            }
            GameResult::Resign(w) => write!(f, "{}+R", w.letter()),
            GameResult::Time(w) => write!(f, "{}+T", w.letter()),
            GameResult::Forfeit(w) => write!(f, "{}+F", w.letter()),
            GameResult::Draw => f.write_str("0"),
        }
    }
}

/// A result text that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseResultError(pub String);

impl fmt::Display for ParseResultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid result '{}': expected B+7.5, W+R, B+T, W+F or 0",
            self.0
        )
    }
}

impl std::error::Error for ParseResultError {}

impl FromStr for GameResult {
    type Err = ParseResultError;

    /// Reads the forms `Display` writes, plus the SGF long forms (`B+Resign`, `W+Time`,
    /// `B+Forfeit`, `Draw`, `Jigo`).
    fn from_str(s: &str) -> Result<GameResult, ParseResultError> {
        let err = || ParseResultError(s.chars().take(32).collect());
        let t = s.trim();
        if t == "0" || t.eq_ignore_ascii_case("draw") || t.eq_ignore_ascii_case("jigo") {
            return Ok(GameResult::Draw);
        }
        let (who, how) = t.split_once('+').ok_or_else(err)?;
        let winner = match who {
            "B" | "b" => Color::Black,
            "W" | "w" => Color::White,
            _ => return Err(err()),
        };
        match how.to_ascii_lowercase().as_str() {
            "r" | "resign" => Ok(GameResult::Resign(winner)),
            "t" | "time" => Ok(GameResult::Time(winner)),
            "f" | "forfeit" => Ok(GameResult::Forfeit(winner)),
            margin => {
                let komi = margin.parse::<Komi>().map_err(|_| err())?;
                let half = komi.half_points();
                if half <= 0 {
                    return Err(err());
                }
                Ok(GameResult::Score {
                    winner,
                    half_points: half as u32,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playout::{PlayoutPolicy, Recent, UniformPolicy};
    use crate::point::BoardSize;
    use rand::SeedableRng;
    use rand::rngs::SmallRng;

    /// The fast count of the board as it stands agrees with flooding every region, on
    /// positions from the opening (large open regions) to the end of a playout.
    #[test]
    fn the_fast_count_agrees_with_the_flood_fill() {
        let mut rng = SmallRng::seed_from_u64(5);
        for n in [2, 3, 5, 9, 13, 19, 25] {
            let size = BoardSize::new(n).unwrap();
            for _ in 0..20 {
                let mut board = Board::new(size);
                let mut color = Color::Black;
                let mut passes = 0;
                let mut moves = 0;
                while passes < 2 && moves < 3 * size.area() {
                    let (mut fast, mut slow) = (Ownership::default(), Ownership::default());
                    let a = count_area(&board, &[], &mut fast);
                    let b = count_with(&board, |p| board.color_at(p), &mut slow);
                    assert_eq!(a, b, "{board:?}");
                    assert!(
                        size.points().all(|p| fast.get(p) == slow.get(p)),
                        "{board:?}"
                    );
                    let mv = UniformPolicy.choose(&board, color, Recent::default(), &mut rng);
                    board.play_unchecked(color, mv);
                    passes = if mv == crate::point::Move::Pass {
                        passes + 1
                    } else {
                        0
                    };
                    color = !color;
                    moves += 1;
                }
            }
        }
    }

    #[test]
    fn results_format_and_parse() {
        let cases = [
            (GameResult::from_half_points(15), "B+7.5"),
            (GameResult::from_half_points(-2), "W+1"),
            (GameResult::from_half_points(0), "0"),
            (GameResult::Resign(Color::White), "W+R"),
            (GameResult::Time(Color::Black), "B+T"),
            (GameResult::Forfeit(Color::Black), "B+F"),
        ];
        for (result, text) in cases {
            assert_eq!(result.to_string(), text);
            assert_eq!(text.parse::<GameResult>(), Ok(result));
        }
        assert_eq!("W+Resign".parse(), Ok(GameResult::Resign(Color::White)));
        assert_eq!("Draw".parse(), Ok(GameResult::Draw));
        for bad in ["", "B+", "X+3", "B+-2", "B+nan", "W+0", "?"] {
            assert!(bad.parse::<GameResult>().is_err(), "{bad}");
        }
    }
}
