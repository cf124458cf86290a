//! The op mixes of the data store properties. Keys come mostly from a small pool and
//! maps from two names, so overwrites, removes of present entries, the same key in two
//! maps and a key in both spaces are common.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use super::ops::{DataStoreOp, DataStoreScenario};
use crate::generators::{any_record_value, pooled_key};

/// The longest generated case.
pub const MAX_OPS: usize = 32;

/// The map names: two, so that the same key lives in two maps.
fn map() -> impl Strategy<Value = String> + Clone {
    select(vec!["m".to_string(), "n".to_string()])
}

/// Up to four keys, the first one often asked for again at the end.
fn keys() -> impl Strategy<Value = Vec<String>> + Clone {
    (vec(pooled_key(), 0..4), any::<bool>()).prop_map(|(mut keys, repeat)| {
        if let Some(first) = keys.first().filter(|_| repeat).cloned() {
            keys.push(first);
        }
        keys
    })
}

pub(super) fn add(expires_in: BoxedStrategy<Option<i64>>) -> BoxedStrategy<DataStoreOp> {
    (
        any::<bool>(),
        map(),
        pooled_key(),
        any_record_value(),
        expires_in,
    )
        .prop_map(|(backup, map, key, value, expires_in)| DataStoreOp::Add {
            backup,
            map,
            key,
            value,
            expires_in,
        })
        .boxed()
}

pub(super) fn never() -> BoxedStrategy<Option<i64>> {
    Just(None).boxed()
}

pub(super) fn remove() -> BoxedStrategy<DataStoreOp> {
    (any::<bool>(), map(), pooled_key())
        .prop_map(|(backup, map, key)| DataStoreOp::Remove { backup, map, key })
        .boxed()
}

fn load() -> BoxedStrategy<DataStoreOp> {
    load_after(Just(0).boxed())
}

fn load_after(after: BoxedStrategy<i64>) -> BoxedStrategy<DataStoreOp> {
    (map(), pooled_key(), after)
        .prop_map(|(map, key, after)| DataStoreOp::Load { map, key, after })
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
    (map(), pooled_key(), any_record_value(), any::<bool>())
        .prop_map(|(map, key, value, is_backup)| DataStoreOp::FlushKey {
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

/// Writes with expiration times around the clock, and loads with the clock moving.
pub fn expiring() -> impl Strategy<Value = DataStoreScenario> {
    let expires_in = prop_oneof![
        Just(None),
        (-3i64..=3).prop_map(Some),
        // Long ago, but never 0 (no expiry) on the kit's clock.
        Just(Some(-500_000)),
    ]
    .boxed();
    scenario(
        prop_oneof![
            4 => add(expires_in),
            1 => remove(),
            4 => load_after((0i64..=3).boxed()),
            2 => load_all(),
            1 => Just(DataStoreOp::HardFlush).boxed(),
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
    // entry written expired shows a lost expiration time without a later load.
    let expires_in = prop_oneof![
        6 => Just(None),
        1 => Just(Some(-500_000)),
        1 => (1i64..=3).prop_map(Some),
    ]
    .boxed();
    scenario(
        prop_oneof![
            6 => add(expires_in),
            3 => remove(),
            1 => remove_all(),
            3 => load_after((0i64..=3).boxed()),
            1 => load_all(),
            1 => flush_key(),
            1 => Just(DataStoreOp::HardFlush).boxed(),
            1 => Just(DataStoreOp::Reset).boxed(),
            3 => Just(DataStoreOp::Reopen).boxed(),
        ]
        .boxed(),
    )
}
