//! The term dictionary and its postings: from a folded word to every place it stands.
//!
//! Terms are the folded forms of whole tokens and of the parts of hyphenated compounds, so
//! `Sanktionen` finds both `Sanktionen` and the part of `US-Sanktionen`.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// One place a term stands: an article, a token in it, and which part of that token
/// (0 for the whole token, k for the k-th part of a compound).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Posting {
    pub article: u32,
    pub token: u32,
    pub part: u16,
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
        self.postings[id as usize].push(posting);
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
