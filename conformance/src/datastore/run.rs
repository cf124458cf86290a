//! Runs a data store case: every op on the store and on the model, with the checks of
//! the property being run.

use std::collections::BTreeSet;
use std::sync::Arc;

use storage_reference::ManualClock;
use storage_traits::MapDataStore;

use super::kind::DataStoreKind;
use super::model::{DataStoreModel, Entry, Expected, Space, Stored};
use super::ops::DataStoreOp;
use crate::failure::Violation;
use crate::scenario::StepTracker;

/// Which checks a property adds to the check every property makes (every call succeeds).
#[derive(Debug, Clone, Copy, Default)]
pub struct Checks {
    /// `load` and `load_all` return what the model allows (where `is_loadable`).
    pub loads: bool,
    /// Nothing pending and every key loadable after every op; an added value loads at
    /// once.
    pub write_through: bool,
    /// `is_null()` before and after every op.
    pub null: bool,
    /// `pending_operation_count` equals the model's after every op.
    pub pending: bool,
    /// After `hard_flush`: nothing pending, every entry loads as persisted.
    pub hard_flush: bool,
    /// `soft_flush` never goes backwards, and forwards after a write.
    pub soft_flush: bool,
    /// After `flush_key`: the value loads, the entry has nothing queued.
    pub flush_key: bool,
    /// After `reset`: nothing pending, every entry loads as persisted.
    pub reset: bool,
    /// After a reopen: nothing pending, every entry loads as persisted.
    pub reopen: bool,
}

/// The caller's reopen function: closes the store it is given (by dropping it) and
/// opens a new one over the same storage, on the clock it is given.
pub type ReopenFn<D> = Arc<dyn Fn(D, Arc<ManualClock>) -> anyhow::Result<D> + Send + Sync>;

/// The rules of a data store case.
pub mod rules {
    /// Any call.
    pub const CALLS_SUCCEED: &str = "every call on a healthy store returns Ok";
    /// load.
    pub const LOAD: &str = "load returns the entry's latest value, and nothing for a removed, absent, backup-only or expired entry";
    /// load_all.
    pub const LOAD_ALL: &str =
        "load_all returns each present requested key once, with its latest value, and no other key";
    /// Write-through pending and loadable.
    pub const NOTHING_PENDING: &str =
        "a write-through store has nothing pending and every key is loadable";
    /// Write-through add.
    pub const LOADABLE_AFTER_ADD: &str =
        "a value added to a write-through store loads as soon as add returns";
    /// Null.
    pub const IS_NULL: &str = "a null store says is_null()";
    /// Write-behind pending.
    pub const PENDING: &str =
        "pending_operation_count is the number of entries with a queued write";
    /// hard_flush.
    pub const HARD_FLUSH: &str =
        "after hard_flush nothing is pending and every entry loads its last queued write";
    /// soft_flush.
    pub const SOFT_FLUSH: &str = "soft_flush never goes backwards, and goes forwards once a write was queued since the last call";
    /// flush_key.
    pub const FLUSH_KEY: &str =
        "after flush_key the value loads at once and the entry has nothing queued";
    /// reset.
    pub const RESET: &str =
        "after reset nothing is pending and every entry loads its persisted value";
    /// Reopen.
    pub const REOPEN: &str = "a store reopened over the same storage opens, has nothing pending, and every entry loads what was persisted before the close";
}

/// Runs `ops` on `store` (built on `clock`) from an empty state, as a store of `kind`,
/// checking `checks`. A [`DataStoreOp::Reopen`] replaces the store with what `reopen`
/// returns; without `reopen` it is a violation, since only persistent stores get one.
#[allow(clippy::too_many_arguments)] // The parts of a case, each used once.
pub async fn run_data_store_case<D: MapDataStore>(
    store: D,
    reopen: Option<&ReopenFn<D>>,
    clock: &Arc<ManualClock>,
    kind: DataStoreKind,
    ops: &[DataStoreOp],
    checks: Checks,
    tracker: &StepTracker,
) -> Result<(), Violation> {
    let mut run = DataStoreRun {
        store,
        clock,
        model: DataStoreModel::new(kind),
        checks,
        touched: BTreeSet::new(),
        last_soft_flush: 0,
        wrote_since_soft_flush: false,
    };
    if checks.null {
        run.check_null(0)?;
    }
    for (step, op) in ops.iter().enumerate() {
        tracker.enter(step);
        if let DataStoreOp::Reopen = op {
            run = run.reopened(step, reopen).await?;
        } else {
            run.step(step, op).await?;
        }
        run.after_step(step)?;
    }
    Ok(())
}

struct DataStoreRun<'a, D> {
    store: D,
    clock: &'a Arc<ManualClock>,
    model: DataStoreModel,
    checks: Checks,
    /// Every primary entry written so far, to look at after flushes and resets.
    touched: BTreeSet<(String, String)>,
    last_soft_flush: u64,
    wrote_since_soft_flush: bool,
}

fn ok<T>(step: usize, result: anyhow::Result<T>) -> Result<T, Violation> {
    result.map_err(|e| Violation::at(step, rules::CALLS_SUCCEED, "Ok", format!("Err({e:#})")))
}

fn entry(backup: bool, map: &str, key: &str) -> Entry {
    let space = if backup {
        Space::Backup
    } else {
        Space::Primary
    };
    (space, map.to_string(), key.to_string())
}

fn check(
    step: usize,
    rule: &str,
    holds: bool,
    expected: impl std::fmt::Debug,
    actual: impl std::fmt::Debug,
) -> Result<(), Violation> {
    if holds {
        Ok(())
    } else {
        Err(Violation::at(step, rule, expected, actual))
    }
}

impl<D: MapDataStore> DataStoreRun<'_, D> {
    /// Closes the store (`hard_flush`, then the reopen function drops it) and carries on
    /// with the reopened one.
    async fn reopened(
        mut self,
        step: usize,
        reopen: Option<&ReopenFn<D>>,
    ) -> Result<Self, Violation> {
        let Some(reopen) = reopen else {
            return Err(Violation::at(
                step,
                rules::REOPEN,
                "a reopen function (the kit only reopens persistent stores)",
                "none given",
            ));
        };
        ok(step, self.store.hard_flush().await)?;
        self.model.hard_flush();
        self.store = reopen(self.store, Arc::clone(self.clock))
            .map_err(|e| Violation::at(step, rules::REOPEN, "Ok", format!("Err({e:#})")))?;
        if self.checks.reopen {
            self.check_settled(step, rules::REOPEN).await?;
        }
        Ok(self)
    }

    async fn step(&mut self, step: usize, op: &DataStoreOp) -> Result<(), Violation> {
        let now = self.clock.now();
        match op {
            DataStoreOp::Add {
                backup,
                map,
                key,
                value,
                expires_in,
            } => {
                let expiration_time = expires_in.map_or(0, |d| now + d);
                let call = if *backup {
                    self.store
                        .add_backup(map, key, value, expiration_time, now)
                        .await
                } else {
                    self.store.add(map, key, value, expiration_time, now).await
                };
                ok(step, call)?;
                let stored = Stored {
                    value: value.clone(),
                    expiration_time,
                };
                self.written(entry(*backup, map, key), Some(stored));
                if self.checks.write_through && !*backup && expires_in.is_none() {
                    let loaded = ok(step, self.store.load(map, key).await)?;
                    let same = loaded.as_ref().is_some_and(|l| l.same_as(value));
                    check(step, rules::LOADABLE_AFTER_ADD, same, Some(value), loaded)?;
                }
            }
            DataStoreOp::Remove { backup, map, key } => {
                let call = if *backup {
                    self.store.remove_backup(map, key, now).await
                } else {
                    self.store.remove(map, key, now).await
                };
                ok(step, call)?;
                self.written(entry(*backup, map, key), None);
            }
            DataStoreOp::RemoveAll { map, keys } => {
                ok(step, self.store.remove_all(map, keys).await)?;
                for key in keys {
                    self.written(entry(false, map, key), None);
                }
            }
            DataStoreOp::Load { map, key, after } => {
                self.clock.advance(*after);
                self.check_load(step, map, key).await?;
            }
            DataStoreOp::LoadAll { map, keys } => self.check_load_all(step, map, keys).await?,
            DataStoreOp::SoftFlush => {
                let number = ok(step, self.store.soft_flush().await)?;
                if self.checks.soft_flush {
                    let forward = !self.wrote_since_soft_flush || number > self.last_soft_flush;
                    let holds = number >= self.last_soft_flush && forward;
                    let expected = if self.wrote_since_soft_flush {
                        format!("more than {}", self.last_soft_flush)
                    } else {
                        format!("at least {}", self.last_soft_flush)
                    };
                    check(step, rules::SOFT_FLUSH, holds, expected, number)?;
                }
                self.last_soft_flush = self.last_soft_flush.max(number);
                self.wrote_since_soft_flush = false;
            }
            DataStoreOp::HardFlush => {
                ok(step, self.store.hard_flush().await)?;
                self.model.hard_flush();
                if self.checks.hard_flush {
                    self.check_settled(step, rules::HARD_FLUSH).await?;
                }
            }
            DataStoreOp::FlushKey {
                map,
                key,
                value,
                is_backup,
            } => {
                ok(
                    step,
                    self.store.flush_key(map, key, value, *is_backup).await,
                )?;
                self.model
                    .flush_key(entry(*is_backup, map, key), value.clone());
                if !*is_backup {
                    self.touched.insert((map.clone(), key.clone()));
                }
                if self.checks.flush_key {
                    self.check_flushed_key(step, map, key, *is_backup).await?;
                }
            }
            DataStoreOp::Reset => {
                self.store.reset();
                self.model.reset();
                if self.checks.reset {
                    self.check_settled(step, rules::RESET).await?;
                }
            }
            // Run by `reopened`, which takes the store by value; a crash only by
            // `datastore_crash_durable`, which has a runner of its own.
            DataStoreOp::Reopen | DataStoreOp::Crash => {}
        }
        Ok(())
    }

    fn written(&mut self, entry: Entry, stored: Option<Stored>) {
        if entry.0 == Space::Primary {
            self.touched.insert((entry.1.clone(), entry.2.clone()));
        }
        self.wrote_since_soft_flush = true;
        self.model.write(entry, stored);
    }

    fn after_step(&self, step: usize) -> Result<(), Violation> {
        if self.checks.pending {
            let actual = self.store.pending_operation_count();
            check(
                step,
                rules::PENDING,
                actual == self.model.pending(),
                self.model.pending(),
                actual,
            )?;
        }
        if self.checks.write_through {
            let pending = self.store.pending_operation_count();
            let unloadable: Vec<&String> = self
                .touched
                .iter()
                .map(|(_, key)| key)
                .filter(|key| !self.store.is_loadable(key))
                .collect();
            check(
                step,
                rules::NOTHING_PENDING,
                pending == 0 && unloadable.is_empty(),
                "0 pending, every key loadable",
                format!("{pending} pending, not loadable: {unloadable:?}"),
            )?;
        }
        if self.checks.null {
            self.check_null(step)?;
        }
        Ok(())
    }

    fn check_null(&self, step: usize) -> Result<(), Violation> {
        check(step, rules::IS_NULL, self.store.is_null(), true, false)
    }

    async fn check_load(&self, step: usize, map: &str, key: &str) -> Result<(), Violation> {
        let loadable = self.store.is_loadable(key);
        let loaded = ok(step, self.store.load(map, key).await)?;
        if self.checks.loads && loadable {
            let expected = self.model.load(&entry(false, map, key), self.clock.now());
            check(
                step,
                rules::LOAD,
                expected.allows(loaded.as_ref()),
                expected,
                loaded,
            )?;
        }
        Ok(())
    }

    async fn check_load_all(
        &self,
        step: usize,
        map: &str,
        keys: &[String],
    ) -> Result<(), Violation> {
        let loadable: BTreeSet<&String> =
            keys.iter().filter(|k| self.store.is_loadable(k)).collect();
        let loaded = ok(step, self.store.load_all(map, keys).await)?;
        if !self.checks.loads {
            return Ok(());
        }
        let now = self.clock.now();
        let expect = |key: &str| self.model.load(&entry(false, map, key), now);
        let mut returned = BTreeSet::new();
        let each_once_and_allowed = loaded.iter().all(|(key, value)| {
            returned.insert(key.clone())
                && keys.contains(key)
                && (!loadable.contains(key) || expect(key).allows(Some(value)))
        });
        let complete = loadable
            .iter()
            .all(|key| !expect(key).required() || returned.contains(*key));
        let expected: Vec<(&String, Expected)> = keys
            .iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|key| (key, expect(key)))
            .collect();
        check(
            step,
            rules::LOAD_ALL,
            each_once_and_allowed && complete,
            expected,
            loaded,
        )
    }

    /// After a hard flush or a reset: nothing pending, every written primary entry loads
    /// as the model says.
    async fn check_settled(&self, step: usize, rule: &str) -> Result<(), Violation> {
        let pending = self.store.pending_operation_count();
        check(step, rule, pending == 0, "0 pending", pending)?;
        let now = self.clock.now();
        for (map, key) in &self.touched {
            let loaded = ok(step, self.store.load(map, key).await)?;
            let expected = self.model.load(&entry(false, map, key), now);
            check(
                step,
                rule,
                expected.allows(loaded.as_ref()),
                (map, key, expected),
                loaded,
            )?;
        }
        Ok(())
    }

    async fn check_flushed_key(
        &self,
        step: usize,
        map: &str,
        key: &str,
        is_backup: bool,
    ) -> Result<(), Violation> {
        let pending = self.store.pending_operation_count();
        check(
            step,
            rules::FLUSH_KEY,
            pending == self.model.pending(),
            self.model.pending(),
            pending,
        )?;
        if !is_backup {
            let loaded = ok(step, self.store.load(map, key).await)?;
            let expected = self.model.load(&entry(false, map, key), self.clock.now());
            check(
                step,
                rules::FLUSH_KEY,
                expected.allows(loaded.as_ref()),
                expected,
                loaded,
            )?;
        }
        Ok(())
    }
}
