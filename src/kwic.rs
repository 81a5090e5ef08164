//! Keyword-in-context lines: each hit with its left and right context, cut to a width.

use crate::index::Index;
use crate::query::Hit;

/// The NLTK concordance layout: 79 columns, the match centred.
pub const DEFAULT_WIDTH: usize = 79;

/// One concordance line. `left` and `right` are display-safe, one line, cut to columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicLine {
    pub hit: Hit,
    pub left: String,
    pub matched: String,
    pub right: String,
}

/// Which word a sort key looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// The match itself.
    Match,
    /// The n-th word (1-3) left of the match.
    Left(u8),
    /// The n-th word (1-3) right of the match.
    Right(u8),
}

/// How KWIC lines are ordered: by position when empty, else by these keys in turn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sort {
    pub keys: Vec<SortKey>,
}

/// Orders `hits` by `sort` (ties by position).
pub fn sort_hits(_index: &Index, _hits: &mut [Hit], _sort: &Sort) {
    todo!()
}

/// The KWIC line of `hit`, `width` columns in all, the match centred.
pub fn line(_index: &Index, _hit: Hit, _width: usize) -> KwicLine {
    todo!()
}
