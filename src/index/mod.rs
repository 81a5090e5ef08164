//! The in-memory index.

/// Everything lupe knows about a corpus.
pub struct Index {}
