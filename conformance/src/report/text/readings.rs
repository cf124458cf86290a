//! The readings each implementation was checked under, compactly: per suite, the
//! readings whose every option was accepted, then each implementation's pins.

use std::fmt::Write as _;

use super::{TextOptions, wrap};
use crate::report::table::SuiteTable;

/// Renders the readings of every suite into `out`; with `verbose`, every
/// implementation's readings in full.
pub fn render(out: &mut String, tables: &[SuiteTable<'_>], options: TextOptions) {
    let style = options.style;
    let _ = writeln!(
        out,
        "\n{}",
        style.bold("Readings (open points of the spec) each implementation was checked under:")
    );
    for table in tables {
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
            if options.verbose {
                let all: Vec<&str> = row.readings().iter().map(|r| r.text.as_str()).collect();
                let _ = writeln!(
                    out,
                    "  {} · {}: {}",
                    table.name,
                    row.implementation,
                    if all.is_empty() {
                        "none".to_string()
                    } else {
                        all.join("; ")
                    }
                );
            }
        }
        if options.verbose {
            continue;
        }
        if open.is_empty() && pinned.is_empty() {
            let _ = writeln!(out, "  {}: {}", table.name, style.dim("no open readings"));
            continue;
        }
        if !open.is_empty() {
            let _ = writeln!(
                out,
                "  {}: any option accepted, unless pinned below, on:",
                table.name
            );
            for line in wrap(&open, ", ", 92) {
                let _ = writeln!(out, "      {line}");
            }
        }
        for line in pinned {
            let _ = writeln!(out, "    pinned, {line}");
        }
    }
}
