//! The in-memory index: built once from a corpus and a lexicon, read by everything else.
//!
//! Per article it keeps the text once and, as byte ranges into it, the tokens, sentences,
//! actor mentions and keyword hits; across the corpus an inverted index from folded term
//! (whole tokens and the parts of hyphenated compounds) to postings.

use crate::corpus::{Corpus, LoadWarning};
use crate::lexicon::Lexicon;
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
}

/// A place where a keyword topic matched: which topic (index into the lexicon's topics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeywordHit {
    pub start: u32,
    pub end: u32,
    pub topic: u32,
}

/// One article as the index holds it.
#[derive(Debug, Clone)]
pub struct ArticleIndex {
    pub id: String,
    pub text: String,
    pub title: String,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Span>,
    /// In text order.
    pub mentions: Vec<Mention>,
    /// In text order.
    pub keywords: Vec<KeywordHit>,
    /// Number of word tokens.
    pub words: usize,
}

/// Everything lupe knows about a corpus.
pub struct Index {
    articles: Vec<ArticleIndex>,
    lexicon: Lexicon,
    warnings: Vec<LoadWarning>,
}

impl Index {
    /// Builds the index of `corpus` with `lexicon`.
    pub fn build(corpus: Corpus, lexicon: Lexicon) -> Index {
        let _ = (corpus, lexicon);
        todo!()
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
