//! Browser drawing benchmarks on `TestBackend`: a whole 200x60 frame (target 2 ms), a key
//! press with its redraw (target 16 ms), start to first frame (target 50 ms).
//!
//! `cargo bench --bench tui`. The browser is compiled in by path (`shared/browser.rs`).

include!("shared/browser.rs");

use criterion::{Criterion, criterion_group, criterion_main};
use lupe::{Corpus, Index, Lexicon};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::hint::black_box;
use tui::action::{Action, Pane};
use tui::app::{Answer, App, Coverage};
use tui::theme::{Theme, ThemeName};

fn new_app(w: u16, h: u16) -> App {
    let index = Index::build(Corpus::builtin(), Lexicon::builtin());
    App::new(
        index,
        Theme::new(ThemeName::Dark, false),
        Rect::new(0, 0, w, h),
    )
}

/// After `/Sanktionen`, Enter on a KWIC hit: every pane full, highlights everywhere.
fn busy_app(w: u16, h: u16) -> App {
    let mut app = new_app(w, h);
    app.update(Action::OpenQuery);
    for c in "Sanktionen".chars() {
        app.update(Action::QueryInsert(c));
    }
    for action in [
        Action::QuerySubmit,
        Action::Focus(Pane::Kwic),
        Action::Down,
        Action::Open,
    ] {
        app.update(action);
    }
    app
}

fn drawing(c: &mut Criterion) {
    let app = busy_app(200, 60);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    c.bench_function("frame 200x60 (query, reader on a hit)", |b| {
        b.iter(|| {
            // A fresh backend buffer each time, so the whole screen is drawn, not a diff.
            terminal.clear().expect("clear");
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draw");
        })
    });
    c.bench_function("render only 200x60 into a buffer", |b| {
        let area = Rect::new(0, 0, 200, 60);
        b.iter(|| {
            let mut buf = ratatui::buffer::Buffer::empty(area);
            ratatui::widgets::Widget::render(&app, area, &mut buf);
            black_box(buf);
        })
    });
    let quiet = new_app(200, 60);
    c.bench_function("render only 200x60, no query", |b| {
        let area = Rect::new(0, 0, 200, 60);
        b.iter(|| {
            let mut buf = ratatui::buffer::Buffer::empty(area);
            ratatui::widgets::Widget::render(&quiet, area, &mut buf);
            black_box(buf);
        })
    });
    c.bench_function(
        "baseline: 60 lines of plain text into a 200x60 buffer",
        |b| {
            let area = Rect::new(0, 0, 200, 60);
            let text = &quiet.index.articles()[0].text;
            let lines: Vec<String> = (0..60)
                .map(|i| {
                    let line = text.chars().cycle().skip(i * 100).take(200);
                    line.map(|c| if c == '\n' { ' ' } else { c }).collect()
                })
                .collect();
            b.iter(|| {
                let mut buf = ratatui::buffer::Buffer::empty(area);
                for (y, line) in lines.iter().enumerate() {
                    buf.set_stringn(0, y as u16, line, 200, ratatui::style::Style::default());
                }
                black_box(buf);
            })
        },
    );
    let mut app = busy_app(100, 30);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("test backend");
    c.bench_function("key j in the reader + redraw 100x30", |b| {
        b.iter(|| {
            app.update(black_box(Action::Down));
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draw");
        })
    });
    c.bench_function("index build + first frame 100x30", |b| {
        b.iter(|| {
            let app = new_app(100, 30);
            let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("test backend");
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draw");
        })
    });
}

/// A resize with an article of 20 MB in the reader: the browser has it wrapped elsewhere
/// and draws the lines around its place, against wrapping it whole on the key's own thread
/// as it did before (and as it still does an article under a megabyte).
fn resizing_a_long_article(c: &mut Criterion) {
    let text: String = (0..200_000)
        .map(|i| format!("Absatz {i}: Die USA und Nordkorea verhandeln in Pjöngjang über Sanktionen, sagt Trump.\n"))
        .collect();
    let index = std::sync::Arc::new(Index::build(
        Corpus::from_texts([("lang.txt", text)]),
        Lexicon::builtin(),
    ));
    let mut group = c.benchmark_group("20 MB article");
    group.sample_size(20);
    for apart in [true, false] {
        let mut app = App::new(
            std::sync::Arc::clone(&index),
            Theme::new(ThemeName::Dark, false),
            Rect::new(0, 0, 120, 40),
        );
        if apart {
            app.answer_in_background();
        }
        app.update(Action::Focus(Pane::Reader));
        app.update(Action::PageDown);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
        let name = if apart {
            "resize, wrapped elsewhere meanwhile, + redraw"
        } else {
            "baseline: resize, wrapped whole on the key's thread, + redraw"
        };
        let mut width = 120;
        group.bench_function(name, |b| {
            b.iter(|| {
                // A width not wrapped before: the cache keeps eight.
                width = if width >= 139 { 120 } else { width + 1 };
                app.update(Action::Resize(width, 40));
                terminal.backend_mut().resize(width, 40);
                terminal
                    .draw(|f| f.render_widget(&app, f.area()))
                    .expect("draw");
            })
        });
    }
    group.finish();
}

/// With `LUPE_BENCH_CORPUS` set to a large corpus (e.g. the 99 MB `big`): a word typed into
/// the query line, and the whole screen redrawn.
fn typing_on_a_large_corpus(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("LUPE_BENCH_CORPUS") else {
        return;
    };
    let corpus = Corpus::load(
        &[std::path::PathBuf::from(dir)],
        &lupe::corpus::LoadOptions::default(),
    )
    .expect("the benchmark corpus loads");
    let index = Index::build(corpus, Lexicon::builtin());
    let mut app = App::new(
        index,
        Theme::new(ThemeName::Dark, false),
        Rect::new(0, 0, 120, 40),
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    app.update(Action::OpenQuery);
    let mut group = c.benchmark_group("large corpus");
    group.sample_size(10);
    // Each key re-runs the query (results update as the user types), so typing a whole
    // word bounds what any one of its keys costs.
    for word in ["Beispiel", "die"] {
        group.bench_function(
            format!("type {word}, every key re-querying, + redraw 120x40"),
            |b| {
                b.iter(|| {
                    app.update(Action::QueryClear);
                    for ch in word.chars() {
                        app.update(Action::QueryInsert(ch));
                    }
                    terminal
                        .draw(|f| f.render_widget(&app, f.area()))
                        .expect("draw");
                })
            },
        );
    }
    // The search thread's last answer to `*e*` (6.5 million hits on `big`), after its
    // preview: taken in by the thread that reads keys, so a key pressed meanwhile waits
    // for it.
    app.answer_in_background();
    let query = lupe::query::parse("*e*").expect("query");
    let every = lupe::query::evaluate(&app.index, &query).expect("evaluates");
    group.bench_function(
        "every hit of *e* taken in after its preview, + redraw",
        |b| {
            b.iter_custom(|iters| {
                let mut spent = std::time::Duration::ZERO;
                for _ in 0..iters {
                    app.update(Action::QueryClear);
                    for ch in "*e*".chars() {
                        app.update(Action::QueryInsert(ch));
                    }
                    let question = app.take_question().expect("a question");
                    let preview = lupe::query::preview(&app.index, &query, 500).expect("evaluates");
                    app.answer(Answer {
                        generation: question.generation,
                        result: Ok(preview.hits),
                        coverage: Coverage::First(preview.total),
                    });
                    let answer = Answer {
                        generation: question.generation,
                        result: Ok(every.clone()),
                        coverage: Coverage::Every,
                    };
                    let start = std::time::Instant::now();
                    app.answer(answer);
                    terminal
                        .draw(|f| f.render_widget(&app, f.area()))
                        .expect("draw");
                    spent += start.elapsed();
                }
                spent
            })
        },
    );
    // `j` in the article list onto the corpus's longest article (384 KB in `big`), with a
    // query's hits marked: the reader wraps it and draws its first page.
    let longest = (0..app.index.articles().len())
        .max_by_key(|&a| app.index.articles()[a].text.len())
        .expect("an article");
    app.update(Action::QuerySubmit);
    app.update(Action::Focus(Pane::Articles));
    app.update(Action::Top);
    for _ in 1..longest {
        app.update(Action::Down);
    }
    group.bench_function(
        "key j onto the longest article, not wrapped before, + redraw 120x40",
        |b| {
            b.iter_custom(|iters| {
                let mut spent = std::time::Duration::ZERO;
                for _ in 0..iters {
                    app.wraps = Default::default();
                    let start = std::time::Instant::now();
                    app.update(Action::Down);
                    terminal
                        .draw(|f| f.render_widget(&app, f.area()))
                        .expect("draw");
                    spent += start.elapsed();
                    app.update(Action::Up);
                }
                spent
            })
        },
    );
    app.update(Action::OpenQuery);
    // `s` on the 358,440 hits of `die`: the thread that reads keys puts the rows in the
    // new order, or hands the sort to the search thread.
    let die = lupe::query::parse("die").expect("query");
    let every = lupe::query::evaluate(&app.index, &die).expect("evaluates");
    group.bench_function("key s on every hit of die (sort by match), + redraw", |b| {
        b.iter_custom(|iters| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iters {
                app.update(Action::QueryClear);
                for ch in "die".chars() {
                    app.update(Action::QueryInsert(ch));
                }
                let question = app.take_question().expect("a question");
                app.answer(Answer {
                    generation: question.generation,
                    result: Ok(every.clone()),
                    coverage: Coverage::Every,
                });
                // From the last order back to the corpus's, then on to "match", timed.
                app.kwic.sort = tui::app::SORTS.len() - 1;
                app.update(Action::CycleSort);
                let start = std::time::Instant::now();
                app.update(Action::CycleSort);
                terminal
                    .draw(|f| f.render_widget(&app, f.area()))
                    .expect("draw");
                spent += start.elapsed();
            }
            spent
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    drawing,
    resizing_a_long_article,
    typing_on_a_large_corpus
);
criterion_main!(benches);
