//! Eviction (`evict`, `evict_all`, `evict_expired`) and the queries about memory and
//! expiry (`exists_in_memory`, `size`, `has_expired`, `is_expirable`,
//! `for_each_boxed`).

use super::expired_slot;
use storage_traits::{ExpiryReason, Record};

use super::context::{Category, Ctx};
use super::events::{Expected, Slot};
use super::expiry::{can_expire, reasons};
use super::observed::{Calls, Returned};
use super::records::KeyOutcome;
use super::write::check_arguments;
use super::{Held, RecordStoreModel, Saved, Step};
use crate::doubles::Call;
use crate::readings::Stop;
use crate::recordstore::readings::{
    CLAIMED_CLEAN, EVICT_EXPIRED_COUNT, EXPIRED_MET, EXPIRY_REASON, UNSAVED_EVICTION,
};
use crate::recordstore::rules;

/// What an eviction did to one record.
#[derive(Debug, Clone, Copy)]
struct Evicted {
    /// The record left memory.
    gone: bool,
    /// It had expired, so it may have left as an expired record met.
    expired: bool,
}

impl RecordStoreModel {
    /// Evicts `key`'s record `held` as the store did, judging whether it could: a
    /// saved record goes, an unsaved one only after a successful flush (where
    /// `recordstore_unsaved_eviction` allows one), an expired one as the store likes.
    fn evict_one(
        &mut self,
        ctx: &Ctx<'_>,
        calls: &mut Calls<'_>,
        step: &mut Step,
        key: &str,
        held: &Held,
        is_backup: bool,
    ) -> Result<Evicted, Stop> {
        let gone = !ctx.observed.after.contains_key(key);
        let value = &held.record.value;
        let flush = calls.take_flush(key);
        let may_flush = ctx.accepts(&UNSAVED_EVICTION, "flush");
        if let Some(flush) = flush {
            check_arguments(self, ctx, flush, Some(value), false)?;
            ctx.judge(
                Category::Calls,
                may_flush,
                rules::CALLS_FLUSH,
                "no flush_key",
                &flush.call,
            )?;
            if !flush.failed {
                self.store.apply(&flush.call);
            }
        }
        // Only a flush of the record's own value saves it.
        let flushed = may_flush
            && flush.is_some_and(|f| {
                !f.failed && f.call.value.as_ref().is_some_and(|v| v.same_as(value))
            });
        let flush_failed = flush.is_some_and(|f| f.failed);
        let expired = self.has_expired(held, ctx);
        let (may_go, must_go, rule) = match held.saved {
            Saved::Accepted => (true, !flush_failed, rules::EVICT_SAVED),
            Saved::Claimed => (
                ctx.accepts(&CLAIMED_CLEAN, "evictable") || flushed,
                (!ctx.accepts(&CLAIMED_CLEAN, "kept") && !flush_failed) || flushed,
                rules::EVICT_CLAIMED,
            ),
            // Where the store must flush, keeping an unsaved record it did not even try
            // to flush breaks the option.
            Saved::Unsaved => (
                flushed,
                flushed || (flush.is_none() && !ctx.accepts(&UNSAVED_EVICTION, "keep")),
                rules::EVICT_UNSAVED,
            ),
        };
        let (may_go, must_go, rule) = if expired {
            (true, must_go && !ctx.accepts(&EXPIRED_MET, "keep"), rule)
        } else {
            (may_go, must_go, rule)
        };
        ctx.judge(
            Category::Returns,
            !gone || may_go,
            rule,
            format!("the record of {key:?} kept"),
            "evicted",
        )?;
        ctx.judge(
            Category::Returns,
            gone || !must_go,
            rule,
            format!("the record of {key:?} evicted"),
            "kept",
        )?;
        if gone {
            let record = ctx.removed(key, &held.record);
            let on_evict = vec![Expected::exactly(Call::Evict {
                key: key.to_string(),
                record,
                is_backup,
            })];
            let slot = if expired {
                let mut slot = expired_slot(ctx, key, held, is_backup);
                slot.alternatives.push(on_evict);
                slot
            } else {
                Slot {
                    key: Some(key.to_string()),
                    alternatives: vec![on_evict],
                    rule: rules::EVENTS,
                }
            };
            step.events.push(slot);
            step.keys.insert(key.to_string(), KeyOutcome::Absent);
        }
        Ok(Evicted { gone, expired })
    }

    /// `evict(key, is_backup)`.
    pub(super) fn evict(
        &mut self,
        ctx: &Ctx<'_>,
        calls: &mut Calls<'_>,
        step: &mut Step,
        key: &str,
        is_backup: bool,
    ) -> Result<(), Stop> {
        let Returned::Evicted(actual) = &ctx.observed.returned else {
            return Ok(());
        };
        let Some(held) = self.memory.get(key).cloned() else {
            return ctx.judge(
                Category::Returns,
                actual.is_none(),
                rules::EVICT_SAVED,
                None::<()>,
                actual,
            );
        };
        let evicted = self.evict_one(ctx, calls, step, key, &held, is_backup)?;
        let right = match actual {
            Some(value) => evicted.gone && value.same_as(&held.record.value),
            None => !evicted.gone || evicted.expired,
        };
        let expected = evicted.gone.then_some(&held.record.value);
        ctx.judge(
            Category::Returns,
            right,
            rules::EVICT_SAVED,
            expected,
            actual,
        )
    }

    /// `evict_all(is_backup)`.
    pub(super) fn evict_all(
        &mut self,
        ctx: &Ctx<'_>,
        calls: &mut Calls<'_>,
        step: &mut Step,
        is_backup: bool,
    ) -> Result<(), Stop> {
        let held: Vec<(String, Held)> = self
            .memory
            .iter()
            .map(|(k, h)| (k.clone(), h.clone()))
            .collect();
        let (mut least, mut most) = (0u64, 0u64);
        for (key, held) in &held {
            let evicted = self.evict_one(ctx, calls, step, key, held, is_backup)?;
            if evicted.gone {
                most += 1;
                least += u64::from(!evicted.expired);
            }
        }
        let Returned::Count(actual) = ctx.observed.returned else {
            return Ok(());
        };
        ctx.judge(
            Category::Returns,
            (least..=most).contains(&actual),
            rules::EVICT_ALL_COUNT,
            if least == most {
                format!("{most}")
            } else {
                format!("{least} to {most}")
            },
            actual,
        )
    }

    /// `evict_expired(percentage, now, is_backup)` at the model's clock.
    pub(super) fn evict_expired(
        &mut self,
        ctx: &Ctx<'_>,
        step: &mut Step,
        percentage: u32,
        is_backup: bool,
    ) -> Result<(), Stop> {
        let expired: Vec<String> = self
            .memory
            .iter()
            .filter(|(_, h)| self.has_expired(h, ctx))
            .map(|(k, _)| k.clone())
            .collect();
        let removed: Vec<String> = self
            .memory
            .keys()
            .filter(|k| !ctx.observed.after.contains_key(*k))
            .cloned()
            .collect();
        let unexpired: Vec<&String> = removed.iter().filter(|k| !expired.contains(k)).collect();
        ctx.judge(
            Category::Expiry,
            unexpired.is_empty(),
            rules::EVICT_EXPIRED,
            format!("only expired records ({expired:?}) removed"),
            format!("removed {removed:?}"),
        )?;
        let expirable = self
            .memory
            .values()
            .filter(|h| can_expire(&h.policy))
            .count();
        let share = |rounded: usize| rounded.min(expired.len());
        let floor = expirable * percentage.min(100) as usize / 100;
        let ceil = (expirable * percentage.min(100) as usize).div_ceil(100);
        let (allowed, rule): (Vec<usize>, _) = match percentage {
            0 => (vec![0], rules::EVICT_EXPIRED),
            p if p >= 100 => (vec![expired.len()], rules::EVICT_EXPIRED),
            _ => (
                [
                    (share(floor.max(1)), "floor_min_one"),
                    (share(floor), "floor"),
                    (share(ceil), "ceil"),
                ]
                .into_iter()
                .filter(|(_, option)| ctx.accepts(&EVICT_EXPIRED_COUNT, option))
                .map(|(count, _)| count)
                .collect(),
                rules::EVICT_EXPIRED_COUNT,
            ),
        };
        ctx.judge(
            Category::Expiry,
            allowed.contains(&removed.len()),
            rule,
            format!(
                "one of {allowed:?} of the expired {expired:?} removed ({expirable} expirable)"
            ),
            format!("removed {removed:?}"),
        )?;
        for key in &removed {
            let Some(held) = self.memory.get(key).cloned() else {
                continue;
            };
            // The operation is an eviction the observers are there for: the
            // expired-event reading's `silent` (a record met in passing) does not apply.
            let mut slot = expired_slot(ctx, key, &held, is_backup);
            slot.alternatives
                .retain(|notifications| !notifications.is_empty());
            slot.rule = rules::EVENT_EVICT_EXPIRED;
            let record = ctx.removed(key, &held.record);
            slot.alternatives.push(vec![Expected::exactly(Call::Evict {
                key: key.clone(),
                record,
                is_backup,
            })]);
            step.events.push(slot);
            step.keys.insert(key.clone(), KeyOutcome::Absent);
        }
        Ok(())
    }

    /// `exists_in_memory(key)`.
    pub(super) fn exists_in_memory(&self, ctx: &Ctx<'_>, key: &str) -> Result<(), Stop> {
        if let Returned::Bool(actual) = ctx.observed.returned {
            let expected = self.memory.contains_key(key);
            ctx.judge(
                Category::Returns,
                expected == actual,
                rules::EXISTS,
                expected,
                actual,
            )?;
        }
        Ok(())
    }

    /// `size()` and `is_empty()`.
    pub(super) fn size(&self, ctx: &Ctx<'_>) -> Result<(), Stop> {
        if let Returned::Size(size, empty) = ctx.observed.returned {
            let len = self.memory.len();
            ctx.judge(
                Category::Returns,
                (size, empty) == (len, len == 0),
                rules::SIZE,
                (len, len == 0),
                (size, empty),
            )?;
        }
        Ok(())
    }

    /// `has_expired(key, now, false)` at the model's clock.
    pub(super) fn has_expired_query(&self, ctx: &Ctx<'_>, key: &str) -> Result<(), Stop> {
        let Returned::Reason(actual) = ctx.observed.returned else {
            return Ok(());
        };
        let allowed: Vec<ExpiryReason> = match self.memory.get(key) {
            None => vec![ExpiryReason::NotExpired],
            Some(held) => reasons(&held.policy, &held.record.metadata, self.now, ctx.boundary)
                .into_iter()
                .filter(|(_, option)| option.is_empty() || ctx.accepts(&EXPIRY_REASON, option))
                .map(|(reason, _)| reason)
                .collect(),
        };
        let both_passed = self.memory.get(key).is_some_and(|held| {
            reasons(&held.policy, &held.record.metadata, self.now, ctx.boundary).len() > 1
        });
        let rule = if both_passed {
            rules::HAS_EXPIRED_REASON
        } else {
            rules::HAS_EXPIRED
        };
        ctx.judge(
            Category::Expiry,
            allowed.contains(&actual),
            rule,
            allowed,
            actual,
        )
    }

    /// `is_expirable()`.
    pub(super) fn is_expirable(&self, ctx: &Ctx<'_>) -> Result<(), Stop> {
        if let Returned::Bool(actual) = ctx.observed.returned {
            let expected = self.memory.values().any(|h| can_expire(&h.policy));
            ctx.judge(
                Category::Expiry,
                expected == actual,
                rules::IS_EXPIRABLE,
                expected,
                actual,
            )?;
        }
        Ok(())
    }

    /// `for_each_boxed(consumer, _)`: the live records, by key.
    pub(super) fn for_each(&self, ctx: &Ctx<'_>) -> Result<(), Stop> {
        let Returned::Visited(visited) = &ctx.observed.returned else {
            return Ok(());
        };
        let expected: Vec<(&String, &Record)> = self
            .memory
            .iter()
            .filter(|(_, h)| !self.has_expired(h, ctx))
            .map(|(k, h)| (k, &h.record))
            .collect();
        let same = expected.len() == visited.len()
            && expected
                .iter()
                .zip(visited)
                .all(|((ek, er), (ak, ar))| *ek == ak && er.value.same_as(&ar.value));
        let keys: Vec<&String> = expected.iter().map(|(k, _)| *k).collect();
        let visited_keys: Vec<&String> = visited.iter().map(|(k, _)| k).collect();
        ctx.judge(Category::Expiry, same, rules::FOR_EACH, keys, visited_keys)
    }
}
