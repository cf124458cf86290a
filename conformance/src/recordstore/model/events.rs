//! The notifications an operation may fire, and how the ones it fired are matched
//! against them: per key, in order, each slot by one of its alternative sequences (an
//! empty one: nothing). Records are compared with what the engine holds (cost aside):
//! a notification carries the record as stored, or as it was removed.

use std::collections::BTreeMap;
use std::fmt;

use storage_traits::{Record, RecordValue};

use crate::doubles::Call;
use crate::property::Rule;

/// One notification an operation may fire.
#[derive(Debug, Clone)]
pub struct Expected {
    /// The notification with its arguments.
    pub call: Call,
    /// Compare the record by its value and clean flag only: a record no engine ever
    /// showed (one loaded and overwritten in the same operation).
    pub by_value: bool,
    /// Accept any flag where the call has one (`populate_index`).
    pub any_flag: bool,
}

impl Expected {
    /// `call`, compared in full (cost aside).
    pub fn exactly(call: Call) -> Self {
        Self {
            call,
            by_value: false,
            any_flag: false,
        }
    }

    fn matches(&self, actual: &Call) -> bool {
        let mut expected = self.call.clone();
        if self.any_flag
            && let (
                Call::ReplicationPut { populate_index, .. },
                Call::ReplicationPut {
                    populate_index: actual_flag,
                    ..
                },
            ) = (&mut expected, actual)
        {
            *populate_index = *actual_flag;
        }
        if self.by_value
            && let (Some(record), Some(actual_record)) =
                (record_mut(&mut expected), actual.record())
        {
            if !record.value.same_as(&actual_record.value) || actual_record.metadata.is_dirty() {
                return false;
            }
            *record = actual_record.clone();
        }
        same_call(&expected, actual)
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.call)?;
        if self.by_value {
            write!(f, " (any clean record of that value)")?;
        }
        if self.any_flag {
            write!(f, " (any populate_index)")?;
        }
        Ok(())
    }
}

/// Notifications an operation fires for one key (or none), one of the alternatives.
#[derive(Debug, Clone)]
pub struct Slot {
    /// The key, `None` for `on_clear`, `on_reset` and `on_destroy`.
    pub key: Option<String>,
    /// The sequences it may fire; an empty one means it may fire nothing.
    pub alternatives: Vec<Vec<Expected>>,
    /// The rule it follows.
    pub rule: Rule,
}

impl Slot {
    /// One notification, exactly.
    pub fn one(key: Option<&str>, call: Call, rule: Rule) -> Self {
        Self {
            key: key.map(str::to_string),
            alternatives: vec![vec![Expected::exactly(call)]],
            rule,
        }
    }
}

fn record_mut(call: &mut Call) -> Option<&mut Record> {
    match call {
        Call::Put { record, .. }
        | Call::Update { record, .. }
        | Call::Remove { record, .. }
        | Call::Evict { record, .. }
        | Call::Load { record, .. }
        | Call::ReplicationPut { record, .. } => Some(record),
        Call::Clear | Call::Reset | Call::Destroy { .. } => None,
    }
}

/// Whether `actual` is one way to fire `slots`, in order.
fn fires(slots: &[&Slot], actual: &[&Call]) -> bool {
    let Some((slot, rest)) = slots.split_first() else {
        return actual.is_empty();
    };
    slot.alternatives.iter().any(|sequence| {
        sequence.len() <= actual.len()
            && sequence.iter().zip(actual).all(|(e, a)| e.matches(a))
            && fires(rest, &actual[sequence.len()..])
    })
}

/// The first key whose notifications are not one way to fire its slots: the rule
/// broken, what was expected and what was fired.
pub fn mismatch(slots: &[Slot], actual: &[Call]) -> Option<(Rule, String, String)> {
    let mut keys: BTreeMap<Option<&str>, (Vec<&Slot>, Vec<&Call>)> = BTreeMap::new();
    for slot in slots {
        keys.entry(slot.key.as_deref()).or_default().0.push(slot);
    }
    for call in actual {
        keys.entry(call.key()).or_default().1.push(call);
    }
    for (key, (slots, calls)) in keys {
        if fires(&slots, &calls) {
            continue;
        }
        let rule = slots
            .iter()
            .find(|s| s.alternatives.len() > 1)
            .or(slots.first())
            .map_or(crate::recordstore::rules::EVENTS, |s| s.rule);
        let expected: Vec<String> = slots
            .iter()
            .map(|s| {
                let sequences: Vec<String> = s
                    .alternatives
                    .iter()
                    .map(|seq| {
                        let calls: Vec<String> = seq.iter().map(ToString::to_string).collect();
                        format!("[{}]", calls.join(", "))
                    })
                    .collect();
                sequences.join(" or ")
            })
            .collect();
        return Some((
            rule,
            format!("on key {key:?}: {}", expected.join(", then ")),
            format!("{calls:?}"),
        ));
    }
    None
}

/// A notification of a write, its old value as given.
pub fn put_call(key: &str, record: &Record, old: Option<&RecordValue>, is_backup: bool) -> Call {
    Call::Put {
        key: key.to_string(),
        record: record.clone(),
        old_value: old.cloned(),
        is_backup,
    }
}

/// Notifications compared with [`Call::same_as`], the records' costs aside.
fn same_call(expected: &Call, actual: &Call) -> bool {
    let mut expected = expected.clone();
    if let (Some(cost), Some(record)) = (
        actual.record().map(|r| r.metadata.cost),
        record_mut(&mut expected),
    ) {
        record.metadata.cost = cost;
    }
    expected.same_as(actual)
}
