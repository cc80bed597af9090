//! The engine's opening book: first moves that Go knowledge settles and a search cannot.
//!
//! On an empty board every point from the third line inwards looks about even to a search of
//! a few thousand playouts, so its first move is close to a coin toss among them, and on a
//! small board that toss matters: a third-line start hands the centre to the opponent. The
//! centre point (tengen) is the best first move on the small odd boards where it is known:
//! 5x5 and 7x7 are solved with Black starting there, and it is the standard 9x9 opening.
//! Against GNU Go on 9x9 (5,000 playouts a move) weiqi won 84.0% of 300 games as Black
//! with tengen, and 78.3% of 626 with the search's own first moves, nearly all on the third
//! line.

use crate::game::Game;
use crate::point::{Move, Point};

/// The book's move in `game`, if the book has one: the centre point as the first stone on
/// an empty odd board from 5x5 to 9x9. Nothing after handicap or setup stones, nor once a
/// move (a pass too) has been played.
pub fn book_move(game: &Game) -> Option<Move> {
    let size = game.size();
    let n = size.get();
    let empty = game.moves().is_empty() && game.setup_board().has_no_stones();
    if !empty || !(5..=9).contains(&n) || n % 2 == 0 {
        return None;
    }
    Point::from_xy(n / 2, n / 2, size).map(Move::Play)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::Color;
    use crate::point::BoardSize;
    use crate::rules::Rules;

    fn game(size: i64) -> Game {
        Game::new(BoardSize::new(size).unwrap(), Rules::chinese())
    }

    #[test]
    fn tengen_opens_small_odd_boards() {
        for n in [5, 7, 9] {
            let g = game(n);
            let c = g.size().get() / 2;
            let centre = Point::from_xy(c, c, g.size()).unwrap();
            assert_eq!(book_move(&g), Some(Move::Play(centre)), "{n}x{n}");
        }
    }

    #[test]
    fn no_book_on_other_sizes() {
        for n in [2, 3, 4, 6, 8, 10, 11, 13, 19] {
            assert_eq!(book_move(&game(n)), None, "{n}x{n}");
        }
    }

    #[test]
    fn no_book_once_the_game_has_begun_nor_after_handicap() {
        let at = |x, y| Move::Play(Point::from_xy(x, y, BoardSize::NINE).unwrap());
        let mut g = game(9);
        g.play(Color::Black, at(4, 4)).unwrap();
        assert_eq!(book_move(&g), None, "second move");
        let mut passed = game(9);
        passed.play(Color::Black, Move::Pass).unwrap();
        assert_eq!(book_move(&passed), None, "after a pass");
        let mut handicap = game(9);
        handicap
            .place_handicap(&[Point::from_xy(2, 2, BoardSize::NINE).unwrap()])
            .unwrap();
        assert_eq!(book_move(&handicap), None, "after handicap");
    }
}
