//! Administrative commands: protocol version, name, version, the command list, quit, and
//! the time spent thinking.

use crate::gtp::backend::GtpEngine;
use crate::gtp::command::Args;
use crate::gtp::io::Io;
use crate::gtp::response::GtpError;
use crate::gtp::session::{GtpSession, Reply};

type Outcome = Result<Reply, GtpError>;

/// The smallest minor version Lizzie accepts without a warning (it was written for Leela
/// Zero 0.15 and later, whose GTP analysis commands weiqi implements).
const LIZZIE_MIN_MINOR: u32 = 15;

pub(super) fn protocol_version<E: GtpEngine + 'static>(
    _: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    Ok(Reply::Text("2".to_string()))
}

pub(super) fn name<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    Ok(Reply::Text(s.engine.name()))
}

pub(super) fn version<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    Ok(Reply::Text(gtp_version(&s.engine.version())))
}

/// The answer to `version`: the engine's version when it reads as `X.Y` with `Y` at least
/// 15; otherwise `0.17 (weiqi VERSION)`. Lizzie parses the first word of the answer as
/// `X.Y` and shows a blocking warning below 0.15 (and fails on a word without a dot), since
/// it asks for Leela Zero's analysis commands; 0.17 names the Leela Zero version whose
/// analysis commands (`lz-analyze`, `lz-genmove_analyze`) weiqi speaks.
pub(crate) fn gtp_version(version: &str) -> String {
    let minor = version
        .split('.')
        .nth(1)
        .and_then(|m| m.parse::<u32>().ok());
    match minor {
        Some(m) if m >= LIZZIE_MIN_MINOR && !version.contains(' ') => version.to_string(),
        _ => format!("0.17 (weiqi {version})"),
    }
}

pub(super) fn known_command<E: GtpEngine + 'static>(
    _: &mut GtpSession<E>,
    args: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let name = args.text(0)?;
    let known = GtpSession::<E>::command_names().any(|n| n == name);
    Ok(Reply::Text(known.to_string()))
}

pub(super) fn list_commands<E: GtpEngine + 'static>(
    _: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    let names: Vec<&str> = GtpSession::<E>::command_names().collect();
    Ok(Reply::Text(names.join("\n")))
}

pub(super) fn quit<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    s.quit = true;
    Reply::empty()
}

/// Seconds spent choosing moves (wall clock, as KataGo answers): the figure GoGui's
/// tournament tools report. Process CPU time is not available without platform calls.
pub(super) fn cputime<E: GtpEngine + 'static>(
    s: &mut GtpSession<E>,
    _: &Args<'_>,
    _: &mut Io<'_>,
) -> Outcome {
    Ok(Reply::Text(format!("{:.3}", s.thinking.as_secs_f64())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_lizzie_accepts() {
        assert_eq!(gtp_version("0.1.0"), "0.17 (weiqi 0.1.0)");
        assert_eq!(gtp_version("1.20.3"), "1.20.3");
        assert_eq!(gtp_version("2"), "0.17 (weiqi 2)");
    }
}
