//! SGF value types: text with escapes, points as letter pairs, point lists, numbers.

use crate::point::{BoardSize, Point};

/// Decodes a Text (`simple == false`) or SimpleText (`simple == true`) value.
///
/// `\` makes the next character literal; `\` before a line break (a soft line break)
/// removes both. Other line breaks become `\n` in Text and a space in SimpleText; any
/// other whitespace becomes a space.
pub(crate) fn decode_text(raw: &str, simple: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(ch) = chars.next() {
        let (ch, escaped) = match ch {
            '\\' => match chars.next() {
                Some(next) => (next, true),
                None => break,
            },
            _ => (ch, false),
        };
        if ch == '\n' || ch == '\r' {
            // "\r\n" and "\n\r" are one line break.
            let pair = if ch == '\n' { '\r' } else { '\n' };
            if chars.peek() == Some(&pair) {
                chars.next();
            }
            if !escaped {
                out.push(if simple { ' ' } else { '\n' });
            }
        } else if ch.is_whitespace() {
            out.push(' ');
        } else {
            out.push(ch);
        }
    }
    out
}

/// Escapes text for a value: `\` and `]` get a backslash.
pub(crate) fn encode_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch == '\\' || ch == ']' {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// The point named by two letters `a`-`z`: column first, row second, `aa` the top left.
pub(crate) fn decode_point(raw: &str, size: BoardSize) -> Option<Point> {
    let &[col, row] = raw.as_bytes() else {
        return None;
    };
    let n = size.get();
    let index = |b: u8| b.is_ascii_lowercase().then(|| usize::from(b - b'a'));
    let (x, from_top) = (index(col)?, index(row)?);
    if from_top >= n {
        return None;
    }
    Point::from_xy(x, n - 1 - from_top, size)
}

/// The two letters that name `p` on a board of `size`.
/// An SGF real (`TM`, `BL`, ...) to the millisecond, without trailing zeros: `600`, `0.5`.
pub fn encode_real(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub(crate) fn encode_point(p: Point, size: BoardSize) -> String {
    let letter = |i: usize| char::from(b'a' + i as u8);
    let from_top = size.get() - 1 - p.y();
    [letter(p.x()), letter(from_top)].iter().collect()
}

/// The points of one list value: a point, or a compressed rectangle `aa:cc` given by two
/// opposite corners. `None` if either corner is not a point.
pub(crate) fn decode_point_rect(raw: &str, size: BoardSize) -> Option<Vec<Point>> {
    let Some((a, b)) = raw.split_once(':') else {
        return decode_point(raw, size).map(|p| vec![p]);
    };
    let (a, b) = (decode_point(a, size)?, decode_point(b, size)?);
    let mut points = Vec::new();
    for y in a.y().min(b.y())..=a.y().max(b.y()) {
        for x in a.x().min(b.x())..=a.x().max(b.x()) {
            points.extend(Point::from_xy(x, y, size));
        }
    }
    Some(points)
}

/// A whole number, surrounding whitespace allowed.
pub(crate) fn decode_number(raw: &str) -> Option<i64> {
    raw.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_and_line_breaks() {
        assert_eq!(decode_text("a\\]b\\\\c", false), "a]b\\c");
        assert_eq!(decode_text("soft\\\nbreak", false), "softbreak");
        assert_eq!(decode_text("soft\\\r\nbreak", false), "softbreak");
        assert_eq!(decode_text("hard\r\nbreak\tx", false), "hard\nbreak x");
        assert_eq!(decode_text("hard\nbreak", true), "hard break");
        assert_eq!(decode_text("\\:", true), ":");
        for text in ["plain", "a]b", "back\\slash", "]]\\\\", "李昌镐"] {
            assert_eq!(decode_text(&encode_text(text), true), text);
        }
    }

    #[test]
    fn points_count_rows_from_the_top() {
        let size = BoardSize::NINE;
        let p = decode_point("ab", size).unwrap();
        assert_eq!((p.x(), p.y()), (0, 7));
        assert_eq!(p.to_string(), "A8");
        assert_eq!(decode_point("ii", size).unwrap().to_string(), "J1");
        for bad in ["", "a", "abc", "aj", "ja", "A1", "é"] {
            assert_eq!(decode_point(bad, size), None, "{bad}");
        }
        for n in 2..=25 {
            let size = BoardSize::new(n).unwrap();
            for p in size.points() {
                assert_eq!(decode_point(&encode_point(p, size), size), Some(p));
            }
        }
    }

    #[test]
    fn compressed_rectangles() {
        let size = BoardSize::NINE;
        let names = |raw| {
            let points = decode_point_rect(raw, size).unwrap();
            points.iter().map(|p| p.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(names("aa:bb"), ["A8", "B8", "A9", "B9"]);
        assert_eq!(names("bb:aa"), names("aa:bb"));
        assert_eq!(names("cc"), ["C7"]);
        assert_eq!(decode_point_rect("aa:", size), None);
        assert_eq!(decode_point_rect("aa:zz", size), None);
    }
}
