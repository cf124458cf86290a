//! What a key may or must have held while a long read (a snapshot, a cursor walk) ran
//! alongside writers, judged from the writes' invocation and response ticks alone, so
//! that the judgement holds for every linearization of the writes.

use std::collections::BTreeMap;

use storage_traits::Record;

use super::history::Event;
use crate::engine::EngineOp;

/// A put (with its record) or a remove (without), timed.
#[derive(Debug, Clone, Copy)]
struct Write<'a> {
    record: Option<&'a Record>,
    invoked: u64,
    returned: u64,
}

/// The writes of a history, by key.
#[derive(Debug, Clone, Default)]
pub struct Writes<'a> {
    keys: BTreeMap<&'a str, Vec<Write<'a>>>,
}

impl<'a> Writes<'a> {
    /// The puts and removes of `history`.
    pub fn of(history: &'a [Event]) -> Self {
        let mut keys: BTreeMap<&str, Vec<Write>> = BTreeMap::new();
        for event in history {
            let (key, record) = match &event.op {
                EngineOp::Put(key, record) => (key, Some(record)),
                EngineOp::Remove(key) => (key, None),
                _ => continue,
            };
            keys.entry(key).or_default().push(Write {
                record,
                invoked: event.invoked,
                returned: event.returned,
            });
        }
        Self { keys }
    }

    /// The keys that held a value for the whole of `[from, to]` whatever the order of
    /// the writes: one of their puts returned before `from`, and no remove could have
    /// taken effect after that put and before `to`. Each comes with that put's record.
    pub fn present_throughout(&self, from: u64, to: u64) -> BTreeMap<String, Record> {
        let mut present = BTreeMap::new();
        for (key, writes) in &self.keys {
            let held = writes.iter().find(|put| {
                put.record.is_some()
                    && put.returned < from
                    && !writes.iter().any(|remove| {
                        remove.record.is_none()
                            && remove.invoked < to
                            && remove.returned > put.invoked
                    })
            });
            if let Some(record) = held.and_then(|put| put.record) {
                present.insert((*key).to_string(), record.clone());
            }
        }
        present
    }

    /// The records `key` may have held at some moment of `[from, to]`: those put before
    /// `to` and not surely replaced (by a put or a remove invoked after the put returned
    /// and returned before `from`). Empty when the key cannot have been present.
    pub fn possible_records(&self, key: &str, from: u64, to: u64) -> Vec<&'a Record> {
        let Some(writes) = self.keys.get(key) else {
            return Vec::new();
        };
        writes
            .iter()
            .filter(|put| put.invoked < to)
            .filter(|put| {
                !writes
                    .iter()
                    .any(|later| put.returned < later.invoked && later.returned < from)
            })
            .filter_map(|put| put.record)
            .collect()
    }

    /// How many writes may have taken effect within `[from, to]`: those invoked before
    /// `to` that returned after `from`.
    pub fn during(&self, from: u64, to: u64) -> usize {
        self.keys
            .values()
            .flatten()
            .filter(|w| w.invoked < to && w.returned > from)
            .count()
    }

    /// Every key with a possible record in `[from, to]`, with those records.
    pub fn possibly_held(&self, from: u64, to: u64) -> BTreeMap<String, Vec<&'a Record>> {
        self.keys
            .keys()
            .map(|key| (key.to_string(), self.possible_records(key, from, to)))
            .filter(|(_, records)| !records.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::concurrent::history::Observed;
    use crate::generators::simplest_record;

    fn write(op: EngineOp, invoked: u64, returned: u64) -> Event {
        Event {
            thread: 0,
            step: Some(0),
            op,
            observed: Observed::Nothing,
            invoked,
            returned,
        }
    }

    #[test]
    fn a_key_put_before_and_removed_during_the_read_is_possible_but_not_certain() {
        let record = simplest_record();
        let history = vec![
            write(EngineOp::Put("a".into(), record.clone()), 0, 1),
            write(EngineOp::Put("b".into(), record.clone()), 2, 3),
            write(EngineOp::Remove("b".into()), 11, 12),
            write(EngineOp::Put("c".into(), record.clone()), 20, 21),
            write(EngineOp::Put("d".into(), record), 4, 5),
            write(EngineOp::Remove("d".into()), 6, 7),
        ];
        let writes = Writes::of(&history);
        let present = writes.present_throughout(10, 15);
        assert_eq!(present.keys().collect::<Vec<_>>(), ["a"]);
        let possible = writes.possibly_held(10, 15);
        assert_eq!(possible.keys().collect::<Vec<_>>(), ["a", "b"]);
    }
}
