//! Runs cases on a worker thread under a watchdog, so that a panic becomes a failure
//! with its message and a deadlock or an endless loop becomes a reported hang instead of
//! a CI job that never ends.
//!
//! One worker thread serves every case of a property run (cases arrive over a channel),
//! since starting a thread per case cost as much as a small case itself. The worker is
//! replaced by a fresh one only after a case hangs (the hung thread is abandoned) or
//! panics (so that no state a panic left behind on the thread reaches the next case).

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::CaseCheck;
use crate::failure::{FailureKind, Violation, set_aside_for_case};
use crate::scenario::{Scenario, StepTracker};

/// How a case ran.
#[derive(Debug, Clone)]
pub(super) struct CaseRun {
    /// `Ok` if it passed, with the rules set aside passed over.
    pub result: Result<(), FailureKind>,
    /// Whether a check went on past a set-aside rule before the case ended.
    pub went_past: bool,
    /// How long the case took (the watchdog's period if it hung).
    pub elapsed: Duration,
}

/// Runs `check` on `scenario`, waiting at most `watchdog` for it. A hung case's thread is
/// abandoned (Rust cannot stop a thread); it holds only its own implementation instance.
pub fn run_case<S: Scenario>(
    check: &CaseCheck<S>,
    scenario: S,
    watchdog: Duration,
) -> Result<(), FailureKind> {
    CaseWorker::new(check)
        .run(scenario, watchdog, Vec::new())
        .result
}

/// One case for the worker thread, with what it shares with the runner.
struct Job<S> {
    scenario: Arc<S>,
    aside: Vec<String>,
    went_past: Arc<AtomicBool>,
    tracker: Arc<StepTracker>,
}

/// What a case's check returned, or the payload of its panic.
type CheckResult = std::thread::Result<Result<(), Violation>>;

/// The running worker thread's ends of its two channels.
struct Live<S> {
    jobs: Sender<Job<S>>,
    results: Receiver<CheckResult>,
}

/// The worker thread of a property run: started at the first case, replaced after a
/// case that hung or panicked. Dropping it ends the thread once its case is done.
pub(super) struct CaseWorker<S> {
    check: CaseCheck<S>,
    live: RefCell<Option<Live<S>>>,
}

impl<S: Scenario> CaseWorker<S> {
    /// A worker for cases checked by `check`; its thread starts with the first case.
    pub(super) fn new(check: &CaseCheck<S>) -> Self {
        Self {
            check: Arc::clone(check),
            live: RefCell::new(None),
        }
    }

    /// Runs `check` on `scenario` with the violations of `aside` passed over
    /// ([`Violation::raise`](crate::failure::Violation::raise)), waiting at most
    /// `watchdog` for it.
    pub(super) fn run(&self, scenario: S, watchdog: Duration, aside: Vec<String>) -> CaseRun {
        let started = Instant::now();
        let went_past = Arc::new(AtomicBool::new(false));
        let tracker = Arc::new(StepTracker::default());
        let scenario = Arc::new(scenario);
        let job = Job {
            scenario: Arc::clone(&scenario),
            aside,
            went_past: Arc::clone(&went_past),
            tracker: Arc::clone(&tracker),
        };
        let result = match self.send(job) {
            Ok(()) => self.wait(watchdog, &scenario, &tracker),
            Err(message) => Err(FailureKind::Panic {
                message,
                step: None,
            }),
        };
        CaseRun {
            result,
            went_past: went_past.load(Ordering::SeqCst),
            elapsed: started.elapsed(),
        }
    }

    /// Hands `job` to the worker thread, starting one if none runs.
    fn send(&self, job: Job<S>) -> Result<(), String> {
        let mut live = self.live.borrow_mut();
        if let Some(running) = live.as_ref() {
            // A send fails only if the thread ended, which a caught panic never does;
            // a fresh thread takes the case then.
            match running.jobs.send(job) {
                Ok(()) => return Ok(()),
                Err(mpsc::SendError(job)) => {
                    *live = None;
                    return self.start(&mut live, job);
                }
            }
        }
        self.start(&mut live, job)
    }

    fn start(&self, live: &mut Option<Live<S>>, job: Job<S>) -> Result<(), String> {
        let (jobs, inbox) = mpsc::channel::<Job<S>>();
        let (outbox, results) = mpsc::channel();
        let check = Arc::clone(&self.check);
        std::thread::Builder::new()
            .name("conformance-case".to_string())
            .spawn(move || {
                for job in inbox {
                    // Installed per case: the rules set aside change as the search goes on.
                    set_aside_for_case(job.aside, job.went_past);
                    let result =
                        catch_unwind(AssertUnwindSafe(|| check(&job.scenario, &job.tracker)));
                    // The receiver is gone only if the watchdog gave up on this worker.
                    if outbox.send(result).is_err() {
                        return;
                    }
                }
            })
            .map_err(|e| format!("the kit could not start a thread for the case: {e}"))?;
        jobs.send(job)
            .map_err(|_| "the case's thread ended before its case".to_string())?;
        *live = Some(Live { jobs, results });
        Ok(())
    }

    /// Waits for the result of the case sent last; retires the worker if it hung or
    /// panicked.
    fn wait(
        &self,
        watchdog: Duration,
        scenario: &S,
        tracker: &StepTracker,
    ) -> Result<(), FailureKind> {
        let mut live = self.live.borrow_mut();
        let received = match live.as_ref() {
            Some(running) => running.results.recv_timeout(watchdog),
            None => Err(RecvTimeoutError::Disconnected),
        };
        let result = match received {
            Ok(Ok(Ok(()))) => return Ok(()),
            Ok(Ok(Err(violation))) => return Err(FailureKind::Violation(violation)),
            Ok(Err(payload)) => Err(FailureKind::Panic {
                message: panic_message(payload.as_ref()),
                step: Some(tracker.current()),
            }),
            Err(RecvTimeoutError::Disconnected) => Err(FailureKind::Panic {
                message: "the case's thread ended without a result".to_string(),
                step: Some(tracker.current()),
            }),
            Err(RecvTimeoutError::Timeout) => Err(FailureKind::Hang {
                step: Some(tracker.current()),
                after: watchdog,
                in_flight: tracker
                    .in_flight()
                    .into_iter()
                    .map(|step| scenario.describe_step(step))
                    .collect(),
            }),
        };
        // The hung thread is abandoned with its channels; a thread that panicked ends
        // when its job channel closes.
        *live = None;
        result
    }
}

pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with a non-text payload".to_string())
}
