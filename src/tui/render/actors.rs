//! The actor pane: who is named how often (in the corpus or the reader's article), a bar in
//! the actor's colour, the kind; or the same for keyword topics.

use super::{fill_row, fit, pane_block, put_line};
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::theme::kind_label;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

/// Eighths of a cell, for bars finer than a column.
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A bar `value / max` of `width` columns.
fn bar(value: usize, max: usize, width: usize) -> String {
    if max == 0 || width == 0 {
        return String::new();
    }
    let eighths = value * width * 8 / max;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(EIGHTHS[eighths % 8]);
    }
    s
}

pub fn render(app: &App, area: Rect, focused: bool, buf: &mut Buffer) {
    let counts = &app.counts;
    let what = if counts.topics { "topics" } else { "actors" };
    let scope = if counts.article_only {
        "article"
    } else {
        "corpus"
    };
    let extra = if counts.topics {
        format!("· topics · {scope}")
    } else {
        format!("· {scope}")
    };
    let block = pane_block(app, Pane::Actors, focused, extra);
    let inner = block.inner(area);
    block.render(area, buf);
    let theme = &app.theme;
    let lexicon = app.index.lexicon();
    let width = usize::from(inner.width);
    let max = counts.rows.first().map_or(0, |c| c.total);
    let count_width = max.to_string().len();
    // Wide panes spell the kind out; narrow ones give its first letter.
    let kind_width = if width >= 34 { 7 } else { 1 };
    let bar_width = (width / 5).max(3);
    let name_width = width.saturating_sub(count_width + kind_width + bar_width + 3);
    let rows = counts.rows.iter().enumerate().skip(counts.cursor.offset);
    for (y, (row, count)) in rows.take(usize::from(inner.height)).enumerate() {
        let (name, kind, style) = if counts.topics {
            match lexicon.topics.get(count.id as usize) {
                Some(t) => (t.name.as_str(), "", theme.keyword),
                None => continue,
            }
        } else {
            match lexicon.actors.get(count.id as usize) {
                Some(a) => (
                    a.name.as_str(),
                    kind_label(a.kind),
                    theme.actor(&a.id, a.kind),
                ),
                None => continue,
            }
        };
        let name = fit(name, name_width);
        let pad = " ".repeat(name_width.saturating_sub(name.width()));
        let kind: String = kind.chars().take(kind_width).collect();
        let line = Line::from(vec![
            Span::styled(name, style),
            Span::raw(pad),
            Span::styled(format!(" {kind:<kind_width$} "), theme.dim),
            Span::raw(format!("{:>count_width$} ", count.total)),
            // Bars are colour only; without colour they stay plain blocks, which still read.
            Span::styled(
                bar(count.total, max, bar_width),
                Style::default().fg(style.fg.unwrap_or_default()),
            ),
        ]);
        put_line(&line, inner, y as u16, buf);
        if row == counts.cursor.selected {
            fill_row(theme.selected, inner, y as u16, buf);
        }
    }
    if counts.rows.is_empty() {
        put_line(
            &Line::styled(fit(&format!("no {what} named"), width), theme.dim),
            inner,
            0,
            buf,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_are_proportional_down_to_an_eighth_of_a_column() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██");
        assert_eq!(bar(1, 10, 4), "▍");
        assert_eq!(bar(0, 10, 4), "");
    }
}
