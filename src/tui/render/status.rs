//! The status bar: the query line while typing, else the focused pane's key hints on the
//! left and the query, its hit count or its error on the right.

use super::fit;
use crate::tui::app::{App, QueryLine};
use crate::tui::keymap;
use crate::tui::safe;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// `1 warning`, `2 warnings`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    let error = app
        .query
        .error
        .as_ref()
        .map(|e| format!("error at column {}: {}", e.position + 1, safe(&e.message)));
    if let Some(line) = &app.query.line {
        return query_line(app, line, error, area, buf);
    }
    let mut right: Vec<Span> = Vec::new();
    if let Some(e) = error {
        right.push(Span::styled(e, theme.error));
    } else if app.query.active() || app.is_searching() {
        let q = fit(&safe(&app.query.source), width / 3);
        right.push(Span::styled(format!("/{q}"), theme.title));
        right.push(Span::raw(format!(" {}", count(app))));
    }
    let warnings = app.index.warnings().len();
    if warnings > 0 {
        right.push(Span::styled(
            format!("  {} (w)", plural(warnings, "warning")),
            theme.notice,
        ));
    }
    let right_width: usize = right.iter().map(|s| s.content.width()).sum();
    let hints = keymap::hints(app.mode()).join(" · ");
    let room = width.saturating_sub(right_width + 2);
    let left = fit(&hints, room);
    let gap = width.saturating_sub(left.width() + right_width);
    let mut spans = vec![Span::styled(left, theme.dim), Span::raw(" ".repeat(gap))];
    spans.extend(right);
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// The number of hits, or while the results of the query typed last are not in yet, that
/// they are being searched for (the panes still show the results before, or the first of
/// the new ones, with their number if it is known).
fn count(app: &App) -> String {
    match (app.is_searching(), app.query.total()) {
        (true, Some(total)) if app.query.is_preview() => {
            format!("{} · searching…", plural(total, "hit"))
        }
        (true, _) => "searching…".to_string(),
        (false, total) => plural(total.unwrap_or(app.query.hits.len()), "hit"),
    }
}

/// The query line: `/`, the text with its cursor (scrolled so the cursor always shows), and
/// on the right the hit count or the error.
fn query_line(app: &App, line: &QueryLine, error: Option<String>, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    let right = match error {
        Some(e) => Span::styled(fit(&format!("  {e}"), width / 2), theme.error),
        None => Span::styled(fit(&format!("  {}", count(app)), width / 2), theme.dim),
    };
    let room = width.saturating_sub(right.content.width() + 1);
    let text: Vec<char> = safe(&line.text).chars().collect();
    let cursor = line.cursor.min(text.len());
    // The cursor is a reversed cell: drawing does not move the terminal's own cursor.
    let under = text.get(cursor).map_or(" ".to_string(), char::to_string);
    let mut before: String = text[..cursor].iter().collect();
    while before.width() + under.width() > room.saturating_sub(1) && !before.is_empty() {
        before.remove(0);
        if !before.starts_with('…') {
            before.remove(0);
            before.insert(0, '…');
        }
    }
    let after: String = text.get(cursor + 1..).unwrap_or_default().iter().collect();
    let left = Line::from(vec![
        Span::styled("/", theme.title),
        Span::raw(before),
        Span::styled(under, theme.selected),
        Span::raw(after),
    ]);
    buf.set_line(area.x, area.y, &left, room as u16 + 1);
    let right_width = right.content.width() as u16;
    let x = area.x + area.width.saturating_sub(right_width);
    buf.set_line(x, area.y, &Line::from(right), right_width);
}
