//! P-compositionality: a history of single-key operations is linearizable when each
//! key's sub-history is, so each key is checked alone against a one-key model, and a
//! failure shows one key's sub-history only.

use std::collections::BTreeMap;
use std::fmt::{Debug, Write as _};
use std::time::{Duration, Instant};

use storage_traits::{Record, RecordValue};

use super::linearizability::{SequentialSpec, Timed, Verdict, check};
use crate::failure::Violation;

/// What a key holds in a per-key model: compared with `same_as`, never with `==`, so
/// that NaN equals itself and signed zeros differ.
pub trait Held: Clone + Debug {
    /// Whether the two are the same, bit for bit.
    fn same(&self, other: &Self) -> bool;
}

impl Held for Record {
    fn same(&self, other: &Self) -> bool {
        self.same_as(other)
    }
}

impl Held for RecordValue {
    fn same(&self, other: &Self) -> bool {
        self.same_as(other)
    }
}

/// A single-key call with its observed result; what is put is numbered per key.
#[derive(Debug, Clone)]
pub enum KeyCall<T = Record> {
    /// `put(record)` returned `previous`.
    Put {
        /// Number of the record put.
        record: usize,
        /// What `put` returned.
        previous: Option<T>,
    },
    /// A blind write of the record of this number, which observes nothing (a data
    /// store's `add`): any state is followed by the record.
    Set(usize),
    /// A blind removal, which observes nothing (a data store's `remove`): any state is
    /// followed by nothing.
    Clear,
    /// `get` returned this.
    Get(Option<T>),
    /// `remove` returned this.
    Remove(Option<T>),
    /// `contains_key` returned this.
    Contains(bool),
}

/// The sequential model of one key: a map restricted to the key, its state the number
/// of the record held (records that are the same share a number, so the memo
/// recognises equal states).
#[derive(Debug, Clone)]
pub struct KeySpec<T = Record> {
    /// The distinct records put to the key, by number.
    pub records: Vec<T>,
}

impl<T> Default for KeySpec<T> {
    fn default() -> Self {
        Self {
            records: Vec::new(),
        }
    }
}

impl<T: Held> KeySpec<T> {
    /// The number of `record`, added if new.
    pub fn intern(&mut self, record: &T) -> usize {
        if let Some(found) = self.number(record) {
            return found;
        }
        self.records.push(record.clone());
        self.records.len() - 1
    }

    /// The number of `record`, if it was put to the key.
    pub fn number(&self, record: &T) -> Option<usize> {
        self.records.iter().position(|r| r.same(record))
    }

    fn holds(&self, state: Option<usize>, observed: Option<&T>) -> bool {
        match (state.and_then(|n| self.records.get(n)), observed) {
            (None, None) => true,
            (Some(held), Some(record)) => held.same(record),
            _ => false,
        }
    }
}

impl<T: Held> SequentialSpec for KeySpec<T> {
    type State = Option<usize>;
    type Call = KeyCall<T>;

    fn initial(&self) -> Option<usize> {
        None
    }

    fn apply(&self, state: &Option<usize>, call: &KeyCall<T>) -> Option<Option<usize>> {
        let state = *state;
        match call {
            KeyCall::Put { record, previous } => self
                .holds(state, previous.as_ref())
                .then_some(Some(*record)),
            KeyCall::Set(record) => Some(Some(*record)),
            KeyCall::Clear => Some(None),
            KeyCall::Get(observed) => self.holds(state, observed.as_ref()).then_some(state),
            KeyCall::Remove(observed) => self.holds(state, observed.as_ref()).then_some(None),
            KeyCall::Contains(present) => (*present == state.is_some()).then_some(state),
        }
    }
}

/// One key's sub-history.
#[derive(Debug, Clone)]
pub struct KeyHistory<T = Record> {
    /// The key's model, with its records.
    pub spec: KeySpec<T>,
    /// The key's calls, timed.
    pub calls: Vec<Timed<KeyCall<T>>>,
    /// For each call, the index of its event in the whole history.
    pub events: Vec<usize>,
}

impl<T> Default for KeyHistory<T> {
    fn default() -> Self {
        Self {
            spec: KeySpec::default(),
            calls: Vec::new(),
            events: Vec::new(),
        }
    }
}

impl<T: Held> KeyHistory<T> {
    /// Adds the call of event `index`, made from `invoked` to `returned`.
    pub fn push(&mut self, call: KeyCall<T>, index: usize, (invoked, returned): (u64, u64)) {
        self.calls.push(Timed {
            call,
            invoked,
            returned,
        });
        self.events.push(index);
    }
}

/// A record as `r<n>` when it was put to the key, else in full.
fn record_name<T: Held>(spec: &KeySpec<T>, record: Option<&T>) -> String {
    match record {
        None => "None".to_string(),
        Some(record) => spec
            .number(record)
            .map_or_else(|| format!("{record:?} (never put)"), |n| format!("r{n}")),
    }
}

/// The key's sub-history, one call per line in invocation order, with the clock ticks
/// of its invocation and response and where each call ran (`origin` of its event's
/// index), then the records it names.
pub fn render<T: Held>(key: &str, sub: &KeyHistory<T>, origin: impl Fn(usize) -> String) -> String {
    let mut order: Vec<usize> = (0..sub.calls.len()).collect();
    order.sort_by_key(|&i| sub.calls[i].invoked);
    let mut text = format!("the calls on key {key:?} (clock ticks at invocation..response):");
    for i in order {
        let timed = &sub.calls[i];
        let call = match &timed.call {
            KeyCall::Put { record, previous } => format!(
                "put(r{record}) -> {}",
                record_name(&sub.spec, previous.as_ref())
            ),
            KeyCall::Set(record) => format!("add(r{record})"),
            KeyCall::Clear => "remove()".to_string(),
            KeyCall::Get(observed) => {
                format!("get() -> {}", record_name(&sub.spec, observed.as_ref()))
            }
            KeyCall::Remove(observed) => {
                format!("remove() -> {}", record_name(&sub.spec, observed.as_ref()))
            }
            KeyCall::Contains(present) => format!("contains_key() -> {present}"),
        };
        let _ = write!(
            text,
            "\n      [{:>4}..{:>4}] {:<20} {call}",
            timed.invoked,
            timed.returned,
            origin(sub.events[i])
        );
    }
    for (number, record) in sub.spec.records.iter().enumerate() {
        let _ = write!(text, "\n      r{number} = {record:?}");
    }
    text
}

/// Checks each key's sub-history of `keys` against a map restricted to the key, within
/// `budget` in all, and returns what each key holds after the linearization found.
/// `origin` names where the call of an event index ran, for the report.
///
/// # Errors
/// The first key with no linearization ([`rules::LINEARIZABLE`]), or whose check ran out
/// of time ([`rules::UNDECIDED`]).
pub fn linearizable_per_key<T: Held>(
    keys: BTreeMap<String, KeyHistory<T>>,
    budget: Duration,
    origin: impl Fn(usize) -> String,
) -> Result<BTreeMap<String, Option<T>>, Violation> {
    let deadline = Instant::now() + budget;
    let mut held = BTreeMap::new();
    for (key, sub) in keys {
        let left = deadline.saturating_duration_since(Instant::now());
        match check(&sub.spec, &sub.calls, left) {
            Verdict::Linearizable { final_state } => {
                let record = final_state.and_then(|n| sub.spec.records.get(n)).cloned();
                held.insert(key, record);
            }
            Verdict::NotLinearizable => {
                return Err(Violation {
                    rule: rules::LINEARIZABLE.to_string(),
                    expected: format!(
                        "an order of the calls on key {key:?}, each at one instant between its invocation and its response, in which each returns what a map returns"
                    ),
                    actual: format!("no such order exists for {}", render(&key, &sub, &origin)),
                    step: None,
                });
            }
            Verdict::Unknown => {
                return Err(Violation {
                    rule: rules::UNDECIDED.to_string(),
                    expected: format!("a verdict within {budget:?}"),
                    actual: format!(
                        "unknown: the budget ran out on key {key:?} ({} calls)",
                        sub.calls.len()
                    ),
                    step: None,
                });
            }
        }
    }
    Ok(held)
}

/// The rules of the per-key linearizability check.
pub mod rules {
    /// Linearizability of single-key operations.
    pub const LINEARIZABLE: &str = "the calls on one key are linearizable: each takes effect at one instant between its invocation and its response, and returns what a map returns there";
    /// The checker ran out of time.
    pub const UNDECIDED: &str = "the linearizability checker decides within its time budget (unknown is reported, never passed)";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concurrent::linearizability::{Timed, Verdict, check};
    use crate::generators::simplest_record;

    fn timed(
        call: KeyCall<RecordValue>,
        invoked: u64,
        returned: u64,
    ) -> Timed<KeyCall<RecordValue>> {
        Timed {
            call,
            invoked,
            returned,
        }
    }

    #[test]
    fn blind_writes_set_and_clear_what_later_reads_see() {
        let mut spec = KeySpec::<RecordValue>::default();
        let value = spec.intern(&simplest_record().value);
        let held = Some(spec.records[value].clone());
        let verdict = |calls: &[Timed<KeyCall<RecordValue>>]| {
            check(&spec, calls, std::time::Duration::from_secs(1))
        };
        // A read that overlaps the write may see either state.
        let overlapping = [
            timed(KeyCall::Set(value), 0, 3),
            timed(KeyCall::Get(None), 1, 2),
        ];
        assert!(matches!(
            verdict(&overlapping),
            Verdict::Linearizable { .. }
        ));
        // A read that begins after the write returned sees it.
        let stale = [
            timed(KeyCall::Set(value), 0, 1),
            timed(KeyCall::Get(None), 2, 3),
        ];
        assert_eq!(verdict(&stale), Verdict::NotLinearizable);
        let cleared = [
            timed(KeyCall::Set(value), 0, 1),
            timed(KeyCall::Get(held), 2, 3),
            timed(KeyCall::Clear, 4, 5),
        ];
        assert_eq!(
            verdict(&cleared),
            Verdict::Linearizable { final_state: None }
        );
    }
}
