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
    /// The map's cost limit, injected as [`RecordStoreParts::max_cost`] (unless
    /// [`Self::max_cost_after`] measures it).
    pub max_cost: u64,
    /// When set, the cost limit is measured instead of drawn: the `owned_entry_cost()`
    /// of a probe store from the same factory, over fresh parts with the same settings
    /// and no limit, after this many of the first ops (at most `ops.len()`). The store
    /// under test then meets its limit exactly after those ops, if its costs are
    /// deterministic, which no drawn limit can arrange. [`Self::with_max_cost`] turns
    /// the case into one with the measured limit.
    pub max_cost_after: Option<usize>,
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
            max_cost_after: None,
            map_name: MAP_NAME.to_string(),
            partition_id: PARTITION_ID,
            ops,
        }
    }

    /// The case a probe store runs to measure the cost limit ([`Self::max_cost_after`]):
    /// the same settings, no limit, and the first ops only. `None` when the limit is
    /// not measured.
    pub fn cost_probe(&self) -> Option<Self> {
        let steps = self.max_cost_after?;
        Some(Self {
            max_cost: 0,
            max_cost_after: None,
            ops: self.ops.iter().take(steps).cloned().collect(),
            ..self.clone()
        })
    }

    /// The same case under the cost limit `max_cost`, measured or not.
    pub fn with_max_cost(&self, max_cost: u64) -> Self {
        Self {
            max_cost,
            max_cost_after: None,
            ..self.clone()
        }
    }

    /// Fresh parts for the case, and the kit's handles on them: what the rendered code
    /// does. Call it inside a tokio runtime.
    pub fn parts(&self) -> anyhow::Result<(RecordStoreParts, RecordStoreKit)> {
        let (mut parts, kit) =
            record_store_parts_with_defaults(self.backend, self.default_expiry.clone())?;
        parts.map_name.clone_from(&self.map_name);
        parts.partition_id = self.partition_id;
        parts.max_cost = self.max_cost;
        Ok((parts, kit))
    }

    /// The replay code of [`Self::parts`], binding the kit to `kit`: the parts call,
    /// then a line per setting that differs from the call's; the cost limit is the
    /// expression `max_cost`, if any.
    fn parts_code(&self, kit: &str, max_cost: Option<String>) -> Vec<String> {
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
        if let Some(max_cost) = max_cost {
            settings.push(format!("parts.max_cost = {max_cost};"));
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

    /// The replay code of this probe case ([`Self::cost_probe`]): a block that binds
    /// `max_cost` to the cost of a store from `factory` after the probe's ops.
    fn probe_code(&self) -> Vec<String> {
        let ops = match self.ops.len() {
            1 => "op".to_string(),
            n => format!("{n} ops"),
        };
        let mut code = vec![
            format!(
                "// The cost limit: what a store from the same factory costs after its first {ops}."
            ),
            "let max_cost = {".to_string(),
        ];
        code.extend(self.parts_code(kit_name(&self.ops), None));
        code.extend(store_code(&self.ops, None, false));
        code.extend(["s.owned_entry_cost()".to_string(), "};".to_string()]);
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

    /// A step removed from the probe's prefix leaves the probe one step shorter, so it
    /// still runs the same ops, less that one.
    fn without_step(&self, index: usize) -> Self {
        let mut ops = self.ops.clone();
        ops.remove(index);
        let max_cost_after = self
            .max_cost_after
            .map(|steps| if index < steps { steps - 1 } else { steps });
        Self {
            max_cost_after,
            ops,
            ..self.clone()
        }
    }

    /// Besides simpler versions of step `index`, the case with that step's key renamed
    /// to a simpler one in every step (a bug about one key needs all its steps to keep
    /// sharing it), two clock moves in a row merged into one, and a clock move moved one
    /// step later (which can free the steps before it to go). The backend shrinks toward
    /// the first one the property draws. At the first step, once per case, a measured
    /// cost limit is replaced by the simplest fixed ones, none (0) and 1: a bug that any
    /// such limit shows would otherwise keep the ops its probe needs.
    fn simpler_at(&self, index: usize) -> Vec<Self> {
        let Some(op) = self.ops.get(index) else {
            return Vec::new();
        };
        let with_ops = |ops: Vec<RecordStoreOp>| Self {
            ops,
            ..self.clone()
        };
        let mut simpler: Vec<Self> = Vec::new();
        if index == 0 && self.max_cost_after.is_some() {
            simpler.extend([0, 1].map(|max_cost| self.with_max_cost(max_cost)));
        }
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

    /// A measured cost limit is replayed as the probe: a block that builds a store from
    /// the same factory over fresh parts, runs the first ops on it and reads its cost.
    fn to_rust(&self, subject: &str, failing_step: Option<usize>) -> String {
        let mut code = vec![
            "use storage_conformance::replay::*;".to_string(),
            "use storage_traits::RecordStore;".to_string(),
            "let rt = record_store_runtime().expect(\"a tokio runtime\");".to_string(),
            "rt.block_on(async {".to_string(),
        ];
        let kit = kit_name(&self.ops);
        if let Some(probe) = self.cost_probe() {
            // The factory comes first: the probe needs it before the parts are built.
            code.push(format!("let factory = {subject};"));
            code.extend(probe.probe_code());
            code.extend(self.parts_code(kit, Some("max_cost".to_string())));
        } else {
            let max_cost = (self.max_cost != 0).then(|| self.max_cost.to_string());
            code.extend(self.parts_code(kit, max_cost));
            code.push(format!("let factory = {subject};"));
        }
        code.extend(store_code(&self.ops, failing_step, true));
        code.push("});".to_string());
        code.join("\n")
    }
}

/// The name the replay binds the kit's handles to: `_kit` when no op uses them.
fn kit_name(ops: &[RecordStoreOp]) -> &'static str {
    if ops.iter().any(|op| op.to_rust().contains("kit.")) {
        "kit"
    } else {
        "_kit"
    }
}

/// The replay code that builds the store `s` from `factory(parts)`, initializes it and
/// runs `ops` on it, marking the failing step (or `init`, when `blame` and no step is
/// to blame).
fn store_code(ops: &[RecordStoreOp], failing_step: Option<usize>, blame: bool) -> Vec<String> {
    let mut code = vec![
        "let mut s = factory(parts);".to_string(),
        // A failure with no op to blame came from the store as built and initialized.
        if blame && failing_step.is_none() {
            "s.init(); // <- the rule breaks here, before any op".to_string()
        } else {
            "s.init();".to_string()
        },
    ];
    if ops
        .iter()
        .any(|op| matches!(op, RecordStoreOp::FetchPage { .. }))
    {
        code.push("let mut cursor = IterationCursor::start();".to_string());
    }
    for (index, op) in ops.iter().enumerate() {
        let mut line = op.to_rust();
        if failing_step == Some(index) {
            line.push_str(" // <- the rule breaks here");
        }
        code.push(line);
    }
    code
}
