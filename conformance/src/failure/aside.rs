//! Rules set aside for the case being run.
//!
//! Once a property has failed, the runner searches on for other broken rules with the
//! ones it has already found set aside. A check goes on past a set-aside rule when it
//! raises its violation with [`Violation::raise`](super::Violation::raise), so that a
//! cheap first difference does not mask an independent defect behind it.
//!
//! The rules live in a thread-local of the thread that runs the case: the runner's
//! worker thread installs them before each case it runs, and the checks run on it (a
//! concurrent case checks its history after the join). A violation raised on another thread is never set
//! aside, which is safe: that check just stops, as it would without a search.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What the runner set aside for the case on this thread, and where to record that a
/// check went on past one of those rules (shared with the runner, which reads it even
/// when the case hangs).
#[derive(Debug, Default)]
struct CaseAside {
    rules: Vec<String>,
    went_past: Arc<AtomicBool>,
}

thread_local! {
    static CASE: RefCell<CaseAside> = RefCell::new(CaseAside::default());
}

/// Sets `rules` aside for the case about to run on this thread; `went_past` becomes
/// true when a check goes on past one of them. After that the check's later
/// expectations may rest on a broken rule, so a panic or a hang there proves nothing
/// about the implementation.
pub(crate) fn install(rules: Vec<String>, went_past: Arc<AtomicBool>) {
    CASE.with(|case| *case.borrow_mut() = CaseAside { rules, went_past });
}

/// Whether the runner has set `rule` aside for the case on this thread.
pub fn is_set_aside(rule: &str) -> bool {
    CASE.with(|case| case.borrow().rules.iter().any(|r| r == rule))
}

/// Whether the runner has set any rule aside for the case on this thread.
pub(crate) fn any() -> bool {
    CASE.with(|case| !case.borrow().rules.is_empty())
}

/// Whether a violation of `rule` is to be passed over; records that it was.
pub(super) fn pass_over(rule: &str) -> bool {
    CASE.with(|case| {
        let case = case.borrow();
        let aside = case.rules.iter().any(|r| r == rule);
        if aside {
            case.went_past.store(true, Ordering::SeqCst);
        }
        aside
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_installed_rules_are_passed_over_and_passing_one_is_recorded() {
        let went_past = Arc::new(AtomicBool::new(false));
        install(vec!["a rule".to_string()], Arc::clone(&went_past));
        assert!(is_set_aside("a rule"));
        assert!(!pass_over("another rule"));
        assert!(!went_past.load(Ordering::SeqCst));
        assert!(pass_over("a rule"));
        assert!(went_past.load(Ordering::SeqCst));
        let fresh = Arc::new(AtomicBool::new(false));
        install(Vec::new(), Arc::clone(&fresh));
        assert!(!pass_over("a rule"));
        assert!(!fresh.load(Ordering::SeqCst));
    }
}
