//! [`PanickingObserver`]: an observer that panics on every notification, to check what a
//! composite does with a failing observer.

use storage_traits::{MutationObserver, Record, RecordValue};

/// The message every [`PanickingObserver`] panics with.
pub const PANIC_MESSAGE: &str = "PanickingObserver panics on every notification";

/// A [`MutationObserver`] that panics with [`PANIC_MESSAGE`] on every notification.
///
/// It unwinds with `std::panic::resume_unwind`, which skips the panic hook, so a suite
/// that provokes hundreds of these panics does not print hundreds of reports; the payload
/// is the `&'static str` [`PANIC_MESSAGE`].
#[derive(Debug, Default, Clone, Copy)]
pub struct PanickingObserver;

fn quiet_panic() -> ! {
    std::panic::resume_unwind(Box::new(PANIC_MESSAGE))
}

impl MutationObserver for PanickingObserver {
    fn on_put(&self, _: &str, _: &Record, _: Option<&RecordValue>, _: bool) {
        quiet_panic();
    }

    fn on_update(&self, _: &str, _: &Record, _: &RecordValue, _: &RecordValue, _: bool) {
        quiet_panic();
    }

    fn on_remove(&self, _: &str, _: &Record, _: bool) {
        quiet_panic();
    }

    fn on_evict(&self, _: &str, _: &Record, _: bool) {
        quiet_panic();
    }

    fn on_load(&self, _: &str, _: &Record, _: bool) {
        quiet_panic();
    }

    fn on_replication_put(&self, _: &str, _: &Record, _: bool) {
        quiet_panic();
    }

    fn on_clear(&self) {
        quiet_panic();
    }

    fn on_reset(&self) {
        quiet_panic();
    }

    fn on_destroy(&self, _: bool) {
        quiet_panic();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_on_every_notification() {
        let caught = std::panic::catch_unwind(|| PanickingObserver.on_clear());
        let payload = caught.err().and_then(|p| p.downcast_ref::<&str>().copied());
        assert_eq!(payload, Some(PANIC_MESSAGE));
    }
}
