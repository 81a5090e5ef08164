//! The built-in corpus counted by hand (`fixtures/hand_counts.toml`) against lupe's counts.
//!
//! The hand counts were made by reading the five articles, independently of the matcher.
//! Where lupe and the reader still disagree, the difference is listed in `KNOWN` with its
//! cause, so that any change to the counts, for better or worse, fails this test.

use lupe::counts::actor_counts;
use lupe::{Corpus, Index, Lexicon};
use std::collections::BTreeMap;

/// `(article, actor, lupe's count minus the hand count, why)`.
const KNOWN: &[(&str, &str, i64, &str)] = &[];

fn hand_counts() -> toml::Table {
    let source = include_str!("../fixtures/hand_counts.toml");
    source
        .parse::<toml::Table>()
        .expect("hand_counts.toml is valid TOML")
}

fn index() -> Index {
    Index::build(Corpus::builtin(), Lexicon::builtin())
}

#[test]
fn actor_counts_match_the_hand_counts_except_the_known_differences() {
    let index = index();
    let hand = hand_counts();
    let actors = &index.lexicon().actors;
    let mut lupe: BTreeMap<(String, String), i64> = BTreeMap::new();
    for c in actor_counts(&index, None) {
        for (a, n) in &c.per_article {
            let article = index.articles()[*a as usize].id.clone();
            lupe.insert((article, actors[c.id as usize].id.clone()), *n as i64);
        }
    }
    let mut by_hand: BTreeMap<(String, String), i64> = BTreeMap::new();
    for (article, table) in &hand {
        let Some(table) = table.as_table() else {
            continue;
        };
        for (actor, n) in table {
            let n = n.as_integer().expect("a count");
            by_hand.insert((article.clone(), actor.clone()), n);
        }
    }
    let mut differences = Vec::new();
    let keys: std::collections::BTreeSet<_> = lupe.keys().chain(by_hand.keys()).cloned().collect();
    for key in keys {
        let l = lupe.get(&key).copied().unwrap_or(0);
        let h = by_hand.get(&key).copied().unwrap_or(0);
        if l != h {
            differences.push((key.0, key.1, l - h));
        }
    }
    let known: Vec<(String, String, i64)> = KNOWN
        .iter()
        .map(|(a, b, d, _)| (a.to_string(), b.to_string(), *d))
        .collect();
    assert_eq!(
        differences, known,
        "lupe minus hand counts, per article and actor"
    );
    let total_hand: i64 = by_hand.values().sum();
    let total_lupe: i64 = lupe.values().sum();
    assert_eq!(total_hand, 602);
    assert_eq!(
        total_lupe - total_hand,
        KNOWN.iter().map(|k| k.2).sum::<i64>()
    );
}

#[test]
fn every_tricky_place_gets_the_verdict_of_the_reader() {
    let index = index();
    let hand = hand_counts();
    let tricky = hand["tricky"].as_array().expect("tricky entries");
    let mut wrong = Vec::new();
    for entry in tricky {
        let article_id = entry["article"].as_str().expect("article");
        let text = entry["text"].as_str().expect("text");
        let actor = entry["actor"].as_str().expect("actor");
        let a = index.article_by_id(article_id).expect("article exists");
        let article = &index.articles()[a];
        let start = article.text.find(text).expect("text is in the article") as u32;
        let end = start + text.len() as u32;
        let inside: Vec<&str> = article
            .mentions
            .iter()
            .filter(|m| m.start >= start && m.end <= end)
            .map(|m| index.lexicon().actors[m.actor as usize].id.as_str())
            .collect();
        let ok = if actor.is_empty() {
            inside.is_empty()
        } else {
            inside.contains(&actor)
        };
        if !ok {
            wrong.push(format!(
                "{article_id}: {text:?}: expected {actor:?}, found {inside:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(tricky.len() >= 25);
}
