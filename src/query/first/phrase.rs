//! Where the words of a phrase stand in a row, found from their postings.
//!
//! Word k of a phrase must be the whole token k places after the first, so the rarest word
//! leads and the others are looked up in their posting lists where they would have to
//! stand, with no token read. That no punctuation stands between the words, which the
//! postings cannot tell, the index's word map does: a bit per word for whether it joins
//! the word before it ([`WordMap::in_a_row`]). So a phrase of single words is counted
//! without reading a token or a byte of text; only `(?c)`, for the case of the words, and
//! a wildcard whose words are not marked (below) read them.
//!
//! A wildcard after the lead stands for many terms, which have no one posting list to look
//! a place up in. Counting in full, its words are marked on a bitmap of the corpus's words
//! ([`Marks`]); a first screen, which checks a few places only, reads the word where it
//! would stand and looks its folded form up instead.

use super::{Merged, Place, Run};
use crate::index::{ArticleIndex, Index, Posting, WordMap};
use crate::query::eval::{case_matches, term_ids};
use crate::query::{Flags, Pattern};
use crate::text::Token;
use crate::text::fold::fold_into;
use rustc_hash::FxHashSet as HashSet;

/// The terms one word of a phrase stands for.
enum Column<'i> {
    /// One term: its postings are looked up where the word would have to stand.
    One(&'i [Posting]),
    /// A wildcard's (or an accent-free word's) many terms, in id order: the one word of the
    /// phrase whose postings are gathered and sorted if it is the rarest, else checked on
    /// the token where it stands, as copying a wide wildcard's postings would cost more
    /// than the whole phrase search.
    Many(Vec<u32>),
}

impl<'i> Column<'i> {
    fn new(index: &'i Index, pattern: &Pattern, flags: Flags) -> Column<'i> {
        let mut ids = term_ids(index, pattern, flags);
        ids.sort_unstable();
        ids.dedup();
        match ids.as_slice() {
            [one] => Column::One(index.terms().postings(*one)),
            _ => Column::Many(ids),
        }
    }

    /// How many postings the word has, whole tokens and parts.
    fn len(&self, index: &Index) -> usize {
        match self {
            Column::One(postings) => postings.len(),
            Column::Many(ids) => ids.iter().map(|&id| index.terms().postings(id).len()).sum(),
        }
    }
}

/// Where the words of a phrase stand in a row as whole tokens, with only white space
/// between them, in corpus order; the same places as `evaluate`'s phrase search. At most
/// the first `max`: a screen that shows 25 need not check every place of a phrase of
/// common words (`"die d*"` stands 42,000 times in 100 MB, and checking each place is
/// most of the search).
pub(super) fn places(index: &Index, patterns: &[Pattern], flags: Flags, max: usize) -> Vec<Place> {
    if patterns.is_empty() || max == 0 {
        return Vec::new();
    }
    let columns: Vec<Column> = patterns
        .iter()
        .map(|p| Column::new(index, p, flags))
        .collect();
    let n = patterns.len();
    // The rarest word leads; the others are looked up where they would have to stand.
    let lead = (0..columns.len())
        .min_by_key(|&k| columns[k].len(index))
        .unwrap_or(0);
    let map = index.word_map();
    // Counting every place, a wildcard after the lead is marked on a bitmap of the
    // corpus's words, one bit each, when that is cheaper than reading its word at each
    // place of the lead: "die d*" on 100 MB read 358,000 words for 42,000 places.
    let marks: Vec<Option<Marks>> = columns
        .iter()
        .enumerate()
        .map(|(k, column)| match column {
            Column::Many(ids)
                if max == usize::MAX
                    && k != lead
                    && worth_marking(column.len(index), columns[lead].len(index), &map) =>
            {
                Some(Marks::of(index, ids, &map))
            }
            _ => None,
        })
        .collect();
    // A wildcard's terms by their text, when they are few enough to gather: a small set is
    // quicker to ask than the dictionary of the whole corpus ("die d*" on 100 MB asks
    // 300,000 times: 69 -> 44 ms; marking its words then took it to 13 ms).
    let sets: Vec<Option<HashSet<&str>>> = columns
        .iter()
        .enumerate()
        .map(|(k, column)| match column {
            Column::Many(ids) if k != lead && marks[k].is_none() && ids.len() <= SMALL_SET => {
                Some(ids.iter().map(|&id| index.terms().text(id)).collect())
            }
            _ => None,
        })
        .collect();
    // Whether a place whose words are all posted (or marked) and in a row must still be
    // read: for the case of its words, or for a wildcard's word that was not marked.
    let reads_words = flags.case_sensitive
        || columns.iter().enumerate().any(|(k, column)| {
            matches!(column, Column::Many(_)) && k != lead && marks[k].is_none()
        });
    let mut cursors = vec![0usize; columns.len()];
    let mut places = Vec::new();
    // Reused from place to place: the words where the phrase stands, and the folded form
    // of one (as the index folds it: see `key`).
    let mut words = Vec::with_capacity(n);
    let mut folded = String::new();
    // Reads the words of a place all of whose words are posted and in a row; says whether
    // they fit the phrase.
    let mut words_fit = |p: Posting, t0: u32| -> bool {
        let article = &index.articles()[p.article() as usize];
        if !words_at(article, t0, n, &mut words) {
            return false;
        }
        let text = &article.text;
        let terms_fit = columns
            .iter()
            .zip(&words)
            .enumerate()
            .all(|(k, (column, w))| {
                let Column::Many(ids) = column else {
                    return true;
                };
                if k == lead || marks[k].is_some() {
                    return true;
                }
                folded.clear();
                fold_into(w.text(text).trim_end_matches('.'), &mut folded);
                match &sets[k] {
                    Some(set) => set.contains(folded.as_str()),
                    None => index
                        .terms()
                        .id(&folded)
                        .is_some_and(|id| ids.binary_search(&id).is_ok()),
                }
            });
        terms_fit
            && (!flags.case_sensitive
                || patterns
                    .iter()
                    .zip(&words)
                    .all(|(pat, w)| case_matches(w.text(text), pat)))
    };
    // Adds a place; says whether the places are all there.
    let add = |places: &mut Vec<Place>, p: Posting, t0: u32| -> bool {
        places.push(Place {
            at: Posting::new(p.article(), t0, 0).raw(),
            last: t0 + n as u32 - 1,
        });
        places.len() == max
    };
    // Places to read wait in a batch, so that what their checks read from memory (the
    // article's tokens and text, anywhere in the corpus) is asked for all at once.
    let mut read_all = |places: &mut Vec<Place>, pending: &mut Vec<(Posting, u32)>| -> bool {
        warm(index, pending);
        let stop = pending
            .iter()
            .any(|&(p, t0)| words_fit(p, t0) && add(places, p, t0));
        pending.clear();
        stop
    };
    let mut pending = Vec::with_capacity(BATCH);
    // Takes the lead's next posting; says whether the places are all there.
    let mut take = |p: Posting| -> bool {
        if p.part() != 0 {
            return false;
        }
        let Some(t0) = p.token().checked_sub(lead as u32) else {
            return false;
        };
        if !map.in_a_row(p.article(), t0, n) {
            return false;
        }
        let first = map.first(p.article()) + u64::from(t0);
        let marked = marks
            .iter()
            .enumerate()
            .all(|(k, m)| m.as_ref().is_none_or(|m| m.has(first + k as u64)));
        if !marked {
            return false;
        }
        let posted = columns.iter().enumerate().all(|(k, column)| {
            let Column::One(postings) = column else {
                return true;
            };
            if k == lead {
                return true;
            }
            // In a row, so in the article: no overflow.
            let target = Posting::new(p.article(), t0 + k as u32, 0).raw();
            cursors[k] = seek(postings, cursors[k], target);
            postings.get(cursors[k]).is_some_and(|q| q.raw() == target)
        });
        if !posted {
            return false;
        }
        if !reads_words {
            return add(&mut places, p, t0);
        }
        pending.push((p, t0));
        pending.len() == BATCH && read_all(&mut places, &mut pending)
    };
    let stopped = match &columns[lead] {
        Column::One(postings) => postings.iter().any(|&p| take(p)),
        // A few places of a wildcard: its lists merged as far as they are needed.
        Column::Many(ids) if max <= FEW_PLACES => {
            let lists = ids
                .iter()
                .map(|&id| Run::Postings(index.terms().postings(id)));
            Merged::new(lists.collect()).any(|place| take(place.posting()))
        }
        // All of them: gathered and sorted, cheaper than a merge of every posting.
        Column::Many(ids) => {
            let mut all: Vec<Posting> = ids
                .iter()
                .flat_map(|&id| index.terms().postings(id))
                .copied()
                .filter(|p| p.part() == 0)
                .collect();
            all.sort_unstable();
            all.into_iter().any(&mut take)
        }
    };
    if !stopped {
        read_all(&mut places, &mut pending);
    }
    places
}

/// How many places posted in full wait to be checked together.
const BATCH: usize = 32;

/// Reads what checking `pending` will read: the first word of each place, then the text
/// where it ends. Each is a read from anywhere in the corpus, most of them from memory
/// rather than a cache; asked for one place after another, they were most of the time
/// of counting a phrase of common words, and asked for together they overlap.
fn warm(index: &Index, pending: &[(Posting, u32)]) {
    let mut ends = [0u32; BATCH];
    for (end, &(p, t0)) in ends.iter_mut().zip(pending) {
        let article = &index.articles()[p.article() as usize];
        *end = article.tokens.get(t0 as usize).map_or(0, |t| t.end);
    }
    for (&end, &(p, _)) in ends.iter().zip(pending) {
        let text = index.articles()[p.article() as usize].text.as_bytes();
        std::hint::black_box(text.get(end as usize).copied());
    }
}

/// The words of the corpus where one of a column's terms stands as a whole token: exactly
/// the words whose folded form is one of its terms, as each word is posted once whole.
struct Marks {
    bits: Vec<u64>,
}

impl Marks {
    fn of(index: &Index, ids: &[u32], map: &WordMap) -> Marks {
        let mut bits = vec![0u64; map.words().div_ceil(64) as usize];
        for &id in ids {
            for p in index.terms().postings(id) {
                if p.part() == 0 {
                    // A posting's word is in its article: below the next article's first.
                    let at = map.first(p.article()) + u64::from(p.token());
                    bits[(at / 64) as usize] |= 1 << (at % 64);
                }
            }
        }
        Marks { bits }
    }

    fn has(&self, at: u64) -> bool {
        self.bits[(at / 64) as usize] & (1 << (at % 64)) != 0
    }
}

/// Whether marking a column of `places` places on a map is cheaper than reading the
/// word at each of the lead's `lead` places: marking a place costs a few nanoseconds
/// (and clearing the map one per 64 words), reading a word and looking it up a hundred
/// or more.
fn worth_marking(places: usize, lead: usize, map: &WordMap) -> bool {
    let words = usize::try_from(map.words()).unwrap_or(usize::MAX);
    places.saturating_add(words / 64) < lead.saturating_mul(32)
}

/// The most terms of a wildcard checked after the lead that are gathered into a set.
const SMALL_SET: usize = 4096;

/// The most places asked for that a wildcard leading a phrase gives by merging its
/// lists as they are read rather than gathering and sorting all its postings.
const FEW_PLACES: usize = 4096;

/// Whether there are `n` word tokens from `t0` on (put into `words`).
fn words_at(article: &ArticleIndex, t0: u32, n: usize, words: &mut Vec<Token>) -> bool {
    words.clear();
    // One walk from the first word: a token is found from the start of its block, so
    // finding each word on its own decoded that block again for every word.
    words.extend(article.tokens.iter().skip(t0 as usize).take(n));
    words.len() == n
}

/// The first position at or after `from` whose posting is not below `target`: a galloping
/// search, as the targets only grow and are often near.
fn seek(list: &[Posting], from: usize, target: u64) -> usize {
    let rest = &list[from..];
    let mut end = 1;
    while end < rest.len() && rest[end].raw() < target {
        end *= 2;
    }
    from + rest[..(end + 1).min(rest.len())].partition_point(|p| p.raw() < target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seek_finds_the_first_posting_not_below_the_target() {
        let list: Vec<Posting> = (0..100).map(|t| Posting::new(1, t * 2, 0)).collect();
        for from in [0, 1, 37, 99, 100] {
            for t in 0..210 {
                let target = Posting::new(1, t, 0).raw();
                let want = list.partition_point(|p| p.raw() < target).max(from);
                assert_eq!(seek(&list, from, target), want, "from {from} to {t}");
            }
        }
    }
}
