//! The in-memory index: built once from a corpus and a lexicon, read by everything else.
//!
//! Per article it keeps the text once and, as byte ranges into it, the tokens, sentences,
//! actor mentions and keyword hits; across the corpus an inverted index from folded term
//! (whole tokens and the parts of hyphenated compounds) to postings.

mod build;
mod cache;
mod compounds;
mod in_order;
mod joins;
mod lazy;
mod list;
mod prefetch;
mod progress;
mod term_search;
mod terms;
mod tokens;
mod vocabulary;

pub use joins::WordMap;
pub use lazy::Lazy;
pub use progress::{Progress, Stage};
pub use terms::{MAX_ARTICLES, MAX_PARTS, NO_TERM, Posting, Terms};
pub use tokens::Tokens;

pub(crate) use term_search::holds;

use crate::corpus::{Corpus, LoadWarning};
use crate::lexicon::Lexicon;
use crate::lexicon::matcher::MatchRule;
use crate::text::Token;

/// A byte range into an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

/// A place where an actor is named: which actor (index into the lexicon's actors), where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mention {
    pub start: u32,
    pub end: u32,
    pub actor: u32,
    /// Which of the actor's aliases matched (index into `Actor::aliases`).
    pub alias: u32,
    /// How the alias matched.
    pub rule: MatchRule,
}

/// A place where a keyword topic matched: which topic (index into the lexicon's topics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeywordHit {
    pub start: u32,
    pub end: u32,
    pub topic: u32,
}

/// One article as the index holds it. The text, tokens and sentences of an index read from
/// the cache are read from the file when first used (see [`Lazy`]); they deref to the
/// value either way.
#[derive(Debug, Clone)]
pub struct ArticleIndex {
    pub id: String,
    pub text: Lazy<String>,
    pub title: String,
    /// The word and number tokens; [`Index::tokenize`] gives every token.
    pub tokens: Lazy<Tokens>,
    pub sentences: Lazy<Vec<Span>>,
    /// In text order.
    pub mentions: Vec<Mention>,
    /// In text order.
    pub keywords: Vec<KeywordHit>,
    /// Number of word tokens.
    pub words: usize,
}

impl ArticleIndex {
    /// The text of a byte range.
    pub fn slice(&self, start: u32, end: u32) -> &str {
        &self.text[start as usize..end as usize]
    }

    /// The index of the word token that contains byte `offset`, or the first after it.
    pub fn token_at(&self, offset: u32) -> usize {
        self.tokens.partition_point(|t| t.end <= offset)
    }
}

/// Everything lupe knows about a corpus.
pub struct Index {
    articles: Vec<ArticleIndex>,
    matcher: crate::lexicon::Matcher,
    lexicon: Lexicon,
    warnings: Vec<LoadWarning>,
    terms: Terms,
    /// Per actor: `(article, mention index)` in corpus order.
    actor_mentions: Vec<Vec<(u32, u32)>>,
    /// Per topic: `(article, keyword hit index)` in corpus order.
    topic_hits: Vec<Vec<(u32, u32)>>,
    /// Where each article's words start in the corpus's numbering (see [`WordMap`]),
    /// worked out on first use.
    word_starts: std::sync::OnceLock<Box<[u64]>>,
}

impl Index {
    /// Builds the index of `corpus` with `lexicon`.
    pub fn build(corpus: Corpus, lexicon: Lexicon) -> Index {
        build::build(corpus, lexicon, &Progress::default())
    }

    /// [`Index::build`], counting the articles done in `progress` as it goes.
    pub fn build_with_progress(corpus: Corpus, lexicon: Lexicon, progress: &Progress) -> Index {
        build::build(corpus, lexicon, progress)
    }

    /// Every token of article `a`, punctuation included, cut as the index cut it.
    pub fn tokenize(&self, a: usize) -> Vec<Token> {
        self.articles
            .get(a)
            .map(|article| self.matcher.tokenize(&article.text))
            .unwrap_or_default()
    }

    /// Writes the index to `path` for `key` (see [`Index::load_cached`]), through a
    /// temporary file renamed into place, so a reader never sees half a file, and a reader
    /// that has the old file mapped keeps it as it was. A damaged index is not written.
    pub fn save(&self, path: &std::path::Path, key: u64) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(std::path::Path::new("."));
        std::fs::create_dir_all(dir)?;
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let result = (|| {
            let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            cache::write(self, key, &mut out)?;
            std::io::Write::flush(&mut out)?;
            drop(out);
            if self.is_damaged() {
                return Err(std::io::Error::other(
                    "the index read from the cache is damaged",
                ));
            }
            std::fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// The index saved at `path` for `key` with this lexicon, if the file is there and sound.
    /// `key` must cover everything the index depends on: the files (paths, sizes, times)
    /// and the lexicon; a file written for another key, or damaged, gives `None`.
    ///
    /// Only the header and the articles' metadata are read now; the texts, tokens,
    /// sentences and postings are read and checked when first used. Damage found then
    /// cannot be a `None` any more: the damaged part reads as empty and
    /// [`Index::is_damaged`] turns true, so check it after answering from such an index
    /// and, if it is, throw the answer away and build the index again.
    pub fn load_cached(path: &std::path::Path, key: u64, lexicon: &Lexicon) -> Option<Index> {
        cache::open(path, key, lexicon)
    }

    /// The key the cache file at `path` was saved for, from its header (nothing else is
    /// read or checked), so that it can be opened while the caller is still working out
    /// the key it wants; `None` if it is no cache file of this version of lupe.
    pub fn cached_key(path: &std::path::Path) -> Option<u64> {
        cache::saved_key(path)
    }

    /// Whether a part of the cache file this index was read from turned out damaged when
    /// it was read: then some answer may have been given from an empty part. Never true
    /// for a built index.
    pub fn is_damaged(&self) -> bool {
        self.terms.cache_file().is_some_and(|f| f.is_damaged())
    }

    /// Reads and checks every part an index read from the cache has not read yet, so that
    /// no later use can find damage ([`Index::is_damaged`] says whether it did). Nothing
    /// to do for a built index.
    pub fn load_all(&self) {
        use rayon::prelude::*;
        let Some(file) = self.terms.cache_file() else {
            return;
        };
        // Reading the text reads the sentences it is checked against; the tokens are read
        // on their own (checked against the text's bytes).
        self.articles.par_iter().for_each(|a| {
            let _ = (a.text.len(), a.tokens.len());
        });
        file.check_terms();
    }

    /// The corpus's words by number, and which of them join the word before them (what a
    /// phrase needs beyond its words' postings).
    pub fn word_map(&self) -> WordMap<'_> {
        let starts = self.word_starts.get_or_init(|| {
            let mut starts = Vec::with_capacity(self.articles.len() + 1);
            let mut words = 0u64;
            starts.push(0);
            for article in &self.articles {
                words += article.words as u64;
                starts.push(words);
            }
            starts.into_boxed_slice()
        });
        WordMap::new(starts, self.terms.joins())
    }

    /// The term dictionary and postings.
    pub fn terms(&self) -> &Terms {
        &self.terms
    }

    /// Where actor `actor` is mentioned: `(article, index into its mentions)`.
    pub fn actor_mentions(&self, actor: usize) -> &[(u32, u32)] {
        self.actor_mentions
            .get(actor)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Where topic `topic` matched: `(article, index into its keyword hits)`.
    pub fn topic_hits(&self, topic: usize) -> &[(u32, u32)] {
        self.topic_hits.get(topic).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The articles, in corpus order; a [`crate::query::Hit`]'s `article` indexes this.
    pub fn articles(&self) -> &[ArticleIndex] {
        &self.articles
    }

    /// The lexicon the index was built with.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// What went wrong while loading the corpus.
    pub fn warnings(&self) -> &[LoadWarning] {
        &self.warnings
    }

    /// The position of the article with this id.
    pub fn article_by_id(&self, id: &str) -> Option<usize> {
        self.articles.iter().position(|a| a.id == id)
    }
}
