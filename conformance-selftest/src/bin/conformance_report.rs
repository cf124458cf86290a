//! The main job for the kit alone: runs every suite against every implementation the kit
//! bundles (or reads the records an implementer's tests wrote, with `--from`) and
//! prints the conformance matrix; `storage-report` adds the real stores. Exit status 0
//! when every implementation that must pass passes and every faulty implementation is
//! caught by its target property; 1 otherwise, with the reasons; 2 for bad arguments.

use std::process::ExitCode;

fn main() -> ExitCode {
    conformance_selftest::report::cli::main(conformance_selftest::report::catalog)
}
