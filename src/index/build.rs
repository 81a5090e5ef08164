//! Building the index: every article analysed on its own (in parallel), then merged.

use super::terms::{NO_TERM, Posting, Terms};
use super::{ArticleIndex, Index, Span};
use crate::corpus::{Article, Corpus};
use crate::lexicon::Lexicon;
use crate::lexicon::matcher::Matcher;
use crate::lexicon::words::Words;
use crate::text::{sentences, title::title};
use rayon::prelude::*;

/// One article analysed alone: its index, and its terms with local ids.
struct Analysed {
    article: ArticleIndex,
    /// Local term id to folded term.
    terms: Vec<Box<str>>,
    /// Per local term, `(token, part)` in text order.
    postings: Vec<Vec<(u32, u16)>>,
    /// Local term id of each token's whole form.
    token_terms: Vec<u32>,
}

pub(super) fn build(corpus: Corpus, lexicon: Lexicon) -> Index {
    let matcher = Matcher::new(&lexicon);
    // The result never depends on the thread count: each article is analysed alone and
    // the merge below runs in corpus order.
    let analysed: Vec<Analysed> = corpus
        .articles
        .into_par_iter()
        .map(|a| analyse(a, &matcher))
        .collect();

    let mut terms = Terms::default();
    let mut articles = Vec::with_capacity(analysed.len());
    let mut actor_mentions = vec![Vec::new(); lexicon.actors.len()];
    let mut topic_hits = vec![Vec::new(); lexicon.topics.len()];
    for (a, an) in analysed.into_iter().enumerate() {
        let a = a as u32;
        let global: Vec<u32> = an.terms.iter().map(|t| terms.intern(t)).collect();
        // Distinct local terms are distinct global terms, and each local list is in text
        // order, so appending keeps every posting list in corpus order.
        for (local, list) in an.postings.iter().enumerate() {
            for &(token, part) in list {
                terms.add_posting(
                    global[local],
                    Posting {
                        article: a,
                        token,
                        part,
                    },
                );
            }
        }
        let mut article = an.article;
        article.token_terms = an
            .token_terms
            .iter()
            .map(|&l| {
                if l == NO_TERM {
                    NO_TERM
                } else {
                    global[l as usize]
                }
            })
            .collect();
        for (m, mention) in article.mentions.iter().enumerate() {
            actor_mentions[mention.actor as usize].push((a, m as u32));
        }
        for (k, hit) in article.keywords.iter().enumerate() {
            topic_hits[hit.topic as usize].push((a, k as u32));
        }
        articles.push(article);
    }

    Index {
        articles,
        lexicon,
        warnings: corpus.warnings,
        terms,
        actor_mentions,
        topic_hits,
    }
}

fn analyse(article: Article, matcher: &Matcher) -> Analysed {
    let text = article.text;
    let tokens = matcher.tokenize(&text);
    let sentences: Vec<Span> = sentences(&text, &tokens)
        .into_iter()
        .map(|(start, end)| Span { start, end })
        .collect();
    let first_sentence = sentences
        .first()
        .map(|s| &text[s.start as usize..s.end as usize]);
    let title = crate::text::sanitize::sanitize_line(&title(&text, first_sentence)).into_owned();
    let words = Words::new(&text, &tokens);
    let (mentions, keywords) = matcher.find_in(&text, &tokens, &words);
    let word_count = words.token_terms.iter().filter(|t| **t != NO_TERM).count();
    let Words {
        terms,
        token_terms,
        places: postings,
        ..
    } = words;

    Analysed {
        article: ArticleIndex {
            id: article.id,
            title,
            tokens,
            sentences,
            mentions,
            keywords,
            words: word_count,
            token_terms: Vec::new(),
            text,
        },
        terms,
        postings,
        token_terms,
    }
}
