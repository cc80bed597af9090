//! Cross-checks the rules core against GNU Go as a referee, over GTP.
//!
//! Seeded random games on 9x9 and 13x13 are played by weiqi's [`Game`] and mirrored to
//! `gnugo --mode gtp --chinese-rules`:
//!
//! - after every move the stones of each colour must be the same (`list_stones`);
//! - every fifth move, the legality of about ten random empty points, the ko point and an
//!   occupied point, for both colours, must agree (`is_legal`), and so must the capture
//!   counts (`captures`);
//! - GNU Go enforces only simple ko (and forbids suicide), so where weiqi answers `Superko`
//!   and GNU Go allows the move, that is an expected difference, counted and printed (as
//!   the tally on stderr), not failed. Such moves are rare (about one position in a
//!   thousand), so every position is scanned for them;
//! - at the end of each game the results must agree (see below).
//!
//! A scripted triple ko shows the superko difference deterministically, and the fixed
//! handicap placements are compared for every size GNU Go supports.
//!
//! # Scoring
//!
//! GNU Go has no GTP command for a plain area count: `final_score` and `final_status_list`
//! judge life and death first, and `estimate_score` is an influence estimate. So the games
//! are played to their natural end instead of being cut off: moves come from weiqi's
//! `UniformPolicy`, which never fills its own eye, until both players pass. By then every
//! empty point is a one-point eye (all its neighbours one colour, since a point touching
//! both colours or an empty neighbour is a legal non-eye move for someone) and every chain
//! has at least two liberties (a chain in atari could be captured, another legal move).
//! Every chain is then pass-alive in Benson's sense: there is nothing for GNU Go to judge.
//! The test checks that premise (the position is settled, and GNU Go's
//! `final_status_list dead` is empty) and then compares `final_score` with weiqi's
//! Tromp-Taylor `Game::result()`, as `GameResult`s. A game that ends with a ko left open (the
//! side that lost the ko stone may not retake it, passes, and the other side passes too)
//! or that hits the move cap is not settled; those are counted and their scores skipped.
//!
//! GNU Go is found, or its absence reported, by [`common::tools`].

mod common;

use common::tools::{Tool, notice};
use common::{TRIPLE_KO, TRIPLE_KO_CYCLE, game_from_diagram, mv};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;
use weiqi::game::fixed_handicap_points;
use weiqi::playout::{PlayoutPolicy, Recent, UniformPolicy};
use weiqi::{BoardSize, Color, Game, GameResult, IllegalMove, Move, Point, Rules};

/// A GNU Go process spoken to over GTP.
struct Gtp {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Gtp {
    fn start(path: &PathBuf) -> Gtp {
        let mut child = Command::new(path)
            .args(["--mode", "gtp", "--chinese-rules", "--level", "1"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", path.display()));
        let input = child.stdin.take().expect("piped stdin");
        let output = BufReader::new(child.stdout.take().expect("piped stdout"));
        Gtp {
            child,
            input,
            output,
        }
    }

    /// Sends one command and reads the response up to its blank line: `Ok` with the text
    /// after `=`, or `Err` with the text after `?`.
    fn send(&mut self, command: &str) -> Result<String, String> {
        writeln!(self.input, "{command}")
            .and_then(|()| self.input.flush())
            .unwrap_or_else(|e| panic!("GNU Go stopped reading at `{command}`: {e}"));
        let mut response = String::new();
        loop {
            let mut line = String::new();
            let n = self.output.read_line(&mut line).unwrap_or(0);
            assert!(n > 0, "GNU Go closed the connection at `{command}`");
            let line = line.trim_end();
            if line.is_empty() {
                if response.is_empty() {
                    continue; // a stray blank line before the response
                }
                break;
            }
            if !response.is_empty() {
                response.push('\n');
            }
            response.push_str(line);
        }
        let (status, text) = response.split_at(1);
        match status {
            "=" => Ok(text.trim().to_string()),
            "?" => Err(text.trim().to_string()),
            _ => panic!("not a GTP response to `{command}`: {response:?}"),
        }
    }

    /// Sends a command that must succeed.
    fn ok(&mut self, command: &str) -> String {
        self.send(command)
            .unwrap_or_else(|e| panic!("GNU Go rejected `{command}`: {e}"))
    }

    /// The stones of `color` on GNU Go's board, sorted.
    fn stones(&mut self, color: Color, size: BoardSize) -> Vec<Point> {
        let text = self.ok(&format!("list_stones {color}"));
        parse_points(&text, size)
    }
}

impl Drop for Gtp {
    fn drop(&mut self) {
        let _ = writeln!(self.input, "quit").and_then(|()| self.input.flush());
        let _ = self.child.wait();
    }
}

fn parse_points(text: &str, size: BoardSize) -> Vec<Point> {
    let mut points: Vec<Point> = text
        .split_whitespace()
        .map(|name| Point::parse(name, size).unwrap_or_else(|e| panic!("from GNU Go: {e}")))
        .collect();
    points.sort();
    points
}

/// A fresh GNU Go, or `None` (after a loud notice) where it is not installed. On CI a
/// missing GNU Go is a failure.
fn referee() -> Option<Gtp> {
    Tool::GnuGo
        .require("the rules cross-check against GNU Go")
        .map(|path| Gtp::start(&path))
}

/// What a batch of games saw.
#[derive(Debug, Default)]
struct Tally {
    games: usize,
    moves: usize,
    legality_checks: usize,
    /// Moves weiqi forbids as superko that GNU Go (simple ko only) allows.
    superko_differences: usize,
    /// Moves the random player picked and had to replace because of superko.
    superko_avoided: usize,
    scores_compared: usize,
    /// Games that ended unsettled (an open ko) or at the move cap; scores not compared.
    unsettled: usize,
}

/// The failure report: what was played and the position.
fn context(game: &Game, label: &str) -> String {
    let moves: Vec<String> = game
        .moves()
        .iter()
        .map(|(c, m)| format!("{}{m}", c.letter()))
        .collect();
    format!(
        "{label}, {}x{} after {} moves: {}\n{}",
        game.size(),
        game.size(),
        moves.len(),
        moves.join(" "),
        game.board()
            .diagram_marked(game.last_move().and_then(|(_, m)| m.point()))
    )
}

/// A random move for the player to move: the light playout policy (random, legal under
/// simple ko, never filling its own eye), re-drawn when weiqi forbids it as superko.
fn random_move(game: &Game, rng: &mut SmallRng, tally: &mut Tally) -> Move {
    let color = game.to_move();
    for _ in 0..8 {
        let mv = UniformPolicy.choose(game.board(), color, Recent::default(), rng);
        match game.check(color, mv) {
            Ok(()) => return mv,
            Err(IllegalMove::Superko) => tally.superko_avoided += 1,
            Err(e) => panic!("the policy chose an illegal {color} {mv}: {e}"),
        }
    }
    // The policy keeps returning superko moves: pick among all the acceptable ones.
    let board = game.board();
    let options: Vec<Point> = board
        .empty_points()
        .iter()
        .copied()
        .filter(|&p| !board.is_eye(p, color) && game.is_legal(color, Move::Play(p)))
        .collect();
    if options.is_empty() {
        Move::Pass
    } else {
        Move::Play(options[rng.random_range(0..options.len())])
    }
}

fn compare_stones(gtp: &mut Gtp, game: &Game, label: &str) {
    let size = game.size();
    for color in Color::ALL {
        let ours: Vec<Point> = size
            .points()
            .filter(|&p| game.board().color_at(p) == Some(color))
            .collect();
        let theirs = gtp.stones(color, size);
        assert_eq!(
            ours,
            theirs,
            "{color} stones differ from GNU Go's (left: weiqi), {}",
            context(game, label)
        );
    }
}

/// Compares the legality of about ten random empty points and the ko point, for both
/// colours, and the capture counts.
fn compare_legality(
    gtp: &mut Gtp,
    game: &Game,
    rng: &mut SmallRng,
    label: &str,
    tally: &mut Tally,
) {
    let board = game.board();
    let empties = board.empty_points();
    let mut points: Vec<Point> = (0..10.min(empties.len()))
        .map(|_| empties[rng.random_range(0..empties.len())])
        .collect();
    points.extend(board.ko().map(|(p, _)| p));
    let occupied: Vec<Point> = game
        .size()
        .points()
        .filter(|&p| board.color_at(p).is_some())
        .collect();
    if !occupied.is_empty() {
        points.push(occupied[rng.random_range(0..occupied.len())]);
    }
    for p in points {
        for color in Color::ALL {
            // Superko differences are counted by compare_superko, which finds them all.
            compare_point(gtp, game, color, p, label);
            tally.legality_checks += 1;
        }
    }
    compare_captures(gtp, game, label);
}

fn compare_captures(gtp: &mut Gtp, game: &Game, label: &str) {
    for color in Color::ALL {
        let theirs: u32 = gtp.ok(&format!("captures {color}")).parse().unwrap();
        assert_eq!(
            game.board().captures(color),
            theirs,
            "stones captured by {color} (left: weiqi); {}",
            context(game, label)
        );
    }
}

/// Compares weiqi's and GNU Go's legality of `color` at `p`, and returns whether they
/// differ in the expected way (weiqi: superko, GNU Go: legal). Any other difference
/// fails.
fn compare_point(gtp: &mut Gtp, game: &Game, color: Color, p: Point, label: &str) -> bool {
    let ours = game.check(color, Move::Play(p));
    let theirs = match gtp.ok(&format!("is_legal {color} {p}")).as_str() {
        "1" => true,
        "0" => false,
        other => panic!("is_legal answered {other:?}"),
    };
    match (ours, theirs) {
        (Err(IllegalMove::Superko), true) => true,
        (Ok(()), true) => false,
        // A superko move has passed weiqi's simple-ko and suicide tests: GNU Go must allow it.
        (Err(e), false) if e != IllegalMove::Superko => false,
        (ours, theirs) => panic!(
            "{color} {p}: weiqi says {ours:?}, GNU Go says legal = {theirs}; {}",
            context(game, label)
        ),
    }
}

/// Finds every move weiqi forbids as superko now (rare: about one position in a thousand
/// has one) and checks that GNU Go, which knows only simple ko, allows it.
fn compare_superko(gtp: &mut Gtp, game: &Game, label: &str, tally: &mut Tally) {
    for &p in game.board().empty_points() {
        for color in Color::ALL {
            if game.check(color, Move::Play(p)) == Err(IllegalMove::Superko) {
                assert!(compare_point(gtp, game, color, p, label));
                tally.superko_differences += 1;
            }
        }
    }
}

/// Whether every empty point is surrounded by one colour and every chain has two
/// liberties: then every chain is pass-alive and the area count needs no judgement.
fn settled(game: &Game) -> bool {
    let board = game.board();
    game.size().points().all(|p| match board.color_at(p) {
        Some(_) => board.liberties_up_to(p, 2) >= 2,
        None => {
            let mut colors = board.neighbors(p).map(|q| board.color_at(q));
            let first = colors.next().flatten();
            first.is_some() && colors.all(|c| c == first)
        }
    })
}

/// Plays one seeded random game in weiqi and GNU Go side by side.
fn play_game(gtp: &mut Gtp, n: u8, seed: u64, tally: &mut Tally) {
    let label = format!("seed {seed}");
    let size = BoardSize::new(n.into()).unwrap();
    gtp.ok(&format!("boardsize {n}"));
    gtp.ok("clear_board");
    gtp.ok("komi 7.5");
    let mut game = Game::new(size, Rules::chinese());
    let mut rng = SmallRng::seed_from_u64(seed);
    let cap = 3 * size.area();
    while !game.is_over() && game.moves().len() < cap {
        if game.moves().len() % 5 == 0 {
            compare_legality(gtp, &game, &mut rng, &label, tally);
        }
        compare_superko(gtp, &game, &label, tally);
        let color = game.to_move();
        let mv = random_move(&game, &mut rng, tally);
        game.play(color, mv).expect("random_move checked it");
        if let Err(e) = gtp.send(&format!("play {color} {mv}")) {
            panic!(
                "GNU Go refused {color} {mv}: {e}; {}",
                context(&game, &label)
            );
        }
        compare_stones(gtp, &game, &label);
        tally.moves += 1;
    }
    tally.games += 1;
    compare_captures(gtp, &game, &label);
    if !game.is_over() || !settled(&game) {
        tally.unsettled += 1;
        return;
    }
    let dead = gtp.ok("final_status_list dead");
    assert!(
        dead.is_empty(),
        "GNU Go calls {dead} dead in a settled position; {}",
        context(&game, &label)
    );
    let theirs: GameResult = gtp
        .ok("final_score")
        .parse()
        .unwrap_or_else(|e| panic!("GNU Go's final_score: {e}"));
    assert_eq!(
        game.result(),
        theirs,
        "results differ (left: weiqi); {}",
        context(&game, &label)
    );
    tally.scores_compared += 1;
}

fn random_games(n: u8, seeds: std::ops::Range<u64>) {
    let Some(mut gtp) = referee() else { return };
    let start = Instant::now();
    let mut tally = Tally::default();
    for seed in seeds {
        play_game(&mut gtp, n, seed, &mut tally);
    }
    notice(&format!(
        "{n}x{n} against GNU Go in {:.1?}: {tally:?}",
        start.elapsed()
    ));
    assert!(
        tally.scores_compared * 2 >= tally.games,
        "too few games ended settled to compare scores: {tally:?}"
    );
}

#[test]
fn random_9x9_games_agree_with_gnugo() {
    random_games(9, 0..60);
}

#[test]
fn random_13x13_games_agree_with_gnugo() {
    random_games(13, 100..112);
}

#[test]
fn fixed_handicap_agrees_with_gnugo() {
    let Some(mut gtp) = referee() else { return };
    for n in 2..=19u8 {
        if n == 12 {
            // GNU Go moves the stones to the fourth line from 12x12 on (D4 J9); weiqi keeps
            // the third line below 13x13 (C3 K10), as gomill and Leela Zero do.
            continue;
        }
        let size = BoardSize::new(n.into()).unwrap();
        gtp.ok(&format!("boardsize {n}"));
        for stones in 0..=10 {
            gtp.ok("clear_board");
            let theirs = gtp
                .send(&format!("fixed_handicap {stones}"))
                .map(|text| parse_points(&text, size));
            let ours = fixed_handicap_points(size, stones).map(|mut points| {
                points.sort();
                points
            });
            match (ours, theirs) {
                (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "{stones} on {n}x{n}"),
                (Err(_), Err(_)) => {}
                (ours, theirs) => panic!("{stones} on {n}x{n}: weiqi {ours:?}, GNU Go {theirs:?}"),
            }
        }
    }
}

#[test]
fn a_triple_ko_differs_from_gnugo_only_by_superko() {
    let Some(mut gtp) = referee() else { return };
    let label = "triple ko";
    let mut game = game_from_diagram(TRIPLE_KO, Rules::chinese(), Color::Black);
    let size = game.size();
    gtp.ok(&format!("boardsize {size}"));
    gtp.ok("clear_board");
    for p in size.points() {
        if let Some(color) = game.board().color_at(p) {
            gtp.ok(&format!("play {color} {p}"));
        }
    }
    let cycle: Vec<&str> = TRIPLE_KO_CYCLE.split_whitespace().collect();
    let (last, moves) = cycle.split_last().unwrap();
    for name in moves {
        // Every point, both colours: simple ko and suicide must agree exactly.
        for p in size.points() {
            for color in Color::ALL {
                assert!(!compare_point(&mut gtp, &game, color, p, label));
            }
        }
        let color = game.to_move();
        game.play(color, mv(name, size)).unwrap();
        gtp.ok(&format!("play {color} {name}"));
        compare_stones(&mut gtp, &game, label);
    }
    let g1 = mv(last, size).point().unwrap();
    assert_eq!(
        game.check(Color::White, Move::Play(g1)),
        Err(IllegalMove::Superko)
    );
    assert!(compare_point(&mut gtp, &game, Color::White, g1, label));
}
