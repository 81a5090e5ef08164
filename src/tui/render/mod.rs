//! Drawing: `impl Widget for &App`, one small function per screen region. Nothing here
//! changes the app; everything drawn is read off its state.

mod actors;
mod articles;
mod help;
mod kwic;
mod notice;
mod overlay;
mod reader;
mod status;
mod tabs;
mod too_small;

use super::action::Pane;
use super::app::{App, Overlay};
use super::layout::Screen;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Widget};
use unicode_width::UnicodeWidthStr;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        match Screen::of(area) {
            // Nothing else fits, not even an overlay.
            Screen::TooSmall(area) => return too_small::render(area, buf),
            Screen::AllPanes { status, .. } => {
                for pane in Pane::ALL {
                    if let Some(pane_area) = Screen::of(area).area_of(pane, self.focus) {
                        render_pane(self, pane, pane_area, buf);
                    }
                }
                status::render(self, status, buf);
            }
            Screen::OnePane { tabs, pane, status } => {
                tabs::render(self, tabs, buf);
                render_pane(self, self.focus, pane, buf);
                status::render(self, status, buf);
            }
        }
        match self.overlay {
            Some(Overlay::Help { scroll }) => help::render(self, scroll, area, buf),
            Some(Overlay::Warnings { scroll }) => notice::render(self, scroll, area, buf),
            None => {}
        }
    }
}

fn render_pane(app: &App, pane: Pane, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == pane;
    match pane {
        Pane::Articles => articles::render(app, area, focused, buf),
        Pane::Reader => reader::render(app, area, focused, buf),
        Pane::Actors => actors::render(app, area, focused, buf),
        Pane::Kwic => kwic::render(app, area, focused, buf),
    }
}

/// A pane's frame: its number and name, then `extra` (what it shows). The focused pane has
/// a thick border, so focus is visible without colour too.
fn pane_block<'a>(app: &App, pane: Pane, focused: bool, extra: String) -> Block<'a> {
    let theme = &app.theme;
    let (border_type, border_style) = if focused {
        (BorderType::Thick, theme.border_focused)
    } else {
        (BorderType::Plain, theme.border)
    };
    let mut title = vec![Span::styled(
        format!(" {} {} ", pane.number() + 1, pane.title()),
        if focused {
            theme.title.patch(theme.border_focused)
        } else {
            theme.title
        },
    )];
    if !extra.is_empty() {
        title.push(Span::styled(format!("{extra} "), theme.text));
    }
    Block::bordered()
        .border_type(border_type)
        .border_style(border_style)
        .title(Line::from(title))
}

/// `s` cut to `width` columns, with `…` where it was cut.
fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Writes `line` into row `y` of `area`, clipped to its width.
fn put_line(line: &Line, area: Rect, y: u16, buf: &mut Buffer) {
    if y < area.height {
        buf.set_line(area.x, area.y + y, line, area.width);
    }
}

/// Fills row `y` of `area` with `style` (for selected rows).
fn fill_row(style: Style, area: Rect, y: u16, buf: &mut Buffer) {
    if y < area.height {
        buf.set_style(Rect::new(area.x, area.y + y, area.width, 1), style);
    }
}
