//! Long lines of printed Rust code broken into lines of a readable width, so that no
//! counterexample prints a value of kilobytes on one line. The code stays the same
//! code: lines break after a comma between items, and inside a string literal with a
//! `\` line continuation (which Rust skips together with the next line's indentation).

/// The widest line a counterexample prints, indentation included, where the code
/// allows a break.
pub const CODE_WIDTH: usize = 100;

/// `code` with every line much longer than `width` characters (by a fifth) broken into
/// lines of at most `width` where the code allows (see the module docs), at the
/// outermost commas first. Continuation lines are indented four spaces deeper than the
/// line they continue. A line just over `width` stays whole: breaking it would not
/// help reading it.
pub fn wrap_code(code: &str, width: usize) -> String {
    code.lines()
        .flat_map(|line| wrap_line(line, width))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where the scanner is: in code, in a string literal (and in an escape there), or in a
/// line comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    /// In a string literal; `escape` counts the characters left of an escape sequence
    /// (`usize::MAX` inside `\u{…}` until its `}`).
    Text {
        escape: usize,
    },
    /// A raw string literal or a comment: nothing in it may move.
    Fixed,
}

/// Whitespace that a `\` line continuation would skip, so a break must not come
/// before it.
fn skipped_by_continuation(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200e}' | '\u{200f}')
}

/// Where a line may break: after a comma (the space after it goes), or inside a string
/// literal (a `\\` continues it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    AfterComma,
    InText,
}

/// The state after `c`, the character at `at - 1` of `chars`, in `state`; a char
/// literal is taken whole, and `at` moves past it.
fn scan(state: State, chars: &[char], at: &mut usize) -> State {
    let c = chars[*at - 1];
    let next = chars.get(*at).copied();
    match state {
        State::Fixed => State::Fixed,
        State::Code => match c {
            '"' | '#' if *at >= 2 && chars[*at - 2] == 'r' => State::Fixed,
            '"' => State::Text { escape: 0 },
            '/' if next == Some('/') => State::Fixed,
            '\'' => {
                // A char literal moves as one piece: `'x'` or `'\…'`; a lifetime has no
                // closing quote and is plain code.
                let body = if next == Some('\\') { 2 } else { 1 };
                let close = chars
                    .get(*at + body..)
                    .and_then(|rest| rest.iter().take(12).position(|q| *q == '\''))
                    .map(|p| p + body)
                    .filter(|p| body == 2 || *p == 1);
                if let Some(p) = close {
                    *at += p + 1;
                }
                State::Code
            }
            _ => State::Code,
        },
        State::Text { escape: 0 } => match c {
            '\\' if next == Some('u') => State::Text { escape: usize::MAX },
            '\\' if next == Some('x') => State::Text { escape: 3 },
            '\\' => State::Text { escape: 1 },
            '"' => State::Code,
            _ => State::Text { escape: 0 },
        },
        State::Text { escape: usize::MAX } if c == '}' => State::Text { escape: 0 },
        State::Text { escape: usize::MAX } => State::Text { escape: usize::MAX },
        State::Text { escape } => State::Text { escape: escape - 1 },
    }
}

fn wrap_line(line: &str, width: usize) -> Vec<String> {
    if line.chars().count() <= width + width / 5 {
        return vec![line.to_string()];
    }
    let indent = line.chars().take_while(|c| *c == ' ').count();
    let continuation: Vec<char> = vec![' '; indent + 4];
    let chars: Vec<char> = line.chars().collect();
    let mut lines = Vec::new();
    // The line being built, and where it may break: an index into it, the kind of
    // break, and the depth of brackets there.
    let mut current: Vec<char> = Vec::new();
    let mut breaks: Vec<(usize, Break, usize)> = Vec::new();
    let mut state = State::Code;
    let mut depth = 0usize;
    let mut at = 0;
    while at < chars.len() {
        let from = at;
        at += 1;
        let before = state;
        state = scan(state, &chars, &mut at);
        current.extend(&chars[from..at]);
        let (c, next) = (chars[at - 1], chars.get(at).copied());
        if before == State::Code && state == State::Code {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        match (state, next) {
            (State::Code, Some(' ')) if c == ',' => {
                breaks.push((current.len(), Break::AfterComma, depth));
            }
            (State::Text { escape: 0 }, Some(n))
                if c != '"' && n != '"' && !skipped_by_continuation(n) =>
            {
                breaks.push((current.len(), Break::InText, depth + 1));
            }
            _ => {}
        }
        if current.len() <= width {
            continue;
        }
        // Of the breaks that keep the line within `width` (with its `\\`), the last of
        // the outermost; failing any, the first. Each leaves more than the indentation.
        let usable: Vec<(usize, Break, usize)> = breaks
            .iter()
            .copied()
            .filter(|(index, _, _)| *index > continuation.len())
            .collect();
        let mut fitting = usable
            .iter()
            .filter(|(index, kind, _)| index + usize::from(*kind == Break::InText) <= width);
        let outermost = fitting.clone().map(|(_, _, depth)| *depth).min();
        let Some((index, kind, _)) = fitting
            .rfind(|(_, _, depth)| Some(*depth) == outermost)
            .or(usable.first())
            .copied()
        else {
            continue;
        };
        let mut tail: Vec<char> = current.split_off(index);
        let space = kind == Break::AfterComma && tail.first() == Some(&' ');
        if space {
            tail.remove(0);
        }
        if kind == Break::InText {
            current.push('\\');
        }
        lines.push(current.iter().collect::<String>());
        let dropped = index + usize::from(space);
        breaks = breaks
            .iter()
            .filter(|(i, _, _)| *i > dropped)
            .map(|&(i, k, d)| (i - dropped + continuation.len(), k, d))
            .collect();
        current.clone_from(&continuation);
        current.extend(tail);
    }
    lines.push(current.iter().collect());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Rust reads in a string literal with line continuations: the text without
    /// each `\`, newline and the whitespace after it.
    fn continued(literal: &str) -> String {
        let mut out = String::new();
        let mut rest = literal;
        while let Some(at) = rest.find("\\\n") {
            out.push_str(&rest[..at]);
            rest = rest[at + 2..].trim_start();
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn long_lists_break_after_commas_and_keep_every_item() {
        let items: Vec<String> = (0..200).map(|i| i.to_string()).collect();
        let line = format!(
            "    s.put(\"k\", Value::Bytes(vec![{}]));",
            items.join(", ")
        );
        let wrapped = wrap_code(&line, 100);
        assert!(wrapped.lines().count() > 5, "{wrapped}");
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= 100),
            "{wrapped}"
        );
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("        ")));
        let joined: String = wrapped.split_whitespace().collect();
        let original: String = line.split_whitespace().collect();
        assert_eq!(joined, original);
    }

    #[test]
    fn long_strings_continue_on_the_next_line_and_read_the_same() {
        let text = format!("ab \\u{{1f511}}\\\"{}  z \\n", "xy".repeat(150));
        let line = format!("let v = \"{text}\"; // the rule breaks here, \"quoted\"");
        let wrapped = wrap_code(&line, 40);
        assert!(wrapped.lines().count() > 5, "{wrapped}");
        // The last line ends in the comment, which cannot break.
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(
            lines[..lines.len() - 1]
                .iter()
                .all(|l| l.chars().count() <= 40),
            "{wrapped}"
        );
        assert_eq!(continued(&wrapped), line);
        assert!(!wrapped.contains("\\u{\\"), "{wrapped}");
    }

    #[test]
    fn a_call_breaks_between_its_arguments_before_it_breaks_inside_one() {
        let line = "    let _ = e.put(\"key\", record(lww(Value::Int(0), ts(0, 0, \"node\")), meta_new(1_000_000, 1)));";
        assert_eq!(
            wrap_code(line, 60),
            "    let _ = e.put(\"key\",\n        record(lww(Value::Int(0), ts(0, 0, \"node\")),\n        meta_new(1_000_000, 1)));"
        );
    }

    #[test]
    fn short_lines_char_literals_and_comments_stay_as_they_are() {
        let code = "let a = 1;\n    f(',', '\\'', \"x\"); // a, b, c, d, e, f, g, h";
        assert_eq!(wrap_code(code, 100), code);
        let narrow = wrap_code(code, 10);
        assert!(narrow.lines().count() >= 4, "{narrow}");
        assert!(narrow.contains("\n        '\\'',"), "{narrow}");
        assert!(narrow.ends_with("// a, b, c, d, e, f, g, h"), "{narrow}");
        let joined: String = narrow.split_whitespace().collect();
        assert_eq!(joined, code.split_whitespace().collect::<String>());
    }
}
