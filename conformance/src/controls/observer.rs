//! Observer controls: a composite with one bug switched on (a positive control), or none
//! (a correct control).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use storage_traits::{MutationObserver, Record, RecordValue};

use crate::property::PropertyInfo;

/// The single bug a [`FaultyComposite`] has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObserverFault {
    /// Notifies the observers in reverse registration order.
    ReverseOrder,
    /// Never notifies the last registered observer.
    SkipsLast,
    /// Notifies an observer registered twice only once.
    Deduplicates,
    /// Panics when no observer is registered (it indexes the first one).
    PanicsWhenEmpty,
    /// Catches an observer's panic and goes on with the next observer.
    CatchesPanics,
    /// `add` puts the new observer first instead of last.
    AddPrepends,
}

impl ObserverFault {
    /// Every fault.
    pub const ALL: [ObserverFault; 6] = [
        ObserverFault::ReverseOrder,
        ObserverFault::SkipsLast,
        ObserverFault::Deduplicates,
        ObserverFault::PanicsWhenEmpty,
        ObserverFault::CatchesPanics,
        ObserverFault::AddPrepends,
    ];

    /// The property that catches the fault, and the length of its minimal
    /// counterexample.
    pub fn target(self) -> (PropertyInfo, usize) {
        use crate::observer::properties as p;
        match self {
            // register o0, o1; one notification
            ObserverFault::ReverseOrder => (p::FAN_OUT, 3),
            // register o0; one notification
            ObserverFault::SkipsLast => (p::FAN_OUT, 2),
            // register o0 twice; one notification
            ObserverFault::Deduplicates => (p::REGISTERED_TWICE, 3),
            // one notification
            ObserverFault::PanicsWhenEmpty => (p::EMPTY_NOOP, 1),
            // register a panicking observer; one notification
            ObserverFault::CatchesPanics => (p::PANIC_PROPAGATES, 2),
            // o0 at construction, o1 through add; one notification
            ObserverFault::AddPrepends => (p::ADD_APPENDS, 3),
        }
    }
}

/// A fan-out composite with one [`ObserverFault`], or none.
pub struct FaultyComposite {
    fault: Option<ObserverFault>,
    observers: Vec<Arc<dyn MutationObserver>>,
}

impl FaultyComposite {
    /// A composite over `observers` with `fault`.
    pub fn new(fault: ObserverFault, observers: Vec<Arc<dyn MutationObserver>>) -> Self {
        Self {
            fault: Some(fault),
            observers,
        }
    }

    /// The same composite without a fault: it must pass every property.
    pub fn correct(observers: Vec<Arc<dyn MutationObserver>>) -> Self {
        Self {
            fault: None,
            observers,
        }
    }

    /// Registers `observer` after the others (before them with `AddPrepends`).
    pub fn add(&mut self, observer: Arc<dyn MutationObserver>) {
        if self.fault == Some(ObserverFault::AddPrepends) {
            self.observers.insert(0, observer);
        } else {
            self.observers.push(observer);
        }
    }

    /// Sends one notification to the observers, as the fault dictates.
    fn each(&self, notify: impl Fn(&dyn MutationObserver)) {
        let mut targets: Vec<&Arc<dyn MutationObserver>> = self.observers.iter().collect();
        match self.fault {
            Some(ObserverFault::ReverseOrder) => targets.reverse(),
            Some(ObserverFault::SkipsLast) => {
                targets.pop();
            }
            Some(ObserverFault::Deduplicates) => {
                let mut seen: Vec<&Arc<dyn MutationObserver>> = Vec::new();
                targets.retain(|o| {
                    let new = !seen.iter().any(|s| Arc::ptr_eq(s, o));
                    seen.push(o);
                    new
                });
            }
            Some(ObserverFault::PanicsWhenEmpty) if targets.is_empty() => {
                panic!("index out of bounds: the composite has no observer");
            }
            _ => {}
        }
        for observer in targets {
            if self.fault == Some(ObserverFault::CatchesPanics) {
                let _ = catch_unwind(AssertUnwindSafe(|| notify(observer.as_ref())));
            } else {
                notify(observer.as_ref());
            }
        }
    }
}

impl std::fmt::Debug for FaultyComposite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultyComposite")
            .field("fault", &self.fault)
            .field("observers", &self.observers.len())
            .finish()
    }
}

impl MutationObserver for FaultyComposite {
    fn on_put(&self, key: &str, record: &Record, old_value: Option<&RecordValue>, is_backup: bool) {
        self.each(|o| o.on_put(key, record, old_value, is_backup));
    }

    fn on_update(
        &self,
        key: &str,
        record: &Record,
        old_value: &RecordValue,
        new_value: &RecordValue,
        is_backup: bool,
    ) {
        self.each(|o| o.on_update(key, record, old_value, new_value, is_backup));
    }

    fn on_remove(&self, key: &str, record: &Record, is_backup: bool) {
        self.each(|o| o.on_remove(key, record, is_backup));
    }

    fn on_evict(&self, key: &str, record: &Record, is_backup: bool) {
        self.each(|o| o.on_evict(key, record, is_backup));
    }

    fn on_load(&self, key: &str, record: &Record, is_backup: bool) {
        self.each(|o| o.on_load(key, record, is_backup));
    }

    fn on_replication_put(&self, key: &str, record: &Record, populate_index: bool) {
        self.each(|o| o.on_replication_put(key, record, populate_index));
    }

    fn on_clear(&self) {
        self.each(|o| o.on_clear());
    }

    fn on_reset(&self) {
        self.each(|o| o.on_reset());
    }

    fn on_destroy(&self, is_shutdown: bool) {
        self.each(|o| o.on_destroy(is_shutdown));
    }
}
