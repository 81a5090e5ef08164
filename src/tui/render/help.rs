//! The help overlay, generated from the keymap so it always says what the keys do.

use super::{fit, put_line};
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

/// The sections of the help, in order.
const SECTIONS: [(Context, &str); 7] = [
    (Context::Global, "Everywhere"),
    (Context::Pane(Pane::Articles), "Article list"),
    (Context::Pane(Pane::Reader), "Reader"),
    (Context::Pane(Pane::Actors), "Actors"),
    (Context::Pane(Pane::Kwic), "KWIC"),
    (Context::QueryLine, "Query line"),
    (Context::Overlay, "Help and notices"),
];

/// The help text, one entry per line: section headings and `keys  what they do`.
pub fn help_lines() -> Vec<(bool, String)> {
    let mut lines = Vec::new();
    for (context, heading) in SECTIONS {
        if !lines.is_empty() {
            lines.push((false, String::new()));
        }
        lines.push((true, heading.to_string()));
        for binding in keymap::bindings_of(context) {
            let mut keys: Vec<String> = binding.keys.iter().map(keymap::key_label).collect();
            keys.dedup();
            lines.push((false, format!("  {:<19} {}", keys.join(" "), binding.help)));
        }
    }
    lines
}

/// A box centred in `area`, at most `width` x `height`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn render(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let lines = help_lines();
    let box_area = centred(area, 78, lines.len() as u16 + 2);
    Clear.render(box_area, buf);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(app.theme.border_focused)
        .title(Span::styled(
            " Keys (Esc closes, j/k scroll) ",
            app.theme.title,
        ));
    let inner = block.inner(box_area);
    block.render(box_area, buf);
    let width = usize::from(inner.width);
    let last_scroll = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = usize::from(scroll).min(last_scroll);
    for (y, (heading, text)) in lines
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let style = if *heading {
            app.theme.title
        } else {
            app.theme.text
        };
        put_line(&Line::styled(fit(text, width), style), inner, y as u16, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_is_in_the_help() {
        let text: Vec<String> = help_lines().into_iter().map(|(_, l)| l).collect();
        for binding in keymap::BINDINGS {
            assert!(
                text.iter().any(|l| l.contains(binding.help)),
                "{} missing",
                binding.help
            );
        }
    }
}
