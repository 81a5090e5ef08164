//! The terminal browser: article list, highlighted reader, KWIC pane and actor counts over
//! one [`lupe::Index`], keyboard first.
//!
//! The parts, in the order a key press flows through them: [`keymap`] turns a key into an
//! [`action::Action`]; [`app::App::update`] changes the state (no I/O); `render` draws the
//! state, one file per pane; [`terminal`] owns raw mode, the screen and the signals, and
//! [`basic_colors`] the colour codes a terminal without 256 colours is sent.

pub mod action;
pub mod app;
pub mod basic_colors;
pub mod highlight;
pub mod keymap;
pub mod kwic_row;
pub mod launch;
pub mod layout;
pub mod loading;
pub mod overlays;
mod render;
pub mod search;
pub mod terminal;
pub mod theme;
pub mod wrap;
pub mod wrapping;

#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
mod snapshot_tests;

use action::Action;
use app::App;
use lupe::Index;
use ratatui::crossterm::event::{self, Event, MouseButton, MouseEventKind};
use ratatui::layout::Rect;
use std::io::{self, IsTerminal};
use std::sync::atomic::Ordering;
use std::time::Duration;
pub use theme::ThemeName;

/// How the browser looks and what input it takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TuiOptions {
    pub theme: ThemeName,
    /// Take mouse input. Off by default: capturing the mouse stops text selection over SSH
    /// and in tmux.
    pub mouse: bool,
    /// `NO_COLOR`: bold, underline and reverse only.
    pub no_color: bool,
    /// The terminal does not announce 256 colours (`TERM=linux`): the 16 colours are written
    /// as the basic codes, never as `38;5;N`.
    pub basic_colors: bool,
}

/// Browses the index that `load` builds (in the background, with the article list and a
/// progress bar shown meanwhile) until the user quits. The terminal is restored however this
/// ends; a failed load is an error after the terminal is given back.
pub fn run(load: loading::Loader, options: TuiOptions) -> io::Result<()> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(io::Error::other(
            "the browser needs a terminal: use a subcommand, e.g. `lupe list` or `lupe kwic QUERY` \
             (see `lupe --help`)",
        ));
    }
    let signals = terminal::StopSignals::register(options.mouse)?;
    let mut tty = terminal::start(options.mouse, options.basic_colors)?;
    let mut then = None;
    let result = match loading::wait(&mut tty, load, &signals) {
        Ok(loading::Outcome::Ready(index, after, pending)) => {
            let index = std::sync::Arc::new(*index);
            then = after.map(|after| {
                let index = std::sync::Arc::clone(&index);
                std::thread::spawn(move || after(&index))
            });
            event_loop(&mut tty, index, pending, options, &signals)
        }
        Ok(loading::Outcome::Quit) => Ok(()),
        Ok(loading::Outcome::Failed(message)) => Err(io::Error::other(message)),
        Err(e) => Err(e),
    };
    terminal::stop(options.mouse);
    // The terminal is given back at once; the index may still be being saved. Its
    // warnings come now, on the terminal as it was.
    if let Some(then) = then {
        for warning in then.join().unwrap_or_default() {
            eprintln!("{warning}");
        }
    }
    result
}

fn event_loop(
    tty: &mut terminal::Tty,
    index: std::sync::Arc<Index>,
    pending: loading::Pending,
    options: TuiOptions,
    signals: &terminal::StopSignals,
) -> io::Result<()> {
    let size = tty.size()?;
    let theme = theme::Theme::new(options.theme, options.no_color);
    let mut app = App::new(index, theme, Rect::new(0, 0, size.width, size.height));
    let mut searcher = search::Searcher::start(std::sync::Arc::clone(&app.index));
    let mut wrapper = wrapping::Wrapper::start(std::sync::Arc::clone(&app.index));
    app.answer_in_background();
    // A query typed while the index was built runs now, as if typed now.
    if pending.typing || pending.submitted {
        let typed = pending.text.chars().map(Action::QueryInsert);
        let submit = pending.submitted.then_some(Action::QuerySubmit);
        for first in std::iter::once(Action::OpenQuery)
            .chain(typed)
            .chain(submit)
        {
            let mut action = Some(first);
            while let Some(next) = action {
                action = app.update(next);
            }
        }
    }
    loop {
        // A long article to wrap at a new width (drawn meanwhile from the lines around
        // the reader's place).
        if let Some((article, width)) = app.take_wrap() {
            wrapper.wrap(article, width);
        }
        // A query typed, or a sort chosen (once no query is being answered).
        let asked = if let Some(question) = app.take_question() {
            searcher.ask(question);
            true
        } else if let Some(question) = app.take_sort() {
            searcher.sort(question);
            true
        } else {
            false
        };
        // Most answers take a few milliseconds: waiting that long puts them in this frame,
        // without a flash of "searching" first.
        if asked && let Some(reply) = searcher.answer_within(QUICK_ANSWER) {
            take_reply(&mut app, reply);
            // Every hit came: the rows they make may want sorting.
            continue;
        }
        if terminal::given_back_in_panic() {
            // A thread panicked (the search, if any) and the hook gave the terminal back:
            // end as a panic here would, without drawing over its message.
            searcher.pass_on_panic(true);
            wrapper.pass_on_panic(false);
            return Err(io::Error::other(
                "stopped after a panic (its message is above)",
            ));
        }
        tty.draw(|frame| frame.render_widget(&app, frame.area()))?;
        // Debug builds only: a panic on demand, so a test can check that the panic hook gives
        // the terminal back. Release builds have no such switch.
        #[cfg(debug_assertions)]
        if std::env::var_os("LUPE_DEBUG_PANIC").is_some() {
            panic!("a panic asked for by LUPE_DEBUG_PANIC");
        }
        // Wake up now and then to notice a stop signal, and often while an answer is due.
        let mut answered = false;
        loop {
            if signals.raised.load(Ordering::Relaxed) {
                return Ok(());
            }
            if app.is_waiting() {
                if let Some(reply) = searcher.answer() {
                    take_reply(&mut app, reply);
                    answered = true;
                    break;
                }
                if let Some(w) = wrapper.wrapped() {
                    app.wrapped(w.article, w.width, w.lines);
                    answered = true;
                    break;
                }
                searcher.pass_on_panic(false);
                wrapper.pass_on_panic(false);
            }
            let wait = if app.is_waiting() { 10 } else { 100 };
            if event::poll(Duration::from_millis(wait))? {
                break;
            }
        }
        if answered {
            continue;
        }
        // Take every event already waiting before drawing again, so held keys never lag.
        loop {
            let mut action = action_for(&app, event::read()?);
            while let Some(next) = action {
                action = app.update(next);
            }
            if app.quit || signals.raised.load(Ordering::Relaxed) {
                return Ok(());
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
}

fn take_reply(app: &mut App, reply: search::Reply) {
    match reply {
        search::Reply::Answer(answer) => app.answer(answer),
        search::Reply::Sorted(sorted) => app.sorted(sorted),
    }
}

/// How long a frame waits for the answer to a query just typed before it is drawn without
/// it: quick answers show in the same frame, and a key press never waits longer.
const QUICK_ANSWER: Duration = Duration::from_millis(8);

/// The action a terminal event asks for.
fn action_for(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) => keymap::action_for(app.mode(), key),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollUp => Some(Action::ScrollUpAt(mouse.column, mouse.row)),
            MouseEventKind::ScrollDown => Some(Action::ScrollDownAt(mouse.column, mouse.row)),
            MouseEventKind::Down(MouseButton::Left) => {
                Some(Action::ClickAt(mouse.column, mouse.row))
            }
            _ => None,
        },
        _ => None,
    }
}

/// `s` made safe to put on one terminal line (queries, paths, error messages): the corpus
/// text is made safe when loaded, this is for everything else.
pub fn safe(s: &str) -> String {
    lupe::text::sanitize::sanitize_line(s).into_owned()
}
