//! Reads: `get` and `get_all`, loading through from the data store.

use super::expired_slot;
use super::write::stored_after;
use std::collections::BTreeMap;

use storage_traits::{ExpiryPolicy, Record, RecordValue};

use super::context::{Category, Ctx};
use super::events::{Expected, Slot};
use super::observed::{Calls, Load, Returned};
use super::records::{Alt, KeyOutcome, MetaRules, new_records};
use super::write::{check_arguments, check_ok_or_err};
use super::{BeforeAccess, Held, ReadBack, RecordStoreModel, Saved, Step};
use crate::doubles::{Call, Method};
use crate::readings::Stop;
use crate::recordstore::readings::{
    EXPIRED_MET, EXPIRED_READ, GET_ALL_LOADING, GET_ALL_TOUCH, TOUCH_TIMING,
};
use crate::recordstore::rules;

/// How a read goes for one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Touch {
    /// `get(key, false)`, or `get_all` that does not touch.
    No,
    /// `get(key, true)`.
    Get,
    /// `get_all`, touching as `recordstore_get_all_touch` allows, `n` times requested.
    GetAll(u32),
}

/// What a read did for one key that had no live record.
struct Absent {
    /// The expired record it met, if any, and whether the store kept it in memory.
    expired: Option<(Held, bool)>,
    /// The value it loaded, if it loaded one that the data store held.
    loaded: Option<RecordValue>,
}

impl RecordStoreModel {
    /// The touch alternatives of a live record under `touch`, each with its rule.
    fn touched(&self, ctx: &Ctx<'_>, record: &Record, touch: Touch) -> Vec<Record> {
        let access = |times: u32| {
            let mut record = record.clone();
            for _ in 0..times {
                record.metadata.on_access(self.now);
            }
            record
        };
        match touch {
            Touch::No => vec![record.clone()],
            Touch::Get => vec![access(1)],
            Touch::GetAll(times) => {
                let mut all = Vec::new();
                if ctx.accepts(&GET_ALL_TOUCH, "no_touch") {
                    all.push(record.clone());
                }
                if ctx.accepts(&GET_ALL_TOUCH, "touch") {
                    all.push(access(1));
                    if times > 1 {
                        all.push(access(times));
                    }
                }
                all
            }
        }
    }

    /// The load a read of `key` with no live record made, judged: required for a key
    /// not in memory (`rule`), as `recordstore_expired_read` says for an expired one.
    /// What its load served (or should have served), or that it failed.
    fn read_load(
        &self,
        ctx: &Ctx<'_>,
        calls: &mut Calls<'_>,
        key: &str,
        expired: bool,
        rule: crate::property::Rule,
    ) -> Result<Load, Stop> {
        match calls.take_load(key) {
            Some(load) => {
                check_arguments(self, ctx, load, None, false)?;
                if expired {
                    ctx.judge(
                        Category::Calls,
                        ctx.accepts(&EXPIRED_READ, "reload"),
                        rules::READ_EXPIRED,
                        "no load of an expired key",
                        &load.call,
                    )?;
                }
                Ok(if load.failed {
                    Load::Failed
                } else {
                    Load::Served(self.store.load(key, self.now))
                })
            }
            None if expired => {
                ctx.judge(
                    Category::Calls,
                    ctx.accepts(&EXPIRED_READ, "absent"),
                    rules::READ_EXPIRED,
                    "a load of the expired key",
                    "none",
                )?;
                Ok(Load::Served(None))
            }
            None => {
                // An operation that met a failure stops: it need not load the rest.
                let stopped = ctx.observed.any_failed();
                ctx.judge(Category::Calls, stopped, rule, "a load", "none")?;
                Ok(if stopped {
                    Load::NotMade
                } else {
                    Load::Served(self.store.load(key, self.now))
                })
            }
        }
    }

    /// The records a read leaves for a key it loaded `value` into, touched as `touch`
    /// says.
    fn loaded(&self, ctx: &Ctx<'_>, value: &RecordValue, touch: Touch) -> Vec<Alt> {
        let policy = self.resolve(&ExpiryPolicy::NONE, ctx.merge);
        let mut alts = Vec::new();
        for mut metadata in new_records(ctx, self.now) {
            metadata.on_store(self.now);
            let record = Record {
                value: value.clone(),
                metadata,
            };
            let touches = self.touched(ctx, &record, touch);
            alts.extend(touches.into_iter().map(|record| Alt {
                held: Held {
                    record,
                    policy: policy.clone(),
                    saved: Saved::Accepted,
                },
                rules: MetaRules {
                    main: rules::METADATA_LOADED,
                    access: match touch {
                        Touch::GetAll(_) => rules::METADATA_GET_ALL,
                        _ => rules::METADATA_TOUCH,
                    },
                    stored: rules::METADATA_LOADED,
                },
                dirty: Some(false),
            }));
        }
        alts
    }

    /// What a read does for `key`, which has no live record: meets an expired one (kept
    /// or dropped), and loads. Pushes the key's outcome and notifications, unless the
    /// read failed (`failed`), in which case only an expired record's fate.
    #[allow(clippy::too_many_arguments)]
    fn read_absent(
        &self,
        ctx: &Ctx<'_>,
        step: &mut Step,
        key: &str,
        loaded: &Load,
        failed: bool,
        touch: Touch,
    ) -> Result<Absent, Stop> {
        let expired = self.expired(key, ctx).cloned().map(|held| {
            let kept = kept_expired(ctx, key);
            (held, kept)
        });
        let value = if failed {
            None
        } else {
            loaded.value().cloned()
        };
        if let Some((held, kept)) = &expired {
            // A value loaded again replaces the expired record either way.
            let replaced = value.is_some() && ctx.observed.after.contains_key(key);
            let (allowed, expected) = if *kept {
                (ctx.accepts(&EXPIRED_MET, "keep"), "removed")
            } else {
                (replaced || ctx.accepts(&EXPIRED_MET, "drop"), "kept")
            };
            for category in [Category::Returns, Category::Metadata, Category::Dirty] {
                ctx.judge(
                    category,
                    allowed,
                    rules::EXPIRED_MET,
                    format!("the expired record of {key:?} {expected}"),
                    &held.record,
                )?;
            }
            if !kept {
                step.events.push(expired_slot(ctx, key, held, false));
                step.keys.insert(key.to_string(), KeyOutcome::Absent);
            }
        }
        if let Some(value) = &value {
            let alts = self.loaded(ctx, value, touch);
            let stored = stored_after(ctx, key, &alts);
            step.events.push(load_slot(ctx, key, &stored, touch));
            step.keys.insert(key.to_string(), KeyOutcome::Present(alts));
        }
        Ok(Absent {
            expired,
            loaded: value,
        })
    }

    /// `get(key, touch)`.
    pub(super) fn get(
        &mut self,
        ctx: &Ctx<'_>,
        calls: &mut Calls<'_>,
        step: &mut Step,
        key: &str,
        touch: bool,
    ) -> Result<(), Stop> {
        let touch_kind = if touch { Touch::Get } else { Touch::No };
        let actual = match &ctx.observed.returned {
            Returned::Record(Ok(actual)) => actual.clone(),
            _ => None,
        };
        if let Some(live) = self.live(key, ctx).cloned() {
            if check_ok_or_err(ctx)? {
                return Ok(());
            }
            let same = actual
                .as_ref()
                .is_some_and(|a| a.value.same_as(&live.record.value));
            if matches!(ctx.observed.returned, Returned::Record(Ok(_))) {
                ctx.judge(
                    Category::Returns,
                    same,
                    rules::GET_RETURNS,
                    Some(&live.record.value),
                    actual.as_ref().map(|a| &a.value),
                )?;
            }
            if touch {
                let touched = self.touched(ctx, &live.record, Touch::Get);
                let alts = touched
                    .into_iter()
                    .map(|record| Alt {
                        held: Held {
                            record,
                            ..live.clone()
                        },
                        rules: MetaRules::of(rules::METADATA_TOUCH, rules::METADATA_TOUCH),
                        dirty: None,
                    })
                    .collect();
                step.keys.insert(key.to_string(), KeyOutcome::Present(alts));
            }
            if let Some(actual) = actual {
                let untouched = touch && ctx.accepts(&TOUCH_TIMING, "returns_untouched");
                step.read_back.push(ReadBack {
                    key: key.to_string(),
                    actual,
                    before_access: if untouched {
                        BeforeAccess::Record(live.record.clone())
                    } else {
                        BeforeAccess::No
                    },
                    stored_allowed: !touch || ctx.accepts(&TOUCH_TIMING, "returns_touched"),
                    rule: if touch {
                        rules::METADATA_TOUCH_TIMING
                    } else {
                        rules::METADATA_TOUCH
                    },
                });
            }
            return Ok(());
        }
        let expired = self.expired(key, ctx).is_some();
        let loaded = self.read_load(ctx, calls, key, expired, rules::CALLS_LOAD)?;
        let failed = check_ok_or_err(ctx)?;
        let absent = self.read_absent(ctx, step, key, &loaded, failed, touch_kind)?;
        if failed {
            return Ok(());
        }
        let rule = if absent.expired.is_some() {
            rules::READ_EXPIRED
        } else {
            rules::GET_RETURNS
        };
        if matches!(ctx.observed.returned, Returned::Record(Ok(_))) {
            let same = match (&absent.loaded, &actual) {
                (Some(e), Some(a)) => e.same_as(&a.value),
                (e, a) => e.is_none() && a.is_none(),
            };
            ctx.judge(
                Category::Returns,
                same,
                rule,
                &absent.loaded,
                actual.as_ref().map(|a| &a.value),
            )?;
        }
        if let (Some(actual), Some(_)) = (actual, &absent.loaded) {
            let untouched = touch && ctx.accepts(&TOUCH_TIMING, "returns_untouched");
            step.read_back.push(ReadBack {
                key: key.to_string(),
                actual,
                before_access: if untouched {
                    BeforeAccess::OneHitLess
                } else {
                    BeforeAccess::No
                },
                stored_allowed: !touch || ctx.accepts(&TOUCH_TIMING, "returns_touched"),
                rule: rules::METADATA_TOUCH_TIMING,
            });
        }
        Ok(())
    }

    /// `get_all(keys)`.
    pub(super) fn get_all(
        &mut self,
        ctx: &Ctx<'_>,
        calls: &mut Calls<'_>,
        step: &mut Step,
        keys: &[String],
    ) -> Result<(), Stop> {
        let mut requested: Vec<(&str, u32)> = Vec::new();
        for key in keys {
            match requested.iter_mut().find(|(k, _)| k == key) {
                Some((_, n)) => *n += 1,
                None => requested.push((key, 1)),
            }
        }
        let mut loads = Vec::new();
        for (key, _) in &requested {
            if self.live(key, ctx).is_none() {
                let expired = self.expired(key, ctx).is_some();
                let loaded = self.read_load(ctx, calls, key, expired, rules::CALLS_GET_ALL)?;
                loads.push((*key, loaded));
            }
        }
        let methods = used_load_methods(ctx);
        for (method, option) in [(Method::Load, "load"), (Method::LoadAll, "load_all")] {
            ctx.judge(
                Category::Calls,
                !methods.contains(&method) || ctx.accepts(&GET_ALL_LOADING, option),
                rules::CALLS_GET_ALL,
                format!("no {method}"),
                &ctx.observed.calls,
            )?;
        }
        let failed = check_ok_or_err(ctx)?;
        let mut found: BTreeMap<&str, RecordValue> = BTreeMap::new();
        for (key, times) in &requested {
            if let Some(live) = self.live(key, ctx).cloned() {
                // Touched or not, even when the get_all failed later: a read records
                // its access as it goes.
                found.insert(key, live.record.value.clone());
                let mut records = self.touched(ctx, &live.record, Touch::GetAll(*times));
                if failed {
                    records.push(live.record.clone());
                }
                let alts: Vec<Alt> = records
                    .into_iter()
                    .map(|record| Alt {
                        held: Held {
                            record,
                            ..live.clone()
                        },
                        rules: MetaRules::of(rules::METADATA_GET_ALL, rules::METADATA_GET_ALL),
                        dirty: None,
                    })
                    .collect();
                step.keys.insert(key.to_string(), KeyOutcome::Present(alts));
                continue;
            }
            let Some((_, loaded)) = loads.iter().find(|(k, _)| k == key) else {
                continue;
            };
            // A failed get_all may keep what it loaded before the failure.
            let kept_after_failure =
                failed && loaded.value().is_some() && ctx.observed.after.contains_key(*key);
            let absent = self.read_absent(
                ctx,
                step,
                key,
                loaded,
                failed && !kept_after_failure,
                Touch::GetAll(*times),
            )?;
            if let Some(value) = absent.loaded {
                found.insert(key, value);
            }
        }
        if failed {
            return Ok(());
        }
        if let Returned::Records(Ok(actual)) = &ctx.observed.returned {
            self.check_get_all(ctx, step, &requested, &found, actual)?;
        }
        Ok(())
    }

    /// `get_all`'s answer: every key found, at least once and at most as often as
    /// requested, with its value, and no other key; its records read back.
    fn check_get_all(
        &self,
        ctx: &Ctx<'_>,
        step: &mut Step,
        requested: &[(&str, u32)],
        found: &BTreeMap<&str, RecordValue>,
        actual: &[(String, Record)],
    ) -> Result<(), Stop> {
        let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
        let mut right = true;
        for (key, record) in actual {
            *counts.entry(key).or_default() += 1;
            right &= found
                .get(key.as_str())
                .is_some_and(|value| value.same_as(&record.value));
        }
        right &= found.keys().all(|key| {
            let times = requested
                .iter()
                .find(|(k, _)| k == key)
                .map_or(1, |(_, n)| *n);
            counts.get(key).is_some_and(|&n| (1..=times).contains(&n))
        });
        ctx.judge(
            Category::Returns,
            right,
            rules::GET_ALL_RETURNS,
            found,
            actual,
        )?;
        for (key, record) in actual {
            let before = self
                .memory
                .get(key)
                .map_or(BeforeAccess::OneHitLess, |held| {
                    BeforeAccess::Record(held.record.clone())
                });
            step.read_back.push(ReadBack {
                key: key.clone(),
                actual: record.clone(),
                before_access: before,
                stored_allowed: true,
                rule: rules::METADATA_GET_ALL,
            });
        }
        Ok(())
    }
}

/// The load methods the store called during the step.
fn used_load_methods(ctx: &Ctx<'_>) -> Vec<Method> {
    ctx.observed
        .calls
        .iter()
        .map(|c| c.call.method)
        .filter(|m| matches!(m, Method::Load | Method::LoadAll))
        .collect()
}

/// Whether the store kept the expired record of `key` in memory: its engine still
/// holds it unchanged.
fn kept_expired(ctx: &Ctx<'_>, key: &str) -> bool {
    ctx.observed.after.contains_key(key) && ctx.unchanged(key)
}

/// The `on_load` of `key` a read fires once the engine holds `stored` (before its
/// access, too, where `recordstore_touch_timing` allows).
fn load_slot(ctx: &Ctx<'_>, key: &str, stored: &Record, touch: Touch) -> Slot {
    let load = |record: Record| {
        vec![Expected::exactly(Call::Load {
            key: key.to_string(),
            record,
            is_backup: false,
        })]
    };
    let mut alternatives = vec![load(stored.clone())];
    let mut rule = rules::EVENTS;
    if touch != Touch::No && ctx.accepts(&TOUCH_TIMING, "returns_untouched") {
        let mut untouched = stored.clone();
        untouched.metadata.hits = untouched.metadata.hits.saturating_sub(1);
        alternatives.push(load(untouched));
        rule = rules::METADATA_TOUCH_TIMING;
    }
    if !ctx.accepts(&TOUCH_TIMING, "returns_touched") && touch != Touch::No {
        alternatives.remove(0);
    }
    Slot {
        key: Some(key.to_string()),
        alternatives,
        rule,
    }
}
