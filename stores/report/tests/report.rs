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

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_real_stores_pass_the_crash_property_in_the_matrix() {
    let url = storage_postgres::testing::database_url();
    let out = report(
        &url,
        &[
            "--impl",
            "postgres_data_store,write_behind_postgres_data_store,redb_data_store,write_behind_redb_data_store",
            "--property",
            "datastore_crash_durable",
            "--cases",
            "8",
        ],
    );
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    let row = stdout
        .lines()
        .find(|line| line.starts_with("datastore_crash_durable"))
        .unwrap_or_else(|| panic!("no crash row: {stdout}"));
    assert_eq!(row.matches("pass").count(), 4, "{stdout}");
}

#[test]
fn without_a_server_the_postgres_cells_are_skipped_with_the_reason() {
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    let out = report(
        "postgres://postgres@127.0.0.1:1/test",
        &[
            "--impl",
            "postgres_data_store,redb_data_store",
            "--property",
            "datastore_model_equivalence",
            "--cases",
            "8",
        ],
    );
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    let row = stdout
        .lines()
        .find(|line| line.starts_with("datastore_model_equivalence"))
        .unwrap_or_else(|| panic!("no row: {stdout}"));
    assert_eq!(
        row.split_whitespace().skip(1).collect::<Vec<_>>(),
        ["skip", "pass"],
        "{stdout}"
    );
    assert!(
        stdout.contains("postgres_data_store: skipped: PostgreSQL at postgres://postgres@127.0.0.1:1/test is not reachable"),
        "{stdout}"
    );
}
