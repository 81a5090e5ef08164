//! Loading the corpus and the lexicon the user asked for.

use super::{Failure, cache, evict};
use lupe::corpus::{LoadOptions, LoadReport};
use lupe::index::Progress;
use lupe::{Corpus, Index, Lexicon};
use std::path::{Path, PathBuf};

/// The lexicon at `path`, or the built-in one.
pub fn lexicon(path: Option<&Path>) -> Result<Lexicon, Failure> {
    match path {
        Some(path) => Lexicon::load(path).map_err(|e| Failure(format!("lexicon error: {e}"))),
        None => Ok(Lexicon::builtin()),
    }
}

fn options(ext: &[String]) -> LoadOptions {
    let mut options = LoadOptions::default();
    if !ext.is_empty() {
        options.extensions = ext
            .iter()
            .map(|e| e.trim_start_matches('.').to_string())
            .collect();
    }
    options
}

/// The corpus at `paths` (the built-in one when empty); `ext` replaces the file endings.
/// `report` hears of the files as they are listed and read.
pub fn corpus(
    paths: &[PathBuf],
    ext: &[String],
    report: &dyn LoadReport,
) -> Result<Corpus, Failure> {
    if paths.is_empty() {
        return Ok(Corpus::builtin());
    }
    Corpus::load_reporting(paths, &options(ext), report).map_err(|e| {
        let mut message = e.to_string();
        let lupe::corpus::LoadError::NoArticles { warnings, .. } = &e;
        for w in warnings {
            message.push_str(&format!("\n  {w}"));
        }
        Failure(message)
    })
}

/// An index and where it came from. One read from the cache is only trusted once the
/// corpus is known to be the one it was saved for, and as long as no part of the file read
/// so far was damaged; otherwise it is built again.
pub struct Loaded {
    pub index: Index,
    cache: Option<cache::Entry>,
    /// The key of the cache file the index was read from, if it was.
    saved_for: Option<u64>,
    paths: Vec<PathBuf>,
    ext: Vec<String>,
}

/// The index of the corpus at `paths` with `lexicon`: from the cache when a file is there
/// (to be confirmed: see [`Loaded::is_sound`]), else built (and saved for next time).
/// `progress` hears of the articles as soon as they are known. The built-in corpus is not
/// cached: it indexes in milliseconds.
pub fn index(
    paths: &[PathBuf],
    ext: &[String],
    lexicon: Lexicon,
    use_cache: bool,
    progress: &Progress,
) -> Result<Loaded, Failure> {
    let cache = if use_cache && !paths.is_empty() {
        cache::Entry::new(paths, ext, options(ext), &lexicon)
    } else {
        None
    };
    // Whatever the file was saved for: the key of the corpus is still being worked out.
    if let Some(entry) = &cache
        && let Some(saved) = Index::cached_key(&entry.file)
        && let Some(index) = Index::load_cached(&entry.file, saved, &lexicon)
    {
        evict::mark_used(&entry.file, std::time::SystemTime::now());
        progress.found_cached(index.articles().iter().map(|a| a.id.clone()).collect());
        return Ok(Loaded {
            index,
            cache,
            saved_for: Some(saved),
            paths: paths.to_vec(),
            ext: ext.to_vec(),
        });
    }
    Ok(Loaded {
        index: build(paths, ext, lexicon, progress)?,
        cache,
        saved_for: None,
        paths: paths.to_vec(),
        ext: ext.to_vec(),
    })
}

impl Loaded {
    /// Whether the index was read from the cache (and so must be confirmed sound before
    /// anything it answered is shown).
    pub fn is_cached(&self) -> bool {
        self.saved_for.is_some()
    }

    /// Whether an answer from the index can be shown: it was built, or it was read from a
    /// file saved for the corpus as it is now and no part read so far was damaged. Waits
    /// for the corpus's key.
    pub fn is_sound(&self) -> bool {
        match (&self.cache, self.saved_for) {
            (Some(entry), Some(saved)) => entry.key() == saved && !self.index.is_damaged(),
            _ => true,
        }
    }

    /// [`Loaded::is_sound`], after reading and checking all of the index, so that using it
    /// further cannot find damage.
    pub fn check_all(&self) -> bool {
        if !self.is_sound() {
            return false;
        }
        self.index.load_all();
        !self.index.is_damaged()
    }

    /// Throws away an index that is not sound, with its cache file, and builds it again
    /// from the corpus (to be saved for next time: see [`Loaded::save`]).
    pub fn rebuild(&mut self, progress: &Progress) -> Result<(), Failure> {
        if let Some(entry) = &self.cache {
            let _ = std::fs::remove_file(&entry.file);
        }
        let lexicon = self.index.lexicon().clone();
        self.index = build(&self.paths, &self.ext, lexicon, progress)?;
        self.saved_for = None;
        Ok(())
    }

    /// Whether the index was built here and a cache is used: then it is to be saved, on a
    /// thread of its own while it answers ([`Loaded::save`]). Writing the file takes a
    /// third of a second for a corpus of 100 MB, which the first answer need not wait for.
    pub fn needs_saving(&self) -> bool {
        self.cache.is_some() && self.saved_for.is_none()
    }

    /// Saves the index for next time, if [`Loaded::needs_saving`]; the warnings to print
    /// if it cannot, or if the cache's limit is set wrong.
    pub fn save(&self) -> Vec<String> {
        match (&self.cache, self.saved_for) {
            (Some(entry), None) => save(&self.index, entry),
            _ => Vec::new(),
        }
    }

    /// The index, checked whole if it was read from the cache (and built again if it was
    /// not sound): for the browser, which keeps using it without checking. With it, what
    /// saves it for next time if it is to be saved, for the browser to run on a thread of
    /// its own.
    pub fn into_sound(mut self, progress: &Progress) -> Result<(Index, Option<Saver>), Failure> {
        if !self.check_all() {
            self.rebuild(progress)?;
        }
        let saver = match (self.cache, self.saved_for) {
            (Some(entry), None) => Some(Saver(entry)),
            _ => None,
        };
        Ok((self.index, saver))
    }
}

/// Where to save an index built for a corpus (see [`Loaded::into_sound`]).
pub struct Saver(cache::Entry);

impl Saver {
    /// As [`Loaded::save`].
    pub fn save(self, index: &Index) -> Vec<String> {
        save(index, &self.0)
    }
}

/// Writes `index` to the cache and keeps the cache within its limits; the warnings to
/// print. Given back, not printed: the browser saves while it holds the terminal, and
/// prints them once it has given it back.
fn save(index: &Index, entry: &cache::Entry) -> Vec<String> {
    let mut warnings = Vec::new();
    if let Err(e) = index.save(&entry.file, entry.key()) {
        warnings.push(format!(
            "lupe: warning: cannot save the index cache {}: {e} (use --no-cache to skip it)",
            lupe::text::sanitize::sanitize_line(&entry.file.to_string_lossy())
        ));
    }
    // Saving is the one time the cache grows; a failed save may have met a full disk.
    if let Some(dir) = entry.file.parent() {
        let (rules, warning) = evict::Rules::from_env();
        if let Some(warning) = warning {
            warnings.push(format!("lupe: warning: {warning}"));
        }
        evict::tidy(dir, &entry.file, std::time::SystemTime::now(), &rules);
    }
    warnings
}

/// Builds the index from the corpus.
fn build(
    paths: &[PathBuf],
    ext: &[String],
    lexicon: Lexicon,
    progress: &Progress,
) -> Result<Index, Failure> {
    let corpus = corpus(paths, ext, progress)?;
    progress.found(corpus.articles.iter().map(|a| a.id.clone()).collect());
    Ok(Index::build_with_progress(corpus, lexicon, progress))
}

/// Every loading warning, on stderr: none is silent.
pub fn print_warnings(index: &Index) {
    for w in index.warnings() {
        eprintln!("lupe: warning: {w}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lupe::index::Stage;

    #[test]
    fn the_browsers_progress_hears_of_the_files_read_and_the_articles_indexed() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.txt"), "Trump und Kim").expect("write");
        std::fs::write(dir.path().join("b.txt"), "Kim").expect("write");
        std::fs::write(dir.path().join("c.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
        let progress = Progress::default();
        let loaded = index(
            &[dir.path().to_path_buf()],
            &[],
            Lexicon::builtin(),
            false,
            &progress,
        )
        .unwrap_or_else(|Failure(e)| panic!("{e}"));
        assert_eq!(loaded.index.articles().len(), 2);
        // Three files listed and read; two of them articles, both indexed.
        assert_eq!(progress.files(), (3, 3));
        assert_eq!(progress.stage(), Stage::Indexing { done: 2, total: 2 });
        assert_eq!(progress.ids(), ["a.txt", "b.txt"]);
    }
}
