//! Records: a CRDT value plus the server-internal metadata tracked for it.

use serde::{Deserialize, Serialize};

use crate::hlc::Timestamp;
use crate::types::Value;

/// Metadata tracked for every record in the RecordStore.
/// Server-internal -- NOT serialized to the wire protocol.
///
/// `version` and `hits` saturate at `u32::MAX` instead of wrapping: a counter that
/// wrapped would make a hot record look new to LFU eviction and an updated record look
/// older than its copy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordMetadata {
    /// Record version, incremented on every update.
    pub version: u32,
    /// Wall-clock time (millis since epoch) when this record was created.
    pub creation_time: i64,
    /// Wall-clock time of the last read access. Used by LRU eviction.
    pub last_access_time: i64,
    /// Wall-clock time of the last write.
    pub last_update_time: i64,
    /// Wall-clock time when last persisted to MapDataStore. 0 = never stored.
    pub last_stored_time: i64,
    /// Number of read accesses. Used by LFU eviction.
    pub hits: u32,
    /// Estimated heap cost of this record in bytes.
    pub cost: u64,
}

impl RecordMetadata {
    /// Metadata of a record created at `now`: version 0, no hits, never stored, and
    /// creation, access and update times all equal to `now`.
    #[must_use]
    pub fn new(now: i64, cost: u64) -> Self {
        Self {
            version: 0,
            creation_time: now,
            last_access_time: now,
            last_update_time: now,
            last_stored_time: 0,
            hits: 0,
            cost,
        }
    }

    /// Records a read access at `now`: one more hit (saturating) and a new access time.
    pub fn on_access(&mut self, now: i64) {
        self.hits = self.hits.saturating_add(1);
        self.last_access_time = now;
    }

    /// Records a write at `now`: one more version (saturating) and a new update time.
    pub fn on_update(&mut self, now: i64) {
        self.version = self.version.saturating_add(1);
        self.last_update_time = now;
    }

    /// Records that the data store accepted the current value at `now`.
    pub fn on_store(&mut self, now: i64) {
        self.last_stored_time = now;
    }

    /// Whether the latest write has not reached the data store:
    /// `last_stored_time < last_update_time`.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.last_stored_time < self.last_update_time
    }
}

/// The value portion of a record, representing the actual CRDT data.
///
/// Serde representation: **externally tagged** (serde's default), with the variant
/// names in camelCase: `{"lww": {"value": …, "timestamp": …}}`,
/// `{"orMap": {"records": […]}}`, `{"orTombstones": {"tags": […]}}`. In MessagePack
/// the tag is the key of a one-entry map. This is the persisted format: the golden
/// vectors in `tests/wire_golden.rs` fail if it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RecordValue {
    /// Last-Write-Wins value with HLC timestamp.
    Lww {
        /// The current value.
        value: Value,
        /// When the value was written.
        timestamp: Timestamp,
    },
    /// Observed-Remove Map value with tagged entries.
    OrMap {
        /// The live entries, each with its unique tag.
        records: Vec<OrMapEntry>,
    },
    /// Tombstone markers for OR-Map deletions.
    OrTombstones {
        /// Tags of the removed entries.
        tags: Vec<String>,
    },
}

impl RecordValue {
    /// Bitwise identity (see [`Value::same_as`]): NaN is the same as itself, so
    /// comparisons in tests never raise a false alarm on floats.
    pub fn same_as(&self, other: &RecordValue) -> bool {
        match (self, other) {
            (
                RecordValue::Lww { value, timestamp },
                RecordValue::Lww {
                    value: other_value,
                    timestamp: other_timestamp,
                },
            ) => timestamp == other_timestamp && value.same_as(other_value),
            (RecordValue::OrMap { records }, RecordValue::OrMap { records: other }) => {
                records.len() == other.len() && records.iter().zip(other).all(|(a, b)| a.same_as(b))
            }
            _ => self == other,
        }
    }
}

/// A single entry in an OR-Map record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrMapEntry {
    /// The entry's value.
    pub value: Value,
    /// The unique tag that identifies this insertion.
    pub tag: String,
    /// When the entry was added.
    pub timestamp: Timestamp,
}

impl OrMapEntry {
    /// Bitwise identity (see [`Value::same_as`]).
    pub fn same_as(&self, other: &OrMapEntry) -> bool {
        self.tag == other.tag
            && self.timestamp == other.timestamp
            && self.value.same_as(&other.value)
    }
}

/// A complete record: CRDT value + server-internal metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The CRDT value (LWW or OR-Map data).
    pub value: RecordValue,
    /// Server-internal metadata (NOT sent over the wire).
    pub metadata: RecordMetadata,
}

impl Record {
    /// Bitwise identity of the value and equality of the metadata.
    pub fn same_as(&self, other: &Record) -> bool {
        self.metadata == other.metadata && self.value.same_as(&other.value)
    }
}
