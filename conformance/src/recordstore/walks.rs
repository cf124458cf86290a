//! Cursor walks through a record store, checked by the shared [`WalkTracker`] against
//! what its engine holds.

use std::collections::BTreeMap;

use storage_traits::{IterationCursor, Record, RecordStore};

use crate::cursor::{Page, WalkTracker, entries_page, keys_page};
use crate::engine::PageKind;
use crate::failure::Violation;

/// What the store's engine holds now, by key.
pub fn engine_state<R: RecordStore + ?Sized>(store: &R) -> BTreeMap<String, Record> {
    store.storage().snapshot_iter().into_iter().collect()
}

fn fetch<R: RecordStore + ?Sized>(
    store: &R,
    cursor: &IterationCursor,
    size: usize,
    kind: PageKind,
) -> Page {
    match kind {
        PageKind::Keys => keys_page(store.fetch_keys(cursor, size)),
        PageKind::Entries => entries_page(store.fetch_entries(cursor, size)),
    }
}

/// The walk in progress, if any, with the method it pages with.
#[derive(Debug, Default)]
pub struct Walks {
    current: Option<(WalkTracker, PageKind)>,
}

impl Walks {
    /// Whether a walk has started and not finished.
    pub fn in_progress(&self) -> bool {
        self.current
            .as_ref()
            .is_some_and(|(walk, _)| !walk.finished())
    }

    /// A whole walk with nothing in between its pages.
    pub fn whole<R: RecordStore + ?Sized>(
        store: &R,
        step: usize,
        size: usize,
        kind: PageKind,
    ) -> Result<(), Violation> {
        let mut walk = WalkTracker::start(&engine_state(store), size, true);
        while !walk.finished() {
            let page = fetch(store, walk.cursor(), size, kind);
            walk.page(step, page)?;
        }
        Ok(())
    }

    /// The next page of the walk in progress, or of a new one.
    pub fn next_page<R: RecordStore + ?Sized>(
        &mut self,
        store: &R,
        step: usize,
        size: usize,
        kind: PageKind,
    ) -> Result<(), Violation> {
        if !self.in_progress() {
            self.current = Some((WalkTracker::start(&engine_state(store), size, false), kind));
        }
        let Some((walk, kind)) = &mut self.current else {
            return Ok(());
        };
        // A walk keeps the page size and method it started with, as a caller would.
        let page = fetch(store, walk.cursor(), walk.size(), *kind);
        walk.page(step, page)
    }

    /// Tells the walk in progress how an op changed the engine.
    pub fn changed(&mut self, before: &BTreeMap<String, Record>, after: &BTreeMap<String, Record>) {
        let Some((walk, _)) = &mut self.current else {
            return;
        };
        for (key, record) in after {
            if before.get(key).is_none_or(|old| !old.same_as(record)) {
                walk.on_put(key, record);
            }
        }
        for key in before.keys().filter(|k| !after.contains_key(*k)) {
            walk.on_remove(key);
        }
    }

    /// Finishes the walk left in progress at the end of a case.
    pub fn drain<R: RecordStore + ?Sized>(
        &mut self,
        store: &R,
        step: usize,
    ) -> Result<(), Violation> {
        while self.in_progress() {
            self.next_page(store, step, 0, PageKind::Keys)?;
        }
        Ok(())
    }
}
