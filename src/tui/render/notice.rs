//! The corpus warnings notice: which files were skipped or repaired. Shown once at start;
//! `w` shows it again, and the status bar counts the warnings, so none is lost.

use crate::tui::app::App;
use crate::tui::safe;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

pub fn render(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let warnings = app.index.warnings();
    let mut lines = vec![format!(
        "{} file(s) were skipped or repaired while loading the corpus:",
        warnings.len()
    )];
    lines.extend(
        warnings
            .iter()
            .map(|w| format!("  {}: {}", safe(&w.path), safe(&w.message))),
    );
    lines.push(String::new());
    lines.push("Esc closes; w shows this again.".into());
    let lines: Vec<_> = lines.into_iter().map(|l| (theme.text, l)).collect();
    let title = Span::styled(" Corpus warnings ", theme.notice);
    super::overlay::render(title, theme.notice, &lines, scroll, area, buf);
}
