//! A suite's matrix as text: a row per implementation under its role's heading, a
//! numbered column per property, and the numbers' legend.

use std::fmt::Write as _;

use super::style::Style;
use super::{count, wrap};
use crate::report::table::SuiteTable;
use crate::report::verdict::{Judgement, judge};
use storage_conformance::records::{CellRecord, Status};

/// What the marks mean, printed once above the matrices.
pub const LEGEND: [&str; 7] = [
    "✓ pass",
    "✗ fail",
    "- skipped",
    "E the kit could not run it",
    "· not run",
    "* the property that must catch a faulty implementation",
    "! needs attention",
];

/// A cell's two-character mark: its status, then `!` when it needs attention or `*`
/// on a faulty implementation's target.
pub fn mark(cell: Option<&CellRecord>) -> String {
    let Some(cell) = cell else {
        return "· ".to_string();
    };
    let status = match cell.status {
        Status::Pass => '✓',
        Status::Fail => '✗',
        Status::Skipped => '-',
        Status::Error => 'E',
    };
    let flag = if judge(cell) == Judgement::Problem {
        '!'
    } else if cell.is_target() {
        '*'
    } else {
        ' '
    };
    format!("{status}{flag}")
}

/// Renders `table` into `out`.
pub fn render(out: &mut String, table: &SuiteTable<'_>, style: Style) {
    let width = table
        .rows
        .iter()
        .map(|r| r.implementation.chars().count())
        .max()
        .unwrap_or(0)
        + 4;
    let _ = writeln!(
        out,
        "\n{} — {} × {}",
        style.bold(table.name),
        count(table.rows.len(), "implementation"),
        count(table.properties.len(), "property")
    );
    let _ = write!(out, "{:width$}", "");
    for number in 1..=table.properties.len() {
        let _ = write!(out, "{number:<3}");
    }
    out.truncate(out.trim_end_matches(' ').len());
    out.push('\n');
    let mut role = None;
    for row in &table.rows {
        if role != Some(row.role) {
            role = Some(row.role);
            let _ = writeln!(out, "{}", style.dim(row.role.heading()));
        }
        let _ = write!(out, "  {:<w$}", row.implementation, w = width - 2);
        for cell in &row.cells {
            let text = mark(*cell);
            let painted = cell.map_or_else(|| style.dim(&text), |c| style.of_cell(c, &text));
            let _ = write!(out, "{painted} ");
        }
        out.truncate(out.trim_end_matches(' ').len());
        out.push('\n');
    }
    let legend: Vec<String> = table
        .properties
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{} {p}", i + 1))
        .collect();
    for line in wrap(&legend, "   ", 100) {
        let _ = writeln!(out, "{}", style.dim(&line));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::table::tables;
    use crate::report::verdict::tests::{cell, failed};
    use storage_conformance::outcome::Outcome;
    use storage_conformance::records::RoleName;

    #[test]
    fn marks_show_status_target_and_attention() {
        let p = "engine_snapshot";
        let pass = || Outcome::Passed { cases: 1 };
        assert_eq!(
            mark(Some(&cell("r", RoleName::Reference, None, p, pass()))),
            "✓ "
        );
        assert_eq!(
            mark(Some(&cell("r", RoleName::Reference, None, p, failed(p)))),
            "✗!"
        );
        assert_eq!(
            mark(Some(&cell("f", RoleName::Faulty, Some(p), p, failed(p)))),
            "✗*"
        );
        assert_eq!(
            mark(Some(&cell("f", RoleName::Faulty, Some(p), p, pass()))),
            "✓!"
        );
        assert_eq!(mark(None), "· ");
    }

    #[test]
    fn a_matrix_has_a_row_per_implementation_under_its_role() {
        let p = "engine_snapshot";
        let records = [
            cell(
                "hash_map_engine",
                RoleName::Reference,
                None,
                p,
                Outcome::Passed { cases: 1 },
            ),
            cell("faulty_engine", RoleName::Faulty, Some(p), p, failed(p)),
        ];
        let mut out = String::new();
        render(&mut out, &tables(&records)[0], Style { colour: false });
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "StorageEngine — 2 implementations × 1 property");
        assert_eq!(lines[3], "reference implementations");
        assert_eq!(lines[4], "  hash_map_engine  ✓");
        assert_eq!(lines[6], "  faulty_engine    ✗*");
        assert_eq!(lines[7], "1 engine_snapshot");
    }
}
