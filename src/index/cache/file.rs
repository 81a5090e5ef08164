//! The mapped cache file and the parts of it read on first use, each checked then.
//!
//! A part that turns out damaged reads as empty and sets the file's damage flag; it is never
//! read again, so every later use sees the same (empty) part and nothing panics.

use super::checksum::checksum;
use super::{CHUNK, ENTRY, FREE, Reader, SECTIONS, Section, u64_at, unpair};
use crate::index::terms::Posting;
use crate::index::{Span, Tokens};
use memmap2::Mmap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
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

/// The fewest articles a posting list must stand in for their tokens to be read ahead.
const READ_AHEAD_MIN: usize = 64;

/// A part not yet checked, found sound, or found damaged.
const UNCHECKED: u8 = 0;
const SOUND: u8 = 1;
const DAMAGED: u8 = 2;

/// An open cache file: the map, where its sections are, and what has been checked.
pub struct CacheFile {
    map: Mmap,
    sections: [Range<usize>; SECTIONS],
    pub(super) articles: Vec<ArticleParts>,
    terms: usize,
    /// Per chunked section, the state of each of its chunks.
    chunks: [Box<[AtomicU8]>; 3],
    /// Per term, the state of its posting list.
    postings: Box<[AtomicU8]>,
    damaged: AtomicBool,
    /// A read-ahead of tokens is running (see [`CacheFile::read_ahead`]).
    reading_ahead: AtomicBool,
}

impl std::fmt::Debug for CacheFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CacheFile")
            .field("bytes", &self.map.len())
            .field("articles", &self.articles.len())
            .field("terms", &self.terms)
            .field("damaged", &self.is_damaged())
            .finish()
    }
}

impl CacheFile {
    /// The file around `map`, whose header and eagerly checked sections the caller has
    /// checked; `sections` are the byte ranges the header gives.
    pub(super) fn new(
        map: Mmap,
        sections: [Range<usize>; SECTIONS],
        articles: Vec<ArticleParts>,
    ) -> Option<CacheFile> {
        let entries = sections[Section::TermEntries as usize].len();
        if !entries.is_multiple_of(ENTRY) || entries < ENTRY {
            return None;
        }
        let terms = entries / ENTRY - 1;
        let table = sections[Section::TermTable as usize].len();
        let slots = table / 4;
        if !table.is_multiple_of(4) || !slots.is_power_of_two() || slots < 8 || terms >= slots {
            return None;
        }
        let states = |n: usize| (0..n).map(|_| AtomicU8::new(UNCHECKED)).collect();
        let chunks = Section::CHUNKED.map(|s| states(sections[s as usize].len().div_ceil(CHUNK)));
        let file = CacheFile {
            map,
            sections,
            articles,
            terms,
            chunks,
            postings: states(terms),
            damaged: AtomicBool::new(false),
            reading_ahead: AtomicBool::new(false),
        };
        // The parts must tile their sections, so that every byte is under some checksum.
        let tiles = |section: Section, part: fn(&ArticleParts) -> Part| {
            let mut at = Some(0usize);
            for a in &file.articles {
                let p = part(a);
                if at != Some(p.start) {
                    return false;
                }
                at = p.start.checked_add(p.len);
            }
            at == Some(file.section(section).len())
        };
        let tiled = tiles(Section::Texts, |a| a.text)
            && tiles(Section::Tokens, |a| a.tokens)
            && tiles(Section::Sentences, |a| a.sentences);
        let first = file.entry(0)?;
        let last = file.entry(terms)?;
        let postings = file.section(Section::Postings).len();
        let ends = first[0] == 0
            && first[1] == 0
            && last[0] == file.section(Section::TermText).len() as u64
            && last[1].checked_mul(8) == Some(postings as u64)
            && postings.is_multiple_of(8)
            && last[2] == 0;
        (tiled && ends).then_some(file)
    }

    fn section(&self, section: Section) -> &[u8] {
        &self.map[self.sections[section as usize].clone()]
    }

    /// Whether some part read so far was damaged.
    pub fn is_damaged(&self) -> bool {
        self.damaged.load(Ordering::Relaxed)
    }

    fn damage<T>(&self) -> Option<T> {
        self.damaged.store(true, Ordering::Relaxed);
        None
    }

    /// Bytes `range` of a chunked section, once the chunks under them are checked.
    fn checked(&self, section: Section, range: Range<usize>) -> Option<&[u8]> {
        let bytes = self.section(section);
        if range.start > range.end || range.end > bytes.len() {
            return self.damage();
        }
        let Some(k) = Section::CHUNKED.iter().position(|&s| s == section) else {
            return self.damage();
        };
        let first = range.start / CHUNK;
        let last = range.end.div_ceil(CHUNK);
        for c in first..last {
            if !self.chunk_is_sound(k, c) {
                return self.damage();
            }
        }
        Some(&bytes[range])
    }

    fn chunk_is_sound(&self, k: usize, c: usize) -> bool {
        let Some(state) = self.chunks[k].get(c) else {
            return false;
        };
        match state.load(Ordering::Acquire) {
            SOUND => return true,
            DAMAGED => return false,
            _ => {}
        }
        // The sums of the chunks of earlier sections come first.
        let before: usize = self.chunks[..k].iter().map(|s| s.len()).sum();
        let bytes = self.section(Section::CHUNKED[k]);
        let chunk = &bytes[c * CHUNK..((c + 1) * CHUNK).min(bytes.len())];
        let sound = u64_at(self.section(Section::ChunkSums), (before + c) * 8)
            .is_some_and(|sum| sum == checksum(chunk));
        state.store(if sound { SOUND } else { DAMAGED }, Ordering::Release);
        sound
    }

    /// Term `id`'s entry: where its text and postings start, and their checksum.
    fn entry(&self, id: usize) -> Option<[u64; 3]> {
        let at = id.checked_mul(ENTRY)?;
        let bytes = self.checked(Section::TermEntries, at..at + ENTRY)?;
        Some([u64_at(bytes, 0)?, u64_at(bytes, 8)?, u64_at(bytes, 16)?])
    }

    /// Two entries in a row: a term's start and end.
    fn entries(&self, id: usize) -> Option<([u64; 3], [u64; 3])> {
        if id >= self.terms {
            return None;
        }
        Some((self.entry(id)?, self.entry(id + 1)?))
    }

    pub fn term_count(&self) -> usize {
        self.terms
    }

    /// The text of term `id` ("" if damaged).
    pub fn term_text(&self, id: u32) -> &str {
        self.term_text_checked(id as usize).unwrap_or("")
    }

    fn term_text_checked(&self, id: usize) -> Option<&str> {
        let (this, next) = self.entries(id)?;
        let range = usize::try_from(this[0]).ok()?..usize::try_from(next[0]).ok()?;
        let bytes = self.checked(Section::TermText, range)?;
        std::str::from_utf8(bytes).ok().or_else(|| self.damage())
    }

    /// The id of `term`, found through the term table.
    pub fn term_id(&self, term: &str) -> Option<u32> {
        let table = self.section(Section::TermTable);
        let slots = table.len() / 4;
        let mask = slots - 1;
        let mut slot = checksum(term.as_bytes()) as usize & mask;
        // At most one round: a damaged table must not loop.
        for _ in 0..slots {
            let bytes = self.checked(Section::TermTable, slot * 4..slot * 4 + 4)?;
            let id = u32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
            if id == FREE {
                return None;
            }
            if id as usize >= self.terms {
                return self.damage();
            }
            if self.term_text_checked(id as usize)? == term {
                return Some(id);
            }
            slot = (slot + 1) & mask;
        }
        self.damage()
    }

    /// Where term `id` stands, checked on first use (empty if damaged). A long list read
    /// for the first time has its articles' tokens read ahead.
    pub fn postings(self: &Arc<Self>, id: u32) -> &[Posting] {
        let (list, first) = self.checked_postings(id);
        if first {
            self.read_ahead(list);
        }
        list
    }

    /// Term `id`'s postings (empty if damaged), and whether they were checked just now.
    fn checked_postings(&self, id: u32) -> (&[Posting], bool) {
        let id = id as usize;
        let Some(state) = self.postings.get(id) else {
            return (&[], false);
        };
        match state.load(Ordering::Acquire) {
            SOUND => {
                let list = self.posting_bytes(id).and_then(|(b, _)| as_postings(b));
                (list.unwrap_or(&[]), false)
            }
            DAMAGED => (&[], false),
            _ => {
                let in_range = |p: &Posting| {
                    self.articles
                        .get(p.article() as usize)
                        .is_some_and(|a| (p.token() as usize) < a.token_count)
                };
                let list = self
                    .posting_bytes(id)
                    .filter(|(bytes, sum)| checksum(bytes) == *sum)
                    .and_then(|(bytes, _)| as_postings(bytes))
                    .filter(|list| list.iter().all(in_range));
                let now = if list.is_some() { SOUND } else { DAMAGED };
                state.store(now, Ordering::Release);
                (list.or_else(|| self.damage()).unwrap_or(&[]), true)
            }
        }
    }

    /// Reads ahead the word tokens of the articles in a long posting list just read.
    ///
    /// A posting list is read because its hits are wanted, and the place of a hit is cut
    /// from its article's tokens, which are read and copied on first use: for a frequent
    /// word that copying was most of a cached look-up. So the tokens are read on another
    /// thread, from the end of the list back, while the caller reads them from the front;
    /// the two meet in the middle. One read-ahead runs at a time, and it stops at the
    /// first article already read. It changes no answer, only who reads a part first.
    fn read_ahead(self: &Arc<Self>, list: &[Posting]) {
        let mut articles: Vec<u32> = list.iter().map(|p| p.article()).collect();
        articles.dedup();
        if articles.len() < READ_AHEAD_MIN || self.reading_ahead.swap(true, Ordering::AcqRel) {
            return;
        }
        let file = Arc::clone(self);
        rayon::spawn(move || {
            for &a in articles.iter().rev() {
                let done = file
                    .articles
                    .get(a as usize)
                    .is_none_or(|parts| parts.read.tokens.get().is_some());
                if done {
                    break;
                }
                CachedArticle::new(Arc::clone(&file), a as usize).tokens();
            }
            file.reading_ahead.store(false, Ordering::Release);
        });
    }

    /// The bytes of term `id`'s postings, and the checksum they should have.
    fn posting_bytes(&self, id: usize) -> Option<(&[u8], u64)> {
        let (this, next) = self.entries(id)?;
        let start = usize::try_from(this[1]).ok()?.checked_mul(8)?;
        let end = usize::try_from(next[1]).ok()?.checked_mul(8)?;
        let bytes = self.section(Section::Postings).get(start..end)?;
        Some((bytes, this[2]))
    }

    /// Checks every chunk and posting list (the articles are checked by their owners).
    pub fn check_terms(&self) {
        for (k, states) in self.chunks.iter().enumerate() {
            for c in 0..states.len() {
                if !self.chunk_is_sound(k, c) {
                    self.damage::<()>();
                }
            }
        }
        for id in 0..self.terms {
            self.term_text(id as u32);
            self.checked_postings(id as u32);
        }
    }

    fn part<'a>(&'a self, section: Section, part: &Part) -> Option<&'a [u8]> {
        let bytes = self
            .section(section)
            .get(part.start..part.start.checked_add(part.len)?)?;
        (checksum(bytes) == part.sum).then_some(bytes)
    }

    fn read_tokens(&self, parts: &ArticleParts) -> Option<Tokens> {
        let bytes = self.part(Section::Tokens, &parts.tokens)?;
        let tokens = Tokens::from_packed(words(bytes)?);
        let text_len = parts.text.len;
        let sound = tokens.len() == parts.token_count
            && tokens
                .iter()
                .all(|t| t.start <= t.end && t.end as usize <= text_len);
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

    /// The text of an article, if it is sound and every offset into it (its tokens,
    /// sentences, mentions and keyword hits) falls on a character boundary.
    fn read_text(
        &self,
        parts: &ArticleParts,
        tokens: &Tokens,
        sentences: &[Span],
    ) -> Option<String> {
        let bytes = self.part(Section::Texts, &parts.text)?;
        let text = std::str::from_utf8(bytes).ok()?;
        let on = |start: u32, end: u32| {
            text.is_char_boundary(start as usize) && text.is_char_boundary(end as usize)
        };
        let mut marks = Reader::new(self.section(Section::Articles));
        marks.at = parts.marks;
        let mut sound = tokens.iter().all(|t| on(t.start, t.end))
            && sentences.iter().all(|s| on(s.start, s.end));
        // Mentions are three numbers each, keyword hits two; the first is where they are.
        for size in [3, 2] {
            for _ in 0..marks.count(8 * size)? {
                let (start, end) = unpair(marks.u64()?);
                sound &= on(start, end);
                marks.at += 8 * (size - 1);
            }
        }
        sound.then(|| text.to_string())
    }
}

/// `bytes` as native-endian words.
fn words(bytes: &[u8]) -> Option<Vec<u64>> {
    if !bytes.len().is_multiple_of(8) {
        return None;
    }
    Some(
        bytes
            .chunks_exact(8)
            .map(|w| {
                let mut b = [0u8; 8];
                b.copy_from_slice(w);
                u64::from_ne_bytes(b)
            })
            .collect(),
    )
}

/// `bytes` as postings, without a copy: the lists are most of the file, and a query for a
/// frequent word would otherwise copy millions of them.
fn as_postings(bytes: &[u8]) -> Option<&[Posting]> {
    if !bytes.len().is_multiple_of(8)
        || bytes.as_ptr().align_offset(std::mem::align_of::<Posting>()) != 0
    {
        return None;
    }
    // SAFETY: `Posting` is `repr(transparent)` over `u64`, for which every bit pattern is a
    // value; the bytes are aligned for it and a whole number of it long. They live in the
    // map as long as the `CacheFile` that lends them, and are never written: lupe replaces a
    // cache file by renaming another over it, and the map is read-only.
    Some(unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<Posting>(), bytes.len() / 8) })
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
            self.file
                .read_text(parts, tokens, sentences)
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
