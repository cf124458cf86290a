//! Emptying a store (`clear`, `reset`, `destroy`) and `soft_flush`.

use std::collections::BTreeSet;

use super::context::{Category, Ctx};
use super::data_store::Space;
use super::events::{Expected, Slot};
use super::observed::{Calls, Returned};
use super::records::KeyOutcome;
use super::write::check_ok_or_err;
use super::{RecordStoreModel, Step};
use crate::doubles::{Call, Method};
use crate::readings::Stop;
use crate::recordstore::readings::{CLEAR_DATA_STORE, DESTROY_FLAG, SOFT_FLUSH};
use crate::recordstore::rules;

impl RecordStoreModel {
    /// Every key leaves memory, and `call` notifies it.
    pub(super) fn empty(&mut self, step: &mut Step, call: Call) {
        for key in self.memory.keys() {
            step.keys.insert(key.clone(), KeyOutcome::Absent);
        }
        step.events.push(Slot::one(None, call, rules::EVENTS));
    }

    /// `clear(is_backup)`: memory emptied, its count returned, and the cleared keys
    /// deleted from the data store where `recordstore_clear_data_store` allows.
    pub(super) fn clear(
        &mut self,
        ctx: &Ctx<'_>,
        calls: &mut Calls<'_>,
        step: &mut Step,
        is_backup: bool,
    ) -> Result<(), Stop> {
        if let Returned::Count(actual) = ctx.observed.returned {
            let expected = self.memory.len() as u64;
            ctx.judge(
                Category::Returns,
                expected == actual,
                rules::CLEAR,
                expected,
                actual,
            )?;
        }
        let held: BTreeSet<&String> = self.memory.keys().collect();
        match calls.take(|c| c.method == Method::RemoveAll) {
            Some(remove_all) => {
                let named: BTreeSet<&String> = remove_all.call.keys.iter().collect();
                ctx.judge(
                    Category::Calls,
                    ctx.accepts(&CLEAR_DATA_STORE, "remove_all")
                        && named == held
                        && remove_all.call.map == self.store.map(),
                    rules::CLEAR_DATA_STORE,
                    format!("remove_all({:?}, {held:?}), or no call", self.store.map()),
                    &remove_all.call,
                )?;
                if !remove_all.failed {
                    let keys = remove_all.call.keys.clone();
                    for key in &keys {
                        self.store.remove(Space::Primary, key);
                    }
                }
            }
            None => ctx.judge(
                Category::Calls,
                is_backup || held.is_empty() || ctx.accepts(&CLEAR_DATA_STORE, "memory_only"),
                rules::CLEAR_DATA_STORE,
                format!("remove_all({:?}, {held:?})", self.store.map()),
                "no call",
            )?,
        }
        self.empty(step, Call::Clear);
        Ok(())
    }

    /// `destroy()`: memory emptied, `on_destroy` with a flag
    /// `recordstore_destroy_flag` accepts.
    pub(super) fn destroy(&mut self, ctx: &Ctx<'_>, step: &mut Step) {
        self.empty(step, Call::Destroy { is_shutdown: false });
        let alternatives = [(false, "not_shutdown"), (true, "shutdown")]
            .into_iter()
            .filter(|(_, option)| ctx.accepts(&DESTROY_FLAG, option))
            .map(|(is_shutdown, _)| vec![Expected::exactly(Call::Destroy { is_shutdown })])
            .collect();
        if let Some(slot) = step.events.last_mut() {
            *slot = Slot {
                key: None,
                alternatives,
                rule: rules::EVENT_DESTROY,
            };
        }
    }
}

/// `soft_flush()`: one flush call of those `recordstore_soft_flush` accepts, whose
/// error is returned.
pub(super) fn soft_flush(ctx: &Ctx<'_>, calls: &mut Calls<'_>) -> Result<(), Stop> {
    let flush = calls.take(|c| matches!(c.method, Method::SoftFlush | Method::HardFlush));
    let allowed = |method: Method| match method {
        Method::SoftFlush => ctx.accepts(&SOFT_FLUSH, "soft_flush"),
        _ => ctx.accepts(&SOFT_FLUSH, "hard_flush"),
    };
    ctx.judge(
        Category::Calls,
        flush.is_some_and(|f| allowed(f.call.method)),
        rules::CALLS_SOFT_FLUSH,
        "soft_flush or hard_flush",
        flush.map(|f| &f.call),
    )?;
    check_ok_or_err(ctx).map(drop)
}
