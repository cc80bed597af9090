//! The end-of-game policy: what the built-in engine does with a search's outcome when
//! the game may be ending. It resigns a game lost past doubt, passes when passing wins,
//! accepts a draw or gives up a hopeless game once the opponent has passed, rescues a
//! chain in atari that passing would leave to be counted dead, and otherwise plays on.
//!
//! Passing is judged by the worst of three counts of the board (see `pass_outcome`), so
//! that a referee that judges dead stones differently cannot turn a pass into a loss.
//! Everything here reads the game and the search's result only, so it is tested on
//! board diagrams with hand-made results.

use super::EngineMove;
use crate::board::Board;
use crate::color::Color;
use crate::game::Game;
use crate::playout::tactics::move_features;
use crate::point::{Move, Point};
use crate::score::count_area;
use crate::search::SearchResult;

/// Playouts a search must have made before its win rate may justify resignation.
pub(super) const RESIGN_MIN_PLAYOUTS: u64 = 1000;
/// Mean ownership beyond which a chain counts as the opponent's (dead).
const DEAD_OWNERSHIP: f64 = 0.5;
/// Mean ownership below which a chain of the engine's counts as unsettled when it decides
/// whether to pass: 0.6 is Pachi's "80% of the playouts agree". A chain below it is still
/// being fought over, and a referee may judge it dead.
const SETTLED_OWNERSHIP: f64 = 0.6;
/// Win rate at or below which the engine accepts a draw by passing after the opponent's
/// pass (a sure draw searches at 0.5: draws count half).
const DRAW_WIN_RATE: f64 = 0.55;
/// Win rate below which, once the opponent has passed and passing would lose, the engine
/// stops playing on: it resigns (or passes, when it may not resign). Playing on would only
/// fill settled areas in the hope of an opponent's blunder, which no one across the board
/// enjoys.
const HOPELESS_WIN_RATE: f64 = 0.2;

/// How a game that a pass ends would come out for the engine, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PassOutcome {
    Loss,
    Draw,
    Win,
}

/// What the policy needs to know besides the game and the search.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Policy {
    /// Resign below this win rate; `None` never resigns (a hopeless game is passed out).
    pub resign_at: Option<f64>,
    /// Playouts the search must have made before its win rate may justify resignation.
    pub resign_min_playouts: u64,
    /// Whether the search played with the game's own komi (no dynamic komi).
    pub komi_is_real: bool,
}

/// The move `color` plays in `game` given the search's `result`: resign when the game is
/// lost past doubt, pass when passing wins (or draws, or loses hopelessly, once the
/// opponent has passed), save a chain in atari or play on when passing would lose,
/// and otherwise the most visited move that superko allows.
pub fn decide(game: &Game, color: Color, result: &SearchResult, policy: &Policy) -> EngineMove {
    let area = game.size().area();
    // Game progress: stones on the board, or moves, whichever says more (a game loaded
    // from setup stones has no moves).
    let progress = game
        .moves()
        .len()
        .max(area - game.board().empty_points().len());
    if let Some(threshold) = policy.resign_at {
        let lead = if color == Color::Black {
            result.score_lead_black
        } else {
            -result.score_lead_black
        };
        let enough = result.playouts >= policy.resign_min_playouts;
        if policy.komi_is_real
            && enough
            && progress >= area / 5
            && result.win_rate < threshold
            && lead < -(area as f64 / 16.0).max(5.0)
        {
            return EngineMove::Resign;
        }
    }
    let opponent_passed = game.last_move().is_some_and(|(_, mv)| mv == Move::Pass);
    // The tree knows simple ko only: the best move superko allows.
    let best = result
        .moves
        .iter()
        .map(|m| m.mv)
        .find(|&mv| game.is_legal(color, mv))
        .unwrap_or(Move::Pass);
    if best == Move::Pass || opponent_passed {
        match pass_outcome(game, color, result) {
            PassOutcome::Win => return EngineMove::Play(Move::Pass),
            // A draw that the search sees no way to turn into a win: playing on would
            // only fill the engine's own area, move after move.
            PassOutcome::Draw if opponent_passed && result.win_rate <= DRAW_WIN_RATE => {
                return EngineMove::Play(Move::Pass);
            }
            PassOutcome::Loss if opponent_passed && result.win_rate < HOPELESS_WIN_RATE => {
                return match policy.resign_at {
                    Some(_) => EngineMove::Resign,
                    None => EngineMove::Play(Move::Pass),
                };
            }
            _ => {}
        }
        // Passing would lose or leave dead stones that count: save a chain in atari,
        // or play on with the best stone move, if there is one.
        if let Some(mv) = rescue(game, color, result) {
            return EngineMove::Play(mv);
        }
        if let Some(m) = result
            .moves
            .iter()
            .find(|m| m.mv != Move::Pass && game.is_legal(color, m.mv))
        {
            return EngineMove::Play(m.mv);
        }
        return EngineMove::Play(Move::Pass);
    }
    EngineMove::Play(best)
}

/// Each chain on the board (by its id) with its mean ownership in `result` for its
/// owner (1: surely alive, -1: surely dead).
fn chains_with_ownership(board: &Board, result: &SearchResult) -> Vec<(Point, f64)> {
    board
        .chains()
        .map(|id| (id, result.chain_ownership(board, id)))
        .collect()
}

/// The worst result for `color` of a game that passing now ends (or could), over three
/// counts of the board: as it stands (what a Tromp-Taylor referee counts), with the dead
/// stones of `result` removed (what a referee that judges them counts), and with
/// `color`'s unsettled chains and chains in atari removed as well (what a referee that
/// judges a fight against it, or takes off stones the opponent could capture at once,
/// counts).
///
/// Chains in atari need their own test: the search scores a pass that ends the game
/// by counting the board as it stands, so the playouts leave a chain in atari alone
/// and call it settled, while a referee such as GNU Go counts it dead.
fn pass_outcome(game: &Game, color: Color, result: &SearchResult) -> PassOutcome {
    let komi = game.rules().komi;
    let board = game.board();
    let chains = chains_with_ownership(board, result);
    let outcome = |dead: &[Point]| {
        let count = count_area(board, dead, &mut Default::default());
        match count.result(komi).winner() {
            Some(c) if c == color => PassOutcome::Win,
            Some(_) => PassOutcome::Loss,
            None => PassOutcome::Draw,
        }
    };
    outcome(&[])
        .min(outcome(&dead_stones(board, &chains, None)))
        .min(outcome(&dead_stones(board, &chains, Some(color))))
}

/// A move that takes `color`'s largest chain in atari out of atari by filling its last
/// liberty, if one does (legally, and leaving the chain two liberties or more). Only
/// chains that the playouts of `result` mostly keep alive are worth it.
fn rescue(game: &Game, color: Color, result: &SearchResult) -> Option<Move> {
    let board = game.board();
    board
        .chains()
        .filter(|&id| board.color_at(id) == Some(color) && board.in_atari(id))
        .filter(|&id| result.chain_ownership(board, id) > 0.0)
        .filter_map(|id| {
            let liberty = board.last_liberty(id)?;
            let mv = Move::Play(liberty);
            // The move saves the chain when it joins it and leaves two liberties or
            // more (a capture may save other chains and still leave this one in atari).
            let f = move_features(board, color, liberty);
            let out_of_atari = f.saves > 0 && f.self_atari == 0;
            (out_of_atari && game.is_legal(color, mv)).then_some((board.chain_len(id), mv))
        })
        .max_by_key(|&(stones, _)| stones)
        .map(|(_, mv)| mv)
}

/// The stones of the chains judged dead (mean ownership for their owner below
/// `-DEAD_OWNERSHIP`), sorted; with `unsettled_of`, also that colour's chains that are not
/// clearly alive (below `SETTLED_OWNERSHIP`) or are in atari.
fn dead_stones(board: &Board, chains: &[(Point, f64)], unsettled_of: Option<Color>) -> Vec<Point> {
    let mut dead: Vec<Point> = chains
        .iter()
        .filter(|&&(id, for_owner)| {
            let at_risk = for_owner < SETTLED_OWNERSHIP || board.in_atari(id);
            for_owner < -DEAD_OWNERSHIP
                || (at_risk && unsettled_of.is_some_and(|c| board.color_at(id) == Some(c)))
        })
        .flat_map(|&(id, _)| board.chain_stones(id))
        .collect();
    dead.sort();
    dead
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Komi, Rules};
    use crate::search::MoveInfo;

    /// A game set up from `diagram`, `color` to move after the other side's pass (or with
    /// no move played when `after_pass` is false); komi in half points.
    fn game(diagram: &str, komi_half: i16, color: Color, after_pass: bool) -> Game {
        let board = Board::from_diagram(diagram).expect("a diagram");
        let size = board.size();
        let rules = Rules::chinese().with_komi(Komi::from_half_points(komi_half));
        let mut game = Game::new(size, rules);
        for c in Color::ALL {
            let stones: Vec<Point> = size
                .points()
                .filter(|&p| board.color_at(p) == Some(c))
                .collect();
            game.add_setup_stones(c, &stones).expect("setup stones");
        }
        let first = if after_pass { !color } else { color };
        game.set_first_to_move(first).expect("no moves yet");
        if after_pass {
            game.play(!color, Move::Pass).expect("a pass");
        }
        game
    }

    /// A search's result for `color`: `moves` (best first) with their visits, the win rate
    /// and Black's lead, and ownership `owner(x, y)` (+1 Black's, -1 White's).
    fn result(
        game: &Game,
        color: Color,
        moves: &[(&str, u32)],
        win_rate: f64,
        lead_black: f64,
        owner: impl Fn(usize, usize) -> f64,
    ) -> SearchResult {
        let size = game.size();
        let n = size.get();
        SearchResult {
            to_move: color,
            moves: moves
                .iter()
                .map(|&(name, visits)| MoveInfo {
                    mv: Move::parse(name, size).expect("a move"),
                    visits,
                    win_rate,
                    lcb: win_rate,
                    prior: 0.5,
                    policy: 0.0,
                    pv: Vec::new(),
                })
                .collect(),
            playouts: 5000,
            win_rate,
            score_lead_black: lead_black,
            ownership: (0..n * n).map(|i| owner(i % n, i / n)).collect(),
            seconds: 1.0,
            tree_nodes: 100,
            avg_moves: 40.0,
        }
    }

    const POLICY: Policy = Policy {
        resign_at: Some(0.1),
        resign_min_playouts: 1000,
        komi_is_real: true,
    };

    /// Black's wall on D, White's on E: 28 points to 21, settled.
    const WALLS: &str = "
        . . . X O . .
        . . . X O . .
        . . . X O . .
        . . . X O . .
        . . . X O . .
        . . . X O . .
        . . . X O . .
    ";

    fn walls(x: usize, _: usize) -> f64 {
        if x <= 3 { 1.0 } else { -1.0 }
    }

    fn play(name: &str, game: &Game) -> EngineMove {
        EngineMove::Play(Move::parse(name, game.size()).expect("a move"))
    }

    #[test]
    fn passes_after_the_opponent_when_passing_wins() {
        let g = game(WALLS, 1, Color::Black, true);
        let r = result(
            &g,
            Color::Black,
            &[("A1", 900), ("B2", 100)],
            0.97,
            6.5,
            walls,
        );
        assert_eq!(
            decide(&g, Color::Black, &r, &POLICY),
            EngineMove::Play(Move::Pass)
        );
    }

    #[test]
    fn a_hopeless_game_is_resigned_or_passed_out_once_the_opponent_passed() {
        let g = game(WALLS, 1, Color::White, true);
        // Not lost enough for an ordinary resignation (the lead is small), but passing
        // loses and the search sees almost no way to win.
        let r = result(&g, Color::White, &[("G1", 900)], 0.15, 3.0, walls);
        assert_eq!(decide(&g, Color::White, &r, &POLICY), EngineMove::Resign);
        let never = Policy {
            resign_at: None,
            ..POLICY
        };
        assert_eq!(
            decide(&g, Color::White, &r, &never),
            EngineMove::Play(Move::Pass)
        );
    }

    #[test]
    fn a_pass_that_would_lose_is_answered_with_the_best_stone_move() {
        let g = game(WALLS, 1, Color::White, true);
        let r = result(
            &g,
            Color::White,
            &[("pass", 900), ("F4", 100)],
            0.4,
            3.0,
            walls,
        );
        assert_eq!(decide(&g, Color::White, &r, &POLICY), play("F4", &g));
    }

    #[test]
    fn resigns_a_game_lost_past_doubt_but_not_in_the_opening() {
        let g = game(WALLS, 1, Color::White, false);
        let r = result(&g, Color::White, &[("F4", 900)], 0.02, 20.0, walls);
        assert_eq!(decide(&g, Color::White, &r, &POLICY), EngineMove::Resign);
        let thin = Policy {
            resign_min_playouts: 10_000,
            ..POLICY
        };
        assert_eq!(
            decide(&g, Color::White, &r, &thin),
            play("F4", &g),
            "too few playouts"
        );
        let dynamic = Policy {
            komi_is_real: false,
            ..POLICY
        };
        assert_eq!(
            decide(&g, Color::White, &r, &dynamic),
            play("F4", &g),
            "dynamic komi"
        );
        let opening = game(
            "
            . . . . . . .
            . . . . . . .
            . . . . . . .
            . . . X . . .
            . . . . . . .
            . . . . . . .
            . . . . . . .
            ",
            1,
            Color::White,
            false,
        );
        let r = result(
            &opening,
            Color::White,
            &[("C3", 900)],
            0.02,
            20.0,
            |_, _| 1.0,
        );
        assert_eq!(
            decide(&opening, Color::White, &r, &POLICY),
            play("C3", &opening)
        );
    }

    #[test]
    fn a_chain_in_atari_is_saved_before_the_game_ends() {
        // Black's E4 has one liberty, D4; filling it joins the wall on C.
        let g = game(
            "
            . . X O . . .
            . . X O . . .
            . . X O O . .
            . . X . X O .
            . . X O O . .
            . . X O . . .
            . . X O . . .
            ",
            1,
            Color::Black,
            true,
        );
        let e4 = |x: usize, y: usize| {
            if (x, y) == (4, 3) {
                0.5
            } else {
                walls(x + 1, y)
            }
        };
        let r = result(&g, Color::Black, &[("A1", 900)], 0.3, -4.0, e4);
        assert_eq!(decide(&g, Color::Black, &r, &POLICY), play("D4", &g));
    }

    #[test]
    fn a_sure_draw_is_accepted_and_a_likely_win_played_for() {
        // 18 points each without komi.
        let even = "
            . . X O . .
            . . X O . .
            . . X O . .
            . . X O . .
            . . X O . .
            . . X O . .
        ";
        let g = game(even, 0, Color::Black, true);
        let owner = |x: usize, _: usize| if x <= 2 { 1.0 } else { -1.0 };
        let draw = result(&g, Color::Black, &[("A1", 900)], 0.5, 0.0, owner);
        assert_eq!(
            decide(&g, Color::Black, &draw, &POLICY),
            EngineMove::Play(Move::Pass)
        );
        let hope = result(&g, Color::Black, &[("A1", 900)], 0.7, 0.0, owner);
        assert_eq!(decide(&g, Color::Black, &hope, &POLICY), play("A1", &g));
    }

    #[test]
    fn a_pass_of_its_own_that_would_lose_gives_way_to_the_best_stone_move() {
        let g = game(WALLS, 1, Color::White, false);
        // Pass is the most visited move, but passing first and then losing the count
        // gains nothing: play the best stone move instead.
        let r = result(
            &g,
            Color::White,
            &[("pass", 500), ("G4", 400)],
            0.45,
            3.0,
            walls,
        );
        assert_eq!(decide(&g, Color::White, &r, &POLICY), play("G4", &g));
    }
}
