//! The article list: two rows per article, its title, then its size and, with a query, its
//! hits. Articles without hits are dimmed (or hidden, see `f`).

use super::status::plural;
use super::{fill_row, fit, pane_block, put_line};
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::layout::ROWS_PER_ARTICLE;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// How many hits an article has, as its second row says it.
enum Hits {
    /// No query: nothing said.
    None,
    Known(usize),
    /// A preview shows: not all in yet.
    Counting,
}

/// The second row of an article: the longest form of its numbers that fits in `width`.
fn facts(words: usize, mentions: usize, hits: Hits, width: usize) -> String {
    let hits = match hits {
        Hits::None => String::new(),
        Hits::Known(n) => format!("{} · ", plural(n, "hit")),
        Hits::Counting => "… hits · ".to_string(),
    };
    let forms = [
        format!("{hits}{words} words · {mentions} mentions"),
        format!("{hits}{words} words · {mentions} @"),
        format!("{hits}{words} w · {mentions} @"),
        format!("{hits}{words} w"),
    ];
    forms
        .into_iter()
        .find(|f| f.chars().count() <= width)
        .unwrap_or_else(|| hits.trim_end_matches(" · ").to_string())
}

pub fn render(app: &App, area: Rect, focused: bool, buf: &mut Buffer) {
    let articles = app.index.articles();
    let shown = app.list.rows.len();
    let extra = if shown == articles.len() {
        format!("{shown}")
    } else {
        format!("{shown} of {}", articles.len())
    };
    let block = pane_block(app, Pane::Articles, focused, extra);
    let inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width).max(2);
    let theme = &app.theme;
    let visible = usize::from(inner.height / ROWS_PER_ARTICLE);
    let rows = app
        .list
        .rows
        .iter()
        .enumerate()
        .skip(app.list.cursor.offset)
        .take(visible);
    for (y, (row, &article)) in rows.enumerate() {
        let Some(a) = articles.get(article) else {
            continue;
        };
        // Not known while a preview shows only the first hits: no count, not dimmed.
        let hits = app.query.hits_in(article);
        let style = match (app.query.active(), hits) {
            (false, _) => theme.text,
            (true, Some(0)) => theme.unmatched,
            (true, _) => theme.matched,
        };
        let hits = match (app.query.active(), hits) {
            (false, _) => Hits::None,
            (true, Some(n)) => Hits::Known(n),
            (true, None) => Hits::Counting,
        };
        let facts = facts(a.words, a.mentions.len(), hits, width - 2);
        let y = y as u16 * ROWS_PER_ARTICLE;
        put_line(&Line::styled(fit(&a.title, width), style), inner, y, buf);
        put_line(
            &Line::styled(fit(&format!("  {facts}"), width), style.patch(theme.dim)),
            inner,
            y + 1,
            buf,
        );
        if row == app.list.cursor.selected {
            fill_row(theme.selected, inner, y, buf);
            fill_row(theme.selected, inner, y + 1, buf);
        }
    }
    if articles.is_empty() || (shown == 0 && app.query.active()) {
        put_line(
            &Line::styled(fit("no article has a hit", width), theme.dim),
            inner,
            0,
            buf,
        );
    }
}
