//! Playing: moves of either colour, generated moves, undo, and KGS's cleanup phase.

use super::gogui::live_gfx;
use super::scoring::judge;
use crate::color::Color;
use crate::engine::EngineMove;
use crate::game::Game;
use crate::gtp::backend::GtpEngine;
use crate::gtp::command::Args;
use crate::gtp::io::Io;
use crate::gtp::response::GtpError;
use crate::gtp::session::{GtpSession, Reply, engine_error};
use crate::gtp::vertex::{VertexError, format_engine_move};
use crate::playout::tactics;
use crate::point::{Move, Point};
use crate::search::{Progress, SearchResult};
use std::io::Write;
use std::time::{Duration, Instant};

type Outcome = Result<Reply, GtpError>;

/// How often a thinking search looks at its input (for GoGui's `# interrupt`).
const THINK_POLL: Duration = Duration::from_millis(25);
/// How often GoGui live graphics are drawn while thinking.
const GFX_INTERVAL: Duration = Duration::from_millis(500);

pub(super) fn play<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let color = args.color(0)?;
    let mv = match args.mv(1, s.engine.game().size()) {
        Ok(mv) => mv,
        Err(VertexError::OffBoard(detail)) => return Err(GtpError::IllegalMove(detail)),
        Err(e) => return Err(e.into()),
    };
    let reopened = s.reopen();
    if let Err(e) = s.engine.play(color, mv) {
        s.close_again(reopened);
        return Err(engine_error(e));
    }
    s.game_over = false;
    Reply::empty()
}

/// Chooses and plays a move for `color`: the search stops early on GoGui's `# interrupt`,
/// draws GoGui live graphics when asked to, and calls `each` with its state about every
/// [`THINK_POLL`]. A finished game is reopened first; a resignation is answered but not
/// recorded in the game (controllers keep it out of their histories too).
pub(crate) fn generate<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    color: Color,
    io: &mut Io<'_>,
    each: &mut dyn FnMut(&Progress<'_>, &mut Io<'_>),
) -> Result<(EngineMove, SearchResult), GtpError> {
    let reopened = s.reopen();
    let start = Instant::now();
    let gfx = s.options.live_gfx;
    let mut last_gfx = Instant::now();
    let mut interrupted = false;
    let (engine, log) = (&mut s.engine, &mut s.log);
    let outcome = engine.genmove_analyze(color, THINK_POLL, &mut |progress| {
        if io.take_interrupt() {
            interrupted = true;
            return false;
        }
        if gfx && last_gfx.elapsed() >= GFX_INTERVAL {
            let _ = log.write_all(live_gfx(&progress.result()).as_bytes());
            let _ = log.flush();
            last_gfx = Instant::now();
        }
        each(progress, io);
        true
    });
    if gfx {
        s.log_raw("gogui-gfx: CLEAR\n");
    }
    s.thinking += start.elapsed();
    if interrupted {
        s.log("interrupted: answering with the best move so far");
    }
    let (mv, result) = match outcome {
        Ok(done) => done,
        Err(e) => {
            s.close_again(reopened);
            return Err(engine_error(e));
        }
    };
    if mv == EngineMove::Resign {
        // Undo takes back the resignation only; the game goes on as before it.
        let _ = s.engine.undo();
        s.close_again(reopened);
    }
    s.game_over = false;
    if s.options.verbosity >= 1 {
        s.log(&format!(
            "{color} plays {} after {} playouts in {:.2} s, win rate {:.1}%",
            format_engine_move(mv),
            result.playouts,
            start.elapsed().as_secs_f64(),
            100.0 * result.win_rate
        ));
    }
    Ok((mv, result))
}

pub(super) fn genmove<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
) -> Outcome {
    let color = args.color(0)?;
    let (mv, _) = generate(s, color, io, &mut |_, _| {})?;
    Ok(Reply::Text(format_engine_move(mv)))
}

pub(super) fn reg_genmove<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
) -> Outcome {
    let color = args.color(0)?;
    let before = s.engine.game().clone();
    let outcome = generate(s, color, io, &mut |_, _| {});
    s.engine.set_game(before);
    let (mv, _) = outcome?;
    Ok(Reply::Text(format_engine_move(mv)))
}

pub(super) fn undo<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    take_back(s, 1)
}

/// GNU Go's `gg-undo [n]`: takes back `n` moves (1 by default), or none if there are fewer.
pub(super) fn gg_undo<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let n = if args.is_empty() {
        1
    } else {
        args.int(0)? as usize
    };
    take_back(s, n)
}

/// Takes back the last `n` moves, or none if fewer have been played.
fn take_back<E: GtpEngine + 'static>(s: &mut GtpSession<E>, n: usize) -> Outcome {
    if n > s.engine.game().moves().len() {
        return Err(GtpError::CannotUndo);
    }
    for _ in 0..n {
        s.engine.undo().map_err(|_| GtpError::CannotUndo)?;
    }
    s.game_over = false;
    Reply::empty()
}

/// `kgs-genmove_cleanup`: as `genmove`, but never passes (or resigns) while opponent stones
/// the engine judges dead remain on the board; it attacks them instead, so that a referee
/// who counts every stone on the board as alive agrees with the result.
pub(super) fn genmove_cleanup<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    io: &mut Io<'_>,
) -> Outcome {
    let color = args.color(0)?;
    let (mv, _) = generate(s, color, io, &mut |_, _| {})?;
    let passed = mv == EngineMove::Play(Move::Pass);
    if !passed && mv != EngineMove::Resign {
        return Ok(Reply::Text(format_engine_move(mv)));
    }
    // A pass is taken back (a resignation already was) while the dead stones are judged.
    let reopened = if passed {
        s.engine.undo().map_err(engine_error)?;
        None
    } else {
        s.reopen()
    };
    let dead = judge(s)?.dead;
    let game = s.engine.game();
    let target = cleanup_move(game, color, &dead, s.engine.last_result());
    let chosen = target.map_or(Move::Pass, Move::Play);
    if let Err(e) = s.engine.play(color, chosen) {
        s.close_again(reopened);
        return Err(engine_error(e));
    }
    Ok(Reply::Text(format_engine_move(EngineMove::Play(chosen))))
}

/// A move for `color` that attacks the opponent's `dead` stones: a legal liberty of a dead
/// chain (fewest liberties first, moves that do not put the new stone in atari first), or
/// else the search's best legal stone move that does not fill an eye of `color`.
fn cleanup_move(
    game: &Game,
    color: Color,
    dead: &[Point],
    result: Option<&SearchResult>,
) -> Option<Point> {
    let board = game.board();
    let mut chains: Vec<Point> = board
        .chains()
        .filter(|&id| board.color_at(id) == Some(!color) && dead.contains(&id))
        .collect();
    chains.sort_by_key(|&id| board.liberties(id).len());
    let mut fallback = None;
    for &chain in &chains {
        for lib in board.liberties(chain) {
            if !game.is_legal(color, Move::Play(lib)) {
                continue;
            }
            if tactics::keeps_two_liberties(board, color, lib) {
                return Some(lib);
            }
            fallback.get_or_insert(lib);
        }
    }
    if fallback.is_some() || chains.is_empty() {
        return fallback;
    }
    result?
        .moves
        .iter()
        .filter_map(|m| m.mv.point())
        .find(|&p| game.is_legal(color, Move::Play(p)) && !board.is_eye(p, color))
}

/// `kgs-game_over`: the game has ended; pondering stops until the next game.
pub(super) fn game_over<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    s.game_over = true;
    Reply::empty()
}
