//! The bundled implementations the report runs: the reference implementations, the
//! correct controls, and the faulty ones with the property each must be caught by.

use std::sync::Arc;

use crate::config::RunConfig;
use crate::controls::engine::{EngineFault, FaultyEngine};
use crate::engine::{check_engine_property, properties as engine_properties};
use crate::outcome::Outcome;
use crate::property::PropertyInfo;

/// What the report expects of an implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A reference implementation: must pass every property.
    Reference,
    /// An unusual but correct implementation: must pass every property.
    CorrectControl,
    /// A deliberately faulty implementation: the property `target` must catch it.
    Faulty {
        /// Id of the property that must fail on it.
        target: &'static str,
    },
}

/// Runs one property (by id) of a subject's suite with the given settings.
pub type SubjectCheck = Arc<dyn Fn(&str, &RunConfig) -> Result<Outcome, String> + Send + Sync>;

/// An implementation and the suite that checks it.
#[derive(Clone)]
pub struct Subject {
    /// The implementation's name in the matrix and on the command line.
    pub name: String,
    /// The suite's name (`StorageEngine`, …).
    pub suite: &'static str,
    /// The suite's properties, in order.
    pub properties: &'static [PropertyInfo],
    /// What is expected of it.
    pub role: Role,
    /// Runs one property on it.
    pub check: SubjectCheck,
}

impl std::fmt::Debug for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subject")
            .field("name", &self.name)
            .field("suite", &self.suite)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl Subject {
    /// An engine subject: fresh engines from `factory`, checked by the engine suite.
    pub fn engine<E, F>(name: &str, role: Role, factory: F) -> Subject
    where
        E: storage_traits::StorageEngine,
        F: Fn() -> E + Send + Sync + Clone + 'static,
    {
        let subject = name.to_string();
        Subject {
            name: name.to_string(),
            suite: "StorageEngine",
            properties: engine_properties::ALL,
            role,
            check: Arc::new(move |id, config| {
                check_engine_property(id, config, &subject, factory.clone())
            }),
        }
    }
}

/// Snake-case name of a fault variant (`PutReturnsNone` → `put_returns_none`).
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Every bundled implementation, suite by suite.
pub fn catalog() -> Vec<Subject> {
    let mut subjects = vec![
        Subject::engine(
            "hash_map_engine",
            Role::Reference,
            storage_reference::HashMapEngine::new,
        ),
        Subject::engine(
            "btree_engine",
            Role::Reference,
            storage_reference::BTreeEngine::new,
        ),
        Subject::engine(
            "large_pages_engine",
            Role::CorrectControl,
            FaultyEngine::large_pages,
        ),
        Subject::engine(
            "opaque_cursor_engine",
            Role::CorrectControl,
            FaultyEngine::opaque_cursors,
        ),
    ];
    subjects.extend(EngineFault::ALL.into_iter().map(|fault| {
        let target = fault.target().0.id;
        Subject::engine(
            &format!("faulty_engine_{}", snake(&format!("{fault:?}"))),
            Role::Faulty { target },
            move || FaultyEngine::new(fault),
        )
    }));
    subjects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_snake_case_and_unique() {
        assert_eq!(snake("PutReturnsNone"), "put_returns_none");
        let subjects = catalog();
        let names: std::collections::BTreeSet<&str> =
            subjects.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.len(), subjects.len());
    }

    #[test]
    fn every_faulty_target_is_a_property_of_its_suite() {
        for subject in catalog() {
            if let Role::Faulty { target } = subject.role {
                assert!(
                    subject.properties.iter().any(|p| p.id == target),
                    "{subject:?}"
                );
            }
        }
    }
}
