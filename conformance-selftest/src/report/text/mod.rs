//! The report as text for a terminal: one matrix per suite, then only what needs
//! attention, the skips summarised, the readings, and the verdict. `verbose` prints
//! every failure and every skip instead.

mod attention;
mod matrix;
mod readings;
mod skips;
mod style;

use std::fmt::Write as _;

pub use attention::body as attention_body;
pub use matrix::{LEGEND, mark};
pub use style::Style;

use super::settings::{settings_items, tally};
use super::table::tables;
use super::verdict::Verdict;
use storage_conformance::records::CellRecord;

/// How to render the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// Every failure, skip and reading in full, not only what needs attention.
    pub verbose: bool,
    /// Colour or not.
    pub style: Style,
}

/// The whole report as text.
pub fn render_text(records: &[CellRecord], verdict: &Verdict, options: TextOptions) -> String {
    let style = options.style;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {}: {}",
        style.bold("Conformance report"),
        count(records.len(), "cell"),
        tally(records)
    );
    for line in wrap(&settings_items(records), ", ", 100) {
        let _ = writeln!(out, "{}", style.dim(&line));
    }
    for line in wrap(&LEGEND.map(str::to_string), "  ", 100) {
        let _ = writeln!(out, "{}", style.dim(&line));
    }
    let tables = tables(records);
    for table in &tables {
        matrix::render(&mut out, table, style);
    }
    attention::render(&mut out, records, options);
    skips::render(&mut out, records, options);
    readings::render(&mut out, &tables, options);
    if verdict.passed() {
        let _ = writeln!(
            out,
            "\n{} — every implementation that must pass passes, every faulty implementation is caught by its target property.",
            style.good("Verdict: PASS")
        );
    } else {
        let _ = writeln!(out, "\n{}", style.problem("Verdict: FAIL"));
        for problem in &verdict.problems {
            let _ = writeln!(out, "  - {problem}");
        }
    }
    out
}

/// `n` and `noun`, plural when `n` is not 1 (`1 property`, `2 properties`).
pub(crate) fn count(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

/// `items` joined by `separator` into lines of at most `width` characters (an item
/// longer than that gets a line of its own).
pub(crate) fn wrap(items: &[String], separator: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for item in items {
        let needed = line.chars().count() + separator.len() + item.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push_str(separator);
        }
        line.push_str(item);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_wraps() {
        assert_eq!(count(1, "property"), "1 property");
        assert_eq!(count(3, "property"), "3 properties");
        assert_eq!(count(0, "cell"), "0 cells");
        let items: Vec<String> = ["aaa", "bbb", "ccc"].map(String::from).to_vec();
        assert_eq!(wrap(&items, ", ", 8), ["aaa, bbb", "ccc"]);
        assert_eq!(wrap(&items, ", ", 2), ["aaa", "bbb", "ccc"]);
    }
}
