//! The corpus warnings notice: which files were skipped or repaired. Shown once at start;
//! `w` shows it again, and the status bar counts the warnings, so none is lost.

use super::overlay;
use crate::tui::app::App;
use crate::tui::safe;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

pub fn render(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let warnings = app.index.warnings();
    // Wrapped to the box, not cut at its edge: what to do about a file (split it, say)
    // comes at the end of its warning. A warning's later lines are indented further, so
    // each file still starts a line of its own.
    let width = usize::from(area.width.min(overlay::WIDTH).saturating_sub(2)).max(8);
    let heading = format!(
        "{} file(s) were skipped or repaired while loading the corpus:",
        warnings.len()
    );
    let mut lines: Vec<String> = textwrap::wrap(&heading, width)
        .into_iter()
        .map(String::from)
        .collect();
    let options = textwrap::Options::new(width)
        .initial_indent("  ")
        .subsequent_indent("    ");
    // Lines are made down to one past the bottom of the box, no further: a corpus can
    // have thousands of warnings, and this runs for every frame the notice is shown. The
    // line past the bottom tells the box that more are below.
    let needed = usize::from(scroll) + usize::from(area.height) + 1;
    let mut all = true;
    for w in warnings {
        if lines.len() >= needed {
            all = false;
            break;
        }
        let text = format!("{}: {}", safe(&w.path), safe(&w.message));
        lines.extend(
            textwrap::wrap(&text, &options)
                .into_iter()
                .map(String::from),
        );
    }
    if all {
        lines.push(String::new());
        lines.push("Esc closes; w shows this again.".into());
    }
    let lines: Vec<_> = lines.into_iter().map(|l| (theme.text, l)).collect();
    let title = Span::styled(" Corpus warnings ", theme.notice);
    super::overlay::render(title, theme.notice, &lines, scroll, area, buf);
}
