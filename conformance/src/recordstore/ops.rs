//! The operations of a record-store case, each rendered as the Rust code that replays it.

use storage_traits::{CallerProvenance, ExpiryPolicy, Record, RecordValue};

use crate::doubles::Method;
use crate::engine::PageKind;
use crate::engine::ops::{bounded_walk, next_page_code, simpler_keys, simpler_sizes};
use crate::generators::simplest_record;
use crate::render::ToRust;

/// One step of a record-store case: a trait call on the store `s`, a move of the kit's
/// clock, a data-store fault, or a cursor walk.
#[derive(Debug, Clone)]
pub enum RecordStoreOp {
    /// `put(key, value, expiry, provenance)`.
    Put {
        /// The key.
        key: String,
        /// The value.
        value: RecordValue,
        /// The record's expiry policy.
        expiry: ExpiryPolicy,
        /// The caller.
        provenance: CallerProvenance,
    },
    /// `get(key, touch)`.
    Get {
        /// The key.
        key: String,
        /// Whether the read counts as an access.
        touch: bool,
    },
    /// `remove(key, provenance)`.
    Remove {
        /// The key.
        key: String,
        /// The caller.
        provenance: CallerProvenance,
    },
    /// `put_backup(key, record, provenance)`.
    PutBackup {
        /// The key.
        key: String,
        /// The backup record, metadata included.
        record: Record,
        /// The caller.
        provenance: CallerProvenance,
    },
    /// `remove_backup(key, provenance)`.
    RemoveBackup {
        /// The key.
        key: String,
        /// The caller.
        provenance: CallerProvenance,
    },
    /// `get_all(keys)`.
    GetAll(Vec<String>),
    /// `exists_in_memory(key)`.
    ExistsInMemory(String),
    /// `size()` and `is_empty()`.
    Size,
    /// `evict(key, is_backup)`.
    Evict {
        /// The key.
        key: String,
        /// The backup flag passed.
        is_backup: bool,
    },
    /// `evict_all(is_backup)`.
    EvictAll {
        /// The backup flag passed.
        is_backup: bool,
    },
    /// `evict_expired(percentage, clock.now(), is_backup)`.
    EvictExpired {
        /// The percentage of expirable records that may go.
        percentage: u32,
        /// The backup flag passed.
        is_backup: bool,
    },
    /// `has_expired(key, clock.now(), false)`.
    HasExpired(String),
    /// `is_expirable()`.
    IsExpirable,
    /// `for_each_boxed(consumer, is_backup)`, collecting what it visits.
    ForEach {
        /// The backup flag passed.
        is_backup: bool,
    },
    /// `clear(is_backup)`.
    Clear {
        /// The backup flag passed.
        is_backup: bool,
    },
    /// `reset()`.
    Reset,
    /// `destroy()`.
    Destroy,
    /// `soft_flush()`.
    SoftFlush,
    /// Moves the kit's clock forward by this many milliseconds.
    Advance(i64),
    /// Makes the next `n` data-store calls of the method fail.
    FailNext(Method, u32),
    /// Stops every injected data-store failure.
    Heal,
    /// A whole cursor walk with nothing in between its pages.
    Walk {
        /// The page size asked for.
        size: usize,
        /// The cursor method.
        kind: PageKind,
    },
    /// The next page of the walk in progress (a new walk when none is).
    FetchPage {
        /// The page size asked for.
        size: usize,
        /// The cursor method.
        kind: PageKind,
    },
}

/// Simpler policies than `policy`: each limit at 1, then each limit off.
fn simpler_policies(policy: &ExpiryPolicy) -> Vec<ExpiryPolicy> {
    let ExpiryPolicy {
        ttl_millis: ttl,
        max_idle_millis: idle,
    } = *policy;
    let candidates = [(ttl.min(1), idle), (ttl, idle.min(1)), (0, idle), (ttl, 0)];
    let mut simpler: Vec<ExpiryPolicy> = candidates
        .into_iter()
        .filter(|&(t, i)| (t, i) != (ttl, idle))
        .map(|(ttl_millis, max_idle_millis)| ExpiryPolicy {
            ttl_millis,
            max_idle_millis,
        })
        .collect();
    simpler.dedup();
    simpler
}

/// The limit nearest to a counter, if it is not at one already: 0 or `u32::MAX`.
/// Counters are drawn near both limits; a bug at saturation may need a backup record at
/// `u32::MAX - 1` and one more touch, a longer case than the same record at `u32::MAX`,
/// which the shrinker reaches through this.
fn nearest_limit(counter: u32) -> Option<u32> {
    match counter {
        0 | u32::MAX => None,
        c if c < u32::MAX / 2 => Some(0),
        _ => Some(u32::MAX),
    }
}

/// The backup record with one counter moved to its nearest limit, for each counter
/// that is not at one.
fn records_at_limits(record: &Record) -> Vec<Record> {
    let metadata = &record.metadata;
    let mut records = Vec::new();
    if let Some(version) = nearest_limit(metadata.version) {
        let mut at_limit = record.clone();
        at_limit.metadata.version = version;
        records.push(at_limit);
    }
    if let Some(hits) = nearest_limit(metadata.hits) {
        let mut at_limit = record.clone();
        at_limit.metadata.hits = hits;
        records.push(at_limit);
    }
    records
}

impl ToRust for Method {
    fn to_rust(&self) -> String {
        format!("Method::{self:?}")
    }
}

impl RecordStoreOp {
    /// The key the op acts on, if it acts on one.
    pub fn key(&self) -> Option<&str> {
        match self {
            RecordStoreOp::Put { key, .. }
            | RecordStoreOp::Get { key, .. }
            | RecordStoreOp::Remove { key, .. }
            | RecordStoreOp::PutBackup { key, .. }
            | RecordStoreOp::RemoveBackup { key, .. }
            | RecordStoreOp::Evict { key, .. }
            | RecordStoreOp::ExistsInMemory(key)
            | RecordStoreOp::HasExpired(key) => Some(key),
            _ => None,
        }
    }

    /// The op with its key replaced by `key` (ops without a key are returned as is).
    fn with_key(&self, new: String) -> RecordStoreOp {
        let mut op = self.clone();
        match &mut op {
            RecordStoreOp::Put { key, .. }
            | RecordStoreOp::Get { key, .. }
            | RecordStoreOp::Remove { key, .. }
            | RecordStoreOp::PutBackup { key, .. }
            | RecordStoreOp::RemoveBackup { key, .. }
            | RecordStoreOp::Evict { key, .. }
            | RecordStoreOp::ExistsInMemory(key)
            | RecordStoreOp::HasExpired(key) => *key = new,
            _ => {}
        }
        op
    }

    /// The op with every use of the key `from` renamed `to`.
    pub(super) fn renamed(&self, from: &str, to: &str) -> RecordStoreOp {
        match self {
            RecordStoreOp::GetAll(keys) => RecordStoreOp::GetAll(
                keys.iter()
                    .map(|k| if k == from { to.to_string() } else { k.clone() })
                    .collect(),
            ),
            op if op.key() == Some(from) => op.with_key(to.to_string()),
            op => op.clone(),
        }
    }

    /// The op with its simplest flags, if it has others: the provenance `Client`, no
    /// touch, a primary (not backup) walk.
    fn with_client(&self) -> Option<RecordStoreOp> {
        let mut op = self.clone();
        match &mut op {
            RecordStoreOp::Put { provenance, .. }
            | RecordStoreOp::Remove { provenance, .. }
            | RecordStoreOp::PutBackup { provenance, .. }
            | RecordStoreOp::RemoveBackup { provenance, .. }
                if *provenance != CallerProvenance::Client =>
            {
                *provenance = CallerProvenance::Client;
            }
            RecordStoreOp::Get { touch, .. } if *touch => *touch = false,
            RecordStoreOp::ForEach { is_backup } if *is_backup => *is_backup = false,
            _ => return None,
        }
        Some(op)
    }

    /// Simpler versions of this op: simpler keys, `Client`, no touch, the simplest
    /// value, smaller sizes.
    pub(crate) fn simpler(&self) -> Vec<RecordStoreOp> {
        let mut ops: Vec<RecordStoreOp> = self
            .key()
            .map(|key| simpler_keys(key).map(|k| self.with_key(k)).collect())
            .unwrap_or_default();
        ops.extend(self.with_client());
        if let RecordStoreOp::Put { expiry, .. } = self {
            ops.extend(simpler_policies(expiry).into_iter().map(|simpler| {
                let mut op = self.clone();
                if let RecordStoreOp::Put { expiry, .. } = &mut op {
                    *expiry = simpler;
                }
                op
            }));
        }
        let simplest = simplest_record().value;
        match self {
            RecordStoreOp::Advance(millis) if *millis > 1 => ops.push(RecordStoreOp::Advance(1)),
            RecordStoreOp::PutBackup {
                key,
                record,
                provenance,
            } => ops.extend(records_at_limits(record).into_iter().map(|record| {
                RecordStoreOp::PutBackup {
                    key: key.clone(),
                    record,
                    provenance: *provenance,
                }
            })),
            RecordStoreOp::Put {
                key,
                value,
                expiry,
                provenance,
            } if !value.same_as(&simplest) => ops.push(RecordStoreOp::Put {
                key: key.clone(),
                value: simplest,
                expiry: expiry.clone(),
                provenance: *provenance,
            }),
            RecordStoreOp::Walk { size, kind } => ops.extend(
                simpler_sizes(*size)
                    .into_iter()
                    .map(|size| RecordStoreOp::Walk { size, kind: *kind }),
            ),
            RecordStoreOp::FetchPage { size, kind } => ops.extend(
                simpler_sizes(*size)
                    .into_iter()
                    .map(|size| RecordStoreOp::FetchPage { size, kind: *kind }),
            ),
            _ => {}
        }
        ops
    }

    /// The op as Rust code acting on the store `s` and the kit `kit`, inside an async
    /// block.
    pub fn to_rust(&self) -> String {
        match self {
            RecordStoreOp::Put {
                key,
                value,
                expiry,
                provenance,
            } => format!(
                "let _ = s.put({}, {}, {}, {}).await;",
                key.to_rust(),
                value.to_rust(),
                expiry.to_rust(),
                provenance.to_rust()
            ),
            RecordStoreOp::Get { key, touch } => {
                format!("let _ = s.get({}, {touch}).await;", key.to_rust())
            }
            RecordStoreOp::Remove { key, provenance } => format!(
                "let _ = s.remove({}, {}).await;",
                key.to_rust(),
                provenance.to_rust()
            ),
            RecordStoreOp::PutBackup {
                key,
                record,
                provenance,
            } => format!(
                "let _ = s.put_backup({}, {}, {}).await;",
                key.to_rust(),
                record.to_rust(),
                provenance.to_rust()
            ),
            RecordStoreOp::RemoveBackup { key, provenance } => format!(
                "let _ = s.remove_backup({}, {}).await;",
                key.to_rust(),
                provenance.to_rust()
            ),
            RecordStoreOp::GetAll(keys) => {
                let keys: Vec<String> = keys
                    .iter()
                    .map(|k| format!("{}.to_string()", k.to_rust()))
                    .collect();
                format!("let _ = s.get_all(&[{}]).await;", keys.join(", "))
            }
            RecordStoreOp::ExistsInMemory(key) => {
                format!("let _ = s.exists_in_memory({});", key.to_rust())
            }
            RecordStoreOp::Size => "let _ = (s.size(), s.is_empty());".to_string(),
            RecordStoreOp::Evict { key, is_backup } => {
                format!("let _ = s.evict({}, {is_backup});", key.to_rust())
            }
            RecordStoreOp::EvictAll { is_backup } => format!("let _ = s.evict_all({is_backup});"),
            RecordStoreOp::EvictExpired {
                percentage,
                is_backup,
            } => format!("s.evict_expired({percentage}, kit.clock.now(), {is_backup});"),
            RecordStoreOp::HasExpired(key) => format!(
                "let _ = s.has_expired({}, kit.clock.now(), false);",
                key.to_rust()
            ),
            RecordStoreOp::IsExpirable => "let _ = s.is_expirable();".to_string(),
            RecordStoreOp::ForEach { is_backup } => {
                format!("s.for_each_boxed(&mut |_, _| {{}}, {is_backup});")
            }
            RecordStoreOp::Clear { is_backup } => format!("let _ = s.clear({is_backup});"),
            RecordStoreOp::Reset => "s.reset();".to_string(),
            RecordStoreOp::Destroy => "s.destroy();".to_string(),
            RecordStoreOp::SoftFlush => "let _ = s.soft_flush().await;".to_string(),
            RecordStoreOp::Advance(millis) => format!("kit.clock.advance({millis});"),
            RecordStoreOp::FailNext(method, n) => {
                format!("kit.data_store.fail_next({}, {n});", method.to_rust())
            }
            RecordStoreOp::Heal => "kit.data_store.heal();".to_string(),
            RecordStoreOp::Walk { size, kind } => format!(
                "let mut walk = IterationCursor::start(); // a whole walk\n{}",
                bounded_walk("s", kind.method(), *size)
            ),
            RecordStoreOp::FetchPage { size, kind } => next_page_code("s", *kind, *size),
        }
    }
}
