//! Building the index: articles analysed on their own (in parallel), then merged in order.

use super::terms::{MAX_ARTICLES, MAX_PARTS, NO_TERM, Posting, Terms};
use super::{ArticleIndex, Index, Progress, Span, Tokens};
use crate::corpus::{Article, Corpus, LoadWarning};
use crate::lexicon::Lexicon;
use crate::lexicon::matcher::Matcher;
use crate::lexicon::words::{TermList, Words};
use crate::text::{sentences, title::title};

/// Articles analysed ahead of the merge at most: enough to keep every core busy, few enough
/// that the per-article tables never pile up in memory.
const WINDOW: usize = 64;

/// One article analysed alone: its index, and its terms with local ids.
struct Analysed {
    article: ArticleIndex,
    /// Local term id to folded term.
    terms: TermList,
    /// `(local term, word, part)` in text order: the article's postings.
    postings: Vec<(u32, u32, u16)>,
}

pub(super) fn build(corpus: Corpus, lexicon: Lexicon, progress: &Progress) -> Index {
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
        matcher: Matcher::default(),
    };
    // The result never depends on the thread count: each article is analysed alone and
    // merged in corpus order.
    super::in_order::map_in_order(
        articles,
        WINDOW,
        |a| analyse(a, &matcher),
        |an| {
            merge(&mut index, an);
            progress.indexed(1);
        },
    );
    index.terms.shrink();
    index.matcher = matcher;
    index
}

fn merge(index: &mut Index, an: Analysed) {
    let a = index.articles.len() as u32;
    let global: Vec<u32> = an.terms.iter().map(|t| index.terms.intern(t)).collect();
    // Postings come in text order, so appending keeps every list in corpus order.
    for &(local, word, part) in &an.postings {
        index
            .terms
            .add_posting(global[local as usize], Posting::new(a, word, part));
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
    let sentences: Box<[Span]> = sentences(&text, &tokens)
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
    let mut postings = Vec::with_capacity(words.pieces.len() + words.pieces.len() / 8);
    for piece in &words.pieces {
        if piece.part <= 1 {
            // The whole token, once, before its parts.
            let whole = words.token_terms[piece.token as usize];
            postings.push((whole, piece.word, 0));
        }
        // Parts past the posting's limit still match actors, but are not indexed.
        if piece.part > 0 && (piece.part as usize) <= MAX_PARTS {
            postings.push((piece.term, piece.word, piece.part));
        }
    }
    let terms = words.terms;

    Analysed {
        article: ArticleIndex {
            id: article.id,
            title,
            tokens: Tokens::from_tokens(&tokens).into(),
            sentences: sentences.into_vec().into(),
            mentions,
            keywords,
            words: word_count,
            text: text.into(),
        },
        terms,
        postings,
    }
}
