//! A playout, light or heavy, never touches the heap: a counting allocator wraps the system
//! one for this test binary, and the count must not move while playouts run.

use rand::SeedableRng;
use rand::rngs::SmallRng;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use weiqi::playout::{
    HeuristicPolicy, PlayoutLimits, PlayoutPolicy, Recent, UniformPolicy, run_playout,
};
use weiqi::score::Ownership;
use weiqi::{Board, BoardSize, Color};

struct Counting;

thread_local! {
    // Per thread, so that tests running in parallel do not see each other's allocations.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

fn count_one() {
    // `try_with` because the allocator can be called while thread-locals are torn down.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn playouts_do_not_allocate() {
    assert_no_allocation("light", || UniformPolicy);
    assert_no_allocation("heavy", HeuristicPolicy::default);
}

fn assert_no_allocation<P: PlayoutPolicy>(name: &str, new_policy: impl Fn() -> P) {
    for size in [9, 13, 19, 25] {
        let size = BoardSize::new(size).unwrap();
        let start = Board::new(size);
        // Scratch space is made before counting, as a search worker makes it once.
        let mut board = Box::new(start.clone());
        let mut ownership = Box::new(Ownership::default());
        let mut rng = SmallRng::seed_from_u64(11);
        let mut policy = new_policy();
        let limits = PlayoutLimits::for_board(&start);
        let mut moves = 0u64;

        let before = allocations();
        for _ in 0..200 {
            board.as_mut().clone_from(&start);
            let out = run_playout(
                &mut board,
                Color::Black,
                Recent::default(),
                &mut policy,
                &mut rng,
                limits,
                &mut ownership,
                |_, _| {},
            );
            moves += u64::from(out.moves);
        }
        let after = allocations();

        assert!(moves > 200 * size.area() as u64 / 2, "playouts were played");
        assert_eq!(after - before, 0, "{size}x{size} {name} playouts allocated");
    }
}

#[test]
fn the_counter_sees_allocations() {
    let before = allocations();
    let v: Vec<u64> = std::hint::black_box(vec![1, 2, 3]);
    assert!(allocations() > before);
    drop(v);
}
