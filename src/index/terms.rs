//! The term dictionary and its postings: from a folded word to every place it stands.
//!
//! Terms are the folded forms of whole tokens and of the parts of hyphenated compounds, so
//! `Sanktionen` finds both `Sanktionen` and the part of `US-Sanktionen`.

use super::cache::CacheFile;
use super::compounds::Compounds;
use super::list::PostingList;
use super::vocabulary::TermTable;
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, OnceLock};

/// One place a term stands: an article, a token in it, and which part of that token
/// (0 for the whole token, k for the k-th part of a compound). Packed into 8 bytes, as a
/// 100 MB corpus has some ten million of them: 24 bits of article, 32 of token, 8 of part.
/// (`repr(transparent)`: a cached index lends its posting lists straight from the file.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
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

    /// The same place in article `article`: the build finds places in an article before
    /// it knows the article's number.
    pub(crate) fn in_article(self, article: u32) -> Posting {
        debug_assert!((article as usize) <= MAX_ARTICLES && self.article() == 0);
        Posting(self.0 | ((article as u64) << 40))
    }

    /// The packed form, which sorts in corpus order: for the cache file and for merging
    /// posting lists.
    pub(crate) fn raw(self) -> u64 {
        self.0
    }

    /// From [`Posting::raw`]'s form.
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

/// Every distinct term of the corpus with its postings, in corpus order: built in memory,
/// or read from the cache file as they are looked up.
///
/// Ids are given in the order terms first stand in the corpus, article by article: the
/// first posting of a term is never in an article before the first posting of a term with
/// a smaller id. A first screen relies on it to stop reading lists early.
#[derive(Debug, Default)]
pub struct Terms {
    store: Store,
    /// Accent-stripped term to term ids, built on the first accent-insensitive query.
    stripped: OnceLock<HashMap<String, Vec<u32>>>,
}

#[derive(Debug)]
enum Store {
    Built(Built),
    Cached(Arc<CacheFile>),
}

impl Default for Store {
    fn default() -> Self {
        Store::Built(Built::default())
    }
}

#[derive(Debug, Default)]
struct Built {
    terms: TermTable,
    postings: Vec<PostingList>,
    compounds: Compounds,
    /// Which words join the word before them (see [`super::joins`]).
    joins: Vec<u64>,
}

impl Terms {
    /// The terms of a cache file.
    pub(crate) fn cached(file: Arc<CacheFile>) -> Terms {
        Terms {
            store: Store::Cached(file),
            stripped: OnceLock::new(),
        }
    }

    /// The cache file the terms are read from, if they are.
    pub(crate) fn cache_file(&self) -> Option<&Arc<CacheFile>> {
        match &self.store {
            Store::Built(_) => None,
            Store::Cached(file) => Some(file),
        }
    }

    /// The terms of a built index, by id, with their postings in corpus order.
    pub(super) fn built(
        terms: TermTable,
        mut postings: Vec<PostingList>,
        mut compounds: Compounds,
        joins: Vec<u64>,
    ) -> Terms {
        // Give back the room the lists grew into while the index was built.
        for list in &mut postings {
            list.shrink_to_fit();
        }
        compounds.shrink_to_fit();
        Terms {
            store: Store::Built(Built {
                terms,
                postings,
                compounds,
                joins,
            }),
            stripped: OnceLock::new(),
        }
    }

    /// The id of a folded term.
    pub fn id(&self, term: &str) -> Option<u32> {
        match &self.store {
            Store::Built(b) => b.terms.id(term),
            Store::Cached(file) => file.term_id(term),
        }
    }

    /// The folded text of a term.
    pub fn text(&self, id: u32) -> &str {
        match &self.store {
            Store::Built(b) => b.terms.text(id),
            Store::Cached(file) => file.term_text(id),
        }
    }

    /// The ids of the terms that hold `piece`: at their start if `at_start`, at their end
    /// if `at_end` (both: the whole term), anywhere if neither; in id order. One search
    /// over all the terms' text (`index::term_search`); term by term where that
    /// cannot be read.
    pub fn with_piece(&self, piece: &str, at_start: bool, at_end: bool) -> Vec<u32> {
        let found = match &self.store {
            Store::Built(b) => super::term_search::terms_with(
                b.terms.all_text().as_bytes(),
                b.terms.len(),
                piece.as_bytes(),
                at_start,
                at_end,
                |id| b.terms.start(id),
            ),
            Store::Cached(file) => file.all_term_text().and_then(|text| {
                super::term_search::terms_with(
                    text,
                    file.term_count(),
                    piece.as_bytes(),
                    at_start,
                    at_end,
                    |id| file.term_start(id),
                )
            }),
        };
        found.unwrap_or_else(|| {
            self.iter()
                .filter(|(_, t)| super::term_search::holds(t, piece, at_start, at_end))
                .map(|(id, _)| id)
                .collect()
        })
    }

    /// Where a term stands, in corpus order.
    pub fn postings(&self, id: u32) -> &[Posting] {
        match &self.store {
            Store::Built(b) => b.postings[id as usize].as_slice(),
            Store::Cached(file) => file.postings(id),
        }
    }

    /// The table of compounds, if it can be read (see [`Compounds`]).
    pub(crate) fn compounds(&self) -> Option<&Compounds> {
        match &self.store {
            Store::Built(b) => Some(&b.compounds),
            Store::Cached(file) => file.compounds(),
        }
    }

    /// One bit per word of the corpus: whether it joins the word before it (see
    /// [`super::joins`]); empty if a damaged cache file lost them.
    pub(crate) fn joins(&self) -> &[u64] {
        match &self.store {
            Store::Built(b) => &b.joins,
            Store::Cached(file) => file.joins(),
        }
    }

    /// How many part postings of the terms `ids` (ascending, each once) lie in a whole
    /// token that is one of `ids` too, if the table of compounds can tell.
    pub(crate) fn covered_parts(&self, ids: &[u32]) -> Option<u64> {
        self.compounds()?.covered(ids, self.len())
    }

    /// Tells a cached index that every hit of term `id` is about to be cut from its
    /// article's tokens, so it may start reading them ahead; nothing for a built index.
    pub(crate) fn read_ahead(&self, id: u32) {
        if let Store::Cached(file) = &self.store {
            file.read_ahead_for(id);
        }
    }

    /// How many distinct terms there are.
    pub fn len(&self) -> usize {
        match &self.store {
            Store::Built(b) => b.terms.len(),
            Store::Cached(file) => file.term_count(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every term with its id.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> {
        (0..self.len() as u32).map(|id| (id, self.text(id)))
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
