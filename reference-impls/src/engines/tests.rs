//! Engine tests, written once against `StorageEngine` and run for every engine.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use storage_traits::{IterationCursor, Record, RecordMetadata, StorageEngine};

use super::{BTreeEngine, HashMapEngine};
use crate::test_support::lww;

fn record(n: i64, cost: u64) -> Record {
    Record {
        value: lww(n),
        metadata: RecordMetadata::new(1_000_000, cost),
    }
}

fn key(i: usize) -> String {
    format!("k{i:04}")
}

fn filled<E: StorageEngine + Default>(count: usize) -> E {
    let engine = E::default();
    for i in 0..count {
        engine.put(&key(i), record(i as i64, 10));
    }
    engine
}

/// Walks with `fetch_keys`, calling `between` after every page; returns the pages.
fn walk_keys(
    engine: &dyn StorageEngine,
    size: usize,
    mut between: impl FnMut(usize),
) -> Vec<Vec<String>> {
    let mut cursor = IterationCursor::start();
    let mut pages = Vec::new();
    while !cursor.finished {
        let page = engine.fetch_keys(&cursor, size);
        assert!(pages.len() <= 10_000, "the walk does not terminate");
        assert!(
            page.next_cursor.finished || page.items.len() == size.max(1),
            "a page that is not the last holds max(size, 1) items"
        );
        pages.push(page.items);
        cursor = page.next_cursor;
        between(pages.len());
    }
    pages
}

fn basic_operations<E: StorageEngine + Default>() {
    let engine = E::default();
    assert!(engine.is_empty());
    assert_eq!(engine.put("a", record(1, 5)), None);
    assert_eq!(engine.put("a", record(2, 5)), Some(record(1, 5)));
    assert_eq!(engine.get("a"), Some(record(2, 5)));
    assert!(engine.contains_key("a"));
    assert_eq!(engine.len(), 1);
    assert_eq!(engine.remove("a"), Some(record(2, 5)));
    assert_eq!(engine.remove("a"), None);
    assert!(!engine.contains_key("a"));
    assert!(engine.is_empty());
}

fn cost_tracks_overwrite_remove_and_clear<E: StorageEngine + Default>() {
    let engine = E::default();
    engine.put("a", record(1, 10));
    engine.put("b", record(2, 20));
    assert_eq!(engine.estimated_cost(), 30);
    engine.put("a", record(3, 4));
    assert_eq!(engine.estimated_cost(), 24);
    engine.remove("b");
    engine.remove("missing");
    assert_eq!(engine.estimated_cost(), 4);
    engine.clear();
    assert_eq!(engine.estimated_cost(), 0);
    engine.put("c", record(4, u64::MAX));
    engine.put("d", record(5, 2));
    engine.remove("c");
    assert_eq!(
        engine.estimated_cost(),
        2,
        "a wrapped total still comes back exact"
    );
    engine.destroy();
    assert_eq!((engine.len(), engine.estimated_cost()), (0, 0));
    engine.put("e", record(6, 7));
    assert_eq!(engine.get("e"), Some(record(6, 7)), "usable after destroy");
    assert_eq!(engine.estimated_cost(), 7);
}

fn cost_is_consistent_after_concurrent_writes<E: StorageEngine + Default>() {
    let engine = Arc::new(E::default());
    let threads: Vec<_> = (0..4_u64)
        .map(|t| {
            let engine = Arc::clone(&engine);
            std::thread::spawn(move || {
                for i in 0..500_u64 {
                    let k = key(((i * 7 + t) % 50) as usize);
                    if i % 3 == 0 {
                        engine.remove(&k);
                    } else {
                        engine.put(&k, record(i as i64, i + t));
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("writer thread");
    }
    let sum: u64 = engine
        .snapshot_iter()
        .iter()
        .map(|(_, r)| r.metadata.cost)
        .sum();
    assert_eq!(engine.estimated_cost(), sum);
}

fn unmodified_walk_returns_every_key_once<E: StorageEngine + Default>() {
    let count = 23;
    let engine: E = filled(count);
    let expected: Vec<String> = (0..count).map(key).collect();
    for size in [0, 1, 5, count - 1, count, count + 1, 1_000] {
        let pages = walk_keys(&engine, size, |_| {});
        let keys: Vec<String> = pages.concat();
        assert_eq!(keys, expected, "size {size}: every key once, in byte order");
    }
}

fn entries_use_the_same_positions_as_keys<E: StorageEngine + Default>() {
    let engine: E = filled(10);
    let mut key_cursor = IterationCursor::start();
    let mut entry_cursor = IterationCursor::start();
    while !key_cursor.finished {
        let keys = engine.fetch_keys(&key_cursor, 3);
        let entries = engine.fetch_entries(&entry_cursor, 3);
        let entry_keys: Vec<String> = entries.items.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(keys.items, entry_keys);
        for (k, r) in &entries.items {
            assert_eq!(engine.get(k).as_ref(), Some(r));
        }
        assert_eq!(keys.next_cursor.state, entries.next_cursor.state);
        assert_eq!(keys.next_cursor.finished, entries.next_cursor.finished);
        // Positions are interchangeable: continue each walk from the other's cursor.
        key_cursor = entries.next_cursor;
        entry_cursor = keys.next_cursor;
    }
}

fn empty_engine_and_finished_cursor_give_empty_finished_pages<E: StorageEngine + Default>() {
    let engine = E::default();
    for size in [0, 1, 10] {
        let page = engine.fetch_entries(&IterationCursor::start(), size);
        assert!(page.items.is_empty() && page.next_cursor.finished);
    }
    let engine: E = filled(3);
    let last = engine.fetch_keys(&IterationCursor::start(), 3);
    assert_eq!(last.items.len(), 3);
    assert!(last.next_cursor.finished, "nothing after the last key");
    engine.put("zzz", record(0, 1));
    let again = engine.fetch_keys(&last.next_cursor, 3);
    assert!(again.items.is_empty() && again.next_cursor.finished);
}

fn walk_handles_the_empty_key_and_non_ascii_keys<E: StorageEngine + Default>() {
    let engine = E::default();
    let keys = ["", "a", "é", "z", "\u{10FFFF}", "ab"];
    for k in keys {
        engine.put(k, record(0, 1));
    }
    let walked: Vec<String> = walk_keys(&engine, 1, |_| {}).concat();
    let mut expected: Vec<&str> = keys.to_vec();
    expected.sort_unstable();
    assert_eq!(walked, expected);
}

fn foreign_cursor_state_never_fails<E: StorageEngine + Default>() {
    let engine: E = filled(5);
    // Not valid UTF-8 after the tag: read as a byte position, between "k" and "l".
    let cursor = IterationCursor {
        state: vec![1, b'k', 0xFF],
        finished: false,
    };
    let page = engine.fetch_keys(&cursor, 10);
    assert!(page.items.is_empty() && page.next_cursor.finished);
    // "k0002a" lies between the valid prefix "k0002" and the position: not after it.
    engine.put("k0002a", record(0, 1));
    let cursor = IterationCursor {
        state: [&[1][..], b"k0002", &[0xFF]].concat(),
        finished: false,
    };
    let page = engine.fetch_keys(&cursor, 10);
    assert_eq!(page.items, [key(3), key(4)]);
}

fn modified_walk_is_complete<E: StorageEngine + Default>() {
    for size in [0, 1, 4, 50] {
        let engine: E = filled(40);
        // Even keys stay for the whole walk; odd ones are removed and new ones appear,
        // both behind the walk's position ("a…") and around it ("k0007x").
        let stable: BTreeSet<String> = (0..40).step_by(2).map(key).collect();
        let mut ever_present: HashSet<String> = (0..40).map(key).collect();
        let pages = walk_keys(&engine, size, |page| {
            if page > 30 {
                return;
            }
            engine.remove(&key((page * 2 + 1) % 40));
            for inserted in [format!("a{page}"), format!("{}x", key(page * 3 % 40))] {
                engine.put(&inserted, record(0, 1));
                ever_present.insert(inserted);
            }
        });
        let returned: Vec<String> = pages.concat();
        let returned_set: HashSet<&String> = returned.iter().collect();
        for k in &stable {
            assert!(returned_set.contains(k), "size {size}: {k} was skipped");
        }
        for k in &returned {
            assert!(
                ever_present.contains(k),
                "size {size}: {k} was never present"
            );
        }
        assert_eq!(
            returned.len(),
            returned_set.len(),
            "positions only move forward"
        );
    }
}

fn samples_are_distinct_present_and_bounded<E: StorageEngine + Default>() {
    let engine: E = filled(20);
    for n in [0, 1, 7, 20, 25] {
        let samples = engine.random_samples(n);
        assert_eq!(samples.len(), n.min(20));
        let distinct: HashSet<&String> = samples.iter().map(|(k, _)| k).collect();
        assert_eq!(distinct.len(), samples.len());
        for (k, r) in &samples {
            assert_eq!(engine.get(k).as_ref(), Some(r));
        }
    }
    assert!(E::default().random_samples(3).is_empty());
}

fn snapshot_holds_every_entry_once<E: StorageEngine + Default>() {
    let engine: E = filled(30);
    engine.remove(&key(3));
    let snapshot: HashMap<String, Record> = engine.snapshot_iter().into_iter().collect();
    assert_eq!(snapshot.len(), 29);
    assert_eq!(engine.snapshot_iter().len(), 29, "no duplicates");
    for (k, r) in &snapshot {
        assert_eq!(engine.get(k).as_ref(), Some(r));
    }
    engine.put("late", record(0, 1));
    assert!(!snapshot.contains_key("late"), "a snapshot is a copy");
}

macro_rules! engine_tests {
    ($module:ident, $engine:ty) => {
        mod $module {
            use super::*;

            #[test]
            fn basic_operations() {
                super::basic_operations::<$engine>();
            }
            #[test]
            fn cost_tracks_overwrite_remove_and_clear() {
                super::cost_tracks_overwrite_remove_and_clear::<$engine>();
            }
            #[test]
            fn cost_is_consistent_after_concurrent_writes() {
                super::cost_is_consistent_after_concurrent_writes::<$engine>();
            }
            #[test]
            fn unmodified_walk_returns_every_key_once() {
                super::unmodified_walk_returns_every_key_once::<$engine>();
            }
            #[test]
            fn entries_use_the_same_positions_as_keys() {
                super::entries_use_the_same_positions_as_keys::<$engine>();
            }
            #[test]
            fn empty_engine_and_finished_cursor_give_empty_finished_pages() {
                super::empty_engine_and_finished_cursor_give_empty_finished_pages::<$engine>();
            }
            #[test]
            fn walk_handles_the_empty_key_and_non_ascii_keys() {
                super::walk_handles_the_empty_key_and_non_ascii_keys::<$engine>();
            }
            #[test]
            fn foreign_cursor_state_never_fails() {
                super::foreign_cursor_state_never_fails::<$engine>();
            }
            #[test]
            fn modified_walk_is_complete() {
                super::modified_walk_is_complete::<$engine>();
            }
            #[test]
            fn samples_are_distinct_present_and_bounded() {
                super::samples_are_distinct_present_and_bounded::<$engine>();
            }
            #[test]
            fn snapshot_holds_every_entry_once() {
                super::snapshot_holds_every_entry_once::<$engine>();
            }
        }
    };
}

engine_tests!(hash_map_engine, HashMapEngine);
engine_tests!(btree_engine, BTreeEngine);
