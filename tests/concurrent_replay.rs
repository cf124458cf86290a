//! A concurrent counterexample is Rust code that replays: the code pasted below is the
//! rendering of a concurrent record-store case and of a concurrent data-store case
//! (every op kind each draws, on two tasks), and it compiles and runs with nothing but
//! the rendered imports.

use storage_conformance::concurrent::ConcurrentScenario;
use storage_conformance::datastore::DataStoreOp;
use storage_conformance::recordstore::RecordStoreOp;
use storage_conformance::replay::{CallerProvenance, ExpiryPolicy, Value, lww, ts};
use storage_conformance::scenario::Scenario;
// The subjects of the cases, in scope where their renderings are pasted.
use conformance_selftest::controls::concurrent_record_store::RacyRecordStore;
use storage_reference::InMemoryDataStore;

/// A put and a touching get of `a` on task 0, a remove of it on task 2.
fn record_store_case() -> ConcurrentScenario<RecordStoreOp> {
    let put = RecordStoreOp::Put {
        key: "a".to_string(),
        value: lww(Value::Int(1), ts(1, 0, "n")),
        expiry: ExpiryPolicy::NONE,
        provenance: CallerProvenance::Client,
    };
    let remove = RecordStoreOp::Remove {
        key: "a".to_string(),
        provenance: CallerProvenance::Client,
    };
    let get = RecordStoreOp::Get {
        key: "a".to_string(),
        touch: true,
    };
    ConcurrentScenario {
        threads: 3,
        steps: vec![(0, put), (2, remove), (0, get)],
    }
}

/// An add of `a` and a load of `""` on task 0; a remove of `a` and both flushes on
/// task 1.
fn data_store_case() -> ConcurrentScenario<DataStoreOp> {
    let (map, key) = ("m".to_string(), "a".to_string());
    let add = DataStoreOp::Add {
        backup: false,
        map: map.clone(),
        key: key.clone(),
        value: lww(Value::Int(1), ts(1, 0, "n")),
        expiration: None,
    };
    let remove = DataStoreOp::Remove {
        backup: false,
        map: map.clone(),
        key,
    };
    let load = DataStoreOp::Load {
        map,
        key: String::new(),
        after: 0,
    };
    let steps = vec![
        (0, add),
        (1, remove),
        (1, DataStoreOp::SoftFlush),
        (0, load),
        (1, DataStoreOp::HardFlush),
    ];
    ConcurrentScenario { threads: 2, steps }
}

const RECORD_STORE: &str = "RacyRecordStore::correct";
const DATA_STORE: &str = "InMemoryDataStore::with_clock";

/// Asserts that `rendered` is pasted in this file, layout aside (whitespace, trailing
/// commas), since rustfmt lays out the pasted code.
fn assert_pasted(rendered: &str, into: &str) {
    let squeezed = |code: &str| {
        let bare: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        bare.replace(",)", ")").replace(",]", "]")
    };
    assert!(
        squeezed(include_str!("concurrent_replay.rs")).contains(&squeezed(rendered)),
        "paste the new rendering into `{into}`:\n{rendered}"
    );
}

#[test]
fn the_pasted_record_store_case_is_the_rendering() {
    let rendered = record_store_case().to_rust(RECORD_STORE, Some(2));
    assert_pasted(&rendered, "the_record_store_case_replays");
}

#[test]
fn the_pasted_data_store_case_is_the_rendering() {
    let rendered = data_store_case().to_rust(DATA_STORE, Some(3));
    assert_pasted(&rendered, "the_data_store_case_replays");
}

#[test]
fn the_record_store_case_replays() {
    // Pasted from `record_store_case().to_rust(RECORD_STORE, Some(2))`.
    use storage_conformance::replay::*;
    use storage_traits::RecordStore;
    // Every task runs its steps at once with the others; a race shows in some runs only.
    let rt = record_store_runtime().expect("a tokio runtime");
    rt.block_on(async {
        let (parts, _kit) = record_store_parts(Backend::InMemory).expect("the kit's parts");
        let mut store = (RacyRecordStore::correct)(parts);
        store.init();
        let store = std::sync::Arc::new(store);
        let start = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let mut tasks = Vec::new();
        {
            // task 0
            let (s, start) = (std::sync::Arc::clone(&store), std::sync::Arc::clone(&start));
            tasks.push(tokio::spawn(async move {
                start.wait().await;
                let _ = s
                    .put(
                        "a",
                        lww(Value::Int(1), ts(1, 0, "n")),
                        ExpiryPolicy::NONE,
                        CallerProvenance::Client,
                    )
                    .await;
                let _ = s.get("a", true).await; // <- the rule breaks here
            }));
        }
        {
            // task 2
            let (s, start) = (std::sync::Arc::clone(&store), std::sync::Arc::clone(&start));
            tasks.push(tokio::spawn(async move {
                start.wait().await;
                let _ = s.remove("a", CallerProvenance::Client).await;
            }));
        }
        for task in tasks {
            task.await.expect("a task");
        }
    });
}

#[test]
fn the_data_store_case_replays() {
    // Pasted from `data_store_case().to_rust(DATA_STORE, Some(3))`. On a correct store
    // the add or the remove, whichever took effect last, is what the last load shows.
    use storage_conformance::doubles::ManualClock;
    use storage_conformance::replay::*;
    use storage_traits::MapDataStore;
    // Every task runs its steps at once with the others; a race shows in some runs only.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let clock = std::sync::Arc::new(ManualClock::default());
        let store = std::sync::Arc::new((InMemoryDataStore::with_clock)(clock.clone()));
        let start = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let mut tasks = Vec::new();
        {
            // task 0
            let (s, clock, start) = (
                std::sync::Arc::clone(&store),
                std::sync::Arc::clone(&clock),
                std::sync::Arc::clone(&start),
            );
            tasks.push(tokio::spawn(async move {
                start.wait().await;
                s.add("m", "a", &lww(Value::Int(1), ts(1, 0, "n")), 0, clock.now())
                    .await
                    .unwrap();
                println!("{:?}", s.load("m", "").await); // <- the rule breaks here
            }));
        }
        {
            // task 1
            let (s, clock, start) = (
                std::sync::Arc::clone(&store),
                std::sync::Arc::clone(&clock),
                std::sync::Arc::clone(&start),
            );
            tasks.push(tokio::spawn(async move {
                start.wait().await;
                s.remove("m", "a", clock.now()).await.unwrap();
                println!("{:?}", s.soft_flush().await);
                s.hard_flush().await.unwrap();
            }));
        }
        for task in tasks {
            task.await.expect("a task");
        }
        // Once every task joined: flush, then load each key.
        store.hard_flush().await.unwrap();
        println!("{:?}", store.load("m", "").await);
        println!("{:?}", store.load("m", "a").await);
    });
}
