//! A property-based conformance kit for the storage traits.

pub mod config;
pub mod controls;
pub mod cursor;
pub mod engine;
pub mod failure;
pub mod generators;
#[doc(hidden)]
pub mod macros;
pub mod outcome;
pub mod property;
pub mod registry;
pub mod render;
pub mod replay;
pub mod runner;
pub mod scenario;
