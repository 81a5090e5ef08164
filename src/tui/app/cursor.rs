//! A selection in a scrolling list, kept visible in a pane of a given height.

/// The selected row and the first row shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Moves the selection by `delta` rows in a list of `len`, scrolling a pane `height` tall.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        let target = self.selected.saturating_add_signed(delta);
        self.select(target, len, height);
    }

    /// Selects row `row` (clamped to the list), scrolling as little as needed to show it.
    pub fn select(&mut self, row: usize, len: usize, height: usize) {
        self.selected = row.min(len.saturating_sub(1));
        self.keep_visible(len, height);
    }

    /// Scrolls so the selection is visible and no empty rows show below the list's end.
    pub fn keep_visible(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_past_the_bottom_scrolls_one_row_at_a_time() {
        let mut c = Cursor::default();
        c.move_by(5, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 5,
                offset: 2
            }
        );
        c.move_by(100, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 9,
                offset: 6
            }
        );
        c.move_by(-100, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 0,
                offset: 0
            }
        );
    }

    #[test]
    fn an_empty_list_keeps_the_cursor_at_zero() {
        let mut c = Cursor {
            selected: 3,
            offset: 2,
        };
        c.keep_visible(0, 5);
        assert_eq!(c, Cursor::default());
    }
}
