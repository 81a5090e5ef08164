//! The word tokens of an article, packed: 8 bytes a token, as a 100 MB corpus has ten
//! million of them. Punctuation is not kept; it only matters while the index is built (for
//! sentences and names) and for `lupe tokens`, which cuts the text again.

use crate::text::{Token, TokenKind};

/// Word and number tokens in text order. Offsets are below 2^31 (an article of at most
/// 2 GiB); the top bit of the end marks a number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    packed: Vec<u64>,
}

const NUMBER: u64 = 1 << 63;

impl Tokens {
    /// Keeps the words and numbers of `tokens`.
    pub fn from_tokens(tokens: &[Token]) -> Tokens {
        let mut packed = Vec::with_capacity(tokens.iter().filter(|t| t.is_word()).count());
        for t in tokens.iter().filter(|t| t.is_word()) {
            let flag = if t.kind == TokenKind::Number {
                NUMBER
            } else {
                0
            };
            packed.push(t.start as u64 | ((t.end as u64 & 0x7fff_ffff) << 32) | flag);
        }
        Tokens { packed }
    }

    pub fn len(&self) -> usize {
        self.packed.len()
    }

    /// The packed form, for the cache file.
    pub(crate) fn packed(&self) -> &[u64] {
        &self.packed
    }

    /// From the packed form; the caller checks the offsets against the text.
    pub(crate) fn from_packed(packed: Vec<u64>) -> Tokens {
        Tokens { packed }
    }

    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// The `i`-th word token.
    pub fn get(&self, i: usize) -> Option<Token> {
        self.packed.get(i).map(|&p| unpack(p))
    }

    /// The word tokens in text order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Token> + ExactSizeIterator + '_ {
        self.packed.iter().map(|&p| unpack(p))
    }

    /// The number of tokens for which `pred` holds, when it holds for a prefix of them.
    pub fn partition_point(&self, pred: impl Fn(Token) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid) {
                Some(t) if pred(t) => lo = mid + 1,
                _ => hi = mid,
            }
        }
        lo
    }
}

fn unpack(p: u64) -> Token {
    Token {
        start: p as u32,
        end: ((p >> 32) & 0x7fff_ffff) as u32,
        kind: if p & NUMBER != 0 {
            TokenKind::Number
        } else {
            TokenKind::Word
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    #[test]
    fn keeps_words_and_numbers_in_order_and_drops_punctuation() {
        let text = "Trump, 2019: „Kim-Regime“.";
        let tokens = Tokens::from_tokens(&tokenize(text, &|_| false));
        let words: Vec<(&str, TokenKind)> = tokens.iter().map(|t| (t.text(text), t.kind)).collect();
        assert_eq!(
            words,
            [
                ("Trump", TokenKind::Word),
                ("2019", TokenKind::Number),
                ("Kim-Regime", TokenKind::Word)
            ]
        );
        assert_eq!(tokens.partition_point(|t| t.end <= 6), 1);
    }
}
