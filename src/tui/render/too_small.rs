//! The message for a terminal too small to show even one pane.

use crate::tui::layout::ONE_PANE_MIN;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub fn render(area: Rect, buf: &mut Buffer) {
    let message = format!(
        "Enlarge the terminal (at least {}x{}).",
        ONE_PANE_MIN.0, ONE_PANE_MIN.1
    );
    Paragraph::new(message)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
