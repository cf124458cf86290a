//! Whether the report passes: references pass, faulty implementations are caught.

use super::catalog::Role;
use super::run::Cell;
use crate::outcome::Outcome;

/// The report's conclusion, with a reason per problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Everything that makes the report fail; empty when it passes.
    pub problems: Vec<String>,
}

impl Verdict {
    /// Whether every reference implementation and correct control passed and every
    /// faulty implementation whose target ran was caught by it.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Judges `cells`. Running nothing is a problem too: a report that checks nothing
/// proves nothing.
pub fn verdict(cells: &[Cell]) -> Verdict {
    let mut problems = Vec::new();
    if cells.is_empty() {
        problems.push("no property ran: the selection is empty".to_string());
    }
    for cell in cells {
        match (cell.role, &cell.outcome) {
            (Role::Reference | Role::CorrectControl, Outcome::Failed(failures)) => {
                problems.push(format!(
                    "`{}` must pass but fails `{}`: {}",
                    cell.subject,
                    cell.property.id,
                    failures.rules().join("; ")
                ));
            }
            (Role::Faulty { target }, outcome)
                if target == cell.property.id && outcome.failure().is_none() =>
            {
                problems.push(format!(
                    "faulty `{}` is not caught by `{}`, the property that targets it ({outcome})",
                    cell.subject, target
                ));
            }
            _ => {}
        }
    }
    Verdict { problems }
}
