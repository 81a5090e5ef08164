//! Building the index: articles analysed on their own (in parallel), then merged in order.

use super::compounds::{ArticleCompounds, Compounds};
use super::joins;
use super::list::PostingList;
use super::prefetch::prefetch;
use super::terms::{MAX_ARTICLES, MAX_PARTS, NO_TERM, Posting, Terms};
use super::vocabulary::Vocabulary;
use super::{ArticleIndex, Index, Progress, Span, Tokens};
use crate::corpus::{Article, Corpus, LoadWarning, MAX_ARTICLE_BYTES, too_large};
use crate::lexicon::Lexicon;
use crate::lexicon::matcher::{Matcher, TermInfo};
use crate::lexicon::words::{TermList, Words};
use crate::text::token::Tokenized;
use crate::text::{sentences, title::title};
use std::sync::{RwLock, RwLockReadGuard};

/// Articles analysed ahead of the merge at most: enough to keep every core busy, few enough
/// that the per-article tables never pile up in memory.
const WINDOW: usize = 64;
/// How many terms ahead an article's look-ups in the vocabulary ask for their slot.
const LOOK_AHEAD: u32 = 8;
/// Articles longer than this (bytes of text) have their independent steps run side by side.
const SIDE_BY_SIDE_ABOVE: usize = 4 << 20;

/// One article analysed alone: its index, and its postings by term.
struct Analysed<'m> {
    article: ArticleIndex,
    /// Local term id to folded term.
    terms: TermList,
    /// Local term id to its id in the vocabulary, or [`NO_TERM`] if it was not there
    /// when the article was analysed.
    global: Vec<u32>,
    /// The matcher's info of each term the vocabulary did not have, by local id.
    new_infos: Vec<(u32, TermInfo<'m>)>,
    /// The postings of local term `l` are `postings[starts[l]..starts[l + 1]]`, in text
    /// order and with article 0: grouped by term, so the merge appends each term's run at
    /// once instead of one posting at a time to lists all over memory.
    starts: Vec<u32>,
    postings: Vec<Posting>,
    compounds: ArticleCompounds,
    /// Which words join the word before them (see [`super::joins`]).
    joins: Vec<u64>,
}

/// The index as the merge builds it, one article after another.
struct Merged {
    index: Index,
    postings: Vec<PostingList>,
    compounds: Compounds,
    joins: joins::Builder,
    /// How many articles the corpus has: the merge reserves room in a posting list for
    /// what the rest of the corpus will likely add.
    total: usize,
}

pub(super) fn build(corpus: Corpus, lexicon: Lexicon, progress: &Progress) -> Index {
    let matcher = Matcher::new(&lexicon);
    let Corpus {
        mut articles,
        mut warnings,
    } = corpus;
    leave_out_too_large(&mut articles, &mut warnings, MAX_ARTICLE_BYTES);
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

    let vocabulary = RwLock::new(Vocabulary::default());
    let mut merged = Merged {
        index: Index {
            articles: Vec::with_capacity(articles.len()),
            actor_mentions: vec![Vec::new(); lexicon.actors.len()],
            topic_hits: vec![Vec::new(); lexicon.topics.len()],
            terms: Terms::default(),
            lexicon,
            warnings,
            matcher: Matcher::default(),
            word_starts: Default::default(),
        },
        postings: Vec::new(),
        compounds: Compounds::default(),
        joins: joins::Builder::default(),
        total: articles.len(),
    };
    // The result never depends on the thread count: each article is analysed alone and
    // merged in corpus order.
    super::in_order::map_in_order(
        articles,
        WINDOW,
        |a| analyse(a, &matcher, &vocabulary),
        |an| {
            merge(&mut merged, &vocabulary, an);
            progress.indexed(1);
        },
    );
    let Merged {
        mut index,
        postings,
        compounds,
        joins,
        ..
    } = merged;
    debug_assert_eq!(read(&vocabulary).len(), postings.len());
    let terms = vocabulary
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_terms();
    index.terms = Terms::built(terms, postings, compounds, joins.finish());
    index.matcher = matcher;
    index
}

/// Leaves out the articles whose text has more than `limit` bytes, each with a warning:
/// offsets into an article must fit the index's numbers. Files are checked as they are
/// read; this catches texts given in memory ([`Corpus::from_texts`]).
fn leave_out_too_large(articles: &mut Vec<Article>, warnings: &mut Vec<LoadWarning>, limit: usize) {
    articles.retain(|a| {
        let fits = a.text.len() <= limit;
        if !fits {
            warnings.push(LoadWarning {
                path: a.id.clone(),
                message: too_large(a.text.len() as u64, limit),
            });
        }
        fits
    });
}

/// The vocabulary to read, whatever a panicking thread left (a panic ends the build anyway).
fn read<'v, 'm>(v: &'v RwLock<Vocabulary<'m>>) -> RwLockReadGuard<'v, Vocabulary<'m>> {
    v.read().unwrap_or_else(|e| e.into_inner())
}

fn merge<'m>(merged: &mut Merged, vocabulary: &RwLock<Vocabulary<'m>>, an: Analysed<'m>) {
    let Analysed {
        article,
        terms,
        mut global,
        new_infos,
        starts,
        postings,
        compounds,
        joins,
    } = an;
    if !new_infos.is_empty() {
        // Ids in the order the terms first stand in the corpus. A term another article
        // brought in since this one was analysed is found, not added twice.
        let mut vocabulary = vocabulary.write().unwrap_or_else(|e| e.into_inner());
        for (local, info) in new_infos {
            let term = terms.get(local);
            let id = vocabulary.add(terms.hash(local), term, info);
            if id as usize == merged.postings.len() {
                merged.postings.push(PostingList::default());
            }
            global[local as usize] = id;
        }
    }
    if !compounds.is_empty() {
        merged.compounds.add(&compounds, &global);
    }
    merged.joins.append(&joins, article.words);
    let index = &mut merged.index;
    let a = index.articles.len() as u32;
    let (done, total) = (a as usize + 1, merged.total);
    // Postings come in text order, so appending keeps every list in corpus order. The
    // lists are far apart in memory: the list `AHEAD` terms on is asked for, and the end
    // of the one half as far on, whose list has come by then (see [`super::prefetch`]).
    // The appends of `big` took 207 ms without this and 169 ms with it.
    const AHEAD: usize = 16;
    let lists = &mut merged.postings;
    for (local, &id) in global.iter().enumerate() {
        if let Some(&far) = global.get(local + AHEAD) {
            prefetch(lists.as_ptr().wrapping_add(far as usize));
        }
        if let Some(&near) = global.get(local + AHEAD / 2) {
            lists[near as usize].prefetch_end();
        }
        let run = &postings[starts[local] as usize..starts[local + 1] as usize];
        lists[id as usize].append(run, a, |len, run| room(len, run, done, total));
    }
    for (m, mention) in article.mentions.iter().enumerate() {
        index.actor_mentions[mention.actor as usize].push((a, m as u32));
    }
    for (k, hit) in article.keywords.iter().enumerate() {
        index.topic_hits[hit.topic as usize].push((a, k as u32));
    }
    index.articles.push(article);
}

/// The room to add to a posting list of `len` postings that a run of `run` more does
/// not fit, after `done` of the corpus's `total` articles.
///
/// Growing lists was some 7% of the build's time (lists grew 344,000 times on 100 MB,
/// each a copy and the allocator's work), and their empty room at the end is most of
/// the peak memory above the index itself. So a list takes room for what the rest of the
/// corpus will likely add at the rate it has grown so far, plus a sixteenth: a common
/// word grows a few times, and near the end of the corpus only by what is left. It grows
/// by half at most, which bounds the room left empty by a word that stops coming.
fn room(len: usize, run: usize, done: usize, total: usize) -> usize {
    let after = (len + run) as u64;
    let rest = (total.saturating_sub(done)) as u64;
    let likely = (after * rest / done.max(1) as u64) as usize;
    (likely + len / 16 + 4).min(len / 2 + 4).max(run)
}

fn analyse<'m>(
    article: Article,
    matcher: &'m Matcher,
    vocabulary: &RwLock<Vocabulary<'m>>,
) -> Analysed<'m> {
    let text = article.text;
    let Tokenized { tokens, compounds } = matcher.tokenize_marking_compounds(&text);
    // An article of many megabytes (a whole archive in one file) may leave the other
    // threads with no article to take: the steps of its analysis that do not need each
    // other are offered to them, side by side (a thread still busy with articles of its
    // own leaves them to this one).
    let large = text.len() > SIDE_BY_SIDE_ABOVE;
    let ((sentences, title), words) = both(
        large,
        || {
            let sentences: Box<[Span]> = sentences(&text, &tokens)
                .into_iter()
                .map(|(start, end)| Span { start, end })
                .collect();
            let first_sentence = sentences
                .first()
                .map(|s| &text[s.start as usize..s.end as usize]);
            let title =
                crate::text::sanitize::sanitize_line(&title(&text, first_sentence)).into_owned();
            (sentences, title)
        },
        || Words::with_compounds(&text, &tokens, &compounds),
    );

    // The terms the corpus has seen get their id and info from the vocabulary; the
    // others are worked out here, where it runs in parallel, and added by the merge.
    let mut global = Vec::with_capacity(words.terms.len());
    let mut infos = Vec::with_capacity(words.terms.len());
    let mut new_terms = Vec::new();
    {
        let vocabulary = read(vocabulary);
        // The table is larger than the nearer caches once the corpus has many terms: each
        // look-up asks for the slot of the one `LOOK_AHEAD` on (a few percent of the build of
        // `rich`).
        let n = words.terms.len() as u32;
        for (local, term) in words.terms.iter().enumerate() {
            let local = local as u32;
            if local + LOOK_AHEAD < n {
                vocabulary.prefetch(words.terms.hash(local + LOOK_AHEAD));
            }
            match vocabulary.find(words.terms.hash(local), term) {
                Some((id, info)) => {
                    global.push(id);
                    infos.push(info.clone());
                }
                None => {
                    global.push(NO_TERM);
                    infos.push(TermInfo::default());
                    new_terms.push(local);
                }
            }
        }
    }
    for &local in &new_terms {
        infos[local as usize] = matcher.term_info(words.terms.get(local));
    }
    let ((mentions, keywords), (joins, packed)) = both(
        large,
        || matcher.find_with(&text, &tokens, &words, &infos),
        // What needs every token is done by now, and the tokens are given back before the
        // postings are made: in an article of 100 MB they are 180 MB, and the peak of its
        // analysis was when both were held.
        || {
            (
                joins::of_article(&text, &tokens),
                Tokens::from_tokens(&tokens),
            )
        },
    );
    drop(tokens);
    let new_infos = new_terms
        .into_iter()
        .map(|local| (local, std::mem::take(&mut infos[local as usize])))
        .collect();

    let word_count = words.token_terms.iter().filter(|t| **t != NO_TERM).count();
    let ((starts, postings), compounds) = both(
        large,
        || postings_by_term(&words),
        || ArticleCompounds::of(&words),
    );
    Analysed {
        article: ArticleIndex {
            id: article.id,
            title,
            tokens: packed.into(),
            sentences: sentences.into_vec().into(),
            mentions,
            keywords,
            words: word_count,
            text: text.into(),
        },
        terms: words.terms,
        global,
        new_infos,
        starts,
        postings,
        compounds,
        joins,
    }
}

/// `a()` and `b()`, side by side on the pool's threads if `parallel`.
fn both<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if parallel {
        rayon::join(a, b)
    } else {
        (a(), b())
    }
}

/// The article's postings grouped by local term (see [`Analysed::starts`]): a counting
/// sort, which keeps each term's postings in text order.
fn postings_by_term(words: &Words) -> (Vec<u32>, Vec<Posting>) {
    // Every word token once as a whole, before its parts; parts past the posting's limit
    // still match actors, but are not indexed. Plain loops over the pieces, twice: the
    // iterator of optional pairs they replace was 5% of all the build's instructions.
    let indexed_part = |part: u16| part > 0 && part as usize <= MAX_PARTS;
    let mut starts = vec![0u32; words.terms.len() + 1];
    for piece in &words.pieces {
        if piece.part <= 1 {
            starts[words.token_terms[piece.token as usize] as usize + 1] += 1;
        }
        if indexed_part(piece.part) {
            starts[piece.term as usize + 1] += 1;
        }
    }
    for l in 1..starts.len() {
        starts[l] += starts[l - 1];
    }
    let mut next = starts.clone();
    let mut postings = vec![Posting::from_raw(0); *starts.last().unwrap_or(&0) as usize];
    let mut put = |term: u32, word: u32, part: u16| {
        let at = &mut next[term as usize];
        postings[*at as usize] = Posting::new(0, word, part);
        *at += 1;
    };
    for piece in &words.pieces {
        if piece.part <= 1 {
            put(words.token_terms[piece.token as usize], piece.word, 0);
        }
        if indexed_part(piece.part) {
            put(piece.term, piece.word, piece.part);
        }
    }
    (starts, postings)
}

#[cfg(test)]
mod tests {
    use super::{leave_out_too_large, room};
    use crate::{Corpus, Index, Lexicon};

    #[test]
    fn an_article_longer_than_the_limit_is_left_out_with_a_warning() {
        let corpus = Corpus::from_texts([("a", "Trump"), ("b", "Kim und Trump"), ("c", "Kim")]);
        let (mut articles, mut warnings) = (corpus.articles, corpus.warnings);
        leave_out_too_large(&mut articles, &mut warnings, 5);
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].path, "b");
        assert!(warnings[0].message.contains("too large"), "{}", warnings[0]);
    }

    #[test]
    fn a_list_grows_by_what_the_rest_of_the_corpus_likely_adds() {
        // Half-way, a list of 1,000 would double: it grows by half, no more.
        assert_eq!(room(1000, 10, 500, 1000), 504);
        // Near the end, by the little that is likely left, plus a sixteenth.
        assert_eq!(room(1000, 10, 990, 1000), 10 + 62 + 4);
        // At the end, by a sixteenth.
        assert_eq!(room(1000, 10, 1000, 1000), 66);
        // Always enough for the run.
        assert_eq!(room(1000, 5000, 1000, 1000), 5000);
        assert_eq!(room(0, 3, 1, 9080), 4);
    }

    /// `(article, word, part)` of every place `term` stands.
    fn places(index: &Index, term: &str) -> Vec<(u32, u32, u16)> {
        let id = index.terms().id(term).expect(term);
        let postings = index.terms().postings(id);
        postings
            .iter()
            .map(|p| (p.article(), p.token(), p.part()))
            .collect()
    }

    #[test]
    fn a_compound_stands_whole_and_as_each_of_its_parts() {
        let corpus = Corpus::from_texts([
            ("a", "Die Sanktionen, die US-Sanktionen."),
            ("b", "Kim-Trump-Gipfeltreffen und Sanktionen"),
        ]);
        let index = Index::build(corpus, Lexicon::builtin());
        assert_eq!(places(&index, "us-sanktionen"), [(0, 3, 0)]);
        assert_eq!(places(&index, "us"), [(0, 3, 1)]);
        assert_eq!(
            places(&index, "sanktionen"),
            [(0, 1, 0), (0, 3, 2), (1, 2, 0)]
        );
        assert_eq!(places(&index, "die"), [(0, 0, 0), (0, 2, 0)]);
        assert_eq!(places(&index, "kim-trump-gipfeltreffen"), [(1, 0, 0)]);
        assert_eq!(places(&index, "kim"), [(1, 0, 1)]);
        assert_eq!(places(&index, "trump"), [(1, 0, 2)]);
        assert_eq!(places(&index, "gipfeltreffen"), [(1, 0, 3)]);
        assert!(index.terms().id(",").is_none());
    }
}
