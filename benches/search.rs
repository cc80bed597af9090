//! Reading a grown search: `Search::result`, which every genmove and every live-analysis
//! report (lz-analyze, kata-analyze) calls, on 19x19 trees of 2,000 and 20,000 playouts.

use criterion::{Criterion, criterion_group, criterion_main};
use weiqi::search::{Search, SearchConfig, SearchLimits, Workers};
use weiqi::{BoardSize, Game, Rules};

fn search_result(c: &mut Criterion) {
    let workers = Workers::new(1).expect("one search thread");
    let game = Game::new(BoardSize::NINETEEN, Rules::chinese());
    for playouts in [2_000, 20_000] {
        let search = Search::new(&game, SearchConfig::default());
        search.run(
            &workers,
            SearchLimits {
                playouts: Some(playouts),
                ..SearchLimits::default()
            },
        );
        c.bench_function(&format!("search/result_19x19_{playouts}"), |b| {
            b.iter(|| search.result())
        });
    }
}

criterion_group!(benches, search_result);
criterion_main!(benches);
