//! The word tokens of an article, packed into 4.5 bytes a token: a 100 MB corpus has ten
//! million of them, and at 8 bytes (two offsets) they were a quarter of lupe's memory.
//!
//! Each token is stored as the gap from the end of the token before it and its length, two
//! 16-bit numbers, because words are short and close together. Every [`BLOCK`] tokens the
//! absolute start is kept, so finding token `i` decodes at most `BLOCK` entries. The rare
//! token that does not fit (a gap or a length past 16 bits: a line of 10 MB with no space,
//! say) is kept whole in a side table. Punctuation is not kept; it only matters while the
//! index is built (for sentences and names) and for `lupe tokens`, which cuts the text again.

use crate::text::{Token, TokenKind};

/// Tokens between two stored absolute offsets: 8 rather than 16 costs half a byte a token
/// and makes a random `get` (one per hit when every hit of a query is built) a third faster.
const BLOCK: usize = 8;
/// The top bit of an entry's length half marks a number.
const NUMBER: u32 = 1 << 31;
/// Gap half of an entry whose token is in the side table.
const ESCAPE: u32 = 0xffff;
const MAX_LEN: u32 = 0x7fff;

/// The entry of token `t` after a token ending at `prev_end`, and whether it fits one; if
/// not, the entry is [`ESCAPE`] and the token goes to the side table.
#[inline(always)]
fn encode(t: &Token, prev_end: u32) -> (u32, bool) {
    let flag = if t.kind == TokenKind::Number {
        NUMBER
    } else {
        0
    };
    let gap = t.start.wrapping_sub(prev_end);
    let len = t.end.wrapping_sub(t.start);
    let fits = t.start >= prev_end && t.end >= t.start && gap < ESCAPE && len <= MAX_LEN;
    (if fits { gap | (len << 16) } else { ESCAPE } | flag, fits)
}

/// The offsets of a token kept in its entry `e` (not [`ESCAPE`]d) after a token ending at
/// `prev_end`.
#[inline(always)]
fn in_entry(e: u32, prev_end: u32) -> (u32, u32) {
    let start = prev_end.wrapping_add(e & 0xffff);
    (start, start.wrapping_add((e >> 16) & MAX_LEN))
}

/// Word and number tokens in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    /// Per token: gap in the low 16 bits, length in bits 16..31, the number flag in bit 31.
    entries: Vec<u32>,
    /// The end of the token before each block (0 for the first block): where its first
    /// token's gap counts from.
    block_base: Vec<u32>,
    /// `(token, start, end)` of the tokens that do not fit an entry, by token.
    wide: Vec<(u32, u32, u32)>,
}

impl Tokens {
    /// Keeps the words and numbers of `tokens`.
    pub fn from_tokens(tokens: &[Token]) -> Tokens {
        let n = tokens.iter().filter(|t| t.is_word()).count();
        // Every token is encoded and written where the next word goes, and counted only if
        // it is a word: punctuation, a third of the tokens in no order a processor can
        // guess, then costs no branch, and its entry is written over by the word after it.
        // Hence one entry more than the words, and one block base more, for what the last
        // punctuation leaves.
        let mut entries = vec![0u32; n + 1];
        let blocks = n.div_ceil(BLOCK);
        let mut block_base = vec![0u32; blocks + 1];
        let mut wide = Vec::new();
        let (mut len, mut prev_end) = (0usize, 0u32);
        for t in tokens {
            let word = t.is_word();
            // The base of a block is the end of the word before its first: written at the
            // block's place while `len` is at its start, else at the spare place.
            let base_at = if len.is_multiple_of(BLOCK) {
                len / BLOCK
            } else {
                blocks
            };
            block_base[base_at] = prev_end;
            let (entry, fits) = encode(t, prev_end);
            entries[len] = entry;
            if !fits && word {
                wide.push((len as u32, t.start, t.end));
            }
            prev_end = if word { t.end } else { prev_end };
            len += usize::from(word);
        }
        entries.truncate(n);
        block_base.truncate(blocks);
        Tokens {
            entries,
            block_base,
            wide,
        }
    }

    /// Room for exactly `n` tokens: ten million small arrays that grew by doubling would
    /// waste a third of their memory.
    fn with_capacity(n: usize) -> Tokens {
        Tokens {
            entries: Vec::with_capacity(n),
            block_base: Vec::with_capacity(n.div_ceil(BLOCK)),
            wide: Vec::new(),
        }
    }

    #[inline]
    fn push(&mut self, t: Token, prev_end: &mut u32) {
        let i = self.entries.len();
        if i.is_multiple_of(BLOCK) {
            self.block_base.push(*prev_end);
        }
        let (entry, fits) = encode(&t, *prev_end);
        if !fits {
            self.wide.push((i as u32, t.start, t.end));
        }
        self.entries.push(entry);
        *prev_end = t.end;
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The tokens as pairs of offsets (start in the low half, end in the high half, the top
    /// bit for a number): the cache file's form.
    pub(crate) fn packed(&self) -> Vec<u64> {
        self.iter()
            .map(|t| {
                let flag = if t.kind == TokenKind::Number {
                    1 << 63
                } else {
                    0
                };
                t.start as u64 | ((t.end as u64 & 0x7fff_ffff) << 32) | flag
            })
            .collect()
    }

    /// From [`Tokens::packed`]'s form; the caller checks the offsets against the text.
    pub(crate) fn from_packed(packed: impl ExactSizeIterator<Item = u64>) -> Tokens {
        let mut out = Tokens::with_capacity(packed.len());
        let mut prev_end = 0;
        for p in packed {
            let kind = if p >> 63 != 0 {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            let t = Token {
                start: p as u32,
                end: ((p >> 32) & 0x7fff_ffff) as u32,
                kind,
            };
            out.push(t, &mut prev_end);
        }
        out
    }

    /// The `i`-th word token.
    pub fn get(&self, i: usize) -> Option<Token> {
        if i >= self.entries.len() {
            return None;
        }
        let first = i - i % BLOCK;
        let mut end = self.block_base[first / BLOCK];
        let mut token = None;
        for j in first..=i {
            let t = self.decode(j, end);
            end = t.end;
            token = Some(t);
        }
        token
    }

    /// Entry `j`, whose token before it ends at `prev_end`.
    fn decode(&self, j: usize, prev_end: u32) -> Token {
        let e = self.entries[j];
        let kind = if e & NUMBER != 0 {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        let gap = e & 0xffff;
        if gap == ESCAPE {
            let k = self.wide.partition_point(|w| (w.0 as usize) < j);
            // `push` put every escaped entry in the table; an empty token is the safe answer
            // if a damaged cache file somehow broke that.
            let (start, end) = self
                .wide
                .get(k)
                .filter(|w| w.0 as usize == j)
                .map_or((prev_end, prev_end), |w| (w.1, w.2));
            return Token { start, end, kind };
        }
        let (start, end) = in_entry(e, prev_end);
        Token { start, end, kind }
    }

    /// Whether `check(start, end)` holds for every token, in text order: what
    /// [`Tokens::iter`] gives, walked straight through with no block bases and no search
    /// for wide tokens. Reading an article from the cache checks each offset of its ten
    /// million tokens (a corpus that is one file of 99 MB) twice, against the text's
    /// length and against its characters.
    pub(crate) fn all(&self, mut check: impl FnMut(u32, u32) -> bool) -> bool {
        let mut prev_end = 0u32;
        let mut wide = self.wide.iter().peekable();
        for (j, &e) in self.entries.iter().enumerate() {
            let gap = e & 0xffff;
            let (start, end) = if gap == ESCAPE {
                // As `decode` does: the side table's entry for this token, if it has one.
                while wide.next_if(|w| (w.0 as usize) < j).is_some() {}
                match wide.next_if(|w| w.0 as usize == j) {
                    Some(w) => (w.1, w.2),
                    None => (prev_end, prev_end),
                }
            } else {
                in_entry(e, prev_end)
            };
            if !check(start, end) {
                return false;
            }
            prev_end = end;
        }
        true
    }

    /// The word tokens in text order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Token> + ExactSizeIterator + '_ {
        Iter {
            tokens: self,
            front: 0,
            front_end: 0,
            back: self.entries.len(),
        }
    }

    /// The number of tokens for which `pred` holds, when it holds for a prefix of them.
    pub fn partition_point(&self, pred: impl Fn(Token) -> bool) -> usize {
        // First the block (by its first token), then the token inside it.
        let blocks = self.block_base.len();
        let (mut lo, mut hi) = (0, blocks);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid * BLOCK) {
                Some(t) if pred(t) => lo = mid + 1,
                _ => hi = mid,
            }
        }
        if lo == 0 {
            return 0;
        }
        let first = (lo - 1) * BLOCK;
        let mut end = self.block_base[lo - 1];
        let last = (first + BLOCK).min(self.entries.len());
        for j in first..last {
            let t = self.decode(j, end);
            if !pred(t) {
                return j;
            }
            end = t.end;
        }
        last
    }
}

/// Decodes forwards in one pass; from the back each token is found through its block.
struct Iter<'t> {
    tokens: &'t Tokens,
    front: usize,
    front_end: u32,
    back: usize,
}

impl Iterator for Iter<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        if self.front >= self.back {
            return None;
        }
        let j = self.front;
        let prev_end = if j.is_multiple_of(BLOCK) {
            self.tokens.block_base[j / BLOCK]
        } else {
            self.front_end
        };
        let t = self.tokens.decode(j, prev_end);
        self.front += 1;
        self.front_end = t.end;
        Some(t)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }

    /// Jumps through its block, so `skip` costs what `get` does, not one step per token:
    /// KWIC sort keys skip to the word after a hit in articles of thousands of tokens.
    fn nth(&mut self, n: usize) -> Option<Token> {
        if n >= self.back - self.front {
            self.front = self.back;
            return None;
        }
        let j = self.front + n;
        let t = self.tokens.get(j)?;
        self.front = j + 1;
        self.front_end = t.end;
        Some(t)
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Token> {
        self.nth_back(0)
    }

    /// As [`Iterator::nth`], from the back (`take(k).rev()` starts here).
    fn nth_back(&mut self, n: usize) -> Option<Token> {
        if n >= self.back - self.front {
            self.back = self.front;
            return None;
        }
        self.back -= n + 1;
        self.tokens.get(self.back)
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;
    use proptest::prelude::*;

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

    #[test]
    fn a_token_too_long_or_too_far_for_an_entry_is_kept_whole() {
        let long_word = "x".repeat(70_000);
        let text = format!("a {long_word} b{}c 7", " ".repeat(70_000));
        let plain = tokenize(&text, &|_| false);
        let tokens = Tokens::from_tokens(&plain);
        let words: Vec<Token> = plain.into_iter().filter(|t| t.is_word()).collect();
        assert_eq!(tokens.iter().collect::<Vec<_>>(), words);
        assert_eq!(
            tokens.wide.len(),
            2,
            "the long word and the word after the gap"
        );
        for (i, t) in words.iter().enumerate() {
            assert_eq!(tokens.get(i), Some(*t));
        }
        assert_eq!(tokens.get(words.len()), None);
    }

    fn arbitrary_tokens() -> impl Strategy<Value = Vec<Token>> {
        // Gaps and lengths from tiny to past 16 bits, words and numbers.
        let step = (
            prop_oneof![0u32..4, 0u32..70_000],
            prop_oneof![1u32..20, 0u32..40_000],
            any::<bool>(),
        );
        prop::collection::vec(step, 0..80).prop_map(|steps| {
            let mut at = 0u32;
            steps
                .into_iter()
                .map(|(gap, len, number)| {
                    let start = at + gap;
                    at = start + len;
                    Token {
                        start,
                        end: at,
                        kind: if number {
                            TokenKind::Number
                        } else {
                            TokenKind::Word
                        },
                    }
                })
                .collect()
        })
    }

    /// [`arbitrary_tokens`] with punctuation anywhere between them, and the words alone.
    fn tokens_and_punctuation() -> impl Strategy<Value = (Vec<Token>, Vec<Token>)> {
        (
            arbitrary_tokens(),
            prop::collection::vec(any::<bool>(), 0..120),
        )
            .prop_map(|(words, punct)| {
                let mut all = Vec::new();
                let mut at = 0;
                for (i, w) in words.iter().enumerate() {
                    // Punctuation glued to the start of a word, which may be too far from
                    // the word before for an entry, or glued to its end.
                    if punct.get(2 * i).is_some_and(|&p| p) && w.start > at {
                        all.push(Token {
                            start: w.start - 1,
                            end: w.start,
                            kind: TokenKind::Punct,
                        });
                    }
                    all.push(*w);
                    at = w.end;
                    if punct.get(2 * i + 1).is_some_and(|&p| p) {
                        all.push(Token {
                            start: at,
                            end: at,
                            kind: TokenKind::Punct,
                        });
                    }
                }
                (all, words)
            })
    }

    proptest! {
        /// Kept from tokens with punctuation, the words are stored exactly as one by one.
        #[test]
        fn punctuation_anywhere_is_left_out((all, words) in tokens_and_punctuation()) {
            let mut one_by_one = Tokens::with_capacity(words.len());
            let mut prev_end = 0;
            for w in &words {
                one_by_one.push(*w, &mut prev_end);
            }
            let kept = Tokens::from_tokens(&all);
            prop_assert_eq!(&kept.iter().collect::<Vec<_>>(), &words);
            prop_assert_eq!(kept, one_by_one);
        }

        #[test]
        fn every_token_reads_back_as_it_was_stored(words in arbitrary_tokens()) {
            let tokens = Tokens::from_tokens(&words);
            prop_assert_eq!(tokens.len(), words.len());
            prop_assert_eq!(&tokens.iter().collect::<Vec<_>>(), &words);
            prop_assert_eq!(&tokens.iter().rev().collect::<Vec<_>>(),
                &words.iter().rev().copied().collect::<Vec<_>>());
            for (i, t) in words.iter().enumerate() {
                prop_assert_eq!(tokens.get(i), Some(*t));
            }
            for k in [0, 1, 7, 16, 17, 40] {
                prop_assert_eq!(tokens.iter().skip(k).collect::<Vec<_>>(),
                    words.iter().skip(k).copied().collect::<Vec<_>>());
                prop_assert_eq!(tokens.iter().take(k).rev().collect::<Vec<_>>(),
                    words.iter().take(k).rev().copied().collect::<Vec<_>>());
                let mut it = tokens.iter();
                prop_assert_eq!(it.nth(k), words.get(k).copied());
                prop_assert_eq!(it.next(), words.get(k + 1).copied());
                prop_assert_eq!(it.nth_back(k), words.len().checked_sub(k + 1)
                    .filter(|&i| i > k + 1).map(|i| words[i]));
            }
            prop_assert_eq!(Tokens::from_packed(tokens.packed().into_iter()), tokens.clone());
            // `all` walks the offsets `iter` gives, and stops at the first that fails.
            let mut walked = Vec::new();
            let whole = tokens.all(|s, e| {
                walked.push((s, e));
                true
            });
            prop_assert!(whole);
            let offsets: Vec<(u32, u32)> = words.iter().map(|t| (t.start, t.end)).collect();
            prop_assert_eq!(&walked, &offsets);
            if let Some(&(s, e)) = offsets.last() {
                let mut seen = 0;
                let stopped = !tokens.all(|a, b| {
                    seen += 1;
                    (a, b) != (s, e)
                });
                prop_assert!(stopped);
                prop_assert_eq!(seen, offsets.iter().position(|o| *o == (s, e)).unwrap() + 1);
            }
            for probe in words.iter().flat_map(|t| [t.start, t.end, t.end + 1]) {
                let want = words.partition_point(|t| t.end <= probe);
                prop_assert_eq!(tokens.partition_point(|t| t.end <= probe), want);
            }
        }
    }
}
