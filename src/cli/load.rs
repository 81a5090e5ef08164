//! Loading the corpus and the lexicon the user asked for.

use super::Failure;
use lupe::corpus::LoadOptions;
use lupe::index::Progress;
use lupe::{Corpus, Index, Lexicon};
use std::hash::{Hash, Hasher};
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
pub fn corpus(paths: &[PathBuf], ext: &[String]) -> Result<Corpus, Failure> {
    if paths.is_empty() {
        return Ok(Corpus::builtin());
    }
    Corpus::load(paths, &options(ext)).map_err(|e| {
        let mut message = e.to_string();
        let lupe::corpus::LoadError::NoArticles { warnings, .. } = &e;
        for w in warnings {
            message.push_str(&format!("\n  {w}"));
        }
        Failure(message)
    })
}

/// An index and where it came from: one read from the cache can find damage in the file
/// as it answers, and then has to be built again.
pub struct Loaded {
    pub index: Index,
    /// The cache file and key, when the cache is used.
    cache: Option<(PathBuf, u64)>,
    /// The index was read from the cache, so it may still find damage.
    pub from_cache: bool,
    paths: Vec<PathBuf>,
    ext: Vec<String>,
}

/// The index of the corpus at `paths` with `lexicon`: from the cache when it was saved for
/// exactly these files and this lexicon, else built (and saved for next time). `progress`
/// hears of the articles as soon as they are known. The built-in corpus is not cached: it
/// indexes in milliseconds.
pub fn index(
    paths: &[PathBuf],
    ext: &[String],
    lexicon: Lexicon,
    use_cache: bool,
    progress: &Progress,
) -> Result<Loaded, Failure> {
    let cache = if use_cache && !paths.is_empty() {
        cache_file(paths, ext, &lexicon)
    } else {
        None
    };
    if let Some((file, key)) = &cache
        && let Some(index) = Index::load_cached(file, *key, &lexicon)
    {
        progress.found(index.articles().iter().map(|a| a.id.clone()).collect());
        return Ok(Loaded {
            index,
            cache,
            from_cache: true,
            paths: paths.to_vec(),
            ext: ext.to_vec(),
        });
    }
    Ok(Loaded {
        index: build(paths, ext, lexicon, cache.as_ref(), progress)?,
        cache,
        from_cache: false,
        paths: paths.to_vec(),
        ext: ext.to_vec(),
    })
}

impl Loaded {
    /// Throws away an index whose cache file turned out damaged, with the file, and builds
    /// it again from the corpus (saving it for next time).
    pub fn rebuild(&mut self, progress: &Progress) -> Result<(), Failure> {
        if let Some((file, _)) = &self.cache {
            let _ = std::fs::remove_file(file);
        }
        let lexicon = self.index.lexicon().clone();
        self.index = build(
            &self.paths,
            &self.ext,
            lexicon,
            self.cache.as_ref(),
            progress,
        )?;
        self.from_cache = false;
        Ok(())
    }

    /// The index, checked whole when it was read from the cache (and built again if it
    /// was damaged): for the browser, which keeps using it without checking.
    pub fn into_sound(mut self, progress: &Progress) -> Result<Index, Failure> {
        if self.from_cache {
            self.index.load_all();
            if self.index.is_damaged() {
                self.rebuild(progress)?;
            }
        }
        Ok(self.index)
    }
}

/// Builds the index of the corpus and saves it to `cache`, if given.
fn build(
    paths: &[PathBuf],
    ext: &[String],
    lexicon: Lexicon,
    cache: Option<&(PathBuf, u64)>,
    progress: &Progress,
) -> Result<Index, Failure> {
    let corpus = corpus(paths, ext)?;
    progress.found(corpus.articles.iter().map(|a| a.id.clone()).collect());
    let index = Index::build_with_progress(corpus, lexicon, progress);
    if let Some((file, key)) = cache
        && let Err(e) = index.save(file, *key)
    {
        eprintln!(
            "lupe: warning: cannot save the index cache {}: {e} (use --no-cache to skip it)",
            lupe::text::sanitize::sanitize_line(&file.to_string_lossy())
        );
    }
    Ok(index)
}

/// Where the index of this corpus is cached, and the key its content must match: one file
/// per corpus location (so a changed corpus replaces its old entry), keyed by the files'
/// fingerprint, the lexicon and lupe's version.
fn cache_file(paths: &[PathBuf], ext: &[String], lexicon: &Lexicon) -> Option<(PathBuf, u64)> {
    let dir = cache_dir()?;
    let absolute: Vec<PathBuf> = paths
        .iter()
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let place = hash(&(&absolute, ext));
    let options = options(ext);
    let key = hash(&(
        env!("CARGO_PKG_VERSION"),
        &absolute,
        ext,
        lexicon,
        Corpus::fingerprint(paths, &options),
    ));
    Some((dir.join(format!("{place:016x}.idx")), key))
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

/// Every loading warning, on stderr: none is silent.
pub fn print_warnings(index: &Index) {
    for w in index.warnings() {
        eprintln!("lupe: warning: {w}");
    }
}
