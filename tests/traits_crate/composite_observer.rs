use std::sync::{Arc, Mutex};

use storage_traits::{
    CompositeMutationObserver, MutationObserver, Record, RecordMetadata, RecordValue, Value,
};

use crate::samples::ts;

type Log = Arc<Mutex<Vec<(usize, String)>>>;

/// Logs `(observer id, call with its arguments)` into a log shared by all observers,
/// so the order across observers is visible.
struct Logging {
    id: usize,
    log: Log,
}

impl Logging {
    fn push(&self, call: String) {
        self.log.lock().unwrap().push((self.id, call));
    }
}

impl MutationObserver for Logging {
    fn on_put(&self, key: &str, record: &Record, old: Option<&RecordValue>, backup: bool) {
        self.push(format!("put {key} {record:?} {old:?} {backup}"));
    }
    fn on_update(
        &self,
        key: &str,
        record: &Record,
        old: &RecordValue,
        new: &RecordValue,
        backup: bool,
    ) {
        self.push(format!("update {key} {record:?} {old:?} {new:?} {backup}"));
    }
    fn on_remove(&self, key: &str, record: &Record, backup: bool) {
        self.push(format!("remove {key} {record:?} {backup}"));
    }
    fn on_evict(&self, key: &str, record: &Record, backup: bool) {
        self.push(format!("evict {key} {record:?} {backup}"));
    }
    fn on_load(&self, key: &str, record: &Record, backup: bool) {
        self.push(format!("load {key} {record:?} {backup}"));
    }
    fn on_replication_put(&self, key: &str, record: &Record, populate_index: bool) {
        self.push(format!("replication_put {key} {record:?} {populate_index}"));
    }
    fn on_clear(&self) {
        self.push("clear".to_string());
    }
    fn on_reset(&self) {
        self.push("reset".to_string());
    }
    fn on_destroy(&self, is_shutdown: bool) {
        self.push(format!("destroy {is_shutdown}"));
    }
}

fn record(n: i64) -> Record {
    Record {
        value: lww(n),
        metadata: RecordMetadata::new(n, 8),
    }
}

fn lww(n: i64) -> RecordValue {
    RecordValue::Lww {
        value: Value::Int(n),
        timestamp: ts(1, 2, "n"),
    }
}

/// Calls all nine methods once, with distinct arguments, and returns the call each
/// observer should log, in order.
fn notify_all(observer: &dyn MutationObserver) -> Vec<String> {
    let (r, old, new) = (record(1), lww(2), lww(3));
    observer.on_put("p", &r, Some(&old), false);
    observer.on_update("u", &r, &old, &new, true);
    observer.on_remove("r", &r, true);
    observer.on_evict("e", &r, false);
    observer.on_load("l", &r, true);
    observer.on_replication_put("rp", &r, false);
    observer.on_clear();
    observer.on_reset();
    observer.on_destroy(true);
    vec![
        format!("put p {r:?} {:?} false", Some(&old)),
        format!("update u {r:?} {old:?} {new:?} true"),
        format!("remove r {r:?} true"),
        format!("evict e {r:?} false"),
        format!("load l {r:?} true"),
        format!("replication_put rp {r:?} false"),
        "clear".to_string(),
        "reset".to_string(),
        "destroy true".to_string(),
    ]
}

fn logging(ids: &[usize], log: &Log) -> Vec<Arc<dyn MutationObserver>> {
    ids.iter()
        .map(|&id| {
            Arc::new(Logging {
                id,
                log: log.clone(),
            }) as Arc<dyn MutationObserver>
        })
        .collect()
}

fn expected(ids: &[usize], calls: &[String]) -> Vec<(usize, String)> {
    calls
        .iter()
        .flat_map(|call| ids.iter().map(move |&id| (id, call.clone())))
        .collect()
}

#[test]
fn every_method_reaches_every_observer_once_in_registration_order() {
    let log = Log::default();
    let composite = CompositeMutationObserver::new(logging(&[0, 1, 2], &log));
    let calls = notify_all(&composite);
    assert_eq!(*log.lock().unwrap(), expected(&[0, 1, 2], &calls));
}

#[test]
fn add_appends_after_the_existing_observers() {
    let log = Log::default();
    let mut composite = CompositeMutationObserver::new(logging(&[5], &log));
    for observer in logging(&[3, 4], &log) {
        composite.add(observer);
    }
    assert_eq!(composite.len(), 3);
    let calls = notify_all(&composite);
    assert_eq!(*log.lock().unwrap(), expected(&[5, 3, 4], &calls));
}

#[test]
fn an_observer_registered_twice_is_called_twice() {
    let log = Log::default();
    let once = logging(&[7], &log).remove(0);
    let composite = CompositeMutationObserver::new(vec![once.clone(), once]);
    let calls = notify_all(&composite);
    assert_eq!(*log.lock().unwrap(), expected(&[7, 7], &calls));
}

#[test]
fn an_empty_composite_is_a_no_op() {
    let empty = CompositeMutationObserver::default();
    assert!(empty.is_empty());
    let _ = notify_all(&empty);
    let nested =
        CompositeMutationObserver::new(vec![Arc::new(CompositeMutationObserver::default())]);
    let _ = notify_all(&nested);
}
