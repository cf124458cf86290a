//! The report for an implementer's own implementation: when [`REPORT_DIR_ENV`] names a
//! directory, every test the `*_conformance!` macros generate writes its cell's record
//! there (`<dir>/<module>/<property>.json`, the record the report's JSON holds per
//! cell), and `conformance-report --from <dir>` renders the matrix, JSON, HTML, JUnit
//! and verdict from them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::cell::{CellId, CellRecord, RoleName};
use crate::config::RunConfig;
use crate::outcome::Outcome;
use crate::suites;

/// Environment variable naming the directory the macros' tests write their records to.
pub const REPORT_DIR_ENV: &str = "CONFORMANCE_REPORT_DIR";

/// Runs `check` (property `property` of the macro-generated module `module`, with
/// `config`) and, when [`REPORT_DIR_ENV`] names a directory, writes its record there.
/// The implementation is named after the module. A record that cannot be written is an
/// `Err` that also carries what the check gave, so that the test fails and says both.
#[doc(hidden)]
pub fn recorded(
    module: &str,
    property: &str,
    config: &RunConfig,
    check: impl FnOnce() -> Result<Outcome, String>,
) -> Result<Outcome, String> {
    let started = Instant::now();
    let result = check();
    let Some(dir) = std::env::var_os(REPORT_DIR_ENV).filter(|d| !d.is_empty()) else {
        return result;
    };
    let id = CellId {
        implementation: module.to_string(),
        role: RoleName::UnderTest,
        target: None,
        property: property.to_string(),
    };
    let record = CellRecord::new(id, config, &result, started.elapsed());
    match write_record(Path::new(&dir), &record) {
        Ok(_) => result,
        Err(e) => Err(match result {
            Ok(outcome) => format!("{e}\n{outcome}"),
            Err(error) => format!("{e}\n{error}"),
        }),
    }
}

/// Writes `record` to `<dir>/<implementation>/<property>.json` and returns the path.
pub fn write_record(dir: &Path, record: &CellRecord) -> Result<PathBuf, String> {
    let folder = dir.join(&record.implementation);
    let path = folder.join(format!("{}.json", record.property));
    let fail = |e: &dyn std::fmt::Display| {
        format!(
            "could not write the report record of `{}` to {} ({REPORT_DIR_ENV}): {e}",
            record.property,
            path.display()
        )
    };
    std::fs::create_dir_all(&folder).map_err(|e| fail(&e))?;
    let json = serde_json::to_string_pretty(record).map_err(|e| fail(&e))?;
    std::fs::write(&path, json + "\n").map_err(|e| fail(&e))?;
    Ok(path)
}

/// Every record in `dir` (the files `<dir>/<implementation>/<property>.json`; other
/// files, such as a report written beside them, are not records), in report order:
/// suite by suite, implementations by name, properties in suite order.
pub fn read_records(dir: &Path) -> Result<Vec<CellRecord>, String> {
    let mut paths = Vec::new();
    for folder in entries(dir)?.into_iter().filter(|p| p.is_dir()) {
        paths.extend(
            entries(&folder)?
                .into_iter()
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json")),
        );
    }
    let mut records = paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("could not read {}: {e}", path.display()))?;
            serde_json::from_str::<CellRecord>(&text)
                .map_err(|e| format!("{} is not a conformance record: {e}", path.display()))
        })
        .collect::<Result<Vec<_>, String>>()?;
    records.sort_by_key(|r| {
        let suite = suites::ALL.iter().position(|s| s.name == r.suite);
        let property = suite.and_then(|s| {
            suites::ALL[s]
                .properties
                .iter()
                .position(|p| p.id == r.property)
        });
        (
            suite,
            r.implementation.clone(),
            property,
            r.property.clone(),
        )
    });
    Ok(records)
}

fn entries(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let unreadable = |e: std::io::Error| format!("could not read {}: {e}", dir.display());
    std::fs::read_dir(dir)
        .map_err(unreadable)?
        .map(|entry| entry.map(|e| e.path()).map_err(unreadable))
        .collect()
}
