//! The kit's records as the report reads them back: written by `write_record` to a
//! directory, read in the report's order by `read_records`.

use std::path::PathBuf;

use storage_conformance::outcome::Outcome;
use storage_conformance::records::{RoleName, read_records, write_record};

use super::verdict::tests::{cell, failed};

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("conformance-records-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn records_written_to_a_directory_read_back_in_report_order() {
    let dir = temp_dir("order");
    let written = [
        cell(
            "mine",
            RoleName::UnderTest,
            None,
            "engine_snapshot",
            failed("engine_snapshot"),
        ),
        cell(
            "mine",
            RoleName::UnderTest,
            None,
            "engine_model_equivalence",
            Outcome::Passed { cases: 9 },
        ),
        cell(
            "mine",
            RoleName::UnderTest,
            None,
            "observer_fan_out",
            Outcome::Passed { cases: 9 },
        ),
    ];
    for record in &written {
        write_record(&dir, record).expect("the directory is writable");
    }
    let read = read_records(&dir).expect("the records read back");
    let order: Vec<&str> = read.iter().map(|r| r.property.as_str()).collect();
    assert_eq!(
        order,
        [
            "engine_model_equivalence",
            "engine_snapshot",
            "observer_fan_out"
        ]
    );
    assert_eq!(read[1], written[0]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_that_is_not_a_record_is_named_in_the_error() {
    let dir = temp_dir("bad");
    std::fs::create_dir_all(dir.join("mine")).expect("the directory is writable");
    std::fs::write(dir.join("report.json"), "{}").expect("the file is writable");
    assert_eq!(
        read_records(&dir),
        Ok(Vec::new()),
        "a file beside the folders is no record"
    );
    std::fs::write(dir.join("mine").join("junk.json"), "{}").expect("the file is writable");
    let error = read_records(&dir).expect_err("junk is refused");
    assert!(error.contains("junk.json"), "{error}");
    let _ = std::fs::remove_dir_all(&dir);
}
