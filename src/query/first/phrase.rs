//! Where the words of a phrase stand in a row, found from their postings.
//!
//! Word k of a phrase must be the whole token k places after the first, so the rarest word
//! leads and the others are looked up in their posting lists where they would have to
//! stand, with no token read. Only where all of them are posted are the tokens read, to
//! check what the postings cannot tell: that no punctuation stands between the words (and
//! with `(?c)` their case). The count must be exact, so that check is made at every such
//! place, not only on the first screen.

use super::{Merged, Place, Run};
use crate::index::{ArticleIndex, Index, Posting};
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
    // The rarest word leads; the others are looked up where they would have to stand.
    let lead = (0..columns.len())
        .min_by_key(|&k| columns[k].len(index))
        .unwrap_or(0);
    let mut cursors = vec![0usize; columns.len()];
    let mut places = Vec::new();
    // Reused from candidate to candidate: the words where the phrase would stand, and the
    // folded form of one (as the index folds it: see `key`).
    let mut words = Vec::with_capacity(patterns.len());
    let mut folded = String::new();
    // A wildcard's terms by their text, when they are few enough to gather: a small set is
    // quicker to ask than the dictionary of the whole corpus ("die d*" on 100 MB asks
    // 300,000 times: 69 -> 44 ms).
    let sets: Vec<Option<HashSet<&str>>> = columns
        .iter()
        .enumerate()
        .map(|(k, column)| match column {
            Column::Many(ids) if k != lead && ids.len() <= SMALL_SET => {
                Some(ids.iter().map(|&id| index.terms().text(id)).collect())
            }
            _ => None,
        })
        .collect();
    // Takes the lead's next posting; says whether the places are all there.
    let mut take = |p: Posting| -> bool {
        if p.part() != 0 {
            return false;
        }
        let Some(t0) = p.token().checked_sub(lead as u32) else {
            return false;
        };
        let posted = columns.iter().enumerate().all(|(k, column)| {
            let Column::One(postings) = column else {
                return true;
            };
            if k == lead {
                return true;
            }
            let Some(t) = t0.checked_add(k as u32) else {
                return false;
            };
            let target = Posting::new(p.article(), t, 0).raw();
            cursors[k] = seek(postings, cursors[k], target);
            postings.get(cursors[k]).is_some_and(|q| q.raw() == target)
        });
        if !posted {
            return false;
        }
        let article = &index.articles()[p.article() as usize];
        if !in_a_row(article, t0, patterns.len(), &mut words) {
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
                if k == lead {
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
        let case_fits = !flags.case_sensitive
            || patterns
                .iter()
                .zip(&words)
                .all(|(pat, w)| case_matches(w.text(text), pat));
        if terms_fit && case_fits {
            places.push(Place {
                at: Posting::new(p.article(), t0, 0).raw(),
                last: t0 + patterns.len() as u32 - 1,
            });
        }
        places.len() == max
    };
    match &columns[lead] {
        Column::One(postings) => {
            for &p in *postings {
                if take(p) {
                    break;
                }
            }
        }
        // A few places of a wildcard: its lists merged as far as they are needed.
        Column::Many(ids) if max <= FEW_PLACES => {
            let lists = ids
                .iter()
                .map(|&id| Run::Postings(index.terms().postings(id)));
            for place in Merged::new(lists.collect()) {
                if take(place.posting()) {
                    break;
                }
            }
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
            for p in all {
                if take(p) {
                    break;
                }
            }
        }
    }
    places
}

/// The most terms of a wildcard checked after the lead that are gathered into a set.
const SMALL_SET: usize = 4096;

/// The most places asked for that a wildcard leading a phrase gives by merging its
/// lists as they are read rather than gathering and sorting all its postings.
const FEW_PLACES: usize = 4096;

/// Whether there are `n` word tokens from `t0` on with only white space between them (put
/// into `words`): the one thing about a phrase that the postings cannot tell.
fn in_a_row(article: &ArticleIndex, t0: u32, n: usize, words: &mut Vec<Token>) -> bool {
    words.clear();
    words.extend((t0 as usize..t0 as usize + n).map_while(|i| article.tokens.get(i)));
    words.len() == n
        && words.windows(2).all(|w| {
            article.text[w[0].end as usize..w[1].start as usize]
                .chars()
                .all(char::is_whitespace)
        })
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
