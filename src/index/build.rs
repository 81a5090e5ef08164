//! Building the index: every article analysed on its own (in parallel), then merged.

use super::terms::{NO_TERM, Posting, Terms};
use super::{ArticleIndex, Index, Span};
use crate::corpus::{Article, Corpus};
use crate::lexicon::Lexicon;
use crate::lexicon::matcher::{Matcher, key};
use crate::text::token::parts;
use crate::text::{sentences, title::title};
use rayon::prelude::*;
use std::collections::HashMap;

/// One article analysed alone: its index, and its terms with local ids.
struct Analysed {
    article: ArticleIndex,
    /// Local term id to folded term.
    terms: Vec<String>,
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
    let (mentions, keywords) = matcher.find(&text, &tokens);

    let mut local: HashMap<String, u32> = HashMap::new();
    let mut terms: Vec<String> = Vec::new();
    let mut postings: Vec<Vec<(u32, u16)>> = Vec::new();
    let mut token_terms = Vec::with_capacity(tokens.len());
    let mut add = |term: String, token: u32, part: u16| -> u32 {
        let id = *local.entry(term).or_insert_with_key(|t| {
            terms.push(t.clone());
            postings.push(Vec::new());
            (terms.len() - 1) as u32
        });
        postings[id as usize].push((token, part));
        id
    };
    let mut words = 0;
    for (i, t) in tokens.iter().enumerate() {
        if !t.is_word() {
            token_terms.push(NO_TERM);
            continue;
        }
        words += 1;
        let id = add(key(t.text(&text)), i as u32, 0);
        token_terms.push(id);
        for (k, (s, e)) in parts(t, &text).into_iter().enumerate() {
            add(key(&text[s as usize..e as usize]), i as u32, (k + 1) as u16);
        }
    }

    Analysed {
        article: ArticleIndex {
            id: article.id,
            title,
            tokens,
            sentences,
            mentions,
            keywords,
            words,
            token_terms: Vec::new(),
            text,
        },
        terms,
        postings,
        token_terms,
    }
}
