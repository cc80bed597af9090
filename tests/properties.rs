//! Property tests: random legal games on every size; the incremental board state always
//! equals a from-scratch recomputation, undo restores the game exactly, and every move a
//! playout picks is legal.

use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::SmallRng;
use weiqi::playout::{PlayoutLimits, PlayoutPolicy, Recent, UniformPolicy, run_playout};
use weiqi::score::Ownership;
use weiqi::{Board, BoardSize, Color, Game, Move, Rules};

/// Plays a seeded random legal game (under `rules`) of at most `max_moves` moves, checking
/// the board after every move and undo after some.
fn random_game(size: u8, seed: u64, rules: Rules, max_moves: usize) {
    let size = BoardSize::new(size.into()).unwrap();
    let mut game = Game::new(size, rules);
    let mut rng = SmallRng::seed_from_u64(seed);
    for i in 0..max_moves {
        if game.is_over() {
            break;
        }
        let color = game.to_move();
        let legal = game.legal_moves(color);
        // Passes only when little else is left, so games get long and full of captures.
        let mv = if legal.len() > 1 && rand::Rng::random_bool(&mut rng, 0.97) {
            legal[rand::Rng::random_range(&mut rng, 0..legal.len() - 1)]
        } else {
            Move::Pass
        };
        let before = game.clone();
        game.play(color, mv)
            .expect("legal_moves lists only legal moves");
        game.board().assert_consistent();
        assert_eq!(game.to_move(), !color);
        if i % 7 == 0 {
            let mut undone = game.clone();
            assert_eq!(undone.undo(), Some((color, mv)));
            assert_eq!(undone, before, "undo must restore the game exactly");
            undone.board().assert_consistent();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_games_stay_consistent(size in 2u8..=19, seed in any::<u64>()) {
        random_game(size, seed, Rules::chinese(), 250);
    }

    #[test]
    fn random_games_with_suicide_stay_consistent(size in 2u8..=9, seed in any::<u64>()) {
        random_game(size, seed, Rules::tromp_taylor(), 250);
        random_game(size, seed, Rules::new_zealand(), 250);
    }

    #[test]
    fn playout_moves_are_legal(size in 2u8..=19, seed in any::<u64>()) {
        let size = BoardSize::new(size.into()).unwrap();
        let mut board = Board::new(size);
        let mut checker = Board::new(size);
        let mut rng = SmallRng::seed_from_u64(seed);
        let limits = PlayoutLimits::for_board(&board);
        let mut ownership = Ownership::default();
        let out = run_playout(&mut board, Color::Black, Recent::default(), &mut UniformPolicy, &mut rng, limits,
            &mut ownership, |color, mv| {
                if let Move::Play(p) = mv {
                    assert!(checker.is_legal_no_suicide(color, p), "{color} {p} is illegal");
                    assert!(!checker.is_eye(p, color), "{color} fills its own eye at {p}");
                }
                checker.play_unchecked(color, mv);
                checker.assert_consistent();
            });
        // The playout board kept neither hash nor neighbourhood keys; all else must hold.
        board.assert_consistent();
        prop_assert_eq!(&board, &checker);
        prop_assert!(out.moves <= limits.max_moves);
        // Every point is owned or neutral and the areas add up.
        let owned = size.points().filter(|&p| ownership.get(p).is_some()).count() as u32;
        prop_assert_eq!(owned, out.count.area.black + out.count.area.white);
    }

    #[test]
    fn the_policy_passes_only_when_nothing_is_left(size in 2u8..=9, seed in any::<u64>()) {
        let size = BoardSize::new(size.into()).unwrap();
        let mut board = Board::new(size);
        let mut rng = SmallRng::seed_from_u64(seed);
        let mut color = Color::Black;
        for _ in 0..200 {
            let mv = UniformPolicy.choose(&board, color, Recent::default(), &mut rng);
            if mv == Move::Pass {
                prop_assert!(size.points().all(|p|
                    !board.is_legal_no_suicide(color, p) || board.is_eye(p, color)));
            }
            board.play_unchecked(color, mv);
            color = !color;
        }
    }
}

#[test]
fn playouts_are_reproducible_from_a_seed() {
    let run = |seed| {
        let mut board = Board::new(BoardSize::NINE);
        let mut rng = SmallRng::seed_from_u64(seed);
        let mut moves = Vec::new();
        let limits = PlayoutLimits::for_board(&board);
        run_playout(
            &mut board,
            Color::Black,
            Recent::default(),
            &mut UniformPolicy,
            &mut rng,
            limits,
            &mut Ownership::default(),
            |c, m| moves.push((c, m)),
        );
        moves
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}
