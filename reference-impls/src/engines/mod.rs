//! [`StorageEngine`](storage_traits::StorageEngine) implementations.

mod btree;
mod cursor;
mod hash_map;
mod sampling;
#[cfg(test)]
mod tests;

pub use btree::BTreeEngine;
pub use hash_map::HashMapEngine;
