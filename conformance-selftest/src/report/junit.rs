//! The report as JUnit XML, for CI systems that show test results: a test suite per
//! suite, a test case per cell (class `<suite>.<implementation>`, name the property).
//!
//! A test case fails exactly when its cell needs attention (it makes the verdict fail);
//! a faulty implementation caught by its target passes, with the failure it showed in
//! `system-out`; a skip is `skipped`; a cell the kit could not run is an `error`.

use std::fmt::Write as _;

use super::markup::escape;
use super::table::tables;
use super::text::mark;
use super::verdict::{Judgement, judge, problem};
use storage_conformance::records::{CellRecord, Status};

fn seconds(cells: &[&CellRecord]) -> f64 {
    cells.iter().map(|c| c.millis as f64).sum::<f64>() / 1000.0
}

fn testcase(out: &mut String, suite: &str, cell: &CellRecord) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}.{}\" name=\"{}\" time=\"{:.3}\"",
        escape(suite),
        escape(&cell.implementation),
        escape(&cell.property),
        cell.millis as f64 / 1000.0
    );
    let details: String = super::text::attention_body(cell);
    let inner = match (judge(cell), cell.status) {
        (Judgement::Problem, Status::Error) => format!(
            "      <error message=\"{}\">{}</error>\n",
            escape(cell.error.as_deref().unwrap_or("")),
            escape(&details)
        ),
        (Judgement::Problem, _) => format!(
            "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
            escape(&problem(cell).unwrap_or_default()),
            if cell.status == Status::Fail {
                "must_pass"
            } else {
                "not_caught"
            },
            escape(&details)
        ),
        (_, Status::Skipped) => format!(
            "      <skipped message=\"{}\"/>\n",
            escape(cell.skip_reason.as_deref().unwrap_or(""))
        ),
        (_, Status::Fail) => format!(
            "      <system-out>{} {}</system-out>\n",
            escape(mark(Some(cell)).trim()),
            escape(&details)
        ),
        _ => String::new(),
    };
    if inner.is_empty() {
        out.push_str("/>\n");
    } else {
        let _ = write!(out, ">\n{inner}    </testcase>\n");
    }
}

/// The whole report as JUnit XML.
pub fn to_junit(records: &[CellRecord]) -> String {
    let counts = |cells: &[&CellRecord]| {
        let problems = cells.iter().filter(|c| judge(c) == Judgement::Problem);
        let errors = problems
            .clone()
            .filter(|c| c.status == Status::Error)
            .count();
        let failures = problems.count() - errors;
        let skipped = cells
            .iter()
            .filter(|c| c.status == Status::Skipped && judge(c) != Judgement::Problem)
            .count();
        format!(
            "tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{:.3}\"",
            cells.len(),
            seconds(cells)
        )
    };
    let all: Vec<&CellRecord> = records.iter().collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"conformance\" {}>", counts(&all));
    for table in tables(records) {
        let cells: Vec<&CellRecord> = table.cells().collect();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" {}>",
            escape(table.name),
            counts(&cells)
        );
        for cell in cells {
            testcase(&mut out, table.name, cell);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::verdict::tests::{cell, failed};
    use storage_conformance::outcome::Outcome;
    use storage_conformance::records::RoleName;

    #[test]
    fn one_test_case_per_cell_failing_exactly_where_attention_is_needed() {
        let p = "engine_snapshot";
        let records = [
            cell(
                "ref",
                RoleName::Reference,
                None,
                p,
                Outcome::Passed { cases: 5 },
            ),
            cell("caught", RoleName::Faulty, Some(p), p, failed(p)),
            cell(
                "missed",
                RoleName::Faulty,
                Some(p),
                p,
                Outcome::Passed { cases: 5 },
            ),
            cell(
                "mine",
                RoleName::UnderTest,
                None,
                p,
                Outcome::Skipped {
                    reason: "off <x>".to_string(),
                },
            ),
        ];
        let xml = to_junit(&records);
        assert!(xml.contains("<testsuites name=\"conformance\" tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"1\""), "{xml}");
        assert_eq!(xml.matches("<testcase ").count(), 4);
        assert!(xml.contains("<testcase classname=\"StorageEngine.ref\" name=\"engine_snapshot\" time=\"0.003\"/>"), "{xml}");
        assert!(
            xml.contains("<system-out>✗* property `engine_snapshot` failed: a rule"),
            "{xml}"
        );
        assert!(
            xml.contains("<failure message=\"faulty `missed` is not caught by `engine_snapshot`"),
            "{xml}"
        );
        assert!(
            xml.contains("<skipped message=\"off &lt;x&gt;\"/>"),
            "{xml}"
        );
    }
}
