//! [`WriteBehindDataStore`]: a coalescing queue in front of another data store.

mod config;
mod flusher;
mod queue;
mod store;
#[cfg(test)]
mod tests;

pub use config::WriteBehindConfig;
pub use store::WriteBehindDataStore;
