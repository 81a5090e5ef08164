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

/// Whether the gap between two tokens holds a line break. Gaps are nearly always a byte or
/// two, and this is asked of every one: a plain loop, where a call to `memchr` would cost
/// more than it saves; long gaps still get `memchr`.
#[inline]
#[allow(clippy::manual_contains)] // `contains` is the call to `memchr` this avoids
pub(crate) fn gap_breaks_line(gap: &[u8]) -> bool {
    if gap.len() <= 16 {
        gap.iter().any(|&b| b == b'\n')
    } else {
        gap.contains(&b'\n')
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_gap_breaks_a_line_wherever_its_line_break_stands() {
        use super::gap_breaks_line;
        assert!(!gap_breaks_line(b""));
        assert!(!gap_breaks_line(b" "));
        assert!(gap_breaks_line(b"\n"));
        for len in [2, 15, 16, 17, 40] {
            for at in 0..len {
                let mut gap = vec![b' '; len];
                assert!(!gap_breaks_line(&gap), "{len}");
                gap[at] = b'\n';
                assert!(gap_breaks_line(&gap), "{len} {at}");
            }
        }
    }
}
