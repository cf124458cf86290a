//! The conformance report: every suite against every bundled implementation (or the
//! records an implementer's own tests wrote), as a property × implementation matrix
//! per suite, in text, JSON, HTML and JUnit XML, with a verdict.
//!
//! The verdict passes when every reference implementation, correct control and
//! implementation under test passes every property that runs, and every faulty
//! implementation is caught by the property that targets it.
//!
//! Every view is rendered from [`CellRecord`]s: the bundled report runs its cells (in
//! worker processes, several at once: [`workers`]), and the macros' tests write theirs
//! when `REPORT_DIR_ENV` names a directory (the kit's `records`).

mod catalog;
pub mod cli;
mod html;
mod json;
mod junit;
mod markup;
pub mod progress;
#[cfg(test)]
mod records_tests;
mod run;
mod settings;
mod table;
pub mod text;
mod verdict;
pub mod workers;

pub use catalog::{Role, Subject, SubjectCheck, catalog};
pub use html::to_html;
pub use json::to_json;
pub use junit::to_junit;
pub use run::{
    CellRunner, InProcess, Planned, Progress, Selection, plan, run_cells, run_in_process,
};
pub use storage_conformance::records::{
    CellId, CellRecord, FailureKindName, FailureRecord, REPORT_DIR_ENV, ReadingRecord, RoleName,
    Settings, Status, read_records, write_record,
};
pub use storage_conformance::suites;
pub use verdict::{Judgement, Verdict, judge, verdict};
