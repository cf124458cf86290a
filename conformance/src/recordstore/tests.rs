//! Unit tests of the suite's own parts: expiry arithmetic, the model's metadata, the
//! generated mixes, and the shrinking helpers.

use storage_traits::{CallerProvenance, ExpiryPolicy, RecordMetadata};

use super::ops::RecordStoreOp;
use super::parts::Backend;
use super::scenario::RecordStoreScenario;
use super::strategies;
use crate::generators::sampling::sample;
use crate::render::constructors::{lww, record, ts};
use crate::scenario::Scenario;
use storage_traits::Value;

fn policy(ttl_millis: u64, max_idle_millis: u64) -> ExpiryPolicy {
    ExpiryPolicy {
        ttl_millis,
        max_idle_millis,
    }
}

#[test]
fn the_mixes_reach_saturated_backups_short_policies_and_every_backend() {
    let cases = sample(&strategies::metadata(), 200);
    let saturated = cases.iter().flat_map(|c| &c.ops).any(|op| {
        matches!(op, RecordStoreOp::PutBackup { record, .. } if record.metadata.hits == u32::MAX)
    });
    assert!(saturated, "no backup record at u32::MAX hits");
    let expiring = sample(&strategies::expiry(), 200);
    let ttl = expiring
        .iter()
        .flat_map(|c| &c.ops)
        .any(|op| matches!(op, RecordStoreOp::Put { expiry, .. } if expiry.ttl_millis > 0));
    assert!(ttl, "no put with a TTL");
    let backends: Vec<Backend> = sample(&strategies::values(), 200)
        .iter()
        .map(|c| c.backend)
        .collect();
    for backend in [Backend::InMemory, Backend::Null, Backend::WriteBehind] {
        assert!(backends.contains(&backend), "never {backend:?}");
    }
}

#[test]
fn shrinking_renames_a_key_in_every_step() {
    let remove = |key: &str| RecordStoreOp::Remove {
        key: key.to_string(),
        provenance: CallerProvenance::Client,
    };
    let scenario = RecordStoreScenario::new(
        Backend::InMemory,
        vec![
            remove("zz"),
            RecordStoreOp::GetAll(vec!["zz".to_string()]),
            remove("zz"),
        ],
    );
    let renamed = scenario.simpler_at(0).into_iter().any(|s| {
        matches!(&s.ops[..], [RecordStoreOp::Remove { key: a, .. }, RecordStoreOp::GetAll(keys), RecordStoreOp::Remove { key: b, .. }]
            if a == "a" && b == "a" && keys == &["a".to_string()])
    });
    assert!(renamed);
}

#[test]
fn a_map_default_is_rendered_into_the_parts_call() {
    let mut scenario = RecordStoreScenario::new(Backend::Null, Vec::new());
    assert!(
        scenario
            .to_rust("f", None)
            .contains("record_store_parts(Backend::Null)")
    );
    scenario.default_expiry = policy(3, 0);
    assert!(
        scenario
            .to_rust("f", None)
            .contains("record_store_parts_with_defaults(Backend::Null, expiry(3, 0))")
    );
}

#[test]
fn map_settings_and_init_are_rendered_into_the_replay() {
    let plain = RecordStoreScenario::new(Backend::Null, Vec::new()).to_rust("f", None);
    assert!(plain.contains("let (parts, _kit) = record_store_parts(Backend::Null)"));
    assert!(plain.contains("let mut s = factory(parts);\ns.init();"));
    assert!(!plain.contains("parts.max_cost"));
    // No op to blame: the rule broke right after init.
    assert!(plain.contains("s.init(); // <- the rule breaks here, before any op"));
    let remove = RecordStoreOp::Remove {
        key: "a".to_string(),
        provenance: CallerProvenance::Client,
    };
    let blamed = RecordStoreScenario::new(Backend::Null, vec![remove]).to_rust("f", Some(0));
    assert!(
        blamed.contains(
            "s.init();
"
        ),
        "{blamed}"
    );
    let scenario = RecordStoreScenario {
        max_cost: 300,
        map_name: "orders".to_string(),
        partition_id: 0,
        ..RecordStoreScenario::new(Backend::Null, Vec::new())
    };
    let code = scenario.to_rust("f", None);
    for line in [
        "let (mut parts, _kit) = record_store_parts(Backend::Null)",
        "parts.map_name = \"orders\".to_string();",
        "parts.partition_id = 0;",
        "parts.max_cost = 300;",
    ] {
        assert!(code.contains(line), "no {line:?} in\n{code}");
    }
}

#[test]
fn the_settings_mixes_draw_limits_names_and_partitions() {
    let limited = sample(&strategies::cost_limits(), 200);
    let drawn = |c: &&RecordStoreScenario| c.max_cost_after.is_none();
    let limits: Vec<u64> = limited.iter().filter(drawn).map(|c| c.max_cost).collect();
    assert!(limits.contains(&0), "never without a limit");
    assert!(limits.iter().any(|&m| m > 0), "never with a limit");
    assert!(
        limited
            .iter()
            .any(|c| c.max_cost_after.is_some_and(|n| n > 1)),
        "never a limit measured after a few ops"
    );
    assert!(
        limited
            .iter()
            .all(|c| c.max_cost_after.is_none_or(|n| n <= c.ops.len())),
        "a probe longer than its case"
    );
    // Every property draws the map and partition, those that check data-store calls
    // and load-through included.
    for cases in [
        sample(&strategies::identities(), 200),
        sample(&strategies::provenances(), 40),
        sample(&strategies::values(), 40),
    ] {
        assert!(cases.iter().any(|c| c.map_name == super::MAP_NAME));
        assert!(cases.iter().any(|c| c.map_name != super::MAP_NAME));
        assert!(cases.iter().any(|c| c.partition_id != super::PARTITION_ID));
    }
    let backup_walks = sample(&strategies::expiry(), 200)
        .iter()
        .flat_map(|c| c.ops.clone())
        .any(|op| matches!(op, RecordStoreOp::ForEach { is_backup: true }));
    assert!(backup_walks, "no backup for_each_boxed");
}

#[test]
fn shrinking_moves_backup_counters_to_their_nearest_limit() {
    let mut near = RecordMetadata::new(1, 1);
    near.version = 1;
    near.hits = u32::MAX - 1;
    let scenario = RecordStoreScenario::new(
        Backend::InMemory,
        vec![RecordStoreOp::PutBackup {
            key: "a".to_string(),
            record: record(lww(Value::Int(1), ts(1, 0, "n")), near),
            provenance: CallerProvenance::Backup,
        }],
    );
    let counters: Vec<(u32, u32)> = scenario
        .simpler_at(0)
        .iter()
        .filter_map(|s| match &s.ops[0] {
            RecordStoreOp::PutBackup { record, .. } => {
                Some((record.metadata.version, record.metadata.hits))
            }
            _ => None,
        })
        .collect();
    assert!(counters.contains(&(0, u32::MAX - 1)), "{counters:?}");
    assert!(counters.contains(&(1, u32::MAX)), "{counters:?}");
}

#[test]
fn a_measured_limit_probes_the_first_ops_and_shrinks_with_them() {
    let put = |key: &str| RecordStoreOp::Put {
        key: key.to_string(),
        value: lww(Value::Int(1), ts(1, 0, "n")),
        expiry: ExpiryPolicy::NONE,
        provenance: CallerProvenance::Client,
    };
    let scenario = RecordStoreScenario {
        max_cost: 5,
        max_cost_after: Some(2),
        map_name: "orders".to_string(),
        ..RecordStoreScenario::new(Backend::InMemory, vec![put("a"), put("b"), put("c")])
    };
    let Some(probe) = scenario.cost_probe() else {
        panic!("no probe");
    };
    assert_eq!(probe.ops.len(), 2);
    assert_eq!((probe.max_cost, probe.max_cost_after), (0, None));
    assert_eq!(probe.map_name, "orders");
    // A step removed from the probed prefix shortens the probe; one after it does not.
    assert_eq!(scenario.without_step(0).max_cost_after, Some(1));
    assert_eq!(scenario.without_step(2).max_cost_after, Some(2));
    let measured = scenario.with_max_cost(300);
    assert_eq!((measured.max_cost, measured.max_cost_after), (300, None));
    let code = scenario.to_rust("f", Some(2));
    for line in [
        "let factory = f;\n// The cost limit: what a store from the same factory costs after its first 2 ops.\nlet max_cost = {",
        "s.owned_entry_cost()\n};",
        "parts.max_cost = max_cost;",
    ] {
        assert!(code.contains(line), "no {line:?} in\n{code}");
    }
    assert_eq!(code.matches("let mut s = factory(parts);").count(), 2);
    assert_eq!(code.matches("parts.map_name = \"orders\"").count(), 2);
    assert!(!code.contains("parts.max_cost = 5"), "{code}");
}
