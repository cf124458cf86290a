//! An example of what a third party writes: a [`StorageEngine`](storage_traits::StorageEngine)
//! and a composite [`MutationObserver`](storage_traits::MutationObserver), depending
//! only on `storage-traits`, with the conformance kit run on both in `tests/`.
//!
//! - [`MyEngine`]: a `BTreeMap` behind a `Mutex`, with cursors that hold the last key
//!   returned;
//! - [`MyObservers`]: a list of observers, each notified in registration order.

mod cursor;
mod engine;
mod observer;

pub use engine::MyEngine;
pub use observer::MyObservers;
