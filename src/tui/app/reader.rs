//! The reader: which article, how far down, which hit it was sent to. The position is kept
//! as a byte offset, not a line number, so re-wrapping on resize keeps the reading place.

use super::App;
use crate::tui::action::Pane;
use crate::tui::wrap::{Window, line_of, wrap_around};
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

/// Articles longer than this (bytes) are wrapped off the thread that reads keys once the
/// browser runs (see [`App::take_wrap`]): a 10 MB article takes 16 to 19 ms to wrap, a
/// frame's time, and one of 99 MB up to 0.35 s. Meanwhile the reader shows and scrolls the
/// lines around its place, wrapped on their own ([`wrap_around`]).
pub const WRAP_APART_ABOVE: usize = 1 << 20;

/// A scroll further than this many lines goes to the top or the bottom: only those keys
/// scroll so far, and lines around a place reach only a screen or two.
const FAR: usize = 100_000;

impl App {
    /// The lines of the reader's article around byte `at`: all of them if it is wrapped at
    /// the reader's width (it is, now, unless it is being wrapped elsewhere), else `before`
    /// lines before the one holding `at` and `after` after it. With whether the last is the
    /// article's last line.
    fn reader_lines_around(&mut self, at: u32, before: usize, after: usize) -> Window {
        let width = self.pane_inner(Pane::Reader).width;
        let a = self.reader.article;
        let Some(article) = self.index.articles().get(a) else {
            return Window::whole(Arc::default());
        };
        if let Some(lines) = self.wraps.get(a, width) {
            return Window::whole(lines);
        }
        if self.wraps_apart(article.text.len()) {
            return wrap_around(&article.text, usize::from(width), at, before, after);
        }
        Window::whole(self.wraps.lines(a, width, &article.text))
    }

    /// Whether an article of `len` bytes is wrapped off this thread.
    pub fn wraps_apart(&self, len: usize) -> bool {
        !self.questions.at_once && len > self.questions.wrap_apart_above
    }

    /// Scrolls by `delta` lines, stopping where the last line reaches the pane's bottom.
    pub(super) fn scroll_reader(&mut self, delta: isize) {
        let height = usize::from(self.pane_inner(Pane::Reader).height).max(1);
        let len = self
            .index
            .articles()
            .get(self.reader.article)
            .map_or(0, |a| a.text.len()) as u32;
        // The top and the bottom are found from the article's ends, which need no lines
        // wrapped before them.
        let (at, delta) = match delta.unsigned_abs() > FAR {
            true if delta < 0 => (0, 0),
            true => (len, 0),
            false => (self.reader.top, delta),
        };
        let back = delta.min(0).unsigned_abs();
        let on = usize::try_from(delta).unwrap_or(0);
        let window = self.reader_lines_around(at, back.max(height), on + height);
        let lines = &window.lines;
        let last_top = if window.to_end {
            lines.len().saturating_sub(height)
        } else {
            lines.len().saturating_sub(1)
        };
        let line = line_of(lines, at)
            .saturating_add_signed(delta)
            .min(last_top);
        let top = lines.get(line).map_or(0, |l| l.start);
        // Lines around a place in a long paragraph may break otherwise than those around
        // the place before: a scroll never goes the other way for that.
        self.reader.top = match delta.signum() {
            1 => top.max(self.reader.top),
            -1 => top.min(self.reader.top),
            _ => top,
        };
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
        let height = usize::from(self.pane_inner(Pane::Reader).height).max(1);
        // A page before the hit, for a hit near the end.
        let window = self.reader_lines_around(hit.start, height, height);
        let lines = &window.lines;
        let mut top = line_of(lines, hit.start).saturating_sub(height / 3);
        if window.to_end {
            top = top.min(lines.len().saturating_sub(height));
        }
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
