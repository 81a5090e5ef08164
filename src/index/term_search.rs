//! Finding the terms that hold a piece of text, for wildcard queries (`Datei*`, `*datei*`).
//!
//! Both stores keep every term's text one after another, in id order, in one buffer. One
//! search over that buffer (memchr's vectorised `memmem`) finds the few places the piece
//! stands, and only the terms there are looked at. Asking every term in turn was 32 ns a
//! term, 19 ms for `*datei*` on a corpus with 600,000 terms: more than a frame, on every
//! key typed. A short piece a term must start or end with is the exception: `d*` and `*e`
//! stand in most terms, mostly not at their start or end, and going to each of their
//! places costs more than a look at the first or last byte of every term (under a
//! nanosecond a term), so past a point that is what is done.

use memchr::memmem::Finder;

/// Whether `text` holds `piece`: at its start if `at_start`, at its end if `at_end` (both:
/// it is the piece), anywhere if neither. What [`terms_with`] finds, asked of one text.
pub(crate) fn holds(text: &str, piece: &str, at_start: bool, at_end: bool) -> bool {
    holds_bytes(text.as_bytes(), piece.as_bytes(), at_start, at_end)
}

/// [`holds`] of bytes. At either end, one byte turns most texts away without a call to
/// compare, which is what makes asking every term quick (see [`asked_in_turn`]). Always
/// inlined there, so the anchoring is settled once for the loop: merely `#[inline]`, `d*`
/// on 600,000 terms took 2.8 ms instead of 1.3.
#[inline(always)]
fn holds_bytes(text: &[u8], piece: &[u8], at_start: bool, at_end: bool) -> bool {
    match (at_start, at_end) {
        (true, true) => text == piece,
        (true, false) => text.first() == piece.first() && text.starts_with(piece),
        (false, true) => text.last() == piece.last() && text.ends_with(piece),
        (false, false) => memchr::memmem::find(text, piece).is_some(),
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
    // A piece at the start or the end of the terms (`d*`, `*e`) that stands in most of
    // them, mostly where it turns up nothing, costs more to go to place by place than
    // asking every term whether it starts or ends with it, which one byte of the term
    // mostly answers: for `d*` on 600,000 terms, 2.8 ms against 0.5 ms; `*e` 14 against
    // 1.8 ms. A piece anywhere in the terms (`*e*`) has to be looked for in each, which
    // was slower than going to its places: 13 ms against 9.5 ms.
    if (at_start || at_end) && stands_often(text, terms, &finder) {
        return asked_in_turn(text, terms, piece, at_start, at_end, &start);
    }
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

/// Going to a place of a piece costs [`terms_with`] about as much as asking this many
/// terms how they start (some 11 ns against 0.7 ns).
const SCAN_ABOVE: usize = 16;

/// Whether `piece` (the `finder`'s) likely stands in `text` more often than a
/// [`SCAN_ABOVE`]th of its `terms` terms. Judged from stretches spread evenly over the
/// text, not from its beginning: the first terms are the commonest words, where any piece
/// stands more often (`datei` in a corpus of manual pages).
fn stands_often(text: &[u8], terms: usize, finder: &Finder) -> bool {
    const STRETCHES: usize = 32;
    const STRETCH: usize = 512;
    let (found, read) = if text.len() <= STRETCHES * STRETCH {
        (finder.find_iter(text).count(), text.len())
    } else {
        // Each stretch in the middle of its share of the text.
        let step = text.len() / STRETCHES;
        let found = (0..STRETCHES)
            .map(|k| k * step + (step - STRETCH) / 2)
            .map(|at| finder.find_iter(&text[at..at + STRETCH]).count())
            .sum();
        (found, STRETCHES * STRETCH)
    };
    // found / read * text.len() places likely, against terms / SCAN_ABOVE.
    (found as u128) * (text.len() as u128) * (SCAN_ABOVE as u128) > (terms as u128) * (read as u128)
}

/// The ids of the `terms` terms that hold `piece`, anchored as for [`terms_with`], asked
/// one after another. `None` if `start` fails or the terms' starts are out of order.
fn asked_in_turn(
    text: &[u8],
    terms: usize,
    piece: &[u8],
    at_start: bool,
    at_end: bool,
    start: &impl Fn(usize) -> Option<usize>,
) -> Option<Vec<u32>> {
    let mut found = Vec::new();
    let mut term_start = start(0)?;
    for id in 0..terms {
        let term_end = start(id + 1)?;
        let term = text.get(term_start..term_end)?;
        if holds_bytes(term, piece, at_start, at_end) {
            found.push(id as u32);
        }
        term_start = term_end;
    }
    Some(found)
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
            .filter(|&id| {
                let term = terms[id as usize];
                match (at_start, at_end) {
                    (true, true) => term == piece,
                    (true, false) => term.starts_with(piece),
                    (false, true) => term.ends_with(piece),
                    (false, false) => term.contains(piece),
                }
            })
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
    fn a_common_piece_is_asked_of_every_term() {
        // "b" stands once in every term, mostly at the end of "ab", where a piece at the
        // start turns up nothing: every term is asked instead when the piece is at the
        // start or the end.
        let matching = [0, 5, 99, 149, 199];
        let terms: Vec<&str> = (0..200)
            .map(|i| if matching.contains(&i) { "bx" } else { "ab" })
            .collect();
        let text = terms.concat();
        let b = Finder::new("b");
        assert!(stands_often(text.as_bytes(), 200, &b));
        let want: Vec<u32> = matching.iter().map(|&i| i as u32).collect();
        let ab: Vec<u32> = (0..200).filter(|i| !want.contains(i)).collect();
        assert_eq!(search(&terms, "b", true, false), Some(want.clone()));
        assert_eq!(search(&terms, "bx", true, true), Some(want.clone()));
        assert_eq!(search(&terms, "b", true, true), Some(vec![]));
        assert_eq!(search(&terms, "b", false, true), Some(ab.clone()));
        assert_eq!(search(&terms, "ab", false, true), Some(ab));
        assert_eq!(search(&terms, "b", false, false), Some((0..200).collect()));
        assert_eq!(search(&terms, "bx", false, false), Some(want));
        for (at_start, at_end) in [(true, false), (true, true), (false, true), (false, false)] {
            for piece in ["b", "bx", "ab", "x", "a"] {
                assert_eq!(
                    search(&terms, piece, at_start, at_end),
                    Some(each(&terms, piece, at_start, at_end)),
                    "{piece} {at_start} {at_end}"
                );
            }
        }
    }

    #[test]
    fn how_often_a_piece_stands_is_judged_over_the_whole_text() {
        // 10,000 terms of ten bytes: more than 625 places (a sixteenth) is often.
        let often =
            |text: &str, piece: &str| stands_often(text.as_bytes(), 10_000, &Finder::new(piece));
        let every = |n: usize| -> String {
            (0..10_000)
                .map(|i| {
                    if i % n == 0 {
                        "yyyyyyyyyz"
                    } else {
                        "yyyyyyyyyy"
                    }
                })
                .collect()
        };
        // In every eighth term (1,250 places), in every 32nd (312).
        assert!(often(&every(8), "z"));
        assert!(!often(&every(32), "z"));
        assert!(often(&every(32), "y"));
        // 500 places, all in the first 50 terms: the first terms do not speak for all.
        let text = format!("{}{}", "x".repeat(500), "abcdefghij".repeat(9950));
        assert!(!often(&text, "x"));
        assert!(often(&text, "a"));
        // A short text is read whole: two places in 16 terms are often, one is not.
        assert!(stands_often(b"abxdefxh", 16, &Finder::new("x")));
        assert!(!stands_often(b"abcdefxh", 16, &Finder::new("x")));
    }

    #[test]
    fn terms_asked_in_turn_out_of_order_are_not_trusted() {
        // A damaged file: term 100 seems to start before term 99.
        let mut starts: Vec<usize> = (0..=200).map(|id| id * 2).collect();
        starts[100] = 150;
        let text = "ab".repeat(200);
        let start = |id: usize| starts.get(id).copied();
        assert_eq!(
            terms_with(text.as_bytes(), 200, b"b", true, false, start),
            None
        );
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
        /// few letters (so pieces stand often, across terms too) with German letters, and
        /// enough of them that a piece at the start is often asked of every term.
        #[test]
        fn one_search_finds_what_asking_every_term_finds(
            terms in proptest::collection::vec("[abä]{0,6}", 0..300),
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
