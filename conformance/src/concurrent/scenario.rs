//! A concurrent case: `(thread, op)` steps. Each thread runs its own steps in order,
//! all threads at once, so removing or simplifying one step is still a valid case and
//! the runner's shrinking works unchanged.

use std::fmt::Debug;

use crate::scenario::Scenario;

/// An operation one thread (or task) of a concurrent case runs.
pub trait ThreadOp: Clone + Debug + Send + Sync + 'static {
    /// Simpler versions of the op, for the minimality pass; none unless the op kind
    /// has them.
    fn simpler(&self) -> Vec<Self> {
        Vec::new()
    }

    /// The op as one or more lines of Rust code.
    fn code(&self) -> String;

    /// The key of a single-key op.
    fn key(&self) -> Option<&str>;

    /// The whole case as Rust code: `threads` holds each thread's `(step, op)` list,
    /// and `failing_step`, when known, is marked.
    fn render_case(
        threads: &[Vec<(usize, &Self)>],
        subject: &str,
        failing_step: Option<usize>,
    ) -> String;
}

/// How many times shrinking tries a smaller concurrent case (each try runs the case's
/// repetitions) before deciding that it does not fail.
pub const SHRINK_ATTEMPTS: u32 = 3;

/// A generated concurrent case.
#[derive(Debug, Clone)]
pub struct ConcurrentScenario<O> {
    /// The number of threads, some of which may have no step.
    pub threads: usize,
    /// The steps: which thread runs which op. A thread's steps run in this order.
    pub steps: Vec<(usize, O)>,
}

impl<O: ThreadOp> ConcurrentScenario<O> {
    /// Each thread's steps, as `(step index, op)` in order.
    pub fn per_thread(&self) -> Vec<Vec<(usize, &O)>> {
        let mut threads = vec![Vec::new(); self.threads];
        for (index, (thread, op)) in self.steps.iter().enumerate() {
            if let Some(list) = threads.get_mut(*thread) {
                list.push((index, op));
            }
        }
        threads
    }

    /// Every key the case touches, sorted and deduplicated.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .steps
            .iter()
            .filter_map(|(_, op)| op.key().map(str::to_string))
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }
}

impl<O: ThreadOp> Scenario for ConcurrentScenario<O> {
    fn step_count(&self) -> usize {
        self.steps.len()
    }

    fn without_step(&self, index: usize) -> Self {
        let mut steps = self.steps.clone();
        steps.remove(index);
        Self {
            threads: self.threads,
            steps,
        }
    }

    fn simpler_at(&self, index: usize) -> Vec<Self> {
        let Some((thread, op)) = self.steps.get(index) else {
            return Vec::new();
        };
        op.simpler()
            .into_iter()
            .map(|simpler| {
                let mut steps = self.steps.clone();
                steps[index] = (*thread, simpler);
                Self {
                    threads: self.threads,
                    steps,
                }
            })
            .collect()
    }

    fn shrink_attempts(&self) -> u32 {
        SHRINK_ATTEMPTS
    }

    fn describe_step(&self, index: usize) -> String {
        match self.steps.get(index) {
            Some((thread, op)) => format!("thread {thread}, step {index}: {}", op.code()),
            None => format!("step {index}"),
        }
    }

    fn to_rust(&self, subject: &str, failing_step: Option<usize>) -> String {
        O::render_case(&self.per_thread(), subject, failing_step)
    }
}

/// The steps of one thread as indented lines, the failing one marked.
pub fn thread_body<O: ThreadOp>(
    ops: &[(usize, &O)],
    indent: &str,
    failing_step: Option<usize>,
) -> Vec<String> {
    let mut lines = Vec::new();
    for (index, op) in ops {
        let mut code = op.code();
        if failing_step == Some(*index) {
            code.push_str(" // <- the rule breaks here");
        }
        lines.extend(code.lines().map(|part| format!("{indent}{part}")));
    }
    lines
}

/// The Rust code of a case run on tokio tasks, around the tasks' steps.
#[derive(Debug, Clone)]
pub struct TaskFrame<'a> {
    /// `use` lines besides `storage_conformance::replay::*`, which every case gets.
    pub imports: &'a [&'a str],
    /// Builds the tokio runtime `rt`, whose `block_on` runs the rest.
    pub runtime: &'a str,
    /// Defines `store` and every name in `shared`, inside the runtime.
    pub setup: Vec<String>,
    /// Names besides `store` that every task clones (`Arc`s).
    pub shared: &'a [&'a str],
    /// Runs once every task joined.
    pub after: Vec<String>,
}

impl TaskFrame<'_> {
    /// The case: the imports, the runtime, the setup, then each busy task in a block of
    /// its own (so that its clones never shadow what the next task clones) with clones
    /// of `store` (as `s`), of `shared` and of the barrier `start`, waiting at the
    /// barrier and running its steps, the failing one marked; then `after`.
    pub fn render<O: ThreadOp>(
        self,
        threads: &[Vec<(usize, &O)>],
        failing_step: Option<usize>,
    ) -> String {
        let mut imports: Vec<&str> = self.imports.to_vec();
        imports.push("use storage_conformance::replay::*;");
        imports.sort_unstable();
        let mut code: Vec<String> = imports.into_iter().map(str::to_string).collect();
        code.push(
            "// Every task runs its steps at once with the others; a race shows in some runs only."
                .to_string(),
        );
        code.push(self.runtime.to_string());
        code.push("rt.block_on(async {".to_string());
        code.extend(self.setup);
        let busy = threads.iter().filter(|ops| !ops.is_empty()).count();
        let names = [&["s"], self.shared, &["start"]].concat();
        let clones: Vec<String> = [&["store"], self.shared, &["start"]]
            .concat()
            .into_iter()
            .map(|name| format!("std::sync::Arc::clone(&{name})"))
            .collect();
        code.push(format!(
            "let start = std::sync::Arc::new(tokio::sync::Barrier::new({busy}));"
        ));
        code.push("let mut tasks = Vec::new();".to_string());
        for (task, ops) in threads
            .iter()
            .enumerate()
            .filter(|(_, ops)| !ops.is_empty())
        {
            code.push(format!(
                "{{\n    // task {task}\n    let ({}) = ({});\n    tasks.push(tokio::spawn(async move {{\n        start.wait().await;",
                names.join(", "),
                clones.join(", ")
            ));
            code.extend(thread_body(ops, "        ", failing_step));
            code.push("    }));\n}".to_string());
        }
        code.push("for task in tasks { task.await.expect(\"a task\"); }".to_string());
        code.extend(self.after);
        code.push("});".to_string());
        code.join("\n")
    }
}

/// What the suites' tests of their ops' shrinking share.
#[cfg(test)]
pub(crate) mod testing {
    use storage_traits::{RecordValue, Timestamp, Value};

    use super::ThreadOp;

    /// A record value holding a kilobyte of bytes.
    pub(crate) fn kilobyte() -> RecordValue {
        RecordValue::Lww {
            value: Value::Bytes((0..=255).cycle().take(1000).collect()),
            timestamp: Timestamp {
                millis: u64::MAX,
                counter: 7,
                node_id: "node".to_string(),
            },
        }
    }

    pub(crate) fn first<O>(ops: Vec<O>) -> Option<O> {
        ops.into_iter().next()
    }

    pub(crate) fn last<O>(ops: Vec<O>) -> Option<O> {
        ops.into_iter().last()
    }

    /// Takes the candidate `pick` chooses until there is none, as a minimality pass
    /// that accepts every candidate would: the number of steps, and the last op.
    pub(crate) fn chain<O: ThreadOp>(op: O, pick: fn(Vec<O>) -> Option<O>) -> (usize, O) {
        let mut op = op;
        for steps in 0..10_000 {
            match pick(op.simpler()) {
                Some(simpler) => op = simpler,
                None => return (steps, op),
            }
        }
        panic!("the simpler candidates of {op:?} go round in a cycle");
    }

    /// Asserts that `op` shrinks to a short line of code in a few steps, whichever
    /// candidate a minimality pass takes.
    pub(crate) fn assert_shrinks_in_a_few_steps<O: ThreadOp>(op: O) {
        for (steps, op) in [chain(op.clone(), first), chain(op, last)] {
            assert!(steps < 40, "{steps} steps to {op:?}");
            assert!(op.code().len() < 150, "{}", op.code());
        }
    }
}
