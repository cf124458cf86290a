//! The main job: the conformance report over every implementation the kit bundles and
//! the real stores, PostgreSQL and redb, write-through and write-behind, as reference
//! implementations. It lives apart from the kit, which must not depend on the stores.
//!
//! PostgreSQL is the server at `DATABASE_URL` (the local one by default). When it cannot
//! be reached, its cells are reported as skipped with the reason, never as passes, and
//! the verdict stands on the rest: a skip is visible in the matrix and in the list of
//! skips, and `.ci/run` checks the server before the tests, so CI never skips them.
//! Exit status as `conformance-report`'s.

mod stores;

use std::process::ExitCode;

fn main() -> ExitCode {
    conformance_selftest::report::cli::main(stores::catalog_with_stores)
}
