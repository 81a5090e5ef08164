//! The status bar: the query line while typing, else the focused pane's key hints on the
//! left and the query, its hit count or its error on the right.

use super::fit;
use crate::tui::app::App;
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
        // The cursor is drawn as a reversed cell: drawing does not move the real cursor.
        let text = safe(&line.text);
        let before: String = text.chars().take(line.cursor).collect();
        let under: String = text
            .chars()
            .nth(line.cursor)
            .map_or(" ".into(), String::from);
        let after: String = text.chars().skip(line.cursor + 1).collect();
        let mut spans = vec![
            Span::styled("/", theme.title),
            Span::raw(before),
            Span::styled(under, theme.selected),
            Span::raw(after),
        ];
        let right = match &error {
            Some(e) => Span::styled(format!("  {e}"), theme.error),
            None => Span::styled(
                format!("  {}", plural(app.query.hits.len(), "hit")),
                theme.dim,
            ),
        };
        spans.push(right);
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
        return;
    }
    let mut right: Vec<Span> = Vec::new();
    if let Some(e) = error {
        right.push(Span::styled(e, theme.error));
    } else if app.query.active() {
        let q = fit(&safe(&app.query.source), width / 3);
        right.push(Span::styled(format!("/{q}"), theme.title));
        right.push(Span::raw(format!(
            " {}",
            plural(app.query.hits.len(), "hit")
        )));
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
