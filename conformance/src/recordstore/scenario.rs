//! A record-store case as a [`Scenario`]: the parts injected into one fresh store, and
//! the ops run on it after `init()`.

use storage_traits::ExpiryPolicy;

use super::ops::RecordStoreOp;
use super::parts::{
    Backend, MAP_NAME, PARTITION_ID, RecordStoreKit, RecordStoreParts,
    record_store_parts_with_defaults,
};
use crate::engine::ops::simpler_keys;
use crate::render::ToRust;
use crate::scenario::Scenario;

/// A generated record-store case: the data store behind the kit's wrapper, the map
/// settings injected with it, and the ops, run in order on one fresh store from the
/// factory once `init()` has been called on it.
#[derive(Debug, Clone)]
pub struct RecordStoreScenario {
    /// The store behind the injected [`FaultyDataStore`](crate::doubles::FaultyDataStore).
    pub backend: Backend,
    /// The map's default expiry policy, injected as
    /// [`RecordStoreParts::default_expiry`].
    pub default_expiry: ExpiryPolicy,
    /// The map's cost limit, injected as [`RecordStoreParts::max_cost`].
    pub max_cost: u64,
    /// The map name, injected as [`RecordStoreParts::map_name`].
    pub map_name: String,
    /// The partition, injected as [`RecordStoreParts::partition_id`].
    pub partition_id: u32,
    /// The steps.
    pub ops: Vec<RecordStoreOp>,
}

impl RecordStoreScenario {
    /// A case over `backend` for [`MAP_NAME`] in [`PARTITION_ID`], without default
    /// expiry or cost limit.
    pub fn new(backend: Backend, ops: Vec<RecordStoreOp>) -> Self {
        Self {
            backend,
            default_expiry: ExpiryPolicy::NONE,
            max_cost: 0,
            map_name: MAP_NAME.to_string(),
            partition_id: PARTITION_ID,
            ops,
        }
    }

    /// Fresh parts for the case, and the kit's handles on them: what the rendered code
    /// does (see [`Self::parts_code`]). Call it inside a tokio runtime.
    pub fn parts(&self) -> anyhow::Result<(RecordStoreParts, RecordStoreKit)> {
        let (mut parts, kit) =
            record_store_parts_with_defaults(self.backend, self.default_expiry.clone())?;
        parts.map_name.clone_from(&self.map_name);
        parts.partition_id = self.partition_id;
        parts.max_cost = self.max_cost;
        Ok((parts, kit))
    }

    /// The replay code of [`Self::parts`], binding the kit to `kit`: the parts call,
    /// then a line per setting that differs from the call's.
    fn parts_code(&self, kit: &str) -> Vec<String> {
        let mut settings = Vec::new();
        if self.map_name != MAP_NAME {
            settings.push(format!(
                "parts.map_name = {}.to_string();",
                self.map_name.to_rust()
            ));
        }
        if self.partition_id != PARTITION_ID {
            settings.push(format!("parts.partition_id = {};", self.partition_id));
        }
        if self.max_cost != 0 {
            settings.push(format!("parts.max_cost = {};", self.max_cost));
        }
        let parts = if settings.is_empty() {
            "parts"
        } else {
            "mut parts"
        };
        let mut code = vec![format!(
            "let ({parts}, {kit}) = {}.expect(\"the kit's parts\");",
            self.parts_call()
        )];
        code.extend(settings);
        code
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
        ];
        code.extend(self.parts_code(kit));
        code.extend([
            format!("let factory = {subject};"),
            "let mut s = factory(parts);".to_string(),
            // A failure with no op to blame came from the store as built and initialized.
            if failing_step.is_none() {
                "s.init(); // <- the rule breaks here, before any op".to_string()
            } else {
                "s.init();".to_string()
            },
        ]);
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
