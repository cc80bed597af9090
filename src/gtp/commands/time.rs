//! Clocks: `time_settings`, KGS's `kgs-time_settings`, and `time_left`.

use crate::gtp::backend::GtpEngine;
use crate::gtp::command::{Args, parse_float};
use crate::gtp::io::Io;
use crate::gtp::response::GtpError;
use crate::gtp::session::{GtpSession, Reply, engine_error};
use crate::gtp::vertex::shorten;
use crate::search::time::TimeControl;
use std::time::Duration;

type Outcome = Result<Reply, GtpError>;

/// The longest time accepted: a year, far beyond any game.
const MAX_SECONDS: f64 = 366.0 * 24.0 * 3600.0;

/// Seconds as GTP sends them: integers, though fractions (KataGo accepts them) are allowed.
fn seconds(args: &Args<'_>, i: usize) -> Result<Duration, GtpError> {
    let text = args.text(i)?;
    let value = parse_float(text)?;
    if !(0.0..=MAX_SECONDS).contains(&value) {
        return Err(GtpError::syntax(format!(
            "'{}' is not a number of seconds",
            shorten(text)
        )));
    }
    Ok(Duration::from_secs_f64(value))
}

pub(super) fn time_settings<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let main = seconds(args, 0)?;
    let byo_yomi = seconds(args, 1)?;
    let stones = args.int(2)?;
    let control = TimeControl::from_gtp(main, byo_yomi, stones);
    s.engine.set_time_control(control).map_err(engine_error)?;
    Reply::empty()
}

/// `kgs-time_settings none | absolute main | byoyomi main period periods | canadian main
/// period stones`.
pub(super) fn kgs_time_settings<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let kind = args.text(0)?;
    let arity = |n: usize| {
        if args.len() == n + 1 {
            Ok(())
        } else {
            Err(GtpError::syntax(format!(
                "kgs-time_settings {kind} takes {n} numbers"
            )))
        }
    };
    let control = match kind.to_ascii_lowercase().as_str() {
        "none" => {
            arity(0)?;
            TimeControl::Unlimited
        }
        "absolute" => {
            arity(1)?;
            TimeControl::from_gtp(seconds(args, 1)?, Duration::ZERO, 0)
        }
        "byoyomi" => {
            arity(3)?;
            let (main, period, periods) = (seconds(args, 1)?, seconds(args, 2)?, args.int(3)?);
            if period.is_zero() || periods == 0 {
                TimeControl::from_gtp(main, Duration::ZERO, 0)
            } else {
                TimeControl::ByoYomi {
                    main,
                    period,
                    periods,
                }
            }
        }
        "canadian" => {
            arity(3)?;
            let (main, period, stones) = (seconds(args, 1)?, seconds(args, 2)?, args.int(3)?);
            if period.is_zero() || stones == 0 {
                TimeControl::from_gtp(main, Duration::ZERO, 0)
            } else {
                TimeControl::Canadian {
                    main,
                    period,
                    stones,
                }
            }
        }
        _ => {
            return Err(GtpError::syntax(format!(
                "unknown time system '{}': expected none, absolute, byoyomi or canadian",
                shorten(kind)
            )));
        }
    };
    s.engine.set_time_control(control).map_err(engine_error)?;
    Reply::empty()
}

pub(super) fn time_left<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let color = args.color(0)?;
    let time = seconds(args, 1)?;
    let stones = args.int(2)?;
    let left = s.engine.time_control().left_from_gtp(time, stones);
    s.engine.time_left(color, left).map_err(engine_error)?;
    Reply::empty()
}
