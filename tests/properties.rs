//! Properties that hold for any input: no panic, offsets inside the text and on character
//! boundaries, in order; KWIC lines never wider than asked; counts equal to the mentions; the
//! first screen of a query the start of all its hits.

use lupe::counts::actor_counts;
use lupe::kwic::{self, Sort, SortKey};
use lupe::query::{evaluate, first, parse};
use lupe::{Corpus, Index, Lexicon};
use proptest::prelude::*;

/// Text made of corpus-like pieces, so that names, compounds and glued words are common.
fn newsy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Trump".to_string()),
        Just("Trumps".to_string()),
        Just("Kim Jong Un".to_string()),
        Just("Kim-Trump-Gipfeltreffen".to_string()),
        Just("zurechtTrump".to_string()),
        Just("US-Sanktionen".to_string()),
        Just("Nord- und Südkorea".to_string()),
        Just("Pjöngjang".to_string()),
        Just("D.C.".to_string()),
        Just("28\u{a0}500".to_string()),
        Just("„".to_string()),
        Just("“".to_string()),
        Just(". ".to_string()),
        Just("\n".to_string()),
        Just("-".to_string()),
        Just("北朝鮮".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{1b}[2J".to_string()),
        "[a-zA-ZäöüÄÖÜß]{1,12}",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.join(" "))
}

/// Text where hits overlap: compounds whose parts are words of the query too, repeated
/// words for phrases that overlap themselves, punctuation inside would-be phrases.
fn compound_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("US-Sanktionen".to_string()),
        Just("Anti-Sanktionen-Gesetz".to_string()),
        Just("Sanktionen-Sanktionen".to_string()),
        Just("Sanktionen".to_string()),
        Just("sanktionen".to_string()),
        Just("Gesetz".to_string()),
        Just("die".to_string()),
        Just("Die".to_string()),
        Just("Trump".to_string()),
        Just("Kim Jong Un".to_string()),
        Just("Kim-Jong-Un".to_string()),
        Just("Nord-".to_string()),
        Just("Pjöngjang".to_string()),
        Just(",".to_string()),
        Just(". ".to_string()),
        Just("\n".to_string()),
        Just("-".to_string()),
        "[a-zA-ZäöüÄÖÜß-]{1,12}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.join(" "))
}

/// Queries of every kind whose hits overlap on [`compound_text`].
const OVERLAPPING_QUERIES: &[&str] = &[
    "Sanktionen",
    "*sanktionen",
    "Sanktionen*",
    "*sanktionen*",
    "*gesetz",
    "anti*",
    "die",
    "\"die die\"",
    "\"Sanktionen Sanktionen\"",
    "\"die *sanktionen\"",
    "\"Kim Jong Un\"",
    "Kim Jong*",
    "@trump",
    "@kim_jong_un",
    "#sanctions",
    "/.*sanktionen.*/",
    "/[a-z]+/",
    "Sanktionen OR *sanktionen OR \"die die\"",
    "die OR \"die Sanktionen\"",
    "Trump OR @trump",
    "(?c)Sanktionen",
    "(?c)Die die",
    "(?c)/[A-Z].*/",
    "(?a)Pjongjang",
];

fn index_of(text: &str) -> Index {
    Index::build(Corpus::from_texts([("a.txt", text)]), Lexicon::builtin())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn tokens_sentences_and_mentions_are_in_order_on_char_boundaries(text in newsy_text()) {
        let index = index_of(&text);
        let a = &index.articles()[0];
        let t = &a.text;
        let mut last = 0;
        for tok in a.tokens.iter() {
            prop_assert!(tok.start < tok.end && tok.end as usize <= t.len());
            prop_assert!(t.is_char_boundary(tok.start as usize) && t.is_char_boundary(tok.end as usize));
            prop_assert!(tok.start >= last);
            last = tok.end;
        }
        let mut last = 0;
        for s in &a.sentences {
            prop_assert!(s.start >= last && s.start < s.end && s.end as usize <= t.len());
            last = s.end;
        }
        let mut last = 0;
        for m in &a.mentions {
            prop_assert!(m.start >= last && m.start < m.end && m.end as usize <= t.len());
            prop_assert!(t.is_char_boundary(m.start as usize) && t.is_char_boundary(m.end as usize));
            last = m.end;
        }
        for k in &a.keywords {
            prop_assert!(k.start < k.end && k.end as usize <= t.len());
            prop_assert!(t.is_char_boundary(k.start as usize) && t.is_char_boundary(k.end as usize));
        }
    }

    #[test]
    fn counts_equal_the_number_of_mention_spans(text in newsy_text()) {
        let index = index_of(&text);
        let total: usize = actor_counts(&index, None).iter().map(|c| c.total).sum();
        prop_assert_eq!(total, index.articles()[0].mentions.len());
    }

    #[test]
    fn kwic_lines_are_never_wider_than_asked(text in newsy_text(), width in 0usize..120) {
        let index = index_of(&text);
        for q in ["Trump", "@trump", "*a*", "/.*/"] {
            let query = parse(q).expect("query parses");
            let mut hits = evaluate(&index, &query).expect("evaluates");
            kwic::sort_hits(&index, &mut hits, &Sort { keys: vec![SortKey::Right(1), SortKey::Left(2)] });
            for h in hits.iter().take(50) {
                let line = kwic::line(&index, *h, width);
                prop_assert!(kwic::width(&line.render()) <= width, "{:?}", line);
                prop_assert!(!line.left.contains('\n') && !line.right.contains('\n'));
            }
        }
    }

    /// The sort ranks words and packs keys into numbers; a plain sort of the folded words
    /// themselves, missing words last and ties by position, must give the same order.
    #[test]
    fn sorted_hits_are_in_the_order_of_their_folded_key_words(
        texts in proptest::collection::vec(compound_text(), 1..4),
        keys in proptest::collection::vec(
            proptest::sample::select(vec![
                SortKey::Match, SortKey::Left(1), SortKey::Left(2), SortKey::Right(1),
                SortKey::Right(3),
            ]),
            1..4,
        ),
        q in proptest::sample::select(&["/.*/", "*e*", "/.*n/", "Trump"][..]),
    ) {
        let corpus = Corpus::from_texts(
            texts.iter().enumerate().map(|(i, t)| (format!("{i}.txt"), t.as_str())),
        );
        let index = Index::build(corpus, Lexicon::builtin());
        let all = evaluate(&index, &parse(q).expect("query parses")).expect("evaluates");
        let sort = Sort { keys: keys.clone() };
        let mut sorted = all.clone();
        kwic::sort_hits(&index, &mut sorted, &sort);
        let word = |h: lupe::query::Hit, k: SortKey| {
            let a = &index.articles()[h.article as usize];
            kwic::key_span(a, h, k)
                .map(|(s, e)| lupe::text::fold::fold(a.slice(s, e).trim_end_matches('.')))
        };
        let mut want = all.clone();
        want.sort_by_cached_key(|&h| {
            let words: Vec<(bool, String)> = keys
                .iter()
                .map(|&k| word(h, k).map_or((true, String::new()), |w| (false, w)))
                .collect();
            (words, h)
        });
        prop_assert_eq!(sorted, want);
    }

    #[test]
    fn any_query_text_is_an_answer_or_an_error_never_a_panic(q in any::<String>()) {
        let index = index_of("Trump traf Kim Jong Un in Pjöngjang.");
        if let Ok(query) = parse(&q) {
            let _ = evaluate(&index, &query);
        }
    }

    #[test]
    fn the_first_screen_is_the_start_of_all_hits(
        texts in proptest::collection::vec(compound_text(), 1..4),
        q in proptest::sample::select(OVERLAPPING_QUERIES),
        limit in prop_oneof![0usize..30, Just(usize::MAX)],
    ) {
        let corpus = Corpus::from_texts(
            texts.iter().enumerate().map(|(i, t)| (format!("{i}.txt"), t.as_str())),
        );
        let index = Index::build(corpus, Lexicon::builtin());
        let query = parse(q).expect("query parses");
        let all = evaluate(&index, &query).expect("evaluates");
        let page = first(&index, &query, limit).expect("evaluates");
        prop_assert_eq!(page.total, all.len());
        prop_assert_eq!(&page.hits[..], &all[..limit.min(all.len())]);
    }

    /// The postings the build groups by term and merges article by article: every list
    /// in corpus order, every posting at a word whose folded form (or part) is its term,
    /// and every word posted once as a whole.
    #[test]
    fn every_posting_is_in_order_and_points_at_its_term(
        texts in proptest::collection::vec(prop_oneof![newsy_text(), compound_text()], 1..5),
    ) {
        let corpus = Corpus::from_texts(
            texts.iter().enumerate().map(|(i, t)| (format!("{i}.txt"), t.as_str())),
        );
        let index = Index::build(corpus, Lexicon::builtin());
        let terms = index.terms();
        let mut wholes = 0;
        for (id, term) in terms.iter() {
            let postings = terms.postings(id);
            prop_assert!(!postings.is_empty(), "term {:?} has no posting", term);
            prop_assert!(postings.windows(2).all(|w| w[0] < w[1]));
            for p in postings {
                let article = &index.articles()[p.article() as usize];
                let token = article.tokens.get(p.token() as usize).expect("token");
                let (start, end) = match p.part() {
                    0 => (token.start, token.end),
                    k => lupe::text::token::nth_part(&token, &article.text, k as usize - 1)
                        .expect("part"),
                };
                let form = lupe::text::fold(article.slice(start, end).trim_end_matches('.'));
                prop_assert_eq!(&form, term);
                wholes += usize::from(p.part() == 0);
            }
        }
        let words: usize = index.articles().iter().map(|a| a.tokens.len()).sum();
        prop_assert_eq!(wholes, words);
    }
}
