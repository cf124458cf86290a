//! The full report on the real stores: their cells pass with a server, and are skipped
//! with the reason (never passed) without one, the verdict standing on the rest.

use std::process::Command;

/// Runs the report on `implementations` and `property` (8 cases) against the server at
/// `database_url`, asserts it exits 0, and returns each cell's implementation, status
/// and skip reason, from the report's JSON.
fn passing_report(
    database_url: &str,
    implementations: &str,
    property: &str,
) -> Vec<(String, String, Option<String>)> {
    let json = std::env::temp_dir().join(format!(
        "storage-report-{}-{property}.json",
        std::process::id()
    ));
    let out = Command::new(env!("CARGO_BIN_EXE_storage-report"))
        .args([
            "--impl",
            implementations,
            "--property",
            property,
            "--cases",
            "8",
        ])
        .arg("--json")
        .arg(&json)
        .env("DATABASE_URL", database_url)
        .env_remove("CONFORMANCE_SEED")
        .env_remove("PROPTEST_CASES")
        .output()
        .unwrap_or_else(|e| panic!("could not run the report: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    let text = std::fs::read_to_string(&json).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_file(&json);
    let parsed: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let field = |cell: &serde_json::Value, name: &str| cell[name].as_str().map(String::from);
    parsed["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results: {text}"))
        .iter()
        .map(|cell| {
            let name = field(cell, "implementation").unwrap_or_default();
            let status = field(cell, "status").unwrap_or_default();
            (name, status, field(cell, "skip_reason"))
        })
        .collect()
}

#[test]
fn the_real_stores_pass_the_crash_property_in_the_matrix() {
    let cells = passing_report(
        &storage_postgres::testing::database_url(),
        "postgres_data_store,write_behind_postgres_data_store,redb_data_store,write_behind_redb_data_store",
        "datastore_crash_durable",
    );
    let statuses: Vec<&str> = cells.iter().map(|(_, status, _)| status.as_str()).collect();
    assert_eq!(statuses, ["pass"; 4], "{cells:?}");
}

#[test]
fn without_a_server_the_postgres_cells_are_skipped_with_the_reason() {
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    let url = "postgres://postgres@127.0.0.1:1/test";
    let cells = passing_report(
        url,
        "postgres_data_store,redb_data_store",
        "datastore_model_equivalence",
    );
    let postgres = cells
        .iter()
        .find(|(name, _, _)| name == "postgres_data_store")
        .unwrap_or_else(|| panic!("{cells:?}"));
    assert_eq!(postgres.1, "skipped", "{cells:?}");
    let reason = postgres.2.clone().unwrap_or_default();
    assert!(
        reason.contains(&format!("PostgreSQL at {url} is not reachable")),
        "{reason}"
    );
    let redb = cells.iter().find(|(name, _, _)| name == "redb_data_store");
    assert_eq!(redb.map(|c| c.1.as_str()), Some("pass"), "{cells:?}");
}
