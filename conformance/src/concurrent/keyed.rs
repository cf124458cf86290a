//! P-compositionality: a history of single-key operations is linearizable when each
//! key's sub-history is, so each key is checked alone against a one-key model, and a
//! failure shows one key's sub-history only.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use storage_traits::Record;

use super::history::{Event, Observed};
use super::linearizability::{SequentialSpec, Timed};
use crate::engine::EngineOp;

/// A single-key call with its observed result; records are numbered per key.
#[derive(Debug, Clone)]
pub enum KeyCall {
    /// `put(record)` returned `previous`.
    Put {
        /// Number of the record put.
        record: usize,
        /// What `put` returned.
        previous: Option<Record>,
    },
    /// `get` returned this.
    Get(Option<Record>),
    /// `remove` returned this.
    Remove(Option<Record>),
    /// `contains_key` returned this.
    Contains(bool),
}

/// The sequential model of one key: the engine model's map restricted to the key, its
/// state the number of the record held (records that are the same share a number, so
/// the memo recognises equal states).
#[derive(Debug, Clone, Default)]
pub struct KeySpec {
    /// The distinct records put to the key, by number.
    pub records: Vec<Record>,
}

impl KeySpec {
    /// The number of `record`, added if new.
    fn intern(&mut self, record: &Record) -> usize {
        if let Some(found) = self.number(record) {
            return found;
        }
        self.records.push(record.clone());
        self.records.len() - 1
    }

    /// The number of `record`, if it was put to the key.
    pub fn number(&self, record: &Record) -> Option<usize> {
        self.records.iter().position(|r| r.same_as(record))
    }

    fn holds(&self, state: Option<usize>, observed: Option<&Record>) -> bool {
        match (state, observed) {
            (None, None) => true,
            (Some(number), Some(record)) => self.records[number].same_as(record),
            _ => false,
        }
    }
}

impl SequentialSpec for KeySpec {
    type State = Option<usize>;
    type Call = KeyCall;

    fn initial(&self) -> Option<usize> {
        None
    }

    fn apply(&self, state: &Option<usize>, call: &KeyCall) -> Option<Option<usize>> {
        let state = *state;
        match call {
            KeyCall::Put { record, previous } => self
                .holds(state, previous.as_ref())
                .then_some(Some(*record)),
            KeyCall::Get(observed) => self.holds(state, observed.as_ref()).then_some(state),
            KeyCall::Remove(observed) => self.holds(state, observed.as_ref()).then_some(None),
            KeyCall::Contains(present) => (*present == state.is_some()).then_some(state),
        }
    }
}

/// One key's sub-history.
#[derive(Debug, Clone, Default)]
pub struct KeyHistory {
    /// The key's model, with its records.
    pub spec: KeySpec,
    /// The key's calls, timed.
    pub calls: Vec<Timed<KeyCall>>,
    /// For each call, the index of its event in the whole history.
    pub events: Vec<usize>,
}

/// Splits the single-key operations of `history` by key.
pub fn partition(history: &[Event]) -> BTreeMap<String, KeyHistory> {
    let mut keys: BTreeMap<String, KeyHistory> = BTreeMap::new();
    for (index, event) in history.iter().enumerate() {
        let Some(key) = event.key() else { continue };
        let sub = keys.entry(key.to_string()).or_default();
        let call = match (&event.op, &event.observed) {
            (EngineOp::Put(_, record), Observed::Record(previous)) => KeyCall::Put {
                record: sub.spec.intern(record),
                previous: previous.clone(),
            },
            (EngineOp::Get(_), Observed::Record(observed)) => KeyCall::Get(observed.clone()),
            (EngineOp::Remove(_), Observed::Record(observed)) => KeyCall::Remove(observed.clone()),
            (EngineOp::ContainsKey(_), Observed::Flag(present)) => KeyCall::Contains(*present),
            _ => continue,
        };
        sub.calls.push(Timed {
            call,
            invoked: event.invoked,
            returned: event.returned,
        });
        sub.events.push(index);
    }
    keys
}

/// A record as `r<n>` when it was put to the key, else in full.
fn record_name(spec: &KeySpec, record: Option<&Record>) -> String {
    match record {
        None => "None".to_string(),
        Some(record) => spec
            .number(record)
            .map_or_else(|| format!("{record:?} (never put)"), |n| format!("r{n}")),
    }
}

/// The key's sub-history, one call per line in invocation order, with the clock ticks
/// of its invocation and response, then the records it names.
pub fn render(key: &str, sub: &KeyHistory, history: &[Event]) -> String {
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
            history[sub.events[i]].origin()
        );
    }
    for (number, record) in sub.spec.records.iter().enumerate() {
        let _ = write!(text, "\n      r{number} = {record:?}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concurrent::linearizability::{Verdict, check};
    use crate::generators::simplest_record;

    fn event(thread: usize, op: EngineOp, observed: Observed, at: (u64, u64)) -> Event {
        Event {
            thread,
            step: Some(thread),
            op,
            observed,
            invoked: at.0,
            returned: at.1,
        }
    }

    #[test]
    fn two_overlapping_puts_that_both_saw_nothing_are_not_linearizable() {
        let record = simplest_record();
        let put = || EngineOp::Put("a".to_string(), record.clone());
        let history = vec![
            event(0, put(), Observed::Record(None), (0, 3)),
            event(1, put(), Observed::Record(None), (1, 2)),
            event(
                2,
                EngineOp::Get("b".to_string()),
                Observed::Record(None),
                (4, 5),
            ),
        ];
        let keys = partition(&history);
        assert_eq!(keys.len(), 2);
        let a = &keys["a"];
        assert_eq!(
            check(&a.spec, &a.calls, std::time::Duration::from_secs(1)),
            Verdict::NotLinearizable
        );
        let text = render("a", a, &history);
        assert!(text.contains("thread 1, step 1"), "{text}");
        assert!(text.contains("put(r0) -> None"), "{text}");
    }
}
