//! Crash durability (`datastore_crash_durable`): what a persistent store keeps when it
//! is abandoned without `hard_flush`.
//!
//! In process, the kit approximates a crash: at a generated point it hands the store to
//! the caller's reopen function without flushing it (the store is dropped, its
//! destructor runs), then loads every primary entry written so far. The real thing is a
//! process killed with SIGKILL in the middle of a stream of writes
//! ([`check_crash_by_kill`]), where no destructor runs: a store that makes its writes
//! durable only when dropped passes the first and fails the second.
//!
//! Either way, every primary entry must load a value the crash model allows
//! ([`rules`]): a write-through store everything it acknowledged, a write-behind store
//! everything its completed flushes (`hard_flush`, `flush_key`) covered, optionally some
//! writes queued since, and no store a value that was never written to the entry.

mod kill;
mod model;
mod run;
mod strategies;

use std::sync::Arc;

use crate::doubles::ManualClock;
use proptest::strategy::Strategy;
use storage_traits::MapDataStore;

pub use kill::{
    CRASH_PACE_ENV, CrashTarget, KillScenario, Pace, check_crash_by_kill, run_crash_child,
    stream_op,
};
pub use model::CrashModel;
pub use strategies::crashes;

use super::{DataStoreKind, DataStoreScenario, ReopenFn};
use crate::config::RunConfig;
use crate::failure::Violation;
use crate::outcome::Outcome;
use crate::property::{Basis, Capability, PropertyInfo, Rule};
use crate::readings::Branches;
use crate::runner::{CaseCheck, run_property};

/// The capability of a store whose storage outlives it: what it made durable is there
/// when a new store is opened over the same storage after the old one was abandoned
/// without `hard_flush`. On when the caller gives a reopen function (with
/// [`PERSISTENT`](super::PERSISTENT)); turn it off (`without`) for a store that keeps
/// its writes only when closed cleanly.
pub const CRASH_DURABLE: Capability = "datastore_crash_durable";

/// The rules of the crash property.
pub mod rules {
    use super::{Basis, Rule};

    /// Calls succeed, and a crashed store reopens.
    pub const CALLS_SUCCEED: Rule = Rule {
        text: "every call on a healthy store returns Ok, and a crashed store opens again",
        basis: Basis::Spec("Persist a record (or queue it for async persistence)."),
    };
    /// Write-through: what was acknowledged survives.
    pub const ACKNOWLEDGED_SURVIVES: Rule = Rule {
        text: "after a crash, a write-through store loads every entry's last acknowledged write",
        basis: Basis::Spec("For write-through, always returns 0."),
    };
    /// Write-behind: what a completed flush covered survives.
    pub const FLUSHED_SURVIVES: Rule = Rule {
        text: "after a crash, a write-behind store loads every entry as its last completed flush left it, or as a write queued since",
        basis: Basis::Spec("Flush all pending writes immediately in the calling task."),
    };
    /// No store: a value never written.
    pub const NEVER_WRITTEN: Rule = Rule {
        text: "after a crash, no entry loads a value that was never written to it (a null store loads nothing)",
        basis: Basis::Spec("Load a single record from the backing store."),
    };
}

/// The crash property.
pub const CRASH: PropertyInfo = PropertyInfo {
    id: "datastore_crash_durable",
    rule: "a store abandoned without hard_flush and opened again over the same storage keeps what it acknowledged as durable (write-through: every write; write-behind: what its flushes covered), and no entry loads a value never written to it",
    requires: CRASH_DURABLE,
    rules: &[
        rules::CALLS_SUCCEED,
        rules::ACKNOWLEDGED_SURVIVES,
        rules::FLUSHED_SURVIVES,
        rules::NEVER_WRITTEN,
    ],
};

/// Runs the in-process crash property on fresh stores of `kind` from `factory`, each on
/// a fresh [`ManualClock`] inside one tokio runtime; `reopen` reopens a crashed store.
/// Without `reopen` the property is skipped ([`CRASH_DURABLE`] is off).
pub(super) fn check_crash_property<D, F>(
    property: &PropertyInfo,
    config: &RunConfig,
    subject: &str,
    kind: DataStoreKind,
    factory: F,
    reopen: Option<(String, ReopenFn<D>)>,
) -> Result<Outcome, String>
where
    D: MapDataStore + 'static,
    F: Fn(Arc<ManualClock>) -> D + Send + Sync + 'static,
{
    let runtime = super::property_runtime()?;
    let pins = config.clone();
    let (reopen_source, reopen) = reopen.unzip();
    let strategy = crashes().prop_map(move |scenario| DataStoreScenario {
        reopen: reopen_source.clone(),
        ..scenario
    });
    let check: CaseCheck<DataStoreScenario> = Arc::new(move |scenario, tracker| {
        let Some(reopen) = reopen.as_ref() else {
            return Err(Violation::at(
                0,
                rules::CALLS_SUCCEED,
                "a reopen function (the kit only crashes persistent stores)",
                "none given",
            ));
        };
        runtime.block_on(async {
            let clock = Arc::new(ManualClock::default());
            let store = factory(Arc::clone(&clock));
            let model = Branches::new(CrashModel::new(kind), &pins);
            run::run_crash_case(store, reopen, &clock, model, &scenario.ops, tracker).await
        })
    });
    Ok(run_property(property, config, subject, strategy, &check))
}
