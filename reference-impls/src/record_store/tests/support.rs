//! What the record-store tests share: a recording observer, a data store that fails on
//! demand, and a store wired to a manual clock.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use parking_lot::Mutex;
use storage_traits::{
    CallerProvenance, ExpiryPolicy, MapDataStore, MutationObserver, Record, RecordStore,
    RecordValue,
};

use crate::clock::Clock;
use crate::data_stores::InMemoryDataStore;
use crate::record_store::{DefaultRecordStore, RecordStoreConfig};
use storage_conformance::doubles::ManualClock;

pub(super) use crate::test_support::lww;

/// The map every test store serves.
pub(super) const MAP: &str = "map";

/// One notification, as an observer received it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Event {
    Put(String, Record, Option<RecordValue>, bool),
    Update(String, Record, RecordValue, RecordValue, bool),
    Remove(String, Record, bool),
    Evict(String, Record, bool),
    Load(String, Record, bool),
    ReplicationPut(String),
    Clear,
    Reset,
    Destroy(bool),
}

impl Event {
    /// The event's kind, key and backup flag, e.g. `"update k backup"`.
    fn summary(&self) -> String {
        let flagged = |kind: &str, key: &str, backup: bool| {
            if backup {
                format!("{kind} {key} backup")
            } else {
                format!("{kind} {key}")
            }
        };
        match self {
            Event::Put(key, _, _, backup) => flagged("put", key, *backup),
            Event::Update(key, _, _, _, backup) => flagged("update", key, *backup),
            Event::Remove(key, _, backup) => flagged("remove", key, *backup),
            Event::Evict(key, _, backup) => flagged("evict", key, *backup),
            Event::Load(key, _, backup) => flagged("load", key, *backup),
            Event::ReplicationPut(key) => flagged("replication_put", key, false),
            Event::Clear => "clear".to_owned(),
            Event::Reset => "reset".to_owned(),
            Event::Destroy(shutdown) => format!("destroy {shutdown}"),
        }
    }
}

/// Records every notification in order.
#[derive(Default)]
pub(super) struct RecordingObserver {
    events: Mutex<Vec<Event>>,
}

impl RecordingObserver {
    /// The events so far, forgetting them.
    pub(super) fn take(&self) -> Vec<Event> {
        std::mem::take(&mut *self.events.lock())
    }

    /// The summaries of the events so far, forgetting them.
    pub(super) fn take_summaries(&self) -> Vec<String> {
        self.take().iter().map(Event::summary).collect()
    }

    fn push(&self, event: Event) {
        self.events.lock().push(event);
    }
}

impl MutationObserver for RecordingObserver {
    fn on_put(&self, key: &str, record: &Record, old: Option<&RecordValue>, backup: bool) {
        self.push(Event::Put(key.into(), record.clone(), old.cloned(), backup));
    }

    fn on_update(
        &self,
        key: &str,
        record: &Record,
        old: &RecordValue,
        new: &RecordValue,
        backup: bool,
    ) {
        self.push(Event::Update(
            key.into(),
            record.clone(),
            old.clone(),
            new.clone(),
            backup,
        ));
    }

    fn on_remove(&self, key: &str, record: &Record, backup: bool) {
        self.push(Event::Remove(key.into(), record.clone(), backup));
    }

    fn on_evict(&self, key: &str, record: &Record, backup: bool) {
        self.push(Event::Evict(key.into(), record.clone(), backup));
    }

    fn on_load(&self, key: &str, record: &Record, backup: bool) {
        self.push(Event::Load(key.into(), record.clone(), backup));
    }

    fn on_replication_put(&self, key: &str, _: &Record, _: bool) {
        self.push(Event::ReplicationPut(key.into()));
    }

    fn on_clear(&self) {
        self.push(Event::Clear);
    }

    fn on_reset(&self) {
        self.push(Event::Reset);
    }

    fn on_destroy(&self, is_shutdown: bool) {
        self.push(Event::Destroy(is_shutdown));
    }
}

/// An [`InMemoryDataStore`] whose calls fail while [`FlakyDataStore::fail`] is on.
pub(super) struct FlakyDataStore {
    inner: InMemoryDataStore,
    failing: AtomicBool,
}

impl FlakyDataStore {
    pub(super) fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            inner: InMemoryDataStore::with_clock(clock),
            failing: AtomicBool::new(false),
        }
    }

    /// Makes every later async call fail (`true`) or succeed (`false`).
    pub(super) fn fail(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    fn check(&self, call: &str) -> anyhow::Result<()> {
        if self.failing.load(Ordering::SeqCst) {
            anyhow::bail!("injected {call} failure");
        }
        Ok(())
    }
}

#[async_trait]
impl MapDataStore for FlakyDataStore {
    async fn add(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        self.check("add")?;
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
        self.check("add_backup")?;
        self.inner
            .add_backup(map, key, value, expiration_time, now)
            .await
    }

    async fn remove(&self, map: &str, key: &str, now: i64) -> anyhow::Result<()> {
        self.check("remove")?;
        self.inner.remove(map, key, now).await
    }

    async fn remove_backup(&self, map: &str, key: &str, now: i64) -> anyhow::Result<()> {
        self.check("remove_backup")?;
        self.inner.remove_backup(map, key, now).await
    }

    async fn load(&self, map: &str, key: &str) -> anyhow::Result<Option<RecordValue>> {
        self.check("load")?;
        self.inner.load(map, key).await
    }

    async fn load_all(
        &self,
        map: &str,
        keys: &[String],
    ) -> anyhow::Result<Vec<(String, RecordValue)>> {
        self.check("load_all")?;
        self.inner.load_all(map, keys).await
    }

    async fn remove_all(&self, map: &str, keys: &[String]) -> anyhow::Result<()> {
        self.check("remove_all")?;
        self.inner.remove_all(map, keys).await
    }

    fn is_loadable(&self, key: &str) -> bool {
        self.inner.is_loadable(key)
    }

    fn pending_operation_count(&self) -> u64 {
        self.inner.pending_operation_count()
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        self.check("soft_flush")?;
        self.inner.soft_flush().await
    }

    async fn hard_flush(&self) -> anyhow::Result<()> {
        self.check("hard_flush")?;
        self.inner.hard_flush().await
    }

    async fn flush_key(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        is_backup: bool,
    ) -> anyhow::Result<()> {
        self.check("flush_key")?;
        self.inner.flush_key(map, key, value, is_backup).await
    }

    fn reset(&self) {
        self.inner.reset();
    }
}

/// A store on a [`ManualClock`] at its default start, with a recording observer.
pub(super) struct Harness<D: MapDataStore + 'static> {
    pub(super) store: DefaultRecordStore,
    pub(super) clock: Arc<ManualClock>,
    pub(super) events: Arc<RecordingObserver>,
    pub(super) data: Arc<D>,
}

impl Harness<InMemoryDataStore> {
    /// Over an [`InMemoryDataStore`] that shares the store's clock.
    pub(super) fn in_memory(config: RecordStoreConfig) -> Self {
        Self::over(InMemoryDataStore::with_clock, config)
    }
}

impl Harness<FlakyDataStore> {
    /// Over a [`FlakyDataStore`] that shares the store's clock.
    pub(super) fn flaky() -> Self {
        Self::over(FlakyDataStore::new, RecordStoreConfig::default())
    }
}

impl<D: MapDataStore + 'static> Harness<D> {
    /// Over the data store `make` builds from the store's clock.
    pub(super) fn over(make: impl FnOnce(Arc<dyn Clock>) -> D, config: RecordStoreConfig) -> Self {
        let clock = Arc::new(ManualClock::default());
        let data = Arc::new(make(Arc::clone(&clock) as Arc<dyn Clock>));
        let events = Arc::new(RecordingObserver::default());
        let store = DefaultRecordStore::builder(MAP, 7)
            .data_store(Arc::clone(&data) as Arc<dyn MapDataStore>)
            .observer(Arc::clone(&events) as Arc<dyn MutationObserver>)
            .clock(Arc::clone(&clock) as Arc<dyn Clock>)
            .config(config)
            .build();
        Self {
            store,
            clock,
            events,
            data,
        }
    }

    /// `put(key, lww(n), NONE, provenance)`, which must succeed.
    pub(super) async fn put(&self, key: &str, n: i64, provenance: CallerProvenance) {
        self.put_with(key, n, ExpiryPolicy::NONE, provenance).await;
    }

    /// `put(key, lww(n), expiry, provenance)`, which must succeed.
    pub(super) async fn put_with(
        &self,
        key: &str,
        n: i64,
        expiry: ExpiryPolicy,
        provenance: CallerProvenance,
    ) {
        let result = self.store.put(key, lww(n), expiry, provenance).await;
        assert!(result.is_ok(), "put of {key}: {result:?}");
    }

    /// The in-memory record of `key`, read from the engine.
    pub(super) fn stored(&self, key: &str) -> Option<Record> {
        self.store.storage().get(key)
    }

    /// What the data store loads for `key`.
    pub(super) async fn persisted(&self, key: &str) -> Option<RecordValue> {
        self.data.load(MAP, key).await.ok().flatten()
    }
}

/// An expiry policy with this TTL and max idle.
pub(super) fn expiry(ttl_millis: u64, max_idle_millis: u64) -> ExpiryPolicy {
    ExpiryPolicy {
        ttl_millis,
        max_idle_millis,
    }
}
