//! Building the index: articles analysed on their own (in parallel), then merged in order.

use super::terms::{MAX_ARTICLES, NO_TERM, Posting, Terms};
use super::{ArticleIndex, Index, Span};
use crate::corpus::{Article, Corpus, LoadWarning};
use crate::lexicon::Lexicon;
use crate::lexicon::matcher::Matcher;
use crate::lexicon::words::Words;
use crate::text::{sentences, title::title};
use rayon::prelude::*;

/// Articles analysed at once before their postings are merged: enough to keep both cores
/// busy, few enough that the per-article tables never pile up in memory.
const CHUNK: usize = 128;

/// One article analysed alone: its index, and its terms with local ids.
struct Analysed {
    article: ArticleIndex,
    /// Local term id to folded term.
    terms: Vec<Box<str>>,
    /// Per local term, `(token, part)` in text order.
    postings: Vec<Vec<(u32, u16)>>,
}

pub(super) fn build(corpus: Corpus, lexicon: Lexicon) -> Index {
    let matcher = Matcher::new(&lexicon);
    let Corpus {
        mut articles,
        mut warnings,
    } = corpus;
    if articles.len() > MAX_ARTICLES {
        warnings.push(LoadWarning {
            path: articles[MAX_ARTICLES].id.clone(),
            message: format!(
                "the index holds at most {MAX_ARTICLES} articles; {} were left out",
                articles.len() - MAX_ARTICLES
            ),
        });
        articles.truncate(MAX_ARTICLES);
    }

    let mut index = Index {
        articles: Vec::with_capacity(articles.len()),
        actor_mentions: vec![Vec::new(); lexicon.actors.len()],
        topic_hits: vec![Vec::new(); lexicon.topics.len()],
        terms: Terms::default(),
        lexicon,
        warnings,
    };
    // The result never depends on the thread count: each article is analysed alone and
    // merged in corpus order.
    let mut rest = articles.into_iter();
    loop {
        let chunk: Vec<Article> = rest.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let analysed: Vec<Analysed> = chunk
            .into_par_iter()
            .map(|a| analyse(a, &matcher))
            .collect();
        for an in analysed {
            merge(&mut index, an);
        }
    }
    index.terms.shrink();
    index
}

fn merge(index: &mut Index, an: Analysed) {
    let a = index.articles.len() as u32;
    // Distinct local terms are distinct global terms, and each local list is in text order,
    // so appending keeps every posting list in corpus order.
    for (term, list) in an.terms.iter().zip(&an.postings) {
        let id = index.terms.intern(term);
        for &(token, part) in list {
            index.terms.add_posting(id, Posting::new(a, token, part));
        }
    }
    let article = an.article;
    for (m, mention) in article.mentions.iter().enumerate() {
        index.actor_mentions[mention.actor as usize].push((a, m as u32));
    }
    for (k, hit) in article.keywords.iter().enumerate() {
        index.topic_hits[hit.topic as usize].push((a, k as u32));
    }
    index.articles.push(article);
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
            text,
        },
        terms,
        postings,
    }
}
