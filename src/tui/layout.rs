//! Where each pane goes for a given terminal size. A pure function of the size, so the app
//! can answer "which pane is under the mouse" or "how tall is a page" without drawing.

use super::action::Pane;
use ratatui::layout::Rect;

/// The smallest terminal that shows all four panes at once.
pub const ALL_PANES_MIN: (u16, u16) = (80, 24);
/// Rows each article takes in the article list: its title, then its numbers.
pub const ROWS_PER_ARTICLE: u16 = 2;
/// The smallest terminal that shows one pane (tab line, a bordered pane, status bar).
pub const ONE_PANE_MIN: (u16, u16) = (20, 6);

/// The screen cut into regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Article list, reader and actors side by side, KWIC below, status bar at the bottom.
    AllPanes {
        articles: Rect,
        reader: Rect,
        actors: Rect,
        kwic: Rect,
        status: Rect,
    },
    /// One pane at a time, a tab line above it.
    OnePane {
        tabs: Rect,
        pane: Rect,
        status: Rect,
    },
    /// Too small for anything but a request to enlarge the terminal.
    TooSmall(Rect),
}

impl Screen {
    /// Cuts `area`, the whole terminal, into regions.
    pub fn of(area: Rect) -> Screen {
        let (w, h) = (area.width, area.height);
        if w >= ALL_PANES_MIN.0 && h >= ALL_PANES_MIN.1 {
            let status = Rect::new(area.x, area.y + h - 1, w, 1);
            let kwic_height = ((h - 1) / 3).clamp(7, 20);
            let top_height = h - 1 - kwic_height;
            let kwic = Rect::new(area.x, area.y + top_height, w, kwic_height);
            let side = (w * 22 / 100).max(20);
            let articles_width = side.min(40);
            let actors_width = side.min(36);
            let reader_width = w - articles_width - actors_width;
            let articles = Rect::new(area.x, area.y, articles_width, top_height);
            let reader = Rect::new(area.x + articles_width, area.y, reader_width, top_height);
            let actors = Rect::new(reader.right(), area.y, actors_width, top_height);
            Screen::AllPanes {
                articles,
                reader,
                actors,
                kwic,
                status,
            }
        } else if w >= ONE_PANE_MIN.0 && h >= ONE_PANE_MIN.1 {
            Screen::OnePane {
                tabs: Rect::new(area.x, area.y, w, 1),
                pane: Rect::new(area.x, area.y + 1, w, h - 2),
                status: Rect::new(area.x, area.y + h - 1, w, 1),
            }
        } else {
            Screen::TooSmall(area)
        }
    }

    /// Where `pane` is drawn, if it is on screen (`focused` is the one a small screen shows).
    pub fn area_of(&self, pane: Pane, focused: Pane) -> Option<Rect> {
        match *self {
            Screen::AllPanes {
                articles,
                reader,
                actors,
                kwic,
                ..
            } => Some(match pane {
                Pane::Articles => articles,
                Pane::Reader => reader,
                Pane::Actors => actors,
                Pane::Kwic => kwic,
            }),
            Screen::OnePane { pane: area, .. } if pane == focused => Some(area),
            _ => None,
        }
    }

    /// The pane under the cell `(x, y)`.
    pub fn pane_at(&self, x: u16, y: u16, focused: Pane) -> Option<Pane> {
        let cell = ratatui::layout::Position::new(x, y);
        Pane::ALL.into_iter().find(|pane| {
            self.area_of(*pane, focused)
                .is_some_and(|area| area.contains(cell))
        })
    }

    /// The status bar, if there is room for one.
    pub fn status(&self) -> Option<Rect> {
        match *self {
            Screen::AllPanes { status, .. } | Screen::OnePane { status, .. } => Some(status),
            Screen::TooSmall(_) => None,
        }
    }
}

/// The part of a bordered pane's area that holds its content.
pub fn inner(area: Rect) -> Rect {
    Rect::new(
        area.x.saturating_add(1),
        area.y.saturating_add(1),
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_80x24_all_four_panes_show_and_the_reader_is_widest() {
        let Screen::AllPanes {
            articles,
            reader,
            actors,
            kwic,
            status,
        } = Screen::of(Rect::new(0, 0, 80, 24))
        else {
            panic!("80x24 must show all panes")
        };
        assert!(reader.width > articles.width && reader.width > actors.width);
        assert_eq!(articles.width + reader.width + actors.width, 80);
        assert!(inner(kwic).height >= 5, "KWIC shows at least five hits");
        assert_eq!(status.y, 23);
        assert_eq!(kwic.bottom(), status.y);
    }

    #[test]
    fn below_80x24_one_pane_shows_with_a_tab_line() {
        for (w, h) in [(79, 24), (80, 23), (60, 20), (20, 6)] {
            assert!(
                matches!(Screen::of(Rect::new(0, 0, w, h)), Screen::OnePane { .. }),
                "{w}x{h}"
            );
        }
    }

    #[test]
    fn tiny_terminals_only_ask_to_be_enlarged() {
        for (w, h) in [(1, 1), (19, 40), (200, 5), (0, 0)] {
            assert!(
                matches!(Screen::of(Rect::new(0, 0, w, h)), Screen::TooSmall(_)),
                "{w}x{h}"
            );
        }
    }

    #[test]
    fn panes_never_overlap_or_leave_the_screen_at_any_size() {
        for w in 0..130 {
            for h in 0..45 {
                let area = Rect::new(0, 0, w, h);
                let screen = Screen::of(area);
                let rects: Vec<Rect> = Pane::ALL
                    .iter()
                    .filter_map(|p| screen.area_of(*p, Pane::Reader))
                    .chain(screen.status())
                    .collect();
                for (i, a) in rects.iter().enumerate() {
                    assert_eq!(area.intersection(*a), *a, "{w}x{h}");
                    for b in &rects[i + 1..] {
                        assert!(!a.intersects(*b), "{w}x{h}: {a:?} {b:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_click_finds_the_pane_under_it() {
        let screen = Screen::of(Rect::new(0, 0, 100, 30));
        assert_eq!(screen.pane_at(1, 1, Pane::Reader), Some(Pane::Articles));
        assert_eq!(screen.pane_at(50, 5, Pane::Reader), Some(Pane::Reader));
        assert_eq!(screen.pane_at(99, 5, Pane::Reader), Some(Pane::Actors));
        assert_eq!(screen.pane_at(50, 25, Pane::Reader), Some(Pane::Kwic));
        assert_eq!(screen.pane_at(50, 29, Pane::Reader), None);
    }
}
