//! The first screen of a query: its first hits in corpus order and how many there are in
//! all, without building every hit.
//!
//! [`evaluate`] turns every posting into a byte range, which reads the posting's token (a
//! random access into the tokens of the whole corpus), and then sorts and merges them all,
//! although a screen shows 25. Here a word's hits stay postings until the end: a posting
//! packs (article, word token, part) into a `u64` that sorts in corpus order, and whether
//! two hits overlap can be told from those numbers alone, because word tokens never overlap,
//! a whole token covers all its parts, and the parts of one token lie apart (a hyphen
//! between them). So the total is counted from the postings as they lie, the first places
//! are found by a merge of the terms' posting lists that stops after the first screen, and
//! only the hits shown are cut from the tokens.
//!
//! A phrase is found from its words' postings ([`phrase`]); only where all its words stand
//! in a row are the tokens read, for what the postings cannot tell.
//!
//! Actor mentions and topic hits are byte ranges already, cheap to read and few; a query
//! with an actor or a topic is answered by [`evaluate`].

mod phrase;
#[cfg(test)]
mod tests;

use super::eval::{RegexTerms, case_matches, posting_span, term_ids};
use super::{Expr, Hit, Query, QueryError, evaluate};
use crate::index::{Index, Posting};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The first hits of a query and how many there are in all: what a screen in position
/// order needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The first hits in corpus order, at most the limit asked for: the start of what
    /// [`evaluate`] gives.
    pub hits: Vec<Hit>,
    /// How many hits there are in all: the length of what [`evaluate`] gives.
    pub total: usize,
}

/// The first `limit` hits of `query` in corpus order and the number of all its hits; equal
/// to the first `limit` of [`evaluate`] and its length (overlapping hits merged the same
/// way), but only the hits returned are built. The errors are those of [`evaluate`].
pub fn first(index: &Index, query: &Query, limit: usize) -> Result<Page, QueryError> {
    let screen = screen(index, query, limit, true)?;
    let total = screen
        .total
        .expect("a screen counted in full has its total");
    Ok(Page {
        hits: screen.hits,
        total,
    })
}

/// The first hits of a query and, where it comes cheap, how many there are in all: what a
/// browser shows at once, before every hit is there to scroll and sort.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    /// The first hits in corpus order, as [`first`] gives them.
    pub hits: Vec<Hit>,
    /// How many hits there are in all, when it was known without finding every hit: for
    /// words, wildcards and regexes, and for a query with no more hits than were asked for.
    /// `None` for a phrase of common words, whose count means checking every place it may
    /// stand.
    pub total: Option<usize>,
}

/// The first `limit` hits of `query`, as [`first`] gives them, and their total when it
/// comes cheap (see [`Preview::total`]). A phrase's places are checked only as far as the
/// first screen needs: `"die d*"` on 100 MB takes 13 ms counted in full, 0.6 ms here.
pub fn preview(index: &Index, query: &Query, limit: usize) -> Result<Preview, QueryError> {
    screen(index, query, limit, false)
}

/// Whether `query`'s first screen means building every hit anyway (it has an actor or a
/// topic, whose hits are byte ranges, not token positions): then [`first`] and [`preview`]
/// cost what [`evaluate`] does, and a caller that wants every hit later should ask for
/// them at once rather than for a preview first.
pub fn builds_every_hit(query: &Query) -> bool {
    !by_tokens(&query.expr, &mut Vec::new())
}

/// [`first`] when `count`, else [`preview`].
fn screen(index: &Index, query: &Query, limit: usize, count: bool) -> Result<Preview, QueryError> {
    let mut alternatives = Vec::new();
    if !by_tokens(&query.expr, &mut alternatives) {
        let mut hits = evaluate(index, query)?;
        let total = Some(hits.len());
        hits.truncate(limit);
        return Ok(Preview { hits, total });
    }
    // Checked places are found up to `max` per run, and more when those are too few.
    let mut max = if count {
        usize::MAX
    } else {
        limit.saturating_mul(4).saturating_add(16)
    };
    loop {
        let (terms, mut checked) = sources(index, query, &alternatives, max)?;
        if checked.is_empty() {
            return Ok(words_only(index, &terms, limit));
        }
        // Checked places can overlap in any way (a phrase with a word, with itself): they
        // are merged in order. Past the last place of a run cut at `max`, that run's later
        // places are missing: the merge stops there.
        let horizon = checked
            .iter()
            .filter_map(|run| match run {
                Run::Places(places) if places.len() >= max => places.last().map(|p| p.at),
                _ => None,
            })
            .min();
        checked.extend(
            terms
                .iter()
                .map(|&id| Run::Postings(index.terms().postings(id))),
        );
        let mut pager = Pager::new(index, limit);
        let mut stopped = false;
        for place in Merged::new(checked) {
            if horizon.is_some_and(|h| place.at > h) || (!count && pager.is_full()) {
                stopped = true;
                break;
            }
            pager.push(place);
        }
        let exact = !stopped && horizon.is_none();
        if exact || pager.is_full() || max == usize::MAX {
            let page = pager.finish();
            let total = exact.then_some(page.total);
            return Ok(Preview {
                hits: page.hits,
                total,
            });
        }
        max = max.saturating_mul(4);
    }
}

/// The first screen of a query of words only (no phrase, no place checked one by one).
fn words_only(index: &Index, terms: &[u32], limit: usize) -> Preview {
    // Words only: the total is counted without walking the postings, and only the first
    // places are put in order.
    let total = merged_count(index, terms);
    let (page, all) = if limit <= FEW {
        first_of_few(index, terms, limit)
    } else {
        let lists = terms
            .iter()
            .map(|&id| Run::Postings(index.terms().postings(id)));
        let mut places = Merged::new(lists.collect());
        let mut pager = Pager::new(index, limit);
        let mut all = false;
        while !pager.is_full() {
            let Some(place) = places.next() else {
                all = true;
                break;
            };
            pager.push(place);
        }
        (pager.finish(), all)
    };
    if all {
        debug_assert_eq!(page.total, total, "the places and the count agree");
    }
    Preview {
        hits: page.hits,
        total: Some(total),
    }
}

/// The most hits a screen asks for that [`first_of_few`] finds; more go through a merge.
const FEW: usize = 1024;

/// The first `limit` hits of the postings of the terms `ids`, which hold only words.
///
/// A wildcard can stand for half a million terms. A merge of their lists keeps a head per
/// list in a heap: tens of megabytes allocated, filled and given back for each screen.
/// Here each list is read only while it holds one of the first places seen so far, and the
/// first `want` places are kept in a heap of that size; a list whose first posting comes
/// later is passed over after one comparison. When those places make fewer hits than the
/// screen needs (parts covered by their whole make one hit), more are taken.
///
/// Also says whether every place was taken (then the page's total counts them all).
fn first_of_few(index: &Index, ids: &[u32], limit: usize) -> (Page, bool) {
    let mut want = 4 * limit + 16;
    loop {
        let (places, cut) = first_postings(index, ids, want);
        let mut pager = Pager::new(index, limit);
        let mut taken = 0;
        for &p in &places {
            if pager.is_full() {
                break;
            }
            pager.push(Place::of(p));
            taken += 1;
        }
        if pager.is_full() || !cut {
            let all = !cut && taken == places.len();
            return (pager.finish(), all);
        }
        want *= 4;
    }
}

/// The first `n` postings of the terms `ids` in corpus order, and whether there are more.
fn first_postings(index: &Index, ids: &[u32], n: usize) -> (Vec<Posting>, bool) {
    // The latest of the first places so far on top.
    let mut kept: BinaryHeap<Posting> = BinaryHeap::with_capacity(n + 1);
    let mut cut = false;
    for &id in ids {
        let list = index.terms().postings(id);
        // Ids are given in corpus order (see `Terms`), so no term stands first in an
        // article before the first article of a term with a smaller id: once a list starts
        // in an article after that of every kept place, so do all the lists after it. A
        // wildcard of half a million terms then reads the lists of the first few articles'
        // terms, not the head of every list (a cache miss each).
        if kept.len() == n
            && let (Some(first), Some(last)) = (list.first(), kept.peek())
            && first.article() > last.article()
        {
            cut = true;
            break;
        }
        // A list is in corpus order: once a posting comes after all kept, so do the rest.
        for &p in list {
            if kept.len() == n {
                cut = true;
                if kept.peek().is_some_and(|&last| p >= last) {
                    break;
                }
                kept.pop();
            }
            kept.push(p);
        }
    }
    (kept.into_sorted_vec(), cut)
}

/// Where the hits of words, phrases and regexes come from: the terms whose every posting
/// is a hit, each once (`Trump OR Trump` has one), so that no two share a posting; and runs
/// of places checked one by one (phrases, and with `(?c)` each posting's case), each run
/// cut at its first `max` places.
fn sources<'i>(
    index: &'i Index,
    query: &Query,
    alternatives: &[&Expr],
    max: usize,
) -> Result<(Vec<u32>, Vec<Run<'i>>), QueryError> {
    let mut terms: Vec<u32> = Vec::new();
    let mut checked: Vec<Run> = Vec::new();
    for expr in alternatives {
        match expr {
            Expr::Term(pattern) if !query.flags.case_sensitive => {
                terms.extend(term_ids(index, pattern, query.flags))
            }
            Expr::Term(pattern) => {
                for id in term_ids(index, pattern, query.flags) {
                    checked.push(checked_postings(index, id, max, |text| {
                        case_matches(text, pattern)
                    }));
                }
            }
            Expr::Phrase(patterns) => checked.push(Run::Places(phrase::places(
                index,
                patterns,
                query.flags,
                max,
            ))),
            Expr::Regex(re) => {
                let regex = RegexTerms::new(index, query, re)?;
                match &regex.strict {
                    None => terms.extend(&regex.ids),
                    Some(strict) => {
                        for &id in &regex.ids {
                            checked.push(checked_postings(index, id, max, |text| {
                                strict.is_match(text.trim_end_matches('.'))
                            }));
                        }
                    }
                }
            }
            Expr::Actor(_) | Expr::Topic(_) | Expr::Or(_) => {
                unreachable!("by_tokens keeps only words, phrases and regexes")
            }
        }
    }
    terms.sort_unstable();
    terms.dedup();
    Ok((terms, checked))
}

/// The postings of term `id` whose text, as written, passes `keep`.
fn checked_postings(index: &Index, id: u32, max: usize, keep: impl Fn(&str) -> bool) -> Run<'_> {
    let kept = index.terms().postings(id).iter().filter(|&&p| {
        let (start, end) = posting_span(index, p);
        keep(&index.articles()[p.article() as usize].text[start as usize..end as usize])
    });
    Run::Places(kept.take(max).map(|&p| Place::of(p)).collect())
}

/// How many hits the postings of the distinct terms `terms` make once merged: one
/// per posting, less the parts whose whole token is among them too (the whole covers
/// them). Two terms never share a posting, and parts of one token never overlap, so
/// nothing else merges.
///
/// The covered parts come from the index's table of compounds, without reading a posting;
/// where it cannot tell, from the postings.
fn merged_count(index: &Index, terms: &[u32]) -> usize {
    let postings: usize = terms
        .iter()
        .map(|&id| index.terms().postings(id).len())
        .sum();
    let covered = index.terms().covered_parts(terms);
    match covered.and_then(|c| postings.checked_sub(usize::try_from(c).ok()?)) {
        Some(total) => total,
        None => {
            let lists: Vec<&[Posting]> =
                terms.iter().map(|&id| index.terms().postings(id)).collect();
            merged_count_from_postings(&lists, index.articles().len())
        }
    }
}

/// [`merged_count`] from the postings alone: which parts' whole tokens stand among them.
fn merged_count_from_postings(lists: &[&[Posting]], articles: usize) -> usize {
    let postings: usize = lists.iter().map(|l| l.len()).sum();
    // The whole tokens of the part postings, as postings; most queries have few or none.
    let mut wholes: Vec<u64> = lists
        .iter()
        .flat_map(|l| l.iter().filter(|p| p.part() != 0))
        .map(|p| Posting::new(p.article(), p.token(), 0).raw())
        .collect();
    if wholes.is_empty() {
        return postings;
    }
    wholes.sort_unstable();
    // Which whole tokens among `wholes` stand in the lists as wholes: one bit for each token
    // from an article's first whole to its last, set by a pass over the lists. A binary
    // search among the article's wholes for every posting was 60% of the first screen of
    // `*e*` (6.5 million postings) on 100 MB, most of it waiting for memory.
    // Per article: its first whole's token, the bits' range, and where they start.
    let mut spans: Vec<Option<(u32, u32, usize)>> = vec![None; articles];
    let mut bits_len = 0;
    for run in
        wholes.chunk_by(|x, y| Posting::from_raw(*x).article() == Posting::from_raw(*y).article())
    {
        let (first, last) = (
            Posting::from_raw(run[0]),
            Posting::from_raw(run[run.len() - 1]),
        );
        if let Some(span) = spans.get_mut(first.article() as usize) {
            *span = Some((first.token(), last.token(), bits_len));
            bits_len += (last.token() - first.token()) as usize + 1;
        }
    }
    let bit = |p: Posting| -> Option<usize> {
        let (low, high, at) = (*spans.get(p.article() as usize)?)?;
        (low..=high)
            .contains(&p.token())
            .then(|| at + (p.token() - low) as usize)
    };
    let mut stands = vec![0u64; bits_len.div_ceil(64)];
    for p in lists
        .iter()
        .flat_map(|l| l.iter())
        .filter(|p| p.part() == 0)
    {
        if let Some(b) = bit(*p) {
            stands[b / 64] |= 1 << (b % 64);
        }
    }
    // Each part whose whole stands is covered by it (a whole is in `wholes` once per part).
    let stood = |b: usize| stands[b / 64] & (1 << (b % 64)) != 0;
    let covered = wholes
        .iter()
        .filter(|&&w| bit(Posting::from_raw(w)).is_some_and(stood))
        .count();
    postings - covered
}

/// Gathers the alternatives of `expr` into `out`; false if one is an actor or a topic,
/// whose hits are byte ranges and not token positions.
fn by_tokens<'q>(expr: &'q Expr, out: &mut Vec<&'q Expr>) -> bool {
    match expr {
        Expr::Or(exprs) => exprs.iter().all(|e| by_tokens(e, out)),
        Expr::Actor(_) | Expr::Topic(_) => false,
        Expr::Term(_) | Expr::Phrase(_) | Expr::Regex(_) => {
            out.push(expr);
            true
        }
    }
}

/// Where a hit stands in word tokens: from where its posting stands (a token, or one part
/// of it) to the end of token `last`. A word's hit is one token or one part of it; a
/// phrase's hit is whole tokens in a row. Ordered as the hits are, by where they start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    /// A packed [`Posting`]: article, token, part.
    at: u64,
    last: u32,
}

impl Place {
    fn of(p: Posting) -> Place {
        Place {
            at: p.raw(),
            last: p.token(),
        }
    }

    fn posting(self) -> Posting {
        Posting::from_raw(self.at)
    }
}

/// Places in corpus order: a term's postings, or places checked one by one.
enum Run<'i> {
    /// A term's postings as the index holds them, not copied.
    Postings(&'i [Posting]),
    Places(Vec<Place>),
}

impl Run<'_> {
    fn get(&self, i: usize) -> Option<Place> {
        match self {
            Run::Postings(p) => p.get(i).map(|&p| Place::of(p)),
            Run::Places(p) => p.get(i).copied(),
        }
    }
}

/// The places of several runs in one corpus order: a k-way merge, so that the first screen
/// takes only the first few places of each run, and a wildcard's many runs are never sorted
/// as a whole.
struct Merged<'i> {
    runs: Vec<Run<'i>>,
    /// The next place of each run that has one, with the run and its position.
    heads: BinaryHeap<Reverse<(Place, usize, usize)>>,
}

impl<'i> Merged<'i> {
    fn new(runs: Vec<Run<'i>>) -> Merged<'i> {
        let heads = runs
            .iter()
            .enumerate()
            .filter_map(|(r, run)| run.get(0).map(|p| Reverse((p, r, 0))))
            .collect();
        Merged { runs, heads }
    }
}

impl Iterator for Merged<'_> {
    type Item = Place;

    fn next(&mut self) -> Option<Place> {
        let Reverse((place, r, i)) = self.heads.pop()?;
        if let Some(next) = self.runs[r].get(i + 1) {
            self.heads.push(Reverse((next, r, i + 1)));
        }
        Some(place)
    }
}

/// Merges places in corpus order into hits as [`evaluate`] does, counting them all and
/// cutting only the first `limit` from the tokens.
struct Pager<'i> {
    index: &'i Index,
    limit: usize,
    page: Page,
    /// The hit being merged, spread to the end of the last place it took in.
    open: Option<Place>,
}

impl<'i> Pager<'i> {
    fn new(index: &'i Index, limit: usize) -> Pager<'i> {
        Pager {
            index,
            limit,
            page: Page::default(),
            open: None,
        }
    }

    /// Takes the next place; none may start before the one taken last.
    fn push(&mut self, next: Place) {
        if let Some(open) = &mut self.open {
            if overlaps(*open, next) {
                open.last = open.last.max(next.last);
                return;
            }
            self.close();
        }
        self.open = Some(next);
    }

    /// Whether the first `limit` hits are all there.
    fn is_full(&self) -> bool {
        self.page.hits.len() >= self.limit
    }

    fn close(&mut self) {
        let Some(place) = self.open.take() else {
            return;
        };
        self.page.total += 1;
        if self.page.hits.len() < self.limit {
            self.page.hits.push(self.hit(place));
        }
    }

    fn hit(&self, place: Place) -> Hit {
        let p = place.posting();
        let (start, mut end) = posting_span(self.index, p);
        if place.last != p.token() {
            let article = &self.index.articles()[p.article() as usize];
            end = article
                .tokens
                .get(place.last as usize)
                .map_or(end, |t| t.end);
        }
        Hit {
            article: p.article(),
            start,
            end,
        }
    }

    fn finish(mut self) -> Page {
        self.close();
        self.page
    }
}

/// Whether `next`, starting no earlier than `open`, overlaps it: [`evaluate`]'s rule (a hit
/// that starts before the end of the one before is merged into it) in token positions.
/// Tokens do not touch, so a hit that starts in a token `open` covers overlaps it; `open`
/// covers the whole of its last token unless it is one part, and different parts of one
/// token do not overlap.
fn overlaps(open: Place, next: Place) -> bool {
    let (o, n) = (open.posting(), next.posting());
    o.article() == n.article()
        && (n.token() < open.last
            || (n.token() == open.last && (o.part() == 0 || n.part() == 0 || n.part() == o.part())))
}
