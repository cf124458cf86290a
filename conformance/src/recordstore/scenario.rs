//! A record-store case as a [`Scenario`]: a backend and the ops run on one fresh store.

use storage_traits::ExpiryPolicy;

use super::ops::RecordStoreOp;
use super::parts::Backend;
use crate::engine::ops::simpler_keys;
use crate::render::ToRust;
use crate::scenario::Scenario;

/// A generated record-store case: the data store behind the kit's wrapper, and the ops,
/// run in order on one fresh store from the factory.
#[derive(Debug, Clone)]
pub struct RecordStoreScenario {
    /// The store behind the injected [`FaultyDataStore`](crate::doubles::FaultyDataStore).
    pub backend: Backend,
    /// The map's default expiry policy, injected as
    /// [`RecordStoreParts::default_expiry`](super::RecordStoreParts::default_expiry).
    pub default_expiry: ExpiryPolicy,
    /// The steps.
    pub ops: Vec<RecordStoreOp>,
}

impl RecordStoreScenario {
    /// A case over `backend`, without default expiry.
    pub fn new(backend: Backend, ops: Vec<RecordStoreOp>) -> Self {
        Self {
            backend,
            default_expiry: ExpiryPolicy::NONE,
            ops,
        }
    }

    /// The replay call that builds the case's parts.
    fn parts_call(&self) -> String {
        if self.default_expiry == ExpiryPolicy::NONE {
            format!("record_store_parts({})", self.backend.to_rust())
        } else {
            format!(
                "record_store_parts_with_defaults({}, {})",
                self.backend.to_rust(),
                self.default_expiry.to_rust()
            )
        }
    }
}

impl Scenario for RecordStoreScenario {
    fn step_count(&self) -> usize {
        self.ops.len()
    }

    fn without_step(&self, index: usize) -> Self {
        let mut ops = self.ops.clone();
        ops.remove(index);
        Self {
            ops,
            ..self.clone()
        }
    }

    /// Besides simpler versions of step `index`, the case with that step's key renamed
    /// to a simpler one in every step (a bug about one key needs all its steps to keep
    /// sharing it), two clock moves in a row merged into one, and a clock move moved one
    /// step later (which can free the steps before it to go). The backend shrinks toward
    /// the first one the property draws.
    fn simpler_at(&self, index: usize) -> Vec<Self> {
        let Some(op) = self.ops.get(index) else {
            return Vec::new();
        };
        let with_ops = |ops: Vec<RecordStoreOp>| Self {
            ops,
            ..self.clone()
        };
        let mut simpler: Vec<Self> = Vec::new();
        match (op, self.ops.get(index + 1)) {
            (RecordStoreOp::Advance(a), Some(RecordStoreOp::Advance(b))) => {
                let mut ops = self.ops.clone();
                ops[index] = RecordStoreOp::Advance(a.saturating_add(*b));
                ops.remove(index + 1);
                simpler.push(with_ops(ops));
            }
            // Clock moves only ever move later, so this never undoes itself.
            (RecordStoreOp::Advance(_), Some(_)) => {
                let mut ops = self.ops.clone();
                ops.swap(index, index + 1);
                simpler.push(with_ops(ops));
            }
            _ => {}
        }
        if let Some(key) = op.key() {
            simpler.extend(
                simpler_keys(key)
                    .map(|to| with_ops(self.ops.iter().map(|o| o.renamed(key, &to)).collect())),
            );
        }
        simpler.extend(op.simpler().into_iter().map(|op| {
            let mut ops = self.ops.clone();
            ops[index] = op;
            with_ops(ops)
        }));
        simpler
    }

    fn to_rust(&self, subject: &str, failing_step: Option<usize>) -> String {
        let uses_kit = self.ops.iter().any(|op| op.to_rust().contains("kit."));
        let kit = if uses_kit { "kit" } else { "_kit" };
        let mut code = vec![
            "use storage_conformance::replay::*;".to_string(),
            "use storage_traits::RecordStore;".to_string(),
            "let rt = record_store_runtime().expect(\"a tokio runtime\");".to_string(),
            "rt.block_on(async {".to_string(),
            format!(
                "let (parts, {kit}) = {}.expect(\"the kit's parts\");",
                self.parts_call()
            ),
            format!("let factory = {subject};"),
            "let s = factory(parts);".to_string(),
        ];
        if self
            .ops
            .iter()
            .any(|op| matches!(op, RecordStoreOp::FetchPage { .. }))
        {
            code.push("let mut cursor = IterationCursor::start();".to_string());
        }
        for (index, op) in self.ops.iter().enumerate() {
            let mut line = op.to_rust();
            if failing_step == Some(index) {
                line.push_str(" // <- the rule breaks here");
            }
            code.push(line);
        }
        code.push("});".to_string());
        code.join("\n")
    }
}
