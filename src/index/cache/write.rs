//! Writing the cache file (layout in the parent module). The small sections are made in
//! memory first, as their checksums and the places of the bulky parts go into the header
//! and the article metadata ahead of them; the bulky parts are then streamed.

use super::checksum::{checksum, part_sum};
use super::{BYTE_ORDER, CHUNK, FORMAT, FREE, HEADER, MAGIC, SECTIONS, Section, align8, pair};
use crate::index::Index;
use crate::index::compounds::Compounds;
use crate::lexicon::matcher::MatchRule;
use std::io::{self, Write};

/// Writes `index` for `key`.
pub fn write(index: &Index, key: u64, out: &mut impl Write) -> io::Result<()> {
    let mut lens = [0usize; SECTIONS];
    let mut small: [Vec<u8>; SECTIONS] = Default::default();
    let mut scratch = Vec::new();

    let w = &mut small[Section::Warnings as usize];
    put(w, index.warnings.len() as u64);
    for warning in &index.warnings {
        put_str(w, &warning.path);
        put_str(w, &warning.message);
    }

    let mut meta = Vec::new();
    put(&mut meta, index.articles.len() as u64);
    let (mut texts, mut tokens, mut sentences) = (0, 0, 0);
    for a in &index.articles {
        put_str(&mut meta, &a.id);
        put_str(&mut meta, &a.title);
        put(&mut meta, a.words as u64);
        put(&mut meta, a.tokens.len() as u64);
        put_part(&mut meta, &mut texts, a.text.as_bytes());
        a.tokens.write_cached(&mut scratch);
        put_part(&mut meta, &mut tokens, &scratch);
        sentences_into(&a.sentences, &mut scratch);
        put_part(&mut meta, &mut sentences, &scratch);
        put(&mut meta, a.mentions.len() as u64);
        for m in &a.mentions {
            put(&mut meta, pair(m.start, m.end));
            put(&mut meta, pair(m.actor, m.alias));
            put(&mut meta, rule_code(m.rule));
        }
        put(&mut meta, a.keywords.len() as u64);
        for k in &a.keywords {
            put(&mut meta, pair(k.start, k.end));
            put(&mut meta, k.topic as u64);
        }
    }
    small[Section::Articles as usize] = meta;
    lens[Section::Texts as usize] = texts;
    lens[Section::Tokens as usize] = tokens;
    lens[Section::Sentences as usize] = sentences;

    let terms = &index.terms;
    let (mut text, mut entries) = (Vec::new(), Vec::new());
    let mut postings = 0u64;
    for (id, term) in terms.iter() {
        put(&mut entries, text.len() as u64);
        put(&mut entries, postings);
        let list = terms.postings(id);
        postings_into(list, &mut scratch);
        put(&mut entries, checksum(&scratch));
        postings += list.len() as u64;
        text.extend_from_slice(term.as_bytes());
    }
    put(&mut entries, text.len() as u64);
    put(&mut entries, postings);
    put(&mut entries, 0);
    small[Section::TermTable as usize] = term_table(index);
    small[Section::TermText as usize] = text;
    small[Section::TermEntries as usize] = entries;
    lens[Section::Postings as usize] = postings as usize * 8;
    // Only a damaged cached index lacks the table, and a damaged index is not kept.
    small[Section::Compounds as usize] =
        compounds(terms.compounds().unwrap_or(&Default::default()));
    small[Section::Joins as usize] = terms.joins().iter().flat_map(|b| b.to_ne_bytes()).collect();

    let mut sums = Vec::new();
    for section in Section::CHUNKED {
        for chunk in small[section as usize].chunks(CHUNK) {
            put(&mut sums, checksum(chunk));
        }
    }
    small[Section::ChunkSums as usize] = sums;

    let mut header = Vec::with_capacity(HEADER);
    header.extend_from_slice(MAGIC);
    put(&mut header, FORMAT);
    put(&mut header, BYTE_ORDER);
    put(&mut header, key);
    let mut offsets = [0usize; SECTIONS];
    let mut end = HEADER;
    for section in Section::ALL {
        let s = section as usize;
        if !small[s].is_empty() {
            lens[s] = small[s].len();
        }
        offsets[s] = align8(end);
        end = offsets[s] + lens[s];
        put(&mut header, offsets[s] as u64);
        put(&mut header, lens[s] as u64);
        let sum = if section.has_header_sum() {
            checksum(&small[s])
        } else {
            0
        };
        put(&mut header, sum);
    }
    let sum = checksum(&header);
    put(&mut header, sum);
    debug_assert_eq!(header.len(), HEADER);

    out.write_all(&header)?;
    let mut at = HEADER;
    for section in Section::ALL {
        let s = section as usize;
        out.write_all(&[0u8; 8][..offsets[s] - at])?;
        match section {
            Section::Texts => {
                for a in &index.articles {
                    out.write_all(a.text.as_bytes())?;
                }
            }
            Section::Tokens => {
                for a in &index.articles {
                    a.tokens.write_cached(&mut scratch);
                    out.write_all(&scratch)?;
                }
            }
            Section::Sentences => {
                for a in &index.articles {
                    sentences_into(&a.sentences, &mut scratch);
                    out.write_all(&scratch)?;
                }
            }
            Section::Postings => {
                for (id, _) in terms.iter() {
                    postings_into(terms.postings(id), &mut scratch);
                    out.write_all(&scratch)?;
                }
            }
            _ => out.write_all(&small[s])?,
        }
        at = offsets[s] + lens[s];
    }
    Ok(())
}

/// The term table: each term's id in the first free slot from its hash on, in a table at
/// most half full, so a look-up reads one or two slots.
fn term_table(index: &Index) -> Vec<u8> {
    let terms = &index.terms;
    let slots = (terms.len() * 2).next_power_of_two().max(8);
    let mask = slots - 1;
    let mut table = vec![FREE; slots];
    for (id, term) in terms.iter() {
        let mut slot = checksum(term.as_bytes()) as usize & mask;
        while table[slot] != FREE {
            slot = (slot + 1) & mask;
        }
        table[slot] = id;
    }
    table.iter().flat_map(|id| id.to_ne_bytes()).collect()
}

/// The compounds section.
fn compounds(table: &Compounds) -> Vec<u8> {
    let mut out = Vec::new();
    put(&mut out, table.iter().count() as u64);
    for (whole, occurrences, parts) in table.iter() {
        put(&mut out, whole as u64);
        put(&mut out, occurrences as u64);
        put(&mut out, parts.len() as u64);
        for &part in parts {
            put(&mut out, part as u64);
        }
    }
    out
}

fn put(buf: &mut Vec<u8>, v: u64) {
    buf.extend_from_slice(&v.to_ne_bytes());
}

fn put_str(buf: &mut Vec<u8>, s: &str) {
    put(buf, s.len() as u64);
    buf.extend_from_slice(s.as_bytes());
}

/// The place of a bulky part in its section (which grows by it) and its checksum.
fn put_part(meta: &mut Vec<u8>, section_len: &mut usize, bytes: &[u8]) {
    put(meta, *section_len as u64);
    put(meta, bytes.len() as u64);
    put(meta, part_sum(bytes));
    *section_len += bytes.len();
}

fn sentences_into(sentences: &[crate::index::Span], buf: &mut Vec<u8>) {
    buf.clear();
    for s in sentences {
        buf.extend_from_slice(&pair(s.start, s.end).to_ne_bytes());
    }
}

fn postings_into(postings: &[crate::index::Posting], buf: &mut Vec<u8>) {
    buf.clear();
    buf.reserve(postings.len() * 8);
    for p in postings {
        buf.extend_from_slice(&p.raw().to_ne_bytes());
    }
}

pub(super) fn rule_code(rule: MatchRule) -> u64 {
    match rule {
        MatchRule::Exact => 0,
        MatchRule::Inflected => 1,
        MatchRule::CompoundPart => 2,
        MatchRule::Truncated => 3,
    }
}
