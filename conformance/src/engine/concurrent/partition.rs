//! An engine history split by key, for the per-key linearizability check
//! ([`linearizable_per_key`](crate::concurrent::keyed::linearizable_per_key)).

use std::collections::BTreeMap;

use super::history::{Event, Observed};
use crate::concurrent::keyed::{KeyCall, KeyHistory};
use crate::engine::EngineOp;

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
        sub.push(call, index, (event.invoked, event.returned));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concurrent::keyed::render;
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
        let text = render("a", a, |i| history[i].origin());
        assert!(text.contains("thread 1, step 1"), "{text}");
        assert!(text.contains("put(r0) -> None"), "{text}");
    }
}
