//! Record-store ops as the steps of concurrent cases, and the op mixes of the
//! concurrent record-store properties.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use storage_traits::CallerProvenance;

use super::scenario::{ConcurrentScenario, ThreadOp, thread_body};
use super::store_run::client_put;
use crate::generators::{any_record_value, pool_keys};
use crate::recordstore::RecordStoreOp;

/// The most steps of a generated concurrent record-store case, over all tasks.
pub const MAX_STEPS: usize = 32;

/// How many keys of the pool the cases use: few, so that tasks collide on them.
const CONTENDED_KEYS: usize = 2;

impl ThreadOp for RecordStoreOp {
    fn simpler(&self) -> Vec<Self> {
        Vec::new()
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
        let busy = threads.iter().filter(|ops| !ops.is_empty()).count();
        let mut code = vec![
            "use storage_conformance::replay::*;".to_string(),
            "use storage_traits::RecordStore;".to_string(),
            "// Every task runs its steps at once with the others; a race shows in some runs only."
                .to_string(),
            "let rt = record_store_runtime().expect(\"a tokio runtime\");".to_string(),
            "rt.block_on(async {".to_string(),
            "let (parts, _kit) = record_store_parts(Backend::InMemory).expect(\"the kit's parts\");"
                .to_string(),
            format!("let mut store = ({subject})(parts);"),
            "store.init();".to_string(),
            "let store = std::sync::Arc::new(store);".to_string(),
            format!("let start = std::sync::Arc::new(tokio::sync::Barrier::new({busy}));"),
            "let mut tasks = Vec::new();".to_string(),
        ];
        for (task, ops) in threads
            .iter()
            .enumerate()
            .filter(|(_, ops)| !ops.is_empty())
        {
            code.push(format!(
                "// task {task}\nlet (s, start) = (std::sync::Arc::clone(&store), std::sync::Arc::clone(&start));\ntasks.push(tokio::spawn(async move {{\n    start.wait().await;"
            ));
            code.extend(thread_body(ops, "    ", failing_step));
            code.push("}));".to_string());
        }
        code.push("for task in tasks { task.await.expect(\"a task\"); }".to_string());
        code.push("});".to_string());
        code.join("\n")
    }
}

fn key() -> impl Strategy<Value = String> + Clone {
    select(
        pool_keys()
            .into_iter()
            .take(CONTENDED_KEYS)
            .collect::<Vec<_>>(),
    )
}

fn put() -> impl Strategy<Value = RecordStoreOp> + Clone {
    (key(), any_record_value()).prop_map(|(key, value)| client_put(key, value))
}

fn steps(
    tasks: usize,
    op: impl Strategy<Value = RecordStoreOp>,
) -> impl Strategy<Value = ConcurrentScenario<RecordStoreOp>> {
    vec((0..tasks.max(1), op), 0..=MAX_STEPS).prop_map(move |steps| ConcurrentScenario {
        threads: tasks.max(1),
        steps,
    })
}

/// Client puts, removes and gets on two keys.
pub fn writes_and_reads(tasks: usize) -> impl Strategy<Value = ConcurrentScenario<RecordStoreOp>> {
    steps(
        tasks,
        prop_oneof![
            4 => put(),
            2 => key().prop_map(|key| RecordStoreOp::Remove {
                key,
                provenance: CallerProvenance::Client,
            }),
            1 => (key(), any::<bool>()).prop_map(|(key, touch)| RecordStoreOp::Get { key, touch }),
        ],
    )
}

/// Client puts and touching gets on two keys, no removes.
pub fn puts_and_touches(tasks: usize) -> impl Strategy<Value = ConcurrentScenario<RecordStoreOp>> {
    steps(
        tasks,
        prop_oneof![
            1 => put(),
            1 => key().prop_map(|key| RecordStoreOp::Get { key, touch: true }),
        ],
    )
}
