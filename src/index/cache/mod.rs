//! The index on disk, so that a second look-up in a large corpus neither indexes it again
//! nor reads all of it: the file is memory-mapped, and a query reads the header, the
//! articles' small metadata, the terms it looks up, their postings and the articles it
//! shows.
//!
//! The key in the header covers everything the index depends on (the files' paths, sizes
//! and modification times, the lexicon, lupe's version), so a changed file or lexicon is
//! never served stale. Nothing in the file is trusted. What is read on opening (header,
//! warnings, article metadata) is checked whole, with every length, offset and id, and
//! a damaged file is a miss. Everything else is checked when first read, against a
//! checksum kept in a part already checked, and its offsets and ids against what they
//! point into; damage found then makes the part read as empty and marks the index
//! damaged ([`super::Index::is_damaged`]), so that the caller throws the answer away and
//! rebuilds. Every byte of the file is covered by some checksum, or must be zero.
//!
//! # Layout
//!
//! Numbers are native-endian `u64` (a cache is read on the machine that wrote it; the
//! header names the byte order, and a file in the other one is a miss), strings a length
//! and UTF-8 bytes. The header is the magic, the format, the byte order, the key, then per
//! section its offset, length and checksum (of the sections checked whole), then the
//! checksum of the header. Each section starts at the first multiple of 8 after the one
//! before; the gap is zero. The sections, in order:
//!
//! | section | what | checked |
//! |---|---|---|
//! | warnings | count, then per warning its path and message | whole, on opening |
//! | articles | count, then per article: id, title, words, number of word tokens, the place and checksum of its text, tokens and sentences, its mentions and keyword hits | whole, on opening |
//! | texts | the articles' texts, one after another | per text |
//! | tokens | each article's word tokens as [`Tokens`](super::Tokens) holds them in memory | per article |
//! | sentences | each article's sentences, `start | end << 32` | per article |
//! | term text | the terms, one after another | per chunk |
//! | term entries | per term: where its text starts, where its postings start, their checksum; one more entry for where both end | per chunk |
//! | term table | term ids (`u32`) by hash of the term, open addressing; `u32::MAX` is free | per chunk |
//! | postings | each term's postings, one list after another | per list |
//! | compounds | count, then per whole term that stands as a compound, ascending: its id, how often it stands so, and its parts' count and term ids | whole, on first use, against the header |
//! | joins | one bit per word of the corpus, in corpus order: whether it joins the word before it (see [`super::joins`]), in `u64`s | whole, on first use, against the header |
//! | chunk sums | the checksums of the 16 KiB chunks of term text, term entries and term table | whole, on opening |
//!
//! A bulky part of more than a mebibyte (an article's text, tokens or sentences) is summed
//! by its pieces of a mebibyte ([`checksum::part_sum`]), so that the pieces of an article
//! of many megabytes are checked on every core.

mod article;
mod checksum;
mod file;
mod open;
mod write;

#[cfg(test)]
mod tests;

pub(crate) use article::CachedArticle;
pub(crate) use file::CacheFile;
pub(super) use open::{open, saved_key};
pub(super) use write::write;

const MAGIC: &[u8; 8] = b"lupeidx\0";
/// Bump when the layout changes.
const FORMAT: u64 = 5;
/// Written in the machine's byte order: read back in the other, it is another number.
const BYTE_ORDER: u64 = 0x0102_0304_0506_0708;
/// The unit in which the term dictionary is checked: a look-up reads a few of them.
const CHUNK: usize = 16 * 1024;
/// A free slot of the term table.
const FREE: u32 = u32::MAX;

/// The sections of the file, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Warnings,
    Articles,
    Texts,
    Tokens,
    Sentences,
    TermText,
    TermEntries,
    TermTable,
    Postings,
    Compounds,
    Joins,
    ChunkSums,
}

const SECTIONS: usize = 12;

impl Section {
    const ALL: [Section; SECTIONS] = [
        Section::Warnings,
        Section::Articles,
        Section::Texts,
        Section::Tokens,
        Section::Sentences,
        Section::TermText,
        Section::TermEntries,
        Section::TermTable,
        Section::Postings,
        Section::Compounds,
        Section::Joins,
        Section::ChunkSums,
    ];
    /// The sections checked in chunks, in the order their sums are kept.
    const CHUNKED: [Section; 3] = [Section::TermText, Section::TermEntries, Section::TermTable];

    /// Read and checked whole when the file is opened.
    fn is_eager(self) -> bool {
        matches!(
            self,
            Section::Warnings | Section::Articles | Section::ChunkSums
        )
    }

    /// Checked whole against a checksum in the header: on opening, or on first use.
    fn has_header_sum(self) -> bool {
        self.is_eager() || matches!(self, Section::Compounds | Section::Joins)
    }
}

/// Header: magic, format, byte order, key; per section offset, length, checksum; checksum.
const HEADER: usize = 32 + 24 * SECTIONS + 8;

/// A term entry: text start, postings start, postings checksum.
const ENTRY: usize = 24;

fn align8(n: usize) -> usize {
    n.div_ceil(8) * 8
}

fn pair(a: u32, b: u32) -> u64 {
    (a as u64) | ((b as u64) << 32)
}

fn unpair(v: u64) -> (u32, u32) {
    (v as u32, (v >> 32) as u32)
}

/// The `u64` at byte `at` of `bytes`, if it is all there.
fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    let word = bytes.get(at..at.checked_add(8)?)?;
    let mut b = [0u8; 8];
    b.copy_from_slice(word);
    Some(u64::from_ne_bytes(b))
}

/// Reads a section front to back, checking every length against what is left, so a bad
/// count can neither ask for a huge allocation nor read past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    fn u64(&mut self) -> Option<u64> {
        let v = u64_at(self.bytes, self.at)?;
        self.at += 8;
        Some(v)
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    /// A count of items of at least `min_size` bytes each: never more than could fit.
    fn count(&mut self, min_size: usize) -> Option<usize> {
        let n = self.usize()?;
        let left = self.bytes.len().saturating_sub(self.at);
        (n <= left / min_size.max(1)).then_some(n)
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.count(1)?;
        let s = std::str::from_utf8(self.bytes.get(self.at..self.at.checked_add(n)?)?).ok()?;
        self.at += n;
        Some(s)
    }

    fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }
}
