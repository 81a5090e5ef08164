//! The term dictionary and its postings: from a folded word to every place it stands.
//!
//! Terms are the folded forms of whole tokens and of the parts of hyphenated compounds, so
//! `Sanktionen` finds both `Sanktionen` and the part of `US-Sanktionen`.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// One place a term stands: an article, a token in it, and which part of that token
/// (0 for the whole token, k for the k-th part of a compound). Packed into 8 bytes, as a
/// 100 MB corpus has some ten million of them: 24 bits of article, 32 of token, 8 of part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Posting(u64);

/// The most articles an index can hold (2^24 - 1).
pub const MAX_ARTICLES: usize = (1 << 24) - 1;
/// The most parts of one compound that are indexed on their own.
pub const MAX_PARTS: usize = 255;

impl Posting {
    pub fn new(article: u32, token: u32, part: u16) -> Posting {
        debug_assert!((article as usize) <= MAX_ARTICLES && (part as usize) <= MAX_PARTS);
        Posting(((article as u64) << 40) | ((token as u64) << 8) | (part as u64 & 0xff))
    }

    /// The packed form, for the cache file.
    pub(crate) fn raw(self) -> u64 {
        self.0
    }

    pub(crate) fn from_raw(raw: u64) -> Posting {
        Posting(raw)
    }

    pub fn article(self) -> u32 {
        (self.0 >> 40) as u32
    }

    pub fn token(self) -> u32 {
        (self.0 >> 8) as u32
    }

    pub fn part(self) -> u16 {
        (self.0 & 0xff) as u16
    }
}

/// No term: the token is punctuation.
pub const NO_TERM: u32 = u32::MAX;

/// Every distinct term of the corpus with its postings, in corpus order.
#[derive(Debug, Default)]
pub struct Terms {
    ids: HashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    postings: Vec<Vec<Posting>>,
    /// Accent-stripped term to term ids, built on the first accent-insensitive query.
    stripped: OnceLock<HashMap<String, Vec<u32>>>,
}

impl Terms {
    /// The id of `term`, adding it when new.
    pub(crate) fn intern(&mut self, term: &str) -> u32 {
        if let Some(id) = self.ids.get(term) {
            return *id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.into(), id);
        self.terms.push(term.into());
        self.postings.push(Vec::new());
        id
    }

    pub(crate) fn add_posting(&mut self, id: u32, posting: Posting) {
        let list = &mut self.postings[id as usize];
        if list.len() == list.capacity() {
            // Lists grow by a quarter, not by doubling: the postings are most of the index,
            // and doubling left up to half of their room empty at the peak of the build.
            list.reserve_exact(list.len() / 4 + 4);
        }
        list.push(posting);
    }

    /// The id of a folded term.
    pub fn id(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }

    /// The folded text of a term.
    pub fn text(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    /// Where a term stands, in corpus order.
    pub fn postings(&self, id: u32) -> &[Posting] {
        &self.postings[id as usize]
    }

    /// How many distinct terms there are.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Gives back the room posting lists grew into while the index was built.
    pub(crate) fn shrink(&mut self) {
        for list in &mut self.postings {
            list.shrink_to_fit();
        }
        self.postings.shrink_to_fit();
        self.terms.shrink_to_fit();
    }

    /// Every term with its id.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> {
        self.terms.iter().enumerate().map(|(i, t)| (i as u32, &**t))
    }

    /// The terms that are `stripped` once their accents are removed.
    pub fn by_stripped(&self, stripped: &str) -> &[u32] {
        let map = self.stripped.get_or_init(|| {
            let mut map: HashMap<String, Vec<u32>> = HashMap::default();
            for (id, term) in self.iter() {
                map.entry(crate::text::strip_accents(term))
                    .or_default()
                    .push(id);
            }
            map
        });
        map.get(stripped).map(Vec::as_slice).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posting_packs_and_unpacks() {
        let p = Posting::new(MAX_ARTICLES as u32, u32::MAX, MAX_PARTS as u16);
        assert_eq!(
            (p.article(), p.token(), p.part()),
            (MAX_ARTICLES as u32, u32::MAX, 255)
        );
        let q = Posting::new(3, 17, 2);
        assert_eq!((q.article(), q.token(), q.part()), (3, 17, 2));
        assert!(
            Posting::new(1, 0, 0) > Posting::new(0, 9, 9),
            "ordered by article first"
        );
    }
}
