//! The index does not depend on how many threads built it: the same counts, and the same
//! KWIC lines in the same order, with one thread or two.

use lupe::counts::{actor_counts, topic_counts};
use lupe::kwic::{self, Sort};
use lupe::query::{evaluate, parse};
use lupe::{Corpus, Index, Lexicon};

/// 300 short articles (several chunks of the parallel build) made from the built-in
/// ones, cut and recombined, so that the chunks see different mixes of text.
fn generated_corpus() -> Corpus {
    let builtin = Corpus::builtin();
    let texts: Vec<&str> = builtin.articles.iter().map(|a| a.text.as_str()).collect();
    let mut articles = Vec::new();
    for i in 0..300 {
        let a = texts[i % texts.len()];
        let b = texts[(i * 7 + 3) % texts.len()];
        let cut_a = a
            .char_indices()
            .nth(i * 37 % a.chars().count())
            .map_or(0, |(at, _)| at);
        let cut_b = b
            .char_indices()
            .nth(i * 53 % b.chars().count())
            .map_or(0, |(at, _)| at);
        // Short articles: the point is the number of them, not their size.
        let end_a = (cut_a + 2000).min(a.len());
        let end_a = (cut_a..=end_a)
            .rev()
            .find(|&e| a.is_char_boundary(e))
            .unwrap_or(cut_a);
        let end_b = cut_b.min(1500);
        let end_b = (0..=end_b)
            .rev()
            .find(|&e| b.is_char_boundary(e))
            .unwrap_or(0);
        articles.push((
            format!("gen/{i:03}.txt"),
            format!("{}\n{}", &a[cut_a..end_a], &b[..end_b]),
        ));
    }
    Corpus::from_texts(articles)
}

/// Everything a user can see of an index, as text.
fn fingerprint(index: &Index) -> String {
    let mut out = String::new();
    for c in actor_counts(index, None)
        .iter()
        .chain(&topic_counts(index, None))
    {
        out.push_str(&format!(
            "{} {} {} {:?}\n",
            c.id, c.total, c.articles, c.per_article
        ));
    }
    for q in [
        "Sanktionen",
        "Atom*",
        "Kim Jong Un",
        "@trump",
        "#nuclear",
        "/Denukleari.*/",
        "die",
        "\"die S*\"",
    ] {
        let query = parse(q).expect("query parses");
        let mut hits = evaluate(index, &query).expect("query evaluates");
        kwic::sort_hits(index, &mut hits, &Sort::parse("R1,L1").expect("sort"));
        for h in hits {
            out.push_str(&kwic::line(index, h, 60).render());
            out.push('\n');
        }
    }
    // Which words join the word before them, which phrases are counted from.
    let map = index.word_map();
    out.extend((0..map.words()).map(|at| if map.joins(at) { '1' } else { '0' }));
    out.push('\n');
    for a in index.articles() {
        out.push_str(&format!(
            "{} {} {} {}\n",
            a.id,
            a.title,
            a.words,
            a.sentences.len()
        ));
    }
    out
}

fn build_with(threads: usize, corpus: Corpus) -> Index {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
        .install(|| Index::build(corpus, Lexicon::builtin()))
}

#[test]
fn one_thread_and_two_threads_build_the_same_index_of_the_builtin_corpus() {
    let one = fingerprint(&build_with(1, Corpus::builtin()));
    let two = fingerprint(&build_with(2, Corpus::builtin()));
    assert_eq!(one, two);
    assert!(one.lines().count() > 100);
}

#[test]
fn one_thread_and_two_threads_build_the_same_index_of_300_articles() {
    let one = fingerprint(&build_with(1, generated_corpus()));
    let two = fingerprint(&build_with(2, generated_corpus()));
    assert_eq!(one, two);
    assert!(one.lines().count() > 1000);
}

#[test]
fn an_index_read_from_the_cache_shows_what_the_built_one_shows() {
    let built = build_with(2, generated_corpus());
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("index.idx");
    built.save(&path, 7).expect("save the index");
    let expected = fingerprint(&built);
    // Read part by part as the answers need them...
    let lazily = Index::load_cached(&path, 7, &Lexicon::builtin()).expect("reads back");
    assert_eq!(fingerprint(&lazily), expected);
    assert!(!lazily.is_damaged());
    // ...or all at once, on two threads, first.
    let at_once = Index::load_cached(&path, 7, &Lexicon::builtin()).expect("reads back");
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("thread pool")
        .install(|| at_once.load_all());
    assert!(!at_once.is_damaged());
    assert_eq!(fingerprint(&at_once), expected);
}

/// An article of many megabytes (an archive in one file) has the steps of its analysis
/// that do not need each other run side by side. What it shows must be what its parts
/// show: the built-in corpus 120 times over, in one article, has 120 times the words,
/// sentences, actor mentions and hits of the built-in corpus.
#[test]
fn an_article_of_many_megabytes_shows_what_its_parts_show() {
    const TIMES: usize = 120;
    let builtin = Corpus::builtin();
    let once: Vec<&str> = builtin.articles.iter().map(|a| a.text.as_str()).collect();
    let once = once.join("\n\n");
    let all = vec![once.as_str(); TIMES].join("\n\n");
    assert!(all.len() > 5 << 20, "past the size analysed side by side");
    let whole = build_with(2, Corpus::from_texts([("archiv.txt", all.as_bytes())]));
    let parts = build_with(2, Corpus::builtin());
    let article = &whole.articles()[0];
    let words: usize = parts.articles().iter().map(|a| a.words).sum();
    let sentences: usize = parts.articles().iter().map(|a| a.sentences.len()).sum();
    assert_eq!(article.words, TIMES * words);
    assert_eq!(article.sentences.len(), TIMES * sentences);
    let totals = |index: &Index| -> Vec<(u32, usize)> {
        actor_counts(index, None)
            .iter()
            .chain(&topic_counts(index, None))
            .map(|c| (c.id, c.total))
            .collect()
    };
    let expected: Vec<(u32, usize)> = totals(&parts)
        .into_iter()
        .map(|(id, n)| (id, TIMES * n))
        .collect();
    assert_eq!(totals(&whole), expected);
    for q in [
        "Sanktionen",
        "Atom*",
        "@trump",
        "\"Kim Jong Un\"",
        "/Denukleari.*/",
    ] {
        let query = parse(q).expect("query parses");
        let hits = |index: &Index| evaluate(index, &query).expect("evaluates").len();
        assert_eq!(hits(&whole), TIMES * hits(&parts), "{q}");
    }
}
