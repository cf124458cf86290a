//! A progress line for a terminal while the report runs: cells done, time so far, and
//! the cell running longest (suite, implementation, property, its time).

use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::run::{Planned, Progress};
use storage_conformance::records::CellRecord;

/// The widest line drawn, so that it never wraps on an 80-column terminal (a wrapped
/// line cannot be redrawn in place).
const WIDTH: usize = 79;

struct Running {
    index: usize,
    what: String,
    since: Instant,
}

struct State {
    done: usize,
    running: Vec<Running>,
}

/// Draws one line on stderr, rewritten as cells start and finish and on every
/// [`ProgressLine::draw`].
pub struct ProgressLine {
    total: usize,
    started: Instant,
    state: Mutex<State>,
}

fn clock(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs();
    if seconds >= 60 {
        format!("{}m{:02}s", seconds / 60, seconds % 60)
    } else {
        format!("{:.1}s", elapsed.as_secs_f64())
    }
}

impl ProgressLine {
    /// A line for a run of `total` cells, starting now.
    pub fn new(total: usize) -> Self {
        Self {
            total,
            started: Instant::now(),
            state: Mutex::new(State {
                done: 0,
                running: Vec::new(),
            }),
        }
    }

    /// The line as it stands at `now`.
    pub fn line(&self, now: Instant) -> String {
        let Ok(state) = self.state.lock() else {
            return String::new();
        };
        let mut line = format!(
            "[{}/{} {}]",
            state.done,
            self.total,
            clock(now.duration_since(self.started))
        );
        if let Some(longest) = state.running.iter().min_by_key(|r| r.since) {
            let _ = write!(
                line,
                " {} {}",
                longest.what,
                clock(now.duration_since(longest.since))
            );
            if state.running.len() > 1 {
                let _ = write!(line, " (+{} running)", state.running.len() - 1);
            }
        }
        if line.chars().count() > WIDTH {
            line = line.chars().take(WIDTH - 1).collect::<String>() + "…";
        }
        line
    }

    /// Redraws the line on stderr.
    pub fn draw(&self) {
        let line = self.line(Instant::now());
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\r\x1b[2K{line}");
        let _ = stderr.flush();
    }

    /// Clears the line, for the report to follow.
    pub fn clear(&self) {
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\r\x1b[2K");
        let _ = stderr.flush();
    }
}

impl Progress for ProgressLine {
    fn started(&self, index: usize, cell: &Planned<'_>) {
        if let Ok(mut state) = self.state.lock() {
            state.running.push(Running {
                index,
                what: format!(
                    "{} · {} · {}",
                    cell.subject.suite, cell.subject.name, cell.property.id
                ),
                since: Instant::now(),
            });
        }
        self.draw();
    }

    fn finished(&self, index: usize, _record: &CellRecord) {
        if let Ok(mut state) = self.state.lock() {
            state.done += 1;
            state.running.retain(|r| r.index != index);
        }
        self.draw();
    }
}

/// No progress at all: for output that is not a terminal.
pub struct Quiet;

impl Progress for Quiet {
    fn started(&self, _index: usize, _cell: &Planned<'_>) {}
    fn finished(&self, _index: usize, _record: &CellRecord) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::catalog::catalog;
    use storage_conformance::property::PropertyInfo;

    #[test]
    fn the_line_shows_cells_done_and_the_longest_running_cell_within_80_columns() {
        let subjects = catalog();
        let property: PropertyInfo = subjects[0].properties[0];
        let progress = ProgressLine::new(10);
        progress.started(
            0,
            &Planned {
                subject: &subjects[0],
                property,
            },
        );
        progress.started(
            1,
            &Planned {
                subject: &subjects[1],
                property,
            },
        );
        let line = progress.line(Instant::now());
        assert!(line.starts_with("[0/10 "), "{line}");
        assert!(
            line.contains("StorageEngine · hash_map_engine · engine_model_equivalence"),
            "{line}"
        );
        assert!(line.chars().count() <= WIDTH, "{line}");
        progress.finished(
            0,
            &crate::report::verdict::tests::cell(
                "hash_map_engine",
                storage_conformance::records::RoleName::Reference,
                None,
                property.id,
                storage_conformance::outcome::Outcome::Passed { cases: 1 },
            ),
        );
        let line = progress.line(Instant::now());
        assert!(
            line.starts_with("[1/10 ") && line.contains("btree_engine"),
            "{line}"
        );
        assert!(clock(Duration::from_secs(75)) == "1m15s");
    }
}
