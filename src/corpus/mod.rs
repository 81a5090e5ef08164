//! The corpus: which files are articles, and their text as lupe will read it.
//!
//! Loading never stops at a bad file: every problem becomes a [`LoadWarning`] that the CLI
//! prints and the TUI shows. Only a corpus with no readable article at all is an error.

mod builtin;
mod decode;
mod walk;

pub use decode::{DecodeIssue, Decoded, decode, decode_owned};

use std::fmt;
use std::path::PathBuf;

/// One article: an id and its normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The path relative to the directory it was loaded from (display-safe), or the file
    /// name for the built-in corpus, e.g. `000_a0c9e3cb8058340b.txt`.
    pub id: String,
    /// Normalised text (see [`decode`]): every offset in lupe is a byte offset into this.
    pub text: String,
}

/// The most bytes an article's text may have. Offsets into an article are 32-bit
/// numbers in the index and 31-bit ones in the cache file, so a longer text would be cut
/// at the wrong places. A file that size is a dump of many articles rather than one, and
/// indexing it alone would take some seven times its size in memory: it is skipped with a
/// warning that says to split it.
pub const MAX_ARTICLE_BYTES: usize = (1 << 31) - 1;

/// The warning for a text of `len` bytes, more than `limit`.
pub(crate) fn too_large(len: u64, limit: usize) -> String {
    format!(
        "too large for one article: {} MiB, and an article must be under {} MiB; skipped \
         (split it into articles)",
        len.div_ceil(1 << 20),
        (limit as u64 + 1).div_ceil(1 << 20)
    )
}

/// Something that went wrong with one file while loading; the file was skipped or repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadWarning {
    /// The file's path, display-safe.
    pub path: String,
    /// What happened, in plain words.
    pub message: String,
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// How to load a corpus from disk.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// File name endings (without the dot) that count as articles.
    pub extensions: Vec<String>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            extensions: vec!["txt".into(), "md".into()],
        }
    }
}

/// A loading failure that leaves nothing to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// No readable article was found under the given paths.
    NoArticles {
        paths: Vec<String>,
        warnings: Vec<LoadWarning>,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NoArticles { paths, warnings } => {
                write!(f, "no readable article in {}", paths.join(", "))?;
                if !warnings.is_empty() {
                    write!(f, " ({} file(s) skipped)", warnings.len())?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// What loading tells as it goes, for a progress display on another thread. Listing the
/// files takes milliseconds where reading them can take seconds (a large corpus, a cold
/// disk, a network file system), so the files are told first.
pub trait LoadReport: Sync {
    /// The files found, in corpus order, by the ids their articles will have; before any
    /// is read. A file that cannot be read or holds no text will have no article.
    fn listed(&self, ids: Vec<String>);
    /// One more of the listed files has been read (or found unreadable).
    fn read_one(&self);
}

/// Nothing to tell.
impl LoadReport for () {
    fn listed(&self, _: Vec<String>) {}
    fn read_one(&self) {}
}

/// The articles in path order, and what went wrong while reading them.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub warnings: Vec<LoadWarning>,
}

impl Corpus {
    /// The five articles compiled into the binary.
    pub fn builtin() -> Corpus {
        builtin::corpus()
    }

    /// Loads every article under `paths` (files, or directories searched recursively).
    pub fn load(paths: &[PathBuf], options: &LoadOptions) -> Result<Corpus, LoadError> {
        walk::load(paths, options, &())
    }

    /// [`Corpus::load`], telling `report` which files were found as soon as they are
    /// listed, and each time one has been read.
    pub fn load_reporting(
        paths: &[PathBuf],
        options: &LoadOptions,
        report: &dyn LoadReport,
    ) -> Result<Corpus, LoadError> {
        walk::load(paths, options, report)
    }

    /// A fingerprint of the files [`Corpus::load`] would read (their paths, sizes and
    /// modification times), for keying a cached index; nothing is read.
    pub fn fingerprint(paths: &[PathBuf], options: &LoadOptions) -> u64 {
        walk::fingerprint(paths, options)
    }

    /// A corpus from texts already in memory, for tests and tools: `(id, raw bytes)`.
    pub fn from_texts<I, S, B>(texts: I) -> Corpus
    where
        I: IntoIterator<Item = (S, B)>,
        S: Into<String>,
        B: AsRef<[u8]>,
    {
        let mut corpus = Corpus::default();
        for (id, bytes) in texts {
            let id = id.into();
            let decoded = decode(bytes.as_ref());
            if let Some(issue) = decoded.issue {
                corpus.warnings.push(LoadWarning {
                    path: id.clone(),
                    message: issue.to_string(),
                });
            }
            if let Some(text) = decoded.text {
                corpus.articles.push(Article { id, text });
            }
        }
        corpus
    }
}
