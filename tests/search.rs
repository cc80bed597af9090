//! The search on positions with one right answer, with one thread and a fixed seed so that
//! every run is the same; and the tree's memory cap, reuse and time limit.

mod common;

use common::{game_from_diagram, mv, pt};
use std::time::{Duration, Instant};
use weiqi::engine::mcts::{EngineConfig, MctsEngine};
use weiqi::search::{Search, SearchConfig, SearchLimits, SearchResult, Workers};
use weiqi::{Color, Engine, EngineMove, Game, Komi, Move, Rules};

fn rules(komi_half: i16) -> Rules {
    Rules::chinese().with_komi(Komi::from_half_points(komi_half))
}

/// A default search of `game` with one thread and `playouts` playouts.
fn search(game: &Game, playouts: u64) -> SearchResult {
    let workers = Workers::new(1).unwrap();
    let search = Search::new(game, SearchConfig::default());
    search.run(
        &workers,
        SearchLimits {
            playouts: Some(playouts),
            ..SearchLimits::default()
        },
    )
}

fn best_move(game: &Game, playouts: u64) -> Move {
    search(game, playouts).best_move()
}

fn engine(playouts: u64) -> MctsEngine {
    MctsEngine::new(EngineConfig {
        playouts: Some(playouts),
        ..EngineConfig::default()
    })
    .unwrap()
}

/// Three white stones in atari in Black's sphere: taking them at B4 decides the game.
const THREE_IN_ATARI: &str = "
    7 . . . . . . .
    6 . . . . . . .
    5 . . X X X . .
    4 . . O O O X .
    3 . . X X X . .
    2 . . . . . . .
    1 . . . . . . .
      A B C D E F G
    ";

#[test]
fn captures_a_chain_whose_capture_decides_the_game() {
    let game = game_from_diagram(THREE_IN_ATARI, rules(15), Color::Black);
    assert_eq!(best_move(&game, 3000), mv("B4", game.size()));
}

#[test]
fn saves_its_own_chain_in_atari() {
    let game = game_from_diagram(THREE_IN_ATARI, rules(15), Color::White);
    assert_eq!(best_move(&game, 3000), mv("B4", game.size()));
}

/// White's group lives or dies by the straight three in the corner (A1-C1); with komi 24.5
/// the game turns on it. Black must play the vital point B1.
const STRAIGHT_THREE: &str = "
    7 X . X X . X X
    6 X X X X X X X
    5 X X X X X X X
    4 X X X X X X X
    3 X X X X X X X
    2 O O O O O O O
    1 . . . O O O O
      A B C D E F G
    ";

#[test]
fn kills_a_three_point_eye_at_the_vital_point() {
    let game = game_from_diagram(STRAIGHT_THREE, rules(49), Color::Black);
    assert_eq!(best_move(&game, 4000), mv("B1", game.size()));
}

#[test]
fn makes_two_eyes_at_the_vital_point() {
    let game = game_from_diagram(STRAIGHT_THREE, rules(49), Color::White);
    assert_eq!(best_move(&game, 4000), mv("B1", game.size()));
}

/// Black's chain at C5-E5 has two liberties, D6 and F5... playing D6 would leave it in atari
/// at F5 with nothing captured.
const SELF_ATARI: &str = "
    7 . . . . . . .
    6 . . O . O . .
    5 . O X X X . .
    4 . . O O O . .
    3 . . . . . . .
    2 . . . . . . .
    1 . . . . . . .
      A B C D E F G
    ";

#[test]
fn does_not_self_atari_into_a_capture() {
    let game = game_from_diagram(SELF_ATARI, rules(15), Color::Black);
    let size = game.size();
    let best = best_move(&game, 3000);
    assert_ne!(
        best,
        mv("D6", size),
        "D6 leaves three stones to be taken at F5"
    );
    assert_eq!(best, mv("F5", size), "F5 is the only way to gain liberties");
}

/// Every point is settled: Black's eyes at A5, C5, E5, White's at A1, C1, E1.
const SETTLED: &str = "
    5 . X . X .
    4 X X X X X
    3 X X X X X
    2 O O O O O
    1 . O . O .
      A B C D E
    ";

#[test]
fn does_not_fill_its_own_eye() {
    let mut game = game_from_diagram(SETTLED, rules(1), Color::Black);
    let mut engine = engine(500);
    engine.new_game(game.size(), *game.rules()).unwrap();
    for color in Color::ALL {
        let stones: Vec<_> = game
            .size()
            .points()
            .filter(|&p| game.board().color_at(p) == Some(color))
            .collect();
        for p in stones {
            engine.play(color, Move::Play(p)).unwrap();
        }
    }
    game.play(Color::White, Move::Pass).unwrap();
    engine.play(Color::White, Move::Pass).unwrap();
    let reply = engine.genmove(Color::Black).unwrap();
    assert_eq!(
        reply,
        EngineMove::Play(Move::Pass),
        "only own eyes are left to fill"
    );
}

/// Plays the diagram's stones into `engine` as moves, Black's then White's, and returns the
/// game the engine now has.
fn load(engine: &mut MctsEngine, diagram: &str, komi_half: i16) {
    let game = game_from_diagram(diagram, rules(komi_half), Color::Black);
    engine.new_game(game.size(), *game.rules()).unwrap();
    for color in Color::ALL {
        for p in game.size().points() {
            if game.board().color_at(p) == Some(color) {
                engine.play(color, Move::Play(p)).unwrap();
            }
        }
    }
}

/// Black's reply (2,000 playouts) to White's pass in the finished game `diagram`, and the
/// engine with the game as it then stands.
fn reply_to_a_pass(diagram: &str, komi_half: i16) -> (EngineMove, MctsEngine) {
    let mut engine = engine(2000);
    load(&mut engine, diagram, komi_half);
    engine.play(Color::White, Move::Pass).unwrap();
    let reply = engine.genmove(Color::Black).unwrap();
    (reply, engine)
}

/// A finished game with one neutral point (E3): 12 points each, so with komi -2.5 Black
/// is ahead whether or not E3 is filled.
const FINISHED_WITH_DAME: &str = "
    5 . X . X O
    4 X X X X O
    3 X X X X .
    2 O O O O O
    1 . O . O .
      A B C D E
    ";

#[test]
fn passes_when_the_game_is_over_and_it_is_ahead() {
    let (reply, engine) = reply_to_a_pass(FINISHED_WITH_DAME, -5);
    assert_eq!(reply, EngineMove::Play(Move::Pass));
    assert!(engine.game().is_over());
    assert_eq!(engine.game().result().to_string(), "B+2.5");
}

/// A finished game: Black has 21 points, White 28, every point of White's area an eye.
const FINISHED_CLOSE: &str = "
    7 . . X O . O .
    6 . . X O O O O
    5 X X X O . O .
    4 . . X O O O O
    3 . . X O . O .
    2 X X X O O O O
    1 . . X O . O .
      A B C D E F G
    ";

#[test]
fn stops_playing_on_when_the_opponent_passed_and_the_game_is_lost() {
    // With komi -4.5 Black loses by 2.5 points: too few to resign mid-game, but the game
    // is settled, so filling its own area move after move only wastes everyone's time.
    let (reply, engine) = reply_to_a_pass(FINISHED_CLOSE, -9);
    assert_eq!(reply, EngineMove::Resign);
    assert!(engine.game().is_over());
    let mut stubborn = engine_never_resigning(2000);
    load(&mut stubborn, FINISHED_CLOSE, -9);
    stubborn.play(Color::White, Move::Pass).unwrap();
    assert_eq!(
        stubborn.genmove(Color::Black).unwrap(),
        EngineMove::Play(Move::Pass)
    );
}

/// A finished game that is a draw with komi -7: Black has 21 points, White 28. Black can
/// still play on A7, B7 or C7 inside its own area, which changes nothing.
const FINISHED_DRAW: &str = "
    7 . . . X . X .
    6 X X X X X X X
    5 X X X X X X X
    4 O O O O O O O
    3 O O O O O O O
    2 O O O O O O O
    1 . O . O . O .
      A B C D E F G
    ";

#[test]
fn accepts_a_sure_draw_when_the_opponent_passes() {
    let (reply, engine) = reply_to_a_pass(FINISHED_DRAW, -14);
    assert_eq!(reply, EngineMove::Play(Move::Pass));
    assert!(engine.game().is_over());
    assert_eq!(engine.game().result().to_string(), "0");
}

/// White owns nearly the whole board; Black has a small living corner.
const HOPELESS: &str = "
    7 . O . O O O O
    6 O O O O O O O
    5 O O O O O O O
    4 X X X O O O O
    3 . X X O O O O
    2 X X X O O O O
    1 . X X O . O .
      A B C D E F G
    ";

#[test]
fn resigns_when_hopelessly_behind() {
    let mut engine = engine(2000);
    load(&mut engine, HOPELESS, 15);
    engine.play(Color::White, Move::Pass).unwrap();
    assert_eq!(engine.genmove(Color::Black).unwrap(), EngineMove::Resign);
}

#[test]
fn does_not_resign_an_even_game() {
    let mut engine = engine(2000);
    engine.new_game(weiqi::BoardSize::NINE, rules(14)).unwrap();
    for m in ["E5", "C3", "G3"] {
        let color = engine.game().to_move();
        engine.play(color, mv(m, weiqi::BoardSize::NINE)).unwrap();
    }
    assert_ne!(engine.genmove(Color::White).unwrap(), EngineMove::Resign);
    let mut winning = engine_never_resigning(2000);
    load(&mut winning, HOPELESS, 15);
    assert_ne!(winning.genmove(Color::White).unwrap(), EngineMove::Resign);
}

fn engine_never_resigning(playouts: u64) -> MctsEngine {
    MctsEngine::new(EngineConfig {
        playouts: Some(playouts),
        resign_at: None,
        ..EngineConfig::default()
    })
    .unwrap()
}

#[test]
fn never_resigns_when_told_not_to() {
    let mut engine = engine_never_resigning(2000);
    load(&mut engine, HOPELESS, 15);
    engine.play(Color::White, Move::Pass).unwrap();
    assert_ne!(engine.genmove(Color::Black).unwrap(), EngineMove::Resign);
}

/// A search of `game` whose tree has `cap` bytes and grows at every visit, so that it
/// fills fast.
fn capped_search(game: &Game, cap: usize) -> Search {
    Search::new(
        game,
        SearchConfig {
            max_tree_bytes: cap,
            expand_threshold: 1,
            ..SearchConfig::default()
        },
    )
}

#[test]
fn the_tree_respects_its_memory_cap() {
    let game = Game::new(weiqi::BoardSize::NINE, rules(14));
    let cap = 1 << 20;
    let search = capped_search(&game, cap);
    let workers = Workers::new(1).unwrap();
    let result = search.run(
        &workers,
        SearchLimits {
            playouts: Some(20_000),
            ..SearchLimits::default()
        },
    );
    assert_eq!(
        result.playouts, 20_000,
        "the search goes on when the tree is full"
    );
    assert!(search.tree().len() <= search.tree().capacity());
    // Half the cap: the copy made when the root moves on needs the other half.
    assert!(search.tree().bytes_used() <= cap / 2);
    assert!(
        search.tree().len() > search.tree().capacity() * 9 / 10,
        "the tree filled up"
    );
}

#[test]
fn a_full_tree_moved_to_a_new_root_keeps_its_subtree_within_the_cap() {
    let mut game = Game::new(weiqi::BoardSize::NINE, rules(14));
    let cap = 8 << 20;
    let mut search = capped_search(&game, cap);
    let workers = Workers::new(1).unwrap();
    let limits = SearchLimits {
        playouts: Some(40_000),
        ..SearchLimits::default()
    };
    search.run(&workers, limits);
    let tree = search.tree();
    assert!(tree.len() > tree.capacity() * 9 / 10, "the tree filled up");
    assert!(tree.bytes_used() <= cap / 2);
    // The most visited reply with a subtree of its own.
    let (mv, visits) = tree
        .children(tree.root())
        .filter(|&c| tree.children(c).len() > 0)
        .map(|c| (tree.move_of(c), tree.stats(c).visits))
        .max_by_key(|&(_, visits)| visits)
        .expect("an expanded reply");
    game.play(Color::Black, mv).unwrap();
    search.advance(&game);
    // Its subtree came along whole, in the half of the cap the old tree left free.
    let kept = search.result();
    assert_eq!(kept.playouts, u64::from(visits));
    assert!(kept.moves.iter().any(|m| m.visits > 0), "{kept:?}");
    assert!(search.tree().bytes_used() <= cap / 2);
    // And the search goes on in it, within the cap.
    search.run(&workers, limits);
    assert!(search.tree().bytes_used() <= cap / 2);
}

#[test]
fn tree_reuse_keeps_the_subtree_visits() {
    let mut game = Game::new(weiqi::BoardSize::NINE, rules(14));
    let workers = Workers::new(1).unwrap();
    let mut search = Search::new(&game, SearchConfig::default());
    let limits = SearchLimits {
        playouts: Some(3000),
        ..SearchLimits::default()
    };
    let first = search.run(&workers, limits);
    let best = &first.moves[0];
    game.play(Color::Black, best.mv).unwrap();
    search.advance(&game);
    assert_eq!(search.result().playouts, u64::from(best.visits));
    // The reply most visited in the first search keeps its visits too.
    let reply = search.result().moves[0].clone();
    game.play(Color::White, reply.mv).unwrap();
    search.advance(&game);
    assert_eq!(search.result().playouts, u64::from(reply.visits));
    // A position the tree does not continue starts afresh.
    let other = Game::new(weiqi::BoardSize::NINE, rules(14));
    search.advance(&other);
    assert_eq!(search.result().playouts, 0);
}

#[test]
fn a_timed_search_returns_within_its_time() {
    let game = Game::new(weiqi::BoardSize::NINETEEN, rules(15));
    let workers = Workers::new(2).unwrap();
    let search = Search::new(&game, SearchConfig::default());
    let start = Instant::now();
    let result = search.run(
        &workers,
        SearchLimits {
            time: Some(Duration::from_millis(300)),
            ..SearchLimits::default()
        },
    );
    let took = start.elapsed();
    // No playout limit: only the clock stops this search. The bound is loose enough for a
    // loaded machine and still fails a search that ignores its time.
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(result.playouts > 0);
}

#[test]
fn one_thread_and_a_seed_reproduce_a_search() {
    let game = game_from_diagram(THREE_IN_ATARI, rules(15), Color::Black);
    let run = || {
        let workers = Workers::new(1).unwrap();
        let search = Search::new(&game, SearchConfig::default());
        let r = search.run(
            &workers,
            SearchLimits {
                playouts: Some(1500),
                ..SearchLimits::default()
            },
        );
        r.moves.iter().map(|m| (m.mv, m.visits)).collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
    let _ = pt("A1", game.size());
}

#[test]
fn analysis_reports_while_searching_and_stops_when_asked() {
    let mut engine = engine(1_000_000);
    engine.new_game(weiqi::BoardSize::NINE, rules(14)).unwrap();
    let mut seen = Vec::new();
    let start = Instant::now();
    let last = engine.analyze(
        Color::Black,
        SearchLimits::default(),
        Duration::from_millis(50),
        &mut |progress| {
            seen.push(progress.result().playouts);
            seen.len() < 4
        },
    );
    assert_eq!(seen.len(), 4);
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(last.playouts >= seen[3]);
    // A million playouts would take far longer: the report's `false` stopped it.
    assert!(start.elapsed() < Duration::from_secs(10));
    assert!(engine.game().moves().is_empty(), "analysis does not play");
}

/// White's D5 is in atari in the ladder shape; running out at D4 only feeds Black's ladder
/// to the lower left edge.
const LADDER: &str = "
    9 . . . . . . . . .
    8 . . . . . . . . .
    7 . . . . . . . . .
    6 . . . X . . . . .
    5 . . X O X . . . .
    4 . . . . X . . . .
    3 . . . . . . . . .
    2 . . . . . . . . .
    1 . . . . . . . . .
      A B C D E F G H J
    ";

/// The search's view of `game` after `playouts`: the best move and the escape's prior.
fn escape_prior(game: &Game, playouts: u64, escape: Move) -> (Move, f64) {
    let result = search(game, playouts);
    let info = result.moves.iter().find(|m| m.mv == escape).unwrap();
    (result.best_move(), info.prior)
}

#[test]
fn does_not_run_out_of_a_lost_ladder() {
    let game = game_from_diagram(LADDER, rules(15), Color::White);
    let escape = mv("D4", game.size());
    let (best, lost) = escape_prior(&game, 2000, escape);
    assert_ne!(best, escape);
    // With a white ladder breaker on B3 the same escape works and keeps its bonus.
    let breaker = LADDER.replace("3 . . . . .", "3 . O . . .");
    let game = game_from_diagram(&breaker, rules(15), Color::White);
    let (_, works) = escape_prior(&game, 200, escape);
    assert!(
        lost + 0.3 < works,
        "escape prior {lost} in the ladder, {works} with a breaker"
    );
}

/// An engine with 5,000 playouts per move and `seed`, set to the game of the record
/// `tests/data/sgf/<name>`.
fn engine_on_record(name: &str, seed: u64) -> MctsEngine {
    let path = format!("{}/tests/data/sgf/{name}", env!("CARGO_MANIFEST_DIR"));
    let record = weiqi::sgf::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut engine = MctsEngine::new(EngineConfig {
        playouts: Some(5000),
        seed,
        ..EngineConfig::default()
    })
    .unwrap();
    engine.set_game(record.game);
    engine
}

/// A 9x9 game against GNU Go, White (the engine) to move after Black's J2: chains on both
/// sides are still in a fight. Passing here let the referee count every white stone dead
/// (B+74); a pass must wait until every chain is settled. (Seeds 2 and 88 are searches
/// that passed before that rule.)
#[test]
fn does_not_pass_while_chains_are_unsettled() {
    for seed in [2, 88] {
        let mut engine = engine_on_record("unsettled_fight_white_to_move.sgf", seed);
        let reply = engine.genmove(Color::White).unwrap();
        assert_ne!(reply, EngineMove::Play(Move::Pass), "seed {seed}");
        assert!(!engine.game().is_over());
    }
}

/// A 9x9 game against GNU Go, White (the engine) to move after Black passed. White's stone
/// on A9 is in atari; the search counts a game-ending pass with the board as it stands, so
/// passing looked won (W+2), but GNU Go as referee counted A9 dead and A8 Black's (B+2).
/// Filling A8 first costs nothing under area scoring. (Seeds 1 and 2 passed before the
/// engine learnt to save such chains.)
#[test]
fn does_not_pass_with_a_chain_in_atari() {
    for seed in [1, 2] {
        let mut engine = engine_on_record("own_stone_in_atari_white_to_move.sgf", seed);
        let reply = engine.genmove(Color::White).unwrap();
        let a8 = mv("A8", engine.game().size());
        assert_eq!(reply, EngineMove::Play(a8), "seed {seed}");
        engine.play(Color::Black, Move::Pass).unwrap();
        let reply = engine.genmove(Color::White).unwrap();
        assert_eq!(reply, EngineMove::Play(Move::Pass), "seed {seed}");
    }
}

#[test]
fn opens_at_tengen_on_9x9_without_a_search_unless_the_book_is_off() {
    let nine = weiqi::BoardSize::NINE;
    let first_move = |book: bool| {
        let mut engine = MctsEngine::new(EngineConfig {
            playouts: Some(500),
            book,
            ..EngineConfig::default()
        })
        .unwrap();
        engine.new_game(nine, rules(14)).unwrap();
        engine
            .genmove_analyze(Color::Black, Duration::from_secs(1), &mut |_| true)
            .unwrap()
    };
    let (choice, result) = first_move(true);
    assert_eq!(choice, EngineMove::Play(mv("E5", nine)));
    assert_eq!(result.playouts, 0, "the book move needs no search");
    let (_, result) = first_move(false);
    assert!(result.playouts > 0, "the first move is searched");
}
