//! The end of a game: `final_score` and `final_status_list`.
//!
//! Dead stones come from the engine's judgement ([`Engine::dead_stones`]; weiqi's own is
//! [`crate::engine::judge`]). Living chains that share a liberty with a living opponent
//! chain which neither side can fill without self-atari are in seki
//! ([`seki_stones`]). The judgement of a position is kept, so
//! `final_score` and each `final_status_list` agree and cost one search. Passes at the end
//! of the game are taken back while judging, so that the search looks at play going on
//! rather than at a game its side to move could end at once.
//!
//! [`Engine::dead_stones`]: crate::engine::Engine::dead_stones

use crate::color::Color;
use crate::engine::judge::seki_stones;
use crate::game::Game;
use crate::gtp::backend::GtpEngine;
use crate::gtp::command::Args;
use crate::gtp::io::Io;
use crate::gtp::response::GtpError;
use crate::gtp::session::{GtpSession, Reply, engine_error};
use crate::gtp::vertex::{format_points, shorten};
use crate::point::Point;

type Outcome = Result<Reply, GtpError>;

/// The judged status of a position's stones.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Judgement {
    /// Moves played and board hash of the judged position.
    key: (usize, u64),
    /// Dead stones.
    pub dead: Vec<Point>,
    /// Stones in seki.
    pub seki: Vec<Point>,
}

fn position_key(game: &Game) -> (usize, u64) {
    (game.moves().len(), game.board().hash())
}

/// The judgement of the current position, made now or kept from before.
pub(crate) fn judge<E: GtpEngine + 'static>(s: &mut GtpSession<E>) -> Result<Judgement, GtpError> {
    let key = position_key(s.engine.game());
    if let Some(j) = s.judgement.as_ref().filter(|j| j.key == key) {
        return Ok(j.clone());
    }
    let (dead, seki) = s
        .with_passes_taken_back(true, |engine| {
            let dead = engine.dead_stones()?;
            let seki = seki_stones(engine.game().board(), &dead);
            Ok((dead, seki))
        })
        .map_err(engine_error)?;
    let judgement = Judgement { key, dead, seki };
    s.judgement = Some(judgement.clone());
    Ok(judgement)
}

/// The chains whose stones satisfy `keep`, each sorted, in board order.
fn chains(game: &Game, keep: impl Fn(Point) -> bool) -> Vec<Vec<Point>> {
    let board = game.board();
    let mut chains: Vec<Vec<Point>> = board
        .chains()
        .filter_map(|id| {
            let mut stones: Vec<Point> = board.chain_stones(id).filter(|&q| keep(q)).collect();
            stones.sort();
            (!stones.is_empty()).then_some(stones)
        })
        .collect();
    // In the order of each chain's first stone.
    chains.sort();
    chains
}

pub(super) fn final_score<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let judgement = judge(s)?;
    let result = s.engine.game().result_with_dead(&judgement.dead);
    Ok(Reply::Text(result.to_string()))
}

/// `final_status_list alive|dead|seki`, one chain per line, and GNU Go's
/// `black_territory`, `white_territory` and `dame` (points on one line).
pub(super) fn final_status_list<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let status = args.text(0)?;
    let judgement = judge(s)?;
    let game = s.engine.game();
    let board = game.board();
    let listed = |keep: &dyn Fn(Point) -> bool| {
        chains(game, keep)
            .iter()
            .map(|c| format_points(c))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (dead, seki) = (&judgement.dead, &judgement.seki);
    let text = match status {
        "dead" => listed(&|p| dead.contains(&p)),
        "seki" => listed(&|p| seki.contains(&p)),
        "alive" => listed(&|p| !dead.contains(&p) && !seki.contains(&p)),
        "black_territory" | "white_territory" | "dame" => {
            let (_, owners) = game.count(dead);
            let wanted = match status {
                "black_territory" => Some(Color::Black),
                "white_territory" => Some(Color::White),
                _ => None,
            };
            let points: Vec<Point> = game
                .size()
                .points()
                .filter(|&p| board.color_at(p).is_none() || dead.contains(&p))
                .filter(|&p| owners.get(p) == wanted)
                .collect();
            format_points(&points)
        }
        _ => {
            return Err(GtpError::syntax(format!(
                "'{}' is not a status: alive, dead or seki",
                shorten(status)
            )));
        }
    };
    Ok(Reply::Text(text))
}
