//! Finding the articles under the paths a user gave.
use super::{Corpus, LoadError, LoadOptions};
use std::path::PathBuf;

pub(super) fn load(_paths: &[PathBuf], _options: &LoadOptions) -> Result<Corpus, LoadError> {
    todo!()
}
