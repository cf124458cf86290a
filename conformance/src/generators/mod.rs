//! Reusable proptest strategies for every shared storage type.
//!
//! Each strategy mixes the ordinary with the awkward — `""` and non-ASCII keys, NaN and
//! `-0.0`, `u32::MAX` counters, `i64` extremes — and lists its simplest alternative
//! first, because a proptest union shrinks toward its earlier alternatives: a shrunk
//! counterexample then holds keys like `"a"`, values like `Value::Null` or
//! `Value::Int(0)` and fresh metadata, unless the failure needs something stranger.

mod keys;
mod numbers;
mod policies;
mod records;
mod smaller;
mod text;
mod values;

#[cfg(test)]
pub(crate) mod sampling;

pub use keys::{any_key, key_pool, pool_keys, pooled_key};
pub use policies::{any_expiry_policy, any_provenance};
pub use records::{any_metadata, any_record, costed_record, simplest_record};
pub use smaller::{smaller_record_values, smaller_values};
pub use values::{any_or_map_entry, any_record_value, any_timestamp, any_value};
