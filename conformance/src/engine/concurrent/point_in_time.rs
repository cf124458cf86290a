//! Whether a snapshot taken beside writers is one the engine held at some instant of
//! the call ("a point-in-time snapshot of all entries").
//!
//! Only keys that one thread alone writes are judged: the states of a thread's own
//! keys follow from its writes in program order, whatever the other threads do, so
//! state `j` (after its `j`-th write) is what those keys hold from the instant write
//! `j` takes effect to the instant write `j + 1` does. A write takes effect strictly
//! between its invocation and response ticks, so state `j` can be seen at any instant
//! strictly between the invocation of write `j` and the response of write `j + 1`. A
//! snapshot is point-in-time when one instant of its call lies in such a window for
//! every writer at once, each window of a state equal to what the snapshot holds of
//! that writer's keys. The judgement holds for every linearization of the writes.

use std::collections::{BTreeMap, BTreeSet};

use storage_traits::Record;

use super::history::{Event, Observed};
use crate::engine::EngineOp;
use crate::failure::Violation;

/// An open interval of clock ticks: the instants strictly between `from` and `to`.
type Window = (u64, u64);

/// The contents of one writer's keys.
type State = BTreeMap<String, Record>;

/// One thread's own keys and the states they go through, each with the window in
/// which it can be seen.
#[derive(Debug)]
struct Writer {
    keys: BTreeSet<String>,
    states: Vec<(State, Window)>,
}

impl Writer {
    /// The windows in which the writer's keys held what `snapshot` holds of them.
    fn windows_of(&self, snapshot: &[(String, Record)]) -> Vec<Window> {
        let seen: State = snapshot
            .iter()
            .filter(|(k, _)| self.keys.contains(k))
            .map(|(k, r)| (k.clone(), r.clone()))
            .collect();
        self.states
            .iter()
            .filter(|(state, _)| same_state(state, &seen))
            .map(|(_, window)| *window)
            .collect()
    }
}

fn same_state(a: &State, b: &State) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, ra), (kb, rb))| ka == kb && ra.same_as(rb))
}

/// The writers of `history`: each thread with the keys only it writes, and their states.
fn writers(history: &[Event]) -> Vec<Writer> {
    let mut writers_of: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for event in history {
        if let EngineOp::Put(key, _) | EngineOp::Remove(key) = &event.op {
            writers_of.entry(key).or_default().insert(event.thread);
        }
    }
    let mut own: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (key, threads) in writers_of {
        if let [thread] = threads.into_iter().collect::<Vec<_>>().as_slice() {
            own.entry(*thread).or_default().insert(key.to_string());
        }
    }
    own.into_iter()
        .map(|(thread, keys)| {
            let mut writes: Vec<&Event> = history
                .iter()
                .filter(|e| e.thread == thread)
                .filter(|e| match &e.op {
                    EngineOp::Put(key, _) | EngineOp::Remove(key) => keys.contains(key),
                    _ => false,
                })
                .collect();
            writes.sort_by_key(|e| e.invoked);
            let mut state = State::new();
            let mut states = Vec::with_capacity(writes.len() + 1);
            let mut from = 0;
            for write in writes {
                states.push((state.clone(), (from, write.returned)));
                match &write.op {
                    EngineOp::Put(key, record) => {
                        state.insert(key.clone(), record.clone());
                    }
                    EngineOp::Remove(key) => {
                        state.remove(key);
                    }
                    _ => {}
                }
                from = write.invoked;
            }
            states.push((state, (from, u64::MAX)));
            Writer { keys, states }
        })
        .collect()
}

/// The instants of `windows` that also lie in `within`, as disjoint windows.
fn intersect(within: &[Window], windows: &[Window]) -> Vec<Window> {
    let mut out: Vec<Window> = within
        .iter()
        .flat_map(|&(a, b)| {
            windows
                .iter()
                .map(move |&(c, d)| (a.max(c), b.min(d)))
                .filter(|(from, to)| from < to)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Checks every snapshot of `history` against the states of the keys one thread alone
/// writes.
pub fn snapshots_point_in_time(history: &[Event], rule: &str) -> Result<(), Violation> {
    let writers = writers(history);
    for event in history {
        let (EngineOp::Snapshot, Observed::Entries(entries)) = (&event.op, &event.observed) else {
            continue;
        };
        let mut possible: Vec<Window> = vec![(event.invoked, event.returned)];
        for writer in &writers {
            possible = intersect(&possible, &writer.windows_of(entries));
            if possible.is_empty() {
                let mut held: Vec<&(String, Record)> = entries
                    .iter()
                    .filter(|(k, _)| writers.iter().any(|w| w.keys.contains(k)))
                    .collect();
                held.sort_by(|a, b| a.0.cmp(&b.0));
                return Err(Violation::at(
                    event.step.unwrap_or_default(),
                    rule,
                    "what the engine held at one instant of the call",
                    held,
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::simplest_record;

    fn event(thread: usize, op: EngineOp, observed: Observed, at: (u64, u64)) -> Event {
        Event {
            thread,
            step: Some(0),
            op,
            observed,
            invoked: at.0,
            returned: at.1,
        }
    }

    fn snapshot(keys: &[&str], at: (u64, u64)) -> Event {
        let entries = keys
            .iter()
            .map(|k| ((*k).to_string(), simplest_record()))
            .collect();
        event(0, EngineOp::Snapshot, Observed::Entries(entries), at)
    }

    /// A token moved from "x" to "y" by thread 1: put y (ticks 10-11), remove x
    /// (12-13), after "x" was put (1-2).
    fn moves() -> Vec<Event> {
        let put = |k: &str| EngineOp::Put(k.to_string(), simplest_record());
        vec![
            event(1, put("x"), Observed::Nothing, (1, 2)),
            event(1, put("y"), Observed::Nothing, (10, 11)),
            event(1, EngineOp::Remove("x".into()), Observed::Nothing, (12, 13)),
        ]
    }

    #[test]
    fn a_snapshot_of_a_state_held_during_the_call_passes() {
        for (keys, at) in [
            (vec!["x"], (5, 6)),
            (vec!["x", "y"], (5, 14)),
            (vec!["y"], (11, 20)),
            (vec![], (0, 3)),
        ] {
            let mut history = moves();
            history.push(snapshot(&keys, at));
            assert!(
                snapshots_point_in_time(&history, "rule").is_ok(),
                "{keys:?} at {at:?}"
            );
        }
    }

    #[test]
    fn a_snapshot_no_instant_held_fails() {
        // Neither key: the token was on "x", then on both, then on "y".
        let mut history = moves();
        history.push(snapshot(&[], (5, 20)));
        assert!(snapshots_point_in_time(&history, "rule").is_err());
        // Both keys, but only after "x" was removed.
        let mut history = moves();
        history.push(snapshot(&["x", "y"], (14, 20)));
        assert!(snapshots_point_in_time(&history, "rule").is_err());
    }

    #[test]
    fn keys_several_threads_write_are_not_judged() {
        let mut history = moves();
        history.push(event(
            2,
            EngineOp::Remove("y".into()),
            Observed::Nothing,
            (30, 31),
        ));
        // "y" is no longer one thread's alone: a snapshot without it is judged on "x".
        history.push(snapshot(&["x"], (5, 6)));
        assert!(snapshots_point_in_time(&history, "rule").is_ok());
    }
}
