//! [`RedbDataStore`]: the trait's calls as redb transactions.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use async_trait::async_trait;
use redb::{Database, Durability, ReadableTable, TableDefinition, WriteTransaction};
use storage_reference::Clock;
use storage_traits::{MapDataStore, RecordValue};
use tempfile::TempDir;

/// An entry: `(map, key)` to `(expiration_time, MessagePack value)`.
type Entries = TableDefinition<'static, (&'static str, &'static str), (i64, &'static [u8])>;

/// Entries written by `add` and `remove`.
const PRIMARY: Entries = TableDefinition::new("primary_entries");
/// Entries written by `add_backup` and `remove_backup`.
const BACKUP: Entries = TableDefinition::new("backup_entries");

fn table(backup: bool) -> Entries {
    if backup { BACKUP } else { PRIMARY }
}

/// Overrides [`scratch_dir`].
pub const SCRATCH_DIR_ENV: &str = "REDB_SCRATCH_DIR";

/// Where [`RedbDataStore::in_temporary_dir`] makes its directories: [`SCRATCH_DIR_ENV`]
/// if set, else `/dev/shm` where the system has it, else the temporary directory.
///
/// Memory first, for speed: tests open a fresh file per case, and `fsync` on a disk
/// costs milliseconds where on `tmpfs` it costs nothing. A file in memory keeps what a
/// killed process committed exactly as a file on disk does (redb recovers both to the
/// last durable commit); only a crash of the machine, which no test causes, tells them
/// apart.
pub fn scratch_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(SCRATCH_DIR_ENV) {
        return PathBuf::from(dir);
    }
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// The file name of a store made by [`RedbDataStore::in_temporary_dir`].
const FILE_NAME: &str = "entries.redb";

/// A write-through [`MapDataStore`] over a redb database file (see the crate docs for
/// the tables, the encoding, expiry and errors).
pub struct RedbDataStore {
    database: Arc<Database>,
    path: PathBuf,
    durability: Durability,
    clock: Arc<dyn Clock>,
    /// The temporary directory the file lives in, kept until the last store reopened
    /// over it is dropped.
    directory: Option<Arc<TempDir>>,
}

impl RedbDataStore {
    /// Opens (or creates) the database file at `path`, judging expiry by `clock`; every
    /// write is on disk when its call returns ([`Durability::Immediate`]).
    pub fn open(path: impl AsRef<Path>, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        Self::open_with(path, clock, Durability::Immediate)
    }

    /// [`RedbDataStore::open`] with the durability of every write's commit. With anything
    /// below [`Durability::Immediate`] a call returns before its write is on disk, and a
    /// crash of the process loses it: the store is then not a crash-safe write-through
    /// store (the conformance kit's crash property catches it).
    pub fn open_with(
        path: impl AsRef<Path>,
        clock: Arc<dyn Clock>,
        durability: Durability,
    ) -> anyhow::Result<Self> {
        let path = path.as_ref().to_path_buf();
        let database = Database::create(&path)
            .with_context(|| format!("could not open the redb file {}", path.display()))?;
        let transaction = database.begin_write()?;
        transaction.open_table(PRIMARY)?;
        transaction.open_table(BACKUP)?;
        transaction
            .commit()
            .with_context(|| format!("could not create the tables in {}", path.display()))?;
        Ok(Self {
            database: Arc::new(database),
            path,
            durability,
            clock,
            directory: None,
        })
    }

    /// A store over a new file in a new temporary directory under [`scratch_dir`],
    /// removed when the store and every store reopened from it are dropped: storage of
    /// its own, for tests.
    pub fn in_temporary_dir(clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        Self::in_temporary_dir_with(clock, Durability::Immediate)
    }

    /// [`RedbDataStore::in_temporary_dir`] with the durability of every write's commit
    /// (see [`RedbDataStore::open_with`]).
    pub fn in_temporary_dir_with(
        clock: Arc<dyn Clock>,
        durability: Durability,
    ) -> anyhow::Result<Self> {
        let parent = scratch_dir();
        let directory = tempfile::tempdir_in(&parent).with_context(|| {
            format!(
                "could not create a temporary directory in {}",
                parent.display()
            )
        })?;
        let store = Self::open_with(directory.path().join(FILE_NAME), clock, durability)?;
        Ok(Self {
            directory: Some(Arc::new(directory)),
            ..store
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes `store` and opens its file again on `clock`, with the same durability:
    /// the reopen function of the conformance kit. The file is closed first (redb
    /// allows one open database per file), so a write still running on a blocking
    /// thread makes the reopen fail.
    pub fn reopen<C: Clock + 'static>(store: Self, clock: Arc<C>) -> anyhow::Result<Self> {
        let Self {
            database,
            path,
            durability,
            directory,
            ..
        } = store;
        drop(database);
        let reopened = Self::open_with(&path, clock, durability)?;
        Ok(Self {
            directory,
            ..reopened
        })
    }

    /// Runs `work` on the database on a blocking thread; an error names `what`.
    async fn blocking<T, W>(&self, what: String, work: W) -> anyhow::Result<T>
    where
        T: Send + 'static,
        W: FnOnce(&Database) -> anyhow::Result<T> + Send + 'static,
    {
        let database = Arc::clone(&self.database);
        let path = self.path.display().to_string();
        tokio::task::spawn_blocking(move || work(&database))
            .await
            .map_err(anyhow::Error::from)
            .and_then(|result| result)
            .with_context(|| format!("{what} (redb file {path})"))
    }

    /// Runs `work` in a write transaction committed with the store's durability.
    async fn write<W>(&self, what: String, work: W) -> anyhow::Result<()>
    where
        W: FnOnce(&WriteTransaction) -> anyhow::Result<()> + Send + 'static,
    {
        let durability = self.durability;
        self.blocking(what, move |database| {
            let mut transaction = database.begin_write()?;
            transaction.set_durability(durability);
            work(&transaction)?;
            transaction.commit()?;
            Ok(())
        })
        .await
    }

    async fn put(
        &self,
        operation: &str,
        backup: bool,
        (map, key): (&str, &str),
        value: &RecordValue,
        expiration_time: i64,
    ) -> anyhow::Result<()> {
        let bytes = encode(value);
        let (map, key) = (map.to_string(), key.to_string());
        self.write(describe(operation, &map, &key), move |transaction| {
            let bytes = bytes?;
            let mut entries = transaction.open_table(table(backup))?;
            entries.insert(
                (map.as_str(), key.as_str()),
                (expiration_time, bytes.as_slice()),
            )?;
            Ok(())
        })
        .await
    }

    async fn delete(
        &self,
        operation: &str,
        backup: bool,
        map: &str,
        key: &str,
    ) -> anyhow::Result<()> {
        let (map, key) = (map.to_string(), key.to_string());
        self.write(describe(operation, &map, &key), move |transaction| {
            transaction
                .open_table(table(backup))?
                .remove((map.as_str(), key.as_str()))?;
            Ok(())
        })
        .await
    }

    /// The unexpired primary values of `keys` in `map`, in request order, each key once.
    async fn read(
        &self,
        what: String,
        map: &str,
        keys: Vec<String>,
    ) -> anyhow::Result<Vec<(String, RecordValue)>> {
        let now = self.clock.now();
        let map = map.to_string();
        self.blocking(what, move |database| {
            let entries = database.begin_read()?.open_table(PRIMARY)?;
            let mut seen = HashSet::new();
            let mut found = Vec::new();
            for key in keys {
                if !seen.insert(key.clone()) {
                    continue;
                }
                let Some(entry) = entries.get((map.as_str(), key.as_str()))? else {
                    continue;
                };
                let (expiration_time, bytes) = entry.value();
                if expiration_time == 0 || expiration_time > now {
                    found.push((key, decode(bytes)?));
                }
            }
            Ok(found)
        })
        .await
    }
}

/// Names a call in errors: the operation, the key and the map.
fn describe(operation: &str, map: &str, key: &str) -> String {
    format!("{operation} of key {key:?} in map {map:?}")
}

fn encode(value: &RecordValue) -> anyhow::Result<Vec<u8>> {
    rmp_serde::to_vec_named(value).context("the value could not be encoded as MessagePack")
}

fn decode(bytes: &[u8]) -> anyhow::Result<RecordValue> {
    rmp_serde::from_slice(bytes).context("the stored value is not a MessagePack RecordValue")
}

impl fmt::Debug for RedbDataStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedbDataStore")
            .field("path", &self.path)
            .field("durability", &self.durability)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl MapDataStore for RedbDataStore {
    async fn add(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        _now: i64,
    ) -> anyhow::Result<()> {
        self.put("add", false, (map, key), value, expiration_time)
            .await
    }

    async fn add_backup(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        _now: i64,
    ) -> anyhow::Result<()> {
        self.put("add_backup", true, (map, key), value, expiration_time)
            .await
    }

    async fn remove(&self, map: &str, key: &str, _now: i64) -> anyhow::Result<()> {
        self.delete("remove", false, map, key).await
    }

    async fn remove_backup(&self, map: &str, key: &str, _now: i64) -> anyhow::Result<()> {
        self.delete("remove_backup", true, map, key).await
    }

    async fn load(&self, map: &str, key: &str) -> anyhow::Result<Option<RecordValue>> {
        let found = self
            .read(describe("load", map, key), map, vec![key.to_string()])
            .await?;
        Ok(found.into_iter().next().map(|(_, value)| value))
    }

    async fn load_all(
        &self,
        map: &str,
        keys: &[String],
    ) -> anyhow::Result<Vec<(String, RecordValue)>> {
        let what = format!("load_all of keys {keys:?} in map {map:?}");
        self.read(what, map, keys.to_vec()).await
    }

    async fn remove_all(&self, map: &str, keys: &[String]) -> anyhow::Result<()> {
        let what = format!("remove_all of keys {keys:?} in map {map:?}");
        let (map, keys) = (map.to_string(), keys.to_vec());
        self.write(what, move |transaction| {
            let mut entries = transaction.open_table(PRIMARY)?;
            for key in &keys {
                entries.remove((map.as_str(), key.as_str()))?;
            }
            Ok(())
        })
        .await
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
        let bytes = encode(value);
        let (map, key) = (map.to_string(), key.to_string());
        self.write(describe("flush_key", &map, &key), move |transaction| {
            let bytes = bytes?;
            let mut entries = transaction.open_table(table(is_backup))?;
            let address = (map.as_str(), key.as_str());
            // An existing entry keeps its expiration time; a new one never expires.
            let expiration_time = entries.get(address)?.map_or(0, |entry| entry.value().0);
            entries.insert(address, (expiration_time, bytes.as_slice()))?;
            Ok(())
        })
        .await
    }

    fn reset(&self) {}
}
