//! Write-behind tests; time-dependent ones run on tokio's paused clock.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use anyhow::bail;
use async_trait::async_trait;
use parking_lot::Mutex;
use storage_traits::{MapDataStore, RecordValue};

use super::{WriteBehindConfig, WriteBehindDataStore};
use crate::clock::Clock;
use crate::data_stores::InMemoryDataStore;
use crate::test_support::lww;
use storage_conformance::doubles::ManualClock;

/// An in-memory delegate whose next `failures` writes fail, and which logs the
/// writes it accepts.
struct FlakyStore {
    inner: InMemoryDataStore,
    failures: AtomicU32,
    accepted: Mutex<Vec<String>>,
}

impl FlakyStore {
    fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            inner: InMemoryDataStore::with_clock(clock),
            failures: AtomicU32::new(0),
            accepted: Mutex::new(Vec::new()),
        }
    }

    fn fail_next(&self, writes: u32) {
        self.failures.store(writes, Ordering::SeqCst);
    }

    /// Fails while failures are left; otherwise logs `what` as accepted.
    fn admit(&self, what: String) -> anyhow::Result<()> {
        let left = self.failures.load(Ordering::SeqCst);
        if left > 0 {
            self.failures.store(left - 1, Ordering::SeqCst);
            bail!("injected failure");
        }
        self.accepted.lock().push(what);
        Ok(())
    }

    fn accepted(&self) -> Vec<String> {
        self.accepted.lock().clone()
    }
}

#[async_trait]
impl MapDataStore for FlakyStore {
    async fn add(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        exp: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        self.admit(format!("add {key}"))?;
        self.inner.add(map, key, value, exp, now).await
    }

    async fn add_backup(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        exp: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        self.admit(format!("add_backup {key}"))?;
        self.inner.add_backup(map, key, value, exp, now).await
    }

    async fn remove(&self, map: &str, key: &str, now: i64) -> anyhow::Result<()> {
        self.admit(format!("remove {key}"))?;
        self.inner.remove(map, key, now).await
    }

    async fn remove_backup(&self, map: &str, key: &str, now: i64) -> anyhow::Result<()> {
        self.admit(format!("remove_backup {key}"))?;
        self.inner.remove_backup(map, key, now).await
    }

    async fn load(&self, map: &str, key: &str) -> anyhow::Result<Option<RecordValue>> {
        self.inner.load(map, key).await
    }

    async fn load_all(
        &self,
        map: &str,
        keys: &[String],
    ) -> anyhow::Result<Vec<(String, RecordValue)>> {
        self.inner.load_all(map, keys).await
    }

    async fn remove_all(&self, map: &str, keys: &[String]) -> anyhow::Result<()> {
        self.admit(format!("remove_all {keys:?}"))?;
        self.inner.remove_all(map, keys).await
    }

    fn is_loadable(&self, key: &str) -> bool {
        self.inner.is_loadable(key)
    }

    fn pending_operation_count(&self) -> u64 {
        0
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        Ok(0)
    }

    async fn hard_flush(&self) -> anyhow::Result<()> {
        Ok(())
    }

    async fn flush_key(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        is_backup: bool,
    ) -> anyhow::Result<()> {
        self.admit(format!("flush_key {key}"))?;
        self.inner.flush_key(map, key, value, is_backup).await
    }

    fn reset(&self) {}
}

const DELAY: Duration = Duration::from_millis(100);

struct Fixture {
    clock: Arc<ManualClock>,
    delegate: Arc<FlakyStore>,
    store: WriteBehindDataStore<FlakyStore>,
}

fn fixture(flush_delay: Duration) -> Fixture {
    let clock = Arc::new(ManualClock::default());
    let delegate = Arc::new(FlakyStore::new(Arc::clone(&clock) as Arc<dyn Clock>));
    let config = WriteBehindConfig {
        batch_size: 2,
        flush_delay,
        retry_initial_backoff: Duration::from_millis(10),
        retry_max_backoff: Duration::from_millis(40),
    };
    let store = WriteBehindDataStore::new(Arc::clone(&delegate), config).expect("inside a runtime");
    Fixture {
        clock,
        delegate,
        store,
    }
}

/// A delay the background task never reaches within a test.
const NEVER: Duration = Duration::from_secs(3_600);

fn keys(names: &[&str]) -> Vec<String> {
    names.iter().map(|k| (*k).to_owned()).collect()
}

#[tokio::test(start_paused = true)]
async fn coalescing_keeps_the_last_write_and_a_later_remove_wins() -> anyhow::Result<()> {
    let Fixture { store, .. } = fixture(NEVER);
    store.add("m", "a", &lww(1), 0, 0).await?;
    store.add("m", "a", &lww(2), 0, 0).await?;
    assert_eq!(store.pending_operation_count(), 1);
    assert_eq!(store.load("m", "a").await?, Some(lww(2)));
    store.remove("m", "a", 0).await?;
    assert_eq!(store.pending_operation_count(), 1);
    assert_eq!(store.load("m", "a").await?, None, "the queued remove wins");
    store.add("other", "a", &lww(3), 0, 0).await?;
    store.add_backup("m", "a", &lww(4), 0, 0).await?;
    assert_eq!(
        store.pending_operation_count(),
        3,
        "maps and backups are apart"
    );
    assert_eq!(
        store.load("m", "a").await?,
        None,
        "a backup is not a primary value"
    );
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn hard_flush_writes_the_last_write_of_every_key_in_queue_order() -> anyhow::Result<()> {
    let Fixture {
        store, delegate, ..
    } = fixture(NEVER);
    delegate.inner.add("m", "gone", &lww(0), 0, 0).await?;
    store.add("m", "a", &lww(1), 0, 0).await?;
    store.add("m", "gone", &lww(2), 0, 0).await?;
    store.add("m", "b", &lww(3), 0, 0).await?;
    store.remove("m", "gone", 0).await?;
    store.add("m", "a", &lww(4), 0, 0).await?;
    store.add_backup("m", "a", &lww(5), 0, 0).await?;
    store.hard_flush().await?;
    assert_eq!(store.pending_operation_count(), 0);
    assert_eq!(
        delegate.accepted(),
        ["add b", "remove gone", "add a", "add_backup a"],
        "one write per key, in the order of their last writes"
    );
    let loaded = delegate
        .inner
        .load_all("m", &keys(&["a", "b", "gone"]))
        .await?;
    assert_eq!(
        loaded,
        vec![("a".to_owned(), lww(4)), ("b".to_owned(), lww(3))]
    );
    assert_eq!(delegate.inner.backup_value("m", "a"), Some(lww(5)));
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn loads_serve_queued_operations_before_the_delegate() -> anyhow::Result<()> {
    let Fixture {
        store, delegate, ..
    } = fixture(NEVER);
    for (key, n) in [("x", 1), ("y", 2), ("z", 3)] {
        delegate.inner.add("m", key, &lww(n), 0, 0).await?;
    }
    store.add("m", "y", &lww(20), 0, 0).await?;
    store.remove("m", "z", 0).await?;
    store.add("m", "new", &lww(40), 0, 0).await?;
    assert!(store.is_loadable("y"));
    assert_eq!(store.load("m", "x").await?, Some(lww(1)));
    let loaded = store
        .load_all("m", &keys(&["new", "z", "x", "y", "x", "missing"]))
        .await?;
    assert_eq!(
        loaded,
        vec![
            ("new".to_owned(), lww(40)),
            ("x".to_owned(), lww(1)),
            ("y".to_owned(), lww(20)),
        ]
    );
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn soft_flush_numbers_never_go_backwards() -> anyhow::Result<()> {
    let Fixture { store, .. } = fixture(NEVER);
    assert_eq!(store.soft_flush().await?, 0);
    store.add("m", "a", &lww(1), 0, 0).await?;
    store.add("m", "a", &lww(2), 0, 0).await?;
    store.remove_all("m", &keys(&["b", "c"])).await?;
    assert_eq!(
        store.soft_flush().await?,
        4,
        "every queued operation takes a number"
    );
    store.hard_flush().await?;
    assert_eq!(store.soft_flush().await?, 4);
    store.add("m", "d", &lww(1), 0, 0).await?;
    store.reset();
    assert_eq!(store.pending_operation_count(), 0);
    assert_eq!(store.soft_flush().await?, 5, "reset keeps the numbering");
    store.add("m", "d", &lww(1), 0, 0).await?;
    assert_eq!(store.soft_flush().await?, 6);
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn reset_drops_queued_operations() -> anyhow::Result<()> {
    let Fixture {
        store, delegate, ..
    } = fixture(NEVER);
    delegate.inner.add("m", "a", &lww(1), 0, 0).await?;
    store.add("m", "a", &lww(2), 0, 0).await?;
    store.reset();
    assert_eq!(store.load("m", "a").await?, Some(lww(1)));
    store.hard_flush().await?;
    assert!(delegate.accepted().is_empty());
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn background_flush_waits_for_the_delay() -> anyhow::Result<()> {
    let Fixture {
        store, delegate, ..
    } = fixture(DELAY);
    for (key, n) in [("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5)] {
        store.add("m", key, &lww(n), 0, 0).await?;
    }
    tokio::time::sleep(Duration::from_millis(99)).await;
    assert!(delegate.accepted().is_empty(), "nothing before the delay");
    assert_eq!(store.pending_operation_count(), 5);
    tokio::time::sleep(Duration::from_millis(2)).await;
    assert_eq!(store.pending_operation_count(), 0, "every batch written");
    assert_eq!(
        delegate.accepted(),
        ["add a", "add b", "add c", "add d", "add e"]
    );
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn soft_flush_cuts_the_delay_short() -> anyhow::Result<()> {
    let Fixture {
        store, delegate, ..
    } = fixture(NEVER);
    store.add("m", "a", &lww(1), 0, 0).await?;
    store.soft_flush().await?;
    tokio::time::sleep(Duration::from_millis(1)).await;
    assert_eq!(store.pending_operation_count(), 0);
    assert_eq!(delegate.inner.load("m", "a").await?, Some(lww(1)));
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn background_retries_failures_and_writes_the_newest_value() -> anyhow::Result<()> {
    let Fixture {
        store, delegate, ..
    } = fixture(DELAY);
    delegate.fail_next(3);
    store.add("m", "a", &lww(1), 0, 0).await?;
    // Fails at 100 ms, 110 ms and 130 ms (back-off 10, 20, then 40 ms).
    tokio::time::sleep(DELAY + Duration::from_millis(35)).await;
    assert_eq!(
        store.pending_operation_count(),
        1,
        "a failed write stays queued"
    );
    assert_eq!(delegate.inner.load("m", "a").await?, None);
    store.add("m", "a", &lww(2), 0, 0).await?;
    tokio::time::sleep(Duration::from_millis(40)).await;
    assert_eq!(store.pending_operation_count(), 0);
    assert_eq!(
        delegate.accepted(),
        ["add a"],
        "the retry wrote only the newest value"
    );
    assert_eq!(delegate.inner.load("m", "a").await?, Some(lww(2)));
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn hard_flush_stops_at_an_error_and_keeps_the_rest_queued() -> anyhow::Result<()> {
    let Fixture {
        store, delegate, ..
    } = fixture(NEVER);
    store.add("m", "a", &lww(1), 0, 0).await?;
    store.remove("m", "b", 0).await?;
    store.add("m", "c", &lww(3), 0, 0).await?;
    delegate.inner.add("m", "b", &lww(0), 0, 0).await?;
    store.hard_flush().await?;
    store.add("m", "d", &lww(4), 0, 0).await?;
    store.remove("m", "e", 0).await?;
    delegate.fail_next(1);
    let error = store.hard_flush().await.expect_err("the delegate fails");
    let message = format!("{error:#}");
    assert!(
        message.contains("add") && message.contains("'d'") && message.contains("'m'"),
        "{message}"
    );
    assert!(message.contains("injected failure"), "{message}");
    assert_eq!(store.pending_operation_count(), 2);
    assert_eq!(store.load("m", "d").await?, Some(lww(4)));
    store.hard_flush().await?;
    assert_eq!(store.pending_operation_count(), 0);
    assert_eq!(delegate.inner.load("m", "d").await?, Some(lww(4)));
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn flush_key_writes_now_and_keeps_the_queued_expiration_time() -> anyhow::Result<()> {
    let Fixture {
        store,
        delegate,
        clock,
    } = fixture(NEVER);
    let expires = clock.now() + 50;
    store.add("m", "a", &lww(1), expires, 0).await?;
    store.add("m", "b", &lww(2), 0, 0).await?;
    store.flush_key("m", "a", &lww(1), false).await?;
    assert_eq!(
        store.pending_operation_count(),
        1,
        "only a's queued write is dropped"
    );
    assert_eq!(delegate.inner.load("m", "a").await?, Some(lww(1)));
    clock.advance(50);
    assert_eq!(
        delegate.inner.load("m", "a").await?,
        None,
        "expiration kept"
    );

    store.flush_key("m", "c", &lww(3), true).await?;
    assert_eq!(delegate.accepted(), ["add a", "flush_key c"]);
    assert_eq!(delegate.inner.backup_value("m", "c"), Some(lww(3)));

    delegate.fail_next(1);
    let error = store
        .flush_key("m", "b", &lww(2), false)
        .await
        .expect_err("fails");
    assert!(format!("{error:#}").contains("'b'"));
    assert_eq!(
        store.pending_operation_count(),
        1,
        "nothing dropped on error"
    );
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn dropping_the_store_stops_its_task() -> anyhow::Result<()> {
    let Fixture {
        store, delegate, ..
    } = fixture(DELAY);
    store.add("m", "a", &lww(1), 0, 0).await?;
    let flusher = Arc::downgrade(&store.flusher);
    drop(store);
    tokio::time::sleep(DELAY * 2).await;
    assert!(
        flusher.upgrade().is_none(),
        "the task released the shared state"
    );
    assert_eq!(Arc::strong_count(&delegate), 1);
    assert!(
        delegate.accepted().is_empty(),
        "queued writes are discarded on drop"
    );
    Ok(())
}

#[test]
fn new_needs_a_runtime_and_a_valid_config() {
    let delegate = Arc::new(InMemoryDataStore::new());
    let outside = WriteBehindDataStore::new(Arc::clone(&delegate), WriteBehindConfig::default());
    assert!(outside.is_err());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let _inside = runtime.enter();
    for config in [
        WriteBehindConfig {
            batch_size: 0,
            ..WriteBehindConfig::default()
        },
        WriteBehindConfig {
            retry_initial_backoff: Duration::ZERO,
            ..WriteBehindConfig::default()
        },
        WriteBehindConfig {
            retry_max_backoff: Duration::from_millis(1),
            ..WriteBehindConfig::default()
        },
    ] {
        assert!(WriteBehindDataStore::new(Arc::clone(&delegate), config).is_err());
    }
    assert!(WriteBehindDataStore::new(delegate, WriteBehindConfig::default()).is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_and_flushes_leave_the_last_write_of_every_key() -> anyhow::Result<()> {
    let Fixture {
        store, delegate, ..
    } = fixture(Duration::ZERO);
    let store = Arc::new(store);
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                for round in 0..50_i64 {
                    for key in 0..5 {
                        let key = format!("w{writer}k{key}");
                        if round % 7 == 6 {
                            store.remove("m", &key, 0).await?;
                        } else {
                            store.add("m", &key, &lww(round), 0, 0).await?;
                        }
                        if round % 5 == 4 {
                            store.flush_key("m", &key, &lww(round), false).await?;
                        }
                    }
                    tokio::task::yield_now().await;
                }
                anyhow::Ok(())
            })
        })
        .collect();
    for writer in writers {
        writer.await??;
    }
    store.hard_flush().await?;
    assert_eq!(store.pending_operation_count(), 0);
    for writer in 0..4 {
        for key in 0..5 {
            let key = format!("w{writer}k{key}");
            // Round 49 is an add (49 % 7 == 0) and not followed by a flush_key.
            assert_eq!(
                delegate.inner.load("m", &key).await?,
                Some(lww(49)),
                "{key}"
            );
        }
    }
    Ok(())
}
