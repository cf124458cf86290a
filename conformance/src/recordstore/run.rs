//! Runs a record-store case: every op on the store and on the model, with the checks of
//! the property being run.

use std::fmt::Debug;

use storage_traits::{Record, RecordStore};

use super::after::after_step;
use super::checks::{
    Checks, expect_eq, expect_that, rules, same_entries, same_record, same_value, same_values,
};
use super::init::after_init;
use super::model::RecordStoreModel;
use super::ops::RecordStoreOp;
use super::parts::RecordStoreKit;
use super::persisted::Failed;
use super::scenario::RecordStoreScenario;
use super::walks::{Walks, engine_state};
use crate::doubles::Call;
use crate::failure::Violation;
use crate::scenario::StepTracker;

/// A case in progress: the store, the kit's handles, the case, the model and the walk.
pub(super) struct CaseRun<'a, R: RecordStore + ?Sized> {
    pub(super) store: &'a R,
    pub(super) kit: &'a RecordStoreKit,
    pub(super) scenario: &'a RecordStoreScenario,
    pub(super) model: RecordStoreModel,
    pub(super) checks: Checks,
    pub(super) walks: Walks,
    /// How many logged notifications earlier steps have accounted for.
    pub(super) events_seen: usize,
}

/// Runs the ops of `scenario` on `store`, fresh from the factory over the parts `kit`
/// handles and just initialized, checking `checks` right away and after every op;
/// returns the first broken rule. The cost limit is `scenario.max_cost` as it is: a
/// limit to measure ([`RecordStoreScenario::max_cost_after`]) is measured before, by
/// [`check_record_store_property`](super::check_record_store_property).
pub async fn run_record_store_case<R: RecordStore + ?Sized>(
    store: &R,
    kit: &RecordStoreKit,
    scenario: &RecordStoreScenario,
    checks: Checks,
    tracker: &StepTracker,
) -> Result<(), Violation> {
    let ops = &scenario.ops;
    let model = RecordStoreModel::new(
        &scenario.map_name,
        kit.clock.now(),
        kit.backend.persists(),
        scenario.default_expiry.clone(),
    );
    let mut run = CaseRun {
        store,
        kit,
        scenario,
        model,
        checks,
        walks: Walks::default(),
        events_seen: 0,
    };
    after_init(&run)?;
    for (step, op) in ops.iter().enumerate() {
        tracker.enter(step);
        let before = run.walks.in_progress().then(|| engine_state(store));
        run.step(step, op).await?;
        if let Some(before) = before {
            run.walks.changed(&before, &engine_state(store));
        }
        after_step(&mut run, step, op)?;
    }
    run.walks.drain(store, ops.len().saturating_sub(1))
}

/// Compares an op's outcome with the model's: `Ok`/`Err` first, then `same` on the
/// values under `rule`.
fn compare<T: Debug, A: Debug>(
    step: usize,
    rule: &str,
    expected: &Result<T, Failed>,
    actual: &anyhow::Result<A>,
    same: impl FnOnce(&T, &A) -> bool,
) -> Result<(), Violation> {
    match (expected, actual) {
        (Ok(e), Ok(a)) => expect_that(step, rule, same(e, a), e, a),
        (Err(_), Err(_)) => Ok(()),
        _ => Violation::at(
            step,
            rules::OK_OR_ERR,
            expected,
            actual.as_ref().map_err(ToString::to_string),
        )
        .raise(),
    }
}

impl<R: RecordStore + ?Sized> CaseRun<'_, R> {
    async fn step(&mut self, step: usize, op: &RecordStoreOp) -> Result<(), Violation> {
        let (store, returns) = (self.store, self.checks.returns);
        match op {
            RecordStoreOp::Put {
                key,
                value,
                expiry,
                provenance,
            } => {
                let actual = store
                    .put(key, value.clone(), expiry.clone(), *provenance)
                    .await;
                let expected = self.model.put(key, value, expiry, *provenance);
                if returns {
                    compare(step, rules::PUT_RETURNS, &expected, &actual, |e, a| {
                        same_value(e.as_ref(), a.as_ref())
                    })?;
                }
            }
            RecordStoreOp::Get { key, touch } => {
                let actual = store.get(key, *touch).await;
                let expected = self.model.get(key, *touch);
                let value = |e: &Option<Record>, a: &Option<Record>| {
                    same_value(e.as_ref().map(|r| &r.value), a.as_ref().map(|r| &r.value))
                };
                if returns {
                    compare(step, rules::GET_RETURNS, &expected, &actual, value)?;
                }
                if self.checks.metadata {
                    compare(step, rules::METADATA, &expected, &actual, |e, a| {
                        match (e, a) {
                            (Some(e), Some(a)) => same_record(e, a),
                            (None, None) => true,
                            _ => false,
                        }
                    })?;
                }
            }
            RecordStoreOp::Remove { key, provenance } => {
                let actual = store.remove(key, *provenance).await;
                let expected = self.model.remove(key, *provenance, false);
                if returns {
                    compare(step, rules::REMOVE_RETURNS, &expected, &actual, |e, a| {
                        same_value(e.as_ref(), a.as_ref())
                    })?;
                }
            }
            RecordStoreOp::PutBackup {
                key,
                record,
                provenance,
            } => {
                let actual = store.put_backup(key, record.clone(), *provenance).await;
                let expected = self.model.put_backup(key, record, *provenance);
                if returns {
                    compare(step, rules::OK_OR_ERR, &expected, &actual, |(), ()| true)?;
                }
            }
            RecordStoreOp::RemoveBackup { key, provenance } => {
                let actual = store.remove_backup(key, *provenance).await;
                let expected = self.model.remove(key, *provenance, true).map(drop);
                if returns {
                    compare(step, rules::OK_OR_ERR, &expected, &actual, |(), ()| true)?;
                }
            }
            RecordStoreOp::GetAll(keys) => {
                let actual = store.get_all(keys).await;
                let expected = self.model.get_all(keys);
                if returns {
                    compare(step, rules::GET_ALL_RETURNS, &expected, &actual, |e, a| {
                        same_values(e, a)
                    })?;
                }
                if self.checks.metadata {
                    compare(step, rules::METADATA, &expected, &actual, |e, a| {
                        same_entries(e, a)
                    })?;
                }
            }
            RecordStoreOp::ExistsInMemory(key) => {
                let actual = store.exists_in_memory(key);
                if returns {
                    expect_eq(
                        step,
                        rules::EXISTS,
                        self.model.memory.contains_key(key),
                        actual,
                    )?;
                }
            }
            RecordStoreOp::Size => {
                let actual = (store.size(), store.is_empty());
                let len = self.model.memory.len();
                if returns {
                    expect_eq(step, rules::SIZE, (len, len == 0), actual)?;
                }
            }
            RecordStoreOp::Evict { key, is_backup } => {
                let actual = store.evict(key, *is_backup);
                let expected = self.model.evict(key, *is_backup);
                if returns {
                    let same = same_value(expected.as_ref(), actual.as_ref());
                    expect_that(step, rules::EVICT_RETURNS, same, expected, actual)?;
                }
            }
            RecordStoreOp::EvictAll { is_backup } => {
                let actual = u64::from(store.evict_all(*is_backup));
                let expected = self.model.evict_all(*is_backup) as u64;
                if returns {
                    expect_eq(step, rules::EVICT_ALL_COUNT, expected, actual)?;
                }
            }
            RecordStoreOp::EvictExpired {
                percentage,
                is_backup,
            } => self.evict_expired(step, *percentage, *is_backup)?,
            RecordStoreOp::HasExpired(key) => {
                let actual = store.has_expired(key, self.kit.clock.now(), false);
                if self.checks.expiry {
                    expect_eq(
                        step,
                        rules::HAS_EXPIRED,
                        self.model.has_expired(key),
                        actual,
                    )?;
                }
            }
            RecordStoreOp::IsExpirable => {
                let actual = store.is_expirable();
                if self.checks.expiry {
                    expect_eq(step, rules::IS_EXPIRABLE, self.model.is_expirable(), actual)?;
                }
            }
            RecordStoreOp::ForEach { is_backup } => {
                let mut visited = Vec::new();
                store.for_each_boxed(
                    &mut |k, r| visited.push((k.to_string(), r.clone())),
                    *is_backup,
                );
                visited.sort_by(|a, b| a.0.cmp(&b.0));
                let expected = self.model.live_records();
                if self.checks.expiry {
                    let same = same_values(&expected, &visited);
                    expect_that(step, rules::FOR_EACH, same, expected, visited)?;
                }
            }
            RecordStoreOp::Clear { is_backup } => {
                let actual = u64::from(store.clear(*is_backup));
                let expected = self.model.empty(Call::Clear) as u64;
                if returns {
                    expect_eq(step, rules::CLEAR_COUNT, expected, actual)?;
                }
            }
            RecordStoreOp::Reset => {
                store.reset();
                self.model.empty(Call::Reset);
            }
            RecordStoreOp::Destroy => {
                store.destroy();
                self.model.empty(Call::Destroy { is_shutdown: false });
            }
            RecordStoreOp::SoftFlush => {
                let actual = store.soft_flush().await;
                let expected = self.model.store.soft_flush();
                if returns {
                    compare(step, rules::OK_OR_ERR, &expected, &actual, |(), _| true)?;
                }
            }
            RecordStoreOp::Advance(millis) => {
                self.kit.clock.advance(*millis);
                self.model.now += millis;
            }
            RecordStoreOp::FailNext(method, n) => {
                self.kit.data_store.fail_next(*method, *n);
                self.model.store.fail_next(*method, *n);
            }
            RecordStoreOp::Heal => {
                self.kit.data_store.heal();
                self.model.store.heal();
            }
            RecordStoreOp::Walk { size, kind } => Walks::whole(store, step, *size, *kind)?,
            RecordStoreOp::FetchPage { size, kind } => {
                self.walks.next_page(store, step, *size, *kind)?;
            }
        }
        Ok(())
    }

    /// `evict_expired`: which expired records go is the store's choice; the model
    /// follows it once the count and the choice are checked.
    fn evict_expired(
        &mut self,
        step: usize,
        percentage: u32,
        is_backup: bool,
    ) -> Result<(), Violation> {
        let (expired, count) = self.model.evict_expired_plan(percentage);
        self.store
            .evict_expired(percentage, self.kit.clock.now(), is_backup);
        let engine = self.store.storage();
        let gone: Vec<String> = expired
            .iter()
            .filter(|k| !engine.contains_key(k))
            .cloned()
            .collect();
        if self.checks.expiry {
            let wrongly: Vec<&String> = self
                .model
                .memory
                .keys()
                .filter(|k| !expired.contains(k) && !engine.contains_key(k))
                .collect();
            expect_that(
                step,
                rules::EVICT_EXPIRED,
                wrongly.is_empty() && gone.len() == count,
                format!("{count} of the expired {expired:?}"),
                format!("evicted {gone:?}, and unexpired {wrongly:?}"),
            )?;
        }
        self.model.evict_keys(&gone, is_backup);
        Ok(())
    }
}
