//! The tab line of a small terminal: which pane is shown, and the keys for the others.

use crate::tui::action::Pane;
use crate::tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let spans: Vec<Span> = Pane::ALL
        .iter()
        .map(|pane| {
            let label = format!(" {} {} ", pane.number() + 1, pane.title());
            if *pane == app.focus {
                Span::styled(label, app.theme.selected.patch(app.theme.title))
            } else {
                Span::styled(label, app.theme.text)
            }
        })
        .collect();
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}
