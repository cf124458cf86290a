//! Runs one case on its own thread under a watchdog, so that a panic becomes a failure
//! with its message and a deadlock or an endless loop becomes a reported hang instead of
//! a CI job that never ends.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use super::CaseCheck;
use crate::failure::{FailureKind, set_aside_for_case};
use crate::scenario::{Scenario, StepTracker};

/// How a case ran.
#[derive(Debug, Clone)]
pub(super) struct CaseRun {
    /// `Ok` if it passed, with the rules set aside passed over.
    pub result: Result<(), FailureKind>,
    /// Whether a check went on past a set-aside rule before the case ended.
    pub went_past: bool,
}

/// Runs `check` on `scenario`, waiting at most `watchdog` for it. A hung case's thread is
/// abandoned (Rust cannot stop a thread); it holds only its own implementation instance.
pub fn run_case<S: Scenario>(
    check: &CaseCheck<S>,
    scenario: S,
    watchdog: Duration,
) -> Result<(), FailureKind> {
    run_case_aside(check, scenario, watchdog, Vec::new()).result
}

/// [`run_case`] with the violations of `aside` passed over
/// ([`Violation::raise`](crate::failure::Violation::raise)).
pub(super) fn run_case_aside<S: Scenario>(
    check: &CaseCheck<S>,
    scenario: S,
    watchdog: Duration,
    aside: Vec<String>,
) -> CaseRun {
    let went_past = Arc::new(AtomicBool::new(false));
    let result = run_on_own_thread(check, scenario, watchdog, aside, Arc::clone(&went_past));
    CaseRun {
        result,
        went_past: went_past.load(Ordering::SeqCst),
    }
}

fn run_on_own_thread<S: Scenario>(
    check: &CaseCheck<S>,
    scenario: S,
    watchdog: Duration,
    aside: Vec<String>,
    went_past: Arc<AtomicBool>,
) -> Result<(), FailureKind> {
    let tracker = Arc::new(StepTracker::default());
    let described = scenario.clone();
    let (done, outcome) = mpsc::channel();
    let worker = {
        let check = Arc::clone(check);
        let tracker = Arc::clone(&tracker);
        std::thread::Builder::new()
            .name("conformance-case".to_string())
            .spawn(move || {
                set_aside_for_case(aside, went_past);
                let result = catch_unwind(AssertUnwindSafe(|| check(&scenario, &tracker)));
                // The receiver is gone only if the watchdog already gave up on this case.
                let _ = done.send(result);
            })
    };
    if let Err(e) = worker {
        return Err(FailureKind::Panic {
            message: format!("the kit could not start a thread for the case: {e}"),
            step: None,
        });
    }
    match outcome.recv_timeout(watchdog) {
        Ok(Ok(Ok(()))) => Ok(()),
        Ok(Ok(Err(violation))) => Err(FailureKind::Violation(violation)),
        Ok(Err(payload)) => Err(FailureKind::Panic {
            message: panic_message(payload.as_ref()),
            step: Some(tracker.current()),
        }),
        Err(_) => Err(FailureKind::Hang {
            step: Some(tracker.current()),
            after: watchdog,
            in_flight: tracker
                .in_flight()
                .into_iter()
                .map(|step| described.describe_step(step))
                .collect(),
        }),
    }
}

pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with a non-text payload".to_string())
}
