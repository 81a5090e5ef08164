//! Where names become actors: finding actor mentions and keyword hits in tokens.
//!
//! The rules, each tested below on its sentence from the built-in corpus:
//! - a mention is an alias written as a whole word, or as words in a row; the longest alias
//!   wins at a position, and a multi-word alias counts once (`Kim Jong Un`, not `Kim`);
//! - the last word may carry a German `-s` ending (`Trumps`, `Nordkoreas`) or an English
//!   `'s`;
//! - a part of a hyphenated compound counts (`Trump-Regierung`), once for each actor it
//!   names (`Kim-Trump-Gipfeltreffen`);
//! - a truncated compound counts when what follows completes an alias
//!   (`Nord- und Südkorea` names Nordkorea);
//! - nothing else: no adjectives, demonyms or names inside other words, since only whole
//!   words and compound parts are compared;
//! - keywords are matched the same way, with `*` at the ends of a term, on words that are
//!   not already an actor.

use super::Lexicon;
use crate::index::{KeywordHit, Mention};
use crate::text::fold;
use crate::text::token::{Token, TokenKind, is_hyphen, parts, tokenize};
use std::collections::{HashMap, HashSet};

/// How a mention matched its alias; shown to lexicon authors by `lupe tokens`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchRule {
    /// The alias as written (case-folded unless the alias is exact-case).
    Exact,
    /// The alias with an `-s` or `'s` ending.
    Inflected,
    /// The alias as a part of a hyphenated compound.
    CompoundPart,
    /// A truncated compound completed by the word after it (`Nord- und Südkorea`).
    Truncated,
}

impl MatchRule {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchRule::Exact => "exact",
            MatchRule::Inflected => "inflected",
            MatchRule::CompoundPart => "compound part",
            MatchRule::Truncated => "truncated compound",
        }
    }
}

/// One alias, cut into folded words.
#[derive(Debug, Clone)]
struct Pattern {
    /// Folded words, trailing dots removed.
    words: Vec<String>,
    /// The words as written, for exact-case aliases.
    exact: Option<Vec<String>>,
    actor: u32,
    alias: u32,
}

/// A keyword term, folded, with its wildcards.
#[derive(Debug, Clone)]
struct Term {
    text: String,
    leading: bool,
    trailing: bool,
    topic: u32,
}

/// The lexicon compiled for matching.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    by_first_word: HashMap<String, Vec<Pattern>>,
    /// Forms with an inner case joint that the tokenizer must not split (`DePetris`).
    protected: HashSet<String>,
    /// Single-word, case-insensitive aliases, for truncated compounds.
    single_words: Vec<(String, u32, u32)>,
    exact_terms: HashMap<String, u32>,
    wildcard_terms: Vec<Term>,
}

/// One word of the text for matching: a whole token, or a part of a compound.
#[derive(Debug, Clone)]
struct Piece<'t> {
    start: u32,
    end: u32,
    token: usize,
    raw: &'t str,
    key: String,
    /// Punctuation stands between this piece and the one before.
    break_before: bool,
    in_compound: bool,
}

/// The folded form words are compared by: case-folded, trailing dots removed.
pub fn key(word: &str) -> String {
    fold(word.trim_end_matches('.'))
}

impl Matcher {
    /// Compiles `lexicon` for matching.
    pub fn new(lexicon: &Lexicon) -> Matcher {
        let mut m = Matcher::default();
        for (a, actor) in lexicon.actors.iter().enumerate() {
            for (i, alias) in actor.aliases.iter().enumerate() {
                let raw_words = alias_words(&alias.text);
                for w in &raw_words {
                    if has_case_joint(w) {
                        m.protected.insert(w.clone());
                    }
                }
                if raw_words.is_empty() {
                    continue;
                }
                let words: Vec<String> = raw_words.iter().map(|w| key(w)).collect();
                if words.len() == 1 && !alias.exact_case {
                    m.single_words.push((words[0].clone(), a as u32, i as u32));
                }
                let pattern = Pattern {
                    exact: alias.exact_case.then(|| {
                        raw_words
                            .iter()
                            .map(|w| w.trim_end_matches('.').to_string())
                            .collect()
                    }),
                    words,
                    actor: a as u32,
                    alias: i as u32,
                };
                m.by_first_word
                    .entry(pattern.words[0].clone())
                    .or_default()
                    .push(pattern);
            }
        }
        for list in m.by_first_word.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        for (t, topic) in lexicon.topics.iter().enumerate() {
            for term in &topic.terms {
                let leading = term.starts_with('*');
                let trailing = term.ends_with('*');
                let text = fold(term.trim_matches('*'));
                if !leading && !trailing {
                    m.exact_terms.entry(text).or_insert(t as u32);
                } else {
                    m.wildcard_terms.push(Term {
                        text,
                        leading,
                        trailing,
                        topic: t as u32,
                    });
                }
            }
        }
        m
    }

    /// Whether the tokenizer must keep `form` whole although it has a case joint.
    pub fn is_protected(&self, form: &str) -> bool {
        self.protected.contains(form)
            || form
                .strip_suffix('s')
                .is_some_and(|f| self.protected.contains(f))
    }

    /// Tokenizes `text` with this lexicon's names protected.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        tokenize(text, &|s| self.is_protected(s))
    }

    /// The actor mentions and keyword hits in `tokens`, in text order.
    pub fn find(&self, text: &str, tokens: &[Token]) -> (Vec<Mention>, Vec<KeywordHit>) {
        let pieces = pieces(text, tokens);
        let mut covered = vec![false; pieces.len()];
        let mut mentions = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            match self.longest_at(&pieces, i) {
                Some((len, pattern, inflected)) => {
                    let first = &pieces[i];
                    let last = &pieces[i + len - 1];
                    let rule = if len == 1 && first.in_compound {
                        MatchRule::CompoundPart
                    } else if inflected {
                        MatchRule::Inflected
                    } else {
                        MatchRule::Exact
                    };
                    mentions.push(Mention {
                        start: first.start,
                        end: last.end,
                        actor: pattern.actor,
                        alias: pattern.alias,
                        rule,
                    });
                    covered[i..i + len].iter_mut().for_each(|c| *c = true);
                    i += len;
                }
                None => {
                    if let Some(m) = self.truncated_at(text, tokens, &pieces, i) {
                        mentions.push(m);
                        covered[i] = true;
                    }
                    i += 1;
                }
            }
        }
        let keywords = self.keywords(text, tokens, &pieces, &covered);
        (mentions, keywords)
    }

    /// The longest alias starting at piece `i`: its length in pieces, the pattern, and
    /// whether the last word was inflected.
    fn longest_at<'m>(&'m self, pieces: &[Piece], i: usize) -> Option<(usize, &'m Pattern, bool)> {
        let first = &pieces[i];
        let mut best: Option<(usize, &Pattern, bool)> = None;
        for lookup in lookup_keys(&first.key) {
            let Some(candidates) = self.by_first_word.get(lookup.as_str()) else {
                continue;
            };
            for p in candidates {
                let len = p.words.len();
                if best.is_some_and(|(l, _, _)| l >= len) || i + len > pieces.len() {
                    continue;
                }
                if let Some(inflected) = matches_at(p, &pieces[i..i + len]) {
                    best = Some((len, p, inflected));
                }
            }
        }
        best
    }

    /// `Nord- und Südkorea`: a word with a dangling hyphen, a conjunction, and a word whose
    /// ending completes an alias that starts with the first word.
    fn truncated_at(
        &self,
        text: &str,
        tokens: &[Token],
        pieces: &[Piece],
        i: usize,
    ) -> Option<Mention> {
        let p = &pieces[i];
        if p.in_compound {
            return None;
        }
        let hyphen = tokens.get(p.token + 1)?;
        let conj = tokens.get(p.token + 2)?;
        let next = tokens.get(p.token + 3)?;
        let dangling = hyphen.start == p.end
            && hyphen.kind == TokenKind::Punct
            && hyphen.text(text).starts_with(is_hyphen)
            && conj.start > hyphen.end;
        if !dangling
            || !matches!(
                key(conj.text(text)).as_str(),
                "und" | "oder" | "bzw" | "sowie"
            )
        {
            return None;
        }
        let next_key = key(next.text(text));
        self.single_words
            .iter()
            .filter(|(alias, _, _)| alias.len() > p.key.len() && alias.starts_with(&p.key))
            .find(|(alias, _, _)| next_key.ends_with(&alias[p.key.len()..]))
            .map(|(_, actor, alias)| Mention {
                start: p.start,
                end: hyphen.end,
                actor: *actor,
                alias: *alias,
                rule: MatchRule::Truncated,
            })
    }

    fn topic_of(&self, key: &str) -> Option<u32> {
        if let Some(t) = self.exact_terms.get(key) {
            return Some(*t);
        }
        self.wildcard_terms
            .iter()
            .find(|t| match (t.leading, t.trailing) {
                (true, true) => key.contains(t.text.as_str()),
                (true, false) => key.ends_with(t.text.as_str()),
                (false, true) => key.starts_with(t.text.as_str()),
                (false, false) => key == t.text,
            })
            .map(|t| t.topic)
    }

    /// Keyword hits: a whole compound when none of its parts is an actor, else its parts.
    fn keywords(
        &self,
        text: &str,
        tokens: &[Token],
        pieces: &[Piece],
        covered: &[bool],
    ) -> Vec<KeywordHit> {
        let mut hits = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            let token = pieces[i].token;
            let mut j = i;
            while j < pieces.len() && pieces[j].token == token {
                j += 1;
            }
            let any_covered = covered[i..j].iter().any(|c| *c);
            let whole = if j - i > 1 && !any_covered {
                self.topic_of(&key(tokens[token].text(text)))
            } else {
                None
            };
            if let Some(topic) = whole {
                hits.push(KeywordHit {
                    start: tokens[token].start,
                    end: tokens[token].end,
                    topic,
                });
            } else {
                for k in i..j {
                    if covered[k] || tokens[pieces[k].token].kind == TokenKind::Number {
                        continue;
                    }
                    if let Some(topic) = self.topic_of(&pieces[k].key) {
                        hits.push(KeywordHit {
                            start: pieces[k].start,
                            end: pieces[k].end,
                            topic,
                        });
                    }
                }
            }
            i = j;
        }
        hits
    }
}

/// The words of an alias as written: tokens, compounds cut into their parts.
fn alias_words(alias: &str) -> Vec<String> {
    let tokens = tokenize(alias, &|_| true);
    let mut words = Vec::new();
    for t in tokens.iter().filter(|t| t.is_word()) {
        let ps = parts(t, alias);
        if ps.is_empty() {
            words.push(t.text(alias).to_string());
        } else {
            words.extend(
                ps.iter()
                    .map(|(s, e)| alias[*s as usize..*e as usize].to_string()),
            );
        }
    }
    words
}

fn has_case_joint(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars
        .windows(2)
        .any(|w| w[0].is_lowercase() && w[1].is_uppercase())
}

/// The keys under which an alias's first word may be filed for this text word.
fn lookup_keys(key: &str) -> Vec<String> {
    let mut keys = vec![key.to_string()];
    for suffix in ["'s", "’s", "s"] {
        if let Some(stem) = key.strip_suffix(suffix)
            && stem.chars().count() >= 2
        {
            keys.push(stem.to_string());
        }
    }
    keys
}

/// Whether `p` matches these pieces; `Some(inflected)` when it does.
fn matches_at(p: &Pattern, pieces: &[Piece]) -> Option<bool> {
    let last = p.words.len() - 1;
    let mut inflected = false;
    for (j, piece) in pieces.iter().enumerate() {
        if j > 0 && piece.break_before {
            return None;
        }
        let (have, want) = match &p.exact {
            Some(exact) => (piece.raw.trim_end_matches('.'), exact[j].as_str()),
            None => (piece.key.as_str(), p.words[j].as_str()),
        };
        if have == want {
            continue;
        }
        if j == last && is_inflection(have, want) {
            inflected = true;
            continue;
        }
        return None;
    }
    Some(inflected)
}

/// `Trumps` of `Trump`, `Trump's` of `Trump`; an alias ending in s takes no further s.
fn is_inflection(have: &str, want: &str) -> bool {
    let Some(rest) = have.strip_prefix(want) else {
        return false;
    };
    matches!(rest, "s" | "'s" | "’s" | "'" | "’") && !(rest == "s" && want.ends_with('s'))
}

/// The text's words for matching, in order: whole tokens, compounds as their parts.
fn pieces<'t>(text: &'t str, tokens: &[Token]) -> Vec<Piece<'t>> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut punct_since_last = false;
    for (ti, t) in tokens.iter().enumerate() {
        if t.kind == TokenKind::Punct {
            punct_since_last = true;
            continue;
        }
        let gap_breaks = out
            .last()
            .is_some_and(|p: &Piece| text[p.end as usize..t.start as usize].contains('\n'));
        let break_before = punct_since_last || gap_breaks;
        punct_since_last = false;
        let ps = parts(t, text);
        if ps.is_empty() {
            let raw = t.text(text);
            out.push(Piece {
                start: t.start,
                end: t.end,
                token: ti,
                raw,
                key: key(raw),
                break_before,
                in_compound: false,
            });
        } else {
            for (k, (s, e)) in ps.into_iter().enumerate() {
                let raw = &text[s as usize..e as usize];
                out.push(Piece {
                    start: s,
                    end: e,
                    token: ti,
                    raw,
                    key: key(raw),
                    break_before: k == 0 && break_before,
                    in_compound: true,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEXICON: &str = r#"
[[actor]]
id = "trump"
name = "Donald Trump"
kind = "person"
aliases = ["Trump"]

[[actor]]
id = "kim_jong_un"
name = "Kim Jong Un"
kind = "person"
aliases = ["Kim Jong-un", "Kim"]

[[actor]]
id = "kim_dae_jung"
name = "Kim Dae-jung"
kind = "person"

[[actor]]
id = "moon_jae_in"
name = "Moon Jae-in"
kind = "person"
aliases = ["Moon"]

[[actor]]
id = "depetris"
name = "Daniel R. DePetris"
kind = "person"
aliases = ["DePetris"]

[[actor]]
id = "usa"
name = "USA"
kind = "state"
aliases = ["US", "Vereinigte Staaten", "Vereinigten Staaten", "Amerika"]

[[actor]]
id = "nordkorea"
name = "Nordkorea"
kind = "state"

[[actor]]
id = "suedkorea"
name = "Südkorea"
kind = "state"

[[actor]]
id = "russland"
name = "Russland"
kind = "state"

[[actor]]
id = "ukraine"
name = "Ukraine"
kind = "state"

[[actor]]
id = "pjoengjang"
name = "Pjöngjang"
kind = "capital"

[[actor]]
id = "japan"
name = "Japan"
kind = "state"

[[topic]]
id = "sanctions"
name = "Sanktionen"
terms = ["*sanktion*"]

[[topic]]
id = "nuclear"
name = "Atom"
terms = ["Atom*", "Denuklearisierung"]

[[topic]]
id = "summit"
name = "Gipfel"
terms = ["*gipfel*"]
"#;

    fn lexicon() -> Lexicon {
        Lexicon::parse(LEXICON, "test.toml").expect("test lexicon")
    }

    /// `(matched text, actor id)` for each mention in `text`.
    fn mentions(text: &str) -> Vec<(String, String)> {
        let lex = lexicon();
        let m = Matcher::new(&lex);
        let tokens = m.tokenize(text);
        m.find(text, &tokens)
            .0
            .iter()
            .map(|mention| {
                (
                    text[mention.start as usize..mention.end as usize].to_string(),
                    lex.actors[mention.actor as usize].id.clone(),
                )
            })
            .collect()
    }

    fn ids(text: &str) -> Vec<String> {
        mentions(text).into_iter().map(|(_, id)| id).collect()
    }

    fn keywords(text: &str) -> Vec<(String, String)> {
        let lex = lexicon();
        let m = Matcher::new(&lex);
        let tokens = m.tokenize(text);
        m.find(text, &tokens)
            .1
            .iter()
            .map(|k| {
                (
                    text[k.start as usize..k.end as usize].to_string(),
                    lex.topics[k.topic as usize].id.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn the_name_as_written_and_its_aliases_count() {
        assert_eq!(
            ids("US-Präsident Trump betont seine persönliche Beziehung zu Kim Jong-un"),
            ["usa", "trump", "kim_jong_un"]
        );
        assert_eq!(
            ids("zwischen den Vereinigten Staaten und Nordkorea"),
            ["usa", "nordkorea"]
        );
    }

    #[test]
    fn a_multi_word_name_counts_once() {
        assert_eq!(
            mentions("des nordkoreanischen Führers Kim Jong Un."),
            [("Kim Jong Un".to_string(), "kim_jong_un".to_string())]
        );
    }

    #[test]
    fn longest_match_wins_and_kim_alone_is_kim_jong_un() {
        assert_eq!(
            ids("liberaler Präsidenten wie z Kim Dae-jung, Roh Moo-hyunUnd Moon Jae-in."),
            ["kim_dae_jung", "moon_jae_in"]
        );
        assert_eq!(ids("Diesmal wird Kim vorsichtiger sein."), ["kim_jong_un"]);
    }

    #[test]
    fn moon_jae_in_is_matched_in_either_case() {
        assert_eq!(
            mentions("sagte der ehemalige südkoreanische Präsident Moon Jae-In, dass"),
            [("Moon Jae-In".to_string(), "moon_jae_in".to_string())]
        );
    }

    #[test]
    fn genitive_s_counts_as_the_actor() {
        assert_eq!(ids("ist Trumps legendärer weißer Wal"), ["trump"]);
        assert_eq!(
            ids("die vollständige Denuklearisierung Nordkoreas; Kim war unterdessen"),
            ["nordkorea", "kim_jong_un"]
        );
        assert_eq!(
            ids("und dank Russlands Veto, um Amerikas große Ambitionen"),
            ["russland", "usa"]
        );
        assert_eq!(
            ids("erlaubte die landesweite Ausstrahlung von Moons Rede."),
            ["moon_jae_in"]
        );
    }

    #[test]
    fn a_compound_part_counts() {
        assert_eq!(
            ids("dem Kim-Regime eine einmalige Gelegenheit"),
            ["kim_jong_un"]
        );
        assert_eq!(
            ids("seiner Nordkorea-Politik und der US-Truppen"),
            ["nordkorea", "usa"]
        );
        assert_eq!(ids("in einer zweiten Trump-Regierung"), ["trump"]);
    }

    #[test]
    fn a_compound_naming_two_actors_counts_once_for_each() {
        assert_eq!(
            ids("für die bahnbrechenden Kim-Trump-Gipfeltreffen 2018 und 2019"),
            ["kim_jong_un", "trump"]
        );
        assert_eq!(
            ids("vor dem Ende des Russland-Ukraine-Krieges"),
            ["russland", "ukraine"]
        );
    }

    #[test]
    fn a_glued_word_is_split_and_the_name_found() {
        assert_eq!(ids("„kam sehr gut zurechtTrump ist überzeugt"), ["trump"]);
        assert_eq!(
            ids("des Sondergesandten für die UkraineKeith Kellogg"),
            ["ukraine"]
        );
    }

    #[test]
    fn a_known_name_with_a_case_joint_stays_whole() {
        assert_eq!(
            mentions("Daniel R. DePetris ist Fellow bei Defense Priorities"),
            [("Daniel R. DePetris".to_string(), "depetris".to_string())]
        );
    }

    #[test]
    fn a_truncated_compound_is_completed_by_the_next_word() {
        assert_eq!(
            ids("in den Beziehungen zwischen Nord- und Südkorea: ein Gipfeltreffen"),
            ["nordkorea", "suedkorea"]
        );
    }

    #[test]
    fn adjectives_and_demonyms_are_not_mentions() {
        assert!(ids("der Lösung des nordkoreanischen Atomproblems").is_empty());
        assert!(ids("die größte Abschiebeaktion in der amerikanischen Geschichte").is_empty());
        assert!(ids("Entnuklearisierung der Nordkoreaner, die Südkoreaner").is_empty());
    }

    #[test]
    fn korea_the_war_and_names_inside_words_are_not_mentions() {
        assert!(ids("da der Koreakrieg mit einem Waffenstillstand endete").is_empty());
        assert!(ids("ein Gefühl des Japanischseins").is_empty());
    }

    #[test]
    fn acronyms_match_only_in_capitals() {
        assert_eq!(ids("die USA und die US-Sanktionen"), ["usa", "usa"]);
        assert!(ids("let us go").is_empty());
    }

    #[test]
    fn capitals_are_not_their_states() {
        assert_eq!(ids("Das Atomprogramm Pjöngjangs vom Tisch"), ["pjoengjang"]);
    }

    #[test]
    fn punctuation_breaks_a_multi_word_name() {
        assert_eq!(ids("Kim. Jong Un"), ["kim_jong_un"]);
    }

    #[test]
    fn keywords_match_words_and_compound_parts_with_wildcards() {
        assert_eq!(
            keywords("weitere Wirtschaftssanktionen oder das Atomprogramm"),
            [
                ("Wirtschaftssanktionen".to_string(), "sanctions".to_string()),
                ("Atomprogramm".to_string(), "nuclear".to_string())
            ]
        );
    }

    #[test]
    fn an_actor_part_is_not_also_a_keyword() {
        assert_eq!(
            keywords("ein Ende der US-Sanktionen und das Kim-Trump-Gipfeltreffen"),
            [
                ("Sanktionen".to_string(), "sanctions".to_string()),
                ("Gipfeltreffen".to_string(), "summit".to_string())
            ]
        );
    }
}
