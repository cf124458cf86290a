//! The op mixes of the record-store properties. Keys come mostly from a small pool, so
//! overwrites, removes of present keys and re-inserts are common; clocks move by a few
//! milliseconds and policies last a few, so deadlines are often hit exactly.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use storage_traits::{ExpiryPolicy, Record, RecordMetadata, RecordValue};

use super::ops::RecordStoreOp;
use super::parts::{Backend, MAP_NAME, PARTITION_ID};
use super::scenario::RecordStoreScenario;
use crate::doubles::Method;
use crate::engine::strategies::{page_kind, page_size};
use crate::generators::{any_expiry_policy, any_provenance, costed_record, pooled_key};

/// The longest generated case.
pub const MAX_OPS: usize = 64;

fn value() -> impl Strategy<Value = RecordValue> + Clone {
    costed_record().prop_map(|r| r.value)
}

fn put_with(
    expiry: impl Strategy<Value = ExpiryPolicy> + Clone + 'static,
) -> BoxedStrategy<RecordStoreOp> {
    (pooled_key(), value(), expiry, any_provenance())
        .prop_map(|(key, value, expiry, provenance)| RecordStoreOp::Put {
            key,
            value,
            expiry,
            provenance,
        })
        .boxed()
}

/// A put without expiry.
fn put() -> BoxedStrategy<RecordStoreOp> {
    put_with(Just(ExpiryPolicy::NONE))
}

fn get() -> BoxedStrategy<RecordStoreOp> {
    (pooled_key(), any::<bool>())
        .prop_map(|(key, touch)| RecordStoreOp::Get { key, touch })
        .boxed()
}

fn remove() -> BoxedStrategy<RecordStoreOp> {
    (pooled_key(), any_provenance())
        .prop_map(|(key, provenance)| RecordStoreOp::Remove { key, provenance })
        .boxed()
}

/// A counter: 0 first, then the values next to saturation.
fn counter() -> impl Strategy<Value = u32> + Clone {
    select(vec![0, 1, u32::MAX - 1, u32::MAX])
}

/// A backup record: a small value, version and hits near 0 or near `u32::MAX`, and
/// times before the kit's clock starts, never stored.
fn backup_record() -> impl Strategy<Value = Record> + Clone {
    (value(), counter(), counter(), 0i64..1000).prop_map(|(value, version, hits, time)| {
        let mut metadata = RecordMetadata::new(time, 1);
        metadata.version = version;
        metadata.hits = hits;
        Record { value, metadata }
    })
}

fn put_backup() -> BoxedStrategy<RecordStoreOp> {
    (pooled_key(), backup_record(), any_provenance())
        .prop_map(|(key, record, provenance)| RecordStoreOp::PutBackup {
            key,
            record,
            provenance,
        })
        .boxed()
}

fn remove_backup() -> BoxedStrategy<RecordStoreOp> {
    (pooled_key(), any_provenance())
        .prop_map(|(key, provenance)| RecordStoreOp::RemoveBackup { key, provenance })
        .boxed()
}

fn get_all() -> BoxedStrategy<RecordStoreOp> {
    vec(pooled_key(), 0..4)
        .prop_map(RecordStoreOp::GetAll)
        .boxed()
}

fn evict() -> BoxedStrategy<RecordStoreOp> {
    (pooled_key(), any::<bool>())
        .prop_map(|(key, is_backup)| RecordStoreOp::Evict { key, is_backup })
        .boxed()
}

fn evict_all() -> BoxedStrategy<RecordStoreOp> {
    any::<bool>()
        .prop_map(|is_backup| RecordStoreOp::EvictAll { is_backup })
        .boxed()
}

fn clear() -> BoxedStrategy<RecordStoreOp> {
    any::<bool>()
        .prop_map(|is_backup| RecordStoreOp::Clear { is_backup })
        .boxed()
}

/// A walk with `for_each_boxed`, primary or backup.
fn for_each() -> BoxedStrategy<RecordStoreOp> {
    any::<bool>()
        .prop_map(|is_backup| RecordStoreOp::ForEach { is_backup })
        .boxed()
}

fn advance() -> BoxedStrategy<RecordStoreOp> {
    (1i64..=10).prop_map(RecordStoreOp::Advance).boxed()
}

/// The map names a case draws: the kit's default first, so shrinking goes back to it,
/// then others, non-ASCII included. A store that names some constant map in its
/// data-store calls instead of its own meets them in most cases.
fn map_names() -> Vec<&'static str> {
    vec![MAP_NAME, "orders", "ünïcödé map"]
}

/// The partitions a case draws: the kit's default first, then the edges.
fn partitions() -> Vec<u32> {
    vec![PARTITION_ID, 0, 1, 270, u32::MAX]
}

/// A case over one of `backends`, for a map name and partition drawn per case, with
/// ops from `op`.
fn scenario(
    backends: &[Backend],
    op: impl Strategy<Value = RecordStoreOp>,
) -> impl Strategy<Value = RecordStoreScenario> {
    // Every op strategy is boxed: unboxed, a union's value tree holds every arm's tree
    // inline and overflows a test thread's stack in debug builds.
    (
        select(backends.to_vec()),
        vec(op, 0..=MAX_OPS),
        select(map_names()),
        select(partitions()),
    )
        .prop_map(
            |(backend, ops, map_name, partition_id)| RecordStoreScenario {
                map_name: map_name.to_string(),
                partition_id,
                ..RecordStoreScenario::new(backend, ops)
            },
        )
}

/// Every value-level op, over every backend.
pub fn values() -> impl Strategy<Value = RecordStoreScenario> {
    scenario(
        &[Backend::InMemory, Backend::Null, Backend::WriteBehind],
        prop_oneof![
            6 => put(),
            5 => get(),
            4 => remove(),
            1 => put_backup(),
            1 => remove_backup(),
            1 => get_all(),
            1 => pooled_key().prop_map(RecordStoreOp::ExistsInMemory),
            1 => Just(RecordStoreOp::Size),
            2 => evict(),
            1 => evict_all(),
            1 => clear(),
            1 => advance(),
        ],
    )
}

/// A TTL and max idle of a few milliseconds each (0 is off), or neither, and now and
/// then any policy, durations that overflow a careless `now + ttl` included.
fn short_policy() -> impl Strategy<Value = ExpiryPolicy> + Clone {
    prop_oneof![
        4 => Just(ExpiryPolicy::NONE),
        6 => (0u64..=10, 0u64..=10).prop_map(|(ttl_millis, max_idle_millis)| ExpiryPolicy {
            ttl_millis,
            max_idle_millis,
        }),
        1 => any_expiry_policy(),
    ]
}

fn evict_expired() -> BoxedStrategy<RecordStoreOp> {
    (select(vec![100u32, 0, 1, 50, 200]), any::<bool>())
        .prop_map(|(percentage, is_backup)| RecordStoreOp::EvictExpired {
            percentage,
            is_backup,
        })
        .boxed()
}

/// Writes, reads and clock moves, with backup records at the counters' limits and
/// failing data-store calls (which must leave memory as it was), and walks (which
/// touch nothing).
pub fn metadata() -> impl Strategy<Value = RecordStoreScenario> {
    scenario(
        &[Backend::InMemory],
        prop_oneof![
            6 => put(),
            3 => put_backup(),
            4 => get(),
            1 => get_all(),
            2 => remove(),
            3 => advance(),
            1 => evict(),
            1 => fail_next(),
            1 => for_each(),
        ],
    )
}

/// Every op that notifies, expiring records, no-ops, walks over expired records and
/// failing data-store calls (which must notify nothing) included.
pub fn notifications() -> impl Strategy<Value = RecordStoreScenario> {
    scenario(
        &[Backend::InMemory, Backend::Null],
        prop_oneof![
            6 => put_with(short_policy()),
            3 => get(),
            3 => remove(),
            2 => put_backup(),
            2 => remove_backup(),
            1 => get_all(),
            2 => evict(),
            1 => evict_all(),
            1 => evict_expired(),
            1 => clear(),
            1 => Just(RecordStoreOp::Reset),
            1 => Just(RecordStoreOp::Destroy),
            3 => advance(),
            1 => fail_next(),
            1 => for_each(),
        ],
    )
}

/// Writes and removals of every provenance, primary and backup, with the reads that
/// load and expiring records (whose deadline the data store is given).
pub fn provenances() -> impl Strategy<Value = RecordStoreScenario> {
    scenario(
        &[Backend::InMemory],
        prop_oneof![
            6 => put_with(short_policy()),
            3 => remove(),
            3 => put_backup(),
            2 => remove_backup(),
            2 => get(),
            1 => get_all(),
            1 => evict(),
            1 => clear(),
            1 => Just(RecordStoreOp::SoftFlush),
            2 => advance(),
        ],
    )
}

/// Makes the next one or two calls of a method a store may call fail: the writes, the
/// loads and the flushes, those an option of a reading makes included (`load_all`,
/// `flush_key`, `remove_all`, `hard_flush`).
fn fail_next() -> BoxedStrategy<RecordStoreOp> {
    let methods = vec![
        Method::Add,
        Method::AddBackup,
        Method::Remove,
        Method::RemoveBackup,
        Method::Load,
        Method::SoftFlush,
        Method::LoadAll,
        Method::FlushKey,
        Method::RemoveAll,
        Method::HardFlush,
    ];
    (select(methods), 1u32..=2)
        .prop_map(|(method, n)| RecordStoreOp::FailNext(method, n))
        .boxed()
}

/// Writes of every provenance and loads, with failing data-store calls.
pub fn dirty_tracking() -> impl Strategy<Value = RecordStoreScenario> {
    scenario(
        &[Backend::InMemory, Backend::WriteBehind],
        prop_oneof![
            6 => put(),
            3 => put_backup(),
            3 => get(),
            2 => remove(),
            2 => fail_next(),
            1 => Just(RecordStoreOp::Heal),
            1 => evict(),
            1 => advance(),
        ],
    )
}

/// Every value-level op with failing data-store calls, then healing.
pub fn faults() -> impl Strategy<Value = RecordStoreScenario> {
    scenario(
        &[Backend::InMemory, Backend::WriteBehind],
        prop_oneof![
            6 => put(),
            3 => get(),
            3 => remove(),
            2 => put_backup(),
            1 => remove_backup(),
            1 => get_all(),
            3 => fail_next(),
            1 => Just(RecordStoreOp::Heal),
            2 => evict(),
            1 => evict_all(),
            1 => clear(),
            1 => Just(RecordStoreOp::SoftFlush),
        ],
    )
}

/// Writes of every provenance with evictions and the reads that follow them, behind a
/// write-behind store first.
pub fn evictions() -> impl Strategy<Value = RecordStoreScenario> {
    scenario(
        &[Backend::WriteBehind, Backend::InMemory, Backend::Null],
        prop_oneof![
            6 => put(),
            3 => put_backup(),
            2 => remove(),
            3 => get(),
            3 => evict(),
            2 => evict_all(),
            1 => clear(),
            1 => get_all(),
        ],
    )
}

/// The ops of the expiry properties: writes with short policies, clock moves, and
/// every read and expiry query.
fn expiry_op() -> BoxedStrategy<RecordStoreOp> {
    prop_oneof![
        6 => put_with(short_policy()),
        4 => advance(),
        3 => get(),
        1 => get_all(),
        2 => pooled_key().prop_map(RecordStoreOp::HasExpired),
        1 => Just(RecordStoreOp::IsExpirable),
        2 => evict_expired(),
        2 => for_each(),
        1 => pooled_key().prop_map(RecordStoreOp::ExistsInMemory),
        1 => Just(RecordStoreOp::Size),
        1 => put_backup(),
        1 => remove(),
    ]
    .boxed()
}

/// Per-record policies only: the map has no default expiry.
pub fn expiry() -> impl Strategy<Value = RecordStoreScenario> {
    scenario(&[Backend::InMemory, Backend::Null], expiry_op())
}

/// A map default with a TTL or a max idle of a few milliseconds (or both), under which
/// records with and without their own policies live.
pub fn expiry_defaults() -> impl Strategy<Value = RecordStoreScenario> {
    let default = prop_oneof![(1u64..=10, 0u64..=10), (0u64..=10, 1u64..=10),].prop_map(
        |(ttl_millis, max_idle_millis)| ExpiryPolicy {
            ttl_millis,
            max_idle_millis,
        },
    );
    (
        scenario(&[Backend::InMemory, Backend::Null], expiry_op()),
        default,
    )
        .prop_map(|(scenario, default_expiry)| RecordStoreScenario {
            default_expiry,
            ..scenario
        })
}

/// Every op that changes memory.
pub fn costs() -> impl Strategy<Value = RecordStoreScenario> {
    scenario(
        &[Backend::InMemory, Backend::Null, Backend::WriteBehind],
        prop_oneof![
            6 => put(),
            2 => put_backup(),
            3 => remove(),
            2 => get(),
            1 => evict(),
            1 => evict_all(),
            1 => clear(),
        ],
    )
}

/// The cost limit of a case: fixed, or measured on a probe store after this many of
/// the case's first ops (see [`RecordStoreScenario::max_cost_after`]).
#[derive(Debug, Clone, Copy)]
enum Limit {
    Fixed(u64),
    After(usize),
}

/// Every op that changes memory, under a cost limit drawn per case: none (0), about a
/// record's cost or less, a few records' cost, or exactly the cost the store has after
/// its first few ops (measured on a probe store: the kit cannot predict costs, and a
/// limit met exactly is where `>` and `>=` part).
pub fn cost_limits() -> impl Strategy<Value = RecordStoreScenario> {
    // The fixed limits come first, so that shrinking tries them before a measured one.
    let limit = prop_oneof![
        1 => Just(Limit::Fixed(0)),
        3 => (1u64..=256).prop_map(Limit::Fixed),
        3 => (257u64..=2048).prop_map(Limit::Fixed),
        3 => (1usize..=8).prop_map(Limit::After),
    ];
    let ops = prop_oneof![
        6 => put(),
        2 => put_backup(),
        3 => remove(),
        2 => get(),
        1 => evict(),
        1 => evict_all(),
        1 => clear(),
        1 => Just(RecordStoreOp::Reset),
        1 => Just(RecordStoreOp::Destroy),
    ];
    (
        scenario(
            &[Backend::InMemory, Backend::Null, Backend::WriteBehind],
            ops,
        ),
        limit,
    )
        .prop_map(|(scenario, limit)| match limit {
            Limit::Fixed(max_cost) => RecordStoreScenario {
                max_cost,
                ..scenario
            },
            Limit::After(steps) => RecordStoreScenario {
                max_cost_after: Some(steps.min(scenario.ops.len())),
                ..scenario
            },
        })
}

/// The ops that notify, on a store just initialized: every notification must reach
/// each observer once.
pub fn after_init() -> impl Strategy<Value = RecordStoreScenario> {
    scenario(
        &[Backend::InMemory, Backend::Null],
        prop_oneof![
            6 => put(),
            3 => get(),
            3 => remove(),
            1 => put_backup(),
            1 => remove_backup(),
            1 => get_all(),
            1 => evict(),
            1 => evict_all(),
            1 => clear(),
        ],
    )
}

/// Every kind of op, on a store for a map name and partition drawn per case (as every
/// case draws them).
pub fn identities() -> impl Strategy<Value = RecordStoreScenario> {
    let ops = prop_oneof![
        4 => put(),
        2 => get(),
        2 => remove(),
        1 => put_backup(),
        1 => remove_backup(),
        1 => evict_all(),
        1 => for_each(),
        1 => clear(),
        1 => Just(RecordStoreOp::Reset),
        1 => Just(RecordStoreOp::Destroy),
        1 => Just(RecordStoreOp::SoftFlush),
    ];
    scenario(&[Backend::InMemory, Backend::Null], ops)
}

/// Writes, removals and touching reads interleaved with the pages of walks, and whole
/// walks.
pub fn cursors() -> impl Strategy<Value = RecordStoreScenario> {
    let fetch_page = (page_size(), page_kind())
        .prop_map(|(size, kind)| RecordStoreOp::FetchPage { size, kind })
        .boxed();
    let walk = (page_size(), page_kind())
        .prop_map(|(size, kind)| RecordStoreOp::Walk { size, kind })
        .boxed();
    scenario(
        &[Backend::InMemory],
        prop_oneof![
            4 => put(),
            2 => remove(),
            1 => get(),
            3 => fetch_page,
            1 => walk,
        ],
    )
}
