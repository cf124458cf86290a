//! What the kit injects into a record store under test ([`RecordStoreParts`]), and the
//! handles it keeps to drive and observe them ([`RecordStoreKit`]).

use std::sync::Arc;
use std::time::Duration;

use storage_reference::{
    DefaultRecordStore, HashMapEngine, InMemoryDataStore, NullDataStore, RecordStoreConfig,
    WriteBehindConfig, WriteBehindDataStore,
};
use storage_traits::{ExpiryPolicy, MapDataStore, MutationObserver, StorageEngine};

use crate::doubles::{EventLog, FaultyDataStore, ManualClock};
use crate::render::ToRust;

/// The map name of [`record_store_parts`], and the first a case draws (cases draw
/// others too, so a store must name its own map in its data-store calls).
pub const MAP_NAME: &str = "map";

/// The partition id of [`record_store_parts`], and the first a case draws.
pub const PARTITION_ID: u32 = 7;

/// How many [`RecordingObserver`](crate::doubles::RecordingObserver)s the kit injects;
/// they share one log, under ids `0..OBSERVERS`, in registration order.
pub const OBSERVERS: usize = 2;

/// The store behind the kit's [`FaultyDataStore`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An `InMemoryDataStore` on the kit's clock: write-through.
    InMemory,
    /// A `NullDataStore`: persists and loads nothing.
    Null,
    /// A `WriteBehindDataStore` (1 ms flush delay) in front of an `InMemoryDataStore` on
    /// the kit's clock. Used only where no record has a TTL, since a queued value is
    /// served without an expiry check.
    WriteBehind,
}

impl Backend {
    /// Whether values written to this backend can be loaded back.
    pub fn persists(self) -> bool {
        self != Backend::Null
    }
}

impl ToRust for Backend {
    fn to_rust(&self) -> String {
        format!("Backend::{self:?}")
    }
}

/// What the kit hands a record-store factory: every part wired to the same manual clock.
///
/// The factory uses what its implementation can take; a part it cannot take turns off
/// the properties that need it (see [`capabilities`](super::capabilities)).
pub struct RecordStoreParts {
    /// A fresh `HashMapEngine` (a factory may use another engine instead).
    pub engine: Box<dyn StorageEngine>,
    /// The kit's [`FaultyDataStore`] around the case's [`Backend`].
    pub data_store: Arc<dyn MapDataStore>,
    /// [`OBSERVERS`] recording observers sharing one log, to register in this order.
    pub observers: Vec<Arc<dyn MutationObserver>>,
    /// The clock the store must read the time from.
    pub clock: Arc<ManualClock>,
    /// The map the store serves.
    pub map_name: String,
    /// The partition the store serves.
    pub partition_id: u32,
    /// The map's default expiry policy (its config defaults): each field a record's own
    /// policy leaves at 0 is taken from here. `ExpiryPolicy::NONE` except in
    /// `recordstore_expiry_defaults`.
    pub default_expiry: ExpiryPolicy,
    /// The map's cost limit: `should_evict()` is true once `owned_entry_cost()` exceeds
    /// it; 0 means no limit. 0 except in `recordstore_should_evict`.
    pub max_cost: u64,
}

impl RecordStoreParts {
    /// The same parts with `engine` instead of the kit's.
    pub fn with_engine(mut self, engine: Box<dyn StorageEngine>) -> Self {
        self.engine = engine;
        self
    }

    /// The config of a reference store over these parts: the default expiry policy and
    /// the cost limit.
    pub fn config(&self) -> RecordStoreConfig {
        RecordStoreConfig {
            default_ttl_millis: self.default_expiry.ttl_millis,
            default_max_idle_millis: self.default_expiry.max_idle_millis,
            max_cost: self.max_cost,
        }
    }

    /// The reference `DefaultRecordStore` over these parts, with [`Self::config`].
    pub fn into_default_record_store(self) -> DefaultRecordStore {
        let config = self.config();
        DefaultRecordStore::new(
            self.map_name,
            self.partition_id,
            self.engine,
            self.data_store,
            self.observers,
            self.clock,
            config,
        )
    }
}

/// The kit's handles on the injected parts: it advances the clock, injects data-store
/// faults, and reads the calls and notifications.
#[derive(Debug, Clone)]
pub struct RecordStoreKit {
    /// The case's backend.
    pub backend: Backend,
    /// The injected clock.
    pub clock: Arc<ManualClock>,
    /// The injected data store.
    pub data_store: Arc<FaultyDataStore>,
    /// The log every injected observer writes to.
    pub log: Arc<EventLog>,
}

/// The write-behind settings of [`Backend::WriteBehind`]: flushes soon, so cases see
/// both queued and flushed values.
fn write_behind_config() -> WriteBehindConfig {
    WriteBehindConfig {
        batch_size: 16,
        flush_delay: Duration::from_millis(1),
        retry_initial_backoff: Duration::from_millis(1),
        retry_max_backoff: Duration::from_millis(8),
    }
}

/// Fresh parts for one case over `backend`, without default expiry or cost limit, and
/// the kit's handles on them. Call it inside a tokio runtime: the write-behind store spawns its
/// flush task there.
pub fn record_store_parts(backend: Backend) -> anyhow::Result<(RecordStoreParts, RecordStoreKit)> {
    record_store_parts_with_defaults(backend, ExpiryPolicy::NONE)
}

/// [`record_store_parts`] for a map whose default expiry policy is `default_expiry`.
pub fn record_store_parts_with_defaults(
    backend: Backend,
    default_expiry: ExpiryPolicy,
) -> anyhow::Result<(RecordStoreParts, RecordStoreKit)> {
    let clock = Arc::new(ManualClock::default());
    let in_memory = || Arc::new(InMemoryDataStore::with_clock(clock.clone()));
    let inner: Arc<dyn MapDataStore> = match backend {
        Backend::InMemory => in_memory(),
        Backend::Null => Arc::new(NullDataStore::new()),
        Backend::WriteBehind => Arc::new(WriteBehindDataStore::new(
            in_memory(),
            write_behind_config(),
        )?),
    };
    let data_store = Arc::new(FaultyDataStore::new(inner));
    let log = EventLog::new();
    let observers = (0..OBSERVERS)
        .map(|id| log.observer(id) as Arc<dyn MutationObserver>)
        .collect();
    let parts = RecordStoreParts {
        engine: Box::new(HashMapEngine::new()),
        data_store: data_store.clone(),
        observers,
        clock: clock.clone(),
        map_name: MAP_NAME.to_string(),
        partition_id: PARTITION_ID,
        default_expiry,
        max_cost: 0,
    };
    let kit = RecordStoreKit {
        backend,
        clock,
        data_store,
        log,
    };
    Ok((parts, kit))
}

/// The runtime of a property run: multi-threaded with two workers, every driver on.
pub fn record_store_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}
