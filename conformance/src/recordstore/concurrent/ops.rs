//! Record-store ops as the steps of concurrent cases, the op mixes of the concurrent
//! record-store properties, and the keys and step lists every case on tasks draws.

use async_trait::async_trait;
use proptest::prelude::*;
use storage_traits::{CallerProvenance, ExpiryPolicy, RecordStore, RecordValue};

use super::history::StoreResult;
use crate::concurrent::scenario::{ConcurrentScenario, TaskFrame, ThreadOp};
use crate::concurrent::task_strategies::{contended_key, steps};
use crate::concurrent::tasks::TaskOp;
use crate::generators::{any_record_value, smaller_record_values};
use crate::recordstore::RecordStoreOp;

impl ThreadOp for RecordStoreOp {
    /// The sequential suite's candidates that keep the value (simpler keys, `Client`,
    /// no touch), then a put's value cut down ([`smaller_record_values`]), so no
    /// counterexample keeps a value larger than its failure needs. The values follow
    /// one order only, so that no two candidates undo each other.
    fn simpler(&self) -> Vec<Self> {
        let mut simpler: Vec<Self> = RecordStoreOp::simpler(self)
            .into_iter()
            .filter(|op| same_value(op, self))
            .collect();
        if let RecordStoreOp::Put {
            key,
            value,
            expiry,
            provenance,
        } = self
        {
            simpler.extend(smaller_record_values(value).into_iter().map(|value| {
                RecordStoreOp::Put {
                    key: key.clone(),
                    value,
                    expiry: expiry.clone(),
                    provenance: *provenance,
                }
            }));
        }
        simpler
    }

    fn code(&self) -> String {
        self.to_rust()
    }

    fn key(&self) -> Option<&str> {
        RecordStoreOp::key(self)
    }

    fn render_case(
        threads: &[Vec<(usize, &Self)>],
        subject: &str,
        failing_step: Option<usize>,
    ) -> String {
        let setup = vec![
            "let (parts, _kit) = record_store_parts(Backend::InMemory).expect(\"the kit's parts\");"
                .to_string(),
            format!("let mut store = ({subject})(parts);"),
            "store.init();".to_string(),
            "let store = std::sync::Arc::new(store);".to_string(),
        ];
        let frame = TaskFrame {
            imports: &["use storage_traits::RecordStore;"],
            runtime: "let rt = record_store_runtime().expect(\"a tokio runtime\");",
            setup,
            shared: &[],
            after: Vec::new(),
        };
        frame.render(threads, failing_step)
    }
}

#[async_trait]
impl<R: RecordStore + ?Sized + 'static> TaskOp<R> for RecordStoreOp {
    type Output = StoreResult;

    /// The concurrent suites draw puts, removes and gets only.
    async fn call(&self, store: &R) -> StoreResult {
        let result = match self {
            RecordStoreOp::Put {
                key,
                value,
                expiry,
                provenance,
            } => store
                .put(key, value.clone(), expiry.clone(), *provenance)
                .await
                .map(StoreResult::Value),
            RecordStoreOp::Remove { key, provenance } => {
                store.remove(key, *provenance).await.map(StoreResult::Value)
            }
            RecordStoreOp::Get { key, touch } => {
                store.get(key, *touch).await.map(StoreResult::Record)
            }
            _ => Ok(StoreResult::Nothing),
        };
        result.unwrap_or_else(|e| StoreResult::Error(format!("{e:#}")))
    }
}

/// Whether two ops put the same value (or neither puts one).
fn same_value(a: &RecordStoreOp, b: &RecordStoreOp) -> bool {
    match (a, b) {
        (RecordStoreOp::Put { value: a, .. }, RecordStoreOp::Put { value: b, .. }) => a.same_as(b),
        (RecordStoreOp::Put { .. }, _) | (_, RecordStoreOp::Put { .. }) => false,
        _ => true,
    }
}

/// A client put of `value` without expiry, for the strategies.
pub fn client_put(key: String, value: RecordValue) -> RecordStoreOp {
    RecordStoreOp::Put {
        key,
        value,
        expiry: ExpiryPolicy::NONE,
        provenance: CallerProvenance::Client,
    }
}

fn put() -> impl Strategy<Value = RecordStoreOp> + Clone {
    (contended_key(), any_record_value()).prop_map(|(key, value)| client_put(key, value))
}

/// Client puts, removes and gets on two keys.
pub fn writes_and_reads(tasks: usize) -> impl Strategy<Value = ConcurrentScenario<RecordStoreOp>> {
    steps(
        tasks,
        prop_oneof![
            4 => put(),
            2 => contended_key().prop_map(|key| RecordStoreOp::Remove {
                key,
                provenance: CallerProvenance::Client,
            }),
            1 => (contended_key(), any::<bool>())
                .prop_map(|(key, touch)| RecordStoreOp::Get { key, touch }),
        ],
    )
}

/// Client puts and touching gets on two keys, no removes.
pub fn puts_and_touches(tasks: usize) -> impl Strategy<Value = ConcurrentScenario<RecordStoreOp>> {
    steps(
        tasks,
        prop_oneof![
            1 => put(),
            1 => contended_key().prop_map(|key| RecordStoreOp::Get { key, touch: true }),
        ],
    )
}

#[cfg(test)]
mod tests {
    use crate::concurrent::scenario::testing::{assert_shrinks_in_a_few_steps, kilobyte};
    use crate::recordstore::RecordStoreOp;

    #[test]
    fn a_kilobyte_value_in_a_concurrent_case_shrinks_in_a_few_steps_and_never_cycles() {
        assert_shrinks_in_a_few_steps(RecordStoreOp::Put {
            key: "ключ".to_string(),
            value: kilobyte(),
            expiry: storage_traits::ExpiryPolicy::NONE,
            provenance: storage_traits::CallerProvenance::Client,
        });
    }
}
