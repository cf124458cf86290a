//! The spec's acceptance criterion 3: each trait is object-safe for the way it is shared.
//! These are compile-time checks; the test bodies only make sure the types are used.

use std::sync::Arc;

use storage_traits::{
    CompositeMutationObserver, MapDataStore, MutationObserver, RecordStore, StorageEngine,
};

type SharedEngine = Arc<dyn StorageEngine>;
type SharedDataStore = Arc<dyn MapDataStore>;
type SharedObserver = Arc<dyn MutationObserver>;
type OwnedRecordStore = Box<dyn RecordStore>;

fn assert_send_sync<T: Send + Sync + ?Sized>() {}

#[test]
fn trait_objects_compile_and_are_send_sync() {
    assert_send_sync::<SharedEngine>();
    assert_send_sync::<SharedDataStore>();
    assert_send_sync::<SharedObserver>();
    assert_send_sync::<OwnedRecordStore>();
    let observer: SharedObserver = Arc::new(CompositeMutationObserver::default());
    observer.on_clear();
    let engines: Vec<SharedEngine> = Vec::new();
    let stores: Vec<OwnedRecordStore> = Vec::new();
    let data_stores: Vec<SharedDataStore> = Vec::new();
    assert!(engines.is_empty() && stores.is_empty() && data_stores.is_empty());
}
