//! Every key in every pane, in a range of states, timed with its redraw: the browser's aim is
//! that no key press waits more than 16 ms for its frame. Prints the slowest, against
//! drawing a screen with no key pressed, in the same run.
//!
//! `cargo bench --bench keys` on the built-in corpus; `LUPE_BENCH_CORPUS=DIR` for a large
//! one (`big`, or `big`'s text as one file, where a query's millions of hits are in one
//! article). The search thread's work is done untimed, as it is off the key's thread; what
//! the key's thread does with its answers (taking in a preview, every hit, sorted rows, an
//! article wrapped elsewhere) is timed as a frame of its own.

include!("shared/browser.rs");

use lupe::query::{Hit, QueryError};
use lupe::{Corpus, Index, Lexicon};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tui::action::{Action, Pane};
use tui::app::{Answer, App, Coverage, sort_rows};
use tui::theme::{Theme, ThemeName};
use tui::wrap::WrappedLine;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// A query's first hits and their total, if it has more hits than those.
type Preview = Option<(Vec<Hit>, Option<usize>)>;

/// The answers of the search and wrapping threads, worked out once each.
#[derive(Default)]
struct Answers {
    previews: HashMap<String, Preview>,
    every: HashMap<String, Result<Vec<Hit>, QueryError>>,
    wrapped: HashMap<(usize, u16), Arc<Vec<WrappedLine>>>,
}

/// The frames timed so far, and a terminal to draw them on.
struct Keys {
    index: Arc<Index>,
    terminal: Terminal<TestBackend>,
    answers: Answers,
    /// Leave an article asked to be wrapped unwrapped, as while the worker is at it.
    wrapping: bool,
    timed: Vec<(Duration, String)>,
}

impl Keys {
    fn draw(&mut self, app: &App) {
        let size = app.size;
        self.terminal.backend_mut().resize(size.width, size.height);
        self.terminal
            .draw(|f| f.render_widget(app, f.area()))
            .expect("draw");
    }

    /// `action` (and what it leads to) and the redraw, timed; then the answers it asks for.
    fn press(&mut self, app: &mut App, what: &str, action: Action) {
        let start = Instant::now();
        let mut next = Some(action);
        while let Some(a) = next {
            next = app.update(a);
        }
        self.draw(app);
        self.timed.push((start.elapsed(), what.to_string()));
        self.answer(app, what);
    }

    /// Hands `app` what the other threads would, each taking in and its redraw timed.
    fn answer(&mut self, app: &mut App, what: &str) {
        loop {
            if let Some(question) = app.take_question() {
                let key = format!("{:?}", question.query);
                let index = Arc::clone(&self.index);
                let preview = self
                    .answers
                    .previews
                    .entry(key.clone())
                    .or_insert_with(|| {
                        lupe::query::preview(&index, &question.query, 500)
                            .ok()
                            .filter(|p| p.total.is_none_or(|t| t > p.hits.len()))
                            .map(|p| (p.hits, p.total))
                    })
                    .clone();
                if let Some((hits, total)) = preview {
                    self.take_in(app, &format!("{what}, its preview"), |app| {
                        app.answer(Answer {
                            generation: question.generation,
                            result: Ok(hits),
                            coverage: Coverage::First(total),
                        })
                    });
                }
                let every = self
                    .answers
                    .every
                    .entry(key)
                    .or_insert_with(|| lupe::query::evaluate(&index, &question.query))
                    .clone();
                self.take_in(app, &format!("{what}, every hit"), |app| {
                    app.answer(Answer {
                        generation: question.generation,
                        result: every,
                        coverage: Coverage::Every,
                    })
                });
            } else if !self.wrapping
                && let Some((article, width)) = app.take_wrap()
            {
                let index = &self.index;
                let lines = self
                    .answers
                    .wrapped
                    .entry((article, width))
                    .or_insert_with(|| {
                        let text = &index.articles()[article].text;
                        Arc::new(tui::wrap::wrap(text, usize::from(width)))
                    })
                    .clone();
                self.take_in(app, &format!("{what}, the article wrapped"), |app| {
                    app.wrapped(article, width, lines)
                });
            } else if let Some(question) = app.take_sort() {
                let sorted = sort_rows(&self.index, &question, &|| false).expect("sorted");
                self.take_in(app, &format!("{what}, the rows sorted"), |app| {
                    app.sorted(sorted)
                });
            } else {
                return;
            }
        }
    }

    fn take_in(&mut self, app: &mut App, what: &str, answer: impl FnOnce(&mut App)) {
        let start = Instant::now();
        answer(app);
        self.draw(app);
        self.timed.push((start.elapsed(), what.to_string()));
    }

    /// A browser as the event loop runs it, after `query` and `setup`, each answered.
    fn browser(&mut self, query: &str, setup: &[Action]) -> App {
        let mut app = App::new(
            Arc::clone(&self.index),
            Theme::new(ThemeName::Dark, false),
            Rect::new(0, 0, WIDTH, HEIGHT),
        );
        app.answer_in_background();
        let mut actions = Vec::new();
        if !query.is_empty() {
            actions.push(Action::OpenQuery);
            actions.extend(query.chars().map(Action::QueryInsert));
            actions.push(Action::QuerySubmit);
        }
        actions.extend_from_slice(setup);
        for action in actions {
            let mut next = Some(action);
            while let Some(a) = next {
                next = app.update(a);
            }
            self.answer(&mut app, "(before the key)");
        }
        app
    }
}

fn main() {
    let corpus = match std::env::var_os("LUPE_BENCH_CORPUS") {
        Some(dir) => Corpus::load(
            &[std::path::PathBuf::from(dir)],
            &lupe::corpus::LoadOptions::default(),
        )
        .expect("the benchmark corpus loads"),
        None => Corpus::builtin(),
    };
    let index = Arc::new(Index::build(corpus, Lexicon::builtin()));
    let mut keys = Keys {
        index,
        terminal: Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test backend"),
        answers: Answers::default(),
        wrapping: false,
        timed: Vec::new(),
    };
    // Every action a key is bound to (in the normal panes or not), the terminal resized
    // both ways, the wheel and clicks.
    let mut pressed: Vec<Action> = Vec::new();
    let bound = tui::keymap::BINDINGS.iter().map(|b| b.action.clone());
    let more = [
        Action::Resize(100, 30),
        Action::Resize(160, 50),
        Action::ScrollDownAt(60, 20),
        Action::ClickAt(10, 10),
        Action::ClickAt(60, 35),
    ];
    for action in bound.chain(more) {
        if action != Action::Quit && !pressed.contains(&action) {
            pressed.push(action);
        }
    }
    // A common word, every word with an `e` (millions of hits on 100 MB), an actor, a
    // phrase; sorted rows, the rows of one article, the counts of one, the list filtered,
    // the reader at the last article and at the last hit; and (`true`) an article over a
    // megabyte in the reader while it is being wrapped elsewhere.
    let states: Vec<(&str, Vec<Action>, bool)> = vec![
        ("", vec![], false),
        ("die", vec![], false),
        ("*e*", vec![], false),
        ("@usa", vec![], false),
        ("\"die d*\"", vec![], false),
        (
            "die",
            vec![Action::Focus(Pane::Kwic), Action::CycleSort],
            false,
        ),
        (
            "*e*",
            vec![Action::Focus(Pane::Kwic), Action::ToggleScope],
            false,
        ),
        (
            "die",
            vec![Action::Focus(Pane::Actors), Action::ToggleScope],
            false,
        ),
        ("die", vec![Action::ToggleHideUnmatched], false),
        ("die", vec![Action::Bottom, Action::Open], false),
        (
            "*e*",
            vec![Action::Focus(Pane::Kwic), Action::Bottom, Action::Open],
            false,
        ),
        ("", vec![], true),
        (
            "*e*",
            vec![Action::Focus(Pane::Kwic), Action::Bottom, Action::Open],
            true,
        ),
    ];
    let mut redraws = Vec::new();
    for (query, setup, wrapping) in &states {
        keys.wrapping = *wrapping;
        for pane in Pane::ALL {
            let mut setup = setup.clone();
            setup.push(Action::Focus(pane));
            for action in &pressed {
                let mut app = keys.browser(query, &setup);
                let start = Instant::now();
                keys.draw(&app);
                redraws.push(start.elapsed());
                let what = format!(
                    "/{query} {setup:?}{}: {action:?}",
                    if *wrapping { " wrapping" } else { "" }
                );
                keys.press(&mut app, &what, action.clone());
            }
        }
        let mut app = keys.browser(query, setup);
        app.update(Action::OpenQuery);
        for (name, action) in [
            ("a letter typed", Action::QueryInsert('x')),
            ("backspace", Action::QueryBackspace),
            ("the line cleared", Action::QueryClear),
            ("Esc", Action::QueryCancel),
        ] {
            keys.press(&mut app, &format!("/{query} {setup:?}: {name}"), action);
        }
    }
    redraws.sort();
    let redraw = redraws[redraws.len() / 2];
    keys.timed
        .sort_by_key(|(spent, _)| std::cmp::Reverse(*spent));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{} key presses and answers taken in, each with its redraw {WIDTH}x{HEIGHT}; the slowest:",
        keys.timed.len()
    );
    for (spent, what) in keys.timed.iter().take(10) {
        println!(
            "{:>9.2} ms {:>6.1}x  {what}",
            ms(*spent),
            ms(*spent) / ms(redraw)
        );
    }
    let over = keys
        .timed
        .iter()
        .filter(|(spent, _)| ms(*spent) > 16.0)
        .count();
    println!(
        "baseline: drawing a screen with no key pressed, median {:.2} ms; over 16 ms: {over}",
        ms(redraw)
    );
}
