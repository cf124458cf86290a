//! [`MapDataStore`](storage_traits::MapDataStore) implementations.

mod entry_key;
mod in_memory;
mod null;
mod write_behind;

pub use in_memory::InMemoryDataStore;
pub use null::NullDataStore;
pub use write_behind::{WriteBehindConfig, WriteBehindDataStore};
