//! Positive and correct controls: deliberately faulty implementations that each break
//! exactly one rule, so the kit can prove it catches that rule's violation, and unusual
//! but correct implementations that must pass.

mod bucket_cursor;
pub mod concurrent_engine;
pub mod concurrent_record_store;
pub mod data_store;
pub mod engine;
mod engine_variants;
pub mod observer;
pub mod record_store;
pub mod sharded_engine;
