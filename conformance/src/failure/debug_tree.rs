//! `Debug` output read back as a tree, so that expected and actual values can be
//! compared field by field and printed on several lines, whatever their types.
//!
//! The grammar is what `#[derive(Debug)]` and the standard collections print, compact
//! (`{:?}`) or pretty (`{:#?}`): atoms (numbers, identifiers, string and char
//! literals), `Name { field: value, .. }`, `Name(a, b)`, `(a, b)`, `[a, b]` and
//! `{key: value}`. Text outside it (a sentence, a hand-written expectation) does not
//! parse, and is then shown as it is.

/// A `Debug` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Node {
    /// A number, an identifier, a literal: anything without structure.
    Atom(String),
    /// `name` followed by a bracketed list: `Name { a: 1 }`, `Some(x)`, `[1, 2]`,
    /// `{"k": v}`, `(a, b)`. An item has a key in braces.
    Group {
        /// The type or variant name; empty for lists, tuples and maps.
        name: String,
        /// `{`, `(` or `[`.
        open: char,
        /// The items, each with its key (a field name or a map key) when keyed.
        items: Vec<(Option<String>, Node)>,
    },
}

/// The closing bracket of `open`.
fn close_of(open: char) -> char {
    match open {
        '{' => '}',
        '(' => ')',
        _ => ']',
    }
}

impl Node {
    /// The tree of `text`, or `None` when it is not `Debug` output.
    pub(super) fn parse(text: &str) -> Option<Node> {
        let mut parser = Parser {
            chars: text.chars().collect(),
            at: 0,
        };
        let node = parser.value()?;
        parser.skip_space();
        (parser.at == parser.chars.len()).then_some(node)
    }

    /// The node on one line, as `{:?}` prints it.
    pub(super) fn compact(&self) -> String {
        match self {
            Node::Atom(text) => text.clone(),
            Node::Group { name, open, items } => {
                let inner: Vec<String> = items
                    .iter()
                    .map(|(key, value)| match key {
                        Some(key) => format!("{key}: {}", value.compact()),
                        None => value.compact(),
                    })
                    .collect();
                let close = close_of(*open);
                if *open == '{' && !name.is_empty() {
                    format!("{name} {{ {} }}", inner.join(", "))
                } else {
                    format!("{name}{open}{}{close}", inner.join(", "))
                }
            }
        }
    }

    /// The node laid out over several lines where one line of `width` characters,
    /// counting `indent`, does not hold it: one item per line, four spaces deeper.
    pub(super) fn pretty(&self, indent: usize, width: usize) -> String {
        let compact = self.compact();
        let Node::Group { name, open, items } = self else {
            return compact;
        };
        if indent + compact.chars().count() <= width || items.is_empty() {
            return compact;
        }
        let pad = " ".repeat(indent + 4);
        let mut out = if *open == '{' && !name.is_empty() {
            format!("{name} {{\n")
        } else {
            format!("{name}{open}\n")
        };
        for (key, value) in items {
            out.push_str(&pad);
            if let Some(key) = key {
                out.push_str(key);
                out.push_str(": ");
            }
            out.push_str(&value.pretty(indent + 4, width));
            out.push_str(",\n");
        }
        out.push_str(&" ".repeat(indent));
        out.push(close_of(*open));
        out
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    /// One value: a bracketed group, an atom, or an atom naming a group.
    fn value(&mut self) -> Option<Node> {
        self.skip_space();
        match self.peek()? {
            open @ ('{' | '(' | '[') => self.group(String::new(), open),
            ',' | ':' | '}' | ')' | ']' => None,
            _ => {
                let atom = self.atom()?;
                // `Name(…)` and `Name […]` touch; `Name { … }` has a space.
                match self.peek() {
                    Some(open @ ('(' | '[')) => return self.group(atom, open),
                    Some(' ') if self.chars.get(self.at + 1) == Some(&'{') => {
                        self.at += 1;
                        return self.group(atom, '{');
                    }
                    _ => {}
                }
                Some(Node::Atom(atom))
            }
        }
    }

    /// A bracketed list of items; the parser is at `open`.
    fn group(&mut self, name: String, open: char) -> Option<Node> {
        let close = close_of(open);
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.peek()? == close {
                self.at += 1;
                return Some(Node::Group { name, open, items });
            }
            // `Name { a: 1, .. }` for a type that hides fields.
            if open == '{' && self.chars[self.at..].starts_with(&['.', '.']) {
                self.at += 2;
                items.push((None, Node::Atom("..".to_string())));
            } else {
                let first = self.value()?;
                self.skip_space();
                let keyed = open == '{' && self.peek() == Some(':');
                if keyed {
                    self.at += 1;
                    items.push((Some(first.compact()), self.value()?));
                } else {
                    items.push((None, first));
                }
            }
            self.skip_space();
            match self.peek()? {
                ',' => self.at += 1,
                c if c == close => {}
                _ => return None,
            }
        }
    }

    /// A literal, or a run of characters up to a bracket, a separator or a space.
    fn atom(&mut self) -> Option<String> {
        let start = self.at;
        match self.peek()? {
            '"' => self.literal('"')?,
            '\'' => self.literal('\'')?,
            _ => {
                while let Some(c) = self.peek() {
                    let path = c == ':' && self.chars.get(self.at + 1) == Some(&':');
                    if path {
                        self.at += 2;
                        continue;
                    }
                    if c.is_whitespace() || "{}()[],:\"'".contains(c) {
                        break;
                    }
                    self.at += 1;
                }
            }
        }
        (self.at > start).then(|| self.chars[start..self.at].iter().collect())
    }

    /// A string or char literal with its escapes; the parser is at the opening quote.
    fn literal(&mut self, quote: char) -> Option<()> {
        self.at += 1;
        loop {
            match self.peek()? {
                '\\' => self.at += 2,
                c if c == quote => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    #[allow(dead_code)]
    struct Meta {
        version: u32,
        node: String,
        tags: Vec<char>,
        pair: (i64, Option<f64>),
        map: std::collections::BTreeMap<String, u8>,
    }

    fn meta() -> Meta {
        Meta {
            version: 3,
            node: "a, \"b\": {c}".to_string(),
            tags: vec!['\'', 'x'],
            pair: (-1, Some(f64::NAN)),
            map: [("k".to_string(), 1)].into_iter().collect(),
        }
    }

    #[test]
    fn compact_and_pretty_debug_parse_to_the_same_tree_and_print_back() {
        let compact = format!("{:?}", meta());
        let pretty = format!("{:#?}", meta());
        let tree = Node::parse(&compact).unwrap_or_else(|| panic!("{compact}"));
        assert_eq!(Node::parse(&pretty), Some(tree.clone()));
        assert_eq!(tree.compact(), compact);
        assert_eq!(tree.pretty(0, 1000), compact);
        let narrow = tree.pretty(0, 20);
        assert_eq!(Node::parse(&narrow), Some(tree));
        assert!(narrow.lines().count() > 5, "{narrow}");
    }

    #[test]
    fn text_that_is_not_debug_output_does_not_parse() {
        for text in ["one of:\n  Some(1)", "a branch", "Some(1", "[1, 2]]", ""] {
            assert_eq!(Node::parse(text), None, "{text}");
        }
        assert_eq!(Node::parse("None"), Some(Node::Atom("None".to_string())));
    }
}
