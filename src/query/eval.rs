//! Answering a query from the index.
use super::Query;
use crate::index::Index;

/// One place where a query matched: a byte range in one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hit {
    pub article: u32,
    pub start: u32,
    pub end: u32,
}

/// All hits of `query` in `index`, in corpus order.
pub fn evaluate(_index: &Index, _query: &Query) -> Vec<Hit> {
    todo!()
}
