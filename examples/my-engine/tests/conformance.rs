//! The conformance kit on `MyEngine` and `MyObservers`: one macro line per trait.

use my_engine::{MyEngine, MyObservers};
use storage_conformance::{mutation_observer_conformance, storage_engine_conformance};

// One test per StorageEngine property, each run on fresh engines from `MyEngine::new`.
// (Name the module apart from your crate: a module `my_engine` would hide it here.)
storage_engine_conformance!(engine_conformance, MyEngine::new);

// One test per MutationObserver property, on composites the kit builds with
// `MyObservers::new` over its recording observers, and grows with `MyObservers::add`.
mutation_observer_conformance!(
    observer_conformance,
    MyObservers::new,
    add = MyObservers::add
);
