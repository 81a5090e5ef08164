//! A box drawn over the panes, centred, its lines scrolled (help, notices).

use super::{fit, put_line};
use crate::tui::overlays::{WIDTH, max_scroll};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

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

/// Draws `lines` (text and style) in a double-bordered box titled `title`, from line
/// `scroll`; says so in the bottom border when more lines are below.
pub fn render(
    title: Span,
    border: Style,
    lines: &[(Style, String)],
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let box_area = centred(
        area,
        WIDTH,
        lines.len().min(usize::from(u16::MAX - 2)) as u16 + 2,
    );
    Clear.render(box_area, buf);
    let mut block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(border)
        .title(title);
    let height = usize::from(box_area.height.saturating_sub(2));
    let scroll = usize::from(scroll.min(max_scroll(area.height, lines.len())));
    if scroll + height < lines.len() {
        block = block.title_bottom(Line::from(" j/↓ more ").right_aligned());
    }
    let inner = block.inner(box_area);
    block.render(box_area, buf);
    let width = usize::from(inner.width);
    for (y, (style, text)) in lines.iter().skip(scroll).take(height).enumerate() {
        put_line(
            &Line::styled(fit(text, width), *style),
            inner,
            y as u16,
            buf,
        );
    }
}
