//! In-process tests of the GTP session: the command table, panics caught, analysis output
//! that Sabaki's and Lizzie's parsers accept, the KGS cleanup phase, and a game that is
//! never changed by analysis or by failing commands.

use std::time::Duration;
use weiqi::color::Color;
use weiqi::engine::mcts::{EngineConfig, MctsEngine};
use weiqi::engine::{Engine, EngineError, EngineMove};
use weiqi::game::Game;
use weiqi::gtp::{GtpEngine, GtpError, GtpOptions, GtpSession, Output, Report, Response};
use weiqi::point::{BoardSize, Move, Point};
use weiqi::rules::{Komi, Rules};
use weiqi::search::time::TimeControl;
use weiqi::search::{SearchLimits, SearchResult};

fn engine(playouts: u64) -> MctsEngine {
    MctsEngine::new(EngineConfig {
        threads: 1,
        playouts: Some(playouts),
        ..EngineConfig::default()
    })
    .expect("engine starts")
}

fn session(playouts: u64) -> GtpSession<MctsEngine> {
    GtpSession::new(engine(playouts), GtpOptions::default())
}

/// Runs `line`, expecting an answer.
fn ask<E: GtpEngine + 'static>(s: &mut GtpSession<E>, line: &str) -> Response {
    s.handle(line)
        .unwrap_or_else(|| panic!("no response to {line:?}"))
}

/// Runs `line`, expecting success; returns the result text.
fn ok<E: GtpEngine + 'static>(s: &mut GtpSession<E>, line: &str) -> String {
    let r = ask(s, line);
    assert!(r.is_ok(), "{line:?} failed: {r}");
    r.body()
}

fn fixture(name: &str) -> String {
    format!("{}/tests/data/gtp/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_listed_command_dispatches_and_is_known() {
    let mut s = session(50);
    let listed = ok(&mut s, "list_commands");
    let names: Vec<&str> = listed.lines().collect();
    assert!(names.len() >= 40, "{names:?}");
    for name in names {
        assert_eq!(name.trim(), name, "no stray spaces in {name:?}");
        assert_eq!(ok(&mut s, &format!("known_command {name}")), "true");
        // With no arguments a command either runs or fails on its arguments; it is never
        // unknown.
        if name == "quit" {
            continue;
        }
        let r = ask(&mut s, name);
        assert_ne!(r.outcome, Err(GtpError::UnknownCommand), "{name}");
    }
    assert_eq!(ok(&mut s, "known_command play_sequence"), "false");
}

#[test]
fn the_commands_guis_send_are_listed() {
    // Written out here, not read from the dispatch table: GTP 2's required commands and
    // the extensions that Sabaki, GoGui, Lizzie and KGS send.
    let mut s = session(50);
    let listed = ok(&mut s, "list_commands");
    for name in [
        "protocol_version",
        "name",
        "version",
        "known_command",
        "list_commands",
        "quit",
        "boardsize",
        "clear_board",
        "komi",
        "play",
        "genmove",
        "undo",
        "fixed_handicap",
        "place_free_handicap",
        "set_free_handicap",
        "final_score",
        "final_status_list",
        "time_settings",
        "time_left",
        "loadsgf",
        "showboard",
        "kgs-genmove_cleanup",
        "kgs-time_settings",
        "kgs-rules",
        "lz-analyze",
        "lz-genmove_analyze",
        "kata-analyze",
        "kata-genmove_analyze",
        "gogui-analyze_commands",
        "gogui-interrupt",
    ] {
        assert!(listed.lines().any(|l| l == name), "{name} is not listed");
    }
}

#[test]
fn silence_for_empty_lines_and_comments() {
    let mut s = session(50);
    for line in ["", "   ", "\t", "# comment", "  # interrupt", "\r", "\0"] {
        assert_eq!(s.handle(line), None, "{line:?}");
    }
    assert_eq!(ask(&mut s, "3 name").to_string(), "=3 weiqi\n\n");
}

/// An engine that panics while choosing a move, to show that a panic inside a command is
/// answered and the session goes on.
struct Faulty(MctsEngine);

impl Engine for Faulty {
    fn name(&self) -> String {
        self.0.name()
    }
    fn version(&self) -> String {
        self.0.version()
    }
    fn new_game(&mut self, size: BoardSize, rules: Rules) -> Result<(), EngineError> {
        self.0.new_game(size, rules)
    }
    fn set_komi(&mut self, komi: Komi) -> Result<(), EngineError> {
        self.0.set_komi(komi)
    }
    fn place_handicap(&mut self, points: &[Point]) -> Result<(), EngineError> {
        self.0.place_handicap(points)
    }
    fn play(&mut self, color: Color, mv: Move) -> Result<(), EngineError> {
        self.0.play(color, mv)
    }
    fn genmove(&mut self, _: Color) -> Result<EngineMove, EngineError> {
        panic!("genmove exploded")
    }
    fn undo(&mut self) -> Result<(), EngineError> {
        self.0.undo()
    }
    fn set_time_control(&mut self, control: TimeControl) -> Result<(), EngineError> {
        self.0.set_time_control(control)
    }
    fn dead_stones(&mut self) -> Result<Vec<Point>, EngineError> {
        panic!("dead_stones exploded")
    }
}

impl GtpEngine for Faulty {
    fn game(&self) -> &Game {
        self.0.game()
    }
    fn set_game(&mut self, game: Game) {
        self.0.set_game(game);
    }
    fn config(&self) -> &EngineConfig {
        self.0.config()
    }
    fn set_config(&mut self, config: EngineConfig) -> Result<(), EngineError> {
        GtpEngine::set_config(&mut self.0, config)
    }
    fn analyze(
        &mut self,
        color: Color,
        limits: SearchLimits,
        interval: Duration,
        report: Report<'_>,
    ) -> SearchResult {
        self.0.analyze(color, limits, interval, report)
    }
    fn genmove_analyze(
        &mut self,
        _: Color,
        _: Duration,
        _: Report<'_>,
    ) -> Result<(EngineMove, SearchResult), EngineError> {
        panic!("genmove_analyze exploded")
    }
    fn last_result(&self) -> Option<&SearchResult> {
        self.0.last_result()
    }
    fn time_control(&self) -> TimeControl {
        GtpEngine::time_control(&self.0)
    }
}

#[test]
fn a_panic_is_an_error_response_and_the_session_goes_on() {
    let mut s = GtpSession::new(Faulty(engine(50)), GtpOptions::default());
    ok(&mut s, "boardsize 9");
    ok(&mut s, "play b e5");
    for line in ["genmove w", "final_score", "kgs-genmove_cleanup w"] {
        let r = ask(&mut s, &format!("7 {line}"));
        assert_eq!(r.to_string(), "?7 internal error\n\n", "{line}");
    }
    // A stream already under way is closed properly.
    let r = ask(&mut s, "8 lz-genmove_analyze w 10");
    assert_eq!(r.to_string(), "=8\n\n");
    assert_eq!(ok(&mut s, "name"), "weiqi");
    ok(&mut s, "play w c3");
    assert_eq!(ok(&mut s, "move_history"), "white C3\nblack E5");
}

/// Checks an `info` line the way Sabaki and Lizzie read it: `info` blocks of key-value
/// pairs ending with `pv` and its moves; returns the blocks' keys and values.
fn parse_info(line: &str, ownership_points: usize) -> Vec<Vec<(String, String)>> {
    let mut line = line.strip_prefix("info ").expect("starts with info");
    match line.split_once(" ownership ") {
        Some((moves, own)) => {
            let values: Vec<f64> = own
                .split(' ')
                .map(|v| v.parse().expect("ownership value"))
                .collect();
            assert_eq!(values.len(), ownership_points);
            assert!(values.iter().all(|v| (-1.0..=1.0).contains(v)));
            line = moves;
        }
        None => assert_eq!(ownership_points, 0, "ownership was asked for: {line}"),
    }
    assert!(
        !line.contains("  "),
        "single spaces only (Lizzie splits on one)"
    );
    let mut blocks = Vec::new();
    for block in line.split(" info ") {
        let (pairs, pv) = block.split_once(" pv ").expect("pv ends each block");
        assert!(!pv.is_empty(), "a pv has moves");
        for mv in pv.split(' ') {
            assert!(
                mv == "pass" || Point::parse(mv, BoardSize::NINE).is_ok(),
                "pv move {mv}"
            );
        }
        let tokens: Vec<&str> = pairs.split(' ').collect();
        assert_eq!(tokens.len() % 2, 0, "keys and values alternate: {block}");
        let kv: Vec<(String, String)> = tokens
            .chunks(2)
            .map(|kv| (kv[0].to_string(), kv[1].to_string()))
            .collect();
        assert_eq!(kv[0].0, "move");
        blocks.push(kv);
    }
    blocks
}

fn stream_lines(r: &Response) -> Vec<String> {
    match &r.outcome {
        Ok(Output::Stream(body)) => body.lines().map(str::to_string).collect(),
        other => panic!("not a stream: {other:?}"),
    }
}

#[test]
fn lz_analyze_writes_integers_from_0_to_10000() {
    let mut s = session(400);
    ok(&mut s, "boardsize 9");
    ok(&mut s, "play b e5");
    let before = ok(&mut s, "showboard");
    let r = ask(&mut s, "5 lz-analyze w 10");
    assert!(r.to_string().starts_with("=5\ninfo move "));
    let lines = stream_lines(&r);
    assert_eq!(lines.len(), 1);
    let blocks = parse_info(&lines[0], 0);
    assert!(blocks.len() > 3);
    for (order, block) in blocks.iter().enumerate() {
        let keys: Vec<&str> = block.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["move", "visits", "winrate", "prior", "lcb", "order"]);
        for (key, value) in &block[1..] {
            let n: u32 = value.parse().unwrap_or_else(|_| panic!("{key} {value}"));
            if key != "visits" && key != "order" {
                assert!(n <= 10_000, "{key} {n}");
            }
        }
        assert_eq!(block[5].1, order.to_string());
    }
    // The prior is a policy: shares of one whole, rounded.
    let prior_sum: usize = blocks
        .iter()
        .map(|block| block[3].1.parse::<usize>().unwrap())
        .sum();
    assert!(
        prior_sum <= 10_000 + blocks.len(),
        "priors sum to {prior_sum}"
    );
    assert_eq!(
        ok(&mut s, "showboard"),
        before,
        "analysis never changes the game"
    );
    // avoid leaves moves out of the report; maxmoves caps it.
    let r = ask(&mut s, "lz-analyze w 10 avoid w E4,D5,F5,E6 1 maxmoves 2");
    let blocks = parse_info(&stream_lines(&r)[0], 0);
    assert!(blocks.len() <= 2);
    for block in blocks {
        assert!(!["E4", "D5", "F5", "E6"].contains(&block[0].1.as_str()));
    }
    // No interval: no info lines, as Leela Zero.
    assert_eq!(ask(&mut s, "lz-analyze w").to_string(), "=\n\n");
}

#[test]
fn analysis_reports_estimates_for_moves_the_search_looked_at() {
    // Lizzie showed candidates with one visit at win rate 0: that playout's result.
    let mut s = session(2000);
    ok(&mut s, "boardsize 9");
    ok(&mut s, "play b e5");
    let r = ask(&mut s, "lz-analyze w 10");
    let blocks = parse_info(&stream_lines(&r)[0], 0);
    let field = |block: &[(String, String)], key: &str| -> u32 {
        let (_, v) = block.iter().find(|(k, _)| k == key).expect("key");
        v.parse().expect("a number")
    };
    let best = field(&blocks[0], "visits");
    let root: Vec<u32> = blocks.iter().map(|b| field(b, "winrate")).collect();
    for block in &blocks {
        let visits = field(block, "visits");
        assert!(visits >= 2 && visits >= best / 100, "{visits} of {best}");
        // Every estimate lies well inside the range: none is a lone playout's 0 or 1.
        let winrate = field(block, "winrate");
        assert!((1_000..=9_000).contains(&winrate), "{block:?}");
    }
    assert!(root.len() < 40, "{} candidates", root.len());
}

#[test]
fn kata_analyze_writes_fractions_score_and_ownership() {
    let mut s = session(400);
    ok(&mut s, "boardsize 9");
    ok(&mut s, "play b e5");
    let r = ask(&mut s, "kata-analyze w 10 ownership true");
    let lines = stream_lines(&r);
    let blocks = parse_info(&lines[0], 81);
    for block in &blocks {
        let get = |k: &str| {
            block
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("{k} missing"))
        };
        for key in ["winrate", "prior", "lcb"] {
            let v = get(key);
            assert!(v.contains('.'), "{key} {v} has a decimal point");
            assert!((0.0..=1.0).contains(&v.parse::<f64>().unwrap()));
        }
        assert!(get("scoreLead").contains('.'));
        assert_eq!(get("scoreLead"), get("scoreMean"));
    }
    // Without `ownership true`, no ownership.
    let r = ask(&mut s, "kata-analyze b 10");
    assert!(parse_info(&stream_lines(&r)[0], 0).len() > 1);
}

#[test]
fn genmove_analyze_plays_and_ends_with_the_move() {
    let mut s = session(300);
    ok(&mut s, "boardsize 9");
    for (command, color) in [
        ("lz-genmove_analyze b 10", "black"),
        ("kata-genmove_analyze W 10", "white"),
    ] {
        let r = ask(&mut s, command);
        let lines = stream_lines(&r);
        let last = lines.last().expect("a play line");
        let mv = last.strip_prefix("play ").expect("ends with play");
        assert!(
            lines[..lines.len() - 1]
                .iter()
                .all(|l| l.starts_with("info move "))
        );
        let history = ok(&mut s, "move_history");
        assert_eq!(
            history.lines().next(),
            Some(format!("{color} {mv}").as_str())
        );
    }
}

#[test]
fn undo_reverses_play_and_failures_change_nothing() {
    let mut s = session(50);
    ok(&mut s, "boardsize 9");
    ok(&mut s, "play b c3");
    ok(&mut s, "play w g7");
    let board = ok(&mut s, "showboard");
    for bad in [
        "play b c3",
        "play b i9",
        "play b z1",
        "play x d4",
        "play b",
        "boardsize 99",
        "komi nan",
        "fixed_handicap 2",
        "set_free_handicap d4 e5",
        "loadsgf /nonexistent.sgf",
        "loadsgf tests/data/gtp/broken.sgf",
        "kgs-rules go",
        "time_settings 1 2",
        "undo extra",
    ] {
        assert!(!ask(&mut s, bad).is_ok(), "{bad}");
        assert_eq!(ok(&mut s, "showboard"), board, "after {bad}");
    }
    ok(&mut s, "undo");
    ok(&mut s, "undo");
    assert_eq!(ask(&mut s, "undo").to_string(), "? cannot undo\n\n");
}

#[test]
fn cleanup_captures_dead_stones_before_passing() {
    let mut s = session(500);
    ok(&mut s, &format!("loadsgf {}", fixture("dead_stones.sgf")));
    assert_eq!(ok(&mut s, "final_status_list dead"), "B5\nH5");
    // Black cleans up: no pass while the dead white stone at B5 is on the board.
    for _ in 0..20 {
        let white_b5 = ok(&mut s, "list_stones white")
            .split(' ')
            .any(|p| p == "B5");
        let mv = ok(&mut s, "kgs-genmove_cleanup b");
        if mv == "pass" {
            assert!(!white_b5, "passed with the dead stone at B5 on the board");
            return;
        }
        assert_ne!(mv, "resign");
        ok(&mut s, "play w pass");
    }
    let white = ok(&mut s, "list_stones white");
    assert!(!white.split(' ').any(|p| p == "B5"), "B5 captured: {white}");
}

#[test]
fn handicap_games_give_white_the_move() {
    let mut s = session(100);
    ok(&mut s, "boardsize 9");
    assert_eq!(ok(&mut s, "fixed_handicap 3"), "C3 G7 C7");
    let mv = ok(&mut s, "genmove w");
    assert_eq!(ok(&mut s, "last_move"), format!("white {mv}"));
    ok(&mut s, "clear_board");
    ok(&mut s, "set_free_handicap c3 g7");
    assert!(ok(&mut s, "showboard").contains("white to move"));
}

#[test]
fn a_free_handicap_of_one_stone_is_refused_and_leaves_the_board_empty() {
    let mut s = session(100);
    ok(&mut s, "boardsize 9");
    let empty = ok(&mut s, "showboard");
    let r = ask(&mut s, "set_free_handicap D4");
    assert!(!r.is_ok());
    assert_eq!(r.to_string(), "? bad vertex list\n\n");
    assert_eq!(ok(&mut s, "showboard"), empty);
    assert_eq!(ok(&mut s, "list_stones black"), "");
}

#[test]
fn is_legal_answers_what_play_does_after_the_game_ended() {
    let mut s = session(100);
    ok(&mut s, "boardsize 5");
    ok(&mut s, "komi -2.5");
    let moves = "C2 B3 A1 D2 C3 B2 D1 C1 A4 C5 E2 B5 D5 D3 B4 A2 E4 D4 B1 C4 A3 E3 B3 E5 A2 \
                 A5 E1 C1 E1 E2 D1 C1 D1 E1 C1 B2 D1 C1 C2 A3 A1 B4 B3 C3 A2 B1 A2 A1";
    let mut color = "b";
    for mv in moves.split_whitespace() {
        // Some of these are illegal (occupied points, ko); `play` refuses them and the
        // turn still passes to the other colour, as the sequence was found.
        let _ = ask(&mut s, &format!("play {color} {mv}"));
        color = if color == "b" { "w" } else { "b" };
    }
    ok(&mut s, "play b pass");
    ok(&mut s, "play w pass");
    for point in s.engine().game().size().points() {
        for c in ["b", "w"] {
            let said = ok(&mut s, &format!("is_legal {c} {point}"));
            let before = ok(&mut s, "showboard");
            let played = ask(&mut s, &format!("play {c} {point}")).is_ok();
            assert_eq!(said == "1", played, "is_legal {c} {point}");
            if played {
                // `play` took back White's pass to play: undo the move, pass again.
                ok(&mut s, "undo");
                ok(&mut s, "play w pass");
            }
            assert_eq!(ok(&mut s, "showboard"), before);
        }
    }
}

#[test]
fn settings_over_gtp_reach_the_engine() {
    let mut s = session(100);
    ok(&mut s, "weiqi-param playouts 321");
    ok(&mut s, "weiqi-param resign_at 0");
    ok(&mut s, "weiqi-param rules new-zealand");
    ok(&mut s, "komi 6");
    let config = s.engine().config();
    assert_eq!(config.playouts, Some(321));
    assert_eq!(config.resign_at, None);
    assert_eq!(
        *s.engine().game().rules(),
        Rules::new_zealand().with_komi(Komi::from_half_points(12))
    );
    ok(&mut s, "kgs-rules aga");
    assert_eq!(
        *s.engine().game().rules(),
        Rules::aga().with_komi(Komi::from_half_points(12))
    );
    ok(&mut s, "kgs-time_settings byoyomi 60 10 3");
    assert!(matches!(
        GtpEngine::time_control(s.engine()),
        TimeControl::ByoYomi { periods: 3, .. }
    ));
    ok(&mut s, "time_settings 0 1 0");
    assert_eq!(GtpEngine::time_control(s.engine()), TimeControl::Unlimited);
}

/// A log that tests can read: a shared buffer.
#[derive(Clone, Default)]
struct SharedLog(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for SharedLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn gogui_live_graphics_are_drawn_on_the_log_while_genmove_thinks() {
    let log = SharedLog::default();
    let mut s = session(100).with_log(log.clone());
    ok(&mut s, "boardsize 9");
    ok(&mut s, "weiqi-param live_gfx 1");
    ok(&mut s, "weiqi-param playouts 0");
    ok(&mut s, "weiqi-param time 1.2");
    ok(&mut s, "play b E5");
    ok(&mut s, "genmove w");
    let text = String::from_utf8(log.0.lock().expect("log lock").clone()).expect("UTF-8 log");
    let block = text
        .split("gogui-gfx:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no live graphics in {text:?}"));
    let lines: Vec<&str> = block.lines().take_while(|l| !l.is_empty()).collect();
    assert!(lines[0].starts_with("VAR w "), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("LABEL ")), "{lines:?}");
    assert!(
        text.ends_with("gogui-gfx: CLEAR\n"),
        "cleared at the end: {text:?}"
    );
    // Every log line is either live graphics or starts with `weiqi: `.
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("info") || l.starts_with('=') || l.contains(" -> ")),
        "{text}"
    );
}
