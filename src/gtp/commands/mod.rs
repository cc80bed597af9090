//! The command table and the commands' implementations, one module per concern.
//!
//! [`GtpSession::COMMANDS`] is the single list of commands: dispatch, `list_commands` and
//! `known_command` all read it. Each row gives the name, the number of arguments accepted
//! (checked before the command runs, so implementations may rely on it) and the function.

mod admin;
mod analysis;
mod debug;
mod gogui;
mod play;
pub(crate) mod scoring;
mod setup;
mod time;

use super::backend::GtpEngine;
use super::session::{GtpSession, Spec};

/// Any number of arguments.
const MANY: usize = usize::MAX;

const fn spec<E>(
    name: &'static str,
    min_args: usize,
    max_args: usize,
    run: super::session::Handler<E>,
) -> Spec<E> {
    Spec {
        name,
        min_args,
        max_args,
        run,
    }
}

impl<E: GtpEngine + 'static> GtpSession<E> {
    /// Every command weiqi answers, in the order `list_commands` lists them.
    pub(crate) const COMMANDS: &'static [Spec<E>] = &[
        // Administrative (GTP 2 section 6.3.1).
        spec("protocol_version", 0, 0, admin::protocol_version),
        spec("name", 0, 0, admin::name),
        spec("version", 0, 0, admin::version),
        spec("known_command", 1, 1, admin::known_command),
        spec("list_commands", 0, 0, admin::list_commands),
        spec("quit", 0, 0, admin::quit),
        // Setup.
        spec("boardsize", 1, 2, setup::boardsize),
        spec("clear_board", 0, 0, setup::clear_board),
        spec("komi", 1, 1, setup::komi),
        spec("fixed_handicap", 1, 1, setup::fixed_handicap),
        spec("place_free_handicap", 1, 1, setup::place_free_handicap),
        spec("set_free_handicap", 1, MANY, setup::set_free_handicap),
        // Core play.
        spec("play", 2, 2, play::play),
        spec("genmove", 1, 1, play::genmove),
        spec("undo", 0, 0, play::undo),
        // Tournament: time and scoring.
        spec("time_settings", 3, 3, time::time_settings),
        spec("time_left", 3, 3, time::time_left),
        spec("final_score", 0, 0, scoring::final_score),
        spec("final_status_list", 1, 1, scoring::final_status_list),
        // Regression and debugging.
        spec("loadsgf", 1, 2, setup::loadsgf),
        spec("reg_genmove", 1, 1, play::reg_genmove),
        spec("showboard", 0, 0, debug::showboard),
        spec("printsgf", 0, 1, setup::printsgf),
        spec("cputime", 0, 0, admin::cputime),
        // KGS (kgsGtp).
        spec("kgs-genmove_cleanup", 1, 1, play::genmove_cleanup),
        spec("kgs-time_settings", 1, 4, time::kgs_time_settings),
        spec("kgs-game_over", 0, 0, play::game_over),
        spec("kgs-rules", 1, 1, setup::kgs_rules),
        // Live analysis (Leela Zero and KataGo dialects; Sabaki, Lizzie).
        spec("lz-analyze", 0, MANY, analysis::lz_analyze),
        spec("lz-genmove_analyze", 0, MANY, analysis::lz_genmove_analyze),
        spec("kata-analyze", 0, MANY, analysis::kata_analyze),
        spec(
            "kata-genmove_analyze",
            0,
            MANY,
            analysis::kata_genmove_analyze,
        ),
        // GoGui.
        spec("gogui-analyze_commands", 0, 0, gogui::analyze_commands),
        spec("gogui-interrupt", 0, 0, gogui::interrupt),
        spec("weiqi-ownership", 0, 1, gogui::ownership),
        spec("weiqi-pv", 0, 1, gogui::principal_variation),
        spec("weiqi-candidates", 0, 1, gogui::candidates),
        spec("weiqi-winrates", 0, 1, gogui::win_rates),
        spec("weiqi-territory", 0, 0, gogui::territory),
        spec("weiqi-param", 0, 2, gogui::param),
        // GNU Go's helpers, for testing and cross-checking.
        spec("list_stones", 1, 1, debug::list_stones),
        spec("is_legal", 2, 2, debug::is_legal),
        spec("all_legal", 1, 1, debug::all_legal),
        spec("captures", 1, 1, debug::captures),
        spec("color", 1, 1, debug::color),
        spec("countlib", 1, 1, debug::countlib),
        spec("findlib", 1, 1, debug::findlib),
        spec("last_move", 0, 0, debug::last_move),
        spec("move_history", 0, 0, debug::move_history),
        spec("get_komi", 0, 0, debug::get_komi),
        spec("query_boardsize", 0, 0, debug::query_boardsize),
        spec("gg-undo", 0, 1, play::gg_undo),
    ];
}
