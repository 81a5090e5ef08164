//! The corpus warnings notice: which files were skipped or repaired. Shown once at start;
//! `w` shows it again, and the status bar counts the warnings, so none is lost.

use crate::tui::app::App;
use crate::tui::overlays::notice_lines;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

pub fn render(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    // Down to one past the bottom of the box: all it shows, and enough for it to say
    // that more are below.
    let needed = usize::from(scroll) + usize::from(area.height) + 1;
    let lines: Vec<_> = notice_lines(app.index.warnings(), area.width, Some(needed))
        .into_iter()
        .map(|l| (theme.text, l))
        .collect();
    let title = Span::styled(" Corpus warnings ", theme.notice);
    super::overlay::render(title, theme.notice, &lines, scroll, area, buf);
}
