//! One connection to the server, with the table ensured and the statements prepared.

use anyhow::Context;
use tokio_postgres::{Client, NoTls, Statement};

use crate::options::PostgresOptions;

/// The store's statements, prepared once per connection.
pub(crate) struct Statements {
    /// Insert or replace an entry's value and expiration time:
    /// `(backup, map, key, value, expiration_time)`.
    pub(crate) upsert: Statement,
    /// Insert or replace an entry's value, keeping an existing expiration time (0 for a
    /// new entry): `(backup, map, key, value)`.
    pub(crate) upsert_value: Statement,
    /// Delete an entry: `(backup, map, key)`.
    pub(crate) delete: Statement,
    /// Delete primary entries of a map: `(map, keys[])`.
    pub(crate) delete_many: Statement,
    /// An unexpired primary entry's value: `(map, key, now)`.
    pub(crate) select: Statement,
    /// Unexpired primary entries of a map: `(map, keys[], now)`, giving `(key, value)`.
    pub(crate) select_many: Statement,
}

/// A live connection: the client, its statements and the server process serving it.
pub(crate) struct Session {
    pub(crate) client: Client,
    pub(crate) statements: Statements,
    /// The server process id of this connection (`pg_backend_pid()`).
    pub(crate) backend_pid: i32,
}

/// Connects, creates the table if it does not exist, and prepares the statements. The
/// connection runs on a task of the current tokio runtime until the client is dropped.
pub(crate) async fn open(options: &PostgresOptions) -> anyhow::Result<Session> {
    let (client, connection) = options
        .connection
        .connect(NoTls)
        .await
        .context("could not connect to PostgreSQL")?;
    // The connection's errors reach the client's calls, which return them.
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let table = options.qualified_table();
    client
        .batch_execute(&format!(
            "CREATE TABLE IF NOT EXISTS {table} (
                backup boolean NOT NULL,
                map bytea NOT NULL,
                key bytea NOT NULL,
                value bytea NOT NULL,
                expiration_time bigint NOT NULL,
                PRIMARY KEY (backup, map, key)
            )"
        ))
        .await
        .with_context(|| format!("could not create the table {table}"))?;
    let live = "(expiration_time = 0 OR expiration_time > $3)";
    let sql = [
        format!(
            "INSERT INTO {table} (backup, map, key, value, expiration_time)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (backup, map, key)
             DO UPDATE SET value = EXCLUDED.value, expiration_time = EXCLUDED.expiration_time"
        ),
        format!(
            "INSERT INTO {table} (backup, map, key, value, expiration_time)
             VALUES ($1, $2, $3, $4, 0)
             ON CONFLICT (backup, map, key) DO UPDATE SET value = EXCLUDED.value"
        ),
        format!("DELETE FROM {table} WHERE backup = $1 AND map = $2 AND key = $3"),
        format!("DELETE FROM {table} WHERE NOT backup AND map = $1 AND key = ANY($2)"),
        format!("SELECT value FROM {table} WHERE NOT backup AND map = $1 AND key = $2 AND {live}"),
        format!(
            "SELECT key, value FROM {table}
             WHERE NOT backup AND map = $1 AND key = ANY($2) AND {live}"
        ),
    ];
    // Prepared together: the requests are pipelined on the one connection.
    let (upsert, upsert_value, delete, delete_many, select, select_many, pid) = tokio::try_join!(
        client.prepare(&sql[0]),
        client.prepare(&sql[1]),
        client.prepare(&sql[2]),
        client.prepare(&sql[3]),
        client.prepare(&sql[4]),
        client.prepare(&sql[5]),
        client.query_one("SELECT pg_backend_pid()", &[]),
    )
    .with_context(|| format!("could not prepare the statements on {table}"))?;
    Ok(Session {
        statements: Statements {
            upsert,
            upsert_value,
            delete,
            delete_many,
            select,
            select_many,
        },
        backend_pid: pid.try_get(0).context("pg_backend_pid() returned no pid")?,
        client,
    })
}
