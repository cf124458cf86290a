//! Faults from the real server: the store's connection is terminated
//! (`pg_terminate_backend`) while one of its statements waits for a lock. The statement
//! fails with an `Err` naming the operation, map and key; no acknowledged write is lost,
//! the failed one did not land, and the store works again on its next call. The
//! reference record store over it returns the `Err` and keeps its memory unchanged.

use std::sync::Arc;
use std::time::Duration;

use storage_conformance::doubles::ManualClock;
use storage_conformance::replay::{lww, ts};
use storage_postgres::PostgresDataStore;
use storage_postgres::testing::{TemporarySchema, database_url};
use storage_reference::DefaultRecordStore;
use storage_traits::{
    CallerProvenance, ExpiryPolicy, MapDataStore, RecordStore, RecordValue, Value,
};
use tokio_postgres::{Client, NoTls};

fn value(n: i64) -> RecordValue {
    lww(Value::Int(n), ts(n as u64, 0, "faults"))
}

/// A connection of the test's own, next to the store's.
async fn connect() -> Client {
    let (client, connection) = tokio_postgres::connect(&database_url(), NoTls)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(connection);
    client
}

/// Locks the store's table from another connection until the returned client rolls back.
async fn lock_table(store: &PostgresDataStore) -> Client {
    let blocker = connect().await;
    let table = store.options().qualified_table();
    blocker
        .batch_execute(&format!(
            "BEGIN; LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"
        ))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    blocker
}

/// Waits until the backend `pid` is blocked on a lock, then terminates it. Polls the
/// server's own view of its backends; bounded, so a statement that never blocks fails
/// the test instead of hanging it.
async fn terminate_when_blocked(admin: &Client, pid: i32) {
    for _ in 0..500 {
        let blocked = admin
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'",
                &[&pid],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        if blocked.get::<_, i64>(0) == 1 {
            let terminated = admin
                .query_one("SELECT pg_terminate_backend($1)", &[&pid])
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(terminated.get::<_, bool>(0), "pid {pid} was not terminated");
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the store's statement never waited for the lock");
}

/// A store on a table of its own in a new schema (dropped with the store).
fn store(clock: &Arc<ManualClock>) -> Arc<PostgresDataStore> {
    let schema =
        Arc::new(TemporarySchema::create(&database_url()).unwrap_or_else(|e| panic!("{e:#}")));
    Arc::new(PostgresDataStore::in_temporary_schema(
        &schema,
        clock.clone(),
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_terminated_connection_fails_the_statement_and_loses_no_acknowledged_write() {
    let clock = Arc::new(ManualClock::default());
    let store = store(&clock);
    store
        .add("m", "a", &value(1), 0, clock.now())
        .await
        .unwrap();
    let pid = store.backend_pid().await.unwrap();
    let blocker = lock_table(&store).await;
    let writer = Arc::clone(&store);
    let now = clock.now();
    let add = tokio::spawn(async move { writer.add("m", "b", &value(2), 0, now).await });
    terminate_when_blocked(&connect().await, pid).await;
    let error = add
        .await
        .unwrap()
        .expect_err("the add's connection was terminated");
    let message = format!("{error:#}");
    assert!(
        message.contains("add of key \"b\" in map \"m\""),
        "the error names the operation, key and map: {message}"
    );
    blocker.batch_execute("ROLLBACK").await.unwrap();

    // The next calls connect again: the acknowledged write is there, the failed one is not.
    assert_eq!(store.load("m", "a").await.unwrap(), Some(value(1)));
    assert_eq!(store.load("m", "b").await.unwrap(), None);
    assert_ne!(store.backend_pid().await.unwrap(), pid, "a new connection");
    store
        .add("m", "b", &value(3), 0, clock.now())
        .await
        .unwrap();
    assert_eq!(store.load("m", "b").await.unwrap(), Some(value(3)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_record_store_over_it_keeps_memory_unchanged_when_the_server_fails() {
    let clock = Arc::new(ManualClock::default());
    let data_store = store(&clock);
    let record_store = Arc::new(
        DefaultRecordStore::builder("m", 1)
            .data_store(data_store.clone())
            .clock(clock.clone())
            .build(),
    );
    let put = |key: &'static str, n: i64| {
        let record_store = Arc::clone(&record_store);
        async move {
            record_store
                .put(key, value(n), ExpiryPolicy::NONE, CallerProvenance::Client)
                .await
        }
    };
    put("a", 1).await.unwrap();
    let pid = data_store.backend_pid().await.unwrap();
    let blocker = lock_table(&data_store).await;
    let overwrite = tokio::spawn(put("a", 2));
    terminate_when_blocked(&connect().await, pid).await;
    let error = overwrite.await.unwrap().expect_err("the data store failed");
    assert!(
        format!("{error:#}").contains("put of key \"a\" in map \"m\""),
        "{error:#}"
    );
    blocker.batch_execute("ROLLBACK").await.unwrap();

    // Memory holds the acknowledged value, unchanged, and so does the server.
    let record = record_store.get("a", false).await.unwrap().unwrap();
    assert_eq!(record.value, value(1));
    assert_eq!(
        record.metadata.version, 0,
        "the failed put did not update it"
    );
    assert_eq!(record_store.size(), 1);
    assert_eq!(data_store.load("m", "a").await.unwrap(), Some(value(1)));
    // And the store goes on once the server answers again.
    put("a", 3).await.unwrap();
    assert_eq!(data_store.load("m", "a").await.unwrap(), Some(value(3)));
}
