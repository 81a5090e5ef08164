//! The query parser: from what the user typed to a [`Query`], or to a [`QueryError`] that
//! points at the column of the problem so the UI can draw a caret under it.
//!
//! The grammar, loosest first:
//!
//! ```text
//! query       = flags? alternative (("OR" | "|") alternative)*
//! alternative = words+ | actor | topic | regex
//! words       = bare-word | quoted-phrase
//! ```
//!
//! Cutting the text into items lives in `lexer`; this file combines them.

use super::lexer::{self, Item, Located, error};
use super::{Expr, Flags, MAX_QUERY_CHARS, Pattern, Query, QueryError};

const OR_NEEDS_BOTH_SIDES: &str = "OR needs a query on both sides";
const NO_MIXING: &str = "an actor, topic or regex cannot be part of a phrase; use OR";

/// Parses a query as typed.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    // Checked before anything else, and without counting all of a pasted megabyte.
    if input.chars().nth(MAX_QUERY_CHARS).is_some() {
        let message = format!("query too long (at most {MAX_QUERY_CHARS} characters)");
        return Err(error(MAX_QUERY_CHARS, message));
    }
    let chars: Vec<char> = input.chars().collect();
    let (flags, rest) = flags(&chars)?;
    let items = lexer::items(&chars, rest)?;
    if items.is_empty() {
        let position = if flags == Flags::default() { 0 } else { rest };
        return Err(error(position, "empty query"));
    }
    Ok(Query {
        source: input.to_string(),
        expr: alternatives(items)?,
        flags,
    })
}

/// The `(?c)`, `(?a)`, `(?ca)` groups at the start, and the column after them.
fn flags(chars: &[char]) -> Result<(Flags, usize), QueryError> {
    let mut flags = Flags::default();
    let mut at = skip_whitespace(chars, 0);
    while chars.get(at) == Some(&'(') && chars.get(at + 1) == Some(&'?') {
        let open = at;
        at += 2;
        loop {
            match chars.get(at) {
                Some('c') => flags.case_sensitive = true,
                Some('a') => flags.accent_insensitive = true,
                Some(')') if at == open + 2 => {
                    return Err(error(at, "no flag given: write (?c), (?a) or (?ca)"));
                }
                Some(')') => break,
                Some(&c) if c.is_alphabetic() => {
                    let message =
                        format!("unknown flag {c}: c is case-sensitive, a is accent-insensitive");
                    return Err(error(at, message));
                }
                Some(_) => return Err(error(at, "flags end with ): write (?c), (?a) or (?ca)")),
                None => return Err(error(open, "unclosed flags: write (?c), (?a) or (?ca)")),
            }
            at += 1;
        }
        at = skip_whitespace(chars, at + 1);
    }
    Ok((flags, at))
}

fn skip_whitespace(chars: &[char], from: usize) -> usize {
    (from..chars.len())
        .find(|&at| !chars[at].is_whitespace())
        .unwrap_or(chars.len())
}

/// The items split at their `OR`s; one alternative is returned as itself.
fn alternatives(items: Vec<Located>) -> Result<Expr, QueryError> {
    let mut alternatives = Vec::new();
    let mut current = Vec::new();
    let mut last_or = None;
    for located in items {
        if let Item::Or = located.item {
            if current.is_empty() {
                return Err(error(located.position, OR_NEEDS_BOTH_SIDES));
            }
            alternatives.push(alternative(std::mem::take(&mut current))?);
            last_or = Some(located.position);
        } else {
            current.push(located);
        }
    }
    match (current.is_empty(), last_or) {
        (true, Some(position)) => return Err(error(position, OR_NEEDS_BOTH_SIDES)),
        _ => alternatives.push(alternative(current)?),
    }
    Ok(if alternatives.len() == 1 {
        alternatives.remove(0)
    } else {
        Expr::Or(alternatives)
    })
}

/// One alternative: a single actor, topic or regex, or words in a row.
fn alternative(items: Vec<Located>) -> Result<Expr, QueryError> {
    let is_special = |located: &Located| !matches!(located.item, Item::Words(_));
    if items.len() > 1 {
        // Point at the item that made the mix: the second if the first is special.
        let culprit = if is_special(&items[0]) {
            Some(&items[1])
        } else {
            items.iter().find(|located| is_special(located))
        };
        if let Some(located) = culprit {
            return Err(error(located.position, NO_MIXING));
        }
    }
    let mut words: Vec<Pattern> = Vec::new();
    for located in items {
        match located.item {
            Item::Words(patterns) => words.extend(patterns),
            Item::Actor(name) => return Ok(Expr::Actor(name)),
            Item::Topic(name) => return Ok(Expr::Topic(name)),
            Item::Regex(pattern) => return Ok(Expr::Regex(pattern)),
            Item::Or => {}
        }
    }
    Ok(if words.len() == 1 {
        Expr::Term(words.remove(0))
    } else {
        Expr::Phrase(words)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn expr(input: &str) -> Expr {
        match parse(input) {
            Ok(query) => query.expr,
            Err(e) => panic!("{input:?} should parse, got {e}"),
        }
    }

    fn flags_of(input: &str) -> Flags {
        match parse(input) {
            Ok(query) => query.flags,
            Err(e) => panic!("{input:?} should parse, got {e}"),
        }
    }

    /// The error's column and message.
    fn fails(input: &str) -> (usize, String) {
        match parse(input) {
            Ok(query) => panic!("{input:?} should fail, parsed as {:?}", query.expr),
            Err(e) => (e.position, e.message),
        }
    }

    fn word(text: &str) -> Pattern {
        Pattern::Word(text.to_string())
    }

    fn wildcard(text: &str, leading: bool, trailing: bool) -> Pattern {
        Pattern::Wildcard {
            text: text.to_string(),
            leading,
            trailing,
        }
    }

    fn phrase(words: &[&str]) -> Expr {
        Expr::Phrase(words.iter().map(|w| word(w)).collect())
    }

    fn term(text: &str) -> Expr {
        Expr::Term(word(text))
    }

    #[test]
    fn a_word_is_a_term_kept_as_typed() {
        assert_eq!(expr("Sanktionen"), term("Sanktionen"));
        assert_eq!(expr("  Pjöngjang  "), term("Pjöngjang"));
    }

    #[test]
    fn the_query_keeps_its_source_text() {
        let query = parse("(?c) Kim Jong Un").expect("valid query");
        assert_eq!(query.source, "(?c) Kim Jong Un");
    }

    #[test]
    fn wildcards_go_at_either_end_of_a_word() {
        assert_eq!(expr("Atom*"), Expr::Term(wildcard("Atom", false, true)));
        assert_eq!(
            expr("*abkommen"),
            Expr::Term(wildcard("abkommen", true, false))
        );
        assert_eq!(
            expr("*sanktion*"),
            Expr::Term(wildcard("sanktion", true, true))
        );
    }

    #[test]
    fn a_wildcard_inside_a_word_points_at_the_star() {
        assert_eq!(
            fails("Atomprogramm At*om"),
            (
                15,
                "wildcards only at the start or end of a word".to_string()
            )
        );
    }

    #[test]
    fn a_wildcard_alone_is_an_error() {
        let message = "a wildcard needs at least one letter".to_string();
        assert_eq!(fails("*"), (0, message.clone()));
        assert_eq!(fails("Sanktionen **"), (11, message));
    }

    #[test]
    fn a_quoted_phrase_is_a_phrase() {
        assert_eq!(expr("\"Kim Jong Un\""), phrase(&["Kim", "Jong", "Un"]));
    }

    #[test]
    fn bare_words_in_a_row_are_a_phrase() {
        assert_eq!(expr("Kim Jong Un"), expr("\"Kim Jong Un\""));
        assert_eq!(expr("Kim \"Jong Un\""), phrase(&["Kim", "Jong", "Un"]));
    }

    #[test]
    fn a_quoted_single_word_is_a_term() {
        assert_eq!(expr("\"Denuklearisierung\""), term("Denuklearisierung"));
        assert_eq!(expr("\"OR\""), term("OR"));
    }

    #[test]
    fn wildcards_are_allowed_inside_quotes() {
        assert_eq!(
            expr("\"Atom* Kim\""),
            Expr::Phrase(vec![wildcard("Atom", false, true), word("Kim")])
        );
    }

    #[test]
    fn empty_quotes_are_an_error() {
        assert_eq!(fails("Kim \"\""), (4, "empty quotes".to_string()));
        assert_eq!(fails("\"  \""), (0, "empty quotes".to_string()));
    }

    #[test]
    fn unclosed_quote_points_at_the_quote() {
        assert_eq!(
            fails("Sanktionen \"Kim Jong"),
            (11, "unclosed quote".to_string())
        );
    }

    #[test]
    fn typographic_quotes_work_as_quotes() {
        let kim = phrase(&["Kim", "Jong", "Un"]);
        assert_eq!(expr("„Kim Jong Un“"), kim);
        assert_eq!(expr("“Kim Jong Un”"), kim);
        assert_eq!(expr("„Kim Jong Un”"), kim);
        assert_eq!(
            fails("Moon „Kim Jong Un"),
            (5, "unclosed quote".to_string())
        );
    }

    #[test]
    fn an_actor_by_id_or_by_quoted_name() {
        assert_eq!(expr("@trump"), Expr::Actor("trump".to_string()));
        assert_eq!(
            expr("@\"Donald Trump\""),
            Expr::Actor("Donald Trump".to_string())
        );
        assert_eq!(
            expr("@„Kim  Jong Un“"),
            Expr::Actor("Kim Jong Un".to_string())
        );
        assert_eq!(
            expr("@kim-jong_un.2"),
            Expr::Actor("kim-jong_un.2".to_string())
        );
    }

    #[test]
    fn an_actor_needs_a_name() {
        assert_eq!(fails("@"), (0, "an actor needs a name after @".to_string()));
        assert_eq!(
            fails("Sanktionen OR @ trump"),
            (14, "an actor needs a name after @".to_string())
        );
        assert_eq!(fails("@\"\""), (1, "empty quotes".to_string()));
    }

    #[test]
    fn an_actor_name_has_no_other_punctuation() {
        assert_eq!(
            fails("@trump,"),
            (
                6,
                "an actor name may contain only letters, digits, _, - and .".to_string()
            )
        );
    }

    #[test]
    fn a_topic_by_id_or_by_quoted_name() {
        assert_eq!(expr("#nuclear"), Expr::Topic("nuclear".to_string()));
        assert_eq!(
            expr("#\"Nordkoreas Atomprogramm\""),
            Expr::Topic("Nordkoreas Atomprogramm".to_string())
        );
        assert_eq!(fails("#"), (0, "a topic needs a name after #".to_string()));
    }

    #[test]
    fn a_regex_between_slashes() {
        assert_eq!(
            expr("/Denukleari.*/"),
            Expr::Regex("Denukleari.*".to_string())
        );
    }

    #[test]
    fn an_escaped_slash_is_part_of_the_regex() {
        assert_eq!(expr(r"/und\/oder/"), Expr::Regex("und/oder".to_string()));
        // Other escapes belong to the regex, and an escaped backslash does not hide the end.
        assert_eq!(expr(r"/\d+\\/"), Expr::Regex(r"\d+\\".to_string()));
    }

    #[test]
    fn a_slash_inside_a_word_is_text() {
        assert_eq!(expr("und/oder"), term("und/oder"));
    }

    #[test]
    fn invalid_regex_points_at_the_slash() {
        assert_eq!(
            fails("Sanktionen OR /(Denukleari/"),
            (14, "invalid regex: unclosed group".to_string())
        );
    }

    #[test]
    fn too_large_regex_is_an_error() {
        let (position, message) = fails(r"/\w{1000}\w{1000}/");
        assert_eq!(position, 0);
        assert!(message.starts_with("regex too large"), "{message}");
    }

    #[test]
    fn unclosed_regex_is_an_error() {
        assert_eq!(
            fails("Kim OR /Denukleari.*"),
            (7, "unclosed regex: add a / at its end".to_string())
        );
        assert_eq!(fails("//"), (0, "empty regex".to_string()));
    }

    #[test]
    fn or_gives_alternatives() {
        assert_eq!(
            expr("Sanktionen OR Atomprogramm"),
            Expr::Or(vec![term("Sanktionen"), term("Atomprogramm")])
        );
        assert_eq!(
            expr("Sanktionen|Atomprogramm | @trump"),
            Expr::Or(vec![
                term("Sanktionen"),
                term("Atomprogramm"),
                Expr::Actor("trump".to_string())
            ])
        );
    }

    #[test]
    fn only_uppercase_or_is_an_operator() {
        assert_eq!(
            expr("Sanktionen or Atomprogramm"),
            phrase(&["Sanktionen", "or", "Atomprogramm"])
        );
    }

    #[test]
    fn or_binds_looser_than_a_phrase() {
        assert_eq!(
            expr("Kim Jong OR Moon"),
            Expr::Or(vec![phrase(&["Kim", "Jong"]), term("Moon")])
        );
    }

    #[test]
    fn or_chains_are_flat() {
        assert_eq!(
            expr("a OR b | c OR d"),
            Expr::Or(vec![term("a"), term("b"), term("c"), term("d")])
        );
    }

    #[test]
    fn or_needs_a_query_on_both_sides() {
        let message = OR_NEEDS_BOTH_SIDES.to_string();
        assert_eq!(fails("OR Sanktionen"), (0, message.clone()));
        assert_eq!(fails("Sanktionen OR"), (11, message.clone()));
        assert_eq!(fails("Sanktionen OR | Kim"), (14, message.clone()));
        assert_eq!(fails("Sanktionen OR OR Kim"), (14, message.clone()));
        assert_eq!(fails("|"), (0, message));
    }

    #[test]
    fn flags_at_the_start() {
        assert_eq!(
            flags_of("(?c) Sanktionen"),
            Flags {
                case_sensitive: true,
                accent_insensitive: false
            }
        );
        assert_eq!(
            flags_of("  (?a)Pjongjang"),
            Flags {
                case_sensitive: false,
                accent_insensitive: true
            }
        );
        let both = Flags {
            case_sensitive: true,
            accent_insensitive: true,
        };
        assert_eq!(flags_of("(?ca) Kim"), both);
        assert_eq!(flags_of("(?ac) Kim"), both);
        assert_eq!(flags_of("(?c)(?a) Kim"), both);
        assert_eq!(flags_of("Kim"), Flags::default());
        assert_eq!(expr("(?c) Kim Jong Un"), phrase(&["Kim", "Jong", "Un"]));
    }

    #[test]
    fn an_unknown_flag_points_at_the_letter() {
        assert_eq!(
            fails("(?cx) Kim"),
            (
                3,
                "unknown flag x: c is case-sensitive, a is accent-insensitive".to_string()
            )
        );
        assert_eq!(
            fails("(?c Kim)"),
            (3, "flags end with ): write (?c), (?a) or (?ca)".to_string())
        );
        assert_eq!(
            fails("(?)"),
            (2, "no flag given: write (?c), (?a) or (?ca)".to_string())
        );
        assert_eq!(
            fails("  (?ca"),
            (2, "unclosed flags: write (?c), (?a) or (?ca)".to_string())
        );
    }

    #[test]
    fn flags_elsewhere_are_an_error() {
        assert_eq!(fails("Kim (?c)"), (4, "flags go at the start".to_string()));
        assert_eq!(fails("Kim(?c)"), (3, "flags go at the start".to_string()));
    }

    #[test]
    fn flags_alone_are_an_empty_query() {
        assert_eq!(fails("(?c) "), (5, "empty query".to_string()));
    }

    #[test]
    fn actor_topic_or_regex_cannot_be_part_of_a_phrase() {
        assert_eq!(fails("@trump sagte"), (7, NO_MIXING.to_string()));
        assert_eq!(fails("Trump sagte @moon"), (12, NO_MIXING.to_string()));
        assert_eq!(fails("#nuclear /Atom.*/"), (9, NO_MIXING.to_string()));
        assert_eq!(fails("@trump\"Kim\""), (6, NO_MIXING.to_string()));
        assert_eq!(fails("/Atom.*/programm"), (8, NO_MIXING.to_string()));
    }

    #[test]
    fn any_unicode_whitespace_separates_words() {
        assert_eq!(
            expr("Kim\u{a0}Jong\tUn\u{202f}sagte"),
            phrase(&["Kim", "Jong", "Un", "sagte"])
        );
    }

    #[test]
    fn sentence_punctuation_is_stripped_from_words() {
        assert_eq!(
            expr("(Kim Jong Un, sagte er.)"),
            phrase(&["Kim", "Jong", "Un", "sagte", "er"])
        );
        assert_eq!(expr("\"Pjöngjang!\""), term("Pjöngjang"));
        assert_eq!(expr("Atom*?"), Expr::Term(wildcard("Atom", false, true)));
    }

    #[test]
    fn punctuation_alone_is_an_error() {
        let message = "punctuation alone is not a word".to_string();
        assert_eq!(fails("Kim Jong Un , sagte"), (12, message.clone()));
        assert_eq!(fails("\"Kim ... Un\""), (5, message));
    }

    #[test]
    fn empty_query_is_an_error_at_the_start() {
        assert_eq!(fails(""), (0, "empty query".to_string()));
        assert_eq!(fails(" \u{a0}\t\n"), (0, "empty query".to_string()));
    }

    #[test]
    fn too_long_query_is_an_error_at_the_limit() {
        let long = "Sanktionen ".repeat(100_000);
        assert_eq!(
            fails(&long),
            (
                MAX_QUERY_CHARS,
                "query too long (at most 1000 characters)".to_string()
            )
        );
        let just_fits = format!("{}a", " ".repeat(MAX_QUERY_CHARS - 1));
        assert_eq!(expr(&just_fits), term("a"));
    }

    #[test]
    fn control_characters_are_just_characters() {
        assert_eq!(expr("Kim\u{0}\u{1b}"), term("Kim\u{0}\u{1b}"));
    }

    /// Strings made of the query language's own pieces, so that the generator reaches
    /// the interesting paths more often than random text would.
    fn query_like() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "Kim",
            "Jong",
            "Pjöngjang",
            "*",
            "Atom*",
            "\"",
            "„",
            "“",
            "”",
            "@",
            "#",
            "/",
            "\\",
            "\\/",
            "OR",
            "|",
            "(?",
            "(?c)",
            "c",
            "a",
            ")",
            "(",
            ",",
            ".",
            " ",
            "\u{a0}",
            "\t",
            "/[a-",
            "{1000}",
            "é",
            "\u{0}",
        ]);
        prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn parse_never_panics_on_arbitrary_text(input in "\\PC{0,2000}") {
            if let Err(e) = parse(&input) {
                prop_assert!(e.position <= input.chars().count());
            }
        }

        #[test]
        fn parse_never_panics_on_query_like_text(input in query_like()) {
            if let Err(e) = parse(&input) {
                prop_assert!(e.position <= input.chars().count());
            }
        }

        #[test]
        fn parse_never_panics_on_any_chars(input in any::<Vec<char>>()) {
            let input: String = input.into_iter().collect();
            if let Err(e) = parse(&input) {
                prop_assert!(e.position <= input.chars().count());
            }
        }
    }
}
