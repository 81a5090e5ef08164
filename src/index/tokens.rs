//! The word tokens of an article, packed into 4.5 bytes a token: a 100 MB corpus has ten
//! million of them, and at 8 bytes (two offsets) they were a quarter of lupe's memory.
//!
//! Each token is stored as the gap from the end of the token before it and its length, two
//! 16-bit numbers, because words are short and close together. Every [`BLOCK`] tokens the
//! absolute start is kept, so finding token `i` decodes at most `BLOCK` entries. The rare
//! token that does not fit (a gap or a length past 16 bits: a line of 10 MB with no space,
//! say) is kept whole in a side table. Punctuation is not kept; it only matters while the
//! index is built (for sentences and names) and for `lupe tokens`, which cuts the text again.
//!
//! The cache file keeps the tokens in this same form, and a cached index reads them in
//! place from the file's map ([`Tokens::lent`]), after checking that they fit the text
//! ([`Tokens::fit`]).

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
    entries: U32s,
    /// The end of the token before each block (0 for the first block): where its first
    /// token's gap counts from.
    block_base: U32s,
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
            entries: U32s::Held(entries),
            block_base: U32s::Held(block_base),
            wide,
        }
    }

    /// Room for exactly `n` tokens, to push them one by one: what [`Tokens::from_tokens`]
    /// is checked against.
    #[cfg(test)]
    fn with_capacity(n: usize) -> Tokens {
        Tokens {
            entries: U32s::Held(Vec::with_capacity(n)),
            block_base: U32s::Held(Vec::with_capacity(n.div_ceil(BLOCK))),
            wide: Vec::new(),
        }
    }

    #[cfg(test)]
    fn push(&mut self, t: Token, prev_end: &mut u32) {
        let i = self.entries.len();
        if i.is_multiple_of(BLOCK) {
            self.block_base.to_mut().push(*prev_end);
        }
        let (entry, fits) = encode(&t, *prev_end);
        if !fits {
            self.wide.push((i as u32, t.start, t.end));
        }
        self.entries.to_mut().push(entry);
        *prev_end = t.end;
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The tokens as the cache file keeps them: the entries, the block bases and the side
    /// table's `(token, start, end)`, as native-endian `u32`s, each padded with zeros to a
    /// multiple of 8 bytes. It is the form they have in memory, so reading them back is a
    /// copy with no decoding, and 4.5 bytes a token rather than the 8 of two offsets.
    pub(crate) fn write_cached(&self, out: &mut Vec<u8>) {
        out.clear();
        let wide = self.wide.iter().flat_map(|&(t, s, e)| [t, s, e]);
        let arrays: [&mut dyn Iterator<Item = u32>; 3] = [
            &mut self.entries.iter().copied(),
            &mut self.block_base.iter().copied(),
            &mut { wide },
        ];
        for array in arrays {
            for v in array {
                out.extend_from_slice(&v.to_ne_bytes());
            }
            out.resize(out.len().next_multiple_of(8), 0);
        }
    }

    /// From [`Tokens::write_cached`]'s form for `n` tokens, if `bytes` have its shape (the
    /// padding zero); [`Tokens::fit`] checks the offsets. The entries and block bases are
    /// lent by `bytes`, not copied: an archive of 100 MB in one file has ten million tokens.
    ///
    /// # Safety
    ///
    /// `bytes` must stay where they are, unchanged, for as long as the tokens live: they are
    /// the map of the cache file that keeps the tokens. (A clone of the tokens copies them.)
    pub(crate) unsafe fn lent(bytes: &[u8], n: usize) -> Option<Tokens> {
        let blocks = n.div_ceil(BLOCK);
        let padded = |len: usize| len.checked_mul(4).map(|b| b.next_multiple_of(8));
        let (entries_len, bases_len) = (padded(n)?, padded(blocks)?);
        let rest = bytes
            .len()
            .checked_sub(entries_len)?
            .checked_sub(bases_len)?;
        // 12 bytes a row, padded by less than 8: the row count is the one that fits.
        let rows = rest / 12;
        if padded(3 * rows)? != rest {
            return None;
        }
        let (entries, more) = bytes.split_at(entries_len);
        let (bases, wide) = more.split_at(bases_len);
        let mut wide_words = u32s(wide, 3 * rows)?.into_iter();
        let mut rows_out = Vec::with_capacity(rows);
        while let (Some(t), Some(s), Some(e)) =
            (wide_words.next(), wide_words.next(), wide_words.next())
        {
            rows_out.push((t, s, e));
        }
        // SAFETY: as the caller promises.
        let (entries, block_base) =
            unsafe { (U32s::lent(entries, n)?, U32s::lent(bases, blocks)?) };
        Some(Tokens {
            entries,
            block_base,
            wide: rows_out,
        })
    }

    /// Whether every token lies in `text` (raw bytes, perhaps not UTF-8) with both of its
    /// ends on a character boundary, and every block base is where the block's first gap
    /// counts from: then [`Tokens::get`] and [`Tokens::iter`] give the same offsets, and each
    /// cuts the text. Tokens read from a cache file are checked so before they are used; a
    /// long article's blocks are walked on both cores.
    pub(crate) fn fit(&self, text: &[u8]) -> bool {
        use rayon::prelude::*;
        // A stretch of 64 Ki tokens takes some 0.1 ms: worth another thread.
        const STRETCH: usize = (64 << 10) / BLOCK;
        let blocks = self.blocks();
        if blocks <= STRETCH {
            return self.blocks_fit(text, 0..blocks);
        }
        (0..blocks.div_ceil(STRETCH))
            .into_par_iter()
            .all(|k| self.blocks_fit(text, k * STRETCH..((k + 1) * STRETCH).min(blocks)))
    }

    /// How many blocks of [`BLOCK`] tokens there are, as the count of tokens says; `fit`
    /// is false if the block bases are not as many.
    pub(crate) fn blocks(&self) -> usize {
        self.entries.len().div_ceil(BLOCK)
    }

    /// The first block whose base is at `offset` of the text or after it: the blocks of the
    /// tokens that start in a stretch of the text are near it in memory. A guess if the
    /// bases are not yet checked.
    pub(crate) fn block_at(&self, offset: usize) -> usize {
        self.block_base.partition_point(|&b| (b as usize) < offset)
    }

    /// [`Tokens::fit`] for the tokens of `blocks`, which may be one stretch of many: walked
    /// from the first block's base, every token must fit, each block's base must be where
    /// the block before it ended, and so must the base of the block after them, if any.
    /// Ten million tokens are walked for an archive of 100 MB in one file: the checks of a
    /// block are gathered without a branch, and looked at once per block.
    pub(crate) fn blocks_fit(&self, text: &[u8], blocks: std::ops::Range<usize>) -> bool {
        if self.block_base.len() != self.blocks() {
            return false;
        }
        if blocks.is_empty() {
            return true;
        }
        let boundary = |at: u32| {
            let at = at as usize;
            text.get(at)
                .map_or(at == text.len(), |&b| (b as i8) >= -0x40)
        };
        let n = self.entries.len();
        let mut end = self.block_base[blocks.start];
        for b in blocks.clone() {
            let mut fits = self.block_base[b] == end;
            let first = b * BLOCK;
            for (k, &e) in self.entries[first..(first + BLOCK).min(n)]
                .iter()
                .enumerate()
            {
                let (start, stop) = if e & 0xffff == ESCAPE {
                    let t = self.decode(first + k, end);
                    (t.start, t.end)
                } else {
                    in_entry(e, end)
                };
                fits &= (start <= stop) & boundary(start) & boundary(stop);
                end = stop;
            }
            if !fits {
                return false;
            }
        }
        self.block_base
            .get(blocks.end)
            .is_none_or(|&next| next == end)
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

/// The bytes of the first `n` `u32`s of `bytes`, if the rest (the padding) is zeros.
fn padded_words(bytes: &[u8], n: usize) -> Option<&[u8]> {
    let (words, padding) = bytes.split_at_checked(n.checked_mul(4)?)?;
    padding.iter().all(|&b| b == 0).then_some(words)
}

/// The first `n` native-endian `u32`s of `bytes`, if the rest is zeros.
fn u32s(bytes: &[u8], n: usize) -> Option<Vec<u32>> {
    let words = padded_words(bytes, n)?;
    Some(
        words
            .chunks_exact(4)
            .map(|w| u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
            .collect(),
    )
}

/// An array of `u32`s of the tokens: held, or lent by the map of the cache file that holds
/// the tokens (see [`Tokens::lent`]).
#[derive(Debug)]
enum U32s {
    Held(Vec<u32>),
    Lent(&'static [u32]),
}

impl U32s {
    /// [`u32s`] lent rather than copied where `bytes` are aligned for `u32`.
    ///
    /// # Safety
    ///
    /// As [`Tokens::lent`].
    unsafe fn lent(bytes: &[u8], n: usize) -> Option<U32s> {
        let words = padded_words(bytes, n)?;
        if words.as_ptr().align_offset(std::mem::align_of::<u32>()) != 0 {
            return u32s(bytes, n).map(U32s::Held);
        }
        // SAFETY: every bit pattern is a `u32`, the bytes are aligned for it and `4 n`
        // long, and the caller keeps them in place and unchanged while the tokens live;
        // the `'static` never leaves this type, whose references are bound to it, and whose
        // clone copies.
        Some(U32s::Lent(unsafe {
            std::slice::from_raw_parts(words.as_ptr().cast::<u32>(), n)
        }))
    }

    /// The array to change, held (copied first if lent).
    #[cfg(test)]
    fn to_mut(&mut self) -> &mut Vec<u32> {
        if let U32s::Lent(lent) = self {
            *self = U32s::Held(lent.to_vec());
        }
        match self {
            U32s::Held(held) => held,
            U32s::Lent(_) => unreachable!("made held just now"),
        }
    }
}

impl std::ops::Deref for U32s {
    type Target = [u32];

    fn deref(&self) -> &[u32] {
        match self {
            U32s::Held(held) => held,
            U32s::Lent(lent) => lent,
        }
    }
}

/// A clone is held: it may outlive the map that lends the original.
impl Clone for U32s {
    fn clone(&self) -> U32s {
        U32s::Held(self.to_vec())
    }
}

impl Default for U32s {
    fn default() -> U32s {
        U32s::Held(Vec::new())
    }
}

impl PartialEq for U32s {
    fn eq(&self, other: &U32s) -> bool {
        **self == **other
    }
}

impl Eq for U32s {}

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

    fn word(start: u32, end: u32) -> Token {
        Token {
            start,
            end,
            kind: TokenKind::Word,
        }
    }

    /// `n` words of 3 letters with a space between, as text and tokens.
    fn words(n: usize) -> (Vec<u8>, Tokens) {
        let text = "abc ".repeat(n).into_bytes();
        let tokens: Vec<Token> = (0..n as u32).map(|i| word(4 * i, 4 * i + 3)).collect();
        (text, Tokens::from_tokens(&tokens))
    }

    #[test]
    fn tokens_fit_a_text_only_on_its_character_boundaries() {
        let (mut text, tokens) = words(3);
        assert!(tokens.fit(&text));
        // `ä` over the space before the second word: its start is still a boundary.
        text.splice(3..4, "ä".bytes());
        let shifted = Tokens::from_tokens(&[word(0, 3), word(5, 8)]);
        assert!(shifted.fit(&text));
        // A token that starts or ends inside `ä` does not fit.
        for (start, end) in [(4, 8), (0, 4)] {
            let inside = Tokens::from_tokens(&[word(start, end)]);
            assert!(!inside.fit(&text), "{start}..{end}");
        }
    }

    #[test]
    fn tokens_lent_by_a_cache_file_are_copied_when_cloned() {
        let (text, tokens) = words(20);
        let mut cached = Vec::new();
        tokens.write_cached(&mut cached);
        // SAFETY: `cached` outlives `lent`, unchanged.
        let lent = unsafe { Tokens::lent(&cached, 20) }.expect("reads back");
        assert!(
            matches!(lent.entries, U32s::Lent(_)),
            "the allocator aligns for u32"
        );
        assert!(lent.fit(&text));
        let clone = lent.clone();
        drop(lent);
        drop(cached);
        assert!(matches!(clone.entries, U32s::Held(_)));
        assert!(matches!(clone.block_base, U32s::Held(_)));
        assert_eq!(clone, tokens);
    }

    #[test]
    fn a_long_article_s_tokens_are_checked_in_every_stretch() {
        // Past one stretch, so the blocks are walked in parallel.
        let n = 300_000;
        let (text, tokens) = words(n);
        assert!(tokens.fit(&text));
        // A block base that is not where its block's first gap counts from: `get` and
        // `iter` would disagree. One at a stretch's start is checked by the stretch before.
        for block in [1, (64 << 10) / BLOCK, tokens.block_base.len() - 1] {
            let mut bad = tokens.clone();
            bad.block_base.to_mut()[block] += 1;
            assert!(!bad.fit(&text), "block {block}");
        }
        // A token past the end of the text, in the last stretch.
        let mut bad = tokens.clone();
        let last = bad.entries.len() - 1;
        bad.entries.to_mut()[last] += 4;
        assert!(!bad.fit(&text));
        assert!(!tokens.fit(&text[..text.len() - 2]));
        // Block bases that do not match the tokens' count.
        let mut bad = tokens.clone();
        bad.block_base.to_mut().pop();
        assert!(!bad.fit(&text));
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
            // The cache file's form reads back as it was, and cut short not as it was.
            let mut cached = Vec::new();
            tokens.write_cached(&mut cached);
            prop_assert!(cached.len().is_multiple_of(8));
            // SAFETY: `cached` outlives what is read from it, unchanged.
            let back = unsafe { Tokens::lent(&cached, words.len()) };
            prop_assert_eq!(back, Some(tokens.clone()));
            if !cached.is_empty() {
                // SAFETY: as above.
                let cut = unsafe { Tokens::lent(&cached[..cached.len() - 8], words.len()) };
                prop_assert_ne!(cut, Some(tokens.clone()));
            }
            // Every token fits a text that ends where the last one does, not one shorter.
            let end = words.last().map_or(0, |t| t.end as usize);
            prop_assert!(tokens.fit(&vec![b'x'; end]));
            if end > 0 {
                prop_assert!(!tokens.fit(&vec![b'x'; end - 1]));
            }
            for probe in words.iter().flat_map(|t| [t.start, t.end, t.end + 1]) {
                let want = words.partition_point(|t| t.end <= probe);
                prop_assert_eq!(tokens.partition_point(|t| t.end <= probe), want);
            }
        }
    }
}
