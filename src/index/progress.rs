//! How far loading and indexing have got, for a progress bar drawn by another thread.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Shared between the thread that builds an index and the one that shows its progress.
#[derive(Debug, Default)]
pub struct Progress {
    total: AtomicUsize,
    done: AtomicUsize,
    ids: Mutex<Vec<String>>,
}

impl Progress {
    /// The articles found, before they are indexed, so they can be listed at once.
    pub fn found(&self, ids: Vec<String>) {
        self.total.store(ids.len(), Ordering::Relaxed);
        if let Ok(mut slot) = self.ids.lock() {
            *slot = ids;
        }
    }

    pub(crate) fn indexed(&self, n: usize) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// `(articles indexed, articles in all)`; both 0 while the files are still being read.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// The ids of the articles found so far (empty while the files are being read).
    pub fn ids(&self) -> Vec<String> {
        self.ids.lock().map(|ids| ids.clone()).unwrap_or_default()
    }
}
