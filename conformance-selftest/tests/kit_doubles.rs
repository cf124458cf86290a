//! The kit's own doubles pass the suites they stand in for: the engine and the data
//! stores it injects into a record store under test must be correct implementations,
//! or the record-store suite would blame a store for its parts.

use storage_conformance::doubles::{MemoryDataStore, MemoryEngine, Persistence};
use storage_conformance::{map_data_store_conformance, storage_engine_conformance};

storage_engine_conformance!(memory_engine, MemoryEngine::new);

map_data_store_conformance!(memory_write_through, |clock| MemoryDataStore::new(
    Persistence::WriteThrough,
    clock
));

map_data_store_conformance!(
    memory_write_behind,
    |clock| MemoryDataStore::new(Persistence::WriteBehind, clock),
    kind = WriteBehind
);

map_data_store_conformance!(
    memory_null,
    |clock| MemoryDataStore::new(Persistence::Null, clock),
    kind = Null
);
