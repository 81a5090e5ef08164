//! The keymap is data: one table of bindings, read by the key handler, the status bar hints
//! and the help overlay, so what the help says is always what the keys do.

use super::action::{Action, Pane};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// In every pane (the focused pane's own bindings are tried first).
    Global,
    Pane(Pane),
    /// While the query line is open; printable keys not listed here are typed.
    QueryLine,
    /// While the help overlay or a notice is shown.
    Overlay,
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

/// One line of the keymap.
#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// What the help overlay says.
    pub help: &'static str,
    /// Shown in the status bar while its context is active (keep these few and short).
    pub hint: Option<&'static str>,
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        help,
        hint,
    }
}

use Context::{Global, Overlay, QueryLine};
const LIST: Context = Context::Pane(Pane::Articles);
const READER: Context = Context::Pane(Pane::Reader);
const ACTORS: Context = Context::Pane(Pane::Actors);
const KWIC: Context = Context::Pane(Pane::Kwic);

/// Every binding lupe has. Order matters twice: the first match wins, and the help overlay
/// lists them in this order. One binding per line, so the table reads as the keymap it is.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    // Ctrl-C first: it must quit from every mode, even while typing a query.
    bind(Global, &[ctrl('c')], Action::Quit, "quit, from anywhere", None),
    bind(Global, &[ch('q')], Action::Quit, "quit", Some("q quit")),
    bind(Global, &[ch('?')], Action::ToggleHelp, "show / hide this help", Some("? help")),
    bind(Global, &[ch('/')], Action::OpenQuery, "type a query (results update as you type)", Some("/ query")),
    bind(Global, &[key(KeyCode::Esc)], Action::Escape, "close an overlay, else clear the query", None),
    bind(Global, &[key(KeyCode::Tab)], Action::FocusNext, "focus the next pane", None),
    bind(Global, &[key(KeyCode::BackTab)], Action::FocusPrevious, "focus the previous pane", None),
    bind(Global, &[ch('1')], Action::Focus(Pane::Articles), "focus the article list", None),
    bind(Global, &[ch('2')], Action::Focus(Pane::Reader), "focus the reader", None),
    bind(Global, &[ch('3')], Action::Focus(Pane::Actors), "focus the actor counts", None),
    bind(Global, &[ch('4')], Action::Focus(Pane::Kwic), "focus the KWIC pane", None),
    bind(Global, &[ch('h'), key(KeyCode::Left)], Action::FocusLeft, "focus the pane to the left", None),
    bind(Global, &[ch('l'), key(KeyCode::Right)], Action::FocusRight, "focus the pane to the right", None),
    bind(Global, &[ch('k'), key(KeyCode::Up)], Action::Up, "move up", None),
    bind(Global, &[ch('j'), key(KeyCode::Down)], Action::Down, "move down", None),
    bind(Global, &[key(KeyCode::PageUp), ctrl('u'), ch('b')], Action::PageUp, "one page up", None),
    bind(Global, &[key(KeyCode::PageDown), ctrl('d'), ch(' ')], Action::PageDown, "one page down", None),
    bind(Global, &[ch('g'), key(KeyCode::Home)], Action::Top, "to the top", None),
    bind(Global, &[ch('G'), key(KeyCode::End)], Action::Bottom, "to the bottom", None),
    bind(Global, &[ch('n')], Action::NextHit, "reader: next hit of the query", Some("n/N hit")),
    bind(Global, &[ch('N')], Action::PreviousHit, "reader: previous hit of the query", None),
    bind(Global, &[ch('w')], Action::ShowWarnings, "show the corpus warnings again", None),
    bind(LIST, &[key(KeyCode::Enter)], Action::Open, "read the selected article", Some("Enter read")),
    bind(LIST, &[ch('f')], Action::ToggleHideUnmatched, "hide / dim articles without hits", Some("f filter")),
    bind(READER, &[key(KeyCode::Enter)], Action::NextHit, "next hit of the query", None),
    bind(KWIC, &[key(KeyCode::Enter)], Action::Open, "open the hit in the reader", Some("Enter open")),
    bind(KWIC, &[ch('s')], Action::CycleSort, "next sort: position, match, L1, R1, L2, R2, L3, R3", Some("s sort")),
    bind(KWIC, &[ch('a')], Action::ToggleScope, "hits of the corpus / of the article", Some("a corpus/article")),
    bind(ACTORS, &[key(KeyCode::Enter)], Action::Open, "make the actor (or topic) the query", Some("Enter query")),
    bind(ACTORS, &[ch('a')], Action::ToggleScope, "counts of the corpus / of the article", Some("a corpus/article")),
    bind(ACTORS, &[ch('t')], Action::ToggleTopics, "actors / keyword topics", Some("t topics")),
    bind(QueryLine, &[key(KeyCode::Enter)], Action::QuerySubmit, "keep the query", Some("Enter keep")),
    bind(QueryLine, &[key(KeyCode::Esc)], Action::QueryCancel, "back to the previous query", Some("Esc undo")),
    bind(QueryLine, &[key(KeyCode::Backspace)], Action::QueryBackspace, "delete left", None),
    bind(QueryLine, &[key(KeyCode::Delete)], Action::QueryDelete, "delete right", None),
    bind(QueryLine, &[key(KeyCode::Left)], Action::QueryLeft, "cursor left", None),
    bind(QueryLine, &[key(KeyCode::Right)], Action::QueryRight, "cursor right", None),
    bind(QueryLine, &[key(KeyCode::Home), ctrl('a')], Action::QueryHome, "to the start", None),
    bind(QueryLine, &[key(KeyCode::End), ctrl('e')], Action::QueryEnd, "to the end", None),
    bind(QueryLine, &[ctrl('u')], Action::QueryClear, "clear the line", None),
    bind(Overlay, &[key(KeyCode::Esc), ch('q'), ch('?'), key(KeyCode::Enter)], Action::Escape, "close", Some("Esc close")),
    bind(Overlay, &[ch('k'), key(KeyCode::Up)], Action::Up, "scroll up", None),
    bind(Overlay, &[ch('j'), key(KeyCode::Down)], Action::Down, "scroll down", None),
];

/// What the app is doing, as far as keys are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal(Pane),
    QueryLine,
    Overlay,
}

/// The action for a key event in `mode`, if any. Only presses count: some terminals also
/// report releases and repeats, and acting on those would double every key.
pub fn action_for(mode: Mode, event: KeyEvent) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    let pressed = Key {
        code: event.code,
        // Shift is part of the character already (`G`, `?`); only Ctrl and Alt change a key.
        modifiers: event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT),
    };
    // Some terminals report Shift-Tab as BackTab with Shift held: the mask above makes that
    // plain BackTab too.
    let matches = |b: &&Binding| b.keys.contains(&pressed);
    let find = |context: Context| {
        BINDINGS
            .iter()
            .filter(|b| b.context == context)
            .find(matches)
            .map(|b| b.action.clone())
    };
    // Ctrl-C quits in every mode, also where the global bindings do not apply.
    if pressed == ctrl('c') {
        return Some(Action::Quit);
    }
    match mode {
        Mode::Overlay => find(Overlay),
        Mode::QueryLine => find(QueryLine).or(match pressed.code {
            KeyCode::Char(c) if pressed.modifiers.is_empty() => Some(Action::QueryInsert(c)),
            _ => None,
        }),
        Mode::Normal(pane) => find(Context::Pane(pane)).or_else(|| find(Global)),
    }
}

/// How a key is written in the help and the status bar.
pub fn key_label(key: &Key) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        other => format!("{other:?}"),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", name.to_uppercase())
    } else {
        name
    }
}

/// The bindings of one context, for the help overlay.
pub fn bindings_of(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.context == context)
}

/// The short hints for the status bar in `mode`.
pub fn hints(mode: Mode) -> Vec<&'static str> {
    let contexts: &[Context] = match mode {
        Mode::Normal(pane) => &[Context::Pane(pane), Global],
        Mode::QueryLine => &[QueryLine],
        Mode::Overlay => &[Overlay],
    };
    let mut out = Vec::new();
    for context in contexts {
        let mut own: Vec<_> = bindings_of(*context).filter_map(|b| b.hint).collect();
        out.append(&mut own);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn j_and_down_both_move_down_in_every_pane() {
        for pane in Pane::ALL {
            let mode = Mode::Normal(pane);
            assert_eq!(
                action_for(mode, press(KeyCode::Char('j'))),
                Some(Action::Down)
            );
            assert_eq!(action_for(mode, press(KeyCode::Down)), Some(Action::Down));
        }
    }

    #[test]
    fn key_releases_are_ignored() {
        let mut release = press(KeyCode::Char('q'));
        release.kind = KeyEventKind::Release;
        assert_eq!(action_for(Mode::Normal(Pane::Reader), release), None);
    }

    #[test]
    fn ctrl_c_quits_even_while_typing_a_query_or_reading_help() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [Mode::QueryLine, Mode::Overlay, Mode::Normal(Pane::Kwic)] {
            assert_eq!(action_for(mode, ctrl_c), Some(Action::Quit));
        }
    }

    #[test]
    fn letters_are_typed_into_the_query_line_not_taken_as_commands() {
        assert_eq!(
            action_for(Mode::QueryLine, press(KeyCode::Char('q'))),
            Some(Action::QueryInsert('q'))
        );
        let upper = KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT);
        assert_eq!(
            action_for(Mode::QueryLine, upper),
            Some(Action::QueryInsert('S'))
        );
        assert_eq!(
            action_for(Mode::QueryLine, press(KeyCode::Esc)),
            Some(Action::QueryCancel)
        );
    }

    #[test]
    fn enter_means_what_the_focused_pane_says() {
        let enter = press(KeyCode::Enter);
        assert_eq!(
            action_for(Mode::Normal(Pane::Kwic), enter),
            Some(Action::Open)
        );
        assert_eq!(
            action_for(Mode::Normal(Pane::Reader), enter),
            Some(Action::NextHit)
        );
    }

    #[test]
    fn shift_tab_cycles_focus_backwards_however_the_terminal_reports_it() {
        let plain = press(KeyCode::BackTab);
        let shifted = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        for event in [plain, shifted] {
            assert_eq!(
                action_for(Mode::Normal(Pane::Articles), event),
                Some(Action::FocusPrevious)
            );
        }
    }

    #[test]
    fn number_keys_jump_to_panes() {
        for (i, pane) in Pane::ALL.iter().enumerate() {
            let c = char::from(b'1' + i as u8);
            assert_eq!(
                action_for(Mode::Normal(Pane::Reader), press(KeyCode::Char(c))),
                Some(Action::Focus(*pane))
            );
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for a in BINDINGS {
            for b in BINDINGS {
                if std::ptr::eq(a, b) || a.context != b.context {
                    continue;
                }
                for k in a.keys {
                    assert!(
                        !b.keys.contains(k),
                        "{:?} bound twice in {:?}",
                        k,
                        a.context
                    );
                }
            }
        }
    }

    #[test]
    fn control_keys_are_labelled_like_the_help_says() {
        assert_eq!(key_label(&ctrl('c')), "Ctrl-C");
        assert_eq!(key_label(&ch(' ')), "Space");
    }
}
