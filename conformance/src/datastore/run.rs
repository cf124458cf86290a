//! Runs a data store case: every op on the store, then on every branch of the model
//! (one per combination of readings the answers so far allow), with the checks of the
//! property being run.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::doubles::ManualClock;
use storage_traits::{MapDataStore, RecordValue};

use super::ask::Ask;
use super::judge::{Judge, Observed, SettledLoad};
use super::kind::DataStoreKind;
use super::model::{DataStoreModel, Stored};
use super::ops::DataStoreOp;
use super::readings::QUEUED_LOADS;
use super::rules;
use crate::config::RunConfig;
use crate::failure::Violation;
use crate::property::Rule;
use crate::readings::{Branches, Stop};
use crate::scenario::StepTracker;

/// Which checks a property adds to the checks every property makes (every call
/// succeeds; `is_null()` answers for the kind).
#[derive(Debug, Clone, Copy, Default)]
pub struct Checks {
    /// `load` and `load_all` return what the model allows, and `is_loadable` answers
    /// for the queue.
    pub loads: bool,
    /// Nothing pending and every key loadable after every op; an added value loads at
    /// once.
    pub write_through: bool,
    /// `pending_operation_count` is what the model allows after every op.
    pub pending: bool,
    /// After `hard_flush`: nothing pending, every entry loads as persisted.
    pub hard_flush: bool,
    /// What `soft_flush` returns.
    pub soft_flush: bool,
    /// After `flush_key`: the entry has nothing queued and loads what was flushed.
    pub flush_key: bool,
    /// After `reset`: nothing pending, every entry loads as persisted.
    pub reset: bool,
    /// After a reopen: nothing pending, every entry loads as persisted.
    pub reopen: bool,
    /// A null store: nothing pending after every op, and `soft_flush` returns 0.
    pub null: bool,
}

/// The caller's reopen function: closes the store it is given (by dropping it) and
/// opens a new one over the same storage, on the clock it is given.
pub type ReopenFn<D> = Arc<dyn Fn(D, Arc<ManualClock>) -> anyhow::Result<D> + Send + Sync>;

/// One data store case: the store, its clock, and what it is checked against.
pub struct Case<'a, D> {
    /// The store, fresh from the factory.
    pub store: D,
    /// The caller's reopen function, for a persistent store.
    pub reopen: Option<&'a ReopenFn<D>>,
    /// The clock the store was built on.
    pub clock: &'a Arc<ManualClock>,
    /// The kind the caller declared.
    pub kind: DataStoreKind,
    /// The property's checks.
    pub checks: Checks,
    /// The run's settings (the pinned readings).
    pub config: &'a RunConfig,
}

/// Runs `ops` on the case's store from an empty state, checking the case's checks. A
/// [`DataStoreOp::Reopen`] replaces the store with what `reopen` returns; without
/// `reopen` it is a violation, since only persistent stores get one.
pub async fn run_data_store_case<D: MapDataStore>(
    case: Case<'_, D>,
    ops: &[DataStoreOp],
    tracker: &StepTracker,
) -> Result<(), Violation> {
    let mut run = DataStoreRun {
        branches: Branches::new(DataStoreModel::new(case.kind), case.config),
        queued_loads: QUEUED_LOADS.accepted(case.config),
        touched: BTreeSet::new(),
        case,
    };
    run.check_is_null(0)?;
    for (step, op) in ops.iter().enumerate() {
        tracker.enter(step);
        if let DataStoreOp::Reopen = op {
            run = run.reopened(step).await?;
        } else {
            run.step(step, op).await?;
        }
        run.after_step(step)?;
    }
    Ok(())
}

struct DataStoreRun<'a, D> {
    case: Case<'a, D>,
    branches: Branches<DataStoreModel>,
    /// The options of [`QUEUED_LOADS`] the run accepts.
    queued_loads: Vec<&'static str>,
    /// Every (map, key) written so far, in either space, to look at after flushes and
    /// resets.
    touched: BTreeSet<(String, String)>,
}

fn ok<T>(step: usize, result: anyhow::Result<T>) -> Result<T, Violation> {
    result.map_err(|e| Violation::at(step, rules::CALLS_SUCCEED, "Ok", format!("Err({e:#})")))
}

fn check(
    step: usize,
    rule: Rule,
    holds: bool,
    expected: impl std::fmt::Debug,
    actual: impl std::fmt::Debug,
) -> Result<(), Violation> {
    if holds {
        Ok(())
    } else {
        Violation::at(step, rule, expected, actual).raise()
    }
}

impl<D: MapDataStore> DataStoreRun<'_, D> {
    /// Closes the store (`hard_flush`, then the reopen function drops it) and carries on
    /// with the reopened one.
    async fn reopened(mut self, step: usize) -> Result<Self, Violation> {
        let Some(reopen) = self.case.reopen else {
            return Err(Violation::at(
                step,
                rules::REOPEN,
                "a reopen function (the kit only reopens persistent stores)",
                "none given",
            ));
        };
        ok(step, self.case.store.hard_flush().await)?;
        self.case.store = reopen(self.case.store, Arc::clone(self.case.clock))
            .map_err(|e| Violation::at(step, rules::REOPEN, "Ok", format!("Err({e:#})")))?;
        let observed = if self.case.checks.reopen {
            self.settled(step, rules::REOPEN).await?
        } else {
            Observed::Nothing
        };
        self.judge(step, &observed, |model, _| {
            model.reopened();
            Ok(())
        })?;
        Ok(self)
    }

    async fn step(&mut self, step: usize, op: &DataStoreOp) -> Result<(), Violation> {
        let now = self.case.clock.now();
        let checks = self.case.checks;
        let store = &self.case.store;
        let observed = match op {
            DataStoreOp::Add {
                backup,
                map,
                key,
                value,
                expiration,
            } => {
                let expiration_time = expiration.map_or(0, |e| e.at(now));
                let call = if *backup {
                    store
                        .add_backup(map, key, value, expiration_time, now)
                        .await
                } else {
                    store.add(map, key, value, expiration_time, now).await
                };
                ok(step, call)?;
                self.touched.insert((map.clone(), key.clone()));
                if checks.write_through && !*backup && expiration.is_none() {
                    self.check_loads_at_once(step, map, key, value).await?;
                }
                let stored = Stored {
                    value: Arc::new(value.clone()),
                    expiration_time,
                };
                let written = (*backup, map.as_str(), key.as_str());
                return self.judge(step, &Observed::Nothing, |model, ask| {
                    model.write(written, Some(stored.clone()), now, ask)
                });
            }
            DataStoreOp::Remove { backup, map, key } => {
                let call = if *backup {
                    store.remove_backup(map, key, now).await
                } else {
                    store.remove(map, key, now).await
                };
                ok(step, call)?;
                self.touched.insert((map.clone(), key.clone()));
                let written = (*backup, map.as_str(), key.as_str());
                return self.judge(step, &Observed::Nothing, |model, ask| {
                    model.write(written, None, now, ask)
                });
            }
            DataStoreOp::RemoveAll { map, keys } => {
                ok(step, store.remove_all(map, keys).await)?;
                for key in keys {
                    self.touched.insert((map.clone(), key.clone()));
                }
                return self.judge(step, &Observed::Nothing, |model, ask| {
                    model.remove_all(map, keys, ask)
                });
            }
            DataStoreOp::Load { map, key, after } => {
                self.case.clock.advance(*after);
                let loadable = store.is_loadable(key);
                let loaded = ok(step, store.load(map, key).await)?;
                if checks.loads {
                    Observed::Load {
                        map,
                        key,
                        loadable,
                        loaded,
                    }
                } else {
                    Observed::Nothing
                }
            }
            DataStoreOp::LoadAll { map, keys } => {
                let loadable: BTreeMap<&str, bool> = keys
                    .iter()
                    .map(|k| (k.as_str(), store.is_loadable(k)))
                    .collect();
                let loaded = ok(step, store.load_all(map, keys).await)?;
                if checks.loads {
                    Observed::LoadAll {
                        map,
                        keys,
                        loadable,
                        loaded,
                    }
                } else {
                    Observed::Nothing
                }
            }
            DataStoreOp::SoftFlush => {
                let number = ok(step, store.soft_flush().await)?;
                // A no-op store queues nothing, so its queue is always empty.
                let zero = rules::NULL_SOFT_FLUSH_ZERO;
                check(step, zero, !checks.null || number == 0, 0, number)?;
                if checks.soft_flush {
                    Observed::SoftFlush(number)
                } else {
                    Observed::Nothing
                }
            }
            DataStoreOp::HardFlush => {
                ok(step, store.hard_flush().await)?;
                let observed = if checks.hard_flush {
                    self.settled(step, rules::HARD_FLUSH).await?
                } else {
                    Observed::Nothing
                };
                return self.judge(step, &observed, |model, _| {
                    model.hard_flush();
                    Ok(())
                });
            }
            DataStoreOp::FlushKey {
                map,
                key,
                value,
                is_backup,
            } => {
                ok(step, store.flush_key(map, key, value, *is_backup).await)?;
                self.touched.insert((map.clone(), key.clone()));
                let observed = if checks.flush_key {
                    let pending = store.pending_operation_count();
                    let loadable = store.is_loadable(key);
                    let loaded = ok(step, store.load(map, key).await)?;
                    Observed::FlushedKey {
                        pending,
                        load: SettledLoad {
                            map: map.clone(),
                            key: key.clone(),
                            loadable,
                            loaded,
                        },
                    }
                } else {
                    Observed::Nothing
                };
                let flushed = (*is_backup, map.as_str(), key.as_str());
                let value = Arc::new(value.clone());
                return self.judge(step, &observed, |model, ask| {
                    model.flush_key(flushed, &value, ask)
                });
            }
            DataStoreOp::Reset => {
                store.reset();
                let observed = if checks.reset {
                    self.settled(step, rules::RESET).await?
                } else {
                    Observed::Nothing
                };
                return self.judge(step, &observed, DataStoreModel::reset);
            }
            // Run by `reopened`, which takes the store by value; a crash only by
            // `datastore_crash_durable`, which has a runner of its own.
            DataStoreOp::Reopen | DataStoreOp::Crash => Observed::Nothing,
        };
        self.judge(step, &observed, |_, _| Ok(()))
    }

    /// Applies `change` to every branch, then judges `observed` on it, and the pending
    /// count after the step where the property checks it.
    fn judge<F>(&mut self, step: usize, observed: &Observed<'_>, change: F) -> Result<(), Violation>
    where
        F: Fn(&mut DataStoreModel, &Ask<'_>) -> Result<(), Stop>,
    {
        let judge = Judge {
            step,
            now: self.case.clock.now(),
            queued_loads: &self.queued_loads,
        };
        let checks = self.case.checks;
        let pending = checks
            .pending
            .then(|| self.case.store.pending_operation_count());
        self.branches.step(|model, options| {
            let ask = Ask::new(options);
            change(model, &ask)?;
            judge.observed(model, &ask, observed)?;
            match pending {
                Some(count) => judge.pending(model, &ask.anew(), count, rules::PENDING),
                None => Ok(()),
            }
        })
    }

    /// What a store with nothing queued (after a hard flush, a reset or a reopen)
    /// answers: its pending count, and every written key loaded.
    async fn settled(&self, step: usize, rule: Rule) -> Result<Observed<'static>, Violation> {
        let store = &self.case.store;
        let pending = store.pending_operation_count();
        let mut loads = Vec::new();
        for (map, key) in &self.touched {
            let loadable = store.is_loadable(key);
            let loaded = ok(step, store.load(map, key).await)?;
            loads.push(SettledLoad {
                map: map.clone(),
                key: key.clone(),
                loadable,
                loaded,
            });
        }
        Ok(Observed::Settled {
            rule,
            pending,
            loads,
        })
    }

    /// A value added to a write-through store (with no expiry) loads as soon as `add`
    /// returns, whatever the readings.
    async fn check_loads_at_once(
        &self,
        step: usize,
        map: &str,
        key: &str,
        value: &RecordValue,
    ) -> Result<(), Violation> {
        let loaded = ok(step, self.case.store.load(map, key).await)?;
        let same = loaded.as_ref().is_some_and(|l| l.same_as(value));
        check(step, rules::LOADABLE_AFTER_ADD, same, Some(value), loaded)
    }

    fn after_step(&self, step: usize) -> Result<(), Violation> {
        if self.case.checks.write_through {
            let store = &self.case.store;
            let pending = store.pending_operation_count();
            let nothing = rules::WRITE_THROUGH_NOTHING_PENDING;
            check(step, nothing, pending == 0, 0, pending)?;
            let unloadable: Vec<&String> = self
                .touched
                .iter()
                .map(|(_, key)| key)
                .filter(|key| !store.is_loadable(key))
                .collect();
            let loadable = rules::WRITE_THROUGH_LOADABLE;
            check(step, loadable, unloadable.is_empty(), "none", unloadable)?;
        }
        if self.case.checks.null {
            let pending = self.case.store.pending_operation_count();
            check(step, rules::NULL_NOTHING_PENDING, pending == 0, 0, pending)?;
        }
        self.check_is_null(step)
    }

    /// `is_null()` is true exactly for a null store, before and after every op.
    fn check_is_null(&self, step: usize) -> Result<(), Violation> {
        let expected = self.case.kind == DataStoreKind::Null;
        let actual = self.case.store.is_null();
        check(step, rules::IS_NULL, actual == expected, expected, actual)
    }
}
