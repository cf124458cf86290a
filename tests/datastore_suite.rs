//! The data store suite on the reference data stores and on the correct controls: all
//! must pass.

use std::sync::Arc;

use storage_conformance::controls::data_store::ControlDataStore;
use storage_conformance::datastore::{reopen_write_behind, write_behind_over_memory};
use storage_conformance::doubles::FaultyDataStore;
use storage_conformance::map_data_store_conformance;
use storage_reference::{InMemoryDataStore, NullDataStore};

map_data_store_conformance!(null_data_store, |_| NullDataStore::new(), kind = Null);
map_data_store_conformance!(in_memory_data_store, |clock| InMemoryDataStore::with_clock(
    clock
));
map_data_store_conformance!(
    write_behind_data_store,
    write_behind_over_memory,
    kind = WriteBehind,
    reopen = reopen_write_behind
);
map_data_store_conformance!(
    write_through_control,
    ControlDataStore::write_through,
    reopen = ControlDataStore::reopen
);
map_data_store_conformance!(fault_injecting_wrapper_without_faults, |clock| {
    FaultyDataStore::new(Arc::new(InMemoryDataStore::with_clock(clock)))
});
map_data_store_conformance!(
    null_control,
    ControlDataStore::null,
    reopen = ControlDataStore::reopen,
    kind = Null
);
map_data_store_conformance!(
    write_behind_control,
    ControlDataStore::write_behind,
    kind = WriteBehind,
    reopen = ControlDataStore::reopen,
    configure = |c| c
);

/// A counterexample as the suite prints it (here every kind of call on an
/// `InMemoryDataStore`) compiles and runs as it is.
#[test]
fn a_printed_counterexample_replays() {
    use std::sync::Arc;
    use storage_conformance::doubles::ManualClock;
    use storage_conformance::replay::*;
    use storage_traits::MapDataStore;
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let clock = Arc::new(ManualClock::default());
        // Printed as `(|clock| InMemoryDataStore::with_clock(clock))(clock.clone())`.
        let s = InMemoryDataStore::with_clock(clock.clone());
        s.add(
            "m",
            "a",
            &lww(Value::Int(1), ts(0, 0, "a")),
            clock.now() + 1,
            clock.now(),
        )
        .await
        .unwrap();
        s.add_backup("n", "a", &lww(Value::Int(1), ts(0, 0, "a")), 0, clock.now())
            .await
            .unwrap();
        s.remove_backup("n", "a", clock.now()).await.unwrap();
        clock.advance(2);
        println!("{:?}", s.load("m", "a").await); // <- the rule breaks here
        println!("{:?}", s.load_all("m", &["a", ""].map(String::from)).await);
        s.remove_all("m", &[]).await.unwrap();
        println!("{:?}", s.soft_flush().await);
        s.hard_flush().await.unwrap();
        s.flush_key("m", "b", &lww(Value::Int(1), ts(0, 0, "a")), false)
            .await
            .unwrap();
        s.reset();
        println!(
            "pending {}, null {}",
            s.pending_operation_count(),
            s.is_null()
        );
        // What the case showed: the entry expired once the clock reached it.
        assert_eq!(s.load("m", "a").await.unwrap(), None);
    });
}

/// A counterexample of `datastore_persistent_reopen` as the suite prints it compiles and
/// runs as it is, and shows the bug: the remove is lost by the reopen.
#[test]
fn a_printed_reopen_counterexample_replays() {
    use std::sync::Arc;
    use storage_conformance::controls::data_store::DataStoreFault;
    use storage_conformance::doubles::ManualClock;
    use storage_conformance::replay::*;
    use storage_traits::MapDataStore;
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let clock = Arc::new(ManualClock::default());
        // Printed as `(|clock| ControlDataStore::new(fault, clock))(clock.clone())`.
        let s = ControlDataStore::new(DataStoreFault::RemoveNotDurable, clock.clone());
        let reopen = ControlDataStore::reopen;
        s.add("n", "a", &lww(Value::Null, ts(0, 0, "a")), 0, clock.now())
            .await
            .unwrap();
        s.remove("n", "a", clock.now()).await.unwrap();
        s.hard_flush().await.unwrap();
        let s = reopen(s, clock.clone()).unwrap(); // <- the rule breaks here
        println!(
            "pending {}, null {}",
            s.pending_operation_count(),
            s.is_null()
        );
        // What the case showed: the removed entry is back.
        assert!(s.load("n", "a").await.unwrap().is_some());
    });
}
