//! The reader: which article, how far down, which hit it was sent to. The position is kept
//! as a byte offset, not a line number, so re-wrapping on resize keeps the reading place.

use super::App;
use crate::tui::action::Pane;
use crate::tui::wrap::WrappedLine;
use lupe::query::Hit;
use std::sync::Arc;

/// Where the reader is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReaderState {
    /// Index of the article shown.
    pub article: usize,
    /// Byte offset of the first line shown.
    pub top: u32,
    /// The hit the reader was sent to (KWIC Enter, n/N), marked more strongly.
    pub current: Option<Hit>,
}

/// The line of `lines` that holds byte `offset`.
pub fn line_of(lines: &[WrappedLine], offset: u32) -> usize {
    lines
        .partition_point(|l| l.start <= offset)
        .saturating_sub(1)
}

impl App {
    /// The reader's article wrapped at the reader's width (wrapped now if it was not).
    pub(super) fn reader_lines(&mut self) -> Arc<Vec<WrappedLine>> {
        let width = self.pane_inner(Pane::Reader).width;
        match self.index.articles().get(self.reader.article) {
            Some(article) => self.wraps.lines(self.reader.article, width, &article.text),
            None => Arc::new(Vec::new()),
        }
    }

    /// Scrolls by `delta` lines, stopping where the last line reaches the pane's bottom.
    pub(super) fn scroll_reader(&mut self, delta: isize) {
        let lines = self.reader_lines();
        let height = usize::from(self.pane_inner(Pane::Reader).height);
        let last_top = lines.len().saturating_sub(height.max(1));
        let line = line_of(&lines, self.reader.top)
            .saturating_add_signed(delta)
            .min(last_top);
        self.reader.top = lines.get(line).map_or(0, |l| l.start);
    }

    /// Shows article `article` from its start (or keeps the place if it is shown already).
    pub(super) fn open_article(&mut self, article: usize) {
        if article == self.reader.article || article >= self.index.articles().len() {
            return;
        }
        self.reader = ReaderState {
            article,
            top: 0,
            current: None,
        };
        if self.kwic.article_only {
            self.refresh_kwic();
        }
        if self.counts.article_only {
            self.refresh_counts();
        }
        self.select_in_list(article);
    }

    /// Shows `hit` in the reader: its article, scrolled so the hit sits a third down the page.
    pub(super) fn show_hit(&mut self, hit: Hit) {
        self.open_article(hit.article as usize);
        self.reader.current = Some(hit);
        // The KWIC pane follows, so n/N and the concordance never point at different hits.
        if let Some(row) = self.kwic_row_of(hit) {
            let height = self.visible_rows(Pane::Kwic);
            self.kwic.cursor.select(row, self.kwic.hits.len(), height);
        }
        let lines = self.reader_lines();
        let height = usize::from(self.pane_inner(Pane::Reader).height);
        let line = line_of(&lines, hit.start);
        let top = line.saturating_sub(height / 3);
        let top = top.min(lines.len().saturating_sub(height.max(1)));
        self.reader.top = lines.get(top).map_or(0, |l| l.start);
    }

    /// `n` / `N`: the next (previous) hit after (before) the current one, else after the top
    /// of the page; past the article's last hit, on into the next article that has one.
    pub(super) fn jump_to_hit(&mut self, forward: bool) {
        let hits = &self.query.hits;
        if hits.is_empty() {
            return;
        }
        let here = match self.reader.current {
            Some(hit) => hit,
            None => Hit {
                article: self.reader.article as u32,
                start: self.reader.top,
                // Before any hit at the top of the page, so `n` finds that one first.
                end: 0,
            },
        };
        let key = |h: &Hit| (h.article, h.start, h.end);
        let next = if forward {
            let i = hits.partition_point(|h| key(h) <= key(&here));
            let i = if self.reader.current.is_none() {
                hits.partition_point(|h| (h.article, h.start) < (here.article, here.start))
            } else {
                i
            };
            hits.get(i).or(hits.first())
        } else {
            let i = hits.partition_point(|h| key(h) < key(&here));
            i.checked_sub(1).and_then(|i| hits.get(i)).or(hits.last())
        };
        if let Some(hit) = next.copied() {
            self.show_hit(hit);
        }
    }

    /// Enter in the KWIC pane: the selected hit, in the reader.
    pub(super) fn open_kwic_hit(&mut self) {
        if let Some(hit) = self.kwic.hits.get(self.kwic.cursor.selected).copied() {
            self.show_hit(hit);
            self.focus = Pane::Reader;
        }
    }
}
