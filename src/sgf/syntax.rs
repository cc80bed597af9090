//! SGF syntax: the text of the first game tree into the nodes of its main line.
//!
//! The grammar (FF\[4\]): `Collection = GameTree+`, `GameTree = "(" Node+ GameTree* ")"`,
//! `Node = ";" Property*`, `Property = Ident Value+`, `Value = "[" text "]"`, with `\`
//! escaping the next character inside a value. The whole first tree is checked; only the
//! main line (the first child at every branch) is kept. Anything after the first tree is
//! ignored. The parser is a loop over an explicit stack, so deep nesting cannot overflow
//! the call stack.

use super::error::{SgfError, SgfErrorKind, snippet};

/// One value as written, escapes intact.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Value<'a> {
    /// The text between `[` and `]`.
    pub raw: &'a str,
    /// Byte offset of the `[`.
    pub at: usize,
}

/// A property: its identifier and one or more values.
#[derive(Clone, Debug)]
pub(crate) struct Property<'a> {
    /// The identifier's capital letters (FF\[3\] long names such as `AddBlack` read as `AB`).
    pub ident: String,
    /// Byte offset of the identifier.
    pub at: usize,
    /// The values; never empty.
    pub values: Vec<Value<'a>>,
}

impl<'a> Property<'a> {
    /// The first value (single-valued properties ignore the rest).
    pub fn value(&self) -> Value<'a> {
        self.values.first().copied().unwrap_or(Value {
            raw: "",
            at: self.at,
        })
    }
}

/// A node: its properties in file order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Node<'a> {
    pub props: Vec<Property<'a>>,
}

/// A game tree being read.
struct Frame {
    /// Byte offset of its `(`.
    open_at: usize,
    /// Whether it lies on the main line.
    main: bool,
    nodes: usize,
    children: usize,
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The character at the cursor; the cursor only ever stops on character boundaries.
    fn peek_char(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn error(&self, at: usize, kind: SgfErrorKind) -> SgfError {
        SgfError::at(self.text, at, kind)
    }
}

/// The nodes of the main line of the first game tree in `text`; never empty.
///
/// # Errors
/// A syntax [`SgfError`] anywhere in the first game tree, variations included.
pub(crate) fn main_line(text: &str) -> Result<Vec<Node<'_>>, SgfError> {
    let mut c = Cursor { text, pos: 0 };
    if text.starts_with('\u{feff}') {
        c.pos = '\u{feff}'.len_utf8();
    }
    c.skip_whitespace();
    if c.peek() != Some(b'(') {
        let found = c.peek_char();
        return Err(c.error(c.pos, SgfErrorKind::MissingGameTree { found }));
    }
    let mut stack = vec![Frame {
        open_at: c.pos,
        main: true,
        nodes: 0,
        children: 0,
    }];
    c.pos += 1;
    let mut line = Vec::new();
    while let Some(frame) = stack.last_mut() {
        c.skip_whitespace();
        let at = c.pos;
        match c.peek() {
            None => return Err(c.error(frame.open_at, SgfErrorKind::UnclosedTree)),
            Some(b';') if frame.children > 0 => {
                return Err(c.error(at, SgfErrorKind::NodeAfterVariation));
            }
            Some(b';') => {
                c.pos += 1;
                let node = node(&mut c)?;
                frame.nodes += 1;
                if frame.main {
                    line.push(node);
                }
            }
            Some(_) if frame.nodes == 0 => {
                let found = c.peek_char();
                return Err(c.error(at, SgfErrorKind::MissingNode { found }));
            }
            Some(b'(') => {
                let main = frame.main && frame.children == 0;
                frame.children += 1;
                stack.push(Frame {
                    open_at: at,
                    main,
                    nodes: 0,
                    children: 0,
                });
                c.pos += 1;
            }
            Some(b')') => {
                stack.pop();
                c.pos += 1;
            }
            Some(_) => {
                let found = c.peek_char().unwrap_or('?');
                return Err(c.error(at, SgfErrorKind::UnexpectedChar { found }));
            }
        }
    }
    Ok(line)
}

/// The properties of a node, the cursor just past its `;`.
fn node<'a>(c: &mut Cursor<'a>) -> Result<Node<'a>, SgfError> {
    let mut props = Vec::new();
    loop {
        c.skip_whitespace();
        let at = c.pos;
        match c.peek() {
            Some(b) if b.is_ascii_alphanumeric() || b == b'_' => {
                while c
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    c.pos += 1;
                }
                let token = &c.text[at..c.pos];
                let ident: String = token.chars().filter(char::is_ascii_uppercase).collect();
                if ident.is_empty() || !token.bytes().all(|b| b.is_ascii_alphabetic()) {
                    let ident = snippet(token);
                    return Err(c.error(at, SgfErrorKind::BadPropertyIdent { ident }));
                }
                c.skip_whitespace();
                if c.peek() != Some(b'[') {
                    let found = c.peek_char();
                    let kind = SgfErrorKind::MissingValue {
                        property: ident,
                        found,
                    };
                    return Err(c.error(c.pos, kind));
                }
                let mut values = Vec::new();
                while c.peek() == Some(b'[') {
                    values.push(value(c, &ident)?);
                    c.skip_whitespace();
                }
                props.push(Property { ident, at, values });
            }
            Some(b'[') => {
                let kind = SgfErrorKind::BadPropertyIdent {
                    ident: String::new(),
                };
                return Err(c.error(at, kind));
            }
            _ => return Ok(Node { props }),
        }
    }
}

/// One `[value]`, the cursor on its `[`.
fn value<'a>(c: &mut Cursor<'a>, property: &str) -> Result<Value<'a>, SgfError> {
    let at = c.pos;
    let bytes = c.text.as_bytes();
    let start = at + 1;
    let mut i = start;
    // Scanning bytes is safe: '\\' and ']' never occur inside a multi-byte character, so
    // skipping one byte after a backslash at worst lands inside a character and moves on.
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b']' => {
                c.pos = i + 1;
                let raw = &c.text[start..i];
                return Ok(Value { raw, at });
            }
            _ => i += 1,
        }
    }
    let property = property.to_string();
    Err(c.error(at, SgfErrorKind::UnterminatedValue { property }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idents(text: &str) -> Vec<Vec<String>> {
        main_line(text)
            .unwrap()
            .iter()
            .map(|n| n.props.iter().map(|p| p.ident.clone()).collect())
            .collect()
    }

    #[test]
    fn main_line_follows_first_children() {
        let text = "(;GM[1](;B[aa](;W[bb];B[cc])(;W[dd]))(;B[ee]))(;X[1])";
        let line = main_line(text).unwrap();
        let moves: Vec<&str> = line
            .iter()
            .skip(1)
            .map(|n| n.props[0].values[0].raw)
            .collect();
        assert_eq!(moves, ["aa", "bb", "cc"]);
    }

    #[test]
    fn values_keep_escapes_and_long_names_shorten() {
        let line = main_line("(;C[a\\]b\\\\] AddBlack[aa] [bb])").unwrap();
        assert_eq!(line[0].props[0].values[0].raw, "a\\]b\\\\");
        assert_eq!(line[0].props[1].ident, "AB");
        assert_eq!(line[0].props[1].values.len(), 2);
        assert_eq!(idents("\u{feff} \n(;FF[4];B[])"), [vec!["FF"], vec!["B"]]);
    }

    #[test]
    fn a_backslash_before_a_multibyte_character_is_safe() {
        let line = main_line("(;C[\\é]B[aa])").unwrap();
        assert_eq!(line[0].props[0].values[0].raw, "\\é");
    }
}
