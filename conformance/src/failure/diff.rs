//! Expected versus actual, readable: the fields and list entries that differ, each with
//! its path, then both values laid out over several lines.
//!
//! Works on the `Debug` text a [`Violation`](super::Violation) holds, so every check
//! gets it without change; text that is not `Debug` output is shown as it is.

use std::fmt::Write as _;

use super::debug_tree::Node;

/// Lines of a printed value or difference: a longer value is laid out over lines.
const WIDTH: usize = 96;

/// At most this many differences are listed; the full values follow anyway.
const MAX_DIFFERENCES: usize = 12;

/// A value in a difference line longer than this is cut in the middle.
const MAX_LEAF: usize = 120;

/// One difference between expected and actual.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Difference {
    /// Both have something at `path`, and it differs.
    Changed {
        /// Where, from the root: `.field`, `[index]`, `[key]`.
        path: String,
        /// What was expected there.
        expected: String,
        /// What was there.
        actual: String,
    },
    /// Expected has an entry at `path` that actual lacks.
    Missing {
        /// Where, in the expected value.
        path: String,
        /// The entry.
        expected: String,
    },
    /// Actual has an entry at `path` that expected lacks.
    Extra {
        /// Where, in the actual value.
        path: String,
        /// The entry.
        actual: String,
    },
}

/// The differences between the trees of `expected` and `actual`, outermost first.
pub(super) fn differences(expected: &Node, actual: &Node) -> Vec<Difference> {
    let mut out = Vec::new();
    compare("", expected, actual, &mut out);
    out
}

fn changed(path: &str, expected: &Node, actual: &Node) -> Difference {
    Difference::Changed {
        path: path.to_string(),
        expected: expected.compact(),
        actual: actual.compact(),
    }
}

/// The path of item `index` (or `key`) of a group named `name` opened by `open`.
fn item_path(path: &str, open: char, key: Option<&str>, index: usize) -> String {
    let field = |name: &str| {
        if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    match (open, key) {
        ('{', Some(key)) if key.chars().all(|c| c.is_alphanumeric() || c == '_') => field(key),
        (_, Some(key)) => format!("{path}[{key}]"),
        ('(', None) => field(&index.to_string()),
        _ => format!("{path}[{index}]"),
    }
}

fn compare(path: &str, expected: &Node, actual: &Node, out: &mut Vec<Difference>) {
    if expected == actual {
        return;
    }
    let (
        Node::Group {
            name,
            open,
            items: e,
        },
        Node::Group {
            name: actual_name,
            open: actual_open,
            items: a,
        },
    ) = (expected, actual)
    else {
        out.push(changed(path, expected, actual));
        return;
    };
    if name != actual_name || open != actual_open {
        out.push(changed(path, expected, actual));
        return;
    }
    // `Some(1)` against `Some(2)` reads best whole; `Some(Record { … })` is entered.
    let wrapper_of_atoms = !name.is_empty()
        && *open == '('
        && e.iter()
            .chain(a.iter())
            .all(|(_, item)| matches!(item, Node::Atom(_)));
    if wrapper_of_atoms {
        out.push(changed(path, expected, actual));
    } else if let ([(None, e)], [(None, a)], false) = (e.as_slice(), a.as_slice(), name.is_empty())
    {
        compare(path, e, a, out);
    } else if e.iter().chain(a.iter()).any(|(key, _)| key.is_some()) {
        compare_keyed(path, *open, e, a, out);
    } else if e.len() == a.len() {
        for (index, ((_, e), (_, a))) in e.iter().zip(a).enumerate() {
            compare(&item_path(path, *open, None, index), e, a, out);
        }
    } else {
        compare_aligned(path, *open, e, a, out);
    }
}

/// Items matched by key: fields of a struct, entries of a map.
fn compare_keyed(
    path: &str,
    open: char,
    expected: &[(Option<String>, Node)],
    actual: &[(Option<String>, Node)],
    out: &mut Vec<Difference>,
) {
    for (index, (key, e)) in expected.iter().enumerate() {
        let item = item_path(path, open, key.as_deref(), index);
        match actual.iter().find(|(k, _)| k == key) {
            Some((_, a)) => compare(&item, e, a, out),
            None => out.push(Difference::Missing {
                path: item,
                expected: e.compact(),
            }),
        }
    }
    for (index, (key, a)) in actual.iter().enumerate() {
        if !expected.iter().any(|(k, _)| k == key) {
            out.push(Difference::Extra {
                path: item_path(path, open, key.as_deref(), index),
                actual: a.compact(),
            });
        }
    }
}

/// Lists of different lengths: the longest common subsequence of equal entries stays,
/// and between its entries, expected and actual entries pair up in order (compared
/// entry by entry) and the rest are missing or extra.
fn compare_aligned(
    path: &str,
    open: char,
    expected: &[(Option<String>, Node)],
    actual: &[(Option<String>, Node)],
    out: &mut Vec<Difference>,
) {
    let e: Vec<&Node> = expected.iter().map(|(_, n)| n).collect();
    let a: Vec<&Node> = actual.iter().map(|(_, n)| n).collect();
    // lcs[i][j]: the longest common subsequence of e[i..] and a[j..].
    let mut lcs = vec![vec![0usize; a.len() + 1]; e.len() + 1];
    for i in (0..e.len()).rev() {
        for j in (0..a.len()).rev() {
            lcs[i][j] = if e[i] == a[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut only_e, mut only_a): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let mut flush = |only_e: &mut Vec<usize>, only_a: &mut Vec<usize>| {
        let pairs = only_e.len().min(only_a.len());
        for (&ei, &aj) in only_e.iter().zip(only_a.iter()) {
            compare(&item_path(path, open, None, ei), e[ei], a[aj], out);
        }
        for &ei in &only_e[pairs..] {
            out.push(Difference::Missing {
                path: item_path(path, open, None, ei),
                expected: e[ei].compact(),
            });
        }
        for &aj in &only_a[pairs..] {
            out.push(Difference::Extra {
                path: item_path(path, open, None, aj),
                actual: a[aj].compact(),
            });
        }
        only_e.clear();
        only_a.clear();
    };
    while i < e.len() || j < a.len() {
        if i < e.len() && j < a.len() && e[i] == a[j] {
            flush(&mut only_e, &mut only_a);
            i += 1;
            j += 1;
        } else if j == a.len() || (i < e.len() && lcs[i + 1][j] >= lcs[i][j + 1]) {
            only_e.push(i);
            i += 1;
        } else {
            only_a.push(j);
            j += 1;
        }
    }
    flush(&mut only_e, &mut only_a);
}

/// `text` cut in the middle when it is longer than [`MAX_LEAF`] characters.
fn shortened(text: &str) -> String {
    let count = text.chars().count();
    if count <= MAX_LEAF {
        return text.to_string();
    }
    let half = MAX_LEAF / 2;
    let head: String = text.chars().take(half).collect();
    let tail: String = text.chars().skip(count - half).collect();
    format!("{head} …[{} characters]… {tail}", count - 2 * half)
}

impl Difference {
    fn line(&self) -> String {
        let at = |path: &str| {
            if path.is_empty() {
                "the whole value".to_string()
            } else {
                path.to_string()
            }
        };
        match self {
            Difference::Changed {
                path,
                expected,
                actual,
            } => format!(
                "{}: expected {}, actual {}",
                at(path),
                shortened(expected),
                shortened(actual)
            ),
            Difference::Missing { path, expected } => {
                format!("{}: missing, expected {}", at(path), shortened(expected))
            }
            Difference::Extra { path, actual } => {
                format!("{}: not expected, actual {}", at(path), shortened(actual))
            }
        }
    }
}

/// Expected versus actual as a failure prints them, each line indented by two spaces:
/// short values that differ as a whole on one line each; otherwise the differences,
/// then both values laid out over lines.
pub(super) fn expected_versus_actual(expected: &str, actual: &str) -> String {
    let mut out = String::new();
    let (Some(e), Some(a)) = (Node::parse(expected), Node::parse(actual)) else {
        let _ = writeln!(out, "  expected: {expected}");
        let _ = write!(out, "  actual:   {actual}");
        return out;
    };
    let differences = differences(&e, &a);
    let short = |text: &str| text.chars().count() + 12 <= WIDTH && !text.contains('\n');
    let whole =
        matches!(differences.as_slice(), [Difference::Changed { path, .. }] if path.is_empty());
    if whole && short(expected) && short(actual) {
        let _ = writeln!(out, "  expected: {expected}");
        let _ = write!(out, "  actual:   {actual}");
        return out;
    }
    // A difference of the whole value says no more than the values below.
    if !whole {
        write_differences(&mut out, &differences);
    }
    // The labels take ten characters of the first line.
    let _ = writeln!(out, "  expected: {}", e.pretty(2, WIDTH - 10));
    let _ = write!(out, "  actual:   {}", a.pretty(2, WIDTH - 10));
    out
}

fn write_differences(out: &mut String, differences: &[Difference]) {
    let _ = writeln!(out, "  differences:");
    for difference in differences.iter().take(MAX_DIFFERENCES) {
        let _ = writeln!(out, "    {}", difference.line());
    }
    if differences.len() > MAX_DIFFERENCES {
        let _ = writeln!(
            out,
            "    … and {} more",
            differences.len() - MAX_DIFFERENCES
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(expected: &str, actual: &str) -> Vec<String> {
        let parse = |text: &str| Node::parse(text).unwrap_or_else(|| panic!("{text}"));
        differences(&parse(expected), &parse(actual))
            .iter()
            .map(Difference::line)
            .collect()
    }

    #[test]
    fn a_field_that_differs_is_named_by_its_path() {
        assert_eq!(
            diff(
                "Some(Record { version: 0, meta: M { stored: 0, hits: 1 } })",
                "Some(Record { version: 0, meta: M { stored: 1000000, hits: 1 } })"
            ),
            ["meta.stored: expected 0, actual 1000000"]
        );
        assert_eq!(
            diff("Int(1)", "Int(2)"),
            ["the whole value: expected Int(1), actual Int(2)"]
        );
        assert_eq!(
            diff("A { x: 1 }", "B { x: 1 }"),
            ["the whole value: expected A { x: 1 }, actual B { x: 1 }"]
        );
    }

    #[test]
    fn list_entries_align_so_that_one_missing_entry_is_one_difference() {
        assert_eq!(
            diff("[a, b, c, d]", "[a, c, d]"),
            ["[1]: missing, expected b"]
        );
        assert_eq!(
            diff("[a, c]", "[a, b, c, x]"),
            ["[1]: not expected, actual b", "[3]: not expected, actual x"]
        );
        assert_eq!(
            diff(
                "[E { k: \"a\", v: 1 }, E { k: \"b\", v: 2 }]",
                "[E { k: \"a\", v: 1 }, E { k: \"b\", v: 3 }, E { k: \"c\", v: 4 }]"
            ),
            [
                "[1].v: expected 2, actual 3",
                "[2]: not expected, actual E { k: \"c\", v: 4 }"
            ]
        );
    }

    #[test]
    fn map_entries_match_by_key() {
        assert_eq!(
            diff("{\"a\": 1, \"b\": 2}", "{\"b\": 3, \"c\": 4}"),
            [
                "[\"a\"]: missing, expected 1",
                "[\"b\"]: expected 2, actual 3",
                "[\"c\"]: not expected, actual 4"
            ]
        );
    }

    #[test]
    fn long_leaves_are_cut_in_the_middle() {
        let long = format!("\"{}\"", "x".repeat(500));
        let [line] = diff(&long, "\"y\"")
            .try_into()
            .unwrap_or_else(|d| panic!("{d:?}"));
        assert!(line.contains("characters]…"), "{line}");
        assert!(line.len() < 300, "{line}");
    }

    #[test]
    fn a_failure_shows_the_differences_then_both_values_over_lines() {
        let expected = "[Stored { key: \"k\", version: 1, creation_time: 7, last_stored_time: 0 }, Removed { key: \"j\" }]";
        let actual =
            "[Stored { key: \"k\", version: 1, creation_time: 7, last_stored_time: 1000000 }]";
        let shown = expected_versus_actual(expected, actual);
        assert_eq!(
            shown.lines().take(3).collect::<Vec<_>>(),
            [
                "  differences:",
                "    [0].last_stored_time: expected 0, actual 1000000",
                "    [1]: missing, expected Removed { key: \"j\" }",
            ],
            "{shown}"
        );
        assert!(shown.contains("  expected: [\n"), "{shown}");
        assert!(shown.lines().all(|l| l.len() <= WIDTH), "{shown}");
    }

    #[test]
    fn short_values_and_plain_text_stay_on_one_line_each() {
        assert_eq!(
            expected_versus_actual("Some(1)", "None"),
            "  expected: Some(1)\n  actual:   None"
        );
        assert_eq!(
            expected_versus_actual("one of:\n  1\n  2", "3"),
            "  expected: one of:\n  1\n  2\n  actual:   3"
        );
    }
}
