//! What the help and the warnings notice say, line by line, and how far each can be
//! scrolled: the drawing shows these lines, and the app keeps the scroll within them, so
//! that a key that scrolls always moves what is shown.

use super::action::Pane;
use super::keymap::{self, Context};
use super::safe;
use lupe::LoadWarning;

/// The widest an overlay box is drawn, borders included.
pub const WIDTH: u16 = 78;

/// How far `lines` lines can be scrolled in a box drawn over a screen `height` rows high:
/// the box is as tall as its lines and borders, at most the screen.
pub fn max_scroll(height: u16, lines: usize) -> u16 {
    let shown = usize::from(height).min(lines + 2).saturating_sub(2);
    (lines - shown.min(lines)).min(usize::from(u16::MAX)) as u16
}

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

/// The help text, one entry per line: section headings (true) and `keys  what they do`.
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

/// The lines of the warnings notice in a screen `width` columns wide, the first `needed`
/// of them at least (all of them if `None`).
///
/// Each warning is wrapped to the box, not cut at its edge: what to do about a file (split
/// it, say) comes at the end of its warning. A warning's later lines are indented further,
/// so each file still starts a line of its own. Lines are made only as far as needed: a
/// corpus can have thousands of warnings, and the notice is drawn for every frame.
pub fn notice_lines(warnings: &[LoadWarning], width: u16, needed: Option<usize>) -> Vec<String> {
    let width = usize::from(width.min(WIDTH).saturating_sub(2)).max(8);
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
    let needed = needed.unwrap_or(usize::MAX);
    for w in warnings {
        if lines.len() >= needed {
            return lines;
        }
        let text = format!("{}: {}", safe(&w.path), safe(&w.message));
        lines.extend(
            textwrap::wrap(&text, &options)
                .into_iter()
                .map(String::from),
        );
    }
    lines.push(String::new());
    lines.push("Esc closes; w shows this again.".into());
    lines
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

    #[test]
    fn a_box_scrolls_as_far_as_its_lines_pass_the_screen() {
        // 50 lines in 24 rows: 22 shown between the borders, 28 more to scroll to.
        assert_eq!(max_scroll(24, 50), 28);
        assert_eq!(max_scroll(24, 22), 0);
        assert_eq!(max_scroll(24, 3), 0);
        assert_eq!(max_scroll(2, 5), 5);
        assert_eq!(max_scroll(0, 0), 0);
    }
}
