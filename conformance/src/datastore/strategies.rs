//! The op mixes of the data store properties. Keys come mostly from a small pool and
//! maps from four names, so overwrites, removes of present entries, the same key in two
//! maps and a key in both spaces are common; a third of the addresses come from
//! families whose map name and key flatten to the same string, so that a store that
//! joins them into one key shows it.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use super::ops::{DataStoreOp, DataStoreScenario, Expiration};
use crate::generators::{any_key, any_record_value, key_pool};

/// The longest generated case.
pub const MAX_OPS: usize = 32;

/// The map names: mostly `"m"`, often `"n"` (so that the same key lives in two maps),
/// sometimes the empty name or a non-ASCII one.
fn map() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        5 => Just("m".to_string()),
        2 => Just("n".to_string()),
        1 => select(vec![String::new(), "карта".to_string()]),
    ]
}

/// The keys: mostly `"a"`, so that a case writes, flushes and reads one entry again
/// (the patterns of three calls on one entry are common), otherwise one of the pool's
/// (`""`, a case variant, non-ASCII, 200-byte keys) or any key.
fn key() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        6 => Just("a".to_string()),
        3 => key_pool(),
        1 => any_key(),
    ]
}

/// Addresses (map, key) that any joining of the two strings without an escape confuses
/// with another of the list: joined directly (`"m" + "ab"` is `"ma" + "b"` and
/// `"" + "mab"`), or with a `:`, `/` or NUL between them (`"m:a" + ":" + "b"` is
/// `"m" + ":" + "a:b"`).
pub const COLLIDING: [(&str, &str); 10] = [
    ("m", "ab"),
    ("ma", "b"),
    ("", "mab"),
    ("mab", ""),
    ("m:a", "b"),
    ("m", "a:b"),
    ("m/a", "b"),
    ("m", "a/b"),
    ("m\0a", "b"),
    ("m", "a\0b"),
];

/// A (map, key) address: mostly a map name and a key, a third of the time one of
/// [`COLLIDING`].
fn address() -> impl Strategy<Value = (String, String)> + Clone {
    let colliding: Vec<(String, String)> = COLLIDING
        .iter()
        .map(|(map, key)| (map.to_string(), key.to_string()))
        .collect();
    prop_oneof![
        2 => (map(), key()),
        1 => select(colliding),
    ]
}

/// Up to four keys, the first one often asked for again at the end.
fn keys() -> impl Strategy<Value = Vec<String>> + Clone {
    (vec(key(), 0..4), any::<bool>()).prop_map(|(mut keys, repeat)| {
        if let Some(first) = keys.first().filter(|_| repeat).cloned() {
            keys.push(first);
        }
        keys
    })
}

pub(super) fn add(expiration: BoxedStrategy<Option<Expiration>>) -> BoxedStrategy<DataStoreOp> {
    (any::<bool>(), address(), any_record_value(), expiration)
        .prop_map(|(backup, (map, key), value, expiration)| DataStoreOp::Add {
            backup,
            map,
            key,
            value,
            expiration,
        })
        .boxed()
}

pub(super) fn never() -> BoxedStrategy<Option<Expiration>> {
    Just(None).boxed()
}

/// The `i64` extremes and the times next to the epoch, as absolute expiration times:
/// all but `i64::MAX` are long past by any clock. (`now` itself is the kit's clock,
/// as a record store's is its own: a `now` apart from the factory's clock is no call a
/// store gets.)
fn extreme() -> BoxedStrategy<Option<Expiration>> {
    select(vec![i64::MAX, i64::MIN, -1, 1])
        .prop_map(|t| Some(Expiration::At(t)))
        .boxed()
}

pub(super) fn remove() -> BoxedStrategy<DataStoreOp> {
    (any::<bool>(), address())
        .prop_map(|(backup, (map, key))| DataStoreOp::Remove { backup, map, key })
        .boxed()
}

fn load() -> BoxedStrategy<DataStoreOp> {
    load_after(Just(0).boxed())
}

fn load_after(after: BoxedStrategy<i64>) -> BoxedStrategy<DataStoreOp> {
    (address(), after)
        .prop_map(|((map, key), after)| DataStoreOp::Load { map, key, after })
        .boxed()
}

fn load_all() -> BoxedStrategy<DataStoreOp> {
    (map(), keys())
        .prop_map(|(map, keys)| DataStoreOp::LoadAll { map, keys })
        .boxed()
}

pub(super) fn remove_all() -> BoxedStrategy<DataStoreOp> {
    (map(), keys())
        .prop_map(|(map, keys)| DataStoreOp::RemoveAll { map, keys })
        .boxed()
}

pub(super) fn flush_key() -> BoxedStrategy<DataStoreOp> {
    (address(), any_record_value(), any::<bool>())
        .prop_map(|((map, key), value, is_backup)| DataStoreOp::FlushKey {
            map,
            key,
            value,
            is_backup,
        })
        .boxed()
}

pub(super) fn scenario(op: BoxedStrategy<DataStoreOp>) -> impl Strategy<Value = DataStoreScenario> {
    vec(op, 0..=MAX_OPS).prop_map(|ops| DataStoreScenario { ops, reopen: None })
}

/// Every call but `soft_flush` (whose background flush the model cannot follow), without
/// expiry.
pub fn all_ops() -> impl Strategy<Value = DataStoreScenario> {
    scenario(
        prop_oneof![
            6 => add(never()),
            3 => remove(),
            4 => load(),
            2 => load_all(),
            1 => remove_all(),
            1 => flush_key(),
            1 => Just(DataStoreOp::HardFlush).boxed(),
            1 => Just(DataStoreOp::Reset).boxed(),
        ]
        .boxed(),
    )
}

/// Writes with expiration times around the clock and at the extremes, and loads with
/// the clock moving.
pub fn expiring() -> impl Strategy<Value = DataStoreScenario> {
    let expiration = prop_oneof![
        2 => Just(None),
        2 => (-3i64..=3).prop_map(|d| Some(Expiration::In(d))),
        // Due soon: live by the kit's clock, long past by a wall clock, so the clocks
        // a store may go by tell apart in three calls (add, hard_flush, load).
        2 => (1i64..=3).prop_map(|d| Some(Expiration::In(d))),
        // Expiring right now: where the boundary shows.
        1 => Just(Some(Expiration::In(0))),
        // Long ago, but never 0 (no expiry) on the kit's clock.
        1 => Just(Some(Expiration::In(-500_000))),
        1 => extreme(),
    ]
    .boxed();
    scenario(
        prop_oneof![
            4 => add(expiration),
            1 => remove(),
            4 => load_after((0i64..=3).boxed()),
            2 => load_all(),
            2 => flush_key(),
            // A write-behind store judges expiry once a write is persisted.
            3 => Just(DataStoreOp::HardFlush).boxed(),
        ]
        .boxed(),
    )
}

/// Writes and loads, for the write-through and null checks after every op.
pub fn writes_and_loads() -> impl Strategy<Value = DataStoreScenario> {
    scenario(
        prop_oneof![
            4 => add(never()),
            2 => remove(),
            3 => load(),
            1 => load_all(),
            1 => remove_all(),
            1 => flush_key(),
            1 => Just(DataStoreOp::SoftFlush).boxed(),
            1 => Just(DataStoreOp::HardFlush).boxed(),
            1 => Just(DataStoreOp::Reset).boxed(),
        ]
        .boxed(),
    )
}

/// Queued writes and the calls that empty the queue, without `soft_flush`.
pub fn queue() -> impl Strategy<Value = DataStoreScenario> {
    scenario(
        prop_oneof![
            6 => add(never()),
            3 => remove(),
            1 => remove_all(),
            1 => flush_key(),
            1 => Just(DataStoreOp::HardFlush).boxed(),
            1 => Just(DataStoreOp::Reset).boxed(),
        ]
        .boxed(),
    )
}

/// Writes, resets and soft flushes.
pub fn soft_flushes() -> impl Strategy<Value = DataStoreScenario> {
    scenario(
        prop_oneof![
            4 => add(never()),
            2 => remove(),
            1 => remove_all(),
            3 => Just(DataStoreOp::SoftFlush).boxed(),
            1 => Just(DataStoreOp::HardFlush).boxed(),
            1 => Just(DataStoreOp::Reset).boxed(),
        ]
        .boxed(),
    )
}

/// Writes (some expiring), loads with the clock moving, and reopens.
pub fn reopens() -> impl Strategy<Value = DataStoreScenario> {
    // Long ago before soon: a union shrinks towards its earlier alternatives, and an
    // entry written expired shows a lost expiration time with one load after the
    // reopen. Soon, often: an entry loaded once it has expired is what tells a store on
    // the kit's clock from one on its callers' `now` before the reopen.
    let expiration = prop_oneof![
        6 => Just(None),
        1 => Just(Some(Expiration::In(-500_000))),
        2 => (1i64..=3).prop_map(|d| Some(Expiration::In(d))),
        1 => extreme(),
    ]
    .boxed();
    scenario(
        prop_oneof![
            6 => add(expiration),
            3 => remove(),
            1 => remove_all(),
            // Loads between reopens: a store that goes by its callers' `now` may not
            // know the time right after a reopen, so a lost expiration time shows in a
            // load (after a call that passes `now`, or before the reopen).
            5 => load_after((0i64..=3).boxed()),
            2 => load_all(),
            1 => flush_key(),
            1 => Just(DataStoreOp::HardFlush).boxed(),
            1 => Just(DataStoreOp::Reset).boxed(),
            3 => Just(DataStoreOp::Reopen).boxed(),
        ]
        .boxed(),
    )
}
