//! Removals: `remove` and `remove_backup`.

use super::expired_slot;
use storage_traits::{CallerProvenance, Record, RecordMetadata, RecordValue};

use super::context::{Category, Ctx};
use super::data_store::Space;
use super::events::{Expected, Slot};
use super::observed::{Calls, Load};
use super::records::KeyOutcome;
use super::write::{
    allowed_calls, check_arguments, check_ok_or_err, old_value_load, resolve_write,
};
use super::{RecordStoreModel, Side, Step};
use crate::doubles::{Call, Method};
use crate::readings::Stop;
use crate::recordstore::readings::WRITE_OLD_VALUE;
use crate::recordstore::rules;

impl RecordStoreModel {
    /// `remove(key, provenance)` on `Side::Primary`, `remove_backup` on `Side::Backup`.
    pub(super) fn remove(
        &mut self,
        ctx: &Ctx<'_>,
        calls: &mut Calls<'_>,
        step: &mut Step,
        key: &str,
        provenance: CallerProvenance,
        side: Side,
    ) -> Result<(), Stop> {
        let expired = self.expired(key, ctx).cloned();
        let old = self.live(key, ctx).cloned();
        // Only `remove` returns a value, so only it may load the old one.
        let loaded = match (&old, side) {
            (None, Side::Primary) => old_value_load(self, ctx, calls, key, provenance)?,
            _ => Load::NotMade,
        };
        let found = loaded.value().cloned();
        let (mut allowed, rule) = allowed_calls(ctx, provenance, side, true);
        // A store that loaded the old value and found nothing has nothing to remove.
        if loaded == Load::Served(None) && !allowed.contains(&None) {
            allowed.push(None);
        }
        let resolved = resolve_write(self, ctx, calls, key, &allowed, rule)?;
        if let Some(made) = resolved.made {
            check_arguments(self, ctx, made, None, true)?;
        }
        if check_ok_or_err(ctx)? {
            return failed_removal(ctx, step, key, expired.as_ref(), side);
        }
        match resolved.method {
            Some(Method::Remove) => self.store.remove(Space::Primary, key),
            Some(Method::RemoveBackup) => self.store.remove(Space::Backup, key),
            _ => {}
        }
        if side == Side::Primary {
            ctx.judge_old_value(
                old.as_ref().map(|h| &h.record.value),
                found.as_ref(),
                (rules::REMOVE_RETURNS, rules::REMOVE_RETURNS_NOT_IN_MEMORY),
            )?;
        }
        let is_backup = side.is_backup();
        if let Some(expired) = &expired {
            step.events.push(expired_slot(ctx, key, expired, is_backup));
        }
        if let Some(old) = &old {
            let record = ctx.removed(key, &old.record);
            step.events.push(Slot::one(
                Some(key),
                Call::Remove {
                    key: key.to_string(),
                    record,
                    is_backup,
                },
                rules::EVENTS,
            ));
        } else if let Some(found) = &found {
            step.events.push(self.loaded_removal_slot(ctx, key, found));
        }
        step.keys.insert(key.to_string(), KeyOutcome::Absent);
        Ok(())
    }

    /// What a removal of a key whose old value it loaded fires: nothing, or (reading
    /// the key as get does) `on_load` then `on_remove` of that record.
    fn loaded_removal_slot(&self, ctx: &Ctx<'_>, key: &str, found: &RecordValue) -> Slot {
        let record = Record {
            value: found.clone(),
            metadata: RecordMetadata::new(self.now, 0),
        };
        let by_value = |call| Expected {
            call,
            by_value: true,
            any_flag: false,
        };
        let mut alternatives = Vec::new();
        if ctx.accepts(&WRITE_OLD_VALUE, "load") {
            alternatives.push(Vec::new());
        }
        if ctx.accepts(&WRITE_OLD_VALUE, "load_through") {
            alternatives.push(vec![
                by_value(Call::Load {
                    key: key.to_string(),
                    record: record.clone(),
                    is_backup: false,
                }),
                by_value(Call::Remove {
                    key: key.to_string(),
                    record,
                    is_backup: false,
                }),
            ]);
        }
        Slot {
            key: Some(key.to_string()),
            alternatives,
            rule: rules::EVENT_WRITE_LOADED,
        }
    }
}

/// What a removal whose data-store call failed leaves: memory as before, but for
/// an expired record it met, which may have gone as such.
fn failed_removal(
    ctx: &Ctx<'_>,
    step: &mut Step,
    key: &str,
    expired: Option<&super::Held>,
    side: Side,
) -> Result<(), Stop> {
    let before = ctx.observed.before.get(key);
    let after = ctx.observed.after.get(key);
    if ctx.unchanged(key) {
        return Ok(());
    }
    if let (Some(expired), None) = (expired, after) {
        step.events
            .push(expired_slot(ctx, key, expired, side.is_backup()));
        step.keys.insert(key.to_string(), KeyOutcome::Absent);
        return Ok(());
    }
    for category in [Category::Metadata, Category::Dirty] {
        ctx.judge(category, false, rules::FAILED_WRITE, before, after)?;
    }
    Ok(())
}
