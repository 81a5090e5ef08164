//! An article's bulky parts in the cache file (its text, word tokens and sentences): each
//! read, checked and kept the first time it is used.

use super::checksum::checksum;
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
    text: OnceLock<String>,
    tokens: OnceLock<Tokens>,
    sentences: OnceLock<Vec<Span>>,
}

impl Read {
    /// Whether the tokens have been read.
    pub(super) fn has_tokens(&self) -> bool {
        self.tokens.get().is_some()
    }
}

impl CacheFile {
    fn part<'a>(&'a self, section: Section, part: &Part) -> Option<&'a [u8]> {
        let bytes = self
            .section(section)
            .get(part.start..part.start.checked_add(part.len)?)?;
        (checksum(bytes) == part.sum).then_some(bytes)
    }

    fn read_tokens(&self, parts: &ArticleParts) -> Option<Tokens> {
        let bytes = self.part(Section::Tokens, &parts.tokens)?;
        if !bytes.len().is_multiple_of(8) {
            return None;
        }
        let tokens = Tokens::from_packed(bytes.chunks_exact(8).map(word));
        let text_len = parts.text.len;
        let sound = tokens.len() == parts.token_count
            && tokens.all(|start, end| start <= end && end as usize <= text_len);
        sound.then_some(tokens)
    }

    fn read_sentences(&self, parts: &ArticleParts) -> Option<Vec<Span>> {
        let bytes = self.part(Section::Sentences, &parts.sentences)?;
        let mut sentences = Vec::with_capacity(bytes.len() / 8);
        for word in words(bytes)? {
            let (start, end) = unpair(word);
            if start > end || end as usize > parts.text.len {
                return None;
            }
            sentences.push(Span { start, end });
        }
        Some(sentences)
    }

    /// The text of an article, if its bytes are sound and UTF-8; [`CacheFile::fits`] checks
    /// the offsets into it.
    fn read_text(&self, parts: &ArticleParts) -> Option<&str> {
        let bytes = self.part(Section::Texts, &parts.text)?;
        std::str::from_utf8(bytes).ok()
    }

    /// Whether every offset into `text` (its tokens, sentences, mentions and keyword hits)
    /// falls on a character boundary.
    fn fits(&self, text: &str, parts: &ArticleParts, tokens: &Tokens, sentences: &[Span]) -> bool {
        let on = |start: u32, end: u32| {
            text.is_char_boundary(start as usize) && text.is_char_boundary(end as usize)
        };
        let marks_fit = || {
            let mut marks = Reader::new(self.section(Section::Articles));
            marks.at = parts.marks;
            // Mentions are three numbers each, keyword hits two; the first is where they are.
            for size in [3, 2] {
                for _ in 0..marks.count(8 * size)? {
                    let (start, end) = unpair(marks.u64()?);
                    if !on(start, end) {
                        return None;
                    }
                    marks.at += 8 * (size - 1);
                }
            }
            Some(())
        };
        tokens.all(on) && sentences.iter().all(|s| on(s.start, s.end)) && marks_fit().is_some()
    }
}

/// Eight bytes as a native-endian word.
fn word(bytes: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(bytes);
    u64::from_ne_bytes(b)
}

/// `bytes` as native-endian words.
fn words(bytes: &[u8]) -> Option<Vec<u64>> {
    if !bytes.len().is_multiple_of(8) {
        return None;
    }
    Some(bytes.chunks_exact(8).map(word).collect())
}

/// An article of an index read from the cache: its bulky parts, each read and checked on
/// first use. Its text is checked against its tokens and sentences, so those are read
/// with it.
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
    /// (checked against that length on opening) still cuts it without a panic.
    pub fn text(&self) -> &String {
        let parts = &self.file.articles[self.a];
        parts.read.text.get_or_init(|| {
            let (tokens, sentences) = (self.tokens(), self.sentences());
            let text = self.file.read_text(parts);
            text.filter(|text| self.file.fits(text, parts, tokens, sentences))
                .map(str::to_string)
                .or_else(|| self.file.damage())
                .unwrap_or_else(|| " ".repeat(parts.text.len))
        })
    }

    pub fn tokens(&self) -> &Tokens {
        let parts = &self.file.articles[self.a];
        parts.read.tokens.get_or_init(|| {
            self.file
                .read_tokens(parts)
                .or_else(|| self.file.damage())
                .unwrap_or_default()
        })
    }

    pub fn sentences(&self) -> &Vec<Span> {
        let parts = &self.file.articles[self.a];
        parts.read.sentences.get_or_init(|| {
            self.file
                .read_sentences(parts)
                .or_else(|| self.file.damage())
                .unwrap_or_default()
        })
    }
}
