//! The kind of data store under test, declared by the caller, and the capabilities it
//! turns off.

use crate::config::RunConfig;
use crate::property::Capability;

/// The capability of a null store: it stores nothing and `is_null()` is true.
pub const NULL: Capability = "datastore_null";
/// The capability of a write-through store: a write has landed when its call returns.
pub const WRITE_THROUGH: Capability = "datastore_write_through";
/// The capability of a write-behind store: writes are queued and flushed later.
pub const WRITE_BEHIND: Capability = "datastore_write_behind";
/// The capability of a persistent store: the caller gives a reopen function that closes
/// a store and opens a new one over the same storage. Orthogonal to the kind; off
/// unless a reopen function is given.
pub const PERSISTENT: Capability = "datastore_persistent";

/// Every capability of the data store suite a caller may turn off: the kinds (set by
/// the macro's `kind`), persistence and crash durability (set by `reopen`).
pub const CAPABILITIES: &[Capability] = &[
    NULL,
    WRITE_THROUGH,
    WRITE_BEHIND,
    PERSISTENT,
    super::crash::CRASH_DURABLE,
];

/// How a data store persists, which decides the model it is compared with and which
/// kind-specific properties run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataStoreKind {
    /// Persists nothing ([`NULL`]).
    Null,
    /// Every write lands before its call returns ([`WRITE_THROUGH`]).
    WriteThrough,
    /// Writes are queued, served to reads, and written by a flush ([`WRITE_BEHIND`]).
    ///
    /// The suite assumes the store does not flush on its own during a case (give it a
    /// long flush delay); only `soft_flush` may start a background flush.
    WriteBehind,
}

impl DataStoreKind {
    /// The capability this kind has.
    pub fn capability(self) -> Capability {
        match self {
            DataStoreKind::Null => NULL,
            DataStoreKind::WriteThrough => WRITE_THROUGH,
            DataStoreKind::WriteBehind => WRITE_BEHIND,
        }
    }

    /// `config` with the capabilities of the two other kinds declared not applicable:
    /// their properties do not apply to this store, so strict mode does not fail them.
    pub fn configure(self, config: RunConfig) -> RunConfig {
        [NULL, WRITE_THROUGH, WRITE_BEHIND]
            .into_iter()
            .filter(|c| *c != self.capability())
            .fold(config, RunConfig::not_applicable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_turns_off_the_two_others() {
        let config = DataStoreKind::WriteBehind.configure(RunConfig::default());
        assert_eq!(config.not_applicable, [NULL, WRITE_THROUGH]);
    }
}
