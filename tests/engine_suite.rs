//! The engine suite on the reference engines and on the correct controls: all must pass.

use storage_conformance::controls::concurrent_engine::RacyEngine;
use storage_conformance::controls::engine::FaultyEngine;
use storage_conformance::storage_engine_conformance;
use storage_reference::{BTreeEngine, HashMapEngine};

storage_engine_conformance!(hash_map_engine, HashMapEngine::new);
storage_engine_conformance!(btree_engine, BTreeEngine::new);
storage_engine_conformance!(large_pages_control, FaultyEngine::large_pages);
storage_engine_conformance!(opaque_cursor_control, FaultyEngine::opaque_cursors);
storage_engine_conformance!(fault_free_control, FaultyEngine::correct);
storage_engine_conformance!(racy_engine_without_fault, RacyEngine::correct);
