//! The corpus warnings notice: which files were skipped or repaired. Shown once at start;
//! `w` shows it again, and the status bar counts the warnings, so none is lost.

use super::help::centred;
use super::{fit, put_line};
use crate::tui::app::App;
use crate::tui::safe;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

pub fn render(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
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
    let box_area = centred(area, 78, lines.len() as u16 + 2);
    Clear.render(box_area, buf);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(app.theme.notice)
        .title(Span::styled(" Corpus warnings ", app.theme.notice));
    let inner = block.inner(box_area);
    block.render(box_area, buf);
    let width = usize::from(inner.width);
    let last_scroll = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = usize::from(scroll).min(last_scroll);
    for (y, text) in lines
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        put_line(&Line::raw(fit(text, width)), inner, y as u16, buf);
    }
}
