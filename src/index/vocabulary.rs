//! The terms of the corpus as the build finds them, shared by the threads that analyse
//! articles.
//!
//! Each analysing thread looks its article's distinct words up here, so the merge, which
//! takes one article at a time and so bounds the build, only adds the words never seen
//! before: after the first few hundred articles that is a few in a hundred. And what the
//! matcher needs to know of a word (which aliases it may start, which topic it is) is
//! worked out once per corpus instead of once per article.
//!
//! Ids are given by the merge alone, in corpus order, so they never depend on which thread
//! looked what up first: a term found here already has the id the merge would give it.

use crate::lexicon::matcher::TermInfo;
use crate::lexicon::words::{hash_form, same_bytes};
use hashbrown::HashTable;

#[derive(Default)]
pub(super) struct Vocabulary<'m> {
    ids: HashTable<u32>,
    terms: Vec<Box<str>>,
    infos: Vec<TermInfo<'m>>,
}

impl<'m> Vocabulary<'m> {
    /// The id and matcher info of `term`, whose [`hash_form`] is `hash`, if it is known.
    pub(super) fn find(&self, hash: u64, term: &str) -> Option<(u32, &TermInfo<'m>)> {
        let id = *self.ids.find(hash, |&id| {
            same_bytes(self.terms[id as usize].as_bytes(), term.as_bytes())
        })?;
        Some((id, &self.infos[id as usize]))
    }

    /// The id of `term`, added with `info` if it is new.
    pub(super) fn add(&mut self, hash: u64, term: &str, info: TermInfo<'m>) -> u32 {
        if let Some((id, _)) = self.find(hash, term) {
            return id;
        }
        let id = self.terms.len() as u32;
        let terms = &self.terms;
        self.ids
            .insert_unique(hash, id, |&id| hash_form(&terms[id as usize]));
        self.terms.push(term.into());
        self.infos.push(info);
        id
    }

    pub(super) fn len(&self) -> usize {
        self.terms.len()
    }

    /// The terms by id, for the index.
    pub(super) fn into_terms(self) -> Vec<Box<str>> {
        self.terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_order_terms_are_added_and_a_known_term_keeps_its_id() {
        let mut v = Vocabulary::default();
        let info = || TermInfo::default();
        assert_eq!(v.add(hash_form("trump"), "trump", info()), 0);
        assert_eq!(v.add(hash_form("kim"), "kim", info()), 1);
        assert_eq!(v.add(hash_form("trump"), "trump", info()), 0);
        assert_eq!(v.find(hash_form("kim"), "kim").map(|(id, _)| id), Some(1));
        assert!(v.find(hash_form("moon"), "moon").is_none());
        assert_eq!(
            &*v.into_terms(),
            ["trump".into(), "kim".into()] as [Box<str>; 2]
        );
    }
}
