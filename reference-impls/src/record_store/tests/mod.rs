//! Unit tests of the record store, one file per rule family.

mod concurrency;
mod cost;
mod eviction;
mod expiry;
mod factory;
mod lifecycle;
mod load;
mod metadata;
mod observers;
mod provenance;
mod support;
