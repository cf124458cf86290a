//! The cells that need attention, each with what broke and its counterexample; with
//! `verbose`, every cell that failed.

use std::fmt::Write as _;

use super::TextOptions;
use crate::report::verdict::{Judgement, judge};
use storage_conformance::records::{CellRecord, Status};

/// What a cell gave, as the kit prints it: its failures, its error, or its passing or
/// skipping when that is the problem.
pub fn body(cell: &CellRecord) -> String {
    match cell.status {
        Status::Fail => cell
            .failures
            .iter()
            .map(|f| f.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n"),
        Status::Error => format!(
            "the kit could not run it: {}",
            cell.error.as_deref().unwrap_or("")
        ),
        Status::Pass => format!(
            "passed {} cases without being caught (seed {}; replay with --seed {} --impl {} --property {})",
            cell.cases, cell.seed, cell.seed, cell.implementation, cell.property
        ),
        Status::Skipped => format!("skipped: {}", cell.skip_reason.as_deref().unwrap_or("")),
    }
}

fn shown(cell: &CellRecord, verbose: bool) -> bool {
    judge(cell) == Judgement::Problem || (verbose && cell.status == Status::Fail)
}

/// Renders the cells to show into `out`.
pub fn render(out: &mut String, records: &[CellRecord], options: TextOptions) {
    let cells: Vec<&CellRecord> = records
        .iter()
        .filter(|c| shown(c, options.verbose))
        .collect();
    if cells.is_empty() {
        return;
    }
    let title = if options.verbose {
        format!("Failures ({})", cells.len())
    } else {
        format!("Needs attention ({})", cells.len())
    };
    let _ = writeln!(out, "\n{}", options.style.bold(&title));
    for cell in cells {
        let what = match (cell.role.must_pass(), cell.is_target()) {
            (true, _) => "must pass",
            (false, true) => "faulty: this property must catch it",
            (false, false) => "faulty",
        };
        let heading = format!("── {} · {} ({what}) ──", cell.implementation, cell.property);
        let _ = writeln!(
            out,
            "\n{}\n{}",
            options.style.of_cell(cell, &heading),
            body(cell)
        );
    }
}
