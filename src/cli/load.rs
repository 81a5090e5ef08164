//! Loading the corpus and the lexicon the user asked for.

use super::Failure;
use lupe::corpus::LoadOptions;
use lupe::{Corpus, Index, Lexicon};
use std::path::{Path, PathBuf};

/// The index of the corpus at `paths` (the built-in one when empty) with the lexicon at
/// `lexicon` (the built-in one when absent).
pub fn index(paths: &[PathBuf], ext: &[String], lexicon: Option<&Path>) -> Result<Index, Failure> {
    let lexicon = match lexicon {
        Some(path) => Lexicon::load(path).map_err(|e| Failure(format!("lexicon error: {e}")))?,
        None => Lexicon::builtin(),
    };
    let corpus = if paths.is_empty() {
        Corpus::builtin()
    } else {
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
        })?
    };
    Ok(Index::build(corpus, lexicon))
}

/// Every loading warning, on stderr: none is silent.
pub fn print_warnings(index: &Index) {
    for w in index.warnings() {
        eprintln!("lupe: warning: {w}");
    }
}
