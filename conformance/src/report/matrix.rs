//! The report as text: a property × implementation matrix per suite, then every
//! failure with its counterexample, every skip with its reason, and the verdict.

use std::fmt::Write as _;

use super::catalog::Role;
use super::run::Cell;
use super::verdict::Verdict;
use crate::outcome::Outcome;

fn mark(cell: &Cell) -> String {
    let status = match &cell.outcome {
        Outcome::Passed { .. } => "pass",
        Outcome::Skipped { .. } => "skip",
        Outcome::NotApplicable { .. } => "n/a",
        Outcome::Failed(_) => "FAIL",
    };
    match cell.role {
        Role::Faulty { target } if target == cell.property.id => format!("{status}*"),
        _ => status.to_string(),
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Reference => "reference",
        Role::CorrectControl => "correct control",
        Role::Faulty { .. } => "faulty",
    }
}

/// One suite's matrix: a row per property, a numbered column per implementation.
fn suite_matrix(out: &mut String, suite: &str, cells: &[&Cell]) {
    let mut subjects: Vec<(&str, Role)> = Vec::new();
    let mut properties: Vec<&'static str> = Vec::new();
    for cell in cells {
        if !subjects.iter().any(|(s, _)| *s == cell.subject) {
            subjects.push((&cell.subject, cell.role));
        }
        if !properties.contains(&cell.property.id) {
            properties.push(cell.property.id);
        }
    }
    let width = properties.iter().map(|p| p.len()).max().unwrap_or(8);
    let _ = writeln!(out, "\n{suite}\n");
    let _ = write!(out, "{:width$}", "property");
    for index in 1..=subjects.len() {
        let _ = write!(out, " {:>6}", format!("[{index}]"));
    }
    out.push('\n');
    for property in &properties {
        let _ = write!(out, "{property:width$}");
        for (subject, _) in &subjects {
            let text = cells
                .iter()
                .find(|c| c.subject == *subject && c.property.id == *property)
                .map_or_else(|| "·".to_string(), |c| mark(c));
            let _ = write!(out, " {text:>6}");
        }
        out.push('\n');
    }
    for (index, (subject, role)) in subjects.iter().enumerate() {
        let _ = writeln!(out, "  [{}] {subject} ({})", index + 1, role_name(*role));
    }
}

/// The whole report as text.
pub fn render_matrix(cells: &[Cell], verdict: &Verdict) -> String {
    let mut out = String::from(
        "Conformance matrix (pass / FAIL / skip / n/a for not applicable; * marks the property that must catch a faulty implementation; · not run)\n",
    );
    let mut suites: Vec<&str> = cells.iter().map(|c| c.suite).collect();
    suites.dedup();
    for suite in suites {
        let of_suite: Vec<&Cell> = cells.iter().filter(|c| c.suite == suite).collect();
        suite_matrix(&mut out, suite, &of_suite);
    }
    let failures: Vec<&Cell> = cells
        .iter()
        .filter(|c| c.outcome.failure().is_some())
        .collect();
    if !failures.is_empty() {
        let _ = writeln!(out, "\nFailures ({}):", failures.len());
        for cell in failures {
            if let Outcome::Failed(failure) = &cell.outcome {
                let _ = writeln!(
                    out,
                    "\n── {} ({}) ──\n{failure}",
                    cell.subject,
                    role_name(cell.role)
                );
            }
        }
    }
    let skips: Vec<&Cell> = cells
        .iter()
        .filter(|c| {
            matches!(
                c.outcome,
                Outcome::Skipped { .. } | Outcome::NotApplicable { .. }
            )
        })
        .collect();
    if !skips.is_empty() {
        let _ = writeln!(out, "\nSkipped or not applicable ({}):", skips.len());
        for cell in skips {
            let _ = writeln!(out, "  {}: {}", cell.subject, cell.outcome);
        }
    }
    if verdict.passed() {
        let _ = writeln!(
            out,
            "\nVerdict: PASS — every reference implementation and correct control passes, every faulty implementation is caught by its target property."
        );
    } else {
        let _ = writeln!(out, "\nVerdict: FAIL");
        for problem in &verdict.problems {
            let _ = writeln!(out, "  - {problem}");
        }
    }
    out
}
