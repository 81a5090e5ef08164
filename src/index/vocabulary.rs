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
//!
//! When the build is done, the vocabulary's table of terms ([`TermTable`]) is the index's
//! dictionary.

use crate::lexicon::matcher::TermInfo;
use crate::lexicon::words::hash_form;

/// The distinct terms of a corpus by id, and each term's id, in an open-addressing table of
/// their own rather than a library's: each analysing thread looks up every distinct word of
/// every article here, some four million times for 100 MB, in a table larger than the
/// processor's nearer caches. A slot is eight bytes, a tag of the term's hash and its id,
/// so that the table is a third of what it was with the term's first bytes in it (1 MB
/// rather than 3 MB for 60,000 terms): most look-ups were waiting for a slot from memory,
/// and a tag that matches is nearly always the term, which is then compared once from the
/// terms' text, kept in one buffer.
///
/// The built index keeps the table as its dictionary: the terms are not copied into
/// another map at the end of the build, where one thread would do it alone.
#[derive(Debug)]
pub(crate) struct TermTable {
    /// A power of two in length, at most five eighths full; probed linearly.
    slots: Vec<Slot>,
    /// The terms one after another; term `id` ends at `ends[id]`.
    text: String,
    ends: Vec<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The low half of the term's [`hash_form`].
    tag: u32,
    /// The term's id shifted left by one, its low bit set when its matcher info says
    /// anything (see [`Vocabulary::find`]); or [`EMPTY`].
    entry: u32,
}

const EMPTY: u32 = u32::MAX;

/// The most terms a table holds: ids take 31 bits of a slot's entry.
const MAX_TERMS: usize = (EMPTY >> 1) as usize;

const FREE: Slot = Slot {
    tag: 0,
    entry: EMPTY,
};

impl Default for TermTable {
    fn default() -> Self {
        TermTable {
            slots: vec![FREE; 1024],
            text: String::new(),
            ends: Vec::new(),
        }
    }
}

impl TermTable {
    /// The id of `term`, if the corpus has it.
    pub(crate) fn id(&self, term: &str) -> Option<u32> {
        let entry = self.slots[self.probe(hash_form(term), term.as_bytes())].entry;
        (entry != EMPTY).then_some(entry >> 1)
    }

    /// The text of term `id`.
    pub(crate) fn text(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start..self.ends[id]]
    }

    /// Every term's text, one after another in id order.
    pub(crate) fn all_text(&self) -> &str {
        &self.text
    }

    /// Where term `id` starts in [`TermTable::all_text`]; for `id` [`TermTable::len`],
    /// where the text ends.
    pub(crate) fn start(&self, id: usize) -> Option<usize> {
        match id {
            0 => Some(0),
            _ => self.ends.get(id - 1).copied(),
        }
    }

    /// How many terms there are.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The first slot to probe for a term whose tag (the low half of its [`hash_form`]) is
    /// `tag`. The tag is mixed again and the product's top bits taken, so that every bit of
    /// it counts. Only the tag, which the slot keeps: doubling the table then places every
    /// term again without reading its text from memory and hashing it again, while the
    /// merge holds the vocabulary locked and every analysing thread waits.
    fn home(&self, tag: u32) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (u64::from(tag).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
    }

    /// The slot holding `term`, whose [`hash_form`] is `hash`, or the free slot where it
    /// would go.
    fn probe(&self, hash: u64, term: &[u8]) -> usize {
        let tag = hash as u32;
        let mask = self.slots.len() - 1;
        let mut i = self.home(tag);
        loop {
            let slot = self.slots[i];
            if slot.entry == EMPTY
                || (slot.tag == tag && self.text(slot.entry >> 1).as_bytes() == term)
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Puts `term`, whose [`hash_form`] is `hash`, in the free slot `i` that [`probe`]
    /// found for it, as the next id, with the info bit `has_info`.
    ///
    /// # Panics
    /// When the table already holds [`MAX_TERMS`] terms, two thousand million: their slots,
    /// ends, infos and posting lists alone would take some 190 GB of memory.
    ///
    /// [`probe`]: TermTable::probe
    fn put(&mut self, i: usize, hash: u64, term: &str, has_info: bool) -> u32 {
        let id = self.ends.len();
        assert!(id < MAX_TERMS, "more than {MAX_TERMS} distinct terms");
        self.slots[i] = Slot {
            tag: hash as u32,
            entry: (id as u32) << 1 | u32::from(has_info),
        };
        self.text.push_str(term);
        self.ends.push(self.text.len());
        // Grown past five eighths full, not half: 595,000 terms then stay in a million
        // slots (8 MB) rather than two million, and with slots of eight bytes, probed in
        // order, a look-up still nearly always ends in the first one's cache line.
        if self.ends.len() * 8 > self.slots.len() * 5 {
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
            let mut i = self.home(slot.tag);
            while self.slots[i].entry != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

/// The terms of the corpus while it is built, with what the matcher needs of each.
#[derive(Default)]
pub(super) struct Vocabulary<'m> {
    table: TermTable,
    /// The info of each term whose info says anything, by id, in the order of ids (which
    /// is the order terms are added). Only those: an info is 32 bytes, and keeping one for
    /// every term took 33 MB at the peak of a build with 600,000 terms, when only a few
    /// thousand (the keywords and the words aliases start with) have one.
    infos: Vec<(u32, TermInfo<'m>)>,
}

/// Nothing known of a term: what most terms' info is.
static NO_INFO: TermInfo<'static> = TermInfo::NONE;

impl<'m> Vocabulary<'m> {
    /// The id and matcher info of `term`, whose [`hash_form`] is `hash`, if it is known.
    /// A slot's bit says whether the info says anything (most words start no alias and
    /// are no keyword), so finding a plain word never reads the info.
    pub(super) fn find(&self, hash: u64, term: &str) -> Option<(u32, &TermInfo<'m>)> {
        let entry = self.table.slots[self.table.probe(hash, term.as_bytes())].entry;
        if entry == EMPTY {
            return None;
        }
        let id = entry >> 1;
        let info = if entry & 1 != 0 {
            let at = self.infos.partition_point(|(i, _)| *i < id);
            &self.infos[at].1
        } else {
            &NO_INFO
        };
        Some((id, info))
    }

    /// The id of `term`, whose [`hash_form`] is `hash`, added with `info` if it is new.
    /// Asks for the slot where a look-up of a term whose [`hash_form`] is `hash` begins
    /// (see [`super::prefetch`]).
    #[inline(always)]
    pub(super) fn prefetch(&self, hash: u64) {
        let table = &self.table;
        super::prefetch::prefetch(table.slots.as_ptr().wrapping_add(table.home(hash as u32)));
    }

    pub(super) fn add(&mut self, hash: u64, term: &str, info: TermInfo<'m>) -> u32 {
        let i = self.table.probe(hash, term.as_bytes());
        let entry = self.table.slots[i].entry;
        if entry != EMPTY {
            return entry >> 1;
        }
        let has_info = !info.is_none();
        let id = self.table.put(i, hash, term, has_info);
        if has_info {
            self.infos.push((id, info));
        }
        id
    }

    pub(super) fn len(&self) -> usize {
        self.table.len()
    }

    /// The terms by id, for the index.
    pub(super) fn into_terms(self) -> TermTable {
        self.table
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
        let table = v.into_terms();
        assert_eq!(
            (table.len(), table.text(0), table.text(1)),
            (2, "trump", "kim")
        );
        assert_eq!(
            (table.id("kim"), table.id("trump"), table.id("moon")),
            (Some(1), Some(0), None)
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
        // The info's bit is the table's own: the index's dictionary gives ids without it.
        let table = v.into_terms();
        assert_eq!((table.id("atom"), table.id("haus")), (Some(0), Some(1)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Against a plain map: the same ids for every term, through the table's growth
        /// from its first thousand slots, for short and long terms with shared starts; and
        /// the info each term was added with, for the few that have one among the many
        /// that have none.
        #[test]
        fn the_table_agrees_with_a_map(
            terms in proptest::collection::vec("(wirtschafts|ab|)[a-cä]{0,20}", 600..2500),
            absent in proptest::collection::vec("[x-zß]{1,20}", 0..20),
        ) {
            // A topic for one term in about seven, told by its text.
            let topic = |t: &str| hash_form(t).is_multiple_of(7).then_some(t.len() as u32);
            let mut v = Vocabulary::default();
            let mut model: HashMap<&str, u32> = HashMap::new();
            for t in &terms {
                let next = model.len() as u32;
                let want = *model.entry(t.as_str()).or_insert(next);
                let info = topic(t).map_or_else(TermInfo::default, TermInfo::of_topic);
                prop_assert_eq!(v.add(hash_form(t), t, info), want);
            }
            prop_assert_eq!(v.len(), model.len());
            for (t, &id) in &model {
                let found = v.find(hash_form(t), t).map(|(id, info)| (id, info.topic()));
                prop_assert_eq!(found, Some((id, topic(t))));
            }
            for t in &absent {
                prop_assert_eq!(find(&v, t), None);
            }
            // The index keeps the table as its dictionary: each term by id, and back.
            let table = v.into_terms();
            prop_assert_eq!(table.len(), model.len());
            for (t, &id) in &model {
                prop_assert_eq!(table.id(t), Some(id));
                prop_assert_eq!(table.text(id), *t);
            }
            for t in &absent {
                prop_assert_eq!(table.id(t), None);
            }
        }
    }
}
