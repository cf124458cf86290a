use storage_traits::RecordMetadata;

#[test]
fn new_sets_every_field() {
    let m = RecordMetadata::new(1_000, 64);
    assert_eq!(
        m,
        RecordMetadata {
            version: 0,
            creation_time: 1_000,
            last_access_time: 1_000,
            last_update_time: 1_000,
            last_stored_time: 0,
            hits: 0,
            cost: 64,
        }
    );
}

#[test]
fn default_is_all_zero() {
    let m = RecordMetadata::default();
    assert_eq!(
        (
            m.version,
            m.creation_time,
            m.last_access_time,
            m.last_update_time
        ),
        (0, 0, 0, 0)
    );
    assert_eq!((m.last_stored_time, m.hits, m.cost), (0, 0, 0));
}

#[test]
fn on_access_counts_a_hit_and_moves_only_the_access_time() {
    let mut m = RecordMetadata::new(10, 1);
    m.on_access(20);
    m.on_access(30);
    assert_eq!((m.hits, m.last_access_time), (2, 30));
    assert_eq!(
        (m.version, m.creation_time, m.last_update_time),
        (0, 10, 10)
    );
}

#[test]
fn on_update_bumps_the_version_and_moves_only_the_update_time() {
    let mut m = RecordMetadata::new(10, 1);
    m.on_update(25);
    assert_eq!((m.version, m.last_update_time), (1, 25));
    assert_eq!((m.hits, m.creation_time, m.last_access_time), (0, 10, 10));
}

#[test]
fn on_store_moves_only_the_stored_time() {
    let mut m = RecordMetadata::new(10, 1);
    m.on_store(40);
    assert_eq!(m.last_stored_time, 40);
    assert_eq!(
        RecordMetadata {
            last_stored_time: 0,
            ..m
        },
        RecordMetadata::new(10, 1)
    );
}

#[test]
fn version_and_hits_saturate_at_u32_max() {
    let mut m = RecordMetadata::new(0, 1);
    m.version = u32::MAX - 1;
    m.hits = u32::MAX - 1;
    for now in 1..4 {
        m.on_update(now);
        m.on_access(now);
    }
    assert_eq!((m.version, m.hits), (u32::MAX, u32::MAX));
    assert_eq!((m.last_update_time, m.last_access_time), (3, 3));
}

#[test]
fn is_dirty_follows_stored_versus_update_time() {
    let mut m = RecordMetadata::new(100, 1);
    assert!(m.is_dirty(), "a new record at t>0 has never been stored");
    m.on_store(100);
    assert!(!m.is_dirty(), "stored at the update time");
    m.on_update(150);
    assert!(m.is_dirty(), "updated after the last store");
    m.on_access(200);
    assert!(m.is_dirty(), "a read does not clean a record");
    m.on_store(149);
    assert!(
        m.is_dirty(),
        "a store older than the update does not clean it"
    );
    m.on_store(150);
    assert!(!m.is_dirty());
    m.on_store(300);
    assert!(!m.is_dirty());
    assert!(!RecordMetadata::new(0, 1).is_dirty(), "both times are 0");
}
