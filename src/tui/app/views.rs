//! The three list panes: which rows they show (derived from the query and the reader's
//! article) and where their cursors are.

use super::{App, Cursor, SharedHits};
use crate::tui::action::Pane;
use lupe::Index;
use lupe::counts::{self, Count};
use lupe::kwic::{self, Sort, SortKey};
use lupe::query::Hit;
use std::sync::Arc;

/// The article list.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    /// The articles shown, as article indices.
    pub rows: Vec<usize>,
    pub cursor: Cursor,
    /// Hide the articles without hits instead of dimming them.
    pub hide_unmatched: bool,
}

/// The KWIC pane.
#[derive(Debug, Clone, Default)]
pub struct KwicState {
    /// The hits shown, in the sort order: in the corpus's order, the query's own hits (or
    /// the article's of them), shared rather than copied (millions of them for a wide
    /// wildcard). While they are being sorted, in the corpus's order.
    pub hits: SharedHits,
    /// When the rows are sorted: for each of their hits in the corpus's order, its row. A
    /// hit's row is then two look-ups, not a walk over millions of rows.
    pub rows_of: Option<Arc<Vec<usize>>>,
    pub cursor: Cursor,
    /// The order chosen, an index into [`SORTS`].
    pub sort: usize,
    /// Only the hits of the reader's article.
    pub article_only: bool,
    /// The sort asked for and not answered yet: sorting a million hits takes a second, so
    /// it is done off the thread that reads keys (see [`App::take_sort`]).
    pub sorting: Option<SortQuestion>,
}

/// Hits to put in one of the [`SORTS`], numbered like [`Question`](super::Question)s.
#[derive(Debug, Clone, PartialEq)]
pub struct SortQuestion {
    pub generation: u64,
    /// In the corpus's order.
    pub hits: SharedHits,
    /// An index into [`SORTS`].
    pub sort: usize,
}

/// The answer to the [`SortQuestion`] with the same number.
#[derive(Debug, Clone, PartialEq)]
pub struct Sorted {
    pub generation: u64,
    /// The rows, sorted.
    pub hits: Vec<Hit>,
    /// For each hit of the question, its row.
    pub rows_of: Vec<usize>,
}

/// Answers `question`, unless `give_up` says so first.
pub fn sort_rows(
    index: &Index,
    question: &SortQuestion,
    give_up: &(dyn Fn() -> bool + Sync),
) -> Option<Sorted> {
    let sort = Sort {
        keys: SORTS[question.sort % SORTS.len()].1.to_vec(),
    };
    let order = kwic::sort_order_unless(index, &question.hits, &sort, give_up)?;
    let mut rows_of = vec![0; order.len()];
    let hits = order
        .iter()
        .enumerate()
        .map(|(row, &i)| {
            rows_of[i] = row;
            question.hits[i]
        })
        .collect();
    Some(Sorted {
        generation: question.generation,
        hits,
        rows_of,
    })
}

/// The actor (or topic) counts pane.
#[derive(Debug, Clone, Default)]
pub struct CountsState {
    pub rows: Vec<Count>,
    pub cursor: Cursor,
    /// Keyword topics instead of actors.
    pub topics: bool,
    /// Counts of the reader's article instead of the corpus.
    pub article_only: bool,
}

/// The orders `s` cycles through, with their names for the pane's title.
pub const SORTS: [(&str, &[SortKey]); 8] = [
    ("position", &[]),
    ("match", &[SortKey::Match]),
    ("L1", &[SortKey::Left(1)]),
    ("R1", &[SortKey::Right(1)]),
    ("L2", &[SortKey::Left(2)]),
    ("R2", &[SortKey::Right(2)]),
    ("L3", &[SortKey::Left(3)]),
    ("R3", &[SortKey::Right(3)]),
];

impl App {
    /// Which articles the list shows: all, or with a query only those with hits when the
    /// user hides the rest or the query picks an actor or topic.
    pub(super) fn refresh_list(&mut self) {
        let narrow =
            self.query.active() && (self.list.hide_unmatched || self.query.selects_articles());
        // While a preview shows, an article whose hits are not all in yet stays.
        let query = &self.query;
        self.list.rows = (0..self.index.articles().len())
            .filter(|&i| !narrow || query.hits_in(i).is_none_or(|n| n > 0))
            .collect();
        match self
            .list
            .rows
            .iter()
            .position(|a| *a == self.reader.article)
        {
            Some(row) => self.list.cursor.selected = row,
            None => {
                // The reader's article left the list: show the first one that stayed.
                self.list.cursor = Cursor::default();
                if let Some(first) = self.list.rows.first().copied() {
                    self.open_article(first);
                }
            }
        }
        let height = self.visible_rows(Pane::Articles);
        self.list.cursor.keep_visible(self.list.rows.len(), height);
    }

    pub(super) fn move_in_list(&mut self, delta: isize) {
        let height = self.visible_rows(Pane::Articles);
        self.list
            .cursor
            .move_by(delta, self.list.rows.len(), height);
        if let Some(article) = self.list.rows.get(self.list.cursor.selected).copied() {
            self.open_article(article);
        }
    }

    pub(super) fn select_in_list(&mut self, article: usize) {
        let height = self.visible_rows(Pane::Articles);
        if let Some(row) = self.list.rows.iter().position(|a| *a == article) {
            self.list.cursor.select(row, self.list.rows.len(), height);
        }
    }

    /// The KWIC rows: the query's hits (or the reader's article's), in the chosen order.
    /// An order other than the corpus's is asked for (see [`App::take_sort`]); until it
    /// comes the rows are in the corpus's order.
    pub(super) fn refresh_kwic(&mut self) {
        let sort = self.kwic.sort % SORTS.len();
        self.kwic.sorting = None;
        self.kwic.rows_of = None;
        self.kwic.hits = if SORTS[sort].1.is_empty() {
            self.kwic_hits_by_position()
        } else if self.query.is_preview() {
            // An order other than the corpus's needs every hit: the rows wait for them.
            SharedHits::default()
        } else {
            let hits = self.kwic_hits_by_position();
            self.questions.asked += 1;
            let question = SortQuestion {
                generation: self.questions.asked,
                hits: hits.clone(),
                sort,
            };
            self.kwic.sorting = Some(question);
            self.questions.sort_unsent = true;
            hits
        };
        let height = self.visible_rows(Pane::Kwic);
        self.kwic.cursor.keep_visible(self.kwic.hits.len(), height);
        if self.questions.at_once
            && let Some(question) = self.take_sort()
        {
            let sorted = sort_rows(&self.index, &question, &|| false);
            self.apply_sorted(sorted.expect("a sort not given up"));
        }
    }

    /// The hits the KWIC pane shows, in the corpus's order.
    fn kwic_hits_by_position(&self) -> SharedHits {
        if self.kwic.article_only {
            SharedHits::part(&self.query.hits, self.query.range_of(self.reader.article))
        } else {
            SharedHits::whole(&self.query.hits)
        }
    }

    /// The sort asked for last, once, for the event loop to have answered (see
    /// [`App::sorted`]); `None` if it was taken already, or while a query is being
    /// answered: the rows are about to change, and a sort asked of the search thread
    /// would give up the query.
    pub fn take_sort(&mut self) -> Option<SortQuestion> {
        if self.query.asked.is_some() || !std::mem::take(&mut self.questions.sort_unsent) {
            return None;
        }
        self.kwic.sorting.clone()
    }

    /// Shows the sorted rows, if they answer the sort asked last; the hit selected stays
    /// selected.
    pub fn sorted(&mut self, sorted: Sorted) {
        self.apply_sorted(sorted);
        self.prepare();
    }

    fn apply_sorted(&mut self, sorted: Sorted) {
        if self
            .kwic
            .sorting
            .as_ref()
            .is_none_or(|q| q.generation != sorted.generation)
        {
            return;
        }
        self.kwic.sorting = None;
        let selected = self.kwic.hits.get(self.kwic.cursor.selected).copied();
        self.kwic.hits = sorted.hits.into();
        self.kwic.rows_of = Some(Arc::new(sorted.rows_of));
        self.select_kwic_hit(selected);
    }

    /// The row of `hit` in the KWIC pane, if it has one.
    pub(super) fn kwic_row_of(&self, hit: Hit) -> Option<usize> {
        let by_position = if self.kwic.article_only {
            self.query.hits_of(self.reader.article)
        } else {
            &self.query.hits[..]
        };
        let i = by_position.binary_search(&hit).ok()?;
        let row = match &self.kwic.rows_of {
            Some(rows) => *rows.get(i)?,
            None => i,
        };
        (row < self.kwic.hits.len()).then_some(row)
    }

    /// Selects `hit` in the KWIC pane if it is there; else keeps the selection in range.
    pub(super) fn select_kwic_hit(&mut self, hit: Option<Hit>) {
        let height = self.visible_rows(Pane::Kwic);
        let rows = self.kwic.hits.len();
        match hit.and_then(|h| self.kwic_row_of(h)) {
            Some(row) => self.kwic.cursor.select(row, rows, height),
            None => self.kwic.cursor.keep_visible(rows, height),
        }
    }

    pub(super) fn cycle_sort(&mut self) {
        self.kwic.sort = (self.kwic.sort + 1) % SORTS.len();
        // Keep the hit the user was looking at selected in the new order.
        let selected = self.kwic.hits.get(self.kwic.cursor.selected).copied();
        self.refresh_kwic();
        self.select_kwic_hit(selected);
    }

    pub(super) fn refresh_counts(&mut self) {
        let article = self
            .counts
            .article_only
            .then_some(self.reader.article as u32);
        self.counts.rows = if self.counts.topics {
            counts::topic_counts(&self.index, article)
        } else {
            counts::actor_counts(&self.index, article)
        };
        let height = self.visible_rows(Pane::Actors);
        self.counts
            .cursor
            .keep_visible(self.counts.rows.len(), height);
    }
}
