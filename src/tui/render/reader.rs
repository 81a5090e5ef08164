//! The reader: the visible lines of the wrapped article, highlighted, and where we are in it.

use super::status::plural;
use super::{fit, pane_block, put_line};
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::highlight::Marks;
use crate::tui::wrap::{self, Window, line_of};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use std::sync::Arc;

pub fn render(app: &App, area: Rect, focused: bool, buf: &mut Buffer) {
    let Some(article) = app.index.articles().get(app.reader.article) else {
        pane_block(app, Pane::Reader, focused, String::new()).render(area, buf);
        return;
    };
    let probe = pane_block(app, Pane::Reader, focused, String::new()).inner(area);
    let height = usize::from(probe.height);
    let width = usize::from(probe.width);
    // Normally wrapped by `App::update`; wrapping here too keeps a first frame correct. A
    // long article being wrapped elsewhere shows the lines from its place meanwhile.
    let window = match app.wraps.get(app.reader.article, probe.width) {
        Some(lines) => Window::whole(lines),
        None if app.wraps_apart(article.text.len()) => {
            // (Lines before it too: from farther back, more likely from a paragraph's start,
            // which the whole article's lines share.)
            wrap::wrap_around(&article.text, width, app.reader.top, height, height)
        }
        None => Window::whole(Arc::new(wrap::wrap(&article.text, width))),
    };
    let lines = &window.lines;
    let top = line_of(lines, app.reader.top);
    let hits_here = app.query.hits_of(app.reader.article);
    let title_room = usize::from(area.width).saturating_sub(16);
    let mut block = pane_block(
        app,
        Pane::Reader,
        focused,
        format!("· {}", fit(&article.title, title_room)),
    );
    let shown_to = (top + height).min(lines.len());
    let position = if window.to_end && lines.first().is_none_or(|l| l.start == 0) {
        let percent = if lines.is_empty() {
            100
        } else {
            shown_to * 100 / lines.len()
        };
        format!(" {}/{} {}% ", top + 1, lines.len(), percent)
    } else {
        // Not wrapped whole yet: no line numbers, how far by bytes.
        let end = lines.get(shown_to.saturating_sub(1)).map_or(0, |l| l.end);
        let percent = if window.to_end && shown_to == lines.len() {
            100
        } else {
            end as usize * 100 / article.text.len().max(1)
        };
        format!(" wrapping… {percent}% ")
    };
    block = block.title_bottom(Line::from(position).right_aligned());
    if app.query.active() {
        let current = app
            .reader
            .current
            // (Hits are in the corpus's order: an article can hold millions.)
            .and_then(|c| hits_here.binary_search(&c).ok());
        // While a preview shows, this article may have more hits than are in yet.
        let more = if app.query.hits_in(app.reader.article).is_none() {
            "+"
        } else {
            ""
        };
        let n = hits_here.len();
        let hits = match current {
            Some(i) => format!(" hit {} of {n}{more} ", i + 1),
            None if more.is_empty() => format!(" {} ", plural(n, "hit")),
            None if n == 0 => " … hits ".to_string(),
            None => format!(" {n}+ hits "),
        };
        block = block.title_bottom(Line::from(hits));
    }
    let inner = block.inner(area);
    block.render(area, buf);
    let marks = Marks {
        article,
        lexicon: app.index.lexicon(),
        hits: hits_here,
        current: app.reader.current,
        sort_words: &[],
    };
    for (y, range) in lines.iter().skip(top).take(height).enumerate() {
        let line = Line::from(marks.spans(range.clone(), &app.theme));
        put_line(&line, inner, y as u16, buf);
    }
}
