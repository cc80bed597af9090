//! Drawing for the terminal game: the board with coordinates on all sides, star points, the
//! last move, hint labels and territory, with a panel of game facts beside it.
//!
//! Stones are letters, `X` for Black and `O` for White, so they read the same in light and
//! dark terminals and in plain text. With colour (stdout a terminal and `NO_COLOR` unset),
//! the board gets a wood background of its own, so that black and white stones keep their
//! contrast whatever the terminal's colours; everything else uses the terminal's colours.

use std::fmt::Write as _;
use std::io::IsTerminal;
use weiqi::{Board, BoardSize, Color, Point};

/// How output is decorated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours on.
    pub color: bool,
    /// stdout is a terminal: transient lines ("thinking...") may be drawn and erased.
    pub interactive: bool,
}

/// The wood of the board, and the ink of its lines (256-colour palette).
const WOOD: &str = "48;5;179";
const LINES: &str = "38;5;94";
const BLACK_STONE: &str = "1;38;5;16";
const WHITE_STONE: &str = "1;38;5;231";
const LAST_MOVE: &str = "1;38;5;160";
const LABEL: &str = "1;38;5;19";
const RESET: &str = "\x1b[0m";

impl Style {
    /// Colours when stdout is a terminal and `NO_COLOR` is unset or empty.
    pub fn detect() -> Style {
        let interactive = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: interactive && !no_color,
            interactive,
        }
    }

    /// No decoration at all.
    #[cfg(test)]
    pub const PLAIN: Style = Style {
        color: false,
        interactive: false,
    };

    /// `text` in the SGR attributes `code` (such as `1` for bold), if colours are on.
    pub fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    /// An error or warning line.
    pub fn error(&self, text: &str) -> String {
        self.paint("1;31", text)
    }

    /// A heading or something to notice.
    pub fn strong(&self, text: &str) -> String {
        self.paint("1", text)
    }
}

/// What is drawn on a board: the position and what to point out on it.
pub struct BoardView<'a> {
    /// The position.
    pub board: &'a Board,
    /// The last move, drawn in parentheses.
    pub last: Option<Point>,
    /// Labels drawn instead of what is on these points (hints: `1`, `2`, `3`).
    pub labels: &'a [(Point, char)],
    /// The owner of every point, row by row from A1, for a territory view: owned empty
    /// points and dead stones are drawn as territory (`x` Black's, `o` White's).
    pub owners: Option<&'a [Option<Color>]>,
    /// Dead stones, drawn as the territory they become.
    pub dead: &'a [Point],
}

impl<'a> BoardView<'a> {
    /// The position with its last move marked.
    pub fn new(board: &'a Board, last: Option<Point>) -> BoardView<'a> {
        BoardView {
            board,
            last,
            labels: &[],
            owners: None,
            dead: &[],
        }
    }
}

/// What one point shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cell {
    Empty { star: bool },
    Stone(Color),
    Territory(Color),
    Label(char),
}

impl Cell {
    fn glyph(self) -> char {
        match self {
            Cell::Empty { star: false } => '.',
            Cell::Empty { star: true } => '+',
            Cell::Stone(Color::Black) => 'X',
            Cell::Stone(Color::White) => 'O',
            Cell::Territory(Color::Black) => 'x',
            Cell::Territory(Color::White) => 'o',
            Cell::Label(c) => c,
        }
    }

    fn ink(self) -> &'static str {
        match self {
            Cell::Empty { .. } => LINES,
            Cell::Stone(Color::Black) => BLACK_STONE,
            Cell::Stone(Color::White) => WHITE_STONE,
            Cell::Territory(Color::Black) => "38;5;16",
            Cell::Territory(Color::White) => "38;5;231",
            Cell::Label(_) => LABEL,
        }
    }
}

/// The star points (hoshi) of a board: corners on the third or fourth line and the centre,
/// and the sides too on boards from 15x15.
pub fn star_points(size: BoardSize) -> Vec<Point> {
    let n = size.get();
    if n < 7 {
        return Vec::new();
    }
    let low = if n >= 13 { 3 } else { 2 };
    let high = n - 1 - low;
    let mid = n / 2;
    let mut xy = vec![(low, low), (low, high), (high, low), (high, high)];
    if n % 2 == 1 {
        xy.push((mid, mid));
        if n >= 15 {
            xy.extend([(low, mid), (high, mid), (mid, low), (mid, high)]);
        }
    }
    xy.into_iter()
        .filter_map(|(x, y)| Point::from_xy(x, y, size))
        .collect()
}

fn cell(view: &BoardView<'_>, p: Point, stars: &[Point]) -> Cell {
    if let Some(&(_, label)) = view.labels.iter().find(|(q, _)| *q == p) {
        return Cell::Label(label);
    }
    let n = view.board.size().get();
    let owner = view
        .owners
        .and_then(|owners| owners.get(p.y() * n + p.x()).copied().flatten());
    match view.board.color_at(p) {
        Some(c) if !view.dead.contains(&p) => Cell::Stone(c),
        Some(c) => Cell::Territory(owner.unwrap_or(!c)),
        None => match owner {
            Some(o) if view.owners.is_some() => Cell::Territory(o),
            _ => Cell::Empty {
                star: stars.contains(&p),
            },
        },
    }
}

/// The board as lines of text: column letters above and below, row numbers left and right.
/// `panel` lines are written to the right of the board's lines, one per line, starting
/// with the top letters; lines left over follow below the board, indented.
pub fn draw(view: &BoardView<'_>, style: Style, panel: &[String]) -> String {
    let size = view.board.size();
    let n = size.get();
    let stars = star_points(size);
    let letters: String = size
        .points()
        .take(n)
        .map(|p| format!(" {}", &p.to_string()[..1]))
        .collect();
    let mut lines = vec![format!("   {letters}")];
    for y in (0..n).rev() {
        let mut line = format!("{:>2} ", y + 1);
        if style.color {
            let _ = write!(line, "\x1b[0;{WOOD}m");
        }
        let mut previous_marked = false;
        for x in 0..n {
            let Some(p) = Point::from_xy(x, y, size) else {
                continue;
            };
            let marked = view.last == Some(p);
            let sep = if marked {
                '('
            } else if previous_marked {
                ')'
            } else {
                ' '
            };
            push_separator(&mut line, sep, style);
            let c = cell(view, p, &stars);
            if style.color {
                let _ = write!(line, "\x1b[0;{WOOD};{}m{}", c.ink(), c.glyph());
            } else {
                line.push(c.glyph());
            }
            previous_marked = marked;
        }
        push_separator(&mut line, if previous_marked { ')' } else { ' ' }, style);
        if style.color {
            line.push_str(RESET);
        }
        let _ = write!(line, " {}", y + 1);
        lines.push(line);
    }
    lines.push(format!("   {letters}"));
    let mut out = String::new();
    let width = lines.iter().map(|l| visible_width(l)).max().unwrap_or(0);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if let Some(text) = panel.get(i).filter(|t| !t.is_empty()) {
            let pad = width.saturating_sub(visible_width(line));
            let _ = write!(out, "{:pad$}   {text}", "");
        }
        out.push('\n');
    }
    for text in panel.iter().skip(lines.len()) {
        if text.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "   {text}");
        }
    }
    out
}

fn push_separator(line: &mut String, sep: char, style: Style) {
    if style.color && sep != ' ' {
        let _ = write!(line, "\x1b[0;{WOOD};{LAST_MOVE}m{sep}");
    } else if style.color {
        let _ = write!(line, "\x1b[0;{WOOD}m ");
    } else {
        line.push(sep);
    }
}

/// Characters a terminal shows for `text`: ANSI escape sequences take no room.
fn visible_width(text: &str) -> usize {
    let mut width = 0;
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => width += 1,
        }
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(name: &str) -> Point {
        Point::parse(name, BoardSize::NINE).unwrap()
    }

    #[test]
    fn plain_board_with_last_move_and_star_points() {
        let board = Board::from_diagram(
            "
            . . . . .
            . X O . .
            . . . . .
            . . . . .
            . . . . .",
        )
        .unwrap();
        let c4 = Point::parse("C4", board.size()).unwrap();
        let text = draw(&BoardView::new(&board, Some(c4)), Style::PLAIN, &[]);
        let expected = "    A B C D E
 5  . . . . .  5
 4  . X(O). .  4
 3  . . . . .  3
 2  . . . . .  2
 1  . . . . .  1
    A B C D E
";
        assert_eq!(text, expected);
        let nine = draw(
            &BoardView::new(&Board::new(BoardSize::NINE), None),
            Style::PLAIN,
            &["Black to play".to_string()],
        );
        assert!(nine.contains(" 7  . . + . . . + . .  7"), "{nine}");
        assert!(nine.contains(" 5  . . . . + . . . .  5"), "{nine}");
        assert!(
            nine.starts_with("    A B C D E F G H J      Black to play\n"),
            "{nine}"
        );
    }

    #[test]
    fn territory_labels_and_edge_marks() {
        let board = Board::from_diagram(
            "
            . X O . .
            X X O . .
            . X O O .
            X X O . O
            . X O O .",
        )
        .unwrap();
        let size = board.size();
        let n = size.get();
        let mut owners = vec![None; n * n];
        for p in size.points() {
            owners[p.y() * n + p.x()] = Some(if p.x() <= 1 {
                Color::Black
            } else {
                Color::White
            });
        }
        let dead = [Point::parse("E2", size).unwrap()];
        let labels = [(Point::parse("D5", size).unwrap(), '1')];
        let view = BoardView {
            board: &board,
            last: Point::parse("A4", size).ok(),
            labels: &labels,
            owners: Some(&owners),
            dead: &dead,
        };
        let text = draw(&view, Style::PLAIN, &[]);
        assert!(text.contains(" 5  x X O 1 o  5"), "{text}");
        assert!(text.contains(" 4 (X)X O o o  4"), "{text}");
        assert!(text.contains(" 2  X X O o o  2"), "{text}");
    }

    #[test]
    fn colours_only_when_asked() {
        let board = Board::new(BoardSize::NINE);
        let last = Some(point("E5"));
        let plain = draw(&BoardView::new(&board, last), Style::PLAIN, &[]);
        assert!(!plain.contains('\x1b'));
        let colour = Style {
            color: true,
            interactive: true,
        };
        let painted = draw(&BoardView::new(&board, last), colour, &["x".to_string()]);
        assert!(painted.contains("\x1b[0;48;5;179m"));
        for (a, b) in plain.lines().zip(painted.lines()) {
            assert_eq!(visible_width(a), visible_width(b).min(visible_width(a)));
        }
        assert_eq!(colour.paint("1", "hi"), "\x1b[1mhi\x1b[0m");
        assert_eq!(Style::PLAIN.paint("1", "hi"), "hi");
    }

    #[test]
    fn star_points_by_size() {
        let names = |n: i64| {
            star_points(BoardSize::new(n).unwrap())
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(9), ["C3", "C7", "G3", "G7", "E5"]);
        assert_eq!(names(13).len(), 5);
        assert_eq!(names(19).len(), 9);
        assert!(names(19).contains(&"K10".to_string()));
        assert_eq!(names(8).len(), 4);
        assert!(names(5).is_empty());
    }
}
