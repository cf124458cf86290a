//! The readings each implementation was checked under, compactly: per suite, the
//! readings whose every option was accepted, then each implementation's pins. With
//! `verbose`, every implementation's readings in full.

use std::fmt::Write as _;

use super::{TextOptions, wrap};
use crate::report::table::SuiteTable;

/// Renders the readings of every suite into `out`.
pub fn render(out: &mut String, tables: &[SuiteTable<'_>], options: TextOptions) {
    let style = options.style;
    let _ = writeln!(
        out,
        "\n{}",
        style.bold("Readings (open points of the spec) each implementation was checked under:")
    );
    for table in tables {
        if options.verbose {
            for row in &table.rows {
                let all: Vec<&str> = row.readings().iter().map(|r| r.text.as_str()).collect();
                let all = if all.is_empty() {
                    "none".to_string()
                } else {
                    all.join("; ")
                };
                let _ = writeln!(out, "  {} · {}: {all}", table.name, row.implementation);
            }
            continue;
        }
        let mut open: Vec<String> = Vec::new();
        let mut pinned: Vec<String> = Vec::new();
        for row in &table.rows {
            let pins: Vec<&str> = row
                .readings()
                .iter()
                .filter(|r| r.pinned)
                .map(|r| r.text.as_str())
                .collect();
            if !pins.is_empty() {
                pinned.push(format!("{}: {}", row.implementation, pins.join("; ")));
            }
            for reading in row.readings().iter().filter(|r| !r.pinned) {
                let text = format!("{} ({})", reading.reading, reading.accepted.join(" | "));
                if !open.contains(&text) {
                    open.push(text);
                }
            }
        }
        let summary = match (open.is_empty(), pinned.is_empty()) {
            (true, true) => style.dim("no open readings"),
            (true, false) => "every reading pinned:".to_string(),
            (false, _) => "any option accepted, unless pinned below, on:".to_string(),
        };
        let _ = writeln!(out, "  {}: {summary}", table.name);
        for line in wrap(&open, ", ", 92) {
            let _ = writeln!(out, "      {line}");
        }
        for line in pinned {
            let _ = writeln!(out, "    pinned, {line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::table::tables;
    use crate::report::text::Style;
    use crate::report::verdict::tests::cell;
    use storage_conformance::outcome::Outcome;
    use storage_conformance::records::{ReadingRecord, RoleName};

    fn reading(pinned: Option<&str>) -> ReadingRecord {
        let accepted: Vec<String> = match pinned {
            Some(option) => vec![option.to_string()],
            None => vec!["zero".to_string(), "one".to_string()],
        };
        ReadingRecord {
            reading: "engine_version".to_string(),
            text: match pinned {
                Some(option) => format!("engine_version = {option} (pinned)"),
                None => "engine_version = any of zero | one".to_string(),
            },
            accepted,
            pinned: pinned.is_some(),
        }
    }

    #[test]
    fn readings_show_once_per_suite_with_each_implementations_pins() {
        let passed = || Outcome::Passed { cases: 1 };
        let mut open = cell(
            "open",
            RoleName::Reference,
            None,
            "engine_snapshot",
            passed(),
        );
        open.readings = vec![reading(None)];
        let mut pinned = cell(
            "pinned",
            RoleName::CorrectControl,
            None,
            "engine_snapshot",
            passed(),
        );
        pinned.readings = vec![reading(Some("one"))];
        let records = [open, pinned];
        let mut out = String::new();
        let options = TextOptions {
            verbose: false,
            style: Style { colour: false },
        };
        render(&mut out, &tables(&records), options);
        let lines: Vec<&str> = out.lines().skip(2).collect();
        assert_eq!(
            lines,
            [
                "  StorageEngine: any option accepted, unless pinned below, on:",
                "      engine_version (zero | one)",
                "    pinned, pinned: engine_version = one (pinned)",
            ]
        );
    }
}
