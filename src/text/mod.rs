//! Text as lupe reads it: tokens, sentences, folded forms, and what is safe to show.

pub mod fold;
pub mod sanitize;
pub mod scan;
pub mod sentence;
pub mod title;
pub mod token;

pub use fold::{fold, strip_accents};
pub use sentence::sentences;
pub use token::{Token, TokenKind, parts, tokenize};
