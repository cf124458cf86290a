//! The report as JSON for machines: one record per property and implementation.

use serde::Serialize;

use super::catalog::Role;
use super::run::Cell;
use super::verdict::Verdict;
use crate::failure::FailureKind;
use crate::outcome::Outcome;

/// One cell of the matrix, as written to JSON.
#[derive(Debug, Clone, Serialize)]
pub struct CellRecord {
    /// The implementation.
    pub implementation: String,
    /// Its suite.
    pub suite: &'static str,
    /// `reference`, `correct_control` or `faulty`.
    pub role: &'static str,
    /// For a faulty implementation, the property that must catch it.
    pub target: Option<&'static str>,
    /// The property id.
    pub property: &'static str,
    /// `pass`, `fail`, `skipped` or `not_applicable`.
    pub status: &'static str,
    /// Cases run.
    pub cases: u32,
    /// Wall-clock time in milliseconds.
    pub millis: u128,
    /// The run seed, in hex: `CONFORMANCE_SEED` or `--seed` replays it.
    pub seed: String,
    /// Why it was skipped, or does not apply.
    pub skip_reason: Option<String>,
    /// The rule broken (the first found, which the other fields describe).
    pub rule: Option<String>,
    /// Every further distinct rule broken, in the order found (each with its own
    /// counterexample in the text report).
    pub other_rules: Vec<String>,
    /// What the contract requires, when a check failed.
    pub expected: Option<String>,
    /// What the implementation did, when a check failed.
    pub actual: Option<String>,
    /// The shrunk counterexample as Rust code.
    pub counterexample: Option<String>,
    /// The counterexample's number of steps.
    pub steps: Option<usize>,
    /// The failing case's seed, in hex.
    pub case_seed: Option<String>,
}

impl From<&Cell> for CellRecord {
    fn from(cell: &Cell) -> Self {
        let (role, target) = match cell.role {
            Role::Reference => ("reference", None),
            Role::CorrectControl => ("correct_control", None),
            Role::Faulty { target } => ("faulty", Some(target)),
        };
        let mut record = CellRecord {
            implementation: cell.subject.clone(),
            suite: cell.suite,
            role,
            target,
            property: cell.property.id,
            status: "pass",
            cases: 0,
            millis: cell.elapsed.as_millis(),
            seed: format!("{:#x}", cell.seed),
            skip_reason: None,
            rule: None,
            other_rules: Vec::new(),
            expected: None,
            actual: None,
            counterexample: None,
            steps: None,
            case_seed: None,
        };
        match &cell.outcome {
            Outcome::Passed { cases } => record.cases = *cases,
            Outcome::Skipped { reason } => {
                record.status = "skipped";
                record.skip_reason = Some(reason.clone());
            }
            Outcome::NotApplicable { reason } => {
                record.status = "not_applicable";
                record.skip_reason = Some(reason.clone());
            }
            Outcome::Failed(failures) => {
                let failure = failures.first();
                record.other_rules = failures.rules().split_off(1);
                record.status = "fail";
                record.cases = failure.cases_run;
                record.rule = Some(failure.kind.rule());
                if let FailureKind::Violation(v) = &failure.kind {
                    record.expected = Some(v.expected.clone());
                    record.actual = Some(v.actual.clone());
                }
                record.counterexample = Some(failure.counterexample.clone());
                record.steps = Some(failure.steps);
                record.case_seed = Some(format!("{:#018x}", failure.case_seed));
            }
        }
        record
    }
}

/// The whole report as JSON: the verdict and one record per cell.
pub fn to_json(cells: &[Cell], verdict: &Verdict) -> serde_json::Value {
    let results: Vec<CellRecord> = cells.iter().map(CellRecord::from).collect();
    serde_json::json!({
        "passed": verdict.passed(),
        "problems": verdict.problems,
        "results": results,
    })
}
