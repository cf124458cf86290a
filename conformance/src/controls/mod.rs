//! Positive and correct controls: deliberately faulty implementations that each break
//! exactly one rule, so the kit can prove it catches that rule's violation, and unusual
//! but correct implementations that must pass.

pub mod concurrent_engine;
pub mod concurrent_record_store;
pub mod data_store;
pub mod engine;
pub mod observer;
pub mod record_store;
