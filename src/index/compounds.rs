//! The corpus's hyphenated compounds: for each whole term that stands as a compound, how
//! often it does and which terms its parts are.
//!
//! A query's hits are counted from its terms' postings, less the parts whose whole token is
//! a hit too (the whole covers them). Telling which parts those are from the postings means
//! walking them all: 7 million for `*e*` on 100 MB, some 60 ms, for a screen that shows
//! 25 lines. But a compound's parts follow from its text, so wherever `US-Sanktionen` stands
//! its parts are `us` and `sanktionen`: the covered parts are, per whole term of the query,
//! how often it stands as a compound times how many of its parts are terms of the query. The
//! table records what the build saw rather than trusting that rule: a whole term that stood
//! with different parts in different places is marked, and a query with it counts from the
//! postings.

use super::terms::MAX_PARTS;
use crate::lexicon::words::Words;

/// How often a whole term stands as a compound, or [`MIXED`].
pub(crate) type Occurrences = u32;

/// A whole term that did not stand with the same parts everywhere (or more often than
/// can be counted): its count is left to the postings.
pub(crate) const MIXED: Occurrences = u32::MAX;

/// `a + b` occurrences, or [`MIXED`] when that cannot be counted.
fn add(a: Occurrences, b: Occurrences) -> Occurrences {
    if a == MIXED || b == MIXED {
        return MIXED;
    }
    a.checked_add(b).filter(|&n| n != MIXED).unwrap_or(MIXED)
}

/// The compounds of a corpus, by whole term, as the merge gathers them article by article.
#[derive(Debug, Default, Clone)]
pub(crate) struct Compounds {
    /// Per term id, its entry if it is a whole term that stands as a compound, else
    /// [`NONE`]; it ends after the last such term. Indexed, not hashed: the merge that
    /// asks runs on one thread.
    slot: Vec<u32>,
    /// Per entry, in the order the terms came: how often it stands as a compound (or
    /// [`MIXED`]), and where its parts start in `parts`; they end where the next entry's
    /// start.
    entries: Vec<(Occurrences, u32)>,
    /// The term of each indexed part (the first [`MAX_PARTS`]).
    parts: Vec<u32>,
}

/// No entry.
const NONE: u32 = u32::MAX;

/// Equal when they hold the same compounds, whatever order they were gathered in.
impl PartialEq for Compounds {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Compounds {}

impl Compounds {
    /// Entry `e`'s parts.
    fn parts_of(&self, e: usize) -> &[u32] {
        let start = self.entries[e].1 as usize;
        let end = self
            .entries
            .get(e + 1)
            .map_or(self.parts.len(), |next| next.1 as usize);
        &self.parts[start..end]
    }

    /// Each whole term, ascending, with its occurrences and parts.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, Occurrences, &[u32])> {
        self.slot
            .iter()
            .enumerate()
            .filter(|(_, e)| **e != NONE)
            .map(|(id, &e)| {
                (
                    id as u32,
                    self.entries[e as usize].0,
                    self.parts_of(e as usize),
                )
            })
    }

    /// Adds whole term `whole` as read back from the cache: `None` unless it comes after
    /// the terms added before it and it and its parts are below `term_count`.
    pub(crate) fn push(
        &mut self,
        whole: u32,
        occurrences: Occurrences,
        parts: &[u32],
        term_count: usize,
    ) -> Option<()> {
        let fits = |id: u32| (id as usize) < term_count;
        if !fits(whole) || (whole as usize) < self.slot.len() || !parts.iter().all(|&p| fits(p)) {
            return None;
        }
        self.slot.resize(whole as usize, NONE);
        self.slot.push(self.entries.len() as u32);
        self.entries.push((occurrences, self.parts.len() as u32));
        self.parts.extend_from_slice(parts);
        Some(())
    }

    /// Adds an article's compounds; `global` maps its local term ids to the corpus's.
    pub(super) fn add(&mut self, article: &ArticleCompounds, global: &[u32]) {
        for (local, occurrences, parts) in article.iter() {
            let whole = global[local as usize];
            if self.slot.len() <= whole as usize {
                // Grown by an eighth: the vocabulary it follows grows slowly, and it is
                // still here at the build's peak.
                let len = (whole as usize + 1).max(self.slot.len() + self.slot.len() / 8);
                self.slot.reserve_exact(len - self.slot.len());
                self.slot.resize(len, NONE);
            }
            let e = self.slot[whole as usize];
            if e == NONE {
                self.slot[whole as usize] = self.entries.len() as u32;
                self.entries.push((occurrences, self.parts.len() as u32));
                self.parts.extend(parts.iter().map(|&l| global[l as usize]));
                continue;
            }
            if self.entries[e as usize].0 == MIXED {
                continue;
            }
            let known = self.parts_of(e as usize);
            let same = known.len() == parts.len()
                && known
                    .iter()
                    .zip(parts)
                    .all(|(&g, &l)| g == global[l as usize]);
            let count = &mut self.entries[e as usize].0;
            *count = if same {
                add(*count, occurrences)
            } else {
                MIXED
            };
        }
    }

    /// Gives back the room the table grew into.
    pub(super) fn shrink_to_fit(&mut self) {
        while self.slot.last() == Some(&NONE) {
            self.slot.pop();
        }
        self.slot.shrink_to_fit();
        self.entries.shrink_to_fit();
        self.parts.shrink_to_fit();
    }

    /// How many part postings of the terms `ids` (ascending, each once, all below
    /// `term_count`) lie in a whole token that is one of `ids` too; `None` when a whole term
    /// among them stood with different parts in different places.
    pub(crate) fn covered(&self, ids: &[u32], term_count: usize) -> Option<u64> {
        // Which terms are asked for: a search among a few, one bit each among many.
        let bits = (ids.len() > 64).then(|| {
            let mut bits = vec![0u64; term_count.div_ceil(64)];
            for &id in ids {
                if let Some(word) = bits.get_mut(id as usize / 64) {
                    *word |= 1 << (id % 64);
                }
            }
            bits
        });
        let asked = |id: u32| match &bits {
            Some(bits) => bits
                .get(id as usize / 64)
                .is_some_and(|w| w & (1 << (id % 64)) != 0),
            None => ids.binary_search(&id).is_ok(),
        };
        let mut covered = 0u64;
        for &id in ids {
            let Some(&e) = self.slot.get(id as usize).filter(|&&e| e != NONE) else {
                continue;
            };
            let occurrences = self.entries[e as usize].0;
            if occurrences == MIXED {
                return None;
            }
            let parts = self
                .parts_of(e as usize)
                .iter()
                .filter(|&&p| asked(p))
                .count();
            // Checked: a table read from a cache file is checked, but not for sense.
            covered = covered.checked_add(u64::from(occurrences).checked_mul(parts as u64)?)?;
        }
        Some(covered)
    }
}

/// The compounds of one article, by local term ids: per whole term, its id, how often it
/// stands as a compound here (or [`MIXED`]), the number of its parts and their ids, one
/// after another in one vector (it is handed to the thread that merges, and each
/// allocation made on one thread and freed on another costs both).
#[derive(Debug, Default)]
pub(super) struct ArticleCompounds(Vec<u32>);

impl ArticleCompounds {
    /// The compounds among `words`: each token cut into parts, by its whole term.
    pub(super) fn of(words: &Words) -> ArticleCompounds {
        let mut out = Vec::new();
        if words.compounds.is_empty() {
            return ArticleCompounds(out);
        }
        let pieces = &words.pieces;
        // A compound token's parts follow each other from its first, numbered from 1.
        let parts = |first: u32| {
            let token = pieces[first as usize].token;
            pieces[first as usize..]
                .iter()
                .take_while(move |p| p.token == token && p.part > 0)
                .filter(|p| p.part as usize <= MAX_PARTS)
                .map(|p| p.term)
        };
        // Each compound's whole term and first part, grouped by whole term: an article has
        // a few dozen, fewer than a table by term would be worth.
        let mut by_whole: Vec<(u32, u32)> = words
            .compounds
            .iter()
            .map(|&first| {
                (
                    words.token_terms[pieces[first as usize].token as usize],
                    first,
                )
            })
            .collect();
        by_whole.sort_unstable();
        for group in by_whole.chunk_by(|a, b| a.0 == b.0) {
            let (whole, first) = group[0];
            let same = group[1..].iter().all(|&(_, f)| parts(f).eq(parts(first)));
            let occurrences = u32::try_from(group.len()).unwrap_or(MIXED);
            out.push(whole);
            out.push(if same { add(occurrences, 0) } else { MIXED });
            let count = out.len();
            out.push(0);
            out.extend(parts(first));
            out[count] = (out.len() - count - 1) as u32;
        }
        ArticleCompounds(out)
    }

    /// Each whole term with its occurrences and parts.
    fn iter(&self) -> impl Iterator<Item = (u32, Occurrences, &[u32])> {
        let mut rest = &self.0[..];
        std::iter::from_fn(move || {
            let [whole, occurrences, count, tail @ ..] = rest else {
                return None;
            };
            let (parts, after) = tail.split_at(*count as usize);
            rest = after;
            Some((*whole, *occurrences, parts))
        })
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::index::Index;
    use crate::lexicon::Lexicon;

    fn table(index: &Index) -> &Compounds {
        index
            .terms()
            .compounds()
            .expect("a built index has its table")
    }

    fn id(index: &Index, term: &str) -> u32 {
        index.terms().id(term).expect(term)
    }

    /// `(whole, occurrences, parts)` of every compound, as terms.
    fn entries(index: &Index) -> Vec<(String, u32, Vec<String>)> {
        let text = |id: u32| index.terms().text(id).to_string();
        table(index)
            .iter()
            .map(|(whole, occurrences, parts)| {
                (
                    text(whole),
                    occurrences,
                    parts.iter().map(|&p| text(p)).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn each_compound_is_counted_with_its_parts_across_articles() {
        let index = Index::build(
            Corpus::from_texts([
                ("a", "Die US-Sanktionen und die us-sanktionen. Kim-Kim"),
                ("b", "Keine US-Sanktionen, nur Sanktionen und ---"),
            ]),
            Lexicon::builtin(),
        );
        let mut got = entries(&index);
        got.sort();
        let s = |v: &[&str]| v.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        assert_eq!(
            got,
            [
                ("kim-kim".to_string(), 1, s(&["kim", "kim"])),
                ("us-sanktionen".to_string(), 3, s(&["us", "sanktionen"])),
            ]
        );
        let wholes: Vec<u32> = table(&index).iter().map(|(whole, ..)| whole).collect();
        assert!(wholes.windows(2).all(|w| w[0] < w[1]), "by whole term");
    }

    #[test]
    fn covered_parts_are_the_occurrences_times_the_parts_asked_for() {
        let index = Index::build(
            Corpus::from_texts([("a", "US-Sanktionen US-Sanktionen Kim-Kim Sanktionen")]),
            Lexicon::builtin(),
        );
        let [whole, us, sanktionen, kimkim, kim] =
            ["us-sanktionen", "us", "sanktionen", "kim-kim", "kim"].map(|t| id(&index, t));
        let covered = |ids: &[u32]| {
            let mut ids = ids.to_vec();
            ids.sort_unstable();
            index.terms().covered_parts(&ids)
        };
        assert_eq!(covered(&[whole]), Some(0), "no part asked for");
        assert_eq!(covered(&[sanktionen]), Some(0), "no whole asked for");
        assert_eq!(covered(&[whole, sanktionen]), Some(2));
        assert_eq!(covered(&[whole, sanktionen, us]), Some(4));
        assert_eq!(
            covered(&[kimkim, kim]),
            Some(2),
            "a part twice in one compound"
        );
        assert_eq!(covered(&[whole, us, sanktionen, kimkim, kim]), Some(6));
    }

    #[test]
    fn many_terms_and_few_are_looked_up_alike() {
        // Two compounds among a hundred terms: asked for all of them (a bit per term) and
        // for a few (searched for among them), the answer is the same.
        let mut text: String = (0..100).map(|i| format!("w{i} ")).collect();
        text.push_str("w1-w2 w3-w4 w3-w4");
        let index = Index::build(Corpus::from_texts([("a", text)]), Lexicon::builtin());
        let all: Vec<u32> = (0..index.terms().len() as u32).collect();
        assert!(all.len() > 64);
        assert_eq!(index.terms().covered_parts(&all), Some(2 + 2 * 2));
        let mut few = ["w3-w4", "w4"].map(|t| id(&index, t)).to_vec();
        few.sort_unstable();
        assert_eq!(index.terms().covered_parts(&few), Some(2));
        // Among many compounds, those not asked for count nothing.
        let compounds: String = (0..100).map(|i| format!("x{i}-y{i} ")).collect();
        let index = Index::build(Corpus::from_texts([("a", compounds)]), Lexicon::builtin());
        let [whole, part] = ["x7-y7", "y7"].map(|t| id(&index, t));
        let mut ids = vec![whole, part];
        ids.sort_unstable();
        assert_eq!(index.terms().covered_parts(&ids), Some(1));
        assert_eq!(index.terms().covered_parts(&[part]), Some(0));
    }

    #[test]
    fn a_whole_term_seen_with_other_parts_is_left_to_the_postings() {
        // Built by hand: whole 0 stands with parts [1, 2] in one article and [1, 5] in
        // the next; whole 4 with [1] in both.
        let article = ArticleCompounds(vec![0, 1, 2, 2, 3, 1, 2, 1, 2]);
        let mut table = Compounds::default();
        // The two articles' local ids 0, 1, 2, 3 by their global ids.
        table.add(&article, &[0, 4, 1, 2]);
        table.add(&article, &[0, 4, 1, 5]);
        let got: Vec<_> = table.iter().map(|(w, n, p)| (w, n, p.to_vec())).collect();
        assert_eq!(got, [(0, MIXED, vec![1, 2]), (4, 4, vec![1])]);
        assert_eq!(table.covered(&[0, 1, 2], 10), None);
        assert_eq!(table.covered(&[1, 4], 10), Some(4));
        // Seen mixed within one article, too.
        let mut mixed = Compounds::default();
        mixed.add(&ArticleCompounds(vec![0, MIXED, 1, 1]), &[7, 8]);
        assert_eq!(mixed.covered(&[7, 8], 10), None);
    }

    #[test]
    fn a_table_read_back_must_come_in_order_and_within_the_terms() {
        let mut table = Compounds::default();
        assert_eq!(table.push(2, 1, &[0, 1], 5), Some(()));
        assert_eq!(table.push(2, 1, &[0], 5), None, "the same whole again");
        assert_eq!(table.push(1, 1, &[0], 5), None, "a whole before the last");
        assert_eq!(table.push(5, 1, &[0], 5), None, "a whole past the terms");
        assert_eq!(table.push(3, 1, &[0, 5], 5), None, "a part past the terms");
        assert_eq!(table.push(4, 7, &[3], 5), Some(()));
        let got: Vec<_> = table.iter().map(|(w, n, p)| (w, n, p.to_vec())).collect();
        assert_eq!(got, [(2, 1, vec![0, 1]), (4, 7, vec![3])]);
        assert_eq!(table.covered(&[3, 4], 5), Some(7));
    }

    #[test]
    fn a_count_too_large_to_keep_is_left_to_the_postings() {
        assert_eq!(add(2, 3), 5);
        assert_eq!(add(MIXED - 1, 1), MIXED);
        assert_eq!(add(MIXED - 2, 1), MIXED - 1);
        assert_eq!(add(MIXED, 0), MIXED);
        assert_eq!(add(0, MIXED), MIXED);
    }
}
