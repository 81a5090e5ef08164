//! Answering a query from the index: postings, mentions and keyword hits, never a re-scan
//! of the text.

use super::regex_prefix::literal_prefix;
use super::{Expr, Flags, Pattern, Query, QueryError, REGEX_SIZE_LIMIT};
use crate::index::{Index, MAX_PARTS, Posting, holds};
use crate::lexicon::matcher::key;
use crate::text::token::nth_part;
use crate::text::{fold, strip_accents};
use std::collections::HashSet;

/// One place where a query matched: a byte range in one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hit {
    pub article: u32,
    pub start: u32,
    pub end: u32,
}

/// All hits of `query` in `index`, in corpus order, each place once: hits that overlap (a
/// compound and its own part, say `*sanktionen` on `US-Sanktionen`) become one. An actor or
/// topic the lexicon does not know is an error.
pub fn evaluate(index: &Index, query: &Query) -> Result<Vec<Hit>, QueryError> {
    evaluate_unless(index, query, &|| false).map(Option::unwrap_or_default)
}

/// [`evaluate`], given up (`Ok(None)`) as soon as `stopped` says so: a browser asks it
/// between terms whether the user has typed on, so that a query of millions of hits
/// (`*e*`) does not hold up the one typed after it. Asked once per term or alternative,
/// and before the hits are merged.
pub fn evaluate_unless(
    index: &Index,
    query: &Query,
    stopped: &dyn Fn() -> bool,
) -> Result<Option<Vec<Hit>>, QueryError> {
    let mut hits = eval(index, query, &query.expr, stopped)?;
    if stopped() {
        return Ok(None);
    }
    // Hits come as runs already in corpus order (one per term, actor or alternative); the
    // stable sort finds the runs and merges them, where a general sort would start over.
    hits.sort();
    let mut merged: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        match merged.last_mut() {
            Some(last) if last.article == hit.article && hit.start < last.end => {
                last.end = last.end.max(hit.end);
            }
            _ => merged.push(hit),
        }
    }
    Ok(Some(merged))
}

/// How many hits `query` has, without building them all where that can be avoided.
pub fn count(index: &Index, query: &Query) -> Result<usize, QueryError> {
    if let Expr::Term(Pattern::Word(w)) = &query.expr
        && !query.flags.case_sensitive
        && !query.flags.accent_insensitive
    {
        return Ok(index
            .terms()
            .id(&key(w))
            .map_or(0, |id| index.terms().postings(id).len()));
    }
    evaluate(index, query).map(|h| h.len())
}

/// The hits of `expr`, unsorted; cut short when `stopped` says so (the caller then throws
/// them away).
fn eval(
    index: &Index,
    query: &Query,
    expr: &Expr,
    stopped: &dyn Fn() -> bool,
) -> Result<Vec<Hit>, QueryError> {
    let flags = query.flags;
    match expr {
        Expr::Term(p) => Ok(term_hits(index, p, flags, stopped)),
        Expr::Phrase(ps) => Ok(phrase_hits(index, ps, flags, stopped)),
        Expr::Actor(name) => {
            let actor = index
                .lexicon()
                .find_actor(name)
                .ok_or_else(|| unknown(query, '@', name, "actor"))?;
            Ok(index
                .actor_mentions(actor)
                .iter()
                .map(|&(a, m)| {
                    let mention = index.articles()[a as usize].mentions[m as usize];
                    Hit {
                        article: a,
                        start: mention.start,
                        end: mention.end,
                    }
                })
                .collect())
        }
        Expr::Topic(name) => {
            let topic = index
                .lexicon()
                .find_topic(name)
                .ok_or_else(|| unknown(query, '#', name, "topic"))?;
            Ok(index
                .topic_hits(topic)
                .iter()
                .map(|&(a, k)| {
                    let hit = index.articles()[a as usize].keywords[k as usize];
                    Hit {
                        article: a,
                        start: hit.start,
                        end: hit.end,
                    }
                })
                .collect())
        }
        Expr::Regex(re) => regex_hits(index, query, re, stopped),
        Expr::Or(exprs) => {
            let mut all = Vec::new();
            for e in exprs {
                if stopped() {
                    break;
                }
                all.extend(eval(index, query, e, stopped)?);
            }
            Ok(all)
        }
    }
}

fn unknown(query: &Query, sigil: char, name: &str, what: &str) -> QueryError {
    let position = query
        .source
        .find(sigil)
        .map(|b| query.source[..b].chars().count())
        .unwrap_or(0);
    QueryError {
        position,
        message: format!(
            "unknown {what} {sigil}{}",
            crate::text::sanitize::sanitize_line(name)
        ),
    }
}

/// The term ids a pattern stands for.
pub(super) fn term_ids(index: &Index, pattern: &Pattern, flags: Flags) -> Vec<u32> {
    let terms = index.terms();
    match pattern {
        Pattern::Word(w) => {
            let k = key(w);
            if flags.accent_insensitive {
                terms.by_stripped(&strip_accents(&k)).to_vec()
            } else {
                terms.id(&k).into_iter().collect()
            }
        }
        Pattern::Wildcard {
            text,
            leading,
            trailing,
        } => {
            // One search over all the terms' text finds them; with accents going, every
            // term is stripped and looked at.
            let needle = fold(text);
            if !flags.accent_insensitive {
                return terms.with_piece(&needle, !leading, !trailing);
            }
            let needle = strip_accents(&needle);
            terms
                .iter()
                .filter(|(_, t)| holds(&strip_accents(t), &needle, !leading, !trailing))
                .map(|(id, _)| id)
                .collect()
        }
    }
}

/// The byte range a posting covers: the token, or its part.
#[inline]
pub(super) fn posting_span(index: &Index, p: Posting) -> (u32, u32) {
    let article = &index.articles()[p.article() as usize];
    let Some(token) = article.tokens.get(p.token() as usize) else {
        return (0, 0);
    };
    if p.part() == 0 {
        return (token.start, token.end);
    }
    nth_part(&token, &article.text, p.part() as usize - 1).unwrap_or((token.start, token.end))
}

/// With `(?c)`, the text at a hit must be the pattern with exactly its case.
pub(super) fn case_matches(found: &str, pattern: &Pattern) -> bool {
    let found = found.trim_end_matches('.');
    match pattern {
        Pattern::Word(w) => found == w.trim_end_matches('.'),
        Pattern::Wildcard {
            text,
            leading,
            trailing,
        } => holds(found, text, !leading, !trailing),
    }
}

fn term_hits(
    index: &Index,
    pattern: &Pattern,
    flags: Flags,
    stopped: &dyn Fn() -> bool,
) -> Vec<Hit> {
    let ids = term_ids(index, pattern, flags);
    posting_hits(index, &ids, stopped, |p, start, end| {
        !flags.case_sensitive || {
            let text = &index.articles()[p.article() as usize].text;
            case_matches(&text[start as usize..end as usize], pattern)
        }
    })
}

/// The hits of the postings of terms `ids` that `keep` keeps (given the posting and its
/// byte range), in corpus order.
///
/// The postings of all the terms are put in corpus order first (a posting packs article,
/// token and part into one number that sorts so), and only then turned into byte ranges.
/// Turning each term's postings in turn jumped all over the corpus's tokens, and the hits
/// of every term then had to be merged: for `*e*` (50,000 terms, 6.5 million hits on 100
/// MB) those two were half the time.
fn posting_hits(
    index: &Index,
    ids: &[u32],
    stopped: &dyn Fn() -> bool,
    keep: impl Fn(Posting, u32, u32) -> bool,
) -> Vec<Hit> {
    let terms = index.terms();
    let total = ids.iter().map(|&id| terms.postings(id).len()).sum();
    let mut places: Vec<Posting> = Vec::new();
    if let [id] = ids {
        // One term's postings are in corpus order already.
        terms.read_ahead(*id);
    } else {
        places.reserve_exact(total);
        for &id in ids {
            if stopped() {
                return Vec::new();
            }
            // Every hit is about to be cut from its article's tokens.
            terms.read_ahead(id);
            places.extend_from_slice(terms.postings(id));
        }
        places.sort_unstable_by_key(|p| p.raw());
    }
    let places = match ids {
        [id] => terms.postings(*id),
        _ => &places,
    };
    // One term's hits come in order: its postings stand in distinct tokens, or are parts
    // of one token, in order.
    let reorder = ids.len() > 1;
    let mut hits = Vec::new();
    for (n, &p) in places.iter().enumerate() {
        if n % 65_536 == 0 && stopped() {
            return Vec::new();
        }
        let (start, end) = posting_span(index, p);
        if keep(p, start, end) {
            hits.push(Hit {
                article: p.article(),
                start,
                end,
            });
            // A compound's first part starts where the compound does and ends before it:
            // it goes before it, so that the hits come in the order `evaluate` sorts them
            // into, and its sort finds one run. A few steps back at most (a compound has
            // at most 255 parts indexed); what is still out of order there gets sorted.
            let mut at = hits.len() - 1;
            while reorder && at > 0 && hits.len() - at <= MAX_PARTS && hits[at - 1] > hits[at] {
                hits.swap(at - 1, at);
                at -= 1;
            }
        }
    }
    hits
}

/// Words in a row: whole tokens, with no punctuation between them.
fn phrase_hits(
    index: &Index,
    patterns: &[Pattern],
    flags: Flags,
    stopped: &dyn Fn() -> bool,
) -> Vec<Hit> {
    if patterns.is_empty() {
        return Vec::new();
    }
    // The words after the first are compared by their folded form, so the folded forms of
    // every term each pattern stands for are gathered once.
    let sets: Vec<HashSet<&str>> = patterns
        .iter()
        .map(|p| {
            term_ids(index, p, flags)
                .into_iter()
                .map(|id| index.terms().text(id))
                .collect()
        })
        .collect();
    let map = index.word_map();
    let mut hits = Vec::new();
    for &first in &sets[0] {
        if stopped() {
            break;
        }
        let Some(id) = index.terms().id(first) else {
            continue;
        };
        index.terms().read_ahead(id);
        for p in index.terms().postings(id).iter().filter(|p| p.part() == 0) {
            // Words in a row: only white space between them, no punctuation.
            if !map.in_a_row(p.article(), p.token(), patterns.len()) {
                continue;
            }
            let article = &index.articles()[p.article() as usize];
            let t0 = p.token() as usize;
            let words: Vec<_> = (t0..t0 + patterns.len())
                .map_while(|i| article.tokens.get(i))
                .collect();
            if words.len() < patterns.len() {
                continue;
            }
            let all = (1..patterns.len())
                .all(|k| sets[k].contains(key(words[k].text(&article.text)).as_str()));
            if !all {
                continue;
            }
            if flags.case_sensitive {
                let ok = patterns
                    .iter()
                    .zip(&words)
                    .all(|(pat, w)| case_matches(w.text(&article.text), pat));
                if !ok {
                    continue;
                }
            }
            hits.push(Hit {
                article: p.article(),
                start: words[0].start,
                end: words[words.len() - 1].end,
            });
        }
    }
    hits
}

/// A regex over whole tokens and compound parts, anchored at both ends.
fn regex_hits(
    index: &Index,
    query: &Query,
    re: &str,
    stopped: &dyn Fn() -> bool,
) -> Result<Vec<Hit>, QueryError> {
    let terms = RegexTerms::new(index, query, re)?;
    Ok(posting_hits(index, &terms.ids, stopped, |p, start, end| {
        terms.case_matches(index, p.article(), start, end)
    }))
}

/// The terms a regex query matches, and with `(?c)` the check each hit must then pass.
pub(super) struct RegexTerms {
    /// In term id order.
    pub ids: Vec<u32>,
    /// With `(?c)`: the regex with case, to check the text as written at each hit.
    pub strict: Option<regex::Regex>,
}

impl RegexTerms {
    pub fn new(index: &Index, query: &Query, re: &str) -> Result<RegexTerms, QueryError> {
        let position = query
            .source
            .find('/')
            .map(|b| query.source[..b].chars().count())
            .unwrap_or(0);
        let build = |case_insensitive: bool| {
            regex::RegexBuilder::new(&format!("^(?:{re})$"))
                .case_insensitive(case_insensitive)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| QueryError {
                    position,
                    message: format!(
                        "invalid regex: {}",
                        e.to_string().lines().last().unwrap_or("").trim()
                    ),
                })
        };
        // Terms are folded, so candidates are found case-insensitively; with (?c) each hit is
        // then checked against the text as written.
        let loose = build(true)?;
        let strict = if query.flags.case_sensitive {
            Some(build(false)?)
        } else {
            None
        };
        let terms = index.terms();
        let ids = match literal_prefix(re) {
            // Only the terms that start as every match must (see `regex_prefix`); with
            // accents going, a term's stripped form may start so where the term does not.
            Some(prefix) if !query.flags.accent_insensitive => terms
                .with_piece(&prefix, true, false)
                .into_iter()
                .filter(|&id| loose.is_match(terms.text(id)))
                .collect(),
            _ => terms
                .iter()
                .filter(|(_, term)| {
                    if query.flags.accent_insensitive {
                        loose.is_match(term) || loose.is_match(&strip_accents(term))
                    } else {
                        loose.is_match(term)
                    }
                })
                .map(|(id, _)| id)
                .collect(),
        };
        Ok(RegexTerms { ids, strict })
    }

    /// Whether the text at `start..end` of `article` passes the `(?c)` check, if there is one.
    pub fn case_matches(&self, index: &Index, article: u32, start: u32, end: u32) -> bool {
        let Some(strict) = &self.strict else {
            return true;
        };
        let text = &index.articles()[article as usize].text;
        strict.is_match(text[start as usize..end as usize].trim_end_matches('.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::lexicon::Lexicon;
    use crate::query::parse;

    const LEXICON: &str = r#"
[[actor]]
id = "trump"
name = "Donald Trump"
kind = "person"
aliases = ["Trump"]

[[actor]]
id = "pjoengjang"
name = "Pjöngjang"
kind = "capital"

[[topic]]
id = "sanctions"
name = "Sanktionen"
terms = ["*sanktion*"]
"#;

    fn index() -> Index {
        let corpus = Corpus::from_texts([
            (
                "a.txt",
                "Trump will ein Ende der US-Sanktionen. Die Sanktionen bleiben.\nTrumps Plan für Pjöngjang.",
            ),
            (
                "b.txt",
                "Kim Jong Un traf Trump. Die Denuklearisierung stockt; Straße und STRASSE.",
            ),
        ]);
        Index::build(corpus, Lexicon::parse(LEXICON, "t.toml").expect("lexicon"))
    }

    fn texts(index: &Index, q: &str) -> Vec<String> {
        let query = parse(q).expect("query parses");
        evaluate(index, &query)
            .expect("query evaluates")
            .iter()
            .map(|h| {
                index.articles()[h.article as usize]
                    .slice(h.start, h.end)
                    .to_string()
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// A regex finds the same terms when the letters it must start with are searched
        /// for first as when every term is tried; over words with capitals, umlauts, ß, the
        /// Kelvin sign and the long s, which case-insensitive letters also match.
        #[test]
        fn a_regex_finds_the_same_terms_with_its_first_letters_searched_first(
            head in "[A-Za-zÄß0-9]{0,4}",
            quantifier in "(|\\?|\\*|\\+|\\{1,2\\}|\\{0,2\\})",
            tail in "(|\\.\\*|[a-z]|s.*|.|\\|trump|\\(\\?-i\\)k|[0-9]+)",
        ) {
            let re = format!("{head}{quantifier}{tail}");
            let corpus = Corpus::from_texts([(
                "a.txt",
                "Trump traf Kim. \u{212A}elvin und \u{17F}pät, STRASSE und Straße, \
                 Denuklearisierung 2024 Sanktionen Trumps Kimchi KIM-Gipfel Ärger ärgerlich.",
            )]);
            let index = Index::build(corpus, Lexicon::builtin());
            let Ok(query) = crate::query::parse(&format!("/{re}/")) else {
                return Ok(());
            };
            let Ok(found) = RegexTerms::new(&index, &query, &re) else {
                return Ok(());
            };
            let every = regex::RegexBuilder::new(&format!("^(?:{re})$"))
                .case_insensitive(true)
                .build()
                .expect("built once already");
            let want: Vec<u32> = index
                .terms()
                .iter()
                .filter(|(_, term)| every.is_match(term))
                .map(|(id, _)| id)
                .collect();
            proptest::prop_assert_eq!(found.ids, want, "{}", re);
        }
    }

    #[test]
    fn a_regex_whose_last_first_letter_is_optional_finds_the_words_without_it() {
        let index = index();
        for re in ["/Trumps?/", "/Trumps{0,1}/", "/Trumps*/", "/Trump+s?/"] {
            assert_eq!(texts(&index, re), ["Trump", "Trumps", "Trump"], "{re}");
        }
        assert_eq!(texts(&index, "/Trumps+/"), ["Trumps"]);
    }

    #[test]
    fn a_query_is_given_up_when_asked_to_stop_and_answered_in_full_when_not() {
        use std::cell::Cell;
        let index = index();
        for q in [
            "*s*",
            "*s* OR Trump",
            "/.*s.*/",
            "\"die sanktionen\"",
            "@trump",
        ] {
            let query = parse(q).expect("query parses");
            let full = evaluate(&index, &query).expect("query evaluates");
            assert!(!full.is_empty(), "{q}");
            let never = evaluate_unless(&index, &query, &|| false).expect("evaluates");
            assert_eq!(never.as_ref(), Some(&full), "{q}");
            assert_eq!(evaluate_unless(&index, &query, &|| true), Ok(None), "{q}");
            if q.starts_with('@') {
                continue; // an actor's mentions are read at once, asked once
            }
            // Asked more than once, between terms: stopping half-way gives nothing, never
            // half the hits.
            let asked = Cell::new(0);
            let after_one = evaluate_unless(&index, &query, &|| {
                asked.set(asked.get() + 1);
                asked.get() > 1
            });
            assert_eq!(after_one, Ok(None), "{q}");
        }
        // An error is an error whatever the answer to stop would be.
        let unknown = parse("@nobody").expect("parses");
        assert!(evaluate_unless(&index, &unknown, &|| false).is_err());
    }

    #[test]
    fn a_word_matches_whole_tokens_and_compound_parts() {
        assert_eq!(texts(&index(), "Sanktionen"), ["Sanktionen", "Sanktionen"]);
        let idx = index();
        let query = parse("Sanktionen").expect("parses");
        assert_eq!(count(&idx, &query).expect("counts"), 2);
    }

    #[test]
    fn wildcards_match_at_either_end() {
        assert_eq!(texts(&index(), "Denukleari*"), ["Denuklearisierung"]);
        assert_eq!(
            texts(&index(), "*sanktionen"),
            ["US-Sanktionen", "Sanktionen"]
        );
    }

    #[test]
    fn a_phrase_matches_words_in_a_row() {
        assert_eq!(texts(&index(), "\"Kim Jong Un\""), ["Kim Jong Un"]);
        assert!(texts(&index(), "Jong Kim").is_empty());
    }

    #[test]
    fn an_actor_query_returns_its_mentions() {
        assert_eq!(texts(&index(), "@trump"), ["Trump", "Trumps", "Trump"]);
        assert_eq!(
            texts(&index(), "@\"Donald Trump\""),
            ["Trump", "Trumps", "Trump"]
        );
    }

    #[test]
    fn an_unknown_actor_is_an_error_at_the_at_sign() {
        let idx = index();
        let query = parse("Kim OR @nobody").expect("parses");
        let err = evaluate(&idx, &query).expect_err("unknown actor");
        assert_eq!(err.position, 7);
        assert!(err.message.contains("unknown actor @nobody"));
    }

    #[test]
    fn a_topic_query_returns_its_hits() {
        // US is no actor in this lexicon, so the whole compound is the keyword.
        assert_eq!(
            texts(&index(), "#sanctions"),
            ["US-Sanktionen", "Sanktionen"]
        );
    }

    #[test]
    fn a_regex_matches_whole_tokens() {
        assert_eq!(texts(&index(), "/denukleari.*/"), ["Denuklearisierung"]);
        assert!(texts(&index(), "/nuklear/").is_empty());
    }

    #[test]
    fn or_joins_and_orders_by_position() {
        assert_eq!(texts(&index(), "Plan OR Trump"), ["Trump", "Plan", "Trump"]);
    }

    #[test]
    fn sharp_s_in_a_query_matches_ss() {
        assert_eq!(texts(&index(), "strasse"), ["Straße", "STRASSE"]);
    }

    #[test]
    fn case_sensitive_flag_matches_exact_case() {
        assert_eq!(texts(&index(), "(?c)STRASSE"), ["STRASSE"]);
        assert_eq!(texts(&index(), "(?c)/Stra.*/"), ["Straße"]);
    }

    #[test]
    fn accents_matter_unless_asked_otherwise() {
        assert!(texts(&index(), "Pjongjang").is_empty());
        assert_eq!(texts(&index(), "(?a)Pjongjang"), ["Pjöngjang"]);
    }
}
