//! An observer case: the observers registered with the composite, then the notifications
//! sent to it, as a [`Scenario`].

use crate::doubles::Call;
use crate::render::ToRust;
use crate::scenario::Scenario;

/// One registration with the composite under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The recording observer with this id; the same id is the same observer (`Arc`), so
    /// a repeated id registers one observer twice.
    Recording(usize),
    /// A [`PanickingObserver`](crate::doubles::PanickingObserver).
    Panicking,
}

impl Slot {
    fn to_rust(self) -> String {
        match self {
            Slot::Recording(id) => format!("o{id}.clone()"),
            Slot::Panicking => "Arc::new(PanickingObserver)".to_string(),
        }
    }
}

/// A generated observer case: registrations (steps `0..slots.len()`), then calls.
#[derive(Debug, Clone)]
pub struct ObserverScenario {
    /// The observers in registration order.
    pub slots: Vec<Slot>,
    /// How many of the last slots are registered with the adder (`add`) rather than
    /// handed to the factory.
    pub added: usize,
    /// The notifications sent to the composite, in order.
    pub calls: Vec<Call>,
    /// The adder's source text, for the rendered code.
    pub adder: Option<String>,
}

impl ObserverScenario {
    /// The index of the first slot registered with the adder.
    pub fn first_added(&self) -> usize {
        self.slots.len() - self.added.min(self.slots.len())
    }
}

impl Scenario for ObserverScenario {
    fn step_count(&self) -> usize {
        self.slots.len() + self.calls.len()
    }

    fn without_step(&self, index: usize) -> Self {
        let mut shorter = self.clone();
        if index < self.slots.len() {
            if index >= self.first_added() {
                shorter.added -= 1;
            }
            shorter.slots.remove(index);
        } else {
            shorter.calls.remove(index - self.slots.len());
        }
        shorter
    }

    fn describe_step(&self, index: usize) -> String {
        let what = match index.checked_sub(self.slots.len()) {
            None => self
                .slots
                .get(index)
                .map(|s| format!("register {}", s.to_rust())),
            Some(call) => self.calls.get(call).map(notification_to_rust),
        };
        what.map_or(format!("step {index}"), |what| {
            format!("step {index}: {what}")
        })
    }

    fn to_rust(&self, subject: &str, failing_step: Option<usize>) -> String {
        let mut code = vec![
            "use std::sync::Arc;".to_string(),
            "use storage_conformance::doubles::{EventLog, PanickingObserver};".to_string(),
            "use storage_conformance::replay::*;".to_string(),
            "use storage_traits::MutationObserver;".to_string(),
            "let log = EventLog::new();".to_string(),
        ];
        let mut ids: Vec<usize> = self
            .slots
            .iter()
            .filter_map(|s| match s {
                Slot::Recording(id) => Some(*id),
                Slot::Panicking => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        code.extend(
            ids.iter()
                .map(|id| format!("let o{id} = log.observer({id});")),
        );
        let first_added = self.first_added();
        code.push("let observers: Vec<Arc<dyn MutationObserver>> = vec![".to_string());
        code.extend(
            self.slots[..first_added]
                .iter()
                .map(|s| format!("    {},", s.to_rust())),
        );
        code.push("];".to_string());
        let binding = if self.added > 0 { "let mut c" } else { "let c" };
        code.push(format!("{binding} = ({subject})(observers);"));
        if self.added > 0 {
            let adder = self.adder.as_deref().unwrap_or("add");
            code.push(format!("let add = {adder};"));
            code.extend(
                self.slots[first_added..]
                    .iter()
                    .map(|s| format!("add(&mut c, {});", s.to_rust())),
            );
        }
        let guarded = self.slots.contains(&Slot::Panicking);
        for (index, call) in self.calls.iter().enumerate() {
            let mut line = notification_to_rust(call);
            if guarded {
                line = format!(
                    "let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {}));",
                    line.trim_end_matches(';')
                );
            }
            if failing_step == Some(self.slots.len() + index) {
                line.push_str(" // <- the rule breaks here");
            }
            code.push(line);
            code.push("println!(\"{:#?}\", log.events()); log.clear();".to_string());
        }
        code.join("\n")
    }
}

/// `call` as a call on the composite `c`.
fn notification_to_rust(call: &Call) -> String {
    let old = |value: &Option<storage_traits::RecordValue>| {
        value
            .as_ref()
            .map_or("None".to_string(), |v| format!("Some(&{})", v.to_rust()))
    };
    match call {
        Call::Put {
            key,
            record,
            old_value,
            is_backup,
        } => format!(
            "c.on_put({}, &{}, {}, {is_backup});",
            key.to_rust(),
            record.to_rust(),
            old(old_value)
        ),
        Call::Update {
            key,
            record,
            old_value,
            new_value,
            is_backup,
        } => format!(
            "c.on_update({}, &{}, &{}, &{}, {is_backup});",
            key.to_rust(),
            record.to_rust(),
            old_value.to_rust(),
            new_value.to_rust()
        ),
        Call::Remove {
            key,
            record,
            is_backup,
        } => keyed("on_remove", key, record, *is_backup),
        Call::Evict {
            key,
            record,
            is_backup,
        } => keyed("on_evict", key, record, *is_backup),
        Call::Load {
            key,
            record,
            is_backup,
        } => keyed("on_load", key, record, *is_backup),
        Call::ReplicationPut {
            key,
            record,
            populate_index,
        } => keyed("on_replication_put", key, record, *populate_index),
        Call::Clear => "c.on_clear();".to_string(),
        Call::Reset => "c.on_reset();".to_string(),
        Call::Destroy { is_shutdown } => format!("c.on_destroy({is_shutdown});"),
    }
}

fn keyed(method: &str, key: &str, record: &storage_traits::Record, flag: bool) -> String {
    format!(
        "c.{method}({}, &{}, {flag});",
        key.to_rust(),
        record.to_rust()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> ObserverScenario {
        ObserverScenario {
            slots: vec![Slot::Recording(0), Slot::Panicking, Slot::Recording(1)],
            added: 2,
            calls: vec![Call::Clear, Call::Destroy { is_shutdown: true }],
            adder: Some("CompositeMutationObserver::add".to_string()),
        }
    }

    #[test]
    fn removing_a_slot_keeps_the_added_ones_added() {
        let case = scenario();
        assert_eq!(case.step_count(), 5);
        let shorter = case.without_step(2);
        assert_eq!((shorter.slots.len(), shorter.added), (2, 1));
        let shorter = case.without_step(0);
        assert_eq!((shorter.slots.len(), shorter.added), (2, 2));
        let shorter = case.without_step(4);
        assert_eq!(shorter.calls, [Call::Clear]);
        assert_eq!(
            case.describe_step(1),
            "step 1: register Arc::new(PanickingObserver)"
        );
        assert_eq!(case.describe_step(3), "step 3: c.on_clear();");
    }

    #[test]
    fn the_code_registers_adds_guards_and_marks_the_failing_call() {
        let code = scenario().to_rust("CompositeMutationObserver::new", Some(4));
        assert!(code.contains("let o0 = log.observer(0);"));
        assert!(code.contains("let mut c = (CompositeMutationObserver::new)(observers);"));
        assert!(code.contains("add(&mut c, Arc::new(PanickingObserver));"));
        assert!(code.contains("c.on_destroy(true))); // <- the rule breaks here"));
        assert!(code.contains("catch_unwind"));
    }
}
