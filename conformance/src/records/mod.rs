//! What a test run records for the conformance report: one [`CellRecord`] per property
//! run, written by the macros' tests when [`REPORT_DIR_ENV`] names a directory, and read
//! back by the report (`storage-report --from DIR`).

mod cell;
mod recording;

pub use cell::{
    CellId, CellRecord, FailureKindName, FailureRecord, ReadingRecord, RoleName, Settings, Status,
};
pub use recording::{REPORT_DIR_ENV, read_records, recorded, write_record};
