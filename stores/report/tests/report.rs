//! The full report on the real stores: their cells pass with a server, and are skipped
//! with the reason (never passed) without one, the verdict standing on the rest.

use std::process::{Command, Output};

fn report(database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storage-report"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env_remove("CONFORMANCE_SEED")
        .env_remove("PROPTEST_CASES")
        .output()
        .unwrap_or_else(|e| panic!("could not run the report: {e}"))
}

/// Runs the report, asserts it exits 0, and returns its output and the matrix row of
/// `property`, split into cells.
fn passing_report(
    database_url: &str,
    implementations: &str,
    property: &str,
) -> (String, Vec<String>) {
    let out = report(
        database_url,
        &[
            "--impl",
            implementations,
            "--property",
            property,
            "--cases",
            "8",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    let row = stdout
        .lines()
        .find(|line| line.starts_with(property))
        .unwrap_or_else(|| panic!("no row for {property}: {stdout}"));
    let cells = row.split_whitespace().skip(1).map(String::from).collect();
    (stdout, cells)
}

#[test]
fn the_real_stores_pass_the_crash_property_in_the_matrix() {
    let (stdout, cells) = passing_report(
        &storage_postgres::testing::database_url(),
        "postgres_data_store,write_behind_postgres_data_store,redb_data_store,write_behind_redb_data_store",
        "datastore_crash_durable",
    );
    assert_eq!(cells, ["pass"; 4], "{stdout}");
}

#[test]
fn without_a_server_the_postgres_cells_are_skipped_with_the_reason() {
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    let url = "postgres://postgres@127.0.0.1:1/test";
    let (stdout, cells) = passing_report(
        url,
        "postgres_data_store,redb_data_store",
        "datastore_model_equivalence",
    );
    assert_eq!(cells, ["skip", "pass"], "{stdout}");
    let reason = format!("postgres_data_store: skipped: PostgreSQL at {url} is not reachable");
    assert!(stdout.contains(&reason), "{stdout}");
}
