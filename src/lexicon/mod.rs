//! The lexicon: who the actors are, what the keyword topics are, and how they are written.
//!
//! A lexicon is a TOML file (see `fixtures/lexicon.toml`, compiled in as the default). This
//! module owns its types and its loading; [`matcher`] finds actors and keywords in tokens.

pub mod matcher;
mod parse;
pub mod words;

pub use matcher::Matcher;
pub use parse::LexiconError;

use std::path::Path;

/// What kind of actor a name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKind {
    Person,
    State,
    Capital,
    Organisation,
}

impl ActorKind {
    /// The word used in lexicon files and in output.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::State => "state",
            ActorKind::Capital => "capital",
            ActorKind::Organisation => "organisation",
        }
    }

    /// Parses the lexicon word for a kind.
    pub fn parse(s: &str) -> Option<ActorKind> {
        match s {
            "person" => Some(ActorKind::Person),
            "state" => Some(ActorKind::State),
            "capital" => Some(ActorKind::Capital),
            "organisation" | "organization" => Some(ActorKind::Organisation),
            _ => None,
        }
    }
}

/// One way of writing an actor's name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Alias {
    pub text: String,
    /// Match only with exactly this case (`US` is not `us`).
    pub exact_case: bool,
}

/// A person, state, capital or organisation that the corpus names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    /// Every way the actor is written, the display name included.
    pub aliases: Vec<Alias>,
}

/// A keyword topic: a named set of terms, `*` allowed at their ends.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Topic {
    pub id: String,
    pub name: String,
    pub terms: Vec<String>,
}

/// All actors and topics.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Lexicon {
    pub actors: Vec<Actor>,
    pub topics: Vec<Topic>,
}

/// The default lexicon's source, compiled in.
pub const BUILTIN_SOURCE: &str = include_str!("../../fixtures/lexicon.toml");

impl Lexicon {
    /// The default lexicon, `fixtures/lexicon.toml`, compiled into the binary.
    pub fn builtin() -> Lexicon {
        // The built-in file is checked by a test, so a failure here is a build defect.
        parse::parse(BUILTIN_SOURCE, "fixtures/lexicon.toml")
            .unwrap_or_else(|e| panic!("the built-in lexicon is invalid: {e}"))
    }

    /// Parses a lexicon from TOML text; `file` names it in errors.
    pub fn parse(source: &str, file: &str) -> Result<Lexicon, LexiconError> {
        parse::parse(source, file)
    }

    /// Reads and parses a lexicon file.
    pub fn load(path: &Path) -> Result<Lexicon, LexiconError> {
        let file = crate::text::sanitize::sanitize_line(&path.to_string_lossy()).into_owned();
        let source = std::fs::read(path).map_err(|e| LexiconError {
            file: file.clone(),
            line: 0,
            message: format!("cannot read the file: {e}"),
        })?;
        let source = String::from_utf8(source).map_err(|e| LexiconError {
            file: file.clone(),
            line: 0,
            message: format!("not UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
        })?;
        parse::parse(&source, &file)
    }

    /// The actor with this id, or else this display name or alias (case-insensitive).
    pub fn find_actor(&self, name: &str) -> Option<usize> {
        let folded = crate::text::fold(name.trim());
        let by = |f: &dyn Fn(&Actor) -> bool| self.actors.iter().position(f);
        by(&|a| crate::text::fold(&a.id) == folded)
            .or_else(|| by(&|a| crate::text::fold(&a.name) == folded))
            .or_else(|| {
                by(&|a| {
                    a.aliases
                        .iter()
                        .any(|al| crate::text::fold(&al.text) == folded)
                })
            })
    }

    /// The topic with this id or name (case-insensitive).
    pub fn find_topic(&self, name: &str) -> Option<usize> {
        let folded = crate::text::fold(name.trim());
        self.topics.iter().position(|t| {
            crate::text::fold(&t.id) == folded || crate::text::fold(&t.name) == folded
        })
    }
}
