//! The one query language of lupe, shared by the CLI, the search box, KWIC and counts.
//!
//! | form | meaning |
//! |---|---|
//! | `Sanktionen` | a word (whole token or part of a hyphenated compound) |
//! | `Atom*`, `*abkommen`, `*sanktion*` | a word with wildcards at its ends |
//! | `"Kim Jong Un"`, `Kim Jong Un` | a phrase: words in a row |
//! | `@trump`, `@"Donald Trump"` | the mentions of an actor (by id or name) |
//! | `#nuclear` | the hits of a keyword topic |
//! | `/Denukleari.*/` | a regular expression matched against whole tokens |
//! | `a OR b`, `a \| b` | either |
//! | `(?c)` / `(?a)` / `(?ca)` at the start | case-sensitive / accent-insensitive |

mod eval;
mod first;
mod lexer;
mod parse;
mod regex_prefix;

pub use eval::{Hit, count, evaluate, evaluate_unless};
pub use first::{Page, Preview, builds_every_hit, first, preview};
pub use parse::parse;

use std::fmt;

/// One word of a query: as typed, or with `*` wildcards at its ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// A word as typed, e.g. `Sanktionen`.
    Word(String),
    /// A word with a leading and/or trailing `*`, e.g. `Atom*`; `text` is without the stars.
    Wildcard {
        text: String,
        leading: bool,
        trailing: bool,
    },
}

/// A parsed query expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A single word or wildcard.
    Term(Pattern),
    /// Two or more words in a row.
    Phrase(Vec<Pattern>),
    /// An actor's mentions, by id or display name as typed (without the `@`).
    Actor(String),
    /// A keyword topic's hits, by id or name as typed (without the `#`).
    Topic(String),
    /// A regular expression over whole tokens (without the slashes).
    Regex(String),
    /// Any of these.
    Or(Vec<Expr>),
}

/// Options that apply to the whole query.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    /// `(?c)`: match case exactly.
    pub case_sensitive: bool,
    /// `(?a)`: `o` matches `ö`.
    pub accent_insensitive: bool,
}

/// A query ready to be answered by the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The text the user typed.
    pub source: String,
    pub expr: Expr,
    pub flags: Flags,
}

/// Why a query could not be understood, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// Column (in characters, from 0) where the problem is.
    pub position: usize,
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at column {})", self.message, self.position + 1)
    }
}

impl std::error::Error for QueryError {}

/// The most characters a query may have; longer input is an error, not a slow search.
pub const MAX_QUERY_CHARS: usize = 1000;
/// The size limit for a compiled regular expression, in bytes.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
