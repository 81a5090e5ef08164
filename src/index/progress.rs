//! How far loading and indexing have got, for a progress bar drawn by another thread.

use crate::corpus::LoadReport;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Shared between the thread that loads and builds an index and the one that shows its
/// progress.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files listed, to be read.
    files: AtomicUsize,
    /// Of those, read so far.
    read: AtomicUsize,
    /// Articles found in them, to be indexed.
    total: AtomicUsize,
    /// Of those, indexed so far.
    done: AtomicUsize,
    /// The articles come from a saved index, which is being opened.
    cached: AtomicBool,
    /// The files listed, then the articles found: what the first screen lists.
    ids: Mutex<Vec<String>>,
}

/// Where loading is, as [`Progress::stage`] tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Looking for the files.
    Listing,
    /// `read` of the `files` listed have been read.
    Reading { read: usize, files: usize },
    /// `done` of the `total` articles found have been indexed.
    Indexing { done: usize, total: usize },
    /// The `total` articles of a saved index are being opened and checked.
    Opening { total: usize },
}

impl Progress {
    /// The articles found, before they are indexed, so they can be listed at once.
    pub fn found(&self, ids: Vec<String>) {
        self.cached.store(false, Ordering::Relaxed);
        self.set(ids, &self.total);
    }

    /// The articles of a saved index, found before it is checked.
    pub fn found_cached(&self, ids: Vec<String>) {
        self.cached.store(true, Ordering::Relaxed);
        self.set(ids, &self.total);
    }

    /// Puts `ids` in the list and their number in `count`: a new list of files starts
    /// the count over (an index found stale in the cache is built again from the files).
    fn set(&self, ids: Vec<String>, count: &AtomicUsize) {
        if let Ok(mut slot) = self.ids.lock() {
            count.store(ids.len(), Ordering::Relaxed);
            *slot = ids;
        }
    }

    pub(crate) fn indexed(&self, n: usize) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// Where loading is.
    pub fn stage(&self) -> Stage {
        let load = |n: &AtomicUsize| n.load(Ordering::Relaxed);
        let (files, total) = (load(&self.files), load(&self.total));
        if self.cached.load(Ordering::Relaxed) {
            return Stage::Opening { total };
        }
        if total > 0 {
            return Stage::Indexing {
                done: load(&self.done).min(total),
                total,
            };
        }
        if files > 0 {
            return Stage::Reading {
                read: load(&self.read).min(files),
                files,
            };
        }
        Stage::Listing
    }

    /// `(files read, files listed)` of the last listing, whatever stage came after.
    pub fn files(&self) -> (usize, usize) {
        let load = |n: &AtomicUsize| n.load(Ordering::Relaxed);
        (load(&self.read), load(&self.files))
    }

    /// The ids of the files listed, then of the articles found (empty while the files are
    /// being looked for).
    pub fn ids(&self) -> Vec<String> {
        self.first_ids(usize::MAX)
    }

    /// The first `n` of [`Progress::ids`]: what a screen shows of them, redrawn many times
    /// a second while a corpus of 100,000 files loads.
    pub fn first_ids(&self, n: usize) -> Vec<String> {
        self.ids
            .lock()
            .map(|ids| ids.iter().take(n).cloned().collect())
            .unwrap_or_default()
    }
}

impl LoadReport for Progress {
    fn listed(&self, ids: Vec<String>) {
        // Loading starts (or starts over): nothing is read, found or indexed yet.
        self.cached.store(false, Ordering::Relaxed);
        for n in [&self.read, &self.total, &self.done] {
            n.store(0, Ordering::Relaxed);
        }
        self.set(ids, &self.files);
    }

    fn read_one(&self) {
        self.read.fetch_add(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{i}.txt")).collect()
    }

    #[test]
    fn the_stages_follow_each_other_with_their_counts() {
        let progress = Progress::default();
        assert_eq!(progress.stage(), Stage::Listing);
        assert!(progress.ids().is_empty());

        progress.listed(ids(3));
        assert_eq!(progress.stage(), Stage::Reading { read: 0, files: 3 });
        assert_eq!(progress.ids(), ids(3));
        assert_eq!(progress.first_ids(2), ids(2));
        progress.read_one();
        progress.read_one();
        assert_eq!(progress.stage(), Stage::Reading { read: 2, files: 3 });
        progress.read_one();
        assert_eq!(progress.files(), (3, 3));

        // One of the three files held no text.
        progress.found(ids(2));
        assert_eq!(progress.files(), (3, 3));
        assert_eq!(progress.stage(), Stage::Indexing { done: 0, total: 2 });
        assert_eq!(progress.ids(), ids(2));
        progress.indexed(1);
        assert_eq!(progress.stage(), Stage::Indexing { done: 1, total: 2 });
    }

    #[test]
    fn a_saved_index_is_opened_and_a_stale_one_built_again_from_the_start() {
        let progress = Progress::default();
        progress.found_cached(ids(4));
        assert_eq!(progress.stage(), Stage::Opening { total: 4 });
        assert_eq!(progress.ids(), ids(4));

        // Found stale: the files are listed and read again, and indexed.
        progress.listed(ids(5));
        assert_eq!(progress.stage(), Stage::Reading { read: 0, files: 5 });
        progress.found(ids(5));
        assert_eq!(progress.stage(), Stage::Indexing { done: 0, total: 5 });
    }

    #[test]
    fn an_empty_saved_index_is_still_being_opened() {
        let progress = Progress::default();
        progress.found_cached(Vec::new());
        assert_eq!(progress.stage(), Stage::Opening { total: 0 });
    }
}
