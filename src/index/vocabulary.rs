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

/// The terms, in an open-addressing table of their own rather than a library's: each
/// analysing thread looks up every distinct word of every article here, some four million
/// times for 100 MB, in a table larger than the processor's nearer caches. A slot is eight
/// bytes, a tag of the term's hash and its id, so that the table is a third of what it was
/// with the term's first bytes in it (1 MB rather than 3 MB for 60,000 terms): most
/// look-ups were waiting for a slot from memory, and a tag that matches is nearly always
/// the term, which is then compared once from the terms' text, kept in one buffer.
pub(super) struct Vocabulary<'m> {
    /// A power of two in length, at most half full; probed linearly.
    slots: Vec<Slot>,
    /// The terms one after another; term `id` ends at `ends[id]`.
    text: String,
    ends: Vec<usize>,
    infos: Vec<TermInfo<'m>>,
}

#[derive(Clone, Copy)]
struct Slot {
    /// The low half of the term's [`hash_form`].
    tag: u32,
    /// The term's id shifted left by one, its low bit set when its matcher info says
    /// anything (most words start no alias and are no keyword), so that finding a plain
    /// word never reads the info; or [`EMPTY`].
    entry: u32,
}

const EMPTY: u32 = u32::MAX;

/// The most terms a vocabulary holds: ids take 31 bits of a slot's entry.
const MAX_TERMS: usize = (EMPTY >> 1) as usize;

const FREE: Slot = Slot {
    tag: 0,
    entry: EMPTY,
};

/// Nothing known of a term: what most terms' info is.
static NO_INFO: TermInfo<'static> = TermInfo::NONE;

impl Default for Vocabulary<'_> {
    fn default() -> Self {
        Vocabulary {
            slots: vec![FREE; 1024],
            text: String::new(),
            ends: Vec::new(),
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

    /// Term `id`.
    fn term(&self, id: usize) -> &str {
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start..self.ends[id]]
    }

    /// The slot holding `term`, or the free slot where it would go.
    fn probe(&self, hash: u64, term: &[u8]) -> usize {
        let tag = hash as u32;
        let mask = self.slots.len() - 1;
        let mut i = self.home(hash);
        loop {
            let slot = self.slots[i];
            if slot.entry == EMPTY
                || (slot.tag == tag && self.term((slot.entry >> 1) as usize).as_bytes() == term)
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The id and matcher info of `term`, whose [`hash_form`] is `hash`, if it is known.
    pub(super) fn find(&self, hash: u64, term: &str) -> Option<(u32, &TermInfo<'m>)> {
        let entry = self.slots[self.probe(hash, term.as_bytes())].entry;
        if entry == EMPTY {
            return None;
        }
        let id = entry >> 1;
        let info = if entry & 1 != 0 {
            &self.infos[id as usize]
        } else {
            &NO_INFO
        };
        Some((id, info))
    }

    /// The id of `term`, added with `info` if it is new.
    ///
    /// # Panics
    /// When the vocabulary already holds [`MAX_TERMS`] terms: past 2,000 million distinct
    /// words the index's own limits are long passed.
    pub(super) fn add(&mut self, hash: u64, term: &str, info: TermInfo<'m>) -> u32 {
        let i = self.probe(hash, term.as_bytes());
        if self.slots[i].entry != EMPTY {
            return self.slots[i].entry >> 1;
        }
        let id = self.ends.len();
        assert!(id < MAX_TERMS, "more than {MAX_TERMS} distinct terms");
        self.slots[i] = Slot {
            tag: hash as u32,
            entry: (id as u32) << 1 | u32::from(!info.is_none()),
        };
        self.text.push_str(term);
        self.ends.push(self.text.len());
        self.infos.push(info);
        if self.ends.len() * 2 > self.slots.len() {
            self.grow();
        }
        id as u32
    }

    /// Doubles the table, placing every term again.
    fn grow(&mut self) {
        let doubled = vec![FREE; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.entry != EMPTY) {
            let mut i = self.home(hash_form(self.term((slot.entry >> 1) as usize)));
            while self.slots[i].entry != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The terms by id, for the index.
    pub(super) fn into_terms(self) -> Vec<Box<str>> {
        (0..self.ends.len())
            .map(|id| self.term(id).into())
            .collect()
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
        // Long shared starts, as German compounds have.
        const HEAD: usize = 16;
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
    fn terms_with_one_hash_are_told_apart_by_their_text() {
        // A slot keeps only a tag of the hash: terms whose hashes agree are compared whole.
        let mut v = Vocabulary::default();
        let terms = ["kim", "kim-trump", "trump", "ki", "kimm", ""];
        for (id, term) in terms.iter().enumerate() {
            assert_eq!(v.add(42, term, TermInfo::default()), id as u32);
        }
        for (id, term) in terms.iter().enumerate() {
            assert_eq!(
                v.find(42, term).map(|(id, _)| id),
                Some(id as u32),
                "{term}"
            );
        }
        assert!(v.find(42, "moon").is_none());
        // Ids and infos stay apart: the info bit does not leak into the id.
        let id = v.add(7, "atom", TermInfo::of_topic(3));
        assert_eq!(
            v.find(7, "atom").map(|(i, info)| (i, info.topic())),
            Some((id, Some(3)))
        );
        assert_eq!(
            v.find(42, "trump").map(|(_, info)| info.is_none()),
            Some(true)
        );
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
