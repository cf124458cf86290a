//! Writes of a value: `put` and `put_backup`, and what they share with removals: which
//! data-store call a provenance allows, its arguments, and what a failure leaves.

use super::expired_slot;
use storage_traits::{CallerProvenance, ExpiryPolicy, Record, RecordMetadata, RecordValue};

use super::context::{Category, Ctx};
use super::data_store::Space;
use super::events::{Expected, Slot, put_call};
use super::expiry::expiration_times;
use super::observed::{Calls, Load, SeenCall};
use super::records::{Alt, KeyOutcome, SaveKind, Writing, new_records, overwrites, written};
use super::{Held, RecordStoreModel, Saved, Side, Step};
use crate::doubles::{Call, Method};
use crate::property::Rule;
use crate::readings::Stop;
use crate::recordstore::readings::{
    BACKUP_EXISTING, BACKUP_METADATA, BACKUP_PROVENANCE, BACKUP_WRITE_THROUGH,
    CRDT_MERGE_PROVENANCE, EXPIRATION_TIME, FAILED_WRITE, LOAD_PUT_EVENT, OVERWRITE_EVENT,
    REPLICATION_EVENT, REPLICATION_PROVENANCE, WRITE_OLD_VALUE,
};
use crate::recordstore::rules;

/// The data-store calls a write (or, with `removal`, a removal) of `provenance` on
/// `side` may make (`None`: no call), and the rule that says so.
pub(super) fn allowed_calls(
    ctx: &Ctx<'_>,
    provenance: CallerProvenance,
    side: Side,
    removal: bool,
) -> (Vec<Option<Method>>, Rule) {
    let (primary, backup) = if removal {
        (Method::Remove, Method::RemoveBackup)
    } else {
        (Method::Add, Method::AddBackup)
    };
    let by_reading = |reading, options: &[(&str, Option<Method>)]| -> Vec<Option<Method>> {
        options
            .iter()
            .filter(|(option, _)| ctx.accepts(reading, option))
            .map(|(_, method)| *method)
            .collect()
    };
    let (primary_calls, rule) = match provenance {
        CallerProvenance::Client => (vec![Some(primary)], rules::CALLS_CLIENT),
        CallerProvenance::Load => (vec![None], rules::CALLS_LOAD_PUT),
        CallerProvenance::Backup => (
            by_reading(
                &BACKUP_PROVENANCE,
                &[
                    ("none", None),
                    ("backup_entry", Some(backup)),
                    ("primary_entry", Some(primary)),
                ],
            ),
            rules::CALLS_BACKUP_PROVENANCE,
        ),
        CallerProvenance::Replication => (
            by_reading(
                &REPLICATION_PROVENANCE,
                &[("none", None), ("write_through", Some(primary))],
            ),
            rules::CALLS_REPLICATION_PROVENANCE,
        ),
        CallerProvenance::CrdtMerge => (
            by_reading(
                &CRDT_MERGE_PROVENANCE,
                &[("write_through", Some(primary)), ("none", None)],
            ),
            rules::CALLS_CRDT_MERGE_PROVENANCE,
        ),
    };
    if side == Side::Primary {
        return (primary_calls, rule);
    }
    let mut calls = Vec::new();
    if ctx.accepts(&BACKUP_WRITE_THROUGH, "provenance") {
        calls.extend(primary_calls.iter().map(|m| m.map(|_| backup)));
    }
    if ctx.accepts(&BACKUP_WRITE_THROUGH, "never") {
        calls.push(None);
    }
    calls.dedup();
    let mut unique = Vec::new();
    for call in calls {
        if !unique.contains(&call) {
            unique.push(call);
        }
    }
    (unique, rules::CALLS_BACKUP_OPERATIONS)
}

/// What a failed write may leave behind.
pub(super) struct Failure<'a> {
    /// The expired record the write met, if any.
    pub expired: Option<&'a Held>,
    /// The records of the write, unsaved: what `kept_unsaved` leaves.
    pub unsaved: Vec<Alt>,
    /// The record it loaded before it failed, and its notification, where a write may
    /// read the key as get does.
    pub loaded: Option<(Vec<Alt>, Slot)>,
    /// Whether the write's own data-store call was made and failed (not an earlier
    /// load): only then may the new value stay.
    pub write_failed: bool,
}

/// The write's (or removal's) data-store call as the store made it.
pub(super) struct Resolved<'a> {
    /// The call the model goes on with: the store's if allowed, else the first allowed.
    pub method: Option<Method>,
    /// The store's call, when it is the allowed one it made.
    pub made: Option<&'a SeenCall>,
}

/// Takes the writing call the store made on `key`, judges it against `allowed`, and
/// applies a call it should not have made if the data store accepted it.
pub(super) fn resolve_write<'a>(
    model: &mut RecordStoreModel,
    ctx: &Ctx<'_>,
    calls: &mut Calls<'a>,
    key: &str,
    allowed: &[Option<Method>],
    rule: Rule,
) -> Result<Resolved<'a>, Stop> {
    let first = allowed.first().copied().flatten();
    match calls.take_write(key) {
        Some(made) if allowed.contains(&Some(made.call.method)) => Ok(Resolved {
            method: Some(made.call.method),
            made: Some(made),
        }),
        Some(made) => {
            ctx.judge(Category::Calls, false, rule, allowed, &made.call)?;
            if !made.failed {
                model.store.apply(&made.call);
            }
            Ok(Resolved {
                method: first,
                made: None,
            })
        }
        None if allowed.contains(&None) => Ok(Resolved {
            method: None,
            made: None,
        }),
        None => {
            // An operation that met a failure stops: it need not make its later calls.
            let stopped = ctx.observed.any_failed();
            ctx.judge(Category::Calls, stopped, rule, allowed, "no call")?;
            Ok(Resolved {
                method: first,
                made: None,
            })
        }
    }
}

/// Judges the arguments of a call the store made: its map, the value written, and
/// (with the kit's clock) its `now`.
pub(super) fn check_arguments(
    model: &RecordStoreModel,
    ctx: &Ctx<'_>,
    made: &SeenCall,
    value: Option<&RecordValue>,
    timed: bool,
) -> Result<(), Stop> {
    let call = &made.call;
    let values = match (value, &call.value) {
        (Some(expected), Some(actual)) => expected.same_as(actual),
        (None, _) => true,
        (Some(_), None) => false,
    };
    let now = !(timed && ctx.clock) || call.now == model.now;
    ctx.judge(
        Category::Calls,
        call.map == model.store.map() && values && now,
        rules::CALLS_ARGUMENTS,
        format!(
            "map {:?}, value {value:?}{}",
            model.store.map(),
            if timed && ctx.clock {
                format!(", now {}", model.now)
            } else {
                String::new()
            }
        ),
        call,
    )
}

/// The expiration times the data store may be handed for the records `alts` and
/// what it is kept under: the one the store handed, if it made the call.
fn expiration(ctx: &Ctx<'_>, alts: &[Alt], made: Option<&SeenCall>) -> Result<i64, Stop> {
    let mut allowed: Vec<i64> = Vec::new();
    for alt in alts {
        for (time, option) in expiration_times(&alt.held.policy, &alt.held.record.metadata) {
            if ctx.accepts(&EXPIRATION_TIME, option) && !allowed.contains(&time) {
                allowed.push(time);
            }
        }
    }
    let Some(made) = made else {
        return Ok(allowed.first().copied().unwrap_or(0));
    };
    let actual = made.call.expiration_time;
    ctx.judge(
        Category::Calls,
        !ctx.clock || allowed.contains(&actual),
        rules::CALLS_EXPIRATION,
        format!("expiration_time one of {allowed:?}"),
        &made.call,
    )?;
    Ok(actual)
}

/// What a write fires for `key` after the engine holds `stored`: `old` is the live
/// value it replaced, if any.
fn write_slot(
    ctx: &Ctx<'_>,
    key: &str,
    stored: &Record,
    old: Option<&RecordValue>,
    provenance: CallerProvenance,
    is_backup: bool,
) -> Slot {
    let mut alternatives: Vec<Vec<Expected>> = Vec::new();
    let mut rule = rules::EVENTS;
    let replication = provenance == CallerProvenance::Replication;
    let ordinary = !replication || ctx.accepts(&REPLICATION_EVENT, "on_put");
    match old {
        Some(old) if ordinary => {
            rule = rules::EVENT_OVERWRITE;
            if ctx.accepts(&OVERWRITE_EVENT, "on_update") {
                alternatives.push(vec![Expected::exactly(Call::Update {
                    key: key.to_string(),
                    record: stored.clone(),
                    old_value: old.clone(),
                    new_value: stored.value.clone(),
                    is_backup,
                })]);
            }
            if ctx.accepts(&OVERWRITE_EVENT, "on_put_with_old") {
                alternatives.push(vec![Expected::exactly(put_call(
                    key,
                    stored,
                    Some(old),
                    is_backup,
                ))]);
            }
        }
        None if ordinary => {
            if provenance == CallerProvenance::Load {
                rule = rules::EVENT_LOAD_PUT;
                if ctx.accepts(&LOAD_PUT_EVENT, "on_put") {
                    alternatives.push(vec![Expected::exactly(put_call(
                        key, stored, None, is_backup,
                    ))]);
                }
                if ctx.accepts(&LOAD_PUT_EVENT, "on_load") {
                    alternatives.push(vec![Expected::exactly(Call::Load {
                        key: key.to_string(),
                        record: stored.clone(),
                        is_backup,
                    })]);
                }
            } else {
                alternatives.push(vec![Expected::exactly(put_call(
                    key, stored, None, is_backup,
                ))]);
            }
        }
        _ => {}
    }
    if replication {
        if alternatives.is_empty() || rule == rules::EVENTS {
            rule = rules::EVENT_REPLICATION;
        }
        if ctx.accepts(&REPLICATION_EVENT, "on_replication_put") {
            alternatives.push(vec![Expected {
                call: Call::ReplicationPut {
                    key: key.to_string(),
                    record: stored.clone(),
                    populate_index: false,
                },
                by_value: false,
                any_flag: true,
            }]);
        }
    }
    Slot {
        key: Some(key.to_string()),
        alternatives,
        rule,
    }
}

/// The old value a write or removal of a key with no live record read from the data
/// store, if it loaded it (and, where the run requires a load, what it would have read).
pub(super) fn old_value_load(
    model: &RecordStoreModel,
    ctx: &Ctx<'_>,
    calls: &mut Calls<'_>,
    key: &str,
    provenance: CallerProvenance,
) -> Result<Load, Stop> {
    let may =
        ctx.accepts(&WRITE_OLD_VALUE, "load") || ctx.accepts(&WRITE_OLD_VALUE, "load_through");
    let must = !ctx.accepts(&WRITE_OLD_VALUE, "memory") && provenance == CallerProvenance::Client;
    match calls.take_load(key) {
        Some(load) => {
            check_arguments(model, ctx, load, None, false)?;
            ctx.judge(
                Category::Calls,
                may,
                rules::CALLS_WRITE_LOAD,
                "no load of the old value",
                &load.call,
            )?;
            Ok(match (may, load.failed) {
                (false, _) => Load::NotMade,
                (true, true) => Load::Failed,
                (true, false) => Load::Served(model.store.load(key, model.now)),
            })
        }
        None if must => {
            ctx.judge(
                Category::Calls,
                false,
                rules::CALLS_WRITE_LOAD,
                "a load of the old value",
                "none",
            )?;
            Ok(Load::Served(model.store.load(key, model.now)))
        }
        None => Ok(Load::NotMade),
    }
}

/// What a write of a key whose old value it loaded fires: as for a new key (its
/// `on_put` may carry the loaded value), or `on_load` then an overwrite's.
fn loaded_write_slot(
    ctx: &Ctx<'_>,
    now: i64,
    key: &str,
    stored: &Record,
    loaded: &RecordValue,
    provenance: CallerProvenance,
) -> Slot {
    let mut alternatives = Vec::new();
    if ctx.accepts(&WRITE_OLD_VALUE, "load") {
        alternatives.extend(write_slot(ctx, key, stored, None, provenance, false).alternatives);
        alternatives.push(vec![Expected::exactly(put_call(
            key,
            stored,
            Some(loaded),
            false,
        ))]);
    }
    if ctx.accepts(&WRITE_OLD_VALUE, "load_through") {
        let on_load = Expected {
            call: Call::Load {
                key: key.to_string(),
                record: Record {
                    value: loaded.clone(),
                    metadata: RecordMetadata::new(now, 0),
                },
                is_backup: false,
            },
            by_value: true,
            any_flag: false,
        };
        let overwrite = write_slot(ctx, key, stored, Some(loaded), provenance, false);
        alternatives.extend(overwrite.alternatives.into_iter().map(|sequence| {
            let mut with_load = vec![on_load.clone()];
            with_load.extend(sequence);
            with_load
        }));
    }
    Slot {
        key: Some(key.to_string()),
        alternatives,
        rule: rules::EVENT_WRITE_LOADED,
    }
}

/// Judges `Ok`/`Err` against the calls of the step: `Err` exactly when one failed.
pub(super) fn check_ok_or_err(ctx: &Ctx<'_>) -> Result<bool, Stop> {
    let failed = ctx.observed.any_failed();
    let error = ctx.observed.returned.error();
    ctx.judge(
        Category::Returns,
        error.is_some() == failed,
        rules::OK_OR_ERR,
        if failed { "Err" } else { "Ok" },
        error.map_or_else(|| "Ok".to_string(), |e| format!("Err({e})")),
    )?;
    Ok(failed)
}

impl RecordStoreModel {
    /// `put(key, value, policy, provenance)`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn put(
        &mut self,
        ctx: &Ctx<'_>,
        calls: &mut Calls<'_>,
        step: &mut Step,
        key: &str,
        value: &RecordValue,
        policy: &ExpiryPolicy,
        provenance: CallerProvenance,
    ) -> Result<(), Stop> {
        let now = self.now;
        let expired = self.expired(key, ctx).cloned();
        let old = self.live(key, ctx).cloned();
        let policy = self.resolve(policy, ctx.merge);
        let loaded = match old {
            Some(_) => Load::NotMade,
            None => old_value_load(self, ctx, calls, key, provenance)?,
        };
        let found = loaded.value().cloned();
        let kind_of = |method: Option<Method>| match method {
            Some(_) => SaveKind::Accepted,
            None if provenance == CallerProvenance::Load => SaveKind::LoadPut,
            None => SaveKind::Unsaved,
        };
        let bases = |kind: SaveKind| -> Vec<Alt> {
            let writing = |main, access, previous| Writing {
                now,
                kind,
                previous,
                main,
                access,
            };
            match (&old, &found) {
                (Some(old), _) => written(
                    ctx,
                    value,
                    &overwrites(ctx, &old.record.metadata, now),
                    &policy,
                    writing(
                        rules::METADATA_OVERWRITE,
                        rules::METADATA_WRITE_ACCESS,
                        old.record.metadata.last_stored_time,
                    ),
                ),
                (None, Some(_)) => {
                    let mut alts = Vec::new();
                    if ctx.accepts(&WRITE_OLD_VALUE, "load") {
                        alts.extend(written(
                            ctx,
                            value,
                            &new_records(ctx, now),
                            &policy,
                            writing(rules::METADATA_NEW, rules::METADATA_NEW, 0),
                        ));
                    }
                    if ctx.accepts(&WRITE_OLD_VALUE, "load_through") {
                        let loaded_records: Vec<RecordMetadata> = new_records(ctx, now)
                            .into_iter()
                            .flat_map(|mut m| {
                                m.on_store(now);
                                overwrites(ctx, &m, now)
                            })
                            .collect();
                        alts.extend(written(
                            ctx,
                            value,
                            &loaded_records,
                            &policy,
                            writing(rules::METADATA_OVERWRITE, rules::METADATA_WRITE_ACCESS, now),
                        ));
                    }
                    alts
                }
                (None, None) => written(
                    ctx,
                    value,
                    &new_records(ctx, now),
                    &policy,
                    writing(rules::METADATA_NEW, rules::METADATA_NEW, 0),
                ),
            }
        };
        let (allowed, rule) = allowed_calls(ctx, provenance, Side::Primary, false);
        let resolved = resolve_write(self, ctx, calls, key, &allowed, rule)?;
        let alts = bases(kind_of(resolved.method));
        let expiration_time = match resolved.made {
            Some(made) => {
                check_arguments(self, ctx, made, Some(value), true)?;
                expiration(ctx, &alts, Some(made))?
            }
            None => expiration(ctx, &alts, None)?,
        };
        if check_ok_or_err(ctx)? {
            let unsaved = bases(SaveKind::Unsaved);
            let loaded_left = found
                .as_ref()
                .filter(|_| ctx.accepts(&WRITE_OLD_VALUE, "load_through"))
                .map(|found| self.loaded_alts(ctx, key, found));
            let failure = Failure {
                expired: expired.as_ref(),
                unsaved,
                loaded: loaded_left,
                write_failed: resolved.made.is_some_and(|made| made.failed),
            };
            return failed_write(ctx, step, key, failure, |stored| match &found {
                Some(loaded) if old.is_none() => {
                    loaded_write_slot(ctx, now, key, stored, loaded, provenance)
                }
                _ => write_slot(
                    ctx,
                    key,
                    stored,
                    old.as_ref().map(|h| &h.record.value),
                    provenance,
                    false,
                ),
            });
        }
        if resolved.method.is_some() {
            let space = if resolved.method == Some(Method::AddBackup) {
                Space::Backup
            } else {
                Space::Primary
            };
            self.store.add(space, key, value, expiration_time);
        }
        ctx.judge_old_value(
            old.as_ref().map(|h| &h.record.value),
            found.as_ref(),
            (rules::PUT_RETURNS, rules::PUT_RETURNS_NOT_IN_MEMORY),
        )?;
        if let Some(expired) = &expired {
            step.events.push(expired_slot(ctx, key, expired, false));
        }
        let stored = stored_after(ctx, key, &alts);
        match (&old, &found) {
            (None, Some(loaded)) => {
                step.events.push(loaded_write_slot(
                    ctx, now, key, &stored, loaded, provenance,
                ));
            }
            _ => step.events.push(write_slot(
                ctx,
                key,
                &stored,
                old.as_ref().map(|h| &h.record.value),
                provenance,
                false,
            )),
        }
        step.keys.insert(key.to_string(), KeyOutcome::Present(alts));
        Ok(())
    }

    /// The record a read loads for `key` (`touch` aside), one per starting version, and
    /// the `on_load` it fires, compared by value: what a write that reads the key as get
    /// does leaves in memory when its own data-store call fails.
    fn loaded_alts(&self, ctx: &Ctx<'_>, key: &str, value: &RecordValue) -> (Vec<Alt>, Slot) {
        let policy = self.resolve(&ExpiryPolicy::NONE, ctx.merge);
        let alts = new_records(ctx, self.now)
            .into_iter()
            .map(|mut metadata| {
                metadata.on_store(self.now);
                Alt {
                    held: Held {
                        record: Record {
                            value: value.clone(),
                            metadata,
                        },
                        policy: policy.clone(),
                        saved: Saved::Accepted,
                    },
                    rules: super::records::MetaRules::of(
                        rules::METADATA_LOADED,
                        rules::METADATA_LOADED,
                    ),
                    dirty: Some(false),
                }
            })
            .collect();
        let slot = Slot {
            key: Some(key.to_string()),
            alternatives: vec![vec![Expected {
                call: Call::Load {
                    key: key.to_string(),
                    record: Record {
                        value: value.clone(),
                        metadata: RecordMetadata::new(self.now, 0),
                    },
                    is_backup: false,
                },
                by_value: true,
                any_flag: false,
            }]],
            rule: rules::EVENT_WRITE_LOADED,
        };
        (alts, slot)
    }

    /// `put_backup(key, given, provenance)`.
    pub(super) fn put_backup(
        &mut self,
        ctx: &Ctx<'_>,
        calls: &mut Calls<'_>,
        step: &mut Step,
        key: &str,
        given: &Record,
        provenance: CallerProvenance,
    ) -> Result<(), Stop> {
        let now = self.now;
        let expired = self.expired(key, ctx).cloned();
        let old = self.live(key, ctx).cloned();
        let policy = match &old {
            Some(old) => old.policy.clone(),
            None => self.resolve(&ExpiryPolicy::NONE, ctx.merge),
        };
        let mut given_metadata = given.metadata.clone();
        given_metadata.cost = 0;
        let value = &given.value;
        let bases = |kind: SaveKind, accepted: bool| -> Vec<Alt> {
            let writing = |main, access, previous| Writing {
                now,
                kind,
                previous,
                main,
                access,
            };
            let mut alts = Vec::new();
            let replacing = match &old {
                Some(old) => {
                    if ctx.accepts(&BACKUP_EXISTING, "overwrite") {
                        alts.extend(written(
                            ctx,
                            value,
                            &overwrites(ctx, &old.record.metadata, now),
                            &policy,
                            writing(
                                rules::METADATA_BACKUP_EXISTING,
                                rules::METADATA_WRITE_ACCESS,
                                old.record.metadata.last_stored_time,
                            ),
                        ));
                    }
                    ctx.accepts(&BACKUP_EXISTING, "replace")
                }
                None => true,
            };
            if !replacing {
                return alts;
            }
            let main = if old.is_some() {
                rules::METADATA_BACKUP_EXISTING
            } else {
                rules::METADATA_BACKUP
            };
            if ctx.accepts(&BACKUP_METADATA, "given") {
                alts.extend(written(
                    ctx,
                    value,
                    std::slice::from_ref(&given_metadata),
                    &policy,
                    writing(main, main, given_metadata.last_stored_time),
                ));
            }
            if ctx.accepts(&BACKUP_METADATA, "as_given") {
                let saved = match (accepted, given_metadata.is_dirty()) {
                    (true, _) => Saved::Accepted,
                    (false, false) => Saved::Claimed,
                    (false, true) => Saved::Unsaved,
                };
                alts.push(Alt {
                    held: Held {
                        record: Record {
                            value: value.clone(),
                            metadata: given_metadata.clone(),
                        },
                        policy: policy.clone(),
                        saved,
                    },
                    rules: super::records::MetaRules::of(main, main),
                    dirty: Some(given_metadata.is_dirty()),
                });
            }
            if ctx.accepts(&BACKUP_METADATA, "fresh") {
                alts.extend(written(
                    ctx,
                    value,
                    &new_records(ctx, now),
                    &policy,
                    writing(main, main, 0),
                ));
            }
            alts
        };
        let (allowed, rule) = allowed_calls(ctx, provenance, Side::Backup, false);
        let resolved = resolve_write(self, ctx, calls, key, &allowed, rule)?;
        let accepted = resolved.method.is_some();
        let kind = if accepted {
            SaveKind::Accepted
        } else if provenance == CallerProvenance::Load {
            SaveKind::LoadPut
        } else {
            SaveKind::Unsaved
        };
        let alts = bases(kind, accepted);
        let expiration_time = match resolved.made {
            Some(made) => {
                check_arguments(self, ctx, made, Some(value), true)?;
                expiration(ctx, &alts, Some(made))?
            }
            None => expiration(ctx, &alts, None)?,
        };
        let old_value = old.as_ref().map(|h| h.record.value.clone());
        if check_ok_or_err(ctx)? {
            let failure = Failure {
                expired: expired.as_ref(),
                unsaved: bases(SaveKind::Unsaved, false),
                loaded: None,
                write_failed: resolved.made.is_some_and(|made| made.failed),
            };
            return failed_write(ctx, step, key, failure, |stored| {
                write_slot(ctx, key, stored, old_value.as_ref(), provenance, true)
            });
        }
        if accepted {
            self.store.add(Space::Backup, key, value, expiration_time);
        }
        if let Some(expired) = &expired {
            step.events.push(expired_slot(ctx, key, expired, true));
        }
        let stored = stored_after(ctx, key, &alts);
        step.events.push(write_slot(
            ctx,
            key,
            &stored,
            old_value.as_ref(),
            provenance,
            true,
        ));
        step.keys.insert(key.to_string(), KeyOutcome::Present(alts));
        Ok(())
    }
}

/// The record the engine holds for `key` after the step, or else the first the
/// model allows: what a write's notification carries.
pub(super) fn stored_after(ctx: &Ctx<'_>, key: &str, alts: &[Alt]) -> Record {
    ctx.observed
        .after
        .get(key)
        .cloned()
        .or_else(|| alts.first().map(|alt| alt.held.record.clone()))
        .unwrap_or_else(|| Record {
            value: storage_traits::RecordValue::OrTombstones { tags: Vec::new() },
            metadata: RecordMetadata::default(),
        })
}

/// What a write whose data-store call failed leaves: memory as before (an expired
/// record met may have gone, as such), or, under `recordstore_failed_write =
/// kept_unsaved`, one of `failure.unsaved`, notified by `slot`, or a record the
/// write loaded before it failed.
pub(super) fn failed_write(
    ctx: &Ctx<'_>,
    step: &mut Step,
    key: &str,
    failure: Failure<'_>,
    slot: impl Fn(&Record) -> Slot,
) -> Result<(), Stop> {
    let before = ctx.observed.before.get(key);
    let after = ctx.observed.after.get(key);
    if ctx.unchanged(key) {
        return ctx.judge(
            Category::Metadata,
            !failure.write_failed || ctx.accepts(&FAILED_WRITE, "unchanged"),
            rules::FAILED_WRITE,
            format!("the failed write of {key:?} kept unsaved"),
            before,
        );
    }
    if let Some(expired) = failure.expired {
        step.events.push(expired_slot(ctx, key, expired, false));
        if after.is_none() {
            step.keys.insert(key.to_string(), KeyOutcome::Absent);
            return Ok(());
        }
    }
    let holds = |alts: &[Alt]| {
        after.is_some_and(|a| {
            alts.iter()
                .any(|alt| alt.held.record.value.same_as(&a.value))
        })
    };
    if let Some((alts, loaded)) = failure.loaded.filter(|(alts, _)| holds(alts)) {
        step.events.push(loaded);
        step.keys.insert(key.to_string(), KeyOutcome::Present(alts));
        return Ok(());
    }
    if holds(&failure.unsaved) && ctx.accepts(&FAILED_WRITE, "kept_unsaved") {
        let stored = stored_after(ctx, key, &failure.unsaved);
        step.events.push(slot(&stored));
        step.keys
            .insert(key.to_string(), KeyOutcome::Present(failure.unsaved));
        return Ok(());
    }
    for category in [Category::Metadata, Category::Dirty] {
        ctx.judge(category, false, rules::FAILED_WRITE, before, after)?;
    }
    Ok(())
}
