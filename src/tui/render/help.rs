//! The help overlay, generated from the keymap so it always says what the keys do (see
//! [`crate::tui::overlays::help_lines`]).

use crate::tui::app::App;
use crate::tui::overlays::help_lines;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

pub fn render(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let lines: Vec<_> = help_lines()
        .into_iter()
        .map(|(heading, text)| (if heading { theme.title } else { theme.text }, text))
        .collect();
    let title = Span::styled(" Keys (Esc closes) ", theme.title);
    super::overlay::render(title, theme.border_focused, &lines, scroll, area, buf);
}
