//! The reader: the visible lines of the wrapped article, highlighted, and where we are in it.

use super::status::plural;
use super::{fit, pane_block, put_line};
use crate::tui::action::Pane;
use crate::tui::app::{App, line_of};
use crate::tui::highlight::Marks;
use crate::tui::wrap;
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
    // Normally wrapped by `App::update`; wrapping here too keeps a first frame correct.
    let lines = app
        .wraps
        .get(app.reader.article, probe.width)
        .unwrap_or_else(|| Arc::new(wrap::wrap(&article.text, usize::from(probe.width))));
    let top = line_of(&lines, app.reader.top);
    let height = usize::from(probe.height);
    let hits_here = app.query.hits_of(app.reader.article);
    let title_room = usize::from(area.width).saturating_sub(16);
    let mut block = pane_block(
        app,
        Pane::Reader,
        focused,
        format!("· {}", fit(&article.title, title_room)),
    );
    let shown_to = (top + height).min(lines.len());
    let percent = if lines.is_empty() {
        100
    } else {
        shown_to * 100 / lines.len()
    };
    let position = format!(" {}/{} {}% ", top + 1, lines.len(), percent);
    block = block.title_bottom(Line::from(position).right_aligned());
    if app.query.active() {
        let current = app
            .reader
            .current
            .and_then(|c| hits_here.iter().position(|h| *h == c));
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
