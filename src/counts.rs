//! Counts per actor and per keyword topic, read from the index's mentions and hits.

use crate::index::Index;

/// How often one actor (or topic) is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// Index into the lexicon's actors (or topics).
    pub id: u32,
    pub total: usize,
    /// Number of articles with at least one mention.
    pub articles: usize,
    /// `(article index, count)` for each article with a mention, in corpus order.
    pub per_article: Vec<(u32, usize)>,
}

/// Mentions per actor, in the whole corpus or in one article, sorted by total (descending,
/// then by name); actors with no mention are left out.
pub fn actor_counts(_index: &Index, _article: Option<u32>) -> Vec<Count> {
    todo!()
}

/// Hits per keyword topic, likewise.
pub fn topic_counts(_index: &Index, _article: Option<u32>) -> Vec<Count> {
    todo!()
}
