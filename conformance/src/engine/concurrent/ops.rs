//! Engine ops as the steps of a concurrent case: their keys, shrinking and rendering
//! as threads spawned on one shared engine.

use crate::concurrent::scenario::{ThreadOp, thread_body};
use crate::engine::EngineOp;

impl ThreadOp for EngineOp {
    fn simpler(&self) -> Vec<Self> {
        EngineOp::simpler(self)
    }

    fn code(&self) -> String {
        self.to_rust()
    }

    fn key(&self) -> Option<&str> {
        match self {
            EngineOp::Put(key, _)
            | EngineOp::Get(key)
            | EngineOp::Remove(key)
            | EngineOp::ContainsKey(key) => Some(key),
            _ => None,
        }
    }

    fn render_case(
        threads: &[Vec<(usize, &Self)>],
        subject: &str,
        failing_step: Option<usize>,
    ) -> String {
        let busy = threads.iter().filter(|ops| !ops.is_empty()).count();
        let mut code = vec![
            "use storage_conformance::replay::*;".to_string(),
            "use storage_traits::StorageEngine;".to_string(),
            "// Every thread runs its steps at once with the others; a race shows in some runs only.".to_string(),
            format!("let engine = std::sync::Arc::new(({subject})());"),
            format!("let start = std::sync::Arc::new(std::sync::Barrier::new({busy}));"),
            "std::thread::scope(|s| {".to_string(),
        ];
        for (thread, ops) in threads
            .iter()
            .enumerate()
            .filter(|(_, ops)| !ops.is_empty())
        {
            code.push(format!(
                "    // thread {thread}\n    let (e, start) = (std::sync::Arc::clone(&engine), std::sync::Arc::clone(&start));\n    s.spawn(move || {{\n        start.wait();"
            ));
            code.extend(thread_body(ops, "        ", failing_step));
            code.push("    });".to_string());
        }
        code.push("});".to_string());
        code.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use crate::concurrent::ConcurrentScenario;
    use crate::engine::EngineOp;
    use crate::scenario::Scenario;

    #[test]
    fn renders_one_spawned_thread_per_thread_with_its_steps_in_order() {
        let scenario = ConcurrentScenario {
            threads: 3,
            steps: vec![
                (1, EngineOp::Get("a".to_string())),
                (0, EngineOp::Len),
                (1, EngineOp::Remove("a".to_string())),
            ],
        };
        let code = scenario.to_rust("HashMapEngine::new", Some(2));
        assert_eq!(code.matches("s.spawn").count(), 2);
        let get = code.find("e.get(").unwrap_or(usize::MAX);
        let remove = code.find("e.remove(").unwrap_or(0);
        assert!(get < remove, "{code}");
        assert!(
            code.contains("e.remove(\"a\"); // <- the rule breaks here"),
            "{code}"
        );
        assert_eq!(scenario.without_step(1).per_thread()[0].len(), 0);
        assert!(scenario.describe_step(1).starts_with("thread 0, step 1"));
    }
}
