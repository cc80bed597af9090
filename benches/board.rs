//! Board micro-benchmarks: playing moves with captures, and generating legal moves.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use weiqi::playout::{PlayoutPolicy, Recent, UniformPolicy};
use weiqi::{Board, BoardSize, Color, Move, Point};

/// A board after `moves` seeded random playout moves: a busy middle-game position.
fn midgame(size: BoardSize, moves: usize) -> Board {
    let mut board = Board::new(size);
    let mut rng = SmallRng::seed_from_u64(3);
    let mut color = Color::Black;
    for _ in 0..moves {
        let mv = UniformPolicy.choose(&board, color, Recent::default(), &mut rng);
        board.play_unchecked(color, mv);
        color = !color;
    }
    board
}

fn play_and_capture(c: &mut Criterion) {
    // Black F5 captures White's two stones at D5 and E5; then H4 joins two black chains
    // and takes liberties from two white ones.
    let start = Board::from_diagram(
        "
        . . . . . . . . .
        . . . . . . . . .
        . . . . . . . . .
        . . . X X . . . .
        . . X O O . X O .
        . . . X X . X . O
        . . . . . . . X O
        . . . . . . . . .
        . . . . . . . . .
        ",
    )
    .expect("valid diagram");
    let size = start.size();
    let moves: Vec<(Color, Move)> = [(Color::Black, "F5"), (Color::Black, "H4")]
        .iter()
        .map(|&(c, p)| (c, Move::Play(Point::parse(p, size).expect("on board"))))
        .collect();
    let mut board = start.clone();
    c.bench_function("board/play_and_capture_9x9", |b| {
        b.iter(|| {
            board.clone_from(&start);
            for &(color, mv) in &moves {
                board.play_unchecked(color, mv);
            }
            black_box(board.hash())
        })
    });
}

fn legal_moves(c: &mut Criterion) {
    for (size, moves) in [(BoardSize::NINE, 40), (BoardSize::NINETEEN, 200)] {
        let board = midgame(size, moves);
        c.bench_function(&format!("board/legal_moves_{size}x{size}"), |b| {
            b.iter(|| {
                board
                    .empty_points()
                    .iter()
                    .filter(|&&p| board.is_legal_no_suicide(Color::Black, p))
                    .count()
            })
        });
    }
}

criterion_group!(benches, play_and_capture, legal_moves);
criterion_main!(benches);
