//! Bytes to normalised text.
use std::fmt;

/// The text of one file as lupe reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The normalised text, or `None` when the file was skipped (binary).
    pub text: Option<String>,
    /// What was wrong with the bytes, if anything.
    pub issue: Option<DecodeIssue>,
}

/// A problem found while decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeIssue {
    /// Invalid UTF-8, replaced; the byte offset of the first bad byte.
    InvalidUtf8 { first_bad_byte: usize },
    /// A NUL byte: the file is binary and skipped.
    Binary,
}

impl fmt::Display for DecodeIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeIssue::InvalidUtf8 { first_bad_byte } => write!(
                f,
                "invalid UTF-8 at byte {first_bad_byte}, replaced with U+FFFD"
            ),
            DecodeIssue::Binary => write!(f, "binary file (contains NUL bytes), skipped"),
        }
    }
}

/// Decodes and normalises the bytes of one file.
pub fn decode(bytes: &[u8]) -> Decoded {
    Decoded {
        text: Some(String::from_utf8_lossy(bytes).into_owned()),
        issue: None,
    }
}
