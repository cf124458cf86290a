//! [`FaultyDataStore`]: a [`MapDataStore`] wrapper that records every call and fails or
//! delays calls on demand.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use parking_lot::Mutex;
use storage_traits::{MapDataStore, RecordValue};

/// A method of [`MapDataStore`] that can be made to fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// `add`.
    Add,
    /// `add_backup`.
    AddBackup,
    /// `remove`.
    Remove,
    /// `remove_backup`.
    RemoveBackup,
    /// `load`.
    Load,
    /// `load_all`.
    LoadAll,
    /// `remove_all`.
    RemoveAll,
    /// `soft_flush`.
    SoftFlush,
    /// `hard_flush`.
    HardFlush,
    /// `flush_key`.
    FlushKey,
}

impl Method {
    /// The trait method's name (`"add_backup"`, …).
    pub fn name(self) -> &'static str {
        match self {
            Method::Add => "add",
            Method::AddBackup => "add_backup",
            Method::Remove => "remove",
            Method::RemoveBackup => "remove_backup",
            Method::Load => "load",
            Method::LoadAll => "load_all",
            Method::RemoveAll => "remove_all",
            Method::SoftFlush => "soft_flush",
            Method::HardFlush => "hard_flush",
            Method::FlushKey => "flush_key",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One call a [`FaultyDataStore`] received, failed or not, with its arguments. Arguments
/// a method does not take are empty: `map` is `""` for the flushes, `key` is `None`
/// except for single-key methods, `keys` is empty except for `load_all` and
/// `remove_all`, `value` is `None` except for `add`, `add_backup` and `flush_key`, and
/// `expiration_time` and `now` are 0 where the method takes none. `is_backup` is true
/// for `add_backup`, `remove_backup` and a `flush_key` of a backup entry.
#[derive(Debug, Clone, PartialEq)]
pub struct DataStoreCall {
    /// The method called.
    pub method: Method,
    /// The map name.
    pub map: String,
    /// The key, for single-key methods.
    pub key: Option<String>,
    /// The keys, for `load_all` and `remove_all`.
    pub keys: Vec<String>,
    /// The value written, for `add`, `add_backup` and `flush_key`.
    pub value: Option<RecordValue>,
    /// The expiration time passed to `add` and `add_backup`.
    pub expiration_time: i64,
    /// The `now` passed to `add`, `add_backup`, `remove` and `remove_backup`.
    pub now: i64,
    /// Whether the call targets backup entries: `add_backup`, `remove_backup`, and
    /// `flush_key` with `is_backup`.
    pub is_backup: bool,
}

impl DataStoreCall {
    fn new(method: Method, map: &str) -> Self {
        Self {
            method,
            map: map.to_string(),
            key: None,
            keys: Vec::new(),
            value: None,
            expiration_time: 0,
            now: 0,
            is_backup: matches!(method, Method::AddBackup | Method::RemoveBackup),
        }
    }

    fn key(mut self, key: &str) -> Self {
        self.key = Some(key.to_string());
        self
    }

    fn keys(mut self, keys: &[String]) -> Self {
        self.keys = keys.to_vec();
        self
    }

    fn value(mut self, value: &RecordValue) -> Self {
        self.value = Some(value.clone());
        self
    }

    fn times(mut self, expiration_time: i64, now: i64) -> Self {
        self.expiration_time = expiration_time;
        self.now = now;
        self
    }

    /// Whether this call targets a key of `keys`.
    fn touches(&self, keys: &BTreeSet<String>) -> bool {
        self.key.as_ref().is_some_and(|k| keys.contains(k))
            || self.keys.iter().any(|k| keys.contains(k))
    }
}

/// What the wrapper is told to do.
#[derive(Debug, Default)]
struct Faults {
    next: HashMap<Method, u32>,
    keys: BTreeSet<String>,
    latency: Duration,
    calls: Vec<DataStoreCall>,
}

/// A [`MapDataStore`] that delegates to `inner`, records every call with its arguments
/// ([`FaultyDataStore::calls`]), and on demand fails calls or delays them.
///
/// - [`fail_next(method, n)`](FaultyDataStore::fail_next): the next `n` calls of
///   `method` fail (added to any count still pending for it).
/// - [`fail_keys(keys)`](FaultyDataStore::fail_keys): every call whose key, or one of
///   whose keys, is listed fails, until [`heal`](FaultyDataStore::heal).
/// - [`set_latency(d)`](FaultyDataStore::set_latency): every async call sleeps `d`
///   (`tokio::time::sleep`) before anything else; `Duration::ZERO` for none.
///
/// A failed call is recorded, returns an error naming the method, the map and the key,
/// and does not reach `inner`. `is_loadable`, `pending_operation_count`, `reset` and
/// `is_null` delegate and are not recorded.
pub struct FaultyDataStore {
    inner: Arc<dyn MapDataStore>,
    faults: Mutex<Faults>,
}

impl FaultyDataStore {
    /// A wrapper around `inner` that fails nothing yet.
    pub fn new(inner: Arc<dyn MapDataStore>) -> Self {
        Self {
            inner,
            faults: Mutex::new(Faults::default()),
        }
    }

    /// The wrapped store.
    pub fn inner(&self) -> &Arc<dyn MapDataStore> {
        &self.inner
    }

    /// Makes the next `n` calls of `method` fail.
    pub fn fail_next(&self, method: Method, n: u32) {
        *self.faults.lock().next.entry(method).or_default() += n;
    }

    /// Makes every call that targets one of `keys` fail, until [`heal`](Self::heal).
    pub fn fail_keys<K: Into<String>>(&self, keys: impl IntoIterator<Item = K>) {
        self.faults
            .lock()
            .keys
            .extend(keys.into_iter().map(Into::into));
    }

    /// Stops every failure: pending `fail_next` counts and failing keys. Latency stays.
    pub fn heal(&self) {
        let mut faults = self.faults.lock();
        faults.next.clear();
        faults.keys.clear();
    }

    /// Delays every async call by `latency`.
    pub fn set_latency(&self, latency: Duration) {
        self.faults.lock().latency = latency;
    }

    /// Every call received so far, in order, failed ones included.
    pub fn calls(&self) -> Vec<DataStoreCall> {
        self.faults.lock().calls.clone()
    }

    /// Forgets the recorded calls.
    pub fn clear_calls(&self) {
        self.faults.lock().calls.clear();
    }

    /// Records `call`, waits the latency, and decides whether it fails.
    async fn enter(&self, call: DataStoreCall) -> anyhow::Result<()> {
        let (latency, error) = {
            let mut faults = self.faults.lock();
            let by_method = faults.next.get_mut(&call.method).filter(|n| **n > 0);
            let counted = by_method.map(|n| *n -= 1).is_some();
            let fails = counted || call.touches(&faults.keys);
            let error = fails.then(|| injected(&call));
            faults.calls.push(call);
            (faults.latency, error)
        };
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        error.map_or(Ok(()), Err)
    }
}

fn injected(call: &DataStoreCall) -> anyhow::Error {
    let target = match (&call.key, call.keys.is_empty()) {
        (Some(key), _) => format!(" of key {key:?}"),
        (None, false) => format!(" of keys {:?}", call.keys),
        (None, true) => String::new(),
    };
    anyhow::anyhow!(
        "injected fault: {}{target} in map {:?} failed",
        call.method,
        call.map
    )
}

impl fmt::Debug for FaultyDataStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FaultyDataStore")
            .field("faults", &*self.faults.lock())
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl MapDataStore for FaultyDataStore {
    async fn add(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        let call = DataStoreCall::new(Method::Add, map).key(key).value(value);
        self.enter(call.times(expiration_time, now)).await?;
        self.inner.add(map, key, value, expiration_time, now).await
    }

    async fn add_backup(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        let call = DataStoreCall::new(Method::AddBackup, map)
            .key(key)
            .value(value);
        self.enter(call.times(expiration_time, now)).await?;
        self.inner
            .add_backup(map, key, value, expiration_time, now)
            .await
    }

    async fn remove(&self, map: &str, key: &str, now: i64) -> anyhow::Result<()> {
        let call = DataStoreCall::new(Method::Remove, map).key(key);
        self.enter(call.times(0, now)).await?;
        self.inner.remove(map, key, now).await
    }

    async fn remove_backup(&self, map: &str, key: &str, now: i64) -> anyhow::Result<()> {
        let call = DataStoreCall::new(Method::RemoveBackup, map).key(key);
        self.enter(call.times(0, now)).await?;
        self.inner.remove_backup(map, key, now).await
    }

    async fn load(&self, map: &str, key: &str) -> anyhow::Result<Option<RecordValue>> {
        self.enter(DataStoreCall::new(Method::Load, map).key(key))
            .await?;
        self.inner.load(map, key).await
    }

    async fn load_all(
        &self,
        map: &str,
        keys: &[String],
    ) -> anyhow::Result<Vec<(String, RecordValue)>> {
        self.enter(DataStoreCall::new(Method::LoadAll, map).keys(keys))
            .await?;
        self.inner.load_all(map, keys).await
    }

    async fn remove_all(&self, map: &str, keys: &[String]) -> anyhow::Result<()> {
        self.enter(DataStoreCall::new(Method::RemoveAll, map).keys(keys))
            .await?;
        self.inner.remove_all(map, keys).await
    }

    fn is_loadable(&self, key: &str) -> bool {
        self.inner.is_loadable(key)
    }

    fn pending_operation_count(&self) -> u64 {
        self.inner.pending_operation_count()
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        self.enter(DataStoreCall::new(Method::SoftFlush, ""))
            .await?;
        self.inner.soft_flush().await
    }

    async fn hard_flush(&self) -> anyhow::Result<()> {
        self.enter(DataStoreCall::new(Method::HardFlush, ""))
            .await?;
        self.inner.hard_flush().await
    }

    async fn flush_key(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        is_backup: bool,
    ) -> anyhow::Result<()> {
        let call = DataStoreCall::new(Method::FlushKey, map)
            .key(key)
            .value(value);
        self.enter(DataStoreCall { is_backup, ..call }).await?;
        self.inner.flush_key(map, key, value, is_backup).await
    }

    fn reset(&self) {
        self.inner.reset();
    }

    fn is_null(&self) -> bool {
        self.inner.is_null()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doubles::{ManualClock, MemoryDataStore, Persistence};
    use crate::replay::{lww, ts};
    use storage_traits::Value;

    fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
        match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime.block_on(future),
            Err(e) => panic!("runtime: {e}"),
        }
    }

    #[test]
    fn fails_on_demand_records_every_call_and_heals() {
        let store = FaultyDataStore::new(Arc::new(MemoryDataStore::new(
            Persistence::WriteThrough,
            Arc::new(ManualClock::default()),
        )));
        let value = lww(Value::Int(1), ts(1, 0, "n"));
        block_on(async {
            store.fail_next(Method::Add, 1);
            let error = store.add("m", "k", &value, 0, 5).await.unwrap_err();
            let message = error.to_string();
            assert!(
                message.contains("add") && message.contains("\"k\"") && message.contains("\"m\"")
            );
            assert_eq!(
                store.load("m", "k").await.ok().flatten(),
                None,
                "reached the inner store"
            );
            store.add("m", "k", &value, 0, 5).await.unwrap();
            store.fail_keys(["k"]);
            assert!(store.load("m", "k").await.is_err());
            assert!(
                store
                    .load_all("m", &["x".to_string(), "k".to_string()])
                    .await
                    .is_err()
            );
            store.heal();
            store.set_latency(Duration::from_millis(1));
            assert_eq!(
                store.load("m", "k").await.ok().flatten(),
                Some(value.clone())
            );
        });
        let calls = store.calls();
        let methods: Vec<Method> = calls.iter().map(|c| c.method).collect();
        assert_eq!(
            methods,
            [
                Method::Add,
                Method::Load,
                Method::Add,
                Method::Load,
                Method::LoadAll,
                Method::Load
            ]
        );
        assert_eq!(calls[0].now, 5);
        assert_eq!(calls[0].value, Some(value));
        store.clear_calls();
        assert!(store.calls().is_empty());
        assert!(store.is_loadable("k") && !store.is_null());
    }
}
