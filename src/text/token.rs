//! Where text becomes tokens.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word, possibly a hyphenated compound whose parts can match on their own.
    Word,
    /// A number, kept whole: `2.0`, `28 500`, `50%`, `27.`.
    Number,
    /// Punctuation: quotes, dashes, sentence marks.
    Punct,
}

/// A token: a byte range into the article text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
}

/// Cuts `text` into tokens. `is_name` says whether a form is a known name that must not be
/// split where a lowercase letter meets an uppercase one (`DePetris`).
pub fn tokenize(_text: &str, _is_name: &dyn Fn(&str) -> bool) -> Vec<Token> {
    todo!()
}
