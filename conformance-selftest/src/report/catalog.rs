//! The bundled implementations the report runs: the reference implementations, the
//! correct controls, and the faulty ones with the property each must be caught by.

use crate::reference::{ReferenceParts, reopen_write_behind, write_behind_over_memory};
use std::sync::Arc;

use storage_conformance::doubles::ManualClock;
use storage_reference::{InMemoryDataStore, NullDataStore};
use storage_traits::{CompositeMutationObserver, MapDataStore, MutationObserver};

use crate::controls::concurrent_engine::{ConcurrentEngineFault, RacyEngine};
use crate::controls::concurrent_record_store::{ConcurrentStoreFault, RacyRecordStore};
use crate::controls::data_store::options::option_controls;
use crate::controls::data_store::{ControlDataStore, DataStoreFault};
use crate::controls::engine::{EngineFault, EngineVariant, FaultyEngine};
use crate::controls::observer::{FaultyComposite, ObserverFault, ObserverVariant};
use crate::controls::record_store::{
    Choices, FaultyRecordStore, RecordStoreFault, SpecRecordStore,
};
use crate::controls::sharded_engine::ShardedEngine;
use storage_conformance::config::RunConfig;
use storage_conformance::datastore::{
    DataStoreKind, check_data_store_property, check_persistent_data_store_property,
};
use storage_conformance::doubles::FaultyDataStore;
use storage_conformance::engine::check_engine_property;
use storage_conformance::observer::{Adder, check_observer_property};
use storage_conformance::outcome::Outcome;
use storage_conformance::property::PropertyInfo;
use storage_conformance::readings::{Choice, Reading};
use storage_conformance::recordstore::capabilities as record_store_capabilities;
use storage_conformance::recordstore::{RecordStoreParts, check_record_store_property};

use storage_conformance::records::{CellId, RoleName};
use storage_conformance::suites::{self, Suite};

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

impl Role {
    /// The role as a record names it, and the target of a faulty implementation.
    pub fn named(self) -> (RoleName, Option<&'static str>) {
        match self {
            Role::Reference => (RoleName::Reference, None),
            Role::CorrectControl => (RoleName::CorrectControl, None),
            Role::Faulty { target } => (RoleName::Faulty, Some(target)),
        }
    }
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
    /// The suite's readings: the report lists how each was read for this subject.
    pub readings: &'static [Reading],
    /// The readings it is checked under pinned ([`Subject::pinned`]); none by default,
    /// so that every option of every reading is accepted.
    pub pins: Vec<Choice>,
    /// What is expected of it.
    pub role: Role,
    /// Runs one property on it.
    pub check: SubjectCheck,
    /// Whether its cells mostly wait (on a server's or a file's durable commits)
    /// rather than compute: the report runs them on workers of their own, alongside
    /// the others, so that they neither leave the cores idle nor end the run alone.
    pub waits: bool,
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
    /// A subject of `suite` whose `check` gets the property id, the settings and the
    /// subject's name (which counterexamples print).
    fn checked_by(
        name: &str,
        suite: Suite,
        role: Role,
        check: impl Fn(&str, &RunConfig, &str) -> Result<Outcome, String> + Send + Sync + 'static,
    ) -> Subject {
        let subject = name.to_string();
        Subject {
            name: name.to_string(),
            suite: suite.name,
            properties: suite.properties,
            readings: suite.readings,
            pins: Vec::new(),
            role,
            check: Arc::new(move |id, config| check(id, config, &subject)),
            waits: false,
        }
    }

    /// This subject marked as one whose cells mostly wait ([`Subject::waits`]).
    pub fn waiting(mut self) -> Subject {
        self.waits = true;
        self
    }

    /// This subject checked with `choice` pinned: a correct control that follows one
    /// option of a reading shows in the matrix under its pin.
    pub fn pinned(mut self, choice: Choice) -> Subject {
        self.pins.push(choice);
        self
    }

    /// Which cell running `property` on this subject is.
    pub fn cell_id(&self, property: &PropertyInfo) -> CellId {
        let (role, target) = self.role.named();
        CellId {
            implementation: self.name.clone(),
            role,
            target: target.map(str::to_string),
            property: property.id.to_string(),
        }
    }

    /// The settings this subject's properties run with: `config` with its pins.
    pub fn config(&self, config: &RunConfig) -> RunConfig {
        self.pins
            .iter()
            .fold(config.clone(), |config, choice| config.pin(*choice))
    }

    /// An engine subject: fresh engines from `factory`, checked by the engine suite.
    pub fn engine<E, F>(name: &str, role: Role, factory: F) -> Subject
    where
        E: storage_traits::StorageEngine,
        F: Fn() -> E + Send + Sync + Clone + 'static,
    {
        let check = move |id: &str, config: &RunConfig, subject: &str| {
            check_engine_property(id, config, subject, factory.clone())
        };
        Self::checked_by(name, suites::ENGINE, role, check)
    }

    /// A data store subject of `kind`: fresh stores from `factory` on the suite's clock.
    pub fn data_store<D, F>(name: &str, role: Role, kind: DataStoreKind, factory: F) -> Subject
    where
        D: MapDataStore + 'static,
        F: Fn(Arc<ManualClock>) -> D + Send + Sync + Clone + 'static,
    {
        let check = move |id: &str, config: &RunConfig, subject: &str| {
            check_data_store_property(id, config, subject, kind, factory.clone())
        };
        Self::checked_by(name, suites::DATA_STORE, role, check)
    }

    /// A persistent data store subject of `kind`: [`Subject::data_store`], with `reopen`
    /// (named `reopen_name` in counterexamples) closing a store and opening a new one
    /// over the same storage.
    pub fn persistent_data_store<D, F, R>(
        name: &str,
        role: Role,
        kind: DataStoreKind,
        factory: F,
        (reopen_name, reopen): (&'static str, R),
    ) -> Subject
    where
        D: MapDataStore + 'static,
        F: Fn(Arc<ManualClock>) -> D + Send + Sync + Clone + 'static,
        R: Fn(D, Arc<ManualClock>) -> anyhow::Result<D> + Send + Sync + Clone + 'static,
    {
        let check = move |id: &str, config: &RunConfig, subject: &str| {
            let reopen = (reopen_name, reopen.clone());
            check_persistent_data_store_property(id, config, subject, kind, factory.clone(), reopen)
        };
        Self::checked_by(name, suites::DATA_STORE, role, check)
    }

    /// A record store subject: stores from `factory`, given the parts the kit injects.
    pub fn record_store<R, F>(name: &str, role: Role, factory: F) -> Subject
    where
        R: storage_traits::RecordStore + 'static,
        F: Fn(RecordStoreParts) -> R + Send + Sync + Clone + 'static,
    {
        Self::configured_record_store(name, role, factory, |config| config)
    }

    /// A record store subject whose runs are configured by `configure` (a capability it
    /// lacks, the readings it follows) on top of the report's settings.
    pub fn configured_record_store<R, F>(
        name: &str,
        role: Role,
        factory: F,
        configure: fn(RunConfig) -> RunConfig,
    ) -> Subject
    where
        R: storage_traits::RecordStore + 'static,
        F: Fn(RecordStoreParts) -> R + Send + Sync + Clone + 'static,
    {
        let check = move |id: &str, config: &RunConfig, subject: &str| {
            let factory = factory.clone();
            let config = configure(config.clone());
            check_record_store_property(id, &config, subject, move |parts| Box::new(factory(parts)))
        };
        Self::checked_by(name, suites::RECORD_STORE, role, check)
    }

    /// A composite observer subject: composites from `factory`, registering more
    /// observers with `adder`.
    pub fn observer<C, F>(name: &str, role: Role, factory: F, adder: Adder<C>) -> Subject
    where
        C: MutationObserver + 'static,
        F: Fn(Vec<Arc<dyn MutationObserver>>) -> C + Send + Sync + Clone + 'static,
    {
        let check = move |id: &str, config: &RunConfig, subject: &str| {
            check_observer_property(id, config, subject, factory.clone(), Some((adder, "add")))
        };
        Self::checked_by(name, suites::OBSERVER, role, check)
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
    // Large pages and opaque cursors are listed above under their older names; the
    // others follow an option of a reading, and run under its pin (which a control that
    // passes pinned passes by default too).
    subjects.extend(EngineVariant::ALL.into_iter().filter_map(|variant| {
        let subject = Subject::engine(
            &format!("engine_{}", snake(&format!("{variant:?}"))),
            Role::CorrectControl,
            move || FaultyEngine::variant(variant),
        );
        variant.follows().map(|choice| subject.pinned(choice))
    }));
    subjects.extend(EngineFault::ALL.into_iter().map(|fault| {
        let target = fault.target().0.id;
        Subject::engine(
            &format!("faulty_engine_{}", snake(&format!("{fault:?}"))),
            Role::Faulty { target },
            move || FaultyEngine::new(fault),
        )
    }));
    subjects.extend([
        Subject::engine(
            "racy_engine_without_fault",
            Role::CorrectControl,
            RacyEngine::correct,
        ),
        Subject::engine(
            "racy_engine_offset_cursor",
            Role::CorrectControl,
            RacyEngine::offset_cursor,
        )
        .pinned(storage_conformance::engine::readings::WALKS_NO_PROMISE),
        Subject::engine(
            "sharded_engine_locked_snapshot",
            Role::CorrectControl,
            ShardedEngine::locked,
        ),
        Subject::engine(
            "sharded_engine_snapshot_by_shard",
            Role::Faulty {
                target: ShardedEngine::target().id,
            },
            ShardedEngine::shard_by_shard,
        ),
    ]);
    subjects.extend(ConcurrentEngineFault::ALL.into_iter().map(|fault| {
        Subject::engine(
            &format!("racy_engine_{}", snake(&format!("{fault:?}"))),
            Role::Faulty {
                target: fault.target().id,
            },
            move || RacyEngine::new(fault),
        )
    }));
    subjects.extend(record_stores());
    subjects.extend(data_stores());
    subjects.extend(observers());
    subjects
}

fn record_stores() -> Vec<Subject> {
    let mut subjects = vec![
        Subject::record_store(
            "default_record_store_over_hash_map",
            Role::Reference,
            |parts: RecordStoreParts| parts.into_default_record_store(),
        ),
        Subject::record_store(
            "default_record_store_over_btree",
            Role::Reference,
            |parts: RecordStoreParts| {
                parts
                    .with_engine(Box::new(storage_reference::BTreeEngine::new()))
                    .into_default_record_store()
            },
        ),
        Subject::record_store(
            "fault_free_record_store",
            Role::CorrectControl,
            FaultyRecordStore::correct,
        ),
    ];
    // The alternative-reading controls: profile 0 takes the reference's options and runs
    // with every option accepted; 1 and 2 take the other options and run with theirs
    // pinned, so the matrix shows what they follow.
    subjects.extend((0..3).map(|profile| {
        let subject = Subject::record_store(
            &format!("spec_record_store_profile_{profile}"),
            Role::CorrectControl,
            move |parts| SpecRecordStore::new(parts, Choices::profile(profile)),
        );
        let pins = if profile == 0 {
            Vec::new()
        } else {
            Choices::profile(profile).pins().to_vec()
        };
        pins.into_iter().fold(subject, Subject::pinned)
    }));
    subjects.push(Subject::configured_record_store(
        "spec_record_store_on_the_wall_clock",
        Role::CorrectControl,
        |parts| SpecRecordStore::on_wall_clock(parts, Choices::profile(1)),
        |config| config.without(record_store_capabilities::INJECTED_CLOCK),
    ));
    subjects.push(Subject::record_store(
        "racy_record_store_without_fault",
        Role::CorrectControl,
        RacyRecordStore::correct,
    ));
    subjects.extend(ConcurrentStoreFault::ALL.into_iter().map(|fault| {
        Subject::record_store(
            &format!("racy_record_store_{}", snake(&format!("{fault:?}"))),
            Role::Faulty {
                target: fault.target().id,
            },
            move |parts| RacyRecordStore::new(fault, parts),
        )
    }));
    subjects.extend(RecordStoreFault::ALL.into_iter().map(|fault| {
        Subject::record_store(
            &format!("faulty_record_store_{}", snake(&format!("{fault:?}"))),
            Role::Faulty {
                target: fault.target().0.id,
            },
            move |parts| FaultyRecordStore::new(fault, parts),
        )
    }));
    subjects
}

fn data_stores() -> Vec<Subject> {
    let mut subjects = vec![
        Subject::data_store(
            "null_data_store",
            Role::Reference,
            DataStoreKind::Null,
            |_| NullDataStore::new(),
        ),
        Subject::data_store(
            "in_memory_data_store",
            Role::Reference,
            DataStoreKind::WriteThrough,
            |clock| InMemoryDataStore::with_clock(clock),
        ),
        Subject::persistent_data_store(
            "write_behind_data_store",
            Role::Reference,
            DataStoreKind::WriteBehind,
            write_behind_over_memory,
            ("reopen_write_behind", reopen_write_behind),
        ),
        Subject::data_store(
            "fault_injecting_wrapper",
            Role::CorrectControl,
            DataStoreKind::WriteThrough,
            |clock| FaultyDataStore::new(Arc::new(InMemoryDataStore::with_clock(clock))),
        ),
    ];
    let controls = [
        ("null_control", DataStoreKind::Null),
        ("write_through_control", DataStoreKind::WriteThrough),
        ("write_behind_control", DataStoreKind::WriteBehind),
    ];
    subjects.extend(controls.into_iter().map(|(name, kind)| {
        Subject::persistent_data_store(
            name,
            Role::CorrectControl,
            kind,
            move |clock| ControlDataStore::correct(kind, clock),
            ("ControlDataStore::reopen", ControlDataStore::reopen),
        )
    }));
    // A correct control per option of the suite's readings that the reference stores
    // do not follow: as every implementation is checked (every option accepted), and
    // under the pins of the options it follows.
    subjects.extend(option_controls().into_iter().flat_map(|control| {
        let (kind, follows) = (control.kind, control.follows.clone());
        let subject = Subject::persistent_data_store(
            &control.name,
            Role::CorrectControl,
            kind,
            move |clock| ControlDataStore::following(kind, &follows, clock),
            ("ControlDataStore::reopen", ControlDataStore::reopen),
        );
        let pinned = Subject {
            name: format!("{}_pinned", control.name),
            ..subject.clone()
        };
        let pinned = control.follows.into_iter().fold(pinned, Subject::pinned);
        [subject, pinned]
    }));
    subjects.extend(DataStoreFault::ALL.into_iter().map(|fault| {
        Subject::persistent_data_store(
            &format!("faulty_data_store_{}", snake(&format!("{fault:?}"))),
            Role::Faulty {
                target: fault.target().0.id,
            },
            fault.kind(),
            move |clock| ControlDataStore::new(fault, clock),
            ("ControlDataStore::reopen", ControlDataStore::reopen),
        )
    }));
    subjects
}

fn observers() -> Vec<Subject> {
    let mut subjects = vec![
        Subject::observer(
            "composite_mutation_observer",
            Role::Reference,
            CompositeMutationObserver::new,
            CompositeMutationObserver::add,
        ),
        Subject::observer(
            "fault_free_composite",
            Role::CorrectControl,
            FaultyComposite::correct,
            FaultyComposite::add,
        ),
    ];
    subjects.extend(ObserverVariant::ALL.into_iter().map(|variant| {
        Subject::observer(
            &format!("composite_{}", snake(&format!("{variant:?}"))),
            Role::CorrectControl,
            move |observers| FaultyComposite::variant(variant, observers),
            FaultyComposite::add,
        )
        .pinned(variant.follows())
    }));
    subjects.extend(ObserverFault::ALL.into_iter().map(|fault| {
        Subject::observer(
            &format!("faulty_composite_{}", snake(&format!("{fault:?}"))),
            Role::Faulty {
                target: fault.target().0.id,
            },
            move |observers| FaultyComposite::new(fault, observers),
            FaultyComposite::add,
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
    fn a_pinned_subject_runs_with_its_pins() {
        let choice = Choice {
            reading: "engine_some_reading",
            option: "one",
        };
        let subject = catalog().swap_remove(0).pinned(choice);
        let config = subject.config(&RunConfig::default().cases(3));
        assert_eq!((config.pins, config.cases), (vec![choice], 3));
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
