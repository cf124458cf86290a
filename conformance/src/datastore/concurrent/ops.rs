//! Data-store ops as the steps of concurrent cases: how a task calls them, what they
//! return, how a case renders as Rust, and the op mix of the concurrent data-store
//! property.

use async_trait::async_trait;
use proptest::prelude::*;
use storage_traits::{MapDataStore, RecordValue};

use crate::concurrent::scenario::{ConcurrentScenario, TaskFrame, ThreadOp};
use crate::concurrent::task_history::TaskEvent;
use crate::concurrent::task_strategies::{contended_key, steps};
use crate::concurrent::tasks::TaskOp;
use crate::datastore::DataStoreOp;
use crate::doubles::ManualClock;
use crate::generators::{any_record_value, smaller_record_values};
use crate::render::ToRust;

/// The one map of a concurrent data-store case: the tasks contend on its keys, and
/// other maps are the sequential properties' business.
pub const MAP: &str = "m";

/// What a data-store call of a concurrent case returned.
#[derive(Debug, Clone)]
pub enum DataStoreResult {
    /// `add`, `remove`, `soft_flush` or `hard_flush` returned `Ok`.
    Done,
    /// `load` returned this; `loadable` is whether `is_loadable(key)` was true both
    /// just before and just after the call (a load of an unloadable key is excused).
    Loaded {
        /// What `load` returned.
        value: Option<RecordValue>,
        /// `is_loadable` before and after the load.
        loadable: bool,
    },
    /// The call returned `Err`, with its message.
    Error(String),
}

/// One completed data-store call.
pub type DataStoreEvent = TaskEvent<DataStoreOp, DataStoreResult>;

impl ThreadOp for DataStoreOp {
    /// An `add` with its value cut down ([`smaller_record_values`]), so no
    /// counterexample keeps a value larger than its failure needs.
    fn simpler(&self) -> Vec<Self> {
        let DataStoreOp::Add { value, .. } = self else {
            return Vec::new();
        };
        smaller_record_values(value)
            .into_iter()
            .map(|smaller| {
                let mut op = self.clone();
                if let DataStoreOp::Add { value, .. } = &mut op {
                    *value = smaller;
                }
                op
            })
            .collect()
    }

    fn code(&self) -> String {
        self.to_rust()
    }

    /// The key of a primary `add`, `remove` or `load`: the calls on a key's register.
    fn key(&self) -> Option<&str> {
        self.primary_entry().map(|(_, key)| key)
    }

    fn render_case(
        threads: &[Vec<(usize, &Self)>],
        subject: &str,
        failing_step: Option<usize>,
    ) -> String {
        let setup = vec![
            "let clock = std::sync::Arc::new(ManualClock::default());".to_string(),
            format!("let store = std::sync::Arc::new(({subject})(clock.clone()));"),
        ];
        let mut keys: Vec<(&str, &str)> = threads
            .iter()
            .flatten()
            .filter_map(|(_, op)| op.primary_entry())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let mut after = vec!["// Once every task joined: flush, then load each key.".to_string()];
        after.push("store.hard_flush().await.unwrap();".to_string());
        after.extend(keys.into_iter().map(|(map, key)| {
            format!(
                "println!(\"{{:?}}\", store.load({}, {}).await);",
                map.to_rust(),
                key.to_rust()
            )
        }));
        let imports = [
            "use storage_conformance::doubles::ManualClock;",
            "use storage_traits::MapDataStore;",
        ];
        let frame = TaskFrame {
            imports: &imports,
            runtime: "let rt = tokio::runtime::Runtime::new().unwrap();",
            setup,
            shared: &["clock"],
            after,
        };
        frame.render(threads, failing_step)
    }
}

#[async_trait]
impl<D: MapDataStore + ?Sized + 'static> TaskOp<D> for DataStoreOp {
    type Output = DataStoreResult;

    /// The concurrent property draws primary `add`s without expiry, `remove`s, `load`s
    /// and flushes; `now` is the time of the case's clock, which never moves.
    async fn call(&self, store: &D) -> DataStoreResult {
        let now = ManualClock::DEFAULT_START;
        let result = match self {
            DataStoreOp::Add {
                map, key, value, ..
            } => store
                .add(map, key, value, 0, now)
                .await
                .map(|()| DataStoreResult::Done),
            DataStoreOp::Remove { map, key, .. } => store
                .remove(map, key, now)
                .await
                .map(|()| DataStoreResult::Done),
            DataStoreOp::Load { map, key, .. } => {
                let before = store.is_loadable(key);
                let loaded = store.load(map, key).await;
                let loadable = before && store.is_loadable(key);
                loaded.map(|value| DataStoreResult::Loaded { value, loadable })
            }
            DataStoreOp::SoftFlush => store.soft_flush().await.map(|_| DataStoreResult::Done),
            DataStoreOp::HardFlush => store.hard_flush().await.map(|()| DataStoreResult::Done),
            _ => Ok(DataStoreResult::Done),
        };
        result.unwrap_or_else(|e| DataStoreResult::Error(format!("{e:#}")))
    }
}

/// A primary op on a contended key of [`MAP`].
fn on_key(op: fn(String) -> DataStoreOp) -> impl Strategy<Value = DataStoreOp> + Clone {
    contended_key().prop_map(op)
}

/// Primary `add`s (no expiry), `remove`s and `load`s of two keys of one map, with a few
/// `soft_flush`es (which start a write-behind store's background flush while the others
/// write) and `hard_flush`es.
pub fn adds_removes_loads(tasks: usize) -> impl Strategy<Value = ConcurrentScenario<DataStoreOp>> {
    let add = (contended_key(), any_record_value()).prop_map(|(key, value)| DataStoreOp::Add {
        backup: false,
        map: MAP.to_string(),
        key,
        value,
        expiration: None,
    });
    steps(
        tasks,
        prop_oneof![
            4 => add,
            2 => on_key(|key| DataStoreOp::Remove { backup: false, map: MAP.to_string(), key }),
            3 => on_key(|key| DataStoreOp::Load { map: MAP.to_string(), key, after: 0 }),
            1 => Just(DataStoreOp::SoftFlush),
            1 => Just(DataStoreOp::HardFlush),
        ],
    )
}

#[cfg(test)]
mod tests {
    use crate::concurrent::scenario::testing::{assert_shrinks_in_a_few_steps, kilobyte};
    use crate::datastore::DataStoreOp;

    #[test]
    fn a_kilobyte_value_in_a_concurrent_case_shrinks_in_a_few_steps_and_never_cycles() {
        assert_shrinks_in_a_few_steps(DataStoreOp::Add {
            backup: false,
            map: "m".to_string(),
            key: "k".to_string(),
            value: kilobyte(),
            expiration: None,
        });
    }
}
