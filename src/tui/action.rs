//! What the user can ask for, as values: keys and mouse events become [`Action`]s first, so
//! the keymap is data and the app can be driven (and tested) without a terminal.

/// The four panes, in the order of the `1`-`4` keys and of Tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Articles,
    Reader,
    Actors,
    Kwic,
}

impl Pane {
    /// Tab order: left to right, then the bottom row.
    pub const ALL: [Pane; 4] = [Pane::Articles, Pane::Reader, Pane::Actors, Pane::Kwic];

    /// The name shown in borders, the tab line and the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Articles => "Articles",
            Pane::Reader => "Reader",
            Pane::Actors => "Actors",
            Pane::Kwic => "KWIC",
        }
    }

    /// The pane's position in [`Pane::ALL`].
    pub fn number(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn next(self) -> Pane {
        Pane::ALL[(self.number() + 1) % Pane::ALL.len()]
    }

    pub fn previous(self) -> Pane {
        Pane::ALL[(self.number() + Pane::ALL.len() - 1) % Pane::ALL.len()]
    }
}

/// One thing the app can do. `App::update` is the only place that acts on these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    FocusNext,
    FocusPrevious,
    Focus(Pane),
    /// Focus the pane left / right of the focused one on screen (vim `h` / `l`).
    FocusLeft,
    FocusRight,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: open the selected article, hit or actor.
    Open,
    NextHit,
    PreviousHit,
    /// KWIC: the next sort order.
    CycleSort,
    /// KWIC and actors: the whole corpus or the article in the reader.
    ToggleScope,
    /// Actors pane: actors or keyword topics.
    ToggleTopics,
    /// Article list: hide the articles without hits, or only dim them.
    ToggleHideUnmatched,
    OpenQuery,
    QueryInsert(char),
    QueryBackspace,
    QueryDelete,
    QueryLeft,
    QueryRight,
    QueryHome,
    QueryEnd,
    QueryClear,
    /// Enter in the query line: keep the query.
    QuerySubmit,
    /// Esc in the query line: back to the query before it was opened.
    QueryCancel,
    ToggleHelp,
    ShowWarnings,
    /// Esc outside the query line: close an overlay, else clear the query.
    Escape,
    ScrollUpAt(u16, u16),
    ScrollDownAt(u16, u16),
    ClickAt(u16, u16),
}
