//! Helpers shared by the integration tests: games set up from board diagrams, moves given
//! by name, and position comparisons that print both boards when they differ.

// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

use weiqi::{Board, BoardSize, Color, Game, IllegalMove, Move, Point, Rules};

/// Three kos on one board, Black to move. In the two on the bottom edge (B1-C1, G1-H1)
/// Black can take a white stone, in the one on the top edge (B9-C9) White a black one.
/// [`TRIPLE_KO_CYCLE`] takes them in turn.
pub const TRIPLE_KO: &str = "
    9 X . X O . . . . .
    8 X X O O . . . . .
    7 . . . . . . . . .
    6 . . . . . . . . .
    5 . . . . . . . . .
    4 . . . . . . . . .
    3 . . . . . . . . .
    2 X X O O . X X O O
    1 X O . O . X O . O
      A B C D E F G H J
    ";

/// Six ko captures that lead from [`TRIPLE_KO`] back to it, Black to move again. None is
/// a simple-ko violation; the last repeats the starting position.
pub const TRIPLE_KO_CYCLE: &str = "C1 B9 H1 B1 C9 G1";

/// Reads a diagram (see `weiqi::board` diagram docs), panicking with the parse error.
pub fn board(diagram: &str) -> Board {
    Board::from_diagram(diagram).unwrap_or_else(|e| panic!("bad test diagram: {e}\n{diagram}"))
}

/// A game whose position before the first move is `diagram`, with `to_move` to play.
///
/// There is no Game-from-Board constructor, so the diagram's stones become setup stones
/// (as SGF `AB`/`AW` would): no captures, no ko, and the history starts at this position.
pub fn game_from_diagram(diagram: &str, rules: Rules, to_move: Color) -> Game {
    let board = board(diagram);
    let size = board.size();
    let mut game = Game::new(size, rules);
    for color in Color::ALL {
        let stones: Vec<Point> = size
            .points()
            .filter(|&p| board.color_at(p) == Some(color))
            .collect();
        game.add_setup_stones(color, &stones)
            .unwrap_or_else(|e| panic!("setup from diagram failed: {e}"));
    }
    game.set_first_to_move(to_move)
        .expect("no move has been played yet");
    game
}

/// The point named `name` ("D4") on a board of `size`.
pub fn pt(name: &str, size: BoardSize) -> Point {
    Point::parse(name, size).unwrap_or_else(|e| panic!("{e}"))
}

/// The move named `name` ("D4" or "pass") on a board of `size`.
pub fn mv(name: &str, size: BoardSize) -> Move {
    Move::parse(name, size).unwrap_or_else(|e| panic!("{e}"))
}

/// Plays whitespace-separated moves ("C1 B5 pass B1"), each by the player to move,
/// panicking with the position if one is illegal.
pub fn play_moves(game: &mut Game, moves: &str) {
    for name in moves.split_whitespace() {
        let color = game.to_move();
        let m = mv(name, game.size());
        if let Err(e) = game.play(color, m) {
            panic!(
                "{color} {m}: {e}\nafter {:?}\n{}",
                game.moves(),
                game.board().diagram()
            );
        }
    }
}

/// What playing `name` for `color` would give, without playing it.
pub fn check(game: &Game, color: Color, name: &str) -> Result<(), IllegalMove> {
    game.check(color, mv(name, game.size()))
}

/// Asserts that the stones on `board` are those of `expected`, showing both if not.
pub fn assert_stones(board: &Board, expected: &str) {
    let expected = self::board(expected);
    assert_eq!(
        board.diagram(),
        expected.diagram(),
        "\nactual (left) and expected (right) positions differ"
    );
}

/// Splits a side-by-side picture into its left and right diagrams: each row holds the
/// cells of both boards, the left half of its cells belonging to the first.
pub fn split_pictures(pictures: &str) -> (String, String) {
    let (mut left, mut right) = (String::new(), String::new());
    for line in pictures.lines() {
        let cells: Vec<&str> = line.split_whitespace().collect();
        if cells.is_empty() {
            continue;
        }
        assert!(
            cells.len() % 2 == 0,
            "odd row in a side-by-side picture: {line}"
        );
        let (l, r) = cells.split_at(cells.len() / 2);
        left.push_str(&l.join(" "));
        left.push('\n');
        right.push_str(&r.join(" "));
        right.push('\n');
    }
    (left, right)
}

/// Sets up the left diagram of a side-by-side picture with `to_move` to play, plays
/// `moves`, checks that the right diagram results, and returns the game.
pub fn play_before_after(rules: Rules, to_move: Color, moves: &str, pictures: &str) -> Game {
    let (before, after) = split_pictures(pictures);
    let mut game = game_from_diagram(&before, rules, to_move);
    play_moves(&mut game, moves);
    assert_stones(game.board(), &after);
    game
}
pub mod tools;
