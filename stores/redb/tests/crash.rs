//! Crash durability for real: a child process (this test binary, running the ignored
//! test `crash_child`) writes a stream to a [`RedbDataStore`] file and is killed with
//! SIGKILL in the middle of it; a store opened over the file must hold every write the
//! child acknowledged (write-through) or flushed (write-behind). A store that commits
//! without durability, and a reopen that forgets the file, are caught.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use conformance_selftest::reference::write_behind_over;
use storage_conformance::config::RunConfig;
use storage_conformance::datastore::crash::{CrashTarget, check_crash_by_kill, run_crash_child};
use storage_conformance::datastore::properties::CRASH;
use storage_conformance::datastore::{DataStoreKind, check_persistent_data_store_property};
use storage_conformance::doubles::ManualClock;
use storage_conformance::outcome::Outcome;
use storage_redb::{Durability, RedbDataStore, scratch_dir};
use tempfile::TempDir;

/// The file the child writes to.
const FILE_ENV: &str = "REDB_CRASH_CHILD_FILE";
/// `durable` (the default) or `none`: the durability of the child's commits.
const DURABILITY_ENV: &str = "REDB_CRASH_CHILD_DURABILITY";
/// `write_through` (the default) or `write_behind`: the store the child writes to.
const KIND_ENV: &str = "REDB_CRASH_CHILD_KIND";

/// The child: writes the crash stream to the file its parent named, until it is killed.
#[test]
#[ignore = "the child process of the crash tests below, which run it"]
fn crash_child() {
    let path = std::env::var(FILE_ENV).unwrap_or_else(|_| panic!("{FILE_ENV} is not set"));
    let durability = match std::env::var(DURABILITY_ENV).as_deref() {
        Ok("none") => Durability::None,
        _ => Durability::Immediate,
    };
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("{e}"));
    let written = runtime.block_on(async {
        let clock = Arc::new(ManualClock::default());
        let store = RedbDataStore::open_with(&path, clock, durability)?;
        if std::env::var(KIND_ENV).as_deref() == Ok("write_behind") {
            run_crash_child(&write_behind_over(Arc::new(store))).await
        } else {
            run_crash_child(&store).await
        }
    });
    written.unwrap_or_else(|e| panic!("{e:#}"));
}

/// Crashes a child writing to a fresh file per case, then opens the file again.
struct RedbCrash {
    kind: DataStoreKind,
    durability: &'static str,
    /// A faulty reopen: opens a new, empty file instead of the child's.
    forgets: bool,
}

impl CrashTarget for RedbCrash {
    type Storage = TempDir;
    type Store = RedbDataStore;

    fn storage(&self) -> anyhow::Result<TempDir> {
        Ok(tempfile::tempdir_in(scratch_dir())?)
    }

    fn child(&self, directory: &TempDir) -> Command {
        let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("crash"));
        let mut command = Command::new(exe);
        let kind = match self.kind {
            DataStoreKind::WriteBehind => "write_behind",
            _ => "write_through",
        };
        command
            .args(["--exact", "crash_child", "--ignored", "--nocapture"])
            .env(FILE_ENV, directory.path().join("entries.redb"))
            .env(DURABILITY_ENV, self.durability)
            .env(KIND_ENV, kind);
        command
    }

    fn reopen(
        &self,
        directory: &TempDir,
        clock: Arc<ManualClock>,
    ) -> anyhow::Result<RedbDataStore> {
        let file = if self.forgets {
            "other.redb"
        } else {
            "entries.redb"
        };
        RedbDataStore::open(directory.path().join(file), clock)
    }
}

/// A fixed seed, so that the asserted minimal lengths are reproducible, and few cases:
/// each one starts a process.
fn config() -> RunConfig {
    let mut config = RunConfig::default().seed(0x5eed_c0de).cases(12);
    config.regressions = None;
    config
}

fn kill(kind: DataStoreKind, durability: &'static str, forgets: bool) -> Outcome {
    let target = RedbCrash {
        kind,
        durability,
        forgets,
    };
    check_crash_by_kill(&config(), "RedbDataStore (crash child)", kind, target)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn assert_caught_after_one_write(outcome: &Outcome) {
    let failure = outcome
        .failure()
        .unwrap_or_else(|| panic!("not caught: {outcome}"));
    assert_eq!(failure.property, CRASH.id, "{failure}");
    assert_eq!(failure.steps, 2, "one write, then the kill:\n{failure}");
}

#[test]
fn redb_keeps_every_acknowledged_write_across_sigkill() {
    kill(DataStoreKind::WriteThrough, "durable", false).assert_ok();
}

#[test]
fn write_behind_over_redb_keeps_what_it_flushed_across_sigkill() {
    kill(DataStoreKind::WriteBehind, "durable", false).assert_ok();
}

#[test]
fn commits_without_durability_are_caught_by_sigkill_only() {
    assert_caught_after_one_write(&kill(DataStoreKind::WriteThrough, "none", false));
    // In process, dropping the store makes redb write a durable commit, which keeps the
    // earlier ones: the approximation cannot see this bug, the kill can.
    let in_process = check_persistent_data_store_property(
        CRASH.id,
        &config(),
        "|clock| RedbDataStore::in_temporary_dir_with(clock, Durability::None)",
        DataStoreKind::WriteThrough,
        |clock| {
            RedbDataStore::in_temporary_dir_with(clock, Durability::None)
                .unwrap_or_else(|e| panic!("{e:#}"))
        },
        ("RedbDataStore::reopen", RedbDataStore::reopen),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(in_process, Outcome::Passed { .. }), "{in_process}");
}

#[test]
fn a_reopen_that_forgets_the_file_is_caught_by_sigkill() {
    assert_caught_after_one_write(&kill(DataStoreKind::WriteThrough, "durable", true));
}
