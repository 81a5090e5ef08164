//! Finding the terms that hold a piece of text, for wildcard queries (`Datei*`, `*datei*`).
//!
//! Both stores keep every term's text one after another, in id order, in one buffer. One
//! search over that buffer (memchr's vectorised `memmem`) finds the few places the piece
//! stands, and only the terms there are looked at. Asking every term in turn was 32 ns a
//! term, 19 ms for `*datei*` on a corpus with 600,000 terms: more than a frame, on every
//! key typed.

use memchr::memmem::Finder;

/// Whether `text` holds `piece`: at its start if `at_start`, at its end if `at_end` (both:
/// it is the piece), anywhere if neither. What [`terms_with`] finds, asked of one text.
pub(crate) fn holds(text: &str, piece: &str, at_start: bool, at_end: bool) -> bool {
    match (at_start, at_end) {
        (true, true) => text == piece,
        (true, false) => text.starts_with(piece),
        (false, true) => text.ends_with(piece),
        (false, false) => text.contains(piece),
    }
}

/// The ids of the `terms` terms in `text` (every term's bytes one after another) that hold
/// `piece`: at their start if `at_start`, at their end if `at_end` (both: the whole term),
/// anywhere if neither. `start(id)` is where term `id` starts in `text`, for every id up
/// to `terms` (where the text ends). In id order, each once. `None` when `piece` is empty
/// or `start` fails (a damaged cache file), for the caller to ask term by term.
pub(super) fn terms_with(
    text: &[u8],
    terms: usize,
    piece: &[u8],
    at_start: bool,
    at_end: bool,
    start: impl Fn(usize) -> Option<usize>,
) -> Option<Vec<u32>> {
    if piece.is_empty() {
        return None;
    }
    let finder = Finder::new(piece);
    let mut ids = Vec::new();
    let mut from = 0;
    // No term before this one holds a place still to come.
    let mut first = 0;
    while let Some(hit) = text.get(from..).and_then(|rest| finder.find(rest)) {
        let hit = from + hit;
        let end = hit + piece.len();
        first = term_at(hit, first, terms, &start)?;
        let (id, term) = (first as u32, start(first)?..start(first + 1)?);
        if !term.contains(&hit) {
            // Starts out of order: a damaged file. Every step must move on.
            return None;
        }
        if end > term.end {
            // The piece runs on into the next term: no term holds it here.
            from = term.end;
            continue;
        }
        if (!at_start || hit == term.start) && (!at_end || end == term.end) {
            ids.push(id);
            from = term.end;
        } else if at_end && !at_start {
            // Not at the end yet: the piece may stand again further on in this term.
            from = hit + 1;
        } else {
            // Not at the start, so nowhere at the start of this term.
            from = term.end;
        }
    }
    Some(ids)
}

/// The term that holds byte `at`: the last of the `terms` that starts at or before it,
/// `first` or after it. Places come in order, so the search gallops on from the term of
/// the last place, usually near, instead of halving all the terms each time: with
/// 600,000 terms that took the terms of `Datei*` from 3.0 to 2.1 ms.
fn term_at(
    at: usize,
    first: usize,
    terms: usize,
    start: &impl Fn(usize) -> Option<usize>,
) -> Option<usize> {
    // start(low) <= at, and start(high) > at or high == terms.
    let (mut low, mut high, mut step) = (first, first + 1, 1);
    while high < terms && start(high)? <= at {
        low = high;
        high += step;
        step *= 2;
    }
    high = high.min(terms);
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if start(mid)? <= at {
            low = mid;
        } else {
            high = mid;
        }
    }
    (low < terms).then_some(low)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `terms_with` over `terms` laid out as the stores lay them out.
    fn search(terms: &[&str], piece: &str, at_start: bool, at_end: bool) -> Option<Vec<u32>> {
        let text: String = terms.concat();
        let mut ends = Vec::new();
        let mut at = 0;
        for t in terms {
            at += t.len();
            ends.push(at);
        }
        terms_with(
            text.as_bytes(),
            terms.len(),
            piece.as_bytes(),
            at_start,
            at_end,
            |id| {
                if id == 0 {
                    Some(0)
                } else {
                    ends.get(id - 1).copied()
                }
            },
        )
    }

    /// What asking every term in turn gives.
    fn each(terms: &[&str], piece: &str, at_start: bool, at_end: bool) -> Vec<u32> {
        (0..terms.len() as u32)
            .filter(|&id| holds(terms[id as usize], piece, at_start, at_end))
            .collect()
    }

    #[test]
    fn a_piece_that_runs_across_two_terms_is_in_neither() {
        let terms = ["xa", "ab", "aab", "b"];
        assert_eq!(search(&terms, "aa", false, false), Some(vec![2]));
        assert_eq!(search(&terms, "ba", false, false), Some(vec![]));
        assert_eq!(search(&terms, "ab", false, false), Some(vec![1, 2]));
    }

    #[test]
    fn anchors_keep_the_terms_that_start_or_end_with_the_piece() {
        let terms = [
            "datei",
            "konfigurationsdatei",
            "dateien",
            "",
            "dateidatei",
            "date",
        ];
        assert_eq!(search(&terms, "datei", true, false), Some(vec![0, 2, 4]));
        assert_eq!(search(&terms, "datei", false, true), Some(vec![0, 1, 4]));
        assert_eq!(search(&terms, "datei", true, true), Some(vec![0]));
        assert_eq!(
            search(&terms, "datei", false, false),
            Some(vec![0, 1, 2, 4])
        );
        // The last of several places in a term is its end.
        assert_eq!(search(&["aaa", "a"], "aa", false, true), Some(vec![0]));
        assert_eq!(search(&terms, "", false, false), None);
    }

    #[test]
    fn the_term_at_a_byte_is_the_last_to_start_at_or_before_it_from_any_earlier_one() {
        // "ab", "", "c", "", "", "def": empty terms start where the next one does.
        let starts = [0, 2, 2, 3, 3, 3, 6];
        let start = |id: usize| starts.get(id).copied();
        for (at, want) in [(0, 0), (1, 0), (2, 2), (3, 5), (4, 5), (5, 5)] {
            for first in 0..=want {
                assert_eq!(term_at(at, first, 6, &start), Some(want), "{at} {first}");
            }
        }
        // A long way on, as after a long run of terms without the piece.
        let starts: Vec<usize> = (0..=1000).map(|id| id * 3).collect();
        let start = |id: usize| starts.get(id).copied();
        for at in [0, 1, 3, 299, 300, 1500, 2999] {
            assert_eq!(term_at(at, 0, 1000, &start), Some(at / 3), "{at}");
            assert_eq!(term_at(at, at / 6, 1000, &start), Some(at / 3), "{at}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Against asking every term: the same ids for every anchoring, on short terms of
        /// few letters (so pieces stand often, across terms too) with German letters.
        #[test]
        fn one_search_finds_what_asking_every_term_finds(
            terms in proptest::collection::vec("[abä]{0,6}", 0..60),
            piece in "[abä]{1,3}",
            at_start: bool,
            at_end: bool,
        ) {
            let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
            prop_assert_eq!(
                search(&terms, &piece, at_start, at_end),
                Some(each(&terms, &piece, at_start, at_end))
            );
        }
    }
}
