//! Where the index of a corpus is cached, and the key it must have been saved for.
//!
//! The key covers every file's path, size and modification time, the lexicon and lupe's
//! version. Gathering the sizes and times of 10,000 files takes about as long as a cached
//! look-up takes to answer, so the key is worked out on a thread of its own while the index
//! in the file starts answering; the answer is only given once the two keys agree.

use lupe::corpus::LoadOptions;
use lupe::{Corpus, Lexicon};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;

/// One corpus's place in the cache.
pub struct Entry {
    /// One file per corpus location, so a changed corpus replaces its old entry.
    pub file: PathBuf,
    key: Key,
}

/// A key being worked out on another thread.
struct Key {
    thread: Mutex<Option<JoinHandle<u64>>>,
    value: OnceLock<u64>,
}

impl Entry {
    /// The entry of the corpus at `paths` (loaded with `options`) indexed with `lexicon`,
    /// its key being worked out from now on; `None` without a cache directory.
    pub fn new(
        paths: &[PathBuf],
        ext: &[String],
        options: LoadOptions,
        lexicon: &Lexicon,
    ) -> Option<Entry> {
        let dir = cache_dir()?;
        let absolute: Vec<PathBuf> = paths
            .iter()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
            .collect();
        let place = hash(&(&absolute, ext));
        let known = hash(&(env!("CARGO_PKG_VERSION"), &absolute, ext, lexicon));
        let paths = paths.to_vec();
        let thread =
            std::thread::spawn(move || hash(&(known, Corpus::fingerprint(&paths, &options))));
        Some(Entry {
            file: dir.join(format!("{place:016x}.idx")),
            key: Key {
                thread: Mutex::new(Some(thread)),
                value: OnceLock::new(),
            },
        })
    }

    /// The key the corpus has now (waits until it is worked out).
    pub fn key(&self) -> u64 {
        *self.key.value.get_or_init(|| {
            let thread = self.key.thread.lock().ok().and_then(|mut t| t.take());
            match thread.map(JoinHandle::join) {
                Some(Ok(key)) => key,
                // A panic while working out the key is a panic here, as if it had been
                // worked out on this thread.
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => unreachable!("the key is taken from its thread once"),
            }
        })
    }
}

/// `$XDG_CACHE_HOME/lupe`, else `~/.cache/lupe`.
fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })?;
    Some(base.join("lupe"))
}

fn hash(value: &impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
