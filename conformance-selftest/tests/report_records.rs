//! The report for an implementer's own implementation: with `CONFORMANCE_REPORT_DIR`
//! set, the tests the macros generate write one record per property, and
//! `conformance-report --from` renders their matrix, JSON, HTML, JUnit and verdict.
//!
//! The modules below are such tests (on two correct controls, at small case counts).
//! The test at the bottom runs them again in a child process of this test binary with
//! the directory set, as an implementer's CI does with `cargo test`, then renders the
//! report from what they wrote.

use std::path::Path;
use std::process::Command;

use conformance_selftest::controls::engine::FaultyEngine;
use conformance_selftest::controls::observer::FaultyComposite;
use conformance_selftest::report::REPORT_DIR_ENV;
use storage_conformance::{mutation_observer_conformance, storage_engine_conformance};

storage_engine_conformance!(
    recorded_engine,
    FaultyEngine::large_pages,
    configure = |c| c.cases(8).concurrent_cases(2).repetitions(1)
);

mutation_observer_conformance!(
    recorded_observers,
    FaultyComposite::correct,
    add = FaultyComposite::add,
    configure = |c| c.cases(8)
);

fn files_in(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, Iterator::count)
}

#[test]
fn the_macros_tests_write_records_that_the_report_renders() {
    if std::env::var_os(REPORT_DIR_ENV).is_some() {
        // The child run below: only the suites' tests write records.
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-records");
    let _ = std::fs::remove_dir_all(&dir);
    let tests = Command::new(std::env::current_exe().unwrap())
        .arg("recorded_")
        .env(REPORT_DIR_ENV, &dir)
        .output()
        .unwrap();
    assert!(
        tests.status.success(),
        "{}",
        String::from_utf8_lossy(&tests.stdout)
    );
    assert_eq!(
        files_in(&dir.join("recorded_engine")),
        storage_conformance::engine::properties::ALL.len(),
        "a record per engine property"
    );
    assert_eq!(
        files_in(&dir.join("recorded_observers")),
        storage_conformance::observer::properties::ALL.len(),
        "a record per observer property"
    );

    // The report's own files beside the records are not records: they are ignored.
    let json = dir.join("report.json");
    let html = dir.join("report.html");
    let junit = dir.join("junit.xml");
    let out = Command::new(env!("CARGO_BIN_EXE_conformance-report"))
        .arg("--from")
        .arg(&dir)
        .arg("--json")
        .arg(&json)
        .arg("--html")
        .arg(&html)
        .arg("--junit")
        .arg(&junit)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let (engine, observer) = (
        storage_conformance::engine::properties::ALL.len(),
        storage_conformance::observer::properties::ALL.len(),
    );
    assert!(
        stdout.contains(&format!(
            "StorageEngine — 1 implementation × {engine} properties"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "MutationObserver — 1 implementation × {observer} properties"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("implementations under test\n  recorded_engine"),
        "{stdout}"
    );
    assert!(stdout.contains("Verdict: PASS"), "{stdout}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["passed"], true);
    let cells = engine + observer;
    assert_eq!(report["results"].as_array().unwrap().len(), cells);
    assert_eq!(report["results"][0]["role"], "under_test");
    assert_eq!(report["settings"][0]["cases"], 8);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), cells, "{xml}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("id=\"cell-recorded_engine--engine_snapshot\""),
        "{page}"
    );
}
