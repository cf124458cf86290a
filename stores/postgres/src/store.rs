//! [`PostgresDataStore`]: the trait's calls as statements on one table.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use anyhow::Context;
use async_trait::async_trait;
use storage_reference::{Clock, WriteBehindDataStore};
use storage_traits::{MapDataStore, RecordValue};
use tokio::sync::Mutex;

use crate::codec::{decode, encode};
use crate::options::PostgresOptions;
use crate::session::{self, Session};
use crate::testing::TemporarySchema;

/// A write-through [`MapDataStore`] over one PostgreSQL table (see the crate docs for
/// the table, the encoding, expiry and errors).
///
/// The connection is opened on first use, inside the caller's tokio runtime, so
/// building a store does no I/O and never fails; a store whose connection broke (the
/// server restarted, the backend was terminated) connects again on its next call.
pub struct PostgresDataStore {
    options: PostgresOptions,
    clock: Arc<dyn Clock>,
    session: Mutex<Option<Arc<Session>>>,
    /// The temporary schema the table lives in, kept until its last store is dropped.
    schema: Option<Arc<TemporarySchema>>,
}

impl PostgresDataStore {
    /// A store over the table `options` name, judging expiry by `clock`.
    pub fn new(options: PostgresOptions, clock: Arc<dyn Clock>) -> Self {
        Self {
            options,
            clock,
            session: Mutex::new(None),
            schema: None,
        }
    }

    /// A store over a new table of `schema`, which stays until the store and every store
    /// [`reopened`](Self::reopened) from it are dropped: storage of its own, for tests.
    pub fn in_temporary_schema(schema: &Arc<TemporarySchema>, clock: Arc<dyn Clock>) -> Self {
        Self {
            schema: Some(Arc::clone(schema)),
            ..Self::new(schema.next_table(), clock)
        }
    }

    /// Where the store keeps its entries.
    pub fn options(&self) -> &PostgresOptions {
        &self.options
    }

    /// A new store over the same table, on `clock`, with a connection of its own.
    pub fn reopened(&self, clock: Arc<dyn Clock>) -> Self {
        Self {
            schema: self.schema.clone(),
            ..Self::new(self.options.clone(), clock)
        }
    }

    /// Closes `store` (its connection ends when it is dropped) and opens a new one over
    /// the same table on `clock`: the reopen function of the conformance kit. Never
    /// fails, since the new store connects on first use.
    pub fn reopen<C: Clock + 'static>(store: Self, clock: Arc<C>) -> anyhow::Result<Self> {
        let reopened = store.reopened(clock);
        drop(store);
        Ok(reopened)
    }

    /// The server process id of the store's connection (connecting first if needed),
    /// for operators and for tests that terminate it.
    pub async fn backend_pid(&self) -> anyhow::Result<i32> {
        Ok(self.session().await?.backend_pid)
    }

    /// The live session, connecting if there is none or it closed.
    async fn session(&self) -> anyhow::Result<Arc<Session>> {
        let mut current = self.session.lock().await;
        if let Some(session) = current.as_ref().filter(|s| !s.client.is_closed()) {
            return Ok(Arc::clone(session));
        }
        let opened = Arc::new(session::open(&self.options).await?);
        *current = Some(Arc::clone(&opened));
        Ok(opened)
    }

    /// `result` as an `anyhow` result; on error the session is dropped, so the next
    /// call connects again instead of reusing a connection in an unknown state.
    async fn checked<T>(
        &self,
        session: &Arc<Session>,
        result: Result<T, tokio_postgres::Error>,
    ) -> anyhow::Result<T> {
        if result.is_err() {
            let mut current = self.session.lock().await;
            if current.as_ref().is_some_and(|s| Arc::ptr_eq(s, session)) {
                *current = None;
            }
        }
        Ok(result?)
    }

    /// Names a call in errors: the operation, the key and the map, and the table.
    fn context(&self, operation: &str, map: &str, key: &str) -> String {
        format!(
            "{operation} of key {key:?} in map {map:?} (PostgreSQL table {})",
            self.options.qualified_table()
        )
    }

    fn context_keys(&self, operation: &str, map: &str, keys: &[String]) -> String {
        format!(
            "{operation} of keys {keys:?} in map {map:?} (PostgreSQL table {})",
            self.options.qualified_table()
        )
    }

    async fn upsert(
        &self,
        backup: bool,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
    ) -> anyhow::Result<()> {
        let bytes = encode(value)?;
        let session = self.session().await?;
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 5] = [
            &backup,
            &map.as_bytes(),
            &key.as_bytes(),
            &bytes,
            &expiration_time,
        ];
        let result = session
            .client
            .execute(&session.statements.upsert, &params)
            .await;
        self.checked(&session, result).await.map(drop)
    }

    async fn delete(&self, backup: bool, map: &str, key: &str) -> anyhow::Result<()> {
        let session = self.session().await?;
        let result = session
            .client
            .execute(
                &session.statements.delete,
                &[&backup, &map.as_bytes(), &key.as_bytes()],
            )
            .await;
        self.checked(&session, result).await.map(drop)
    }

    async fn select(&self, map: &str, key: &str) -> anyhow::Result<Option<RecordValue>> {
        let session = self.session().await?;
        let now = self.clock.now();
        let result = session
            .client
            .query_opt(
                &session.statements.select,
                &[&map.as_bytes(), &key.as_bytes(), &now],
            )
            .await;
        let row = self.checked(&session, result).await?;
        row.map(|row| decode(row.try_get(0)?)).transpose()
    }

    async fn select_many(
        &self,
        map: &str,
        keys: &[String],
    ) -> anyhow::Result<Vec<(String, RecordValue)>> {
        let mut seen = HashSet::new();
        let requested: Vec<&String> = keys.iter().filter(|k| seen.insert(k.as_str())).collect();
        let key_bytes: Vec<&[u8]> = requested.iter().map(|k| k.as_bytes()).collect();
        let session = self.session().await?;
        let now = self.clock.now();
        let result = session
            .client
            .query(
                &session.statements.select_many,
                &[&map.as_bytes(), &key_bytes, &now],
            )
            .await;
        let mut found = HashMap::new();
        for row in self.checked(&session, result).await? {
            let key: Vec<u8> = row.try_get(0)?;
            found.insert(key, decode(row.try_get(1)?)?);
        }
        // In request order, each key once.
        Ok(requested
            .into_iter()
            .filter_map(|key| {
                found
                    .remove(key.as_bytes())
                    .map(|value| (key.clone(), value))
            })
            .collect())
    }

    async fn delete_many(&self, map: &str, keys: &[String]) -> anyhow::Result<()> {
        let key_bytes: Vec<&[u8]> = keys.iter().map(String::as_bytes).collect();
        let session = self.session().await?;
        let result = session
            .client
            .execute(
                &session.statements.delete_many,
                &[&map.as_bytes(), &key_bytes],
            )
            .await;
        self.checked(&session, result).await.map(drop)
    }

    async fn upsert_value(
        &self,
        backup: bool,
        map: &str,
        key: &str,
        value: &RecordValue,
    ) -> anyhow::Result<()> {
        let bytes = encode(value)?;
        let session = self.session().await?;
        let result = session
            .client
            .execute(
                &session.statements.upsert_value,
                &[&backup, &map.as_bytes(), &key.as_bytes(), &bytes],
            )
            .await;
        self.checked(&session, result).await.map(drop)
    }
}

impl fmt::Debug for PostgresDataStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresDataStore")
            .field("table", &self.options.qualified_table())
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl MapDataStore for PostgresDataStore {
    async fn add(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        _now: i64,
    ) -> anyhow::Result<()> {
        self.upsert(false, map, key, value, expiration_time)
            .await
            .with_context(|| self.context("add", map, key))
    }

    async fn add_backup(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        _now: i64,
    ) -> anyhow::Result<()> {
        self.upsert(true, map, key, value, expiration_time)
            .await
            .with_context(|| self.context("add_backup", map, key))
    }

    async fn remove(&self, map: &str, key: &str, _now: i64) -> anyhow::Result<()> {
        self.delete(false, map, key)
            .await
            .with_context(|| self.context("remove", map, key))
    }

    async fn remove_backup(&self, map: &str, key: &str, _now: i64) -> anyhow::Result<()> {
        self.delete(true, map, key)
            .await
            .with_context(|| self.context("remove_backup", map, key))
    }

    async fn load(&self, map: &str, key: &str) -> anyhow::Result<Option<RecordValue>> {
        self.select(map, key)
            .await
            .with_context(|| self.context("load", map, key))
    }

    async fn load_all(
        &self,
        map: &str,
        keys: &[String],
    ) -> anyhow::Result<Vec<(String, RecordValue)>> {
        self.select_many(map, keys)
            .await
            .with_context(|| self.context_keys("load_all", map, keys))
    }

    async fn remove_all(&self, map: &str, keys: &[String]) -> anyhow::Result<()> {
        self.delete_many(map, keys)
            .await
            .with_context(|| self.context_keys("remove_all", map, keys))
    }

    fn is_loadable(&self, _key: &str) -> bool {
        true
    }

    fn pending_operation_count(&self) -> u64 {
        0
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        Ok(0)
    }

    async fn hard_flush(&self) -> anyhow::Result<()> {
        Ok(())
    }

    async fn flush_key(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        is_backup: bool,
    ) -> anyhow::Result<()> {
        self.upsert_value(is_backup, map, key, value)
            .await
            .with_context(|| self.context("flush_key", map, key))
    }

    fn reset(&self) {}
}

/// Closes a write-behind store over a [`PostgresDataStore`] (what it still had queued
/// is lost: call `hard_flush` first to keep it) and opens a new one, with the same
/// settings, over a new connection to the same table, on `clock`: the reopen function
/// of the conformance kit for the write-behind variant.
///
/// # Errors
/// When the new store cannot be built (outside a tokio runtime).
pub fn reopen_write_behind<C: Clock + 'static>(
    store: WriteBehindDataStore<PostgresDataStore>,
    clock: Arc<C>,
) -> anyhow::Result<WriteBehindDataStore<PostgresDataStore>> {
    let delegate = Arc::new(store.delegate().reopened(clock));
    let config = store.config().clone();
    drop(store);
    WriteBehindDataStore::new(delegate, config)
}
