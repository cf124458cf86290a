//! Running the selected properties on the selected implementations.

use std::time::{Duration, Instant};

use super::catalog::{Role, Subject};
use crate::config::RunConfig;
use crate::outcome::Outcome;
use crate::property::PropertyInfo;

/// Which implementations and properties to run; empty means all.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Implementation names.
    pub implementations: Vec<String>,
    /// Property ids.
    pub properties: Vec<String>,
}

/// One property run on one implementation.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The implementation's name.
    pub subject: String,
    /// Its suite.
    pub suite: &'static str,
    /// What is expected of it.
    pub role: Role,
    /// The property.
    pub property: PropertyInfo,
    /// What running it gave.
    pub outcome: Outcome,
    /// How long it took.
    pub elapsed: Duration,
    /// The run seed.
    pub seed: u64,
}

/// Told about each cell as the report runs, to show progress.
pub trait Progress {
    /// `index` of `total` cells is about to run.
    fn started(&mut self, index: usize, total: usize, subject: &str, property: &str);
    /// A cell finished.
    fn finished(&mut self, cell: &Cell);
}

fn unknown(what: &str, name: &str, known: &[&str]) -> String {
    format!("unknown {what} {name:?}; known: {}", known.join(", "))
}

/// The (subject, property) pairs `selection` picks, or an error naming what is unknown.
fn plan<'a>(
    subjects: &'a [Subject],
    selection: &Selection,
) -> Result<Vec<(&'a Subject, PropertyInfo)>, String> {
    let names: Vec<&str> = subjects.iter().map(|s| s.name.as_str()).collect();
    for name in &selection.implementations {
        if !names.contains(&name.as_str()) {
            return Err(unknown("implementation", name, &names));
        }
    }
    let mut ids: Vec<&str> = subjects
        .iter()
        .flat_map(|s| s.properties.iter().map(|p| p.id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    for id in &selection.properties {
        if !ids.contains(&id.as_str()) {
            return Err(unknown("property", id, &ids));
        }
    }
    let chosen = |list: &[String], item: &str| list.is_empty() || list.iter().any(|l| l == item);
    Ok(subjects
        .iter()
        .filter(|s| chosen(&selection.implementations, &s.name))
        .flat_map(|s| {
            s.properties
                .iter()
                .filter(|p| chosen(&selection.properties, p.id))
                .map(move |p| (s, *p))
        })
        .collect())
}

/// Runs every selected property on every selected implementation, in catalog order.
pub fn run_report(
    subjects: &[Subject],
    selection: &Selection,
    config: &RunConfig,
    progress: &mut dyn Progress,
) -> Result<Vec<Cell>, String> {
    let plan = plan(subjects, selection)?;
    let total = plan.len();
    let mut cells = Vec::with_capacity(total);
    for (index, (subject, property)) in plan.into_iter().enumerate() {
        progress.started(index, total, &subject.name, property.id);
        let start = Instant::now();
        let outcome = (subject.check)(property.id, config)?;
        let cell = Cell {
            subject: subject.name.clone(),
            suite: subject.suite,
            role: subject.role,
            property,
            outcome,
            elapsed: start.elapsed(),
            seed: config.seed,
        };
        progress.finished(&cell);
        cells.push(cell);
    }
    Ok(cells)
}
