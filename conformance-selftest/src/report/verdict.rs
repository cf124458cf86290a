//! Whether the report passes: implementations that must pass do, faulty ones are caught.

use storage_conformance::records::{CellRecord, Status};

/// How one cell bears on the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    /// As expected: a passing implementation that must pass, or a faulty one caught by
    /// its target property.
    Expected,
    /// Needs attention: it makes the report fail.
    Problem,
    /// Neither: a skip, or a faulty implementation on a property that does not target
    /// it (whatever it gave).
    Incidental,
}

/// How `cell` bears on the verdict.
pub fn judge(cell: &CellRecord) -> Judgement {
    match (cell.status, cell.role.must_pass(), cell.is_target()) {
        (Status::Error, _, _)
        | (Status::Fail, true, _)
        | (Status::Pass | Status::Skipped, false, true) => Judgement::Problem,
        (Status::Pass, true, _) | (Status::Fail, false, true) => Judgement::Expected,
        _ => Judgement::Incidental,
    }
}

/// Why `cell` is a problem, in one line; `None` when it is not one.
pub fn problem(cell: &CellRecord) -> Option<String> {
    if judge(cell) != Judgement::Problem {
        return None;
    }
    Some(match cell.status {
        Status::Error => format!(
            "the kit could not run `{}` on `{}`: {}",
            cell.property,
            cell.implementation,
            cell.error.as_deref().unwrap_or("no reason given")
        ),
        Status::Fail => format!(
            "`{}` must pass but fails `{}`: {}",
            cell.implementation,
            cell.property,
            cell.failures
                .iter()
                .map(|f| f.rule.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ),
        Status::Pass => format!(
            "faulty `{}` is not caught by `{}`, the property that targets it (passed {} cases)",
            cell.implementation, cell.property, cell.cases
        ),
        Status::Skipped => format!(
            "faulty `{}` is not caught by `{}`, the property that targets it (skipped: {})",
            cell.implementation,
            cell.property,
            cell.skip_reason.as_deref().unwrap_or("no reason given")
        ),
    })
}

/// The report's conclusion, with a reason per problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Everything that makes the report fail; empty when it passes.
    pub problems: Vec<String>,
}

impl Verdict {
    /// Whether every implementation that must pass passed every property it ran and
    /// every faulty implementation whose target ran was caught by it.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Judges `cells`. Running nothing is a problem too: a report that checks nothing
/// proves nothing.
pub fn verdict(cells: &[CellRecord]) -> Verdict {
    let mut problems = Vec::new();
    if cells.is_empty() {
        problems.push("no property ran: the selection is empty".to_string());
    }
    problems.extend(cells.iter().filter_map(problem));
    Verdict { problems }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::time::Duration;

    use super::*;
    use storage_conformance::config::RunConfig;
    use storage_conformance::failure::{Failure, FailureKind, Violation};
    use storage_conformance::outcome::Outcome;
    use storage_conformance::records::{CellId, RoleName};

    /// A cell of `implementation` (faulty when `target` is given) on `property`.
    pub(crate) fn cell(
        implementation: &str,
        role: RoleName,
        target: Option<&str>,
        property: &str,
        outcome: Outcome,
    ) -> CellRecord {
        let id = CellId {
            implementation: implementation.to_string(),
            role,
            target: target.map(str::to_string),
            property: property.to_string(),
        };
        CellRecord::new(
            id,
            &RunConfig::default().seed(7),
            &Ok(outcome),
            Duration::from_millis(3),
        )
    }

    /// A failure of `property` breaking "a rule", with a two-step counterexample.
    pub(crate) fn failed(property: &'static str) -> Outcome {
        Outcome::Failed(storage_conformance::failure::Failures::new(Failure {
            property,
            kind: FailureKind::Violation(Violation::at(1, "a rule", "Some(1)", "None")),
            counterexample: "let e = MyEngine::new();\ne.put(\"a\", 1);".to_string(),
            steps: 2,
            case_seed: 0xab,
            run_seed: 7,
            cases_run: 4,
            shrink_iters: 11,
            pins: Vec::new(),
        }))
    }

    const PASSED: Outcome = Outcome::Passed { cases: 128 };

    #[test]
    fn each_cell_is_judged_by_its_role_and_target() {
        let p = "engine_snapshot";
        let under_test = cell("mine", RoleName::UnderTest, None, p, failed(p));
        assert_eq!(judge(&under_test), Judgement::Problem);
        assert_eq!(
            judge(&cell("ref", RoleName::Reference, None, p, PASSED)),
            Judgement::Expected
        );
        let caught = cell("bad", RoleName::Faulty, Some(p), p, failed(p));
        assert_eq!(judge(&caught), Judgement::Expected);
        let missed = cell("bad", RoleName::Faulty, Some(p), p, PASSED);
        assert_eq!(judge(&missed), Judgement::Problem);
        let elsewhere = cell(
            "bad",
            RoleName::Faulty,
            Some("engine_clear_destroy"),
            p,
            failed(p),
        );
        assert_eq!(judge(&elsewhere), Judgement::Incidental);
        let skip = Outcome::Skipped {
            reason: "off".to_string(),
        };
        assert_eq!(
            judge(&cell("ref", RoleName::Reference, None, p, skip)),
            Judgement::Incidental
        );
    }

    #[test]
    fn the_verdict_lists_every_problem_and_fails_on_nothing_run() {
        let p = "engine_snapshot";
        let verdict = verdict(&[
            cell("ref", RoleName::Reference, None, p, PASSED),
            cell("mine", RoleName::UnderTest, None, p, failed(p)),
            cell("bad", RoleName::Faulty, Some(p), p, PASSED),
        ]);
        assert_eq!(verdict.problems.len(), 2, "{verdict:?}");
        assert!(
            verdict.problems[0].contains("`mine` must pass but fails `engine_snapshot`: a rule")
        );
        assert!(verdict.problems[1].contains("faulty `bad` is not caught by `engine_snapshot`"));
        assert!(!super::verdict(&[]).passed());
    }
}
