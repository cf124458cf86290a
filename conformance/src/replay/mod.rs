//! The vocabulary of rendered counterexamples.
//!
//! [`crate::render`] prints values as calls to the short constructors below, so that
//! `use storage_conformance::replay::*;` is the only import a pasted counterexample
//! needs: it brings the constructors, the shared types and `BTreeMap` into scope.

pub use std::collections::BTreeMap;

pub use storage_traits::{
    CallerProvenance, ExpiryPolicy, IterationCursor, OrMapEntry, Record, RecordMetadata,
    RecordValue, Timestamp, Value,
};

/// Record-store counterexamples: the kit's parts, its runtime and its fault methods.
pub use crate::doubles::Method;
pub use crate::recordstore::{
    Backend, RecordStoreParts, record_store_parts, record_store_parts_with_defaults,
    record_store_runtime,
};

/// The short constructors printed code calls (`ts`, `lww`, `meta`, …).
pub use crate::render::constructors::*;

#[cfg(test)]
mod tests;
