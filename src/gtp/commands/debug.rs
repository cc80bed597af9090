//! Looking at the position: `showboard` and GNU Go's testing helpers (`list_stones`,
//! `is_legal`, `all_legal`, `captures`, ...), which let a test compare weiqi with GNU Go.

use crate::color::Color;
use crate::gtp::backend::GtpEngine;
use crate::gtp::command::Args;
use crate::gtp::io::Io;
use crate::gtp::response::GtpError;
use crate::gtp::session::{GtpSession, Reply};
use crate::gtp::vertex::{format_move, format_points};
use crate::point::{Move, Point};

type Outcome = Result<Reply, GtpError>;

pub(super) fn showboard<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let game = s.engine.game();
    let board = game.board();
    let last = game.last_move().and_then(|(_, mv)| mv.point());
    let mut text = String::from("\n");
    text.push_str(&board.diagram_marked(last));
    text.push_str(&format!(
        "{} to move, komi {}, captures: black {}, white {}",
        game.to_move(),
        game.rules().komi,
        board.captures(Color::Black),
        board.captures(Color::White)
    ));
    if game.is_over() {
        text.push_str(", game over");
    }
    Ok(Reply::Text(text))
}

fn stones_of<E: GtpEngine + 'static>(s: &GtpSession<E>, color: Color) -> Vec<Point> {
    let game = s.engine.game();
    game.size()
        .points()
        .filter(|&p| game.board().color_at(p) == Some(color))
        .collect()
}

pub(super) fn list_stones<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let color = args.color(0)?;
    Ok(Reply::Text(format_points(&stones_of(s, color))))
}

pub(super) fn is_legal<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let color = args.color(0)?;
    let mv = args.mv(1, s.engine.game().size())?;
    // `play` reopens a finished game before it plays; so does the question.
    let reopened = s.reopen();
    let legal = s.engine.game().is_legal(color, mv);
    s.close_again(reopened);
    Ok(Reply::Text(if legal { "1" } else { "0" }.to_string()))
}

pub(super) fn all_legal<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let color = args.color(0)?;
    let reopened = s.reopen();
    let points: Vec<Point> = s
        .engine
        .game()
        .legal_moves(color)
        .into_iter()
        .filter_map(Move::point)
        .collect();
    s.close_again(reopened);
    Ok(Reply::Text(format_points(&points)))
}

/// The number of stones captured *by* `color`.
pub(super) fn captures<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let color = args.color(0)?;
    let count = s.engine.game().board().captures(color);
    Ok(Reply::Text(count.to_string()))
}

pub(super) fn color<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let game = s.engine.game();
    let p = args.point(0, game.size())?;
    let text = match game.board().color_at(p) {
        Some(c) => c.to_string(),
        None => "empty".to_string(),
    };
    Ok(Reply::Text(text))
}

/// The chain at argument 0, which must hold a stone.
fn chain_point<E: GtpEngine + 'static>(
    s: &GtpSession<E>,
    args: &Args<'_>,
) -> Result<Point, GtpError> {
    let game = s.engine.game();
    let p = args.point(0, game.size())?;
    if game.board().color_at(p).is_none() {
        return Err(GtpError::InvalidVertex(format!("{p} is empty")));
    }
    Ok(p)
}

pub(super) fn countlib<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let p = chain_point(s, args)?;
    let count = s.engine.game().board().liberties(p).len();
    Ok(Reply::Text(count.to_string()))
}

pub(super) fn findlib<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let p = chain_point(s, args)?;
    let mut libs = s.engine.game().board().liberties(p);
    libs.sort();
    Ok(Reply::Text(format_points(&libs)))
}

pub(super) fn last_move<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    match s.engine.game().last_move() {
        Some((color, mv)) => Ok(Reply::Text(format!("{color} {}", format_move(mv)))),
        None => Err(GtpError::NoMoves("no moves have been played".to_string())),
    }
}

/// The moves played, most recent first, one per line.
pub(super) fn move_history<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let lines: Vec<String> = s
        .engine
        .game()
        .moves()
        .iter()
        .rev()
        .map(|&(color, mv)| format!("{color} {}", format_move(mv)))
        .collect();
    Ok(Reply::Text(lines.join("\n")))
}

pub(super) fn get_komi<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    Ok(Reply::Text(s.engine.game().rules().komi.to_string()))
}

pub(super) fn query_boardsize<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    Ok(Reply::Text(s.engine.game().size().to_string()))
}
