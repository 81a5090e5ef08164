//! lupe: a corpus browser for close reading of political news.
//!
//! This library is everything lupe knows about text; it knows nothing of terminals or of
//! command lines. The layers, in the order data flows through them:
//!
//! - [`corpus`] reads files (or the built-in articles) into normalised text.
//! - [`text`] cuts text into tokens and sentences, folds case and makes text terminal-safe.
//! - [`lexicon`] knows the actors and keyword topics and finds their mentions in tokens.
//! - [`index`] holds all of that once, in memory, as byte ranges into the text.
//! - [`query`] parses the one query language and answers it from the index.
//! - [`kwic`] and [`counts`] turn answers into concordance lines and tallies.
//!
//! The command line (`src/cli`) and the terminal browser (`src/tui`) are thin faces over it.

pub mod corpus;
pub mod counts;
pub mod index;
pub mod kwic;
pub mod lexicon;
pub mod query;
pub mod text;

pub use corpus::{Article, Corpus, LoadWarning};
pub use index::Index;
pub use lexicon::{Actor, ActorKind, Lexicon, Topic};
pub use query::{Query, QueryError};
