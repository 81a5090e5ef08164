//! The help overlay, generated from the keymap so it always says what the keys do.

use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::keymap::{self, Context};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

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

pub fn render(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let lines: Vec<_> = help_lines()
        .into_iter()
        .map(|(heading, text)| (if heading { theme.title } else { theme.text }, text))
        .collect();
    let title = Span::styled(" Keys (Esc closes) ", theme.title);
    super::overlay::render(title, theme.border_focused, &lines, scroll, area, buf);
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
