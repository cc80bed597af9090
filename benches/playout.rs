//! Light playouts from the empty board on 9x9 and 19x19.

use criterion::{Criterion, criterion_group, criterion_main};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use weiqi::playout::{PlayoutLimits, Recent, UniformPolicy, run_playout};
use weiqi::score::Ownership;
use weiqi::{Board, BoardSize, Color};

fn light_playouts(c: &mut Criterion) {
    for size in [BoardSize::NINE, BoardSize::NINETEEN] {
        let empty = Board::new(size);
        let mut board = empty.clone();
        let mut ownership = Ownership::default();
        let mut rng = SmallRng::seed_from_u64(1);
        let limits = PlayoutLimits::for_board(&empty);
        c.bench_function(&format!("playout/light_{size}x{size}"), |b| {
            b.iter(|| {
                board.clone_from(&empty);
                run_playout(
                    &mut board,
                    Color::Black,
                    Recent::default(),
                    &mut UniformPolicy,
                    &mut rng,
                    limits,
                    &mut ownership,
                    |_, _| {},
                )
            })
        });
    }
}

criterion_group!(benches, light_playouts);
criterion_main!(benches);
