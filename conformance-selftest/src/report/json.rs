//! The report as JSON for machines: the verdict, the settings, each implementation with
//! the readings it was checked under, and one record per cell.

use super::settings::{common_seed, distinct_settings};
use super::table::tables;
use super::verdict::Verdict;
use storage_conformance::records::CellRecord;

/// The whole report as JSON.
pub fn to_json(records: &[CellRecord], verdict: &Verdict) -> serde_json::Value {
    let implementations: Vec<serde_json::Value> = tables(records)
        .iter()
        .flat_map(|table| {
            table.rows.iter().map(|row| {
                let target = row.cells.iter().flatten().find_map(|c| c.target.clone());
                serde_json::json!({
                    "name": row.implementation,
                    "suite": table.name,
                    "role": row.role,
                    "target": target,
                    "readings": row.readings(),
                })
            })
        })
        .collect();
    serde_json::json!({
        "passed": verdict.passed(),
        "problems": verdict.problems,
        "settings": distinct_settings(records),
        "seed": common_seed(records),
        "implementations": implementations,
        "results": records,
    })
}
