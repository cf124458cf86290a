//! The real crash: a child process writes a stream to a store, printing each write it
//! got `Ok` for, and is killed with SIGKILL in the middle of it; a store opened over the
//! same storage must then hold what the child was told was durable.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::Arc;

use crate::doubles::ManualClock;
use proptest::prelude::*;
use storage_traits::{MapDataStore, Value};

use super::model::CrashModel;
use super::run::{call, check_survivors};
use super::{CRASH, rules};
use crate::config::RunConfig;
use crate::datastore::{DataStoreKind, DataStoreOp};
use crate::failure::Violation;
use crate::outcome::Outcome;
use crate::readings::Branches;
use crate::replay::{lww, ts};
use crate::runner::{CaseCheck, run_property};
use crate::scenario::Scenario;

/// The environment variable that tells a crash child its [`Pace`]: `lockstep` or `free`.
pub const CRASH_PACE_ENV: &str = "CONFORMANCE_CRASH_PACE";

/// The most writes a generated kill case lets the child acknowledge.
const MAX_KILL_WRITES: usize = 24;

/// The most writes a free-running child makes if it is never killed.
const STREAM_LIMIT: usize = 100_000;

/// How a crash child paces its writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// One write per line read from stdin: the parent kills it between two writes,
    /// after exactly the number it chose (a reproducible minimal case).
    Lockstep,
    /// As fast as it can: the parent kills it in the middle of a write.
    Free,
}

impl Pace {
    fn name(self) -> &'static str {
        match self {
            Pace::Lockstep => "lockstep",
            Pace::Free => "free",
        }
    }
}

/// Write `index` of the stream every crash child makes: adds of distinct values to five
/// keys in two maps, a remove every sixth write, and a `hard_flush` every sixth (which
/// makes a write-behind store's queue durable).
pub fn stream_op(index: usize) -> DataStoreOp {
    let key = format!("k{}", index % 5);
    let map = if index.is_multiple_of(3) { "n" } else { "m" }.to_string();
    match index % 6 {
        5 => DataStoreOp::HardFlush,
        3 => DataStoreOp::Remove {
            backup: false,
            map,
            key,
        },
        _ => DataStoreOp::Add {
            backup: false,
            map,
            key,
            value: lww(Value::Int(index as i64), ts(index as u64, 0, "crash")),
            expiration: None,
        },
    }
}

/// The child's side: writes the stream of [`stream_op`] to `store`, printing `ack <i>`
/// on stdout (flushed) once write `i` returned `Ok`, in the [`Pace`] that
/// [`CRASH_PACE_ENV`] names (lockstep by default). A write that fails prints
/// `error <i>: <message>` and ends the stream with that error.
pub async fn run_crash_child<D: MapDataStore>(store: &D) -> anyhow::Result<()> {
    let pace = match std::env::var(CRASH_PACE_ENV).as_deref() {
        Ok("free") => Pace::Free,
        _ => Pace::Lockstep,
    };
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    let mut go = String::new();
    for index in 0..STREAM_LIMIT {
        if pace == Pace::Lockstep {
            go.clear();
            if stdin.read_line(&mut go)? == 0 {
                return Ok(());
            }
        }
        let op = stream_op(index);
        if let Err(e) = call(store, &op, 0).await {
            writeln!(stdout, "error {index}: {e:#}")?;
            stdout.flush()?;
            return Err(e);
        }
        writeln!(stdout, "ack {index}")?;
        stdout.flush()?;
    }
    Ok(())
}

/// A store the kit can crash for real: fresh storage per case, a child process that runs
/// [`run_crash_child`] on a store over it, and a store opened over it afterwards.
pub trait CrashTarget: Send + Sync + 'static {
    /// Where a case's store keeps its entries (a file, a table), dropped after the case.
    type Storage: Send + 'static;
    /// The store opened over the storage after the child was killed.
    type Store: MapDataStore + 'static;

    /// Fresh, empty storage for one case.
    fn storage(&self) -> anyhow::Result<Self::Storage>;

    /// The command that runs [`run_crash_child`] on a store over `storage`; the kit adds
    /// [`CRASH_PACE_ENV`] and pipes stdin and stdout.
    fn child(&self, storage: &Self::Storage) -> Command;

    /// A store over `storage` on `clock`, opened after the child was killed.
    fn reopen(
        &self,
        storage: &Self::Storage,
        clock: Arc<ManualClock>,
    ) -> anyhow::Result<Self::Store>;
}

/// A kill case: the child acknowledges `writes` writes of the stream, then is killed.
#[derive(Debug, Clone)]
pub struct KillScenario {
    /// The writes acknowledged before the kill.
    pub writes: usize,
    /// How the child paces them.
    pub pace: Pace,
}

impl Scenario for KillScenario {
    /// The writes and the kill.
    fn step_count(&self) -> usize {
        self.writes + 1
    }

    /// A shorter prefix of the stream (the stream is fixed, so any removed write is the
    /// last one).
    fn without_step(&self, _index: usize) -> Self {
        Self {
            writes: self.writes.saturating_sub(1),
            ..self.clone()
        }
    }

    fn describe_step(&self, index: usize) -> String {
        if index < self.writes {
            format!("step {index}: {}", stream_op(index).to_rust())
        } else {
            format!("step {index}: SIGKILL")
        }
    }

    fn to_rust(&self, subject: &str, failing_step: Option<usize>) -> String {
        let mut code = vec![
            format!(
                "// A child process ran storage_conformance::datastore::crash::run_crash_child on {subject}"
            ),
            format!(
                "// ({} pace), acknowledged these writes, and was killed with SIGKILL:",
                self.pace.name()
            ),
        ];
        code.extend((0..self.writes).map(|index| stream_op(index).to_rust()));
        let mut last =
            "// SIGKILL; a store opened over the same storage then loads every entry written"
                .to_string();
        if failing_step.is_some() {
            last.push_str(" // <- the rule breaks here");
        }
        code.push(last);
        code.join("\n")
    }
}

/// Checks `datastore_crash_durable` for real on `target`: each case runs a child over
/// fresh storage, lets it acknowledge a generated number of writes (in lockstep, or
/// freely with a write in flight at the kill), kills it with SIGKILL, opens a store over
/// the storage and judges every entry written with the crash model of `kind`. `subject`
/// names the target in counterexamples. Shrinking goes to fewer writes and to lockstep,
/// whose cases are reproducible.
pub fn check_crash_by_kill<T: CrashTarget>(
    config: &RunConfig,
    subject: &str,
    kind: DataStoreKind,
    target: T,
) -> Result<Outcome, String> {
    let runtime = crate::datastore::property_runtime()?;
    let pins = config.clone();
    let strategy = (1..=MAX_KILL_WRITES, any::<bool>()).prop_map(|(writes, free)| KillScenario {
        writes,
        pace: if free { Pace::Free } else { Pace::Lockstep },
    });
    let check: CaseCheck<KillScenario> = Arc::new(move |scenario, _tracker| {
        let storage = target
            .storage()
            .map_err(|e| failed(0, format!("fresh storage: {e:#}")))?;
        let acknowledged = run_and_kill(target.child(&storage), scenario)?;
        let mut model = Branches::new(CrashModel::new(kind), &pins);
        for index in 0..acknowledged {
            model.step(|m, options| m.apply(&stream_op(index), options))?;
        }
        if scenario.pace == Pace::Free {
            model.step(|m, _| {
                m.apply_in_flight(&stream_op(acknowledged));
                Ok(())
            })?;
        }
        let step = scenario.writes;
        runtime.block_on(async {
            let clock = Arc::new(ManualClock::default());
            let store = target
                .reopen(&storage, clock)
                .map_err(|e| failed(step, format!("reopen after the kill: {e:#}")))?;
            check_survivors(&store, &mut model, step).await
        })
    });
    Ok(run_property(&CRASH, config, subject, strategy, &check))
}

fn failed(step: usize, actual: String) -> Violation {
    Violation::at(step, rules::CALLS_SUCCEED, "Ok", actual)
}

/// Runs the child until it acknowledged `scenario.writes` writes, kills it, and returns
/// how many it acknowledged in all (a free-running child may have got further).
fn run_and_kill(mut command: Command, scenario: &KillScenario) -> Result<usize, Violation> {
    let mut child = command
        .env(CRASH_PACE_ENV, scenario.pace.name())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| failed(0, format!("the crash child did not start: {e}")))?;
    let stdout = child.stdout.take();
    let mut lines = BufReader::new(stdout.ok_or_else(|| failed(0, "no stdout".to_string()))?);
    let mut acknowledged = 0;
    let reached = (|| -> Result<(), Violation> {
        while acknowledged < scenario.writes {
            if scenario.pace == Pace::Lockstep {
                let stdin = child.stdin.as_mut();
                let sent = stdin.map(|s| s.write_all(b"\n").and_then(|()| s.flush()));
                if !matches!(sent, Some(Ok(()))) {
                    return Err(failed(
                        acknowledged,
                        "the crash child stopped reading".into(),
                    ));
                }
            }
            acknowledged += next_ack(&mut lines, acknowledged)?;
        }
        Ok(())
    })();
    kill(&mut child);
    reached?;
    // Acknowledgements printed before the kill landed count too.
    acknowledged += count_acks(&mut lines);
    Ok(acknowledged)
}

/// Reads the child's lines up to its next acknowledgement: 1 if it is `ack <expected>`.
fn next_ack(lines: &mut BufReader<ChildStdout>, expected: usize) -> Result<usize, Violation> {
    let mut line = String::new();
    loop {
        line.clear();
        let read = lines
            .read_line(&mut line)
            .map_err(|e| failed(expected, format!("reading the crash child: {e}")))?;
        if read == 0 {
            return Err(failed(expected, "the crash child ended early".to_string()));
        }
        let line = line.trim_end();
        if line == format!("ack {expected}") {
            return Ok(1);
        }
        if line.starts_with("error ") {
            return Err(failed(expected, line.to_string()));
        }
        // Anything else (a test harness's own lines) is not the stream's.
    }
}

fn count_acks(lines: &mut BufReader<ChildStdout>) -> usize {
    lines
        .lines()
        .map_while(Result::ok)
        .filter(|line| line.starts_with("ack "))
        .count()
}

/// SIGKILL (what `Child::kill` sends on Unix), then reap the child.
fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}
