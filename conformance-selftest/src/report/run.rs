//! Running the selected properties on the selected implementations, on several threads
//! at once: cells are independent, each runs on fresh implementations.

use std::sync::Mutex;
use std::time::Instant;

use super::catalog::Subject;
use storage_conformance::config::RunConfig;
use storage_conformance::property::PropertyInfo;
use storage_conformance::records::CellRecord;

/// Which implementations and properties to run; empty means all.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Implementation names.
    pub implementations: Vec<String>,
    /// Property ids.
    pub properties: Vec<String>,
}

impl Selection {
    /// Whether `record`'s cell is selected.
    pub fn keeps(&self, record: &CellRecord) -> bool {
        chosen(&self.implementations, &record.implementation)
            && chosen(&self.properties, &record.property)
    }
}

fn chosen(list: &[String], item: &str) -> bool {
    list.is_empty() || list.iter().any(|l| l == item)
}

/// One cell to run: a subject and one of its properties.
#[derive(Debug, Clone, Copy)]
pub struct Planned<'a> {
    /// The implementation.
    pub subject: &'a Subject,
    /// The property.
    pub property: PropertyInfo,
}

/// Told about each cell as the report runs, from the threads that run them.
pub trait Progress: Sync {
    /// Cell `index` of the plan started.
    fn started(&self, index: usize, cell: &Planned<'_>);
    /// Cell `index` finished with `record`.
    fn finished(&self, index: usize, record: &CellRecord);
}

/// Runs cells one after the other, for one of the report's threads.
pub trait CellRunner {
    /// Runs `property` on `subject`; a cell that cannot be run is a record too.
    fn run(&mut self, subject: &Subject, property: &PropertyInfo) -> CellRecord;
}

/// Runs cells in this process with `config` (and each subject's pins).
#[derive(Debug, Clone)]
pub struct InProcess {
    /// The settings of every cell.
    pub config: RunConfig,
}

impl CellRunner for InProcess {
    fn run(&mut self, subject: &Subject, property: &PropertyInfo) -> CellRecord {
        run_in_process(subject, property, &self.config)
    }
}

/// Runs `property` on `subject` in this process, with `config` and the subject's pins.
pub fn run_in_process(
    subject: &Subject,
    property: &PropertyInfo,
    config: &RunConfig,
) -> CellRecord {
    let config = subject.config(config);
    let start = Instant::now();
    let result = (subject.check)(property.id, &config);
    CellRecord::new(subject.cell_id(property), &config, &result, start.elapsed())
}

fn unknown(what: &str, name: &str, known: &[&str]) -> String {
    format!("unknown {what} {name:?}; known: {}", known.join(", "))
}

/// The cells `selection` picks, in catalog order, or an error naming what is unknown.
pub fn plan<'a>(
    subjects: &'a [Subject],
    selection: &Selection,
) -> Result<Vec<Planned<'a>>, String> {
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
    Ok(subjects
        .iter()
        .filter(|s| chosen(&selection.implementations, &s.name))
        .flat_map(|subject| {
            subject
                .properties
                .iter()
                .filter(|p| chosen(&selection.properties, p.id))
                .map(move |property| Planned {
                    subject,
                    property: *property,
                })
        })
        .collect())
}

/// Workers added for the cells of subjects that mostly wait ([`Subject::waits`]), when
/// there are such cells and more than one job.
pub const WAITING_JOBS: usize = 2;

/// The cells still to run, in two queues: those that mostly wait, and the others.
struct Queues {
    waiting: Mutex<std::collections::VecDeque<usize>>,
    computing: Mutex<std::collections::VecDeque<usize>>,
}

impl Queues {
    fn new(planned: &[Planned<'_>]) -> Self {
        let (waiting, computing) = (0..planned.len()).partition(|&i| planned[i].subject.waits);
        Self {
            waiting: Mutex::new(waiting),
            computing: Mutex::new(computing),
        }
    }

    /// The next cell, from the preferred queue while it has any.
    fn next(&self, prefers_waiting: bool) -> Option<usize> {
        let (first, then) = if prefers_waiting {
            (&self.waiting, &self.computing)
        } else {
            (&self.computing, &self.waiting)
        };
        [first, then].into_iter().find_map(|queue| {
            queue
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .pop_front()
        })
    }
}

/// Runs every planned cell on `jobs` threads (at least one), plus [`WAITING_JOBS`] for
/// the cells that mostly wait (if any, and `jobs` is more than one), each thread running
/// its cells with a runner of its own from `new_runner`, and returns the records in plan
/// order. The waiting cells (a real store's commits) start at once on their own
/// threads, so that they overlap the cells that compute instead of ending the run
/// with the cores idle.
pub fn run_cells(
    planned: &[Planned<'_>],
    jobs: usize,
    new_runner: &(dyn Fn() -> Box<dyn CellRunner> + Sync),
    progress: &dyn Progress,
) -> Vec<CellRecord> {
    let queues = Queues::new(planned);
    let records: Mutex<Vec<Option<CellRecord>>> = Mutex::new(vec![None; planned.len()]);
    let jobs = jobs.clamp(1, planned.len().max(1));
    let waiting = planned.iter().filter(|cell| cell.subject.waits).count();
    let waiting_jobs = if jobs > 1 {
        waiting.min(WAITING_JOBS)
    } else {
        0
    };
    std::thread::scope(|scope| {
        for job in 0..jobs + waiting_jobs {
            let (queues, records) = (&queues, &records);
            scope.spawn(move || {
                let mut runner = new_runner();
                while let Some(index) = queues.next(job >= jobs) {
                    let cell = &planned[index];
                    progress.started(index, cell);
                    let record = runner.run(cell.subject, &cell.property);
                    progress.finished(index, &record);
                    // A poisoned lock means another worker panicked: its records are
                    // still good, and its panic ends the scope anyway.
                    records
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)[index] = Some(record);
                }
            });
        }
    });
    records
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::catalog::catalog;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts the cells that finished.
    struct Count(AtomicUsize);

    impl Progress for Count {
        fn started(&self, _index: usize, _cell: &Planned<'_>) {}
        fn finished(&self, _index: usize, _record: &CellRecord) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    #[test]
    fn waiting_cells_go_to_the_workers_that_prefer_them_and_to_the_others_once_theirs_run_out() {
        let subjects = catalog();
        let computing = subjects.iter().find(|s| !s.waits).expect("a subject");
        let waiting = computing.clone().waiting();
        let property = computing.properties[0];
        let planned = [
            Planned {
                subject: computing,
                property,
            },
            Planned {
                subject: &waiting,
                property,
            },
            Planned {
                subject: computing,
                property,
            },
        ];
        let queues = Queues::new(&planned);
        assert_eq!(queues.next(true), Some(1));
        assert_eq!(queues.next(true), Some(0));
        assert_eq!(queues.next(false), Some(2));
        assert_eq!(queues.next(false), None);
    }

    #[test]
    fn cells_run_on_several_threads_come_back_in_plan_order() {
        let subjects = catalog();
        let selection = Selection {
            implementations: vec!["hash_map_engine".to_string(), "btree_engine".to_string()],
            properties: vec![
                "engine_snapshot".to_string(),
                "engine_clear_destroy".to_string(),
            ],
        };
        let planned = plan(&subjects, &selection).expect("known names");
        let config = RunConfig::default().cases(4);
        let new_runner = || -> Box<dyn CellRunner> {
            Box::new(InProcess {
                config: config.clone(),
            })
        };
        let progress = Count(AtomicUsize::new(0));
        let records = run_cells(&planned, 2, &new_runner, &progress);
        let order: Vec<(&str, &str)> = records
            .iter()
            .map(|r| (r.implementation.as_str(), r.property.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("hash_map_engine", "engine_snapshot"),
                ("hash_map_engine", "engine_clear_destroy"),
                ("btree_engine", "engine_snapshot"),
                ("btree_engine", "engine_clear_destroy"),
            ]
        );
        assert_eq!(progress.0.load(Ordering::Relaxed), 4);
        let unknown = Selection {
            implementations: vec!["nobody".to_string()],
            properties: Vec::new(),
        };
        assert!(plan(&subjects, &unknown).is_err_and(|e| e.contains("nobody")));
    }
}
