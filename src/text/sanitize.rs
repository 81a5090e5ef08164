//! Terminal-safe text: no byte of a corpus, a lexicon or a query reaches a terminal raw.
use std::borrow::Cow;

/// Temporary: replaced by the full sanitiser.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    Cow::Owned(
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
    )
}
