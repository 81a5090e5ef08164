//! Reading a lexicon file, with errors that name the file, the line and what is wrong.

use super::{Actor, ActorKind, Alias, Lexicon, Topic};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use toml::Spanned;

/// What is wrong with a lexicon file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    pub file: String,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

impl std::error::Error for LexiconError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    #[serde(default)]
    actor: Vec<RawActor>,
    #[serde(default)]
    topic: Vec<RawTopic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    id: Spanned<String>,
    name: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<RawAlias>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawAlias {
    Text(String),
    Table {
        text: String,
        #[serde(default)]
        case: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: Spanned<String>,
    name: Spanned<String>,
    terms: Vec<Spanned<String>>,
}

/// Parses lexicon TOML; `file` names the source in errors.
pub(super) fn parse(source: &str, file: &str) -> Result<Lexicon, LexiconError> {
    let at = |offset: usize, message: String| LexiconError {
        file: file.to_string(),
        line: line_of(source, offset),
        message: crate::text::sanitize::sanitize_line(&message).into_owned(),
    };
    let raw: RawLexicon = toml::from_str(source).map_err(|e| {
        let offset = e.span().map(|s| s.start).unwrap_or(0);
        let message = e.message().trim().to_string();
        let mut err = at(offset, message);
        if e.span().is_none() {
            err.line = 0;
        }
        err
    })?;

    let mut lexicon = Lexicon::default();
    let mut actor_ids: HashMap<String, usize> = HashMap::new();
    let mut alias_owner: HashMap<String, String> = HashMap::new();
    for raw_actor in raw.actor {
        let id = check_id(&raw_actor.id, &at)?;
        if actor_ids.insert(id.clone(), 0).is_some() {
            return Err(at(
                raw_actor.id.span().start,
                format!("duplicate actor id \"{id}\""),
            ));
        }
        let kind = ActorKind::parse(raw_actor.kind.get_ref()).ok_or_else(|| {
            at(
                raw_actor.kind.span().start,
                format!(
                    "unknown kind \"{}\" (use person, state, capital or organisation)",
                    raw_actor.kind.get_ref()
                ),
            )
        })?;
        let name = raw_actor.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(at(raw_actor.name.span().start, "empty name".into()));
        }
        let mut aliases = vec![(raw_actor.name.span().start, name.clone(), None)];
        for raw_alias in &raw_actor.aliases {
            let (text, case) = match raw_alias.get_ref() {
                RawAlias::Text(t) => (t.clone(), None),
                RawAlias::Table { text, case } => (text.clone(), case.clone()),
            };
            aliases.push((raw_alias.span().start, text, case));
        }
        // A set, not a list: an actor may have 100,000 aliases, and a list made that quadratic.
        let mut seen = std::collections::HashSet::new();
        let mut actor_aliases = Vec::new();
        for (offset, text, case) in aliases {
            let text = text.trim().to_string();
            if text.is_empty() {
                return Err(at(offset, format!("empty alias in actor \"{id}\"")));
            }
            let exact_case = match case.as_deref() {
                None => is_acronym(&text),
                Some("exact") => true,
                Some("any") => false,
                Some(other) => {
                    return Err(at(
                        offset,
                        format!("unknown case \"{other}\" (use \"exact\" or \"any\")"),
                    ));
                }
            };
            let key = crate::text::fold(&text);
            if !seen.insert(key.clone()) {
                continue; // the name repeated as an alias: harmless
            }
            if let Some(owner) = alias_owner.get(&key) {
                return Err(at(
                    offset,
                    format!("alias \"{text}\" of \"{id}\" is already an alias of \"{owner}\""),
                ));
            }
            alias_owner.insert(key.clone(), id.clone());
            actor_aliases.push(Alias { text, exact_case });
        }
        lexicon.actors.push(Actor {
            id,
            name,
            kind,
            aliases: actor_aliases,
        });
    }

    let mut topic_ids: Vec<String> = Vec::new();
    for raw_topic in raw.topic {
        let id = check_id(&raw_topic.id, &at)?;
        if topic_ids.contains(&id) {
            return Err(at(
                raw_topic.id.span().start,
                format!("duplicate topic id \"{id}\""),
            ));
        }
        topic_ids.push(id.clone());
        let mut terms = Vec::new();
        for term in &raw_topic.terms {
            let t = term.get_ref().trim();
            let core = t.trim_matches('*');
            if core.is_empty() {
                return Err(at(
                    term.span().start,
                    format!("empty term in topic \"{id}\""),
                ));
            }
            if core.contains('*') {
                return Err(at(
                    term.span().start,
                    format!("term \"{t}\": `*` is allowed only at the start or end"),
                ));
            }
            terms.push(t.to_string());
        }
        lexicon.topics.push(Topic {
            id,
            name: raw_topic.name.get_ref().trim().to_string(),
            terms,
        });
    }
    Ok(lexicon)
}

fn check_id(
    id: &Spanned<String>,
    at: &dyn Fn(usize, String) -> LexiconError,
) -> Result<String, LexiconError> {
    let text = id.get_ref().trim();
    if text.is_empty() {
        return Err(at(id.span().start, "empty id".into()));
    }
    if text
        .chars()
        .any(|c| c.is_whitespace() || c == '"' || c == '@' || c == '#')
    {
        return Err(at(
            id.span().start,
            format!("id \"{text}\" may not contain spaces, quotes, @ or #"),
        ));
    }
    Ok(text.to_string())
}

/// Acronyms (`US`, `UN`, `NATO`) mean something else in lowercase, so they match exactly.
fn is_acronym(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

fn line_of(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    source.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[actor]]
id = "trump"
name = "Donald Trump"
kind = "person"
aliases = ["Trump"]

[[actor]]
id = "usa"
name = "USA"
kind = "state"
aliases = ["US", "Vereinigte Staaten", { text = "Amerika", case = "exact" }, { text = "UN-Like", case = "any" }]

[[topic]]
id = "sanctions"
name = "Sanktionen"
terms = ["*sanktion*"]
"#;

    fn err(source: &str) -> LexiconError {
        parse(source, "lex.toml").expect_err("should fail")
    }

    #[test]
    fn a_good_lexicon_parses_with_the_name_as_first_alias() {
        let lex = parse(GOOD, "lex.toml").expect("parses");
        assert_eq!(lex.actors.len(), 2);
        assert_eq!(lex.actors[0].aliases[0].text, "Donald Trump");
        assert_eq!(lex.actors[0].kind, ActorKind::Person);
        assert_eq!(lex.topics[0].terms, ["*sanktion*"]);
    }

    #[test]
    fn acronyms_match_case_exactly_unless_told_otherwise() {
        let lex = parse(GOOD, "lex.toml").expect("parses");
        let usa = &lex.actors[1];
        let case = |t: &str| {
            usa.aliases
                .iter()
                .find(|a| a.text == t)
                .map(|a| a.exact_case)
        };
        assert_eq!(case("USA"), Some(true));
        assert_eq!(case("US"), Some(true));
        assert_eq!(case("Vereinigte Staaten"), Some(false));
        assert_eq!(case("Amerika"), Some(true));
        assert_eq!(case("UN-Like"), Some(false));
    }

    #[test]
    fn bad_toml_names_file_and_line() {
        let e = err("[[actor]]\nid = \"x\nname = \"y\"\n");
        assert_eq!(e.file, "lex.toml");
        assert_eq!(e.line, 2);
    }

    #[test]
    fn unknown_kind_is_reported_at_its_line() {
        let e = err("[[actor]]\nid = \"x\"\nname = \"X\"\nkind = \"planet\"\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("unknown kind \"planet\""), "{e}");
    }

    #[test]
    fn duplicate_id_is_an_error() {
        let e = err(
            "[[actor]]\nid = \"x\"\nname = \"X\"\nkind = \"state\"\n[[actor]]\nid = \"x\"\nname = \"Y\"\nkind = \"state\"\n",
        );
        assert_eq!(e.line, 6);
        assert!(e.message.contains("duplicate actor id"), "{e}");
    }

    #[test]
    fn empty_or_blank_alias_is_an_error() {
        let e = err("[[actor]]\nid = \"x\"\nname = \"X\"\nkind = \"state\"\naliases = [\"   \"]\n");
        assert_eq!(e.line, 5);
        assert!(e.message.contains("empty alias"), "{e}");
    }

    #[test]
    fn alias_shared_by_two_actors_is_an_error() {
        let e = err(
            "[[actor]]\nid = \"a\"\nname = \"A\"\nkind = \"state\"\naliases = [\"Kim\"]\n[[actor]]\nid = \"b\"\nname = \"B\"\nkind = \"person\"\naliases = [\"kim\"]\n",
        );
        assert_eq!(e.line, 10);
        assert!(e.message.contains("already an alias of \"a\""), "{e}");
    }

    #[test]
    fn unknown_field_is_an_error() {
        let e = err("[[actor]]\nid = \"a\"\nname = \"A\"\nkind = \"state\"\ncolour = \"red\"\n");
        assert!(e.message.contains("colour"), "{e}");
    }

    #[test]
    fn wildcard_inside_a_term_is_an_error() {
        let e = err("[[topic]]\nid = \"t\"\nname = \"T\"\nterms = [\"At*om\"]\n");
        assert_eq!(e.line, 4);
    }

    #[test]
    fn the_builtin_lexicon_parses() {
        let lex = parse(super::super::BUILTIN_SOURCE, "fixtures/lexicon.toml").expect("parses");
        assert!(lex.actors.len() >= 10);
    }
}
