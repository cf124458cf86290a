//! Colour for the terminal: on when standard output is a terminal, off when it is piped
//! or `NO_COLOR` is set (<https://no-color.org>).

use crate::report::verdict::{Judgement, judge};
use storage_conformance::records::{CellRecord, Status};

/// Whether to colour, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Whether to write colour codes at all.
    pub colour: bool,
}

impl Style {
    /// Colour on a terminal, unless `no_color` (the value of `NO_COLOR`) is set and not
    /// empty.
    pub fn detect(terminal: bool, no_color: Option<&str>) -> Self {
        Self {
            colour: terminal && no_color.is_none_or(str::is_empty),
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Text that needs attention.
    pub fn problem(self, text: &str) -> String {
        self.paint("1;31", text)
    }

    /// Text that is as expected.
    pub fn good(self, text: &str) -> String {
        self.paint("32", text)
    }

    /// Text of lesser interest.
    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    /// A heading.
    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    /// `text` in the colour of `cell`'s judgement: red when it needs attention, green
    /// when as expected, yellow for a faulty implementation failing another property,
    /// dim for a skip.
    pub fn of_cell(self, cell: &CellRecord, text: &str) -> String {
        match (judge(cell), cell.status) {
            (Judgement::Problem, _) => self.problem(text),
            (Judgement::Expected, _) => self.good(text),
            (Judgement::Incidental, Status::Fail) => self.paint("33", text),
            (Judgement::Incidental, Status::Skipped) => self.dim(text),
            (Judgement::Incidental, _) => text.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(Style::detect(true, None).colour);
        assert!(Style::detect(true, Some("")).colour);
        assert!(!Style::detect(true, Some("1")).colour);
        assert!(!Style::detect(false, None).colour);
        assert_eq!(Style { colour: false }.problem("x"), "x");
        assert_eq!(Style { colour: true }.problem("x"), "\x1b[1;31mx\x1b[0m");
    }
}
