//! The browser's state and the one place it changes: [`App::update`] takes an [`Action`] and
//! does no I/O, so every key's effect can be tested without a terminal. Drawing (in
//! `render`) reads this state and changes nothing.

mod cursor;
mod query;
mod reader;
mod shared_hits;
mod views;

pub use cursor::Cursor;
pub use query::{Answer, Coverage, QueryLine, QueryState, Question};
pub use reader::ReaderState;
use reader::WRAP_APART_ABOVE;
pub use shared_hits::SharedHits;
pub use views::{CountsState, KwicState, ListState, SORTS, SortQuestion, Sorted, sort_rows};

use super::action::{Action, Pane};
use super::keymap::Mode;
use super::layout::{self, Screen};
use super::overlays;
use super::theme::Theme;
use super::wrap::{WrapCache, WrappedLine};
use lupe::Index;
use ratatui::layout::Rect;
use std::sync::Arc;

/// Something drawn over the panes until dismissed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    /// The corpus warnings (skipped or repaired files), shown once at start.
    Warnings {
        scroll: u16,
    },
}

/// How queries are answered, and how many were asked.
#[derive(Debug, Clone, Copy)]
struct Questions {
    /// Each query is answered at once, within the key press that typed it (the default,
    /// and what tests drive); else the event loop has it answered (see
    /// [`App::take_question`]).
    at_once: bool,
    /// The number of the latest question.
    asked: u64,
    /// The latest question is yet to be taken.
    unsent: bool,
    /// The KWIC pane's sort is yet to be taken (see [`App::take_sort`]).
    sort_unsent: bool,
    /// The reader's article at its width, being wrapped off this thread (see
    /// [`App::take_wrap`]).
    wrap_asked: Option<(usize, u16)>,
    /// `wrap_asked` is yet to be taken.
    wrap_unsent: bool,
    /// Articles longer than this are wrapped elsewhere, once queries are.
    wrap_apart_above: usize,
}

/// Everything the browser shows, and where the user is.
pub struct App {
    /// Shared with the thread that answers queries.
    pub index: Arc<Index>,
    pub theme: Theme,
    /// The whole terminal.
    pub size: Rect,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    pub quit: bool,
    pub query: QueryState,
    pub list: ListState,
    pub reader: ReaderState,
    pub kwic: KwicState,
    pub counts: CountsState,
    pub wraps: WrapCache,
    /// How many lines the warnings notice has at a screen width, once counted: wrapping
    /// thousands of warnings for every key that scrolls would be slow.
    notice_lines: Option<(u16, usize)>,
    questions: Questions,
}

impl App {
    /// A browser over `index`, for a terminal of `size`. Corpus warnings open as a notice.
    pub fn new(index: impl Into<Arc<Index>>, theme: Theme, size: Rect) -> App {
        let index = index.into();
        let overlay = (!index.warnings().is_empty()).then_some(Overlay::Warnings { scroll: 0 });
        let mut app = App {
            index,
            theme,
            size,
            focus: Pane::Articles,
            overlay,
            quit: false,
            query: QueryState::default(),
            list: ListState::default(),
            reader: ReaderState::default(),
            kwic: KwicState::default(),
            counts: CountsState::default(),
            wraps: WrapCache::default(),
            notice_lines: None,
            questions: Questions {
                at_once: true,
                asked: 0,
                unsent: false,
                sort_unsent: false,
                wrap_asked: None,
                wrap_unsent: false,
                wrap_apart_above: WRAP_APART_ABOVE,
            },
        };
        app.query.per_article = vec![0; app.index.articles().len()];
        app.refresh_list();
        app.refresh_counts();
        // A long first article is left to be wrapped elsewhere once the event loop has
        // things done so (see [`App::answer_in_background`]); it would hold up the first
        // frame here.
        let first = app.index.articles().first().map_or(0, |a| a.text.len());
        if first <= app.questions.wrap_apart_above {
            app.prepare();
        }
        app
    }

    /// From now on a query typed is not answered within the key press: the event loop
    /// takes it ([`App::take_question`]), has it answered off this thread and hands the
    /// answer back ([`App::answer`]). Until then the panes keep the results they show.
    /// Likewise a long article is wrapped elsewhere ([`App::take_wrap`]).
    pub fn answer_in_background(&mut self) {
        self.questions.at_once = false;
        self.prepare();
    }

    /// Articles longer than `bytes` are wrapped elsewhere: tests make the built-in articles
    /// long.
    #[cfg(test)]
    pub fn wrap_apart_above(&mut self, bytes: usize) {
        self.questions.wrap_apart_above = bytes;
    }

    /// Whether a query typed is still waiting for its results.
    pub fn is_searching(&self) -> bool {
        self.query.asked.is_some()
    }

    /// Whether a query, a sort or a wrapping is still waiting for its answer.
    pub fn is_waiting(&self) -> bool {
        self.is_searching() || self.kwic.sorting.is_some() || self.questions.wrap_asked.is_some()
    }

    /// The article and width to wrap off this thread, once; `None` if taken already or
    /// there is none. The lines come back through [`App::wrapped`].
    pub fn take_wrap(&mut self) -> Option<(usize, u16)> {
        if !std::mem::take(&mut self.questions.wrap_unsent) {
            return None;
        }
        self.questions.wrap_asked
    }

    /// Article `article` wrapped at `width` elsewhere: kept, and shown if the reader is on
    /// it at that width.
    pub fn wrapped(&mut self, article: usize, width: u16, lines: Arc<Vec<WrappedLine>>) {
        self.wraps.insert(article, width, lines);
        if self.questions.wrap_asked == Some((article, width)) {
            self.questions.wrap_asked = None;
        }
        self.prepare();
    }

    /// What keys mean right now.
    pub fn mode(&self) -> Mode {
        if self.overlay.is_some() {
            Mode::Overlay
        } else if self.query.line.is_some() {
            Mode::QueryLine
        } else {
            Mode::Normal(self.focus)
        }
    }

    /// Applies `action`. Returns a follow-up action, if the action implies one.
    pub fn update(&mut self, action: Action) -> Option<Action> {
        let next = self.apply(action);
        self.prepare();
        next
    }

    fn apply(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => {
                self.size = Rect::new(0, 0, w, h);
                self.keep_selections_visible();
            }
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrevious => self.focus = self.focus.previous(),
            Action::Focus(pane) => self.focus = pane,
            Action::FocusLeft => self.focus = self.neighbour(-1),
            Action::FocusRight => self.focus = self.neighbour(1),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-self.page(self.focus)),
            Action::PageDown => self.move_by(self.page(self.focus)),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Open => self.open(),
            Action::NextHit => self.jump_to_hit(true),
            Action::PreviousHit => self.jump_to_hit(false),
            Action::CycleSort => self.cycle_sort(),
            Action::ToggleScope => match self.focus {
                Pane::Kwic => {
                    self.kwic.article_only = !self.kwic.article_only;
                    self.refresh_kwic();
                }
                Pane::Actors => {
                    self.counts.article_only = !self.counts.article_only;
                    self.refresh_counts();
                }
                _ => {}
            },
            Action::ToggleTopics => {
                self.counts.topics = !self.counts.topics;
                self.counts.cursor = Cursor::default();
                self.refresh_counts();
            }
            Action::ToggleHideUnmatched => {
                self.list.hide_unmatched = !self.list.hide_unmatched;
                self.refresh_list();
            }
            Action::OpenQuery => self.open_query_line(),
            Action::QueryInsert(_)
            | Action::QueryBackspace
            | Action::QueryDelete
            | Action::QueryLeft
            | Action::QueryRight
            | Action::QueryHome
            | Action::QueryEnd
            | Action::QueryClear => self.edit_query(&action),
            Action::QuerySubmit => self.query.line = None,
            Action::QueryCancel => self.cancel_query(),
            Action::ToggleHelp => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help { .. }) => None,
                    _ => Some(Overlay::Help { scroll: 0 }),
                }
            }
            Action::ShowWarnings => {
                if !self.index.warnings().is_empty() {
                    self.overlay = Some(Overlay::Warnings { scroll: 0 });
                }
            }
            Action::Escape => {
                if self.overlay.is_some() {
                    self.overlay = None;
                } else if self.query.line.is_some() {
                    self.cancel_query();
                } else {
                    self.run_query("");
                }
            }
            Action::ScrollUpAt(x, y) => self.scroll_at(x, y, -3),
            Action::ScrollDownAt(x, y) => self.scroll_at(x, y, 3),
            Action::ClickAt(x, y) => return self.click_at(x, y),
        }
        None
    }

    /// The screen regions at the current size.
    pub fn screen(&self) -> Screen {
        Screen::of(self.size)
    }

    /// The content area of `pane` when it is shown (on a small screen, as if it were focused).
    pub fn pane_inner(&self, pane: Pane) -> Rect {
        self.screen()
            .area_of(pane, pane)
            .map(layout::inner)
            .unwrap_or_default()
    }

    /// How many entries of `pane`'s list fit in it (an article takes two rows).
    pub fn visible_rows(&self, pane: Pane) -> usize {
        let height = self.pane_inner(pane).height;
        let per_entry = if pane == Pane::Articles {
            layout::ROWS_PER_ARTICLE
        } else {
            1
        };
        usize::from(height / per_entry).max(1)
    }

    /// Keeps every list's selection on screen (after a resize).
    fn keep_selections_visible(&mut self) {
        let (articles, kwic, counts) = (
            self.visible_rows(Pane::Articles),
            self.visible_rows(Pane::Kwic),
            self.visible_rows(Pane::Actors),
        );
        self.list
            .cursor
            .keep_visible(self.list.rows.len(), articles);
        self.kwic.cursor.keep_visible(self.kwic.hits.len(), kwic);
        self.counts
            .cursor
            .keep_visible(self.counts.rows.len(), counts);
    }

    /// Rows in a page of `pane`: its height less one row of overlap, as `less` does.
    fn page(&self, pane: Pane) -> isize {
        if pane == Pane::Reader {
            (self.pane_inner(pane).height as isize - 1).max(1)
        } else {
            self.visible_rows(pane) as isize
        }
    }

    fn neighbour(&self, step: isize) -> Pane {
        let row = [Pane::Articles, Pane::Reader, Pane::Actors];
        if !matches!(self.screen(), Screen::AllPanes { .. }) {
            return if step > 0 {
                self.focus.next()
            } else {
                self.focus.previous()
            };
        }
        match row.iter().position(|p| *p == self.focus) {
            Some(i) => row[i.saturating_add_signed(step).min(row.len() - 1)],
            // From the bottom row, left and right go to the row above's ends.
            None if step < 0 => Pane::Articles,
            None => Pane::Actors,
        }
    }

    fn move_by(&mut self, delta: isize) {
        // An overlay scrolls within what its box can show, so that a key that scrolls back
        // moves it at once however far past the end the keys before it went.
        let lines = match self.overlay {
            Some(Overlay::Help { .. }) => Some(overlays::help_lines().len()),
            Some(Overlay::Warnings { .. }) => Some(self.notice_line_count()),
            None => None,
        };
        if let Some(lines) = lines
            && let Some(Overlay::Help { scroll } | Overlay::Warnings { scroll }) = &mut self.overlay
        {
            let max = i64::from(overlays::max_scroll(self.size.height, lines));
            // (The screen may have grown since the scroll was set.)
            let from = i64::from(*scroll).min(max);
            *scroll = (from + (delta as i64).clamp(-max, max)).clamp(0, max) as u16;
            return;
        }
        match self.focus {
            Pane::Articles => self.move_in_list(delta),
            Pane::Reader => self.scroll_reader(delta),
            Pane::Actors => {
                let height = self.visible_rows(Pane::Actors);
                let len = self.counts.rows.len();
                self.counts.cursor.move_by(delta, len, height);
            }
            Pane::Kwic => {
                let height = self.visible_rows(Pane::Kwic);
                let len = self.kwic.hits.len();
                self.kwic.cursor.move_by(delta, len, height);
            }
        }
    }

    fn open(&mut self) {
        match self.focus {
            Pane::Articles => self.focus = Pane::Reader,
            Pane::Reader => {}
            Pane::Kwic => self.open_kwic_hit(),
            Pane::Actors => self.query_selected_count(),
        }
    }

    fn scroll_at(&mut self, x: u16, y: u16, delta: isize) {
        if let Some(pane) = self.screen().pane_at(x, y, self.focus) {
            let focus = std::mem::replace(&mut self.focus, pane);
            self.move_by(delta);
            self.focus = focus;
        }
    }

    /// Focuses the pane under the click and selects the row under it; a click on the row
    /// already selected opens it.
    fn click_at(&mut self, x: u16, y: u16) -> Option<Action> {
        let pane = self.screen().pane_at(x, y, self.focus)?;
        self.focus = pane;
        let inner = self.pane_inner(pane);
        if y < inner.y || y >= inner.bottom() {
            return None;
        }
        let per_entry = if pane == Pane::Articles {
            layout::ROWS_PER_ARTICLE
        } else {
            1
        };
        let row = usize::from((y - inner.y) / per_entry);
        let cursor = match pane {
            Pane::Articles => self.list.cursor,
            Pane::Kwic => self.kwic.cursor,
            Pane::Actors => self.counts.cursor,
            Pane::Reader => return None,
        };
        let target = cursor.offset + row;
        if target == cursor.selected {
            return Some(Action::Open);
        }
        self.move_by(target as isize - cursor.selected as isize);
        None
    }

    /// How many lines the warnings notice has at the screen's width.
    fn notice_line_count(&mut self) -> usize {
        let width = self.size.width;
        match self.notice_lines {
            Some((w, n)) if w == width => n,
            _ => {
                let n = overlays::notice_lines(self.index.warnings(), width, None).len();
                self.notice_lines = Some((width, n));
                n
            }
        }
    }

    /// Work that drawing needs done beforehand: the reader's wrapping at its current width,
    /// or for a long article, asking for it (and drawing meanwhile the lines around its
    /// place).
    fn prepare(&mut self) {
        let width = self.pane_inner(Pane::Reader).width;
        let a = self.reader.article;
        let Some(article) = self.index.articles().get(a) else {
            return;
        };
        if !self.wraps_apart(article.text.len()) {
            self.wraps.lines(a, width, &article.text);
        } else if self.wraps.get(a, width).is_none()
            && self.questions.wrap_asked != Some((a, width))
        {
            self.questions.wrap_asked = Some((a, width));
            self.questions.wrap_unsent = true;
        }
    }
}

#[cfg(test)]
mod tests;
