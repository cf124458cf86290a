//! Tests of the storage-traits crate itself: metadata rules, the composite observer,
//! object safety, and the wire format.

mod composite_observer;
mod metadata;
mod object_safety;
mod samples;
mod wire_golden;
mod wire_roundtrip;
