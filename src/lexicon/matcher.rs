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
use super::words::{Piece, Words};
use crate::index::{KeywordHit, Mention};
use crate::text::fold;
use crate::text::token::{
    Token, TokenKind, Tokenized, is_hyphen, may_begin_hyphen, parts, tokenize,
    tokenize_marking_compounds,
};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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
    /// The length in bytes of the longest of them.
    longest_protected: usize,
    /// Single-word, case-insensitive aliases, for truncated compounds.
    single_words: Vec<(String, u32, u32)>,
    exact_terms: HashMap<String, u32>,
    wildcard_terms: Vec<Term>,
    /// All wildcard texts at once, so a word is searched once, not once per term.
    wildcard_search: Option<AhoCorasick>,
}

/// The folded form words are compared by: case-folded, trailing dots removed.
pub fn key(word: &str) -> String {
    fold(word.trim_end_matches('.'))
}

/// What one distinct folded form can start or be: worked out once per distinct form, as it
/// depends on nothing else.
#[derive(Debug, Default, Clone)]
pub struct TermInfo<'m> {
    /// Aliases whose first word this form may be (also as an inflected form), longest first.
    candidates: Vec<&'m Pattern>,
    topic: Option<u32>,
}

impl TermInfo<'_> {
    /// A form that is the keyword of topic `topic` and starts no alias.
    #[cfg(test)]
    pub(crate) fn of_topic(topic: u32) -> TermInfo<'static> {
        TermInfo {
            candidates: Vec::new(),
            topic: Some(topic),
        }
    }

    /// The topic this form is a keyword of, if any.
    #[cfg(test)]
    pub(crate) fn topic(&self) -> Option<u32> {
        self.topic
    }

    /// The info of a form that starts no alias and is no keyword: most forms.
    pub const NONE: TermInfo<'static> = TermInfo {
        candidates: Vec::new(),
        topic: None,
    };

    /// Whether this says nothing: no alias candidates and no topic.
    pub fn is_none(&self) -> bool {
        self.candidates.is_empty() && self.topic.is_none()
    }
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
                        m.longest_protected = m.longest_protected.max(w.len());
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
        m.wildcard_search = wildcard_search(&m.wildcard_terms);
        m
    }

    /// Whether the tokenizer must keep `form` whole although it has a case joint.
    pub fn is_protected(&self, form: &str) -> bool {
        // The tokenizer asks about the rest of a word at every case joint; a length check
        // first keeps a long glued run ("…nSanktionenS…") from being hashed again and again.
        !self.protected.is_empty()
            && form.len() <= self.longest_protected + 1
            && (self.protected.contains(form)
                || form
                    .strip_suffix('s')
                    .is_some_and(|f| self.protected.contains(f)))
    }

    /// Tokenizes `text` with this lexicon's names protected.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        tokenize(text, &|s| self.is_protected(s))
    }

    /// [`Matcher::tokenize`], with the compounds marked.
    pub fn tokenize_marking_compounds(&self, text: &str) -> Tokenized {
        tokenize_marking_compounds(text, &|s| self.is_protected(s))
    }

    /// The actor mentions and keyword hits in `tokens`, in text order.
    pub fn find(&self, text: &str, tokens: &[Token]) -> (Vec<Mention>, Vec<KeywordHit>) {
        self.find_in(text, tokens, &Words::new(text, tokens))
    }

    /// [`Matcher::find`] over words already folded.
    pub fn find_in(
        &self,
        text: &str,
        tokens: &[Token],
        words: &Words,
    ) -> (Vec<Mention>, Vec<KeywordHit>) {
        let infos: Vec<TermInfo> = words.terms.iter().map(|t| self.term_info(t)).collect();
        self.find_with(text, tokens, words, &infos)
    }

    /// [`Matcher::find_in`] with the [`Matcher::term_info`] of every term of `words`,
    /// by local term id, worked out already.
    pub fn find_with(
        &self,
        text: &str,
        tokens: &[Token],
        words: &Words,
        infos: &[TermInfo],
    ) -> (Vec<Mention>, Vec<KeywordHit>) {
        let pieces = &words.pieces;
        let mut covered = vec![false; pieces.len()];
        let mut mentions = Vec::new();
        // Most articles of a large corpus name no actor and no keyword: when no word of
        // the article can start an alias or is a keyword, the walks for them are skipped
        // (the distinct words are a third of the pieces, and far cheaper to ask).
        let any_candidate = infos.iter().any(|info| !info.candidates.is_empty());
        let any_topic = infos.iter().any(|info| info.topic.is_some());
        let mut i = 0;
        while i < pieces.len() {
            let longest = if any_candidate {
                self.longest_at(text, words, infos, i)
            } else {
                None
            };
            match longest {
                Some((len, pattern, inflected)) => {
                    let first = &pieces[i];
                    let last = &pieces[i + len - 1];
                    let rule = if len == 1 && first.in_compound() {
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
                    if let Some(m) = self.truncated_at(text, tokens, words, i) {
                        mentions.push(m);
                        covered[i] = true;
                    }
                    i += 1;
                }
            }
        }
        let keywords = if any_topic {
            self.keywords(tokens, words, infos, &covered)
        } else {
            Vec::new()
        };
        (mentions, keywords)
    }

    /// What the folded form `term` can start (its alias candidates) and be (its topic).
    pub fn term_info(&self, term: &str) -> TermInfo<'_> {
        let mut candidates: Vec<&Pattern> = Vec::new();
        for lookup in lookup_keys(term) {
            if let Some(list) = self.by_first_word.get(lookup) {
                candidates.extend(list.iter());
            }
        }
        candidates.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        TermInfo {
            candidates,
            topic: self.topic_of(term),
        }
    }

    /// The longest alias starting at piece `i`: its length in pieces, the pattern, and
    /// whether the last word was inflected.
    fn longest_at<'m>(
        &'m self,
        text: &str,
        words: &Words,
        infos: &[TermInfo<'m>],
        i: usize,
    ) -> Option<(usize, &'m Pattern, bool)> {
        let pieces = &words.pieces;
        for p in &infos[pieces[i].term as usize].candidates {
            let len = p.words.len();
            if i + len > pieces.len() {
                continue;
            }
            if let Some(inflected) = matches_at(p, text, words, &pieces[i..i + len]) {
                return Some((len, p, inflected));
            }
        }
        None
    }

    /// `Nord- und Südkorea`: a word with a dangling hyphen, a conjunction, and a word whose
    /// ending completes an alias that starts with the first word.
    fn truncated_at(
        &self,
        text: &str,
        tokens: &[Token],
        words: &Words,
        i: usize,
    ) -> Option<Mention> {
        let p = &words.pieces[i];
        // Asked of every word: the byte after it rules out nearly all.
        let after = text.as_bytes().get(p.end as usize);
        if p.in_compound() || !after.is_some_and(|&b| may_begin_hyphen(b)) {
            return None;
        }
        let t = p.token as usize;
        let hyphen = tokens.get(t + 1)?;
        let conj = tokens.get(t + 2)?;
        let next = tokens.get(t + 3)?;
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
        let stem = words.key(p);
        let next_key = key(next.text(text));
        self.single_words
            .iter()
            .filter(|(alias, _, _)| alias.len() > stem.len() && alias.starts_with(stem))
            .find(|(alias, _, _)| next_key.ends_with(&alias[stem.len()..]))
            .map(|(_, actor, alias)| Mention {
                start: p.start,
                end: hyphen.end,
                actor: *actor,
                alias: *alias,
                rule: MatchRule::Truncated,
            })
    }

    /// The topic of a folded word: an exact term, else the first wildcard term (in lexicon
    /// order) that fits it.
    fn topic_of(&self, key: &str) -> Option<u32> {
        if let Some(t) = self.exact_terms.get(key) {
            return Some(*t);
        }
        let fits = |t: &Term, start: usize, end: usize| match (t.leading, t.trailing) {
            (true, true) => true,
            (true, false) => end == key.len(),
            (false, true) => start == 0,
            (false, false) => start == 0 && end == key.len(),
        };
        match &self.wildcard_search {
            // Most words contain no term at all; only those that do pay for listing the
            // overlapping matches (which allocates its search state).
            Some(ac) if !ac.is_match(key) => None,
            Some(ac) => ac
                .find_overlapping_iter(key)
                .filter(|m| {
                    fits(
                        &self.wildcard_terms[m.pattern().as_usize()],
                        m.start(),
                        m.end(),
                    )
                })
                .map(|m| m.pattern().as_usize())
                .min()
                .map(|i| self.wildcard_terms[i].topic),
            None => self
                .wildcard_terms
                .iter()
                .find(|t| {
                    key.match_indices(t.text.as_str())
                        .any(|(at, m)| fits(t, at, at + m.len()))
                })
                .map(|t| t.topic),
        }
    }

    /// Keyword hits: a whole compound when none of its parts is an actor, else its parts.
    fn keywords(
        &self,
        tokens: &[Token],
        words: &Words,
        infos: &[TermInfo],
        covered: &[bool],
    ) -> Vec<KeywordHit> {
        let pieces = &words.pieces;
        let mut hits = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            let token = pieces[i].token as usize;
            let mut j = i;
            while j < pieces.len() && pieces[j].token as usize == token {
                j += 1;
            }
            if tokens[token].kind == TokenKind::Number {
                i = j;
                continue;
            }
            let any_covered = covered[i..j].iter().any(|c| *c);
            let whole = if j - i > 1 && !any_covered {
                infos[words.token_terms[token] as usize].topic
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
                    if covered[k] {
                        continue;
                    }
                    if let Some(topic) = infos[pieces[k].term as usize].topic {
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

/// Wildcard terms of more bytes than this, together, are searched with an NFA, not a DFA.
///
/// A DFA answers fastest (about 20 ns for a word against the default lexicon's 52 terms, an
/// NFA about 70 ns), but aho-corasick builds it by walking failure links for every state and
/// byte class, which is quadratic in the length of a repetitive term: a 10 KB term took 0.6 s
/// and a 100 KB one 99 s. The default lexicon's terms come to about 500 bytes; at this limit
/// the worst case builds in about 10 ms in a release build. The contiguous NFA builds in
/// linear time and finds the same matches.
const DFA_TERM_BYTES: usize = 1024;

/// One automaton over all wildcard terms, so a word is searched once, not once per term.
fn wildcard_search(terms: &[Term]) -> Option<AhoCorasick> {
    let bytes: usize = terms.iter().map(|t| t.text.len()).sum();
    let kind = (bytes > DFA_TERM_BYTES).then_some(AhoCorasickKind::ContiguousNFA);
    // Building from folded terms cannot fail short of billions of states; if it ever did,
    // the slow scan in `topic_of` gives the same answers.
    AhoCorasick::builder()
        .kind(kind)
        .build(terms.iter().map(|t| t.text.as_str()))
        .ok()
}

fn has_case_joint(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars
        .windows(2)
        .any(|w| w[0].is_lowercase() && w[1].is_uppercase())
}

/// The keys under which an alias's first word may be filed for this text word: the word,
/// and its stem without an `-s` or `'s` ending.
fn lookup_keys(key: &str) -> impl Iterator<Item = &str> {
    let stems = ["'s", "’s", "s"]
        .into_iter()
        .filter_map(move |suffix| key.strip_suffix(suffix))
        .filter(|stem| stem.chars().count() >= 2);
    std::iter::once(key).chain(stems)
}

/// Whether `p` matches these pieces; `Some(inflected)` when it does.
fn matches_at(p: &Pattern, text: &str, words: &Words, pieces: &[Piece]) -> Option<bool> {
    let last = p.words.len() - 1;
    let mut inflected = false;
    for (j, piece) in pieces.iter().enumerate() {
        if j > 0 && piece.break_before {
            return None;
        }
        let (have, want) = match &p.exact {
            Some(exact) => (
                text[piece.start as usize..piece.end as usize].trim_end_matches('.'),
                exact[j].as_str(),
            ),
            None => (words.key(piece), p.words[j].as_str()),
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
    fn a_truncated_compound_may_end_in_any_hyphen() {
        for hyphen in ["-", "\u{2010}", "\u{2011}"] {
            let text = format!("zwischen Nord{hyphen} und Südkorea");
            assert_eq!(ids(&text), ["nordkorea", "suedkorea"], "{hyphen:?}");
        }
    }

    /// Whether any word of `text` can start an alias or is a keyword: the matcher skips
    /// those walks in a text where none is.
    fn starts_or_is(text: &str) -> (bool, bool) {
        let lex = lexicon();
        let m = Matcher::new(&lex);
        let tokens = m.tokenize(text);
        let words = Words::new(text, &tokens);
        let infos: Vec<_> = words.terms.iter().map(|t| m.term_info(t)).collect();
        (
            infos.iter().any(|i| !i.candidates.is_empty()),
            infos.iter().any(|i| i.topic.is_some()),
        )
    }

    #[test]
    fn keywords_are_found_in_a_text_that_names_no_actor() {
        let text = "weitere Wirtschaftssanktionen oder das Atomprogramm";
        assert_eq!(starts_or_is(text), (false, true));
        assert!(ids(text).is_empty());
        assert_eq!(keywords(text).len(), 2);
    }

    #[test]
    fn actors_are_found_in_a_text_without_keywords() {
        let text = "Russland und die Ukraine";
        assert_eq!(starts_or_is(text), (true, false));
        assert_eq!(ids(text), ["russland", "ukraine"]);
        assert!(keywords(text).is_empty());
    }

    #[test]
    fn a_truncated_compound_is_completed_where_no_word_starts_an_alias() {
        let text = "zwischen Nord- oder Ostkorea";
        assert_eq!(starts_or_is(text), (false, false));
        assert_eq!(
            mentions(text),
            [("Nord-".to_string(), "nordkorea".to_string())]
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
    fn long_wildcard_terms_find_the_same_keywords() {
        // Past `DFA_TERM_BYTES` the terms are searched by another automaton.
        let long = "x".repeat(DFA_TERM_BYTES);
        let source = format!(
            "{LEXICON}\n[[topic]]\nid = \"long\"\nname = \"Long\"\nterms = [\"*{long}*\"]\n"
        );
        let lex = Lexicon::parse(&source, "test.toml").expect("test lexicon");
        let m = Matcher::new(&lex);
        let text = format!("weitere Wirtschaftssanktionen, das Atomprogramm und {long}en");
        let tokens = m.tokenize(&text);
        let found: Vec<(&str, &str)> = m
            .find(&text, &tokens)
            .1
            .iter()
            .map(|k| {
                (
                    &text[k.start as usize..k.end as usize],
                    lex.topics[k.topic as usize].id.as_str(),
                )
            })
            .collect();
        let long_word = format!("{long}en");
        assert_eq!(
            found,
            [
                ("Wirtschaftssanktionen", "sanctions"),
                ("Atomprogramm", "nuclear"),
                (long_word.as_str(), "long")
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
