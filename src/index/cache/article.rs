//! An article's bulky parts in the cache file (its text, word tokens and sentences): each
//! read, checked and kept the first time it is used.

use super::checksum::{PIECE, by_pieces, part_sum};
use super::file::CacheFile;
use super::{Reader, Section, unpair};
use crate::index::{Span, Tokens};
use std::sync::{Arc, OnceLock};

/// Where a bulky part of an article lies in its section, and its checksum.
#[derive(Debug, Clone, Copy)]
pub(super) struct Part {
    pub start: usize,
    pub len: usize,
    pub sum: u64,
}

/// What the file says of an article's bulky parts, from the metadata read on opening, and
/// the parts once read.
#[derive(Debug)]
pub(super) struct ArticleParts {
    pub text: Part,
    pub tokens: Part,
    pub token_count: usize,
    pub sentences: Part,
    /// Where its mentions start in the articles section (their keyword hits follow), so the
    /// text can be checked against them when it is read.
    pub marks: usize,
    pub read: Read,
}

/// An article's bulky parts, each once it is read (and checked).
#[derive(Debug, Default)]
pub(super) struct Read {
    /// The text's state once checked: `None` if it is sound, and it is then read in place
    /// from the map; or spaces of its length if it is damaged.
    text: OnceLock<Option<String>>,
    tokens: OnceLock<Tokens>,
    sentences: OnceLock<Vec<Span>>,
}

impl Read {
    /// Whether the tokens have been read.
    pub(super) fn has_tokens(&self) -> bool {
        self.tokens.get().is_some()
    }
}

/// Above this many bytes of text, an article's parts are read together (see
/// [`CachedArticle::read_together`]).
const TOGETHER_ABOVE: usize = 4 * PIECE;

impl CacheFile {
    /// The bytes of a part, unchecked; `None` if they are not all in the file.
    fn raw<'a>(&'a self, section: Section, part: &Part) -> Option<&'a [u8]> {
        self.section(section)
            .get(part.start..part.start.checked_add(part.len)?)
    }

    fn part<'a>(&'a self, section: Section, part: &Part) -> Option<&'a [u8]> {
        let bytes = self.raw(section, part)?;
        (part_sum(bytes) == part.sum).then_some(bytes)
    }

    /// The article's tokens if their part is sound; they are yet to be checked against the
    /// text ([`CacheFile::tokens_fit`], [`CacheFile::check_text`]).
    fn read_tokens(&self, parts: &ArticleParts) -> Option<Tokens> {
        let bytes = self.part(Section::Tokens, &parts.tokens)?;
        // SAFETY: the map never changes (see `open`), and it outlives the tokens, which are
        // kept with this file's articles, or checked and dropped.
        unsafe { Tokens::lent(bytes, parts.token_count) }
    }

    /// Whether `tokens` fit the article's text (see [`Tokens::fit`]). The text's bytes are
    /// read for that, not checked: if they are damaged the text reads as spaces, which any
    /// token within its length fits, as it fits the bytes.
    fn tokens_fit(&self, parts: &ArticleParts, tokens: &Tokens) -> bool {
        match self.raw(Section::Texts, &parts.text) {
            Some(text) => tokens.fit(text),
            None => tokens.fit(" ".repeat(parts.text.len).as_bytes()),
        }
    }

    fn read_sentences(&self, parts: &ArticleParts) -> Option<Vec<Span>> {
        let bytes = self.part(Section::Sentences, &parts.sentences)?;
        if !bytes.len().is_multiple_of(8) {
            return None;
        }
        let mut sentences = Vec::with_capacity(bytes.len() / 8);
        for word in bytes.chunks_exact(8).map(word) {
            let (start, end) = unpair(word);
            if start > end || end as usize > parts.text.len {
                return None;
            }
            sentences.push(Span { start, end });
        }
        Some(sentences)
    }

    /// Whether the article's text is sound: its bytes have their checksum and are UTF-8,
    /// and every offset into it of its sentences, mentions and keyword hits falls on a
    /// character boundary; and whether `tokens`, if given, fit it (see [`Tokens::fit`]).
    ///
    /// A text of many megabytes (an archive in one file) is worked through once, a piece at
    /// a time on every core: each piece is summed, checked as UTF-8 from a character's
    /// first byte, and the tokens and sentences that start in it are checked against it
    /// while it is in the processor's cache. Done as three walks over the text, this took
    /// twice as long. If the text is damaged, it reads as spaces, which any token within
    /// its length fits: the tokens are then checked against that.
    fn check_text(
        &self,
        parts: &ArticleParts,
        tokens: Option<&Tokens>,
        sentences: &[Span],
    ) -> (bool, bool) {
        let Some(bytes) = self.raw(Section::Texts, &parts.text) else {
            return (false, tokens.is_none_or(|t| self.tokens_fit(parts, t)));
        };
        let boundary = |at: u32| {
            let at = at as usize;
            bytes
                .get(at)
                .map_or(at == bytes.len(), |&b| (b as i8) >= -0x40)
        };
        // Where each piece's tokens (by block) and sentences begin: a split that never goes
        // back, so that every block and sentence is checked once, whatever the bases and
        // sentences say before they are checked.
        let pieces = bytes.len().div_ceil(PIECE).max(1);
        let split = |at: &dyn Fn(usize) -> usize, all: usize| {
            let mut from = vec![0; pieces + 1];
            for k in 1..pieces {
                from[k] = at(k * PIECE).clamp(from[k - 1], all);
            }
            from[pieces] = all;
            from
        };
        let blocks = tokens.map(|t| split(&|at| t.block_at(at), t.blocks()));
        let starts = split(
            &|at| sentences.partition_point(|s| (s.start as usize) < at),
            sentences.len(),
        );
        let (sum, checked) = by_pieces(bytes, |k, range| {
            let utf8 = piece_is_utf8(bytes, range);
            let sentences_fit = sentences[starts[k]..starts[k + 1]]
                .iter()
                .all(|s| boundary(s.start) && boundary(s.end));
            let tokens_fit = match (tokens, &blocks) {
                (Some(t), Some(blocks)) => t.blocks_fit(bytes, blocks[k]..blocks[k + 1]),
                _ => true,
            };
            (utf8 && sentences_fit, tokens_fit)
        });
        let marks_fit = || {
            let mut marks = Reader::new(self.section(Section::Articles));
            marks.at = parts.marks;
            // Mentions are three numbers each, keyword hits two; the first is where they are.
            for size in [3, 2] {
                for _ in 0..marks.count(8 * size)? {
                    let (start, end) = unpair(marks.u64()?);
                    if !(boundary(start) && boundary(end)) {
                        return None;
                    }
                    marks.at += 8 * (size - 1);
                }
            }
            Some(())
        };
        let text = sum == parts.text.sum && checked.iter().all(|c| c.0) && marks_fit().is_some();
        let tokens_fit = checked.iter().all(|c| c.1);
        match tokens {
            Some(tokens) if !text => (false, tokens.fit(" ".repeat(bytes.len()).as_bytes())),
            _ => (text, tokens_fit),
        }
    }
}

/// Whether the piece `range` of `bytes` is UTF-8, taken from the first character that
/// starts in it (a byte that does not go on with a character before it) to the first that
/// starts after it: so the pieces of a text, checked each on its own, are all UTF-8 if and
/// only if the whole is. The first piece starts at 0 whatever its first byte, and the last
/// ends at the end.
fn piece_is_utf8(bytes: &[u8], range: std::ops::Range<usize>) -> bool {
    let starts_char = |at: usize| bytes.get(at).is_none_or(|&b| (b as i8) >= -0x40);
    let char_start = |at: usize| (at..=bytes.len()).find(|&i| starts_char(i)).unwrap_or(at);
    let start = if range.start == 0 {
        0
    } else {
        char_start(range.start)
    };
    let end = char_start(range.end).max(start);
    simdutf8::basic::from_utf8(&bytes[start..end]).is_ok()
}

/// Eight bytes as a native-endian word.
fn word(bytes: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(bytes);
    u64::from_ne_bytes(b)
}

/// An article of an index read from the cache: its bulky parts, each read and checked on
/// first use. Its text is checked against its sentences, so those are read with it; its
/// tokens against its text's bytes; and a long article's three parts are read together.
#[derive(Clone)]
pub struct CachedArticle {
    file: Arc<CacheFile>,
    a: usize,
}

impl CachedArticle {
    pub(super) fn new(file: Arc<CacheFile>, a: usize) -> CachedArticle {
        CachedArticle { file, a }
    }

    /// The text; a damaged one reads as spaces of its length, so that every offset into it
    /// (checked against that length on opening) still cuts it without a panic. A sound one
    /// is read in place from the map, not copied: an archive of 100 MB in one file is one
    /// text.
    pub fn text(&self) -> &str {
        let parts = &self.file.articles[self.a];
        self.read_together();
        let damaged = parts.read.text.get_or_init(|| {
            let sentences = self.sentences();
            let (sound, _) = self.file.check_text(parts, None, sentences);
            self.damaged_text(sound)
        });
        match damaged {
            Some(spaces) => spaces,
            None => {
                let bytes = self
                    .file
                    .raw(Section::Texts, &parts.text)
                    .unwrap_or_default();
                // SAFETY: these bytes were checked to be UTF-8 when the state was set (the
                // `None`), and the map never changes (see `open`).
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
        }
    }

    /// The word tokens, once they are found sound and fitting the text; none if not.
    pub fn tokens(&self) -> &Tokens {
        let parts = &self.file.articles[self.a];
        self.read_together();
        parts.read.tokens.get_or_init(|| {
            let tokens = self.file.read_tokens(parts);
            self.sound(tokens.filter(|t| self.file.tokens_fit(parts, t)))
        })
    }

    pub fn sentences(&self) -> &Vec<Span> {
        let parts = &self.file.articles[self.a];
        self.read_together();
        parts
            .read
            .sentences
            .get_or_init(|| self.sound(self.file.read_sentences(parts)))
    }

    /// Reads the text, tokens and sentences of a long article together, in one pass over
    /// the text (see [`CacheFile::check_text`]), the first time any of them is asked for.
    /// A short one's parts are read one by one: a query for a frequent word reads the
    /// tokens of thousands of articles ahead (see [`CacheFile::read_ahead`]), and most of
    /// their texts never.
    fn read_together(&self) {
        let parts = &self.file.articles[self.a];
        if parts.text.len <= TOGETHER_ABOVE || parts.read.text.get().is_some() {
            return;
        }
        let (tokens, sentences) = rayon::join(
            || self.file.read_tokens(parts),
            || self.file.read_sentences(parts),
        );
        let (sound, fit) = self.file.check_text(
            parts,
            tokens.as_ref(),
            sentences.as_deref().unwrap_or_default(),
        );
        parts
            .read
            .tokens
            .get_or_init(|| self.sound(tokens.filter(|_| fit)));
        parts.read.sentences.get_or_init(|| self.sound(sentences));
        parts.read.text.get_or_init(|| self.damaged_text(sound));
    }

    /// A part as read, or empty (and the index marked damaged) if it was not sound.
    fn sound<T: Default>(&self, part: Option<T>) -> T {
        part.or_else(|| self.file.damage()).unwrap_or_default()
    }

    /// The text's state once checked (see [`Read::text`]).
    fn damaged_text(&self, sound: bool) -> Option<String> {
        let len = self.file.articles[self.a].text.len;
        (!sound).then(|| {
            self.file.damage::<()>();
            " ".repeat(len)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::piece_is_utf8;
    use proptest::prelude::*;

    #[test]
    fn a_text_that_starts_inside_a_character_is_not_utf8_in_any_pieces() {
        let bytes = b"\x80abc def";
        for piece in [1, 2, 3, 5, 100] {
            let all = (0..bytes.len().div_ceil(piece))
                .all(|k| piece_is_utf8(bytes, k * piece..((k + 1) * piece).min(bytes.len())));
            assert!(!all, "pieces of {piece}");
        }
    }

    fn fragments() -> impl Strategy<Value = Vec<u8>> {
        // Whole characters of one to four bytes, and stray bytes of any kind.
        let fragment = prop_oneof![
            any::<char>().prop_map(|c| c.to_string().into_bytes()),
            any::<u8>().prop_map(|b| vec![b]),
        ];
        prop::collection::vec(fragment, 0..40).prop_map(|f| f.concat())
    }

    proptest! {
        #[test]
        fn pieces_are_all_utf8_exactly_when_the_whole_is(bytes in fragments(), piece in 1usize..9) {
            let pieces = bytes.len().div_ceil(piece).max(1);
            let all = (0..pieces)
                .all(|k| piece_is_utf8(&bytes, k * piece..((k + 1) * piece).min(bytes.len())));
            prop_assert_eq!(all, std::str::from_utf8(&bytes).is_ok());
        }
    }
}
