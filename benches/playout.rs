//! Light and heavy playouts from the empty board on 9x9 and 19x19.

use criterion::{Criterion, criterion_group, criterion_main};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use weiqi::playout::{
    HeuristicPolicy, PlayoutLimits, PlayoutPolicy, Recent, UniformPolicy, run_playout,
};
use weiqi::score::Ownership;
use weiqi::{Board, BoardSize, Color};

/// Benchmarks playouts with `policy` as `playout/{name}_{size}x{size}`.
fn bench_policy<P: PlayoutPolicy>(c: &mut Criterion, name: &str, policy: &mut P) {
    for size in [BoardSize::NINE, BoardSize::NINETEEN] {
        let empty = Board::new(size);
        let mut board = empty.clone();
        let mut ownership = Ownership::default();
        let mut rng = SmallRng::seed_from_u64(1);
        let limits = PlayoutLimits::for_board(&empty);
        c.bench_function(&format!("playout/{name}_{size}x{size}"), |b| {
            b.iter(|| {
                board.clone_from(&empty);
                run_playout(
                    &mut board,
                    Color::Black,
                    Recent::default(),
                    policy,
                    &mut rng,
                    limits,
                    &mut ownership,
                    |_, _| {},
                )
            })
        });
    }
}

fn light_playouts(c: &mut Criterion) {
    bench_policy(c, "light", &mut UniformPolicy);
}

fn heavy_playouts(c: &mut Criterion) {
    bench_policy(c, "heavy", &mut HeuristicPolicy::default());
}

criterion_group!(benches, light_playouts, heavy_playouts);
criterion_main!(benches);
