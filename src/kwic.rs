//! Keyword-in-context lines.
