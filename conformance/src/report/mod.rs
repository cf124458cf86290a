//! The conformance report: every suite against every bundled implementation, as a
//! property × implementation matrix per suite, a JSON record per cell, and a verdict.
//!
//! The verdict passes when every reference implementation and correct control passes
//! every property that runs, and every faulty implementation is caught by the property
//! that targets it.

mod catalog;
#[cfg(feature = "cli")]
pub mod cli;
mod json;
mod matrix;
mod run;
mod verdict;

pub use catalog::{DATA_STORE_SUITE, Role, Subject, SubjectCheck, catalog};
pub use json::{CellRecord, to_json};
pub use matrix::render_matrix;
pub use run::{Cell, Progress, Selection, run_report};
pub use verdict::{Verdict, verdict};
