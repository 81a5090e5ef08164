//! The fused pass must give exactly the tokens of the four-pass tokenizer it replaced
//! ([`super::reference`]), for every text and every `is_name`: these tests compare the two
//! on random text, on German-like text full of the hard cases, and on real articles.

use super::{Token, compound_starts, reference, tokenize, tokenize_marking_compounds};
use proptest::prelude::*;

/// An `is_name` answer to run the comparisons with, and its name.
type NameCheck = (&'static str, Box<dyn Fn(&str) -> bool>);

/// The `is_name` answers the comparisons are run with: none, every form, a few protected
/// names (as the lexicon's matcher does it, with a genitive `s`), and every short form, so
/// that the rest of a word is protected at some case joints and not at others.
fn name_checks() -> Vec<NameCheck> {
    const NAMES: &[&str] = &[
        "DePetris",
        "McDonald",
        "Trump",
        "IPPEN.MEDIA",
        "zurechtTrump",
    ];
    vec![
        ("none", Box::new(|_| false)),
        ("all", Box::new(|_| true)),
        (
            "names",
            Box::new(|s: &str| {
                NAMES.contains(&s) || s.strip_suffix('s').is_some_and(|f| NAMES.contains(&f))
            }),
        ),
        ("short", Box::new(|s: &str| s.len() <= 6)),
    ]
}

/// The first place where the two tokenizers differ on `text`, if any; or where the
/// compounds the tokenizer marks are not the tokens with a hyphen.
fn difference(text: &str) -> Option<String> {
    for (name, is_name) in name_checks() {
        let marked = tokenize_marking_compounds(text, &*is_name);
        let new = tokenize(text, &*is_name);
        let old = reference::tokenize(text, &*is_name);
        let compounds = compound_starts(&new, text);
        if marked.tokens != new || marked.compounds != compounds {
            return Some(format!(
                "is_name {name}: compounds marked at {:?}, with a hyphen at {compounds:?}",
                marked.compounds
            ));
        }
        if new != old {
            let at = new.iter().zip(&old).take_while(|(a, b)| a == b).count();
            let show = |t: Option<&Token>| t.map(|t| (t.text(text).to_string(), t.kind));
            return Some(format!(
                "is_name {name}: token {at} is {:?}, was {:?} ({} tokens, was {})",
                show(new.get(at)),
                show(old.get(at)),
                new.len(),
                old.len()
            ));
        }
    }
    None
}

fn assert_same(text: &str) {
    if let Some(d) = difference(text) {
        panic!("{d} in {text:?}");
    }
}

/// Pieces of German news text where the rules meet: glued words, abbreviations, initials,
/// ordinals, numbers with separators and percent signs, compounds, dotted run-ons.
const HARD_CASES: &[&str] = &[
    "zurechtTrump",
    "UkraineKeith",
    "NovemberEr",
    "DePetris",
    "DePetriss",
    "McDonald",
    "McDonalds",
    "iPhone",
    "eBay",
    "z.B.",
    "z. B.",
    "u.a.",
    "D.C.",
    "bzw.",
    "Dr.",
    "Prof.",
    "ca.",
    "Jan.",
    "R.",
    "27. Februar",
    "27. und 28. Februar",
    "am 20. Januar",
    "2011.\nEs",
    "1.",
    "12345.",
    "28\u{a0}500",
    "1\u{202f}000\u{202f}000",
    "3\u{2009}000",
    "2.0",
    "1,5",
    "3, 4",
    "50%",
    "50 %",
    "50\u{a0}%",
    "50%-Marke",
    "Kim-Trump-Gipfeltreffen",
    "US-Präsident",
    "Nord- und Südkorea",
    "Moo-hyunUnd",
    "3-mal",
    "betrachtet.wichtigste",
    "IPPEN.MEDIA-Portale",
    "ForeignPolicy.com",
    "Zitat:Text",
    "Trump's",
    "Trump’s",
    "„Wir",
    "testen“",
    " – ",
    "Pjo\u{308}ngjang",
    "北朝鮮",
    "_",
    "a_b",
    "\r\n",
];

/// German-like text: hard cases between runs of the characters they are made of.
fn german_like() -> impl Strategy<Value = String> {
    let case = prop::sample::select(HARD_CASES).prop_map(String::from);
    let run = "[a-zA-ZäöüÄÖÜß0-9.,:;'’\\-‐‑%„“ \n\u{a0}\u{202f}]{1,8}";
    prop::collection::vec(prop_oneof![case, run], 0..40).prop_map(|v| v.concat())
}

/// Text of the characters the scanner treats in a class of their own: marks, joiners, soft
/// hyphens, ideographs, other spaces, CR, fullwidth and other mid characters.
fn odd_characters() -> impl Strategy<Value = String> {
    "[aAzZäÄß09 _.:,;'’‐‑\\-%\u{308}\u{345}\u{200d}\u{ad}\u{a0}\u{202f}\u{2009}\u{3000}北ぁ\u{fa6e}\u{2024}\u{b7}\u{ff0c}ⓐⒶª\r\n]{0,80}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn same_tokens_on_any_text(text in any::<String>()) {
        prop_assert_eq!(difference(&text), None);
    }

    #[test]
    fn same_tokens_on_german_like_text(text in german_like()) {
        prop_assert_eq!(difference(&text), None);
    }

    #[test]
    fn same_tokens_on_odd_characters(text in odd_characters()) {
        prop_assert_eq!(difference(&text), None);
    }

    #[test]
    fn a_word_that_dots_may_not_split_comes_out_whole(word in "[a-zA-Z0-9_][a-zA-Z0-9_.:]{0,20}") {
        let joint = word.as_bytes().windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
        if !joint && !super::dots_may_split(word.as_bytes()) {
            let mut pieces = Vec::new();
            super::split_word(&word, 0, word.len(), &|_| false, &mut pieces);
            prop_assert_eq!(pieces.len(), 1);
        }
    }

    #[test]
    fn word_lists_find_what_the_lowercase_form_finds(
        word in "([a-zA-ZäÄ\u{212a}İ]{0,9}|bzw|BZW|Dr|dR|ca|Okt|O\u{212a}T|Jänner|JÄNNER|märz|September)"
    ) {
        let lower = word.to_lowercase();
        prop_assert_eq!(
            super::is_listed(&word, &super::ABBREVIATION_LIST),
            super::ABBREVIATIONS.contains(&lower.as_str())
        );
        prop_assert_eq!(
            super::is_listed(&word, &super::MONTH_LIST),
            super::MONTHS.contains(&lower.as_str())
        );
    }
}

#[test]
fn same_tokens_on_the_builtin_articles() {
    for text in [
        include_str!("../../../fixtures/articles/000_a0c9e3cb8058340b.txt"),
        include_str!("../../../fixtures/articles/001_13991f40eaa9f95a.txt"),
        include_str!("../../../fixtures/articles/002_71e4d82f6747df7e.txt"),
        include_str!("../../../fixtures/articles/003_1e6b0e475ff56036.txt"),
        include_str!("../../../fixtures/articles/004_3edf93f4457be493.txt"),
        include_str!("../../../fixtures/lexicon.toml"),
        include_str!("../../../fixtures/hand_counts.toml"),
    ] {
        assert_same(text);
    }
}

#[test]
fn same_tokens_with_the_builtin_lexicon_protecting_names() {
    let matcher = crate::lexicon::Matcher::new(&crate::Lexicon::builtin());
    let is_name = |s: &str| matcher.is_protected(s);
    for text in [
        include_str!("../../../fixtures/articles/000_a0c9e3cb8058340b.txt"),
        include_str!("../../../fixtures/articles/001_13991f40eaa9f95a.txt"),
        include_str!("../../../fixtures/articles/002_71e4d82f6747df7e.txt"),
        include_str!("../../../fixtures/articles/003_1e6b0e475ff56036.txt"),
        include_str!("../../../fixtures/articles/004_3edf93f4457be493.txt"),
    ] {
        assert_eq!(
            tokenize(text, &is_name),
            reference::tokenize(text, &is_name)
        );
    }
}

#[test]
fn same_tokens_on_the_hard_cases_one_by_one_and_glued() {
    for case in HARD_CASES {
        assert_same(case);
    }
    assert_same(&HARD_CASES.concat());
    assert_same(&HARD_CASES.join(" "));
}

#[test]
fn same_tokens_on_long_lines_without_spaces() {
    // A long word of each kind the slow rules see: glued joints, dotted run-ons, compounds,
    // numbers; both tokenizers must stay linear in it.
    for unit in [
        "abcDef",
        "wort.weiter",
        "Kim-Jong-",
        "1.5",
        "28\u{a0}500",
        "aB",
        "ä",
    ] {
        assert_same(&unit.repeat(20_000));
    }
}

/// Every file under the directory in `LUPE_TOKENIZE_CORPUS`, compared with the builtin
/// lexicon's names protected: `LUPE_TOKENIZE_CORPUS=/path cargo test --release -- --ignored`.
#[test]
#[ignore = "needs a corpus directory in LUPE_TOKENIZE_CORPUS"]
fn same_tokens_on_a_corpus_directory() {
    let dir = std::env::var("LUPE_TOKENIZE_CORPUS").expect("LUPE_TOKENIZE_CORPUS");
    let matcher = crate::lexicon::Matcher::new(&crate::Lexicon::builtin());
    let is_name = |s: &str| matcher.is_protected(s);
    let mut files = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("readable directory");
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).expect("readable file");
        let text = String::from_utf8_lossy(&bytes);
        let marked = tokenize_marking_compounds(&text, &is_name);
        assert!(
            marked.tokens == reference::tokenize(&text, &is_name),
            "tokens differ in {}",
            entry.path().display()
        );
        let compounds = compound_starts(&marked.tokens, &text);
        assert!(
            marked.compounds == compounds,
            "compounds differ in {}",
            entry.path().display()
        );
        files += 1;
    }
    assert!(files > 0, "no files");
}

/// The word lists are looked up by keys; a key must find exactly what comparing the
/// lowercase form finds.
#[test]
fn word_lists_are_lowercase_and_their_keys_find_them() {
    fn check<const N: usize>(list: &super::WordList<N>) {
        for w in list.words {
            assert_eq!(w.to_lowercase(), *w);
            assert!(super::is_listed(w, list), "{w}");
            assert!(super::is_listed(&w.to_uppercase(), list), "{w}");
            assert!(!super::is_listed(&format!("{w}x"), list), "{w}");
            assert!(!super::is_listed(&w[1..], list) || list.words.contains(&&w[1..]));
        }
        assert!(!super::is_listed("keinwort", list));
        assert!(!super::is_listed("", list));
    }
    check(&super::ABBREVIATION_LIST);
    check(&super::MONTH_LIST);
}
