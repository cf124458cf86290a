//! [`PostgresDataStore`]: a write-through
//! [`MapDataStore`](storage_traits::MapDataStore) over PostgreSQL.
//!
//! - **One table** (`PostgresOptions::table` in `PostgresOptions::schema`, created on
//!   first use) holds every entry: `(backup, map, key)` is its primary key, so the same
//!   key in two maps is two rows and backup entries (`add_backup`, `remove_backup`,
//!   `flush_key` with `is_backup`) live apart from primary ones, as the reference
//!   implementations keep them. Map and key are stored as `bytea` (their UTF-8 bytes), so
//!   every Rust string is a key, NUL included, which `text` refuses.
//! - **The value** is the named MessagePack encoding of the `RecordValue` (`rmp-serde`,
//!   the persisted format the contract pins), next to its `expiration_time`.
//! - **Expiry** is judged by the [`Clock`](storage_reference::Clock) the constructor is
//!   given, never by the `now` arguments: an entry with `expiration_time != 0 &&
//!   expiration_time <= clock.now()` is not loaded.
//! - **Write-through**: each call is one statement, committed before the call returns
//!   (PostgreSQL's autocommit, with the server's `synchronous_commit`), so nothing is
//!   pending: `is_loadable` is always true, `pending_operation_count` 0, `soft_flush`
//!   returns 0, `hard_flush` and `reset` do nothing. `load_all` is one query and
//!   `remove_all` one statement.
//! - **Errors** from the server or the connection are returned as `Err` naming the
//!   operation, the map and the key; nothing panics. The connection is opened on first
//!   use and opened again after it broke (a statement that failed with it is not
//!   retried: its caller gets the `Err`).
//! - The write-behind variant is the reference
//!   [`WriteBehindDataStore`](storage_reference::WriteBehindDataStore) in front of it
//!   ([`reopen_write_behind`] reopens one).

mod codec;
mod options;
mod session;
mod store;
pub mod testing;

pub use options::PostgresOptions;
pub use store::{PostgresDataStore, reopen_write_behind};
