//! Runs one case on its own thread under a watchdog, so that a panic becomes a failure
//! with its message and a deadlock or an endless loop becomes a reported hang instead of
//! a CI job that never ends.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use super::CaseCheck;
use crate::failure::FailureKind;
use crate::scenario::{Scenario, StepTracker};

/// Runs `check` on `scenario`, waiting at most `watchdog` for it. A hung case's thread is
/// abandoned (Rust cannot stop a thread); it holds only its own implementation instance.
pub fn run_case<S: Scenario>(
    check: &CaseCheck<S>,
    scenario: S,
    watchdog: Duration,
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
