//! Observer controls: a composite with one bug switched on (a positive control), or
//! doing one thing the unusual but correct way, or neither (correct controls).

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use storage_traits::{MutationObserver, Record, RecordValue};

use storage_conformance::observer::readings as r;
use storage_conformance::property::PropertyInfo;
use storage_conformance::readings::Choice;

/// The single bug a [`FaultyComposite`] has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObserverFault {
    /// Never notifies the last registered observer.
    SkipsLast,
    /// Registering an observer it already holds unregisters it (a toggle): an observer
    /// registered twice is never notified.
    ForgetsRepeated,
    /// Panics when no observer is registered (it indexes the first one).
    PanicsWhenEmpty,
    /// Catches an observer's panic around the whole loop: the observers after the
    /// panicking one are not notified, and the caller never learns of the panic.
    SwallowsPanics,
    /// `add` keeps the observer in a list no notification reaches.
    AddIgnored,
}

impl ObserverFault {
    /// Every fault.
    pub const ALL: [ObserverFault; 5] = [
        ObserverFault::SkipsLast,
        ObserverFault::ForgetsRepeated,
        ObserverFault::PanicsWhenEmpty,
        ObserverFault::SwallowsPanics,
        ObserverFault::AddIgnored,
    ];

    /// The property that catches the fault, and the length of its minimal
    /// counterexample.
    pub fn target(self) -> (PropertyInfo, usize) {
        use storage_conformance::observer::properties as p;
        match self {
            // register o0; one notification
            ObserverFault::SkipsLast => (p::FAN_OUT, 2),
            // register o0 twice; one notification (o0 not notified)
            ObserverFault::ForgetsRepeated => (p::REGISTERED_TWICE, 3),
            // one notification
            ObserverFault::PanicsWhenEmpty => (p::EMPTY_NOOP, 1),
            // register a panicking observer, then o0; one notification
            ObserverFault::SwallowsPanics => (p::PANICKING_OBSERVER, 3),
            // o0 through add; one notification
            ObserverFault::AddIgnored => (p::ADD_REGISTERS, 2),
        }
    }
}

/// One unusual but correct way a composite does one thing (a correct control).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObserverVariant {
    /// Catches an observer's panic and goes on with the next observer (the old
    /// `ObserverFault::CatchesPanics`).
    PanicsIsolated,
    /// Notifies every observer, then raises the first panic caught.
    PanicAfterAll,
    /// `add` puts the new observer first (the old `ObserverFault::AddPrepends`).
    AddPrepends,
    /// Notifies the most recently registered observer first, a stack (the old
    /// `ObserverFault::ReverseOrder`).
    ReverseOrder,
    /// Each notification starts one observer further along the list and wraps around,
    /// so the order changes from one notification to the next.
    RotatingOrder,
    /// Keeps an observer registered twice (the same `Arc`) once, at its first place
    /// (the old `ObserverFault::Deduplicates`).
    Deduplicates,
}

impl ObserverVariant {
    /// Every variant.
    pub const ALL: [ObserverVariant; 6] = [
        ObserverVariant::PanicsIsolated,
        ObserverVariant::PanicAfterAll,
        ObserverVariant::AddPrepends,
        ObserverVariant::ReverseOrder,
        ObserverVariant::RotatingOrder,
        ObserverVariant::Deduplicates,
    ];

    /// The option it follows, to pin.
    pub fn follows(self) -> Choice {
        match self {
            ObserverVariant::PanicsIsolated => r::PANIC_ISOLATED,
            ObserverVariant::PanicAfterAll => r::PANIC_AFTER_ALL,
            ObserverVariant::AddPrepends => r::ADD_FIRST,
            ObserverVariant::ReverseOrder => r::ORDER_REVERSE,
            ObserverVariant::RotatingOrder => r::ORDER_ANY,
            ObserverVariant::Deduplicates => r::DUPLICATES_IGNORED,
        }
    }

    /// Options it does not follow (pinned together), the property that then fails, and
    /// the length of that failure's minimal counterexample (the sequence in the comment).
    pub fn fails_under(self) -> (&'static [Choice], PropertyInfo, usize) {
        use storage_conformance::observer::properties as p;
        match self {
            // register a panicking observer; one notification (no panic reaches it)
            ObserverVariant::PanicsIsolated => (&[r::PANIC_PROPAGATES], p::PANICKING_OBSERVER, 2),
            // register a panicking observer, then o0; one notification (o0 notified).
            // In an order of its own o0 could have come first, so the order is pinned too.
            ObserverVariant::PanicAfterAll => (
                &[r::PANIC_PROPAGATES, r::ORDER_REGISTRATION],
                p::PANICKING_OBSERVER,
                3,
            ),
            // o0 at construction, o1 through add; one notification (o1 first). Under
            // reverse order a push would give that order too, so the order is pinned.
            ObserverVariant::AddPrepends => {
                (&[r::ADD_LAST, r::ORDER_REGISTRATION], p::ADD_REGISTERS, 3)
            }
            // register o0, o1; one notification (o1 first: reversed, or the rotation
            // starting at the second observer)
            ObserverVariant::ReverseOrder | ObserverVariant::RotatingOrder => {
                (&[r::ORDER_REGISTRATION], p::FAN_OUT, 3)
            }
            // register o0 twice; one notification (o0 notified once)
            ObserverVariant::Deduplicates => (&[r::DUPLICATES_KEPT], p::REGISTERED_TWICE, 3),
        }
    }
}

/// What a [`FaultyComposite`] is: a bug, an unusual but correct way of doing one
/// thing, or plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fault(ObserverFault),
    Variant(ObserverVariant),
    Plain,
}

/// A fan-out composite with one [`ObserverFault`], one [`ObserverVariant`], or neither.
pub struct FaultyComposite {
    kind: Kind,
    observers: Vec<Arc<dyn MutationObserver>>,
    ignored: Vec<Arc<dyn MutationObserver>>,
    /// Notifications sent so far (where `RotatingOrder` starts).
    sent: AtomicUsize,
}

impl FaultyComposite {
    /// A composite over `observers` with `fault`.
    pub fn new(fault: ObserverFault, observers: Vec<Arc<dyn MutationObserver>>) -> Self {
        Self::with(Kind::Fault(fault), observers)
    }

    /// A correct composite over `observers` that does one thing the unusual way.
    pub fn variant(variant: ObserverVariant, observers: Vec<Arc<dyn MutationObserver>>) -> Self {
        Self::with(Kind::Variant(variant), observers)
    }

    /// The plain composite: it propagates a panic at once and `add` appends, as
    /// `CompositeMutationObserver` does; it must pass every property.
    pub fn correct(observers: Vec<Arc<dyn MutationObserver>>) -> Self {
        Self::with(Kind::Plain, observers)
    }

    fn with(kind: Kind, observers: Vec<Arc<dyn MutationObserver>>) -> Self {
        Self {
            kind,
            observers,
            ignored: Vec::new(),
            sent: AtomicUsize::new(0),
        }
    }

    fn has(&self, fault: ObserverFault) -> bool {
        self.kind == Kind::Fault(fault)
    }

    fn is(&self, variant: ObserverVariant) -> bool {
        self.kind == Kind::Variant(variant)
    }

    /// Registers `observer` after the others (before them with `AddPrepends`, nowhere
    /// that notifications reach with `AddIgnored`).
    pub fn add(&mut self, observer: Arc<dyn MutationObserver>) {
        if self.is(ObserverVariant::AddPrepends) {
            self.observers.insert(0, observer);
        } else if self.has(ObserverFault::AddIgnored) {
            self.ignored.push(observer);
        } else {
            self.observers.push(observer);
        }
    }

    /// Sends one notification to the observers, as the fault or variant dictates.
    fn each(&self, notify: impl Fn(&dyn MutationObserver)) {
        let mut targets: Vec<&Arc<dyn MutationObserver>> = self.observers.iter().collect();
        match self.kind {
            Kind::Variant(ObserverVariant::ReverseOrder) => targets.reverse(),
            Kind::Variant(ObserverVariant::RotatingOrder) if !targets.is_empty() => {
                // Starts one further each time, from the second observer.
                let start = self.sent.fetch_add(1, Ordering::Relaxed) + 1;
                let len = targets.len();
                targets.rotate_left(start % len);
            }
            Kind::Fault(ObserverFault::SkipsLast) => {
                targets.pop();
            }
            Kind::Fault(ObserverFault::ForgetsRepeated) => {
                let mut toggled: Vec<&Arc<dyn MutationObserver>> = Vec::new();
                for observer in targets {
                    match toggled.iter().position(|t| Arc::ptr_eq(t, observer)) {
                        Some(at) => {
                            toggled.remove(at);
                        }
                        None => toggled.push(observer),
                    }
                }
                targets = toggled;
            }
            Kind::Variant(ObserverVariant::Deduplicates) => {
                let mut seen: Vec<&Arc<dyn MutationObserver>> = Vec::new();
                targets.retain(|o| {
                    let new = !seen.iter().any(|s| Arc::ptr_eq(s, o));
                    seen.push(o);
                    new
                });
            }
            Kind::Fault(ObserverFault::PanicsWhenEmpty) if targets.is_empty() => {
                panic!("index out of bounds: the composite has no observer");
            }
            _ => {}
        }
        let call_all = || {
            for observer in &targets {
                notify(observer.as_ref());
            }
        };
        if self.has(ObserverFault::SwallowsPanics) {
            let _ = catch_unwind(AssertUnwindSafe(call_all));
            return;
        }
        if !self.is(ObserverVariant::PanicsIsolated) && !self.is(ObserverVariant::PanicAfterAll) {
            call_all();
            return;
        }
        let mut first_panic = None;
        for observer in &targets {
            if let Err(payload) = catch_unwind(AssertUnwindSafe(|| notify(observer.as_ref()))) {
                first_panic.get_or_insert(payload);
            }
        }
        if let Some(payload) = first_panic
            && self.is(ObserverVariant::PanicAfterAll)
        {
            resume_unwind(payload);
        }
    }
}

impl std::fmt::Debug for FaultyComposite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultyComposite")
            .field("kind", &self.kind)
            .field("ignored", &self.ignored.len())
            .field("observers", &self.observers.len())
            .field("sent", &self.sent)
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
