//! `first` is `evaluate` cut short: for every kind of query and every limit, its hits are
//! the start of `evaluate`'s and its total is their number.

use super::*;
use crate::corpus::Corpus;
use crate::lexicon::Lexicon;
use crate::query::{Pattern, parse};

/// Every kind of query: words, wildcards at either end, phrases (also overlapping ones and
/// ones with wildcards), actors, topics, regexes, OR, and the flags.
const QUERIES: &[&str] = &[
    "Trump",
    "Sanktionen",
    "die",
    "USA",
    "Xylophonorchester",
    "Sanktion*",
    "*sanktionen",
    "*sanktion*",
    "US*",
    "*gesetz",
    "Nord*",
    "Kim Jong Un",
    "\"Kim Jong Un\"",
    "\"die die\"",
    "\"Sanktionen Sanktionen\"",
    "\"die USA\"",
    "\"der UN*\"",
    "\"die *sanktionen\"",
    "Kim Jong*",
    "\"Kim J*\"",
    "\"K* J* U*\"",
    "\"d* Sanktionen\"",
    "\"die d*\"",
    "\"*sanktionen *sanktionen\"",
    "(?a)\"in Pjongjang\"",
    "(?c)\"die D*\"",
    "(?c)\"Die D*\"",
    "@trump",
    "@usa",
    "@\"Donald Trump\"",
    "#sanctions",
    "#nuclear",
    "/Sankt.*/",
    "/.*sanktionen/",
    "/.*/",
    "/[a-z]+/",
    "Trump OR Kim",
    "Sanktionen OR *sanktionen",
    "Trump OR Trump",
    "Kim Jong Un OR Jong",
    "\"die die\" OR die",
    "Sanktionen OR /.*sanktionen/ OR US*",
    "Trump OR @trump",
    "#sanctions OR Sanktionen",
    "(?c)Trump",
    "(?c)trump",
    "(?c)Sanktion*",
    "(?c)*sanktionen",
    "(?c)Kim Jong Un",
    "(?c)kim jong un",
    "(?c)/Sankt.*/",
    "(?a)Pjongjang",
    "(?a)Sudkorea",
    "(?a)Pjong*",
    "(?ca)Pjongjang",
    "(?a)/pjongjang/",
    "@nobody",
    "Trump OR #nothing",
];

/// Hostile text for the merging rule: compounds whose parts are hits too, repeated words
/// whose phrase hits overlap, punctuation inside would-be phrases.
const COMPOUNDS: &str = "US-Sanktionen und Anti-Sanktionen-Gesetz. Sanktionen-Sanktionen, \
    die die die Sanktionen Sanktionen Sanktionen. Nord- und Südkorea; die USA, die. USA \
    Trump-Sanktionen-Sanktionen Kim Jong Un Kim-Jong-Un Pjöngjang-Sanktionen der \
    UN-Sanktionsregime der Gesetz-Gesetz Kim Jagd, Kim Jong. Kim Japan in Pjöngjang";

fn compounds() -> Index {
    Index::build(
        Corpus::from_texts([
            ("a.txt", COMPOUNDS),
            ("b.txt", "die die"),
            ("c.txt", ""),
            ("d.txt", COMPOUNDS),
        ]),
        Lexicon::builtin(),
    )
}

/// Asserts that `first` agrees with `evaluate` on `q` for limits 0, 1, 25, the total and
/// past it.
fn agrees(index: &Index, q: &str) {
    let query = parse(q).expect("query parses");
    let all = evaluate(index, &query);
    for limit in [0, 1, 2, 25, 1000, usize::MAX] {
        let page = first(index, &query, limit);
        match &all {
            Ok(all) => {
                let page = page.unwrap_or_else(|e| panic!("{q}: {e}"));
                assert_eq!(page.total, all.len(), "total of {q}");
                assert_eq!(page.hits, all[..limit.min(all.len())], "{q} limit {limit}");
            }
            Err(e) => assert_eq!(page.as_ref().err(), Some(e), "{q}"),
        }
    }
    if let Ok(all) = &all {
        let page = first(index, &query, all.len()).expect("evaluates");
        assert_eq!(page.hits, *all, "{q}: every hit");
    }
    previews_agree(index, &query, &all);
}

/// Asserts that `preview` gives the hits `first` gives, and the total when it gives one.
fn previews_agree(index: &Index, query: &Query, all: &Result<Vec<Hit>, QueryError>) {
    let q = &query.source;
    for limit in [0, 1, 2, 25, 1000, usize::MAX] {
        let preview = preview(index, query, limit);
        match all {
            Ok(all) => {
                let preview = preview.unwrap_or_else(|e| panic!("{q}: {e}"));
                assert_eq!(
                    preview.hits,
                    all[..limit.min(all.len())],
                    "{q} limit {limit}"
                );
                if let Some(total) = preview.total {
                    assert_eq!(total, all.len(), "preview's total of {q}");
                }
            }
            Err(e) => assert_eq!(preview.as_ref().err(), Some(e), "{q}"),
        }
    }
}

#[test]
fn a_preview_counts_words_but_not_a_phrase_it_checks_only_in_part() {
    let text = "die Sanktionen und die Sanktionen. ".repeat(200);
    let index = Index::build(Corpus::from_texts([("a.txt", text)]), Lexicon::builtin());
    let words = preview(&index, &parse("Sanktion*").expect("parses"), 25).expect("evaluates");
    assert_eq!((words.hits.len(), words.total), (25, Some(400)));
    let phrase = parse("\"die S*\"").expect("parses");
    let screen = preview(&index, &phrase, 25).expect("evaluates");
    assert_eq!(screen.hits.len(), 25);
    assert_eq!(screen.total, None, "400 places, 116 checked");
    // Fewer hits than the screen asks for: then the total is known.
    let all = preview(&index, &phrase, 500).expect("evaluates");
    assert_eq!(all.total, Some(400));
}

#[test]
fn a_preview_takes_more_places_when_they_make_one_hit() {
    // Every place of `"die die"` overlaps the next: 999 places, one hit.
    let text = "die ".repeat(1000);
    let index = Index::build(Corpus::from_texts([("a.txt", text)]), Lexicon::builtin());
    let query = parse("\"die die\"").expect("parses");
    let all = evaluate(&index, &query).expect("evaluates");
    assert_eq!(all.len(), 1);
    let screen = preview(&index, &query, 1).expect("evaluates");
    assert_eq!((screen.hits, screen.total), (all, Some(1)));
}

#[test]
fn first_is_the_start_of_evaluate_on_the_builtin_corpus() {
    let index = Index::build(Corpus::builtin(), Lexicon::builtin());
    for q in QUERIES {
        agrees(&index, q);
    }
}

#[test]
fn first_is_the_start_of_evaluate_on_compounds_and_repeats() {
    let index = compounds();
    for q in QUERIES {
        agrees(&index, q);
    }
}

#[test]
fn a_screen_takes_more_places_when_parts_make_one_hit_with_their_whole() {
    // Each compound is 41 places of `a*` (the whole and its 40 parts) and one hit: the
    // first places taken for a screen make fewer hits than it shows.
    let compound = vec!["a"; 40].join("-");
    let text = format!("{compound} b {compound}, {compound} a");
    let index = Index::build(Corpus::from_texts([("x", text)]), Lexicon::builtin());
    for q in ["a*", "*a", "*a*", "a", "a OR b"] {
        agrees(&index, q);
    }
    assert_eq!(page_texts(&index, "a*", 2).1, 4);
}

fn page_texts(index: &Index, q: &str, limit: usize) -> (Vec<String>, usize) {
    let page = first(index, &parse(q).expect("parses"), limit).expect("evaluates");
    let texts = page
        .hits
        .iter()
        .map(|h| {
            index.articles()[h.article as usize]
                .slice(h.start, h.end)
                .to_string()
        })
        .collect();
    (texts, page.total)
}

#[test]
fn a_compound_and_its_own_part_are_one_hit() {
    let index = Index::build(
        Corpus::from_texts([("a.txt", "US-Sanktionen und Sanktionen-Sanktionen.")]),
        Lexicon::builtin(),
    );
    // A whole compound and its part `Sanktionen` are one hit; the two parts of
    // `Sanktionen-Sanktionen` are two, as neither covers the other.
    assert_eq!(
        page_texts(&index, "*sanktionen", 10),
        (
            vec![
                "US-Sanktionen".to_string(),
                "Sanktionen-Sanktionen".to_string()
            ],
            2
        )
    );
    assert_eq!(
        page_texts(&index, "Sanktionen", 10),
        (
            vec![
                "Sanktionen".to_string(),
                "Sanktionen".to_string(),
                "Sanktionen".to_string()
            ],
            3
        )
    );
    assert_eq!(page_texts(&index, "*sanktionen", 1).1, 2);
}

#[test]
fn a_wildcard_after_the_lead_counts_only_whole_words_in_a_row() {
    // Counting in full, the words of `d*` are marked on a map of the corpus's words: a
    // part of a compound, a word past punctuation or in the next article, and the last
    // word of an article must not count.
    let index = Index::build(
        Corpus::from_texts([
            ("a.txt", "die Daten, die Kim-Diplomatie, die. Dinge die"),
            ("b.txt", "Dank die Dinge die dabei die DDR-Zeit"),
            ("c.txt", "die"),
            ("d.txt", "Dach die"),
        ]),
        Lexicon::builtin(),
    );
    let expected = vec![
        "die Daten".to_string(),
        "die Dinge".to_string(),
        "die dabei".to_string(),
        "die DDR-Zeit".to_string(),
    ];
    assert_eq!(page_texts(&index, "\"die d*\"", 25), (expected, 4));
    assert_eq!(page_texts(&index, "\"die d*\"", 1).1, 4);
    // The same with the wildcard first, and two of them (in `b.txt` all seven words
    // stand in a row: one hit).
    assert_eq!(page_texts(&index, "\"d* die\"", 25).1, 5);
    assert_eq!(page_texts(&index, "\"d* d*\"", 25).1, 4);
    for q in [
        "\"die d*\"",
        "\"d* die\"",
        "\"d* d*\"",
        "\"die D*\" OR Dinge",
    ] {
        agrees(&index, q);
    }
}

#[test]
fn overlapping_phrase_hits_are_one() {
    let index = Index::build(
        Corpus::from_texts([("a.txt", "die die die, die die. die")]),
        Lexicon::builtin(),
    );
    // `die die` stands at the first and the second word, which overlap: one hit of three
    // words. The comma and the full stop break the phrase.
    assert_eq!(
        page_texts(&index, "\"die die\"", 25),
        (vec!["die die die".to_string(), "die die".to_string()], 2)
    );
    assert_eq!(page_texts(&index, "\"die die\"", 0), (vec![], 2));
}

#[test]
fn queries_the_parser_never_makes_agree_too() {
    // A phrase of one word or of none, and an OR inside an OR.
    let word = |w: &str| Pattern::Word(w.to_string());
    let exprs = [
        Expr::Phrase(vec![word("Sanktionen")]),
        Expr::Phrase(vec![]),
        Expr::Or(vec![
            Expr::Or(vec![
                Expr::Term(word("die")),
                Expr::Phrase(vec![word("die")]),
            ]),
            Expr::Term(word("Sanktionen")),
        ]),
    ];
    let index = compounds();
    for expr in exprs {
        let query = Query {
            source: String::new(),
            expr,
            flags: Default::default(),
        };
        let all = evaluate(&index, &query).expect("evaluates");
        for limit in [0, 1, 25, usize::MAX] {
            let page = first(&index, &query, limit).expect("evaluates");
            assert_eq!(page.total, all.len(), "{:?}", query.expr);
            assert_eq!(page.hits, all[..limit.min(all.len())], "{:?}", query.expr);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    /// The table of compounds counts a set of terms' hits as their postings do, for any
    /// set: compounds of up to four parts, repeated, in any case, with dots and hyphens at
    /// their ends, whole and parts asked for or not.
    #[test]
    fn the_table_of_compounds_counts_as_the_postings_do(
        texts in proptest::collection::vec(
            "(([a-cA-Cß]{1,2}\\.?)(-[a-cA-Cß]{1,2}\\.?){0,3}-?[ ,]){1,40}",
            1..4,
        ),
        picks in proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 0..80),
        all in proptest::prelude::any::<bool>(),
    ) {
        let index = Index::build(
            Corpus::from_texts(texts.iter().enumerate().map(|(i, t)| (i.to_string(), t))),
            Lexicon::builtin(),
        );
        let n = index.terms().len();
        proptest::prop_assume!(n > 0);
        let mut ids: Vec<u32> = if all {
            (0..n as u32).collect()
        } else {
            picks.iter().map(|p| p.index(n) as u32).collect()
        };
        ids.sort_unstable();
        ids.dedup();
        let lists: Vec<&[Posting]> = ids.iter().map(|&id| index.terms().postings(id)).collect();
        proptest::prop_assert!(index.terms().covered_parts(&ids).is_some());
        proptest::prop_assert_eq!(
            merged_count(&index, &ids),
            merged_count_from_postings(&lists, index.articles().len())
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Term ids follow the corpus: no term stands first in an article before the first
    /// article of a term with a smaller id (what `first_postings` stops early on), and a
    /// first screen of every term, which stops there, is the start of every hit; so is a
    /// preview's, of phrases too.
    #[test]
    fn ids_follow_first_articles_and_wide_screens_agree(
        texts in proptest::collection::vec(
            "(([a-eA-E]{1,3})(-[a-e]{1,2}){0,2}[ ,.]){0,60}",
            1..8,
        ),
        limit in 0usize..12,
    ) {
        let index = Index::build(
            Corpus::from_texts(texts.iter().enumerate().map(|(i, t)| (i.to_string(), t))),
            Lexicon::builtin(),
        );
        let firsts: Vec<u32> = (0..index.terms().len() as u32)
            .map(|id| index.terms().postings(id)[0].article())
            .collect();
        proptest::prop_assert!(firsts.is_sorted(), "first articles by id: {:?}", firsts);
        for q in ["/.*/", "*a*", "*b", "(?a)*e*", "\"a* b*\"", "\"*a *b\"", "\"a a\"", "(?c)A*"] {
            let query = parse(q).expect("query parses");
            let all = evaluate(&index, &query).expect("evaluates");
            let page = first(&index, &query, limit).expect("evaluates");
            proptest::prop_assert_eq!(page.total, all.len(), "total of {}", q);
            proptest::prop_assert_eq!(&page.hits[..], &all[..limit.min(all.len())], "{}", q);
            let preview = preview(&index, &query, limit).expect("evaluates");
            proptest::prop_assert_eq!(&preview.hits[..], &all[..limit.min(all.len())], "{}", q);
            proptest::prop_assert!(preview.total.is_none_or(|t| t == all.len()), "{}", q);
        }
    }
}

#[test]
fn a_preview_never_merges_past_the_last_place_of_a_phrase_cut_short() {
    // `"die die"` stands 29 times in a row, all one hit, before `Trump`: a preview that
    // took `Trump` after the phrase's first few places would end that hit too early.
    let text = format!("{} Trump {}", "die ".repeat(30), "die ".repeat(30));
    let index = Index::build(Corpus::from_texts([("a.txt", text)]), Lexicon::builtin());
    let query = parse("\"die die\" OR Trump").expect("parses");
    let all = evaluate(&index, &query).expect("evaluates");
    assert_eq!(all.len(), 3);
    for limit in [1, 2, 3] {
        let screen = preview(&index, &query, limit).expect("evaluates");
        assert_eq!(screen.hits, all[..limit], "limit {limit}");
    }
}

#[test]
fn only_queries_with_an_actor_or_a_topic_build_every_hit_for_a_first_screen() {
    for (q, every) in [
        ("Trump", false),
        ("*e*", false),
        ("\"Kim Jong Un\"", false),
        ("/Sankt.*/", false),
        ("Trump OR \"die USA\"", false),
        ("@usa", true),
        ("#nuclear", true),
        ("Trump OR @usa", true),
    ] {
        assert_eq!(builds_every_hit(&parse(q).expect("parses")), every, "{q}");
    }
}
