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
use crate::lexicon::words::hash_form;

/// Bytes of a term kept in its slot: most terms are this short, and a look-up that finds
/// its term then reads one slot, not a slot, the term list and the term.
const HEAD: usize = 16;

/// The terms, in an open-addressing table of their own rather than a library's: each
/// analysing thread looks up every distinct word of every article here, some four million
/// times for 100 MB, in a table far larger than the processor's caches, and a slot that
/// holds the term's head answers most look-ups with one read.
pub(super) struct Vocabulary<'m> {
    /// A power of two in length, at most half full; probed linearly.
    slots: Vec<Slot>,
    terms: Vec<Box<str>>,
    infos: Vec<TermInfo<'m>>,
}

#[derive(Clone, Copy)]
struct Slot {
    /// The term's first [`HEAD`] bytes, zero after its end.
    head: [u8; HEAD],
    /// The term's id, or [`EMPTY`].
    id: u32,
    /// The term's length in bytes, saturated (longer terms are compared whole).
    len: u16,
    /// Whether its matcher info says anything (most words start no alias and are no
    /// keyword), so that finding a plain word never reads the info.
    has_info: bool,
}

const EMPTY: u32 = u32::MAX;

const FREE: Slot = Slot {
    head: [0; HEAD],
    id: EMPTY,
    len: 0,
    has_info: false,
};

/// A term's first [`HEAD`] bytes, zero after its end, and its saturated length.
fn head(term: &[u8]) -> ([u8; HEAD], u16) {
    let mut head = [0; HEAD];
    let n = term.len().min(HEAD);
    head[..n].copy_from_slice(&term[..n]);
    (head, term.len().min(u16::MAX as usize) as u16)
}

/// Nothing known of a term: what most terms' info is.
static NO_INFO: TermInfo<'static> = TermInfo::NONE;

impl Default for Vocabulary<'_> {
    fn default() -> Self {
        Vocabulary {
            slots: vec![FREE; 1024],
            terms: Vec::new(),
            infos: Vec::new(),
        }
    }
}

impl<'m> Vocabulary<'m> {
    /// The first slot to probe for a term whose [`hash_form`] is `hash`. The hash is mixed
    /// again and its top bits taken, so that every bit of it counts.
    fn home(&self, hash: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
    }

    /// The slot holding `term`, or the free slot where it would go.
    fn probe(&self, hash: u64, term: &[u8]) -> usize {
        let (h, len) = head(term);
        let mask = self.slots.len() - 1;
        let mut i = self.home(hash);
        loop {
            let slot = &self.slots[i];
            if slot.id == EMPTY
                || (slot.len == len
                    && slot.head == h
                    && (term.len() <= HEAD || self.terms[slot.id as usize].as_bytes() == term))
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The id and matcher info of `term`, whose [`hash_form`] is `hash`, if it is known.
    pub(super) fn find(&self, hash: u64, term: &str) -> Option<(u32, &TermInfo<'m>)> {
        let slot = &self.slots[self.probe(hash, term.as_bytes())];
        if slot.id == EMPTY {
            return None;
        }
        let info = if slot.has_info {
            &self.infos[slot.id as usize]
        } else {
            &NO_INFO
        };
        Some((slot.id, info))
    }

    /// The id of `term`, added with `info` if it is new.
    pub(super) fn add(&mut self, hash: u64, term: &str, info: TermInfo<'m>) -> u32 {
        let i = self.probe(hash, term.as_bytes());
        if self.slots[i].id != EMPTY {
            return self.slots[i].id;
        }
        let id = self.terms.len() as u32;
        let (head, len) = head(term.as_bytes());
        self.slots[i] = Slot {
            head,
            id,
            len,
            has_info: !info.is_none(),
        };
        self.terms.push(term.into());
        self.infos.push(info);
        if self.terms.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    /// Doubles the table, placing every term again.
    fn grow(&mut self) {
        let doubled = vec![FREE; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.id != EMPTY) {
            let mut i = self.home(hash_form(&self.terms[slot.id as usize]));
            while self.slots[i].id != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
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
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn add(v: &mut Vocabulary, term: &str) -> u32 {
        v.add(hash_form(term), term, TermInfo::default())
    }

    fn find(v: &Vocabulary, term: &str) -> Option<u32> {
        v.find(hash_form(term), term).map(|(id, _)| id)
    }

    #[test]
    fn ids_follow_the_order_terms_are_added_and_a_known_term_keeps_its_id() {
        let mut v = Vocabulary::default();
        assert_eq!(add(&mut v, "trump"), 0);
        assert_eq!(add(&mut v, "kim"), 1);
        assert_eq!(add(&mut v, "trump"), 0);
        assert_eq!(find(&v, "kim"), Some(1));
        assert!(find(&v, "moon").is_none());
        assert_eq!(
            &*v.into_terms(),
            ["trump".into(), "kim".into()] as [Box<str>; 2]
        );
    }

    #[test]
    fn terms_alike_in_their_first_bytes_are_told_apart() {
        // The first HEAD bytes live in the slot; the rest is compared from the term.
        let mut v = Vocabulary::default();
        let a = "wirtschaftssanktionen";
        let b = "wirtschaftssanktionsdebatte";
        let c = "wirtschaftssanktionem";
        assert_eq!(a[..HEAD], b[..HEAD]);
        assert_eq!((add(&mut v, a), add(&mut v, b), add(&mut v, c)), (0, 1, 2));
        assert_eq!(find(&v, a), Some(0));
        assert_eq!(find(&v, b), Some(1));
        assert_eq!(find(&v, c), Some(2));
        assert_eq!(find(&v, "wirtschaftssanktion"), None);
        assert_eq!(find(&v, "wirtschaftssanktionenx"), None);
        // Hundreds of terms of one length and one head, so that probes pass each other.
        let alike: Vec<String> = (0..400).map(|i| format!("{}{i:05}", &a[..HEAD])).collect();
        let ids: Vec<u32> = alike.iter().map(|t| add(&mut v, t)).collect();
        assert_eq!(ids, (3..403).collect::<Vec<u32>>());
        for (t, id) in alike.iter().zip(ids) {
            assert_eq!(find(&v, t), Some(id));
        }
        // A term as long as the head, and its prefixes, are each their own.
        let head = &a[..HEAD];
        assert_eq!(add(&mut v, head), 403);
        assert_eq!(add(&mut v, &a[..HEAD - 1]), 404);
        assert_eq!(find(&v, head), Some(403));
    }

    #[test]
    fn a_term_with_info_gives_it_back_and_a_plain_one_gives_none() {
        let mut v = Vocabulary::default();
        v.add(hash_form("atom"), "atom", TermInfo::of_topic(7));
        v.add(hash_form("haus"), "haus", TermInfo::default());
        assert_eq!(
            v.find(hash_form("atom"), "atom").unwrap().1.topic(),
            Some(7)
        );
        assert!(v.find(hash_form("haus"), "haus").unwrap().1.is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Against a plain map: the same ids for every term, through the table's growth
        /// from its first thousand slots, for short and long terms with shared starts.
        #[test]
        fn the_table_agrees_with_a_map(
            terms in proptest::collection::vec("(wirtschafts|ab|)[a-cä]{0,20}", 600..2500),
            absent in proptest::collection::vec("[x-zß]{1,20}", 0..20),
        ) {
            let mut v = Vocabulary::default();
            let mut model: HashMap<&str, u32> = HashMap::new();
            for t in &terms {
                let next = model.len() as u32;
                let want = *model.entry(t.as_str()).or_insert(next);
                prop_assert_eq!(add(&mut v, t), want);
            }
            prop_assert_eq!(v.len(), model.len());
            for (t, &id) in &model {
                prop_assert_eq!(find(&v, t), Some(id));
            }
            for t in &absent {
                prop_assert_eq!(find(&v, t), None);
            }
        }
    }
}
