//! How the origin of a write decides whether the data store sees it and whether the
//! record is left dirty.

use storage_traits::{CallerProvenance, RecordMetadata};

/// What a write of a given [`CallerProvenance`] means for the data store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Persistence {
    /// The write goes to the data store first; the record is clean once it accepted it.
    WriteThrough,
    /// The value came from the data store, so it already holds it: clean, no call.
    AlreadyPersisted,
    /// The data store is someone else's responsibility: no call, and the record stays
    /// dirty so that eviction never drops the only copy.
    NotPersisted,
}

impl Persistence {
    pub(super) fn of(provenance: CallerProvenance) -> Self {
        match provenance {
            CallerProvenance::Client | CallerProvenance::CrdtMerge => Self::WriteThrough,
            CallerProvenance::Load => Self::AlreadyPersisted,
            CallerProvenance::Backup | CallerProvenance::Replication => Self::NotPersisted,
        }
    }

    pub(super) fn writes_through(self) -> bool {
        self == Self::WriteThrough
    }

    /// Marks `metadata`, just written at `now`, clean or dirty. Only called once the
    /// write has succeeded.
    pub(super) fn mark(self, metadata: &mut RecordMetadata, now: i64) {
        match self {
            Self::WriteThrough | Self::AlreadyPersisted => metadata.on_store(now),
            // An earlier store at this same millisecond would otherwise make the new,
            // never-stored value look clean.
            Self::NotPersisted => metadata.last_stored_time = 0,
        }
    }
}
