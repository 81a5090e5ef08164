//! Loading the corpus and the lexicon the user asked for.

use super::Failure;
use lupe::corpus::LoadOptions;
use lupe::{Corpus, Index, Lexicon};
use std::path::{Path, PathBuf};

/// The lexicon at `path`, or the built-in one.
pub fn lexicon(path: Option<&Path>) -> Result<Lexicon, Failure> {
    match path {
        Some(path) => Lexicon::load(path).map_err(|e| Failure(format!("lexicon error: {e}"))),
        None => Ok(Lexicon::builtin()),
    }
}

/// The corpus at `paths` (the built-in one when empty); `ext` replaces the file endings.
pub fn corpus(paths: &[PathBuf], ext: &[String]) -> Result<Corpus, Failure> {
    if paths.is_empty() {
        return Ok(Corpus::builtin());
    }
    let mut options = LoadOptions::default();
    if !ext.is_empty() {
        options.extensions = ext
            .iter()
            .map(|e| e.trim_start_matches('.').to_string())
            .collect();
    }
    Corpus::load(paths, &options).map_err(|e| {
        let mut message = e.to_string();
        let lupe::corpus::LoadError::NoArticles { warnings, .. } = &e;
        for w in warnings {
            message.push_str(&format!("\n  {w}"));
        }
        Failure(message)
    })
}

/// Every loading warning, on stderr: none is silent.
pub fn print_warnings(index: &Index) {
    for w in index.warnings() {
        eprintln!("lupe: warning: {w}");
    }
}
