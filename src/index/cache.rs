//! The index on disk, so that a second look-up in a large corpus does not index it again.
//!
//! The file is plain little-endian arrays behind a header that names the format and the
//! key it was written for. The key covers everything the index depends on (the files'
//! paths, sizes and modification times, the lexicon, lupe's version), so a changed file or
//! lexicon is never served stale. A file that is damaged in any way is rejected: every
//! length, offset and id is checked before anything is used, and the caller rebuilds.

use super::terms::{Posting, Terms};
use super::tokens::Tokens;
use super::{ArticleIndex, Index, KeywordHit, Mention, Span};
use crate::corpus::LoadWarning;
use crate::lexicon::Lexicon;
use crate::lexicon::matcher::{MatchRule, Matcher};
use std::io::{self, Read, Write};

const MAGIC: &[u8; 8] = b"lupeidx\0";
/// Bump when the layout below changes.
const FORMAT: u64 = 1;

/// Writes `index` for `key`.
pub fn write(index: &Index, key: u64, out: &mut impl Write) -> io::Result<()> {
    let mut w = Writer { out };
    w.bytes(MAGIC)?;
    w.u64(FORMAT)?;
    w.u64(key)?;
    w.u64(index.warnings.len() as u64)?;
    for warning in &index.warnings {
        w.str(&warning.path)?;
        w.str(&warning.message)?;
    }
    w.u64(index.articles.len() as u64)?;
    for a in &index.articles {
        w.str(&a.id)?;
        w.str(&a.title)?;
        w.str(&a.text)?;
        w.u64(a.words as u64)?;
        w.u64s(&a.tokens.packed())?;
        w.u64s(
            &a.sentences
                .iter()
                .map(|s| pair(s.start, s.end))
                .collect::<Vec<_>>(),
        )?;
        w.u64(a.mentions.len() as u64)?;
        for m in &a.mentions {
            w.u64(pair(m.start, m.end))?;
            w.u64(pair(m.actor, m.alias))?;
            w.u64(rule_code(m.rule))?;
        }
        w.u64(a.keywords.len() as u64)?;
        for k in &a.keywords {
            w.u64(pair(k.start, k.end))?;
            w.u64(k.topic as u64)?;
        }
    }
    w.u64(index.terms.len() as u64)?;
    for (id, term) in index.terms.iter() {
        w.str(term)?;
        let postings: Vec<u64> = index.terms.postings(id).iter().map(|p| p.raw()).collect();
        w.u64s(&postings)?;
    }
    Ok(())
}

/// The index in `input` (of `len` bytes), if it is a sound cache file written for `key`;
/// `None` for anything else, damaged or stale.
pub fn read(input: impl Read, len: usize, key: u64, lexicon: &Lexicon) -> Option<Index> {
    let mut r = Reader { input, left: len };
    if r.take(8)? != MAGIC || r.u64()? != FORMAT || r.u64()? != key {
        return None;
    }
    let mut warnings = Vec::new();
    for _ in 0..r.count(16)? {
        warnings.push(LoadWarning {
            path: r.string()?,
            message: r.string()?,
        });
    }
    let actors = lexicon.actors.len() as u32;
    let topics = lexicon.topics.len() as u32;
    let mut articles = Vec::new();
    for _ in 0..r.count(64)? {
        let id = r.string()?;
        let title = r.string()?;
        let text = r.string()?;
        let within = |start: u32, end: u32| {
            start <= end
                && (end as usize) <= text.len()
                && text.is_char_boundary(start as usize)
                && text.is_char_boundary(end as usize)
        };
        let words = r.u64()? as usize;
        let tokens = Tokens::from_packed(r.u64s()?);
        if !tokens.iter().all(|t| within(t.start, t.end)) {
            return None;
        }
        let mut sentences = Vec::new();
        for s in r.u64s()? {
            let (start, end) = unpair(s);
            within(start, end).then_some(())?;
            sentences.push(Span { start, end });
        }
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
        articles.push(ArticleIndex {
            id,
            text,
            title,
            tokens,
            sentences,
            mentions,
            keywords,
            words,
        });
    }
    let mut terms = Terms::default();
    for _ in 0..r.count(16)? {
        let term = r.string()?;
        let id = terms.intern(&term);
        (id as usize + 1 == terms.len()).then_some(())?; // a term twice: damaged
        for raw in r.u64s()? {
            let p = Posting::from_raw(raw);
            let article = articles.get(p.article() as usize)?;
            if p.token() as usize >= article.tokens.len() {
                return None;
            }
            terms.add_posting(id, p);
        }
    }
    // Nothing may follow: a longer file is not the file that was written.
    if r.left != 0 || r.input.read(&mut [0u8; 1]).ok()? != 0 {
        return None;
    }
    let mut index = Index {
        actor_mentions: vec![Vec::new(); lexicon.actors.len()],
        topic_hits: vec![Vec::new(); lexicon.topics.len()],
        matcher: Matcher::new(lexicon),
        articles: Vec::new(),
        lexicon: lexicon.clone(),
        warnings,
        terms,
    };
    for (a, article) in articles.into_iter().enumerate() {
        for (m, mention) in article.mentions.iter().enumerate() {
            index.actor_mentions[mention.actor as usize].push((a as u32, m as u32));
        }
        for (k, hit) in article.keywords.iter().enumerate() {
            index.topic_hits[hit.topic as usize].push((a as u32, k as u32));
        }
        index.articles.push(article);
    }
    index.terms.shrink();
    Some(index)
}

fn pair(a: u32, b: u32) -> u64 {
    (a as u64) | ((b as u64) << 32)
}

fn unpair(v: u64) -> (u32, u32) {
    (v as u32, (v >> 32) as u32)
}

fn rule_code(rule: MatchRule) -> u64 {
    match rule {
        MatchRule::Exact => 0,
        MatchRule::Inflected => 1,
        MatchRule::CompoundPart => 2,
        MatchRule::Truncated => 3,
    }
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

struct Writer<'w, W: Write> {
    out: &'w mut W,
}

impl<W: Write> Writer<'_, W> {
    fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.out.write_all(b)
    }

    fn u64(&mut self, v: u64) -> io::Result<()> {
        self.out.write_all(&v.to_le_bytes())
    }

    fn str(&mut self, s: &str) -> io::Result<()> {
        self.u64(s.len() as u64)?;
        self.out.write_all(s.as_bytes())
    }

    fn u64s(&mut self, values: &[u64]) -> io::Result<()> {
        self.u64(values.len() as u64)?;
        // One write for the whole array: these are the bulk of the file.
        let mut buf = Vec::with_capacity(values.len() * 8);
        for v in values {
            buf.extend_from_slice(&v.to_le_bytes());
        }
        self.out.write_all(&buf)
    }
}

/// Reads the file front to back, checking every length against what is left, so a damaged
/// count can neither ask for a huge allocation nor read past the end.
struct Reader<R: Read> {
    input: R,
    left: usize,
}

impl<R: Read> Reader<R> {
    fn take(&mut self, n: usize) -> Option<Vec<u8>> {
        if n > self.left {
            return None;
        }
        let mut buf = vec![0; n];
        self.input.read_exact(&mut buf).ok()?;
        self.left -= n;
        Some(buf)
    }

    fn u64(&mut self) -> Option<u64> {
        let mut b = [0u8; 8];
        if self.left < 8 {
            return None;
        }
        self.input.read_exact(&mut b).ok()?;
        self.left -= 8;
        Some(u64::from_le_bytes(b))
    }

    /// A count of items of at least `min_size` bytes each: never more than could fit in
    /// what is left.
    fn count(&mut self, min_size: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= self.left / min_size.max(1)).then_some(n)
    }

    fn string(&mut self) -> Option<String> {
        let n = self.count(1)?;
        String::from_utf8(self.take(n)?).ok()
    }

    fn u64s(&mut self) -> Option<Vec<u64>> {
        let n = self.count(8)?;
        let b = self.take(n * 8)?;
        Some(
            b.chunks_exact(8)
                .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::query::{evaluate, parse};

    fn saved() -> (Index, Vec<u8>) {
        let index = Index::build(Corpus::builtin(), Lexicon::builtin());
        let mut bytes = Vec::new();
        write(&index, 42, &mut bytes).expect("write to memory");
        (index, bytes)
    }

    fn same(a: &Index, b: &Index) {
        assert_eq!(a.articles().len(), b.articles().len());
        for (x, y) in a.articles().iter().zip(b.articles()) {
            assert_eq!(
                (&x.id, &x.title, &x.text, x.words),
                (&y.id, &y.title, &y.text, y.words)
            );
            assert_eq!(x.tokens, y.tokens);
            assert_eq!(x.sentences, y.sentences);
            assert_eq!(x.mentions, y.mentions);
            assert_eq!(x.keywords, y.keywords);
        }
        for q in ["Sanktionen", "@trump", "#nuclear", "Kim Jong Un", "Atom*"] {
            let query = parse(q).expect("parses");
            assert_eq!(evaluate(a, &query), evaluate(b, &query), "{q}");
        }
    }

    #[test]
    fn an_index_read_back_is_the_index_written() {
        let (index, bytes) = saved();
        let back = read(&bytes[..], bytes.len(), 42, &Lexicon::builtin()).expect("reads back");
        same(&index, &back);
    }

    #[test]
    fn another_key_is_a_miss() {
        let (_, bytes) = saved();
        assert!(read(&bytes[..], bytes.len(), 43, &Lexicon::builtin()).is_none());
    }

    #[test]
    fn a_truncated_or_damaged_file_is_never_trusted() {
        let (_, bytes) = saved();
        for cut in [0, 7, 8, 30, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                read(&bytes[..cut], cut, 42, &Lexicon::builtin()).is_none(),
                "cut at {cut}"
            );
        }
        // Flip bytes all through the file: each result is either rejected or, where the
        // flipped byte was inside some text, still an index that answers without panicking.
        let step = (bytes.len() / 97).max(1);
        for at in (0..bytes.len()).step_by(step) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0xa5;
            if let Some(index) = read(&damaged[..], damaged.len(), 42, &Lexicon::builtin()) {
                let _ = evaluate(&index, &parse("Trump").expect("parses"));
            }
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(read(&longer[..], bytes.len(), 42, &Lexicon::builtin()).is_none());
    }
}
