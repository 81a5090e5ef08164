//! Opening a cache file: the header and the small sections are read and checked whole;
//! the rest waits in the map until a query needs it.

use super::article::{ArticleParts, CachedArticle, Part};
use super::checksum::checksum;
use super::file::CacheFile;
use super::{BYTE_ORDER, FORMAT, HEADER, MAGIC, Reader, SECTIONS, Section, align8, u64_at, unpair};
use crate::corpus::LoadWarning;
use crate::index::{ArticleIndex, Index, KeywordHit, Lazy, Mention, Terms};
use crate::lexicon::Lexicon;
use crate::lexicon::matcher::{MatchRule, Matcher};
use memmap2::Mmap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// The index cached at `path` for `key`, if the file is there, written for `key`, and its
/// header and metadata are sound; `None` for anything else.
pub fn open(path: &Path, key: u64, lexicon: &Lexicon) -> Option<Index> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the map is only read, and lupe never changes a cache file in place: it writes
    // a new one and renames it over the old, which leaves this map as it was. (A file cut
    // short by someone else while mapped would make reading it fault, as any mapped file.)
    let map = unsafe { Mmap::map(&file) }.ok()?;
    read(map, key, lexicon)
}

/// The key in the header of the file at `path`, if it is a cache file of this format.
pub fn saved_key(path: &Path) -> Option<u64> {
    let mut start = [0u8; 32];
    std::io::Read::read_exact(&mut std::fs::File::open(path).ok()?, &mut start).ok()?;
    let word = |i: usize| u64_at(&start, 8 + i * 8);
    (&start[..8] == MAGIC && word(0)? == FORMAT && word(1)? == BYTE_ORDER).then_some(word(2)?)
}

fn read(map: Mmap, key: u64, lexicon: &Lexicon) -> Option<Index> {
    let sections = sections(&map, key)?;
    let part = |s: Section| &map[sections[s as usize].clone()];

    let mut r = Reader::new(part(Section::Warnings));
    let mut warnings = Vec::new();
    for _ in 0..r.count(16)? {
        warnings.push(LoadWarning {
            path: r.str()?.to_string(),
            message: r.str()?.to_string(),
        });
    }
    r.is_done().then_some(())?;

    let (meta, parts) = articles(part(Section::Articles), lexicon)?;
    let file = Arc::new(CacheFile::new(map, sections, parts)?);

    let mut index = Index {
        articles: Vec::with_capacity(meta.len()),
        matcher: Matcher::new(lexicon),
        lexicon: lexicon.clone(),
        warnings,
        terms: Terms::cached(Arc::clone(&file)),
        actor_mentions: vec![Vec::new(); lexicon.actors.len()],
        topic_hits: vec![Vec::new(); lexicon.topics.len()],
        word_starts: Default::default(),
    };
    for (a, m) in meta.into_iter().enumerate() {
        for (i, mention) in m.mentions.iter().enumerate() {
            index.actor_mentions[mention.actor as usize].push((a as u32, i as u32));
        }
        for (k, hit) in m.keywords.iter().enumerate() {
            index.topic_hits[hit.topic as usize].push((a as u32, k as u32));
        }
        let cached = || CachedArticle::new(Arc::clone(&file), a);
        index.articles.push(ArticleIndex {
            id: m.id,
            text: Lazy::cached(cached()),
            title: m.title,
            tokens: Lazy::cached(cached()),
            sentences: Lazy::cached(cached()),
            mentions: m.mentions,
            keywords: m.keywords,
            words: m.words,
        });
    }
    Some(index)
}

/// The sections' byte ranges, if the header is sound and written for `key`, the sections
/// follow each other with only zeros between them up to the end of the file, and those
/// checked whole are sound.
pub(super) fn sections(map: &[u8], key: u64) -> Option<[Range<usize>; SECTIONS]> {
    let header = map.get(..HEADER)?;
    let word = |i: usize| u64_at(header, 8 + i * 8);
    if &header[..8] != MAGIC
        || word(0)? != FORMAT
        || word(1)? != BYTE_ORDER
        || word(2)? != key
        || word(3 + 3 * SECTIONS)? != checksum(&header[..HEADER - 8])
    {
        return None;
    }
    let mut sections: [Range<usize>; SECTIONS] = Default::default();
    let mut end = HEADER;
    for section in Section::ALL {
        let s = section as usize;
        let at = |i: usize| word(3 + 3 * s + i).and_then(|v| usize::try_from(v).ok());
        let (start, len) = (at(0)?, at(1)?);
        if start != align8(end) || map.get(end..start)?.iter().any(|&b| b != 0) {
            return None;
        }
        end = start.checked_add(len)?;
        let bytes = map.get(start..end)?;
        if section.is_eager() && word(3 + 3 * s + 2)? != checksum(bytes) {
            return None;
        }
        sections[s] = start..end;
    }
    // Nothing may follow: a longer file is not the file that was written.
    (end == map.len()).then_some(sections)
}

/// What an article holds in memory from the start: everything but its bulky parts.
struct Meta {
    id: String,
    title: String,
    words: usize,
    mentions: Vec<Mention>,
    keywords: Vec<KeywordHit>,
}

/// The articles section: each article's metadata, and where its bulky parts lie. Every
/// offset is checked against its text's length and every id against the lexicon.
fn articles(bytes: &[u8], lexicon: &Lexicon) -> Option<(Vec<Meta>, Vec<ArticleParts>)> {
    let mut r = Reader::new(bytes);
    let actors = lexicon.actors.len() as u32;
    let topics = lexicon.topics.len() as u32;
    let n = r.count(13 * 8)?;
    let (mut meta, mut parts) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        let id = r.str()?.to_string();
        let title = r.str()?.to_string();
        let words = r.usize()?;
        let token_count = r.usize()?;
        // Both count the article's word tokens. Queries number the corpus's words by
        // `words` and check postings against `token_count`: a file where they differ
        // was not written by lupe as it is, and is not trusted.
        if words != token_count {
            return None;
        }
        let mut part = || {
            Some(Part {
                start: r.usize()?,
                len: r.usize()?,
                sum: r.u64()?,
            })
        };
        let (text, tokens, sentences) = (part()?, part()?, part()?);
        let within = |start: u32, end: u32| start <= end && end as usize <= text.len;
        let marks = r.at;
        let mut mentions = Vec::new();
        for _ in 0..r.count(24)? {
            let (start, end) = unpair(r.u64()?);
            let (actor, alias) = unpair(r.u64()?);
            let rule = rule_of(r.u64()?)?;
            (within(start, end) && actor < actors).then_some(())?;
            let aliases = lexicon.actors[actor as usize].aliases.len() as u32;
            (alias < aliases).then_some(())?;
            mentions.push(Mention {
                start,
                end,
                actor,
                alias,
                rule,
            });
        }
        let mut keywords = Vec::new();
        for _ in 0..r.count(16)? {
            let (start, end) = unpair(r.u64()?);
            let topic = u32::try_from(r.u64()?).ok()?;
            (within(start, end) && topic < topics).then_some(())?;
            keywords.push(KeywordHit { start, end, topic });
        }
        meta.push(Meta {
            id,
            title,
            words,
            mentions,
            keywords,
        });
        parts.push(ArticleParts {
            text,
            tokens,
            token_count,
            sentences,
            marks,
            read: Default::default(),
        });
    }
    r.is_done().then_some((meta, parts))
}

fn rule_of(code: u64) -> Option<MatchRule> {
    Some(match code {
        0 => MatchRule::Exact,
        1 => MatchRule::Inflected,
        2 => MatchRule::CompoundPart,
        3 => MatchRule::Truncated,
        _ => return None,
    })
}
