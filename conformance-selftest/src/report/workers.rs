//! Running cells in worker processes, so that a cell that hangs or aborts cannot harm
//! the others.
//!
//! A hung case leaves its threads behind (Rust cannot stop a thread): parked ones cost
//! nothing, but one that spins keeps a core busy until its process ends, and the
//! report runs as many cells at once as there are cores. So each of the report's
//! threads drives a worker process (the report's own binary, serving cells over
//! stdin/stdout), and a worker whose cell hung, died or stopped answering is replaced
//! by a fresh one. A worker that aborts (a stack overflow in the implementation) costs
//! its cell, reported as a crash, not the report.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::catalog::Subject;
use super::run::{CellRunner, run_in_process};
use storage_conformance::config::RunConfig;
use storage_conformance::property::PropertyInfo;
use storage_conformance::records::CellRecord;

/// What starts a worker's line on stdout, so that an implementation that prints to
/// stdout cannot be mistaken for a record.
const RECORD_PREFIX: &str = "@conformance-record ";

/// How long a worker may take over one cell before it is ended and the cell reported
/// as a crash: far above any cell the runner bounds (watchdogs, shrink bounds), so it
/// only ends a worker the kit itself lost.
pub const CELL_TIMEOUT: Duration = Duration::from_secs(600);

/// Lines of a worker's stderr kept to explain a crash.
const STDERR_LINES: usize = 12;

/// A worker process: what starts one, and the one running, if any.
pub struct WorkerProcess {
    program: PathBuf,
    config: RunConfig,
    running: Option<Running>,
}

struct Running {
    child: Child,
    stdin: ChildStdin,
    records: Receiver<String>,
    stderr: Arc<Mutex<VecDeque<String>>>,
}

impl WorkerProcess {
    /// Workers started as `program --worker --cases N --seed S` (the report binary in
    /// its worker mode) to run cells with `config`'s case count and seed; the other
    /// settings come from the environment they inherit, as in the report.
    pub fn new(program: PathBuf, config: RunConfig) -> Self {
        Self {
            program,
            config,
            running: None,
        }
    }

    fn start(&self) -> Result<Running, String> {
        let program = &self.program;
        let mut child = Command::new(program)
            .args(["--worker", "--cases"])
            .arg(self.config.cases.to_string())
            .arg("--seed")
            .arg(self.config.seed.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start a worker ({}): {e}", program.display()))?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err("a worker started without its pipes".to_string());
        };
        let (sender, records) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find(RECORD_PREFIX)
                    && sender
                        .send(line[at + RECORD_PREFIX.len()..].to_string())
                        .is_err()
                {
                    break;
                }
            }
        });
        let tail = Arc::new(Mutex::new(VecDeque::new()));
        let kept = Arc::clone(&tail);
        std::thread::spawn(move || keep_tail(stderr, &kept));
        Ok(Running {
            child,
            stdin,
            records,
            stderr: tail,
        })
    }

    /// Ends the running worker, if any.
    fn retire(&mut self) {
        if let Some(mut running) = self.running.take() {
            // Killing a worker that already exited fails harmlessly; waiting reaps it.
            let _ = running.child.kill();
            let _ = running.child.wait();
        }
    }

    /// Sends one cell to the worker and waits for its record.
    fn ask(&mut self, subject: &Subject, property: &PropertyInfo) -> Result<CellRecord, String> {
        if self.running.is_none() {
            self.running = Some(self.start()?);
        }
        let running = self.running.as_mut().ok_or("no worker")?;
        writeln!(running.stdin, "{}\t{}", subject.name, property.id)
            .and_then(|()| running.stdin.flush())
            .map_err(|e| format!("the worker stopped taking cells: {e}"))?;
        let line = match running.records.recv_timeout(CELL_TIMEOUT) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => {
                return Err(format!("no answer within {CELL_TIMEOUT:?}"));
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = running
                    .child
                    .wait()
                    .map_or_else(|e| e.to_string(), |s| s.to_string());
                let tail = running
                    .stderr
                    .lock()
                    .map(|lines| Vec::from(lines.clone()).join("\n"))
                    .unwrap_or_default();
                return Err(format!(
                    "the worker process ended ({status}); its last words:\n{tail}"
                ));
            }
        };
        serde_json::from_str(&line).map_err(|e| format!("the worker's record is unreadable: {e}"))
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        self.retire();
    }
}

impl CellRunner for WorkerProcess {
    fn run(&mut self, subject: &Subject, property: &PropertyInfo) -> CellRecord {
        let started = Instant::now();
        match self.ask(subject, property) {
            Ok(mut record) => {
                if record.hung() {
                    self.retire();
                }
                // The roles are the report's to decide (its options can change them).
                let id = subject.cell_id(property);
                record.role = id.role;
                record.target = id.target;
                record
            }
            Err(how) => {
                self.retire();
                let config = subject.config(&self.config);
                CellRecord::crashed(subject.cell_id(property), &config, &how, started.elapsed())
            }
        }
    }
}

fn keep_tail(stderr: impl Read, tail: &Mutex<VecDeque<String>>) {
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        if let Ok(mut lines) = tail.lock() {
            if lines.len() == STDERR_LINES {
                lines.pop_front();
            }
            lines.push_back(line);
        }
    }
}

/// The worker side: reads `implementation<TAB>property` lines from `input`, runs each
/// cell in this process with `config`, and writes its record on `output`, until
/// `input` ends.
pub fn serve(
    subjects: &[Subject],
    config: &RunConfig,
    input: impl BufRead,
    mut output: impl Write,
) -> Result<(), String> {
    for line in input.lines() {
        let line = line.map_err(|e| format!("reading a cell: {e}"))?;
        let (name, id) = line
            .split_once('\t')
            .ok_or_else(|| format!("{line:?} is not implementation<TAB>property"))?;
        let subject = subjects
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| format!("no implementation {name:?}"))?;
        let property = subject
            .properties
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| format!("`{name}` has no property {id:?}"))?;
        let record = run_in_process(subject, property, config);
        let json = serde_json::to_string(&record).map_err(|e| e.to_string())?;
        writeln!(output, "{RECORD_PREFIX}{json}")
            .and_then(|()| output.flush())
            .map_err(|e| format!("writing a record: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::catalog::catalog;

    #[test]
    fn a_worker_answers_each_cell_with_its_record_on_a_prefixed_line() {
        let subjects = catalog();
        let config = RunConfig::default().cases(4).seed(3);
        let input = "hash_map_engine\tengine_snapshot\nhash_map_engine\tengine_clear_destroy\n";
        let mut output = Vec::new();
        serve(&subjects, &config, input.as_bytes(), &mut output).expect("the cells run");
        let text = String::from_utf8(output).expect("records are text");
        let records: Vec<CellRecord> = text
            .lines()
            .map(|l| {
                serde_json::from_str(l.strip_prefix(RECORD_PREFIX).expect("prefixed"))
                    .expect("a record")
            })
            .collect();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].property, "engine_snapshot");
        assert_eq!(
            (
                records[1].status,
                records[1].cases,
                records[1].seed.as_str()
            ),
            (storage_conformance::records::Status::Pass, 4, "0x3")
        );
    }

    #[test]
    fn a_worker_that_dies_costs_its_cell_reported_as_a_crash_not_the_report() {
        let subjects = catalog();
        let property = subjects[0].properties[0];
        // `false` exits at once without answering, as a worker that aborts does.
        let mut worker = WorkerProcess::new(PathBuf::from("false"), RunConfig::default().seed(5));
        let record = worker.run(&subjects[0], &property);
        assert_eq!(record.status, storage_conformance::records::Status::Fail);
        assert_eq!(
            record.failures[0].kind,
            storage_conformance::records::FailureKindName::Crash
        );
        assert_eq!(record.seed, "0x5");
        assert!(worker.running.is_none(), "the dead worker is retired");
    }

    #[test]
    fn a_worker_refuses_an_unknown_cell_with_its_name() {
        let error = serve(
            &catalog(),
            &RunConfig::default(),
            "nobody\tengine_snapshot\n".as_bytes(),
            Vec::new(),
        )
        .expect_err("an unknown implementation is an error");
        assert!(error.contains("nobody"), "{error}");
    }
}
