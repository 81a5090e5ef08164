//! The five built-in articles, compiled into the binary, so lupe has something to show
//! with no corpus on disk (and the tests have a corpus they can rely on).
//!
//! They go through the same [`decode`](super::decode) as files do, so their text is
//! normalised exactly like a loaded corpus.

use super::Corpus;

/// `(id, bytes)` in file-name order; the id is the file name.
pub(crate) const ARTICLES: [(&str, &[u8]); 5] = [
    (
        "000_a0c9e3cb8058340b.txt",
        include_bytes!("../../fixtures/articles/000_a0c9e3cb8058340b.txt"),
    ),
    (
        "001_13991f40eaa9f95a.txt",
        include_bytes!("../../fixtures/articles/001_13991f40eaa9f95a.txt"),
    ),
    (
        "002_71e4d82f6747df7e.txt",
        include_bytes!("../../fixtures/articles/002_71e4d82f6747df7e.txt"),
    ),
    (
        "003_1e6b0e475ff56036.txt",
        include_bytes!("../../fixtures/articles/003_1e6b0e475ff56036.txt"),
    ),
    (
        "004_3edf93f4457be493.txt",
        include_bytes!("../../fixtures/articles/004_3edf93f4457be493.txt"),
    ),
];

pub(super) fn corpus() -> Corpus {
    Corpus::from_texts(ARTICLES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_corpus_has_the_five_articles_in_file_name_order() {
        let corpus = corpus();
        assert_eq!(corpus.articles.len(), 5);
        assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
        assert_eq!(corpus.articles[0].id, "000_a0c9e3cb8058340b.txt");
        assert!(corpus.articles[0].text.starts_with("Zu sagen, dass"));
        let ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
    }
}
