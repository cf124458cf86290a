//! The records the model expects in memory: each with its expiry policy and whether the
//! data store holds its latest value; the records an operation may leave for a key (one
//! per combination of the accepted options that matter there); and how the model
//! settles on the one the store left, judging metadata and dirty flags.

use std::collections::BTreeSet;

use storage_traits::{ExpiryPolicy, Record, RecordMetadata, RecordValue};

use super::RecordStoreModel;
use super::context::{Category, Ctx};
use crate::property::Rule;
use crate::readings::Stop;
use crate::recordstore::readings::{DIRTY_MARK, LOAD_PUT, NEW_KEY_VERSION, WRITE_ACCESS};
use crate::recordstore::rules;

/// Whether the data store holds a record's latest value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// The data store accepted it (a write-through, a flush, a load).
    Accepted,
    /// The caller gave it as clean (a Load put read as saved, a backup record kept as
    /// given), but the data store never accepted it from this store.
    Claimed,
    /// Nobody saved it: evicting it would lose it.
    Unsaved,
}

/// A record in memory, its key's expiry policy, and whether it is saved.
#[derive(Debug, Clone)]
pub struct Held {
    /// The record as stored (cost 0: costs are not modelled).
    pub record: Record,
    /// The key's resolved policy.
    pub policy: ExpiryPolicy,
    /// Whether the data store holds its value.
    pub saved: Saved,
}

/// The rules a record an operation leaves follows, by field.
#[derive(Debug, Clone, Copy)]
pub struct MetaRules {
    /// Value, version, creation and update time.
    pub main: Rule,
    /// Access time and hits.
    pub access: Rule,
    /// `last_stored_time` and the dirty flag.
    pub stored: Rule,
}

impl MetaRules {
    /// One rule for every field but the stored time.
    pub fn of(main: Rule, stored: Rule) -> Self {
        Self {
            main,
            access: main,
            stored,
        }
    }
}

/// A record an operation may leave for a key.
#[derive(Debug, Clone)]
pub struct Alt {
    /// The record, policy and saved state.
    pub held: Held,
    /// What each field follows.
    pub rules: MetaRules,
    /// Without the kit's clock, whether the record must be dirty (`None`: either);
    /// with it, its metadata says.
    pub dirty: Option<bool>,
}

impl Alt {
    fn expected_dirty(&self, clock: bool) -> Option<bool> {
        if clock {
            Some(self.held.record.metadata.is_dirty())
        } else {
            self.dirty
        }
    }
}

/// What an operation leaves for a key it touches.
#[derive(Debug, Clone)]
pub enum KeyOutcome {
    /// The key is not in memory.
    Absent,
    /// The key holds one of these records.
    Present(Vec<Alt>),
}

/// How a write marks its record once it is done, before the dirty mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveKind {
    /// The data store accepted the value.
    Accepted,
    /// A Load put: saved or not, as `recordstore_load_put` says.
    LoadPut,
    /// Nothing saved it.
    Unsaved,
}

/// The versions a new record may start at.
pub fn new_versions(ctx: &Ctx<'_>) -> Vec<u32> {
    [(0, "zero"), (1, "one")]
        .into_iter()
        .filter(|(_, option)| ctx.accepts(&NEW_KEY_VERSION, option))
        .map(|(version, _)| version)
        .collect()
}

/// The metadata of new records at `now`, one per accepted starting version.
pub fn new_records(ctx: &Ctx<'_>, now: i64) -> Vec<RecordMetadata> {
    new_versions(ctx)
        .into_iter()
        .map(|version| RecordMetadata {
            version,
            ..RecordMetadata::new(now, 0)
        })
        .collect()
}

/// The metadata an overwrite of `old` at `now` may leave: one more version, the update
/// time, and the access as `recordstore_write_access` allows.
pub fn overwrites(ctx: &Ctx<'_>, old: &RecordMetadata, now: i64) -> Vec<RecordMetadata> {
    let mut updated = old.clone();
    updated.on_update(now);
    let mut all = Vec::new();
    if ctx.accepts(&WRITE_ACCESS, "not_access") {
        all.push(updated.clone());
    }
    if ctx.accepts(&WRITE_ACCESS, "access") {
        let mut accessed = updated;
        accessed.on_access(now);
        all.push(accessed);
    }
    all
}

/// The marked versions of `metadata`, just written at `now`: stored at `now` when
/// saved, otherwise as `recordstore_dirty_mark` says (0, or `previous`), each with its
/// saved state, the rule it follows and its dirty flag without the kit's clock.
pub fn marks(
    ctx: &Ctx<'_>,
    metadata: &RecordMetadata,
    kind: SaveKind,
    previous: i64,
    now: i64,
) -> Vec<(RecordMetadata, Saved, Rule, Option<bool>)> {
    let stored_at = |stored: i64| RecordMetadata {
        last_stored_time: stored,
        ..metadata.clone()
    };
    // Metadata given by the caller (a backup record's) may say clean after the mark:
    // the caller's claim, which eviction may trust. A write of the store's own at `now`
    // that looks clean (stored in the same millisecond) is still unsaved.
    let given_times = metadata.last_update_time != now;
    let unsaved = |rule: Rule| {
        let mark = |stored: i64, dirty_without_clock: Option<bool>| {
            let marked = stored_at(stored);
            if given_times && !marked.is_dirty() {
                (marked, Saved::Claimed, rule, Some(false))
            } else if given_times {
                (marked, Saved::Unsaved, rule, Some(true))
            } else {
                (marked, Saved::Unsaved, rule, dirty_without_clock)
            }
        };
        let mut all = Vec::new();
        if ctx.accepts(&DIRTY_MARK, "stored_zero") {
            all.push(mark(0, Some(true)));
        }
        if ctx.accepts(&DIRTY_MARK, "stored_kept") {
            all.push(mark(previous, None));
        }
        all
    };
    match kind {
        SaveKind::Accepted => vec![(
            stored_at(now),
            Saved::Accepted,
            rules::DIRTY_SAVED,
            Some(false),
        )],
        SaveKind::Unsaved => unsaved(rules::DIRTY_UNSAVED),
        SaveKind::LoadPut => {
            let mut all = Vec::new();
            if ctx.accepts(&LOAD_PUT, "saved") {
                all.push((
                    stored_at(now),
                    Saved::Claimed,
                    rules::DIRTY_LOAD_PUT,
                    Some(false),
                ));
            }
            if ctx.accepts(&LOAD_PUT, "unsaved") {
                all.extend(unsaved(rules::DIRTY_LOAD_PUT));
            }
            all
        }
    }
}

/// How a write is done: when, how it is saved, and the rules its record follows.
#[derive(Debug, Clone, Copy)]
pub struct Writing {
    /// The clock.
    pub now: i64,
    /// How it is saved.
    pub kind: SaveKind,
    /// The record's `last_stored_time` before the write (0 for a new record).
    pub previous: i64,
    /// The rules of its fields but the stored time.
    pub main: Rule,
    /// The rule of its access time and hits.
    pub access: Rule,
}

/// The records a write of `value` may leave: each of `metadata` marked as `writing`
/// says.
pub fn written(
    ctx: &Ctx<'_>,
    value: &RecordValue,
    metadata: &[RecordMetadata],
    policy: &ExpiryPolicy,
    writing: Writing,
) -> Vec<Alt> {
    let mut alts = Vec::new();
    for base in metadata {
        for (metadata, saved, stored, dirty) in
            marks(ctx, base, writing.kind, writing.previous, writing.now)
        {
            alts.push(Alt {
                held: Held {
                    record: Record {
                        value: value.clone(),
                        metadata,
                    },
                    policy: policy.clone(),
                    saved,
                },
                rules: MetaRules {
                    main: writing.main,
                    access: writing.access,
                    stored,
                },
                dirty,
            });
        }
    }
    alts
}

/// Metadata compared field by field, cost aside, and times aside without the kit's
/// clock: the first field that differs, if any.
fn differing_field(
    expected: &RecordMetadata,
    actual: &RecordMetadata,
    clock: bool,
) -> Option<&'static str> {
    let times = [
        (
            "creation_time",
            expected.creation_time,
            actual.creation_time,
        ),
        (
            "last_update_time",
            expected.last_update_time,
            actual.last_update_time,
        ),
        (
            "last_access_time",
            expected.last_access_time,
            actual.last_access_time,
        ),
        (
            "last_stored_time",
            expected.last_stored_time,
            actual.last_stored_time,
        ),
    ];
    if expected.version != actual.version {
        return Some("version");
    }
    if expected.hits != actual.hits {
        return Some("hits");
    }
    if clock {
        return times.iter().find(|(_, e, a)| e != a).map(|(f, _, _)| *f);
    }
    None
}

/// Whether `actual` is the record `expected` (cost aside; times aside without the
/// kit's clock).
pub fn same_record(expected: &Record, actual: &Record, clock: bool) -> bool {
    expected.value.same_as(&actual.value)
        && differing_field(&expected.metadata, &actual.metadata, clock).is_none()
}

/// The rule a record that is not `expected` breaks, by the first field that differs.
fn broken_rule(alt: &Alt, actual: &Record, clock: bool) -> Rule {
    if !alt.held.record.value.same_as(&actual.value) {
        return alt.rules.main;
    }
    match differing_field(&alt.held.record.metadata, &actual.metadata, clock) {
        Some("hits" | "last_access_time") => alt.rules.access,
        Some("last_stored_time") => alt.rules.stored,
        _ => alt.rules.main,
    }
}

/// `actual`'s times on `held`, for a store on its own clock.
fn with_times_of(mut held: Held, actual: &Record) -> Held {
    let (m, a) = (&mut held.record.metadata, &actual.metadata);
    m.creation_time = a.creation_time;
    m.last_access_time = a.last_access_time;
    m.last_update_time = a.last_update_time;
    m.last_stored_time = a.last_stored_time;
    held
}

impl RecordStoreModel {
    /// Settles every key on the record the store left, among those the step allows
    /// (`outcomes`; a key the step did not touch must be unchanged), judging metadata
    /// and dirty flags; the model then holds what it settled on.
    pub(super) fn settle(
        &mut self,
        ctx: &Ctx<'_>,
        outcomes: &std::collections::BTreeMap<String, KeyOutcome>,
    ) -> Result<(), Stop> {
        let engine = &ctx.observed.after;
        let keys: BTreeSet<String> = self
            .memory
            .keys()
            .chain(outcomes.keys())
            .chain(engine.keys())
            .cloned()
            .collect();
        for key in keys {
            let outcome = outcomes.get(&key).cloned().unwrap_or_else(|| {
                self.memory.get(&key).map_or(KeyOutcome::Absent, |held| {
                    KeyOutcome::Present(vec![Alt {
                        held: held.clone(),
                        rules: MetaRules::of(rules::METADATA_KEPT, rules::METADATA_KEPT),
                        dirty: None,
                    }])
                })
            });
            let settled = settle_key(ctx, &key, outcome, engine.get(&key))?;
            match settled {
                Some(held) => self.memory.insert(key, held),
                None => self.memory.remove(&key),
            };
        }
        Ok(())
    }
}

/// Settles `key` on the record the store left (`actual`) among those `outcome` allows,
/// judging metadata and dirty flags.
fn settle_key(
    ctx: &Ctx<'_>,
    key: &str,
    outcome: KeyOutcome,
    actual: Option<&Record>,
) -> Result<Option<Held>, Stop> {
    let alts = match outcome {
        KeyOutcome::Absent => {
            if let Some(actual) = actual {
                for category in [Category::Metadata, Category::Dirty] {
                    ctx.judge(
                        category,
                        false,
                        rules::METADATA_KEPT,
                        format!("no record of key {key:?}"),
                        actual,
                    )?;
                }
            }
            return Ok(None);
        }
        KeyOutcome::Present(alts) => alts,
    };
    let Some(first) = alts.first().cloned() else {
        return Ok(None);
    };
    let Some(actual) = actual else {
        for category in [Category::Metadata, Category::Dirty] {
            ctx.judge(
                category,
                false,
                first.rules.main,
                format!("key {key:?} holding {:?}", first.held.record),
                "no record",
            )?;
        }
        return Ok(Some(first.held));
    };
    let adopt = |alt: &Alt| {
        if ctx.clock {
            alt.held.clone()
        } else {
            with_times_of(alt.held.clone(), actual)
        }
    };
    if let Some(alt) = alts
        .iter()
        .find(|alt| same_record(&alt.held.record, actual, ctx.clock))
    {
        return Ok(Some(adopt(alt)));
    }
    let records: Vec<&Record> = alts.iter().map(|alt| &alt.held.record).collect();
    let expected = || {
        if records.len() == 1 {
            format!("key {key:?} holding {:?}", records[0])
        } else {
            format!("key {key:?} holding one of {records:?}")
        }
    };
    ctx.judge(
        Category::Metadata,
        false,
        broken_rule(&first, actual, ctx.clock),
        expected(),
        actual,
    )?;
    let dirty = actual.metadata.is_dirty();
    let same_dirt = alts
        .iter()
        .find(|alt| alt.expected_dirty(ctx.clock).is_none_or(|d| d == dirty));
    if let Some(alt) = same_dirt {
        return Ok(Some(adopt(alt)));
    }
    ctx.judge(
        Category::Dirty,
        false,
        first.rules.stored,
        format!("{} (is_dirty {})", expected(), !dirty),
        format!("{actual:?} (is_dirty {dirty})"),
    )?;
    Ok(Some(adopt(&first)))
}
