//! Calling the async data store from the record store's synchronous operations
//! (`evict`, `evict_all`, `clear`), as a store that flushes before evicting must.

use std::future::Future;

/// Runs `call` to completion on the current tokio runtime, from synchronous code
/// inside one of its tasks: the kit's record-store runtimes are multi-threaded, so the
/// worker can block while the call runs.
pub fn block_on_data_store<T>(call: impl Future<Output = T>) -> T {
    tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(call))
}
