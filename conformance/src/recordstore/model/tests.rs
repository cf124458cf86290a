//! The model on observations written by hand: it accepts what an accepted option does,
//! names the rule when no option does, and a pin narrows it.

use std::collections::BTreeMap;

use storage_traits::{CallerProvenance, ExpiryPolicy, Record, RecordMetadata, RecordValue, Value};

use super::RecordStoreModel;
use super::context::{Boundary, Ctx, Merge};
use super::observed::{Observed, Returned, SeenCall};
use crate::config::Choice;
use crate::doubles::{Call, DataStoreCall, Method};
use crate::readings::Stop;
use crate::recordstore::checks::Checks;
use crate::recordstore::readings::{NEW_KEY_VERSION_ZERO, UNSAVED_EVICTION_KEEP};
use crate::recordstore::{RecordStoreOp, rules};
use crate::render::constructors::{lww, ts};

const NOW: i64 = 1_000;

fn value(n: i64) -> RecordValue {
    lww(Value::Int(n), ts(1, 0, "n"))
}

/// Every comparison on.
fn everything() -> Checks {
    Checks {
        returns: true,
        metadata: true,
        dirty: true,
        events: true,
        calls: true,
        expiry: true,
        ..Checks::default()
    }
}

fn step(
    model: &mut RecordStoreModel,
    op: &RecordStoreOp,
    observed: &Observed,
    pins: &[Choice],
) -> Result<(), Stop> {
    step_checking(model, op, observed, pins, everything())
}

fn step_checking(
    model: &mut RecordStoreModel,
    op: &RecordStoreOp,
    observed: &Observed,
    pins: &[Choice],
    checks: Checks,
) -> Result<(), Stop> {
    let ctx = Ctx {
        step: 0,
        checks,
        pins,
        observed,
        clock: true,
        boundary: Boundary::AtDeadline,
        merge: Merge::PerField,
    };
    model.apply(op, &ctx)
}

fn broken_rule(result: Result<(), Stop>) -> String {
    match result {
        Err(Stop::Broken(violation)) => violation.rule,
        other => panic!("expected a broken rule, got {other:?}"),
    }
}

/// A model holding `a` written with Backup provenance: in memory, never saved.
fn holding_an_unsaved_record() -> (RecordStoreModel, Record) {
    let mut model = RecordStoreModel::new("map", NOW, true, ExpiryPolicy::NONE);
    let record = Record {
        value: value(1),
        metadata: RecordMetadata::new(NOW, 0),
    };
    let observed = Observed {
        returned: Returned::Value(Ok(None)),
        calls: Vec::new(),
        events: vec![Call::Put {
            key: "a".to_string(),
            record: record.clone(),
            old_value: None,
            is_backup: false,
        }],
        before: BTreeMap::new(),
        after: BTreeMap::from([("a".to_string(), record.clone())]),
    };
    let put = RecordStoreOp::Put {
        key: "a".to_string(),
        value: value(1),
        expiry: ExpiryPolicy::NONE,
        provenance: CallerProvenance::Backup,
    };
    step(&mut model, &put, &observed, &[]).expect("a Backup put is accepted");
    (model, record)
}

/// `evict(a)` that made `calls` and left the engine empty.
fn evicted(record: &Record, calls: Vec<SeenCall>) -> Observed {
    Observed {
        returned: Returned::Evicted(Some(record.value.clone())),
        calls,
        events: vec![Call::Evict {
            key: "a".to_string(),
            record: record.clone(),
            is_backup: false,
        }],
        before: BTreeMap::from([("a".to_string(), record.clone())]),
        after: BTreeMap::new(),
    }
}

fn flush_of(flushed: RecordValue) -> SeenCall {
    SeenCall {
        call: DataStoreCall {
            method: Method::FlushKey,
            map: "map".to_string(),
            key: Some("a".to_string()),
            keys: Vec::new(),
            value: Some(flushed),
            expiration_time: 0,
            now: 0,
            is_backup: false,
        },
        failed: false,
    }
}

fn evict_a() -> RecordStoreOp {
    RecordStoreOp::Evict {
        key: "a".to_string(),
        is_backup: false,
    }
}

#[test]
fn an_unsaved_record_may_go_once_its_value_was_flushed() {
    let (mut model, record) = holding_an_unsaved_record();
    let flushed = evicted(&record, vec![flush_of(record.value.clone())]);
    step(&mut model, &evict_a(), &flushed, &[]).expect("flush then evict is an option");
    assert!(model.memory.is_empty());
    assert_eq!(model.store.load("a", NOW), Some(record.value));
}

#[test]
fn an_unsaved_record_evicted_without_its_value_flushed_breaks_what_every_option_shares() {
    let (model, record) = holding_an_unsaved_record();
    let silent = evicted(&record, Vec::new());
    let rule = broken_rule(step(&mut model.clone(), &evict_a(), &silent, &[]));
    assert_eq!(rule, rules::EVICT_UNSAVED.text);
    // A flush of another value: a wrong call, and, where only returns are compared, the
    // unsaved value lost.
    let stale = evicted(&record, vec![flush_of(value(2))]);
    let rule = broken_rule(step(&mut model.clone(), &evict_a(), &stale, &[]));
    assert_eq!(rule, rules::CALLS_ARGUMENTS.text);
    let returns = Checks {
        returns: true,
        ..Checks::default()
    };
    let rule = broken_rule(step_checking(
        &mut model.clone(),
        &evict_a(),
        &stale,
        &[],
        returns,
    ));
    assert_eq!(rule, rules::EVICT_UNSAVED.text);
}

#[test]
fn a_pin_narrows_what_the_model_accepts() {
    let (model, record) = holding_an_unsaved_record();
    let flushed = evicted(&record, vec![flush_of(record.value.clone())]);
    let pinned = [UNSAVED_EVICTION_KEEP];
    let rule = broken_rule(step(&mut model.clone(), &evict_a(), &flushed, &pinned));
    assert_eq!(rule, rules::CALLS_FLUSH.text);

    // A new key at version 1: accepted, unless version 0 is pinned.
    let mut fresh = RecordStoreModel::new("map", NOW, true, ExpiryPolicy::NONE);
    let at_one = Record {
        value: value(1),
        metadata: RecordMetadata {
            version: 1,
            ..RecordMetadata::new(NOW, 0)
        },
    };
    let observed = Observed {
        returned: Returned::Value(Ok(None)),
        calls: Vec::new(),
        events: vec![Call::Put {
            key: "a".to_string(),
            record: at_one.clone(),
            old_value: None,
            is_backup: false,
        }],
        before: BTreeMap::new(),
        after: BTreeMap::from([("a".to_string(), at_one)]),
    };
    let put = RecordStoreOp::Put {
        key: "a".to_string(),
        value: value(1),
        expiry: ExpiryPolicy::NONE,
        provenance: CallerProvenance::Replication,
    };
    step(&mut fresh.clone(), &put, &observed, &[]).expect("version 1 is an option");
    let rule = broken_rule(step(&mut fresh, &put, &observed, &[NEW_KEY_VERSION_ZERO]));
    assert_eq!(rule, rules::METADATA_NEW.text);
}
