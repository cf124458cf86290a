//! What the kit injects into a record store under test ([`RecordStoreParts`]), and the
//! handles it keeps to drive and observe them ([`RecordStoreKit`]).

use std::sync::Arc;

use storage_traits::{ExpiryPolicy, MapDataStore, MutationObserver, StorageEngine};

use crate::doubles::{
    EventLog, FaultyDataStore, ManualClock, MemoryDataStore, MemoryEngine, Persistence,
};
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
    /// A write-through [`MemoryDataStore`] on the kit's clock.
    InMemory,
    /// A null [`MemoryDataStore`]: persists and loads nothing.
    Null,
    /// A write-behind [`MemoryDataStore`] on the kit's clock: writes wait for a flush.
    /// Used only where no record has a TTL, since a queued value is served without an
    /// expiry check.
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
    /// A fresh [`MemoryEngine`] (a factory may use another engine instead).
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

/// Fresh parts for one case over `backend`, without default expiry or cost limit, and
/// the kit's handles on them. (A `Result`, as printed counterexamples call it, so that a
/// part that can fail to build can join without changing them.)
pub fn record_store_parts(backend: Backend) -> anyhow::Result<(RecordStoreParts, RecordStoreKit)> {
    record_store_parts_with_defaults(backend, ExpiryPolicy::NONE)
}

/// [`record_store_parts`] for a map whose default expiry policy is `default_expiry`.
pub fn record_store_parts_with_defaults(
    backend: Backend,
    default_expiry: ExpiryPolicy,
) -> anyhow::Result<(RecordStoreParts, RecordStoreKit)> {
    let clock = Arc::new(ManualClock::default());
    let persistence = match backend {
        Backend::InMemory => Persistence::WriteThrough,
        Backend::Null => Persistence::Null,
        Backend::WriteBehind => Persistence::WriteBehind,
    };
    let inner: Arc<dyn MapDataStore> = Arc::new(MemoryDataStore::new(persistence, clock.clone()));
    let data_store = Arc::new(FaultyDataStore::new(inner));
    let log = EventLog::new();
    let observers = (0..OBSERVERS)
        .map(|id| log.observer(id) as Arc<dyn MutationObserver>)
        .collect();
    let parts = RecordStoreParts {
        engine: Box::new(MemoryEngine::new()),
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
