//! The KWIC pane: one hit per row, the match centred in its own column, contexts cut to the
//! pane's width in columns and highlighted like the reader; the sort words marked.

use super::{fill_row, fit, pane_block, put_line};
use crate::tui::action::Pane;
use crate::tui::app::{App, SORTS};
use crate::tui::highlight::Marks;
use crate::tui::kwic_row::{self, KwicRow};
use lupe::kwic;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub fn render(app: &App, area: Rect, focused: bool, buf: &mut Buffer) {
    let kwic = &app.kwic;
    let (sort_name, sort_keys) = SORTS[kwic.sort % SORTS.len()];
    let scope = if kwic.article_only {
        "article"
    } else {
        "corpus"
    };
    // While a preview shows, the rows are the first hits: the count is the total if it is
    // known, else "so far".
    let total = if kwic.article_only {
        app.query.hits_in(app.reader.article)
    } else {
        app.query.total()
    };
    let count = match (kwic.hits.is_empty(), total) {
        (true, _) if app.query.is_preview() => "waiting for every hit".to_string(),
        (true, _) => "no hits".to_string(),
        (false, Some(total)) => format!("hit {} of {}", kwic.cursor.selected + 1, total),
        (false, None) => format!("hit {} of {}+", kwic.cursor.selected + 1, kwic.hits.len()),
    };
    // While the rows are being sorted they are shown in the corpus's order.
    let order = if kwic.sorting.is_some() {
        format!("sorting by {sort_name}…")
    } else {
        format!("sort {sort_name}")
    };
    let extra = format!("· {count} · {order} · {scope}");
    let block = pane_block(app, Pane::Kwic, focused, extra);
    let inner = block.inner(area);
    block.render(area, buf);
    let theme = &app.theme;
    if !app.query.active() {
        let hint = "Type / and a query (e.g. Sanktionen, @trump, #nuclear) to see its hits here.";
        put_line(
            &Line::styled(fit(hint, usize::from(inner.width)), theme.dim),
            inner,
            0,
            buf,
        );
        return;
    }
    let width = usize::from(inner.width);
    let visible = || {
        kwic.hits
            .iter()
            .skip(kwic.cursor.offset)
            .take(usize::from(inner.height))
    };
    // One match column for all rows on screen, wide enough for the widest visible match (up
    // to half the pane), so the matches line up and the whole column is centred.
    let widest = visible()
        .filter_map(|h| {
            let article = app.index.articles().get(h.article as usize)?;
            Some(kwic_row::match_columns(&article.text, h))
        })
        .max()
        .unwrap_or(0)
        .min(width / 2);
    let left_cols = (width - widest) / 2;
    let rows = kwic.hits.iter().enumerate().skip(kwic.cursor.offset);
    for (y, (row, hit)) in rows.take(usize::from(inner.height)).enumerate() {
        let Some(article) = app.index.articles().get(hit.article as usize) else {
            continue;
        };
        let sort_words: Vec<_> = sort_keys
            .iter()
            .filter_map(|key| kwic::key_span(article, *hit, *key))
            .map(|(start, end)| start..end)
            .collect();
        let marks = Marks {
            article,
            lexicon: app.index.lexicon(),
            hits: &[],
            current: None,
            sort_words: &sort_words,
        };
        let KwicRow {
            pad,
            left,
            matched,
            right,
        } = kwic_row::cut(&article.text, hit, width, left_cols);
        let mut spans = vec![Span::raw(" ".repeat(pad))];
        spans.extend(marks.spans(left, theme));
        spans.extend(
            marks
                .spans(matched, theme)
                .into_iter()
                .map(|s| s.patch_style(theme.kwic_match)),
        );
        spans.extend(marks.spans(right, theme));
        put_line(&Line::from(spans), inner, y as u16, buf);
        if row == kwic.cursor.selected {
            fill_row(theme.selected, inner, y as u16, buf);
        }
    }
}
