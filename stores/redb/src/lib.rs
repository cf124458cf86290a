//! [`RedbDataStore`]: a write-through [`MapDataStore`](storage_traits::MapDataStore)
//! over an embedded [redb](https://docs.rs/redb) database file, the embedded default
//! that needs no server.
//!
//! - **Two tables** keyed by `(map, key)`: `primary_entries` (`add`, `remove`,
//!   `remove_all`, `load`, `load_all`) and `backup_entries` (`add_backup`,
//!   `remove_backup`, `flush_key` with `is_backup`), so the same key in two maps is two
//!   entries and backups live apart, as in the reference implementations.
//! - **The value** is the named MessagePack encoding of the `RecordValue` (`rmp-serde`,
//!   the persisted format the contract pins), stored with its `expiration_time`.
//! - **Expiry** is judged by the [`Clock`](storage_reference::Clock) the constructor is
//!   given, never by the `now` arguments: an entry with `expiration_time != 0 &&
//!   expiration_time <= clock.now()` is not loaded.
//! - **Write-through**: each call is one redb transaction, committed with
//!   [`Durability::Immediate`] (on disk when the call returns) before the call returns,
//!   so nothing is pending: `is_loadable` is always true, `pending_operation_count` 0,
//!   `soft_flush` returns 0, `hard_flush` and `reset` do nothing. redb's calls block, so
//!   they run on tokio's blocking threads.
//! - **Errors** (I/O, a corrupt file, a value that does not decode) are returned as `Err`
//!   naming the operation, the map and the key; nothing panics.
//! - The write-behind variant is the reference
//!   [`WriteBehindDataStore`](storage_reference::WriteBehindDataStore) in front of it.
//!
//! [`Durability::Immediate`]: redb::Durability::Immediate

mod store;

pub use redb::Durability;
pub use store::{RedbDataStore, SCRATCH_DIR_ENV, scratch_dir};
