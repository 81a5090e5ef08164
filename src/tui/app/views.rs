//! The three list panes: which rows they show (derived from the query and the reader's
//! article) and where their cursors are.

use super::{App, Cursor};
use crate::tui::action::Pane;
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
    /// The hits shown, in the sort order: in the corpus's order, the query's own hits,
    /// shared rather than copied (millions of them for a wide wildcard).
    pub hits: Arc<Vec<Hit>>,
    pub cursor: Cursor,
    /// Index into [`SORTS`].
    pub sort: usize,
    /// Only the hits of the reader's article.
    pub article_only: bool,
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
    pub(super) fn refresh_kwic(&mut self) {
        let keys = SORTS[self.kwic.sort % SORTS.len()].1;
        self.kwic.hits = if !keys.is_empty() && self.query.is_preview() {
            // An order other than the corpus's needs every hit: the rows wait for them.
            Arc::default()
        } else if self.kwic.article_only {
            let mut hits = self.query.hits_of(self.reader.article).to_vec();
            self.sort_rows(&mut hits, keys);
            Arc::new(hits)
        } else if keys.is_empty() {
            Arc::clone(&self.query.hits)
        } else {
            let mut hits = self.query.hits.to_vec();
            self.sort_rows(&mut hits, keys);
            Arc::new(hits)
        };
        let height = self.visible_rows(Pane::Kwic);
        self.kwic.cursor.keep_visible(self.kwic.hits.len(), height);
    }

    fn sort_rows(&self, hits: &mut [Hit], keys: &[SortKey]) {
        if !keys.is_empty() {
            kwic::sort_hits(
                &self.index,
                hits,
                &Sort {
                    keys: keys.to_vec(),
                },
            );
        }
    }

    pub(super) fn cycle_sort(&mut self) {
        self.kwic.sort = (self.kwic.sort + 1) % SORTS.len();
        // Keep the hit the user was looking at selected in the new order.
        let selected = self.kwic.hits.get(self.kwic.cursor.selected).copied();
        self.refresh_kwic();
        if let Some(row) = selected.and_then(|s| self.kwic.hits.iter().position(|h| *h == s)) {
            let height = self.visible_rows(Pane::Kwic);
            self.kwic.cursor.select(row, self.kwic.hits.len(), height);
        }
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
