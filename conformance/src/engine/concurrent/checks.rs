//! The checks of concurrent engine runs, on the recorded history (and, once every
//! thread has joined, on the engine).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use storage_traits::{Record, StorageEngine};

use crate::config::RunConfig;
use crate::engine::readings::{CURSOR, ESTIMATED_COST};
use crate::readings::Branches;

use super::history::{Event, Observed};
use super::partition::partition;
use super::presence::Writes;
use super::run::{WalkLimit, call};
use crate::concurrent::clock::LogicalClock;
use crate::concurrent::keyed::linearizable_per_key;
use crate::cursor::{Page, WalkTracker};
use crate::engine::{EngineModel, EngineOp};
use crate::failure::Violation;

/// The rules of the concurrent checks.
pub mod rules {
    /// Snapshot: no duplicates.
    pub const SNAPSHOT_NO_DUPLICATES: &str =
        "a snapshot taken while writers run holds no key twice";
    /// Snapshot: completeness.
    pub const SNAPSHOT_COMPLETE: &str =
        "a snapshot taken while writers run holds every key present throughout it";
    /// Snapshot: no phantoms.
    pub const SNAPSHOT_NEVER_PRESENT: &str =
        "a snapshot taken while writers run holds no key that was never present during it";
    /// Snapshot: real records.
    pub const SNAPSHOT_RECORD_HELD: &str =
        "every record of a snapshot taken while writers run is one its key held during it";
    /// Quiescent len.
    pub const QUIESCENT_LEN: &str =
        "after every thread joined, len is the number of keys a linearization leaves stored";
    /// Quiescent is_empty.
    pub const QUIESCENT_EMPTY: &str = "after every thread joined, is_empty is true exactly when a linearization leaves nothing stored";
    /// Quiescent cost.
    pub const QUIESCENT_COST: &str = "after every thread joined, estimated_cost is the sum of the costs a linearization leaves stored";
    /// Quiescent contents.
    pub const QUIESCENT_CONTENTS: &str = "after every thread joined, snapshot_iter holds exactly the entries a linearization leaves stored";
    /// Quiescent cost, once every entry is removed.
    pub const QUIESCENT_COST_DRAINS: &str =
        "after every thread joined, removing every entry brings estimated_cost back to 0";
    /// Snapshot: one instant.
    pub const SNAPSHOT_POINT_IN_TIME: &str =
        "a snapshot taken while writers run is what the engine held at one instant of the call";
}

/// Checks that the single-key operations of `history` are linearizable, key by key,
/// within `budget` in all; returns the engine model after the linearizations found.
pub fn linearizable(history: &[Event], budget: Duration) -> Result<EngineModel, Violation> {
    let held = linearizable_per_key(partition(history), budget, |i| history[i].origin())?;
    let mut model = EngineModel::default();
    for (key, record) in held {
        if let Some(record) = record {
            model.put(&key, record);
        }
    }
    Ok(model)
}

/// Checks every snapshot of `history` against the writes that ran beside it.
pub fn snapshots_tolerant(history: &[Event]) -> Result<(), Violation> {
    let writes = Writes::of(history);
    for event in history {
        let (EngineOp::Snapshot, Observed::Entries(entries)) = (&event.op, &event.observed) else {
            continue;
        };
        let step = event.step.unwrap_or_default();
        let (from, to) = (event.invoked, event.returned);
        let mut seen = BTreeSet::new();
        for (key, record) in entries {
            if !seen.insert(key) {
                return Err(Violation::at(
                    step,
                    rules::SNAPSHOT_NO_DUPLICATES,
                    format!("{key:?} once"),
                    format!("{key:?} more than once"),
                ));
            }
            let possible = writes.possible_records(key, from, to);
            if possible.is_empty() {
                return Err(Violation::at(
                    step,
                    rules::SNAPSHOT_NEVER_PRESENT,
                    "keys present during the snapshot",
                    key,
                ));
            }
            if !possible.iter().any(|r| r.same_as(record)) {
                return Err(Violation::at(
                    step,
                    rules::SNAPSHOT_RECORD_HELD,
                    format!("one of {possible:?} for {key:?}"),
                    record,
                ));
            }
        }
        let missing: Vec<String> = writes
            .present_throughout(from, to)
            .into_keys()
            .filter(|key| !seen.contains(key))
            .collect();
        if !missing.is_empty() {
            return Err(Violation::at(
                step,
                rules::SNAPSHOT_COMPLETE,
                "every key present throughout",
                format!("missing {missing:?}"),
            ));
        }
    }
    Ok(())
}

/// Checks every cursor walk of `history` with the rules of walks that run beside
/// writers ([`WalkTracker`]), under the cursor readings `config` accepts: present
/// throughout means whatever the writes' order, and every write that ran beside a walk
/// allows it one more call.
pub fn walks_sound(history: &[Event], config: &RunConfig) -> Result<(), Violation> {
    let writes = Writes::of(history);
    let mut branches = Branches::new((), config);
    for event in history {
        let (EngineOp::Walk { size, .. }, Observed::Pages(pages)) = (&event.op, &event.observed)
        else {
            continue;
        };
        let step = event.step.unwrap_or_default();
        let (from, to) = (event.invoked, event.returned);
        let mut walk = WalkTracker::start(&writes.present_throughout(from, to), *size, false);
        for (key, records) in writes.possibly_held(from, to) {
            for record in records {
                walk.on_put(&key, record);
            }
        }
        walk.allow_calls(writes.during(from, to));
        for page in pages {
            let facts = walk.observe(
                step,
                Page {
                    items: page.items.clone(),
                    next_cursor: page.next_cursor.clone(),
                },
            );
            branches.step(|(), options| facts.judge(&CURSOR, |r, o| options.is(r, o)))?;
        }
    }
    Ok(())
}

/// After every thread joined: reads every key of the case (appended to `history` as
/// reads after the join), checks the whole history for linearizability, then checks
/// len, is_empty, snapshot_iter and (by the cost reading `config` accepts)
/// estimated_cost against the model it leaves, and finally that removing every entry
/// brings the cost back to 0.
pub fn quiescent(
    engine: &dyn StorageEngine,
    history: &mut Vec<Event>,
    keys: &[String],
    clock: &LogicalClock,
    config: &RunConfig,
) -> Result<(), Violation> {
    let budget = config.concurrency.checker_budget;
    for key in keys {
        let op = EngineOp::Get(key.clone());
        let limit = WalkLimit {
            keys: keys.len(),
            writes: 0,
        };
        let (invoked, observed, returned) = call(engine, &op, clock, limit);
        history.push(Event {
            thread: Event::AFTER_JOIN,
            step: None,
            op,
            observed,
            invoked,
            returned,
        });
    }
    let model = linearizable(history, budget)?;
    let expect = |rule: &str, expected: String, actual: String| -> Result<(), Violation> {
        if expected == actual {
            Ok(())
        } else {
            Err(Violation {
                rule: rule.to_string(),
                expected,
                actual,
                step: None,
            })
        }
    };
    let len = engine.len();
    expect(
        rules::QUIESCENT_LEN,
        model.entries.len().to_string(),
        len.to_string(),
    )?;
    expect(
        rules::QUIESCENT_EMPTY,
        model.entries.is_empty().to_string(),
        engine.is_empty().to_string(),
    )?;
    let cost = engine.estimated_cost();
    let mut branches = Branches::new((), config);
    branches.step(|(), options| {
        if options.is(&ESTIMATED_COST, "record_costs")? {
            expect(
                rules::QUIESCENT_COST,
                model.cost().to_string(),
                cost.to_string(),
            )?;
        }
        Ok(())
    })?;
    let mut snapshot = engine.snapshot_iter();
    snapshot.sort_by(|a, b| a.0.cmp(&b.0));
    if !same_entries(&model.entries, &snapshot) {
        return Err(Violation {
            step: None,
            ..Violation::at(0, rules::QUIESCENT_CONTENTS, &model.entries, snapshot)
        });
    }
    for key in model.entries.keys() {
        engine.remove(key);
    }
    expect(
        rules::QUIESCENT_COST_DRAINS,
        "0".to_string(),
        engine.estimated_cost().to_string(),
    )
}

fn same_entries(model: &BTreeMap<String, Record>, sorted: &[(String, Record)]) -> bool {
    sorted.len() == model.len()
        && sorted
            .iter()
            .zip(model)
            .all(|((k, r), (mk, mr))| k == mk && r.same_as(mr))
}
