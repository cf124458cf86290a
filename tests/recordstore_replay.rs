//! A record-store counterexample is Rust code that replays: the code pasted below is the
//! rendering of a case with every kind of op, and of a case whose cost limit is measured
//! on a probe store, and it compiles and runs with nothing but
//! `use storage_conformance::replay::*;` and the trait in scope.

use conformance_selftest::reference::ReferenceParts;
use storage_conformance::engine::PageKind;
use storage_conformance::recordstore::{Backend, RecordStoreOp, RecordStoreScenario};
use storage_conformance::replay::{CallerProvenance, Method, Value, expiry, lww, meta, record, ts};
use storage_conformance::scenario::Scenario;

const SUBJECT: &str = "|parts: RecordStoreParts| Box::new(parts.into_default_record_store())";

fn every_op() -> RecordStoreScenario {
    let value = lww(Value::Int(1), ts(1, 0, "n"));
    let key = || "a".to_string();
    let ops = vec![
        RecordStoreOp::Put {
            key: key(),
            value: value.clone(),
            expiry: expiry(5, 0),
            provenance: CallerProvenance::Client,
        },
        RecordStoreOp::Get {
            key: key(),
            touch: true,
        },
        RecordStoreOp::PutBackup {
            key: "b".to_string(),
            record: record(value, meta(u32::MAX, 1, 1, 1, 0, u32::MAX, 1)),
            provenance: CallerProvenance::Backup,
        },
        RecordStoreOp::GetAll(vec![key(), "b".to_string()]),
        RecordStoreOp::ExistsInMemory(key()),
        RecordStoreOp::Size,
        RecordStoreOp::FetchPage {
            size: 1,
            kind: PageKind::Entries,
        },
        RecordStoreOp::Walk {
            size: 0,
            kind: PageKind::Keys,
        },
        RecordStoreOp::Advance(5),
        RecordStoreOp::HasExpired(key()),
        RecordStoreOp::IsExpirable,
        RecordStoreOp::ForEach { is_backup: true },
        RecordStoreOp::EvictExpired {
            percentage: 50,
            is_backup: false,
        },
        RecordStoreOp::FailNext(Method::Remove, 1),
        RecordStoreOp::Remove {
            key: key(),
            provenance: CallerProvenance::CrdtMerge,
        },
        RecordStoreOp::Heal,
        RecordStoreOp::RemoveBackup {
            key: "b".to_string(),
            provenance: CallerProvenance::Client,
        },
        RecordStoreOp::Evict {
            key: key(),
            is_backup: true,
        },
        RecordStoreOp::EvictAll { is_backup: false },
        RecordStoreOp::SoftFlush,
        RecordStoreOp::Clear { is_backup: false },
        RecordStoreOp::Reset,
        RecordStoreOp::Destroy,
    ];
    // Every map setting away from the kit's defaults, so that each is rendered.
    RecordStoreScenario {
        max_cost: 512,
        map_name: "orders".to_string(),
        partition_id: 3,
        ..RecordStoreScenario::new(Backend::WriteBehind, ops)
    }
}

/// A case whose cost limit is measured on a probe store after its first two ops.
fn measured_limit() -> RecordStoreScenario {
    let put = |key: &str| RecordStoreOp::Put {
        key: key.to_string(),
        value: lww(Value::Int(1), ts(1, 0, "n")),
        expiry: expiry(0, 0),
        provenance: CallerProvenance::Client,
    };
    RecordStoreScenario {
        max_cost_after: Some(2),
        map_name: "orders".to_string(),
        ..RecordStoreScenario::new(
            Backend::InMemory,
            vec![put("a"), put("b"), RecordStoreOp::Advance(1), put("c")],
        )
    }
}

/// Layout aside (whitespace, trailing commas), since rustfmt lays out the pasted code.
fn squeezed(code: &str) -> String {
    let bare: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    bare.replace(",)", ")").replace(",]", "]")
}

#[test]
fn the_pasted_code_is_the_rendering() {
    let rendered = every_op().to_rust(SUBJECT, Some(14));
    let this_file = include_str!("recordstore_replay.rs");
    assert!(
        squeezed(this_file).contains(&squeezed(&rendered)),
        "paste the new rendering into `the_rendering_replays`:\n{rendered}"
    );
}

#[test]
fn the_pasted_probe_is_the_rendering() {
    let rendered = measured_limit().to_rust(SUBJECT, Some(3));
    let this_file = include_str!("recordstore_replay.rs");
    assert!(
        squeezed(this_file).contains(&squeezed(&rendered)),
        "paste the new rendering into `the_probe_replays`:\n{rendered}"
    );
}

#[test]
#[allow(unused_assignments)] // the last page's cursor is not read again
fn the_rendering_replays() {
    // Pasted from `every_op().to_rust(SUBJECT, Some(14))`.
    use storage_conformance::replay::*;
    use storage_traits::RecordStore;
    let rt = record_store_runtime().expect("a tokio runtime");
    rt.block_on(async {
        let (mut parts, kit) = record_store_parts(Backend::WriteBehind).expect("the kit's parts");
        parts.map_name = "orders".to_string();
        parts.partition_id = 3;
        parts.max_cost = 512;
        let factory = |parts: RecordStoreParts| Box::new(parts.into_default_record_store());
        let mut s = factory(parts);
        s.init();
        let mut cursor = IterationCursor::start();
        let _ = s
            .put(
                "a",
                lww(Value::Int(1), ts(1, 0, "n")),
                expiry(5, 0),
                CallerProvenance::Client,
            )
            .await;
        let _ = s.get("a", true).await;
        let _ = s
            .put_backup(
                "b",
                record(
                    lww(Value::Int(1), ts(1, 0, "n")),
                    meta(u32::MAX, 1, 1, 1, 0, u32::MAX, 1),
                ),
                CallerProvenance::Backup,
            )
            .await;
        let _ = s.get_all(&["a".to_string(), "b".to_string()]).await;
        let _ = s.exists_in_memory("a");
        let _ = (s.size(), s.is_empty());
        if cursor.finished {
            cursor = IterationCursor::start();
        }
        cursor = s.fetch_entries(&cursor, 1).next_cursor;
        let mut walk = IterationCursor::start(); // a whole walk
        for _ in 0..1_000 {
            if walk.finished {
                break;
            }
            walk = s.fetch_keys(&walk, 0).next_cursor;
        }
        kit.clock.advance(5);
        let _ = s.has_expired("a", kit.clock.now(), false);
        let _ = s.is_expirable();
        s.for_each_boxed(&mut |_, _| {}, true);
        s.evict_expired(50, kit.clock.now(), false);
        kit.data_store.fail_next(Method::Remove, 1);
        let _ = s.remove("a", CallerProvenance::CrdtMerge).await; // <- the rule breaks here
        kit.data_store.heal();
        let _ = s.remove_backup("b", CallerProvenance::Client).await;
        let _ = s.evict("a", true);
        let _ = s.evict_all(false);
        let _ = s.soft_flush().await;
        let _ = s.clear(false);
        s.reset();
        s.destroy();
    });
}

#[test]
fn the_probe_replays() {
    // Pasted from `measured_limit().to_rust(SUBJECT, Some(3))`.
    use storage_conformance::replay::*;
    use storage_traits::RecordStore;
    let rt = record_store_runtime().expect("a tokio runtime");
    rt.block_on(async {
        let factory = |parts: RecordStoreParts| Box::new(parts.into_default_record_store());
        // The cost limit: what a store from the same factory costs after its first 2 ops.
        let max_cost = {
            let (mut parts, _kit) = record_store_parts(Backend::InMemory).expect("the kit's parts");
            parts.map_name = "orders".to_string();
            let mut s = factory(parts);
            s.init();
            let _ = s
                .put(
                    "a",
                    lww(Value::Int(1), ts(1, 0, "n")),
                    ExpiryPolicy::NONE,
                    CallerProvenance::Client,
                )
                .await;
            let _ = s
                .put(
                    "b",
                    lww(Value::Int(1), ts(1, 0, "n")),
                    ExpiryPolicy::NONE,
                    CallerProvenance::Client,
                )
                .await;
            s.owned_entry_cost()
        };
        let (mut parts, kit) = record_store_parts(Backend::InMemory).expect("the kit's parts");
        parts.map_name = "orders".to_string();
        parts.max_cost = max_cost;
        let mut s = factory(parts);
        s.init();
        let _ = s
            .put(
                "a",
                lww(Value::Int(1), ts(1, 0, "n")),
                ExpiryPolicy::NONE,
                CallerProvenance::Client,
            )
            .await;
        let _ = s
            .put(
                "b",
                lww(Value::Int(1), ts(1, 0, "n")),
                ExpiryPolicy::NONE,
                CallerProvenance::Client,
            )
            .await;
        kit.clock.advance(1);
        let _ = s
            .put(
                "c",
                lww(Value::Int(1), ts(1, 0, "n")),
                ExpiryPolicy::NONE,
                CallerProvenance::Client,
            )
            .await; // <- the rule breaks here
    });
}
