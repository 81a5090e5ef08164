//! The mapped cache file: where its sections are, which of its chunks and posting lists
//! have been checked, and the term dictionary read through them.
//!
//! A part that turns out damaged reads as empty and sets the file's damage flag; it is never
//! read again, so every later use sees the same (empty) part and nothing panics.

use super::article::{ArticleParts, CachedArticle, Part};
use super::checksum::checksum;
use super::{CHUNK, ENTRY, FREE, Reader, SECTIONS, Section, u64_at};
use crate::index::compounds::Compounds;
use crate::index::terms::Posting;
use memmap2::Mmap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, OnceLock};

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
    /// The table of compounds, read and checked on first use; `None` if damaged.
    compounds: OnceLock<Option<Compounds>>,
    /// Whether the joins were found sound, once they have been checked.
    joins: OnceLock<bool>,
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
            compounds: OnceLock::new(),
            joins: OnceLock::new(),
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

    pub(super) fn section(&self, section: Section) -> &[u8] {
        &self.map[self.sections[section as usize].clone()]
    }

    /// Whether some part read so far was damaged.
    pub fn is_damaged(&self) -> bool {
        self.damaged.load(Ordering::Relaxed)
    }

    pub(super) fn damage<T>(&self) -> Option<T> {
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

    /// Every term's text, one after another in id order, if it is sound.
    pub fn all_term_text(&self) -> Option<&[u8]> {
        self.checked(Section::TermText, 0..self.section(Section::TermText).len())
    }

    /// Where term `id` starts in [`CacheFile::all_term_text`]; for `id`
    /// [`CacheFile::term_count`], where the text ends.
    pub fn term_start(&self, id: usize) -> Option<usize> {
        usize::try_from(self.entry(id)?[0]).ok()
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

    /// The table of compounds, checked whole against the header's checksum on first use;
    /// `None` if it is damaged.
    pub fn compounds(&self) -> Option<&Compounds> {
        self.compounds
            .get_or_init(|| self.read_compounds().or_else(|| self.damage()))
            .as_ref()
    }

    /// Section `section` if its checksum is the one in the header (which is checked whole
    /// when the file is opened).
    fn header_checked(&self, section: Section) -> Option<&[u8]> {
        let sum = u64_at(&self.map, 8 + (3 + 3 * section as usize + 2) * 8)?;
        let bytes = self.section(section);
        (checksum(bytes) == sum).then_some(bytes)
    }

    /// The joins, one bit per word, checked whole against the header's checksum on first
    /// use; empty if they are damaged.
    pub fn joins(&self) -> &[u64] {
        let bytes = self.section(Section::Joins);
        let sound = *self.joins.get_or_init(|| {
            let words: usize = self.articles.iter().map(|a| a.token_count).sum();
            let sound = self.header_checked(Section::Joins).is_some()
                && bytes.len() == words.div_ceil(64) * 8
                && as_words(bytes).is_some();
            sound || self.damage::<()>().is_some()
        });
        if sound {
            as_words(bytes).unwrap_or(&[])
        } else {
            &[]
        }
    }

    fn read_compounds(&self) -> Option<Compounds> {
        let bytes = self.header_checked(Section::Compounds)?;
        let mut r = Reader::new(bytes);
        let mut table = Compounds::default();
        let mut parts = Vec::new();
        for _ in 0..r.count(24)? {
            let whole = u32::try_from(r.u64()?).ok()?;
            let occurrences = u32::try_from(r.u64()?).ok()?;
            parts.clear();
            for _ in 0..r.count(8)? {
                parts.push(u32::try_from(r.u64()?).ok()?);
            }
            table.push(whole, occurrences, &parts, self.terms)?;
        }
        r.is_done().then_some(table)
    }

    /// Where term `id` stands, checked on first use (empty if damaged).
    pub fn postings(&self, id: u32) -> &[Posting] {
        self.checked_postings(id).0
    }

    /// Starts reading the tokens of term `id`'s articles on another thread, when its list
    /// is long: for a caller about to cut every hit of the term (see [`Self::read_ahead`]).
    /// A first screen reads a few articles only and must not ask for this, or the read-ahead
    /// takes the other core from it.
    pub fn read_ahead_for(self: &Arc<Self>, id: u32) {
        let list = self.checked_postings(id).0;
        self.read_ahead(list);
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
                    .is_none_or(|parts| parts.read.has_tokens());
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

    /// Checks every chunk, posting list, the table of compounds and the joins (the articles are checked
    /// by their owners).
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
        self.compounds();
        self.joins();
    }
}

/// `bytes` as `u64`s, without a copy: the posting lists are most of the file, and a query
/// for a frequent word would otherwise copy millions of postings.
fn as_words(bytes: &[u8]) -> Option<&[u64]> {
    if !bytes.len().is_multiple_of(8)
        || bytes.as_ptr().align_offset(std::mem::align_of::<u64>()) != 0
    {
        return None;
    }
    // SAFETY: every bit pattern is a `u64`; the bytes are aligned for it and a whole number
    // of it long. They live in the map as long as the `CacheFile` that lends them, and are
    // never written: lupe replaces a cache file by renaming another over it, and the map is
    // read-only.
    Some(unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<u64>(), bytes.len() / 8) })
}

/// `bytes` as postings, without a copy (see [`as_words`]).
fn as_postings(bytes: &[u8]) -> Option<&[Posting]> {
    let words = as_words(bytes)?;
    // SAFETY: `Posting` is `repr(transparent)` over `u64`.
    Some(unsafe { std::slice::from_raw_parts(words.as_ptr().cast::<Posting>(), words.len()) })
}
