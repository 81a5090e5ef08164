//! Terminal-safe text: no byte of a corpus, a lexicon or a query reaches a terminal raw.
