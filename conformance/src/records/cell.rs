//! One cell of the report (a property run on an implementation) as a record: what the
//! JSON holds per cell, what the macro-generated tests write, and what every view of
//! the report (text, HTML, JUnit, verdict) is rendered from.
//!
//! This file is the report's only reader of [`Outcome`] and [`Failure`]: a change to
//! their shape changes [`failures_of`] and [`FailureRecord::of`], and nothing else.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::RunConfig;
use crate::failure::{Failure, FailureKind};
use crate::outcome::Outcome;
use crate::suites;

/// What the report expects of an implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    /// A reference implementation: must pass every property.
    Reference,
    /// An unusual but correct implementation: must pass every property.
    CorrectControl,
    /// A deliberately faulty implementation: its target property must catch it.
    Faulty,
    /// An implementer's own implementation, recorded by the macros' tests: must pass
    /// every property.
    UnderTest,
}

impl RoleName {
    /// Whether an implementation of this role must pass every property it runs.
    pub fn must_pass(self) -> bool {
        self != RoleName::Faulty
    }

    /// The role in a few words.
    pub fn label(self) -> &'static str {
        match self {
            RoleName::Reference => "reference implementation",
            RoleName::CorrectControl => "correct control",
            RoleName::Faulty => "faulty implementation",
            RoleName::UnderTest => "implementation under test",
        }
    }

    /// The role's heading in the matrices.
    pub fn heading(self) -> &'static str {
        match self {
            RoleName::Reference => "reference implementations",
            RoleName::CorrectControl => "correct controls",
            RoleName::Faulty => {
                "faulty implementations (* marks the property that must catch each)"
            }
            RoleName::UnderTest => "implementations under test",
        }
    }
}

/// What running the property gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every case passed.
    Pass,
    /// A case failed.
    Fail,
    /// The property did not run: `skip_reason` says why.
    Skipped,
    /// The kit could not run the property (a wrong pin, an unknown id): `error` says why.
    Error,
}

/// How a failure showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKindName {
    /// A check found a broken rule.
    Violation,
    /// The implementation panicked.
    Panic,
    /// A case did not finish before the watchdog.
    Hang,
    /// The process running the cell died or stopped answering (an abort, a stack
    /// overflow): nothing was shrunk.
    Crash,
}

/// One failure of a cell, with everything to understand and replay it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureRecord {
    /// How it showed.
    pub kind: FailureKindName,
    /// The rule broken, in one sentence.
    pub rule: String,
    /// What the contract requires, for a broken rule.
    pub expected: Option<String>,
    /// What the implementation did, for a broken rule.
    pub actual: Option<String>,
    /// The panic message, or the operations in flight of a hang.
    pub details: Vec<String>,
    /// The step to blame, when one is.
    pub step: Option<usize>,
    /// The counterexample's number of steps.
    pub steps: usize,
    /// The shrunk counterexample as Rust code.
    pub counterexample: Option<String>,
    /// The failing case's seed, in hex: the regression file replays it.
    pub case_seed: Option<String>,
    /// Cases run up to and including the failing one.
    pub cases_run: u32,
    /// Shrink steps tried.
    pub shrink_iters: u32,
    /// The readings pinned for the run, `reading = option`.
    pub pins: Vec<String>,
    /// The failure as the kit prints it under `cargo test`.
    pub text: String,
}

impl FailureRecord {
    /// The record of `failure`.
    pub fn of(failure: &Failure) -> Self {
        let (kind, expected, actual, details) = match &failure.kind {
            FailureKind::Violation(v) => (
                FailureKindName::Violation,
                Some(v.expected.clone()),
                Some(v.actual.clone()),
                Vec::new(),
            ),
            FailureKind::Panic { message, .. } => {
                (FailureKindName::Panic, None, None, vec![message.clone()])
            }
            FailureKind::Hang { in_flight, .. } => {
                (FailureKindName::Hang, None, None, in_flight.clone())
            }
        };
        Self {
            kind,
            rule: failure.kind.rule(),
            expected,
            actual,
            details,
            step: failure.kind.step(),
            steps: failure.steps,
            counterexample: Some(failure.counterexample.clone()),
            case_seed: Some(format!("{:#018x}", failure.case_seed)),
            cases_run: failure.cases_run,
            shrink_iters: failure.shrink_iters,
            pins: failure.pins.iter().map(ToString::to_string).collect(),
            text: failure.to_string(),
        }
    }

    /// A failure the kit could not shrink because the process running the cell died
    /// (`how` says how) before it reported.
    pub fn crash(how: &str) -> Self {
        Self {
            kind: FailureKindName::Crash,
            rule: "the implementation must not abort the process".to_string(),
            expected: None,
            actual: None,
            details: vec![how.to_string()],
            step: None,
            steps: 0,
            counterexample: None,
            case_seed: None,
            cases_run: 0,
            shrink_iters: 0,
            pins: Vec::new(),
            text: format!("the process running the property died: {how}"),
        }
    }
}

/// The failures an outcome holds, in the order the runner found them.
fn failures_of(outcome: &Outcome) -> Vec<&Failure> {
    outcome
        .failures()
        .map(|failures| failures.all().collect())
        .unwrap_or_default()
}

/// How a run read one open point of the spec.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReadingRecord {
    /// The reading's id.
    pub reading: String,
    /// The options the run accepted: the pinned one, or all.
    pub accepted: Vec<String>,
    /// Whether the implementer pinned it.
    pub pinned: bool,
    /// The line [`crate::readings::describe`] gives for it.
    pub text: String,
}

/// How a run with `config` reads each of `readings`.
fn readings_of(config: &RunConfig, readings: &[crate::readings::Reading]) -> Vec<ReadingRecord> {
    let texts = crate::readings::describe(config, readings);
    readings
        .iter()
        .zip(texts)
        .map(|(reading, text)| ReadingRecord {
            reading: reading.id.to_string(),
            accepted: reading
                .accepted(config)
                .into_iter()
                .map(str::to_string)
                .collect(),
            pinned: config.pinned(reading.id).is_some(),
            text,
        })
        .collect()
}

/// The settings a cell ran with (its seed is [`CellRecord::seed`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Settings {
    /// Generated cases per property.
    pub cases: u32,
    /// The watchdog of one case, in milliseconds.
    pub watchdog_ms: u64,
    /// The watchdog of a candidate while a hang is shrunk, in milliseconds.
    pub shrink_watchdog_ms: u64,
    /// The bound on shrinking one failure, in milliseconds.
    pub max_shrink_ms: u64,
    /// The bound on shrink steps for one failure.
    pub max_shrink_iters: u32,
    /// Threads (or tasks) of a concurrent case.
    pub threads: usize,
    /// Cases of a concurrent property (at most `cases`).
    pub concurrent_cases: u32,
    /// Runs of each concurrent case.
    pub repetitions: u32,
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl From<&RunConfig> for Settings {
    fn from(config: &RunConfig) -> Self {
        Self {
            cases: config.cases,
            watchdog_ms: millis(config.watchdog),
            shrink_watchdog_ms: millis(config.shrink_watchdog),
            max_shrink_ms: millis(config.max_shrink_time),
            max_shrink_iters: config.max_shrink_iters,
            threads: config.concurrency.threads,
            concurrent_cases: config.concurrent_case_count(),
            repetitions: config.concurrency.repetitions,
        }
    }
}

/// Which cell a record is: the implementation, what is expected of it, the property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellId {
    /// The implementation's name.
    pub implementation: String,
    /// What is expected of it.
    pub role: RoleName,
    /// For a faulty implementation, the property that must catch it.
    pub target: Option<String>,
    /// The property's id.
    pub property: String,
}

/// One property run on one implementation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellRecord {
    /// The implementation's name.
    pub implementation: String,
    /// Its suite (`StorageEngine`, …).
    pub suite: String,
    /// What is expected of it.
    pub role: RoleName,
    /// For a faulty implementation, the property that must catch it.
    pub target: Option<String>,
    /// The property's id.
    pub property: String,
    /// What running it gave.
    pub status: Status,
    /// Cases run, regressions included (up to the failing one for a failure).
    pub cases: u32,
    /// Wall-clock time in milliseconds.
    pub millis: u64,
    /// The run seed, in hex: `CONFORMANCE_SEED` (or the report's `--seed`) replays it.
    pub seed: String,
    /// Why it was skipped.
    pub skip_reason: Option<String>,
    /// Why the kit could not run it.
    pub error: Option<String>,
    /// What broke, when it failed.
    pub failures: Vec<FailureRecord>,
    /// How the run read each open point of the suite: the pinned option, or every
    /// option accepted.
    pub readings: Vec<ReadingRecord>,
    /// The settings it ran with.
    pub settings: Settings,
}

impl CellRecord {
    /// The record of running `id.property` with `config`: `result` is what the suite's
    /// check returned (an `Err` when the kit could not run it), `elapsed` its time.
    pub fn new(
        id: CellId,
        config: &RunConfig,
        result: &Result<Outcome, String>,
        elapsed: Duration,
    ) -> Self {
        let suite = suites::of_property(&id.property);
        let mut record = Self {
            implementation: id.implementation,
            suite: suite.map_or("unknown suite", |s| s.name).to_string(),
            role: id.role,
            target: id.target,
            property: id.property,
            status: Status::Pass,
            cases: 0,
            millis: millis(elapsed),
            seed: format!("{:#x}", config.seed),
            skip_reason: None,
            error: None,
            failures: Vec::new(),
            readings: suite.map_or_else(Vec::new, |s| readings_of(config, s.readings)),
            settings: Settings::from(config),
        };
        match result {
            Err(error) => {
                record.status = Status::Error;
                record.error = Some(error.clone());
            }
            Ok(Outcome::Passed { cases }) => record.cases = *cases,
            // A property that does not apply is recorded as a skip: its reason says
            // that it does not apply.
            Ok(Outcome::Skipped { reason } | Outcome::NotApplicable { reason }) => {
                record.status = Status::Skipped;
                record.skip_reason = Some(reason.clone());
            }
            Ok(outcome) => {
                let failures = failures_of(outcome);
                record.status = Status::Fail;
                record.cases = failures.iter().map(|f| f.cases_run).max().unwrap_or(0);
                record.failures = failures.into_iter().map(FailureRecord::of).collect();
            }
        }
        record
    }

    /// The record of a cell whose process died or stopped answering (`how`) before it
    /// reported: a failure with nothing shrunk.
    pub fn crashed(id: CellId, config: &RunConfig, how: &str, elapsed: Duration) -> Self {
        let mut record = Self::new(id, config, &Ok(Outcome::Passed { cases: 0 }), elapsed);
        record.status = Status::Fail;
        record.failures = vec![FailureRecord::crash(how)];
        record
    }

    /// Whether this cell is the one that must catch its faulty implementation.
    pub fn is_target(&self) -> bool {
        self.target.as_deref() == Some(self.property.as_str())
    }

    /// Whether a case of this cell hung: the process that ran it holds threads that
    /// will never finish.
    pub fn hung(&self) -> bool {
        self.failures
            .iter()
            .any(|f| f.kind == FailureKindName::Hang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::Violation;

    fn id(property: &str) -> CellId {
        CellId {
            implementation: "store".to_string(),
            role: RoleName::Faulty,
            target: Some("engine_snapshot".to_string()),
            property: property.to_string(),
        }
    }

    #[test]
    fn a_failure_keeps_its_rule_counterexample_seeds_and_printed_text() {
        let failure = Failure {
            property: "engine_snapshot",
            kind: FailureKind::Violation(Violation::at(1, "a rule", 1, 2)),
            counterexample: "e.put(\"a\");".to_string(),
            steps: 2,
            case_seed: 0xab,
            run_seed: 7,
            cases_run: 3,
            shrink_iters: 9,
            pins: Vec::new(),
        };
        let config = RunConfig::default().seed(7);
        let result = Ok(Outcome::Failed(crate::failure::Failures::new(
            failure.clone(),
        )));
        let record = CellRecord::new(
            id("engine_snapshot"),
            &config,
            &result,
            Duration::from_millis(12),
        );
        assert_eq!(record.suite, "StorageEngine");
        assert_eq!(record.status, Status::Fail);
        assert!(record.is_target());
        assert_eq!(
            (record.cases, record.millis, record.seed.as_str()),
            (3, 12, "0x7")
        );
        let only = &record.failures[0];
        assert_eq!(only.rule, "a rule");
        assert_eq!(
            (only.expected.as_deref(), only.actual.as_deref()),
            (Some("1"), Some("2"))
        );
        assert_eq!(only.case_seed.as_deref(), Some("0x00000000000000ab"));
        assert_eq!(only.text, failure.to_string());
        let json = serde_json::to_string(&record).expect("a record serialises");
        let back: CellRecord = serde_json::from_str(&json).expect("and reads back");
        assert_eq!(back, record);
    }

    #[test]
    fn an_error_and_a_skip_say_why() {
        let config = RunConfig::default();
        let error = CellRecord::new(
            id("engine_snapshot"),
            &config,
            &Err("a wrong pin".to_string()),
            Duration::ZERO,
        );
        assert_eq!(
            (error.status, error.error.as_deref()),
            (Status::Error, Some("a wrong pin"))
        );
        let skipped = Ok(Outcome::Skipped {
            reason: "no clock".to_string(),
        });
        let skip = CellRecord::new(
            id("engine_cursor_complete"),
            &config,
            &skipped,
            Duration::ZERO,
        );
        assert_eq!(
            (skip.status, skip.skip_reason.as_deref()),
            (Status::Skipped, Some("no clock"))
        );
        assert!(!skip.is_target());
    }
}
