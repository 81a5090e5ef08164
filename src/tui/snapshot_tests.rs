//! What a person sees: every pane and the help overlay drawn on a `TestBackend` at 80x24 and
//! 120x40 over the built-in corpus, and the styles where highlighting is the point.

use super::action::{Action, Pane};
use super::app::{App, Overlay};
use super::theme::{Theme, ThemeName};
use lupe::{ActorKind, Corpus, Index, Lexicon};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

fn app(w: u16, h: u16, no_color: bool) -> App {
    app_over(Corpus::builtin(), w, h, no_color)
}

fn app_over(corpus: Corpus, w: u16, h: u16, no_color: bool) -> App {
    let index = Index::build(corpus, Lexicon::builtin());
    let theme = Theme::new(ThemeName::Dark, no_color);
    App::new(index, theme, Rect::new(0, 0, w, h))
}

fn act(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        let mut next = Some(action);
        while let Some(a) = next {
            next = app.update(a);
        }
    }
}

fn search(app: &mut App, query: &str) {
    act(app, [Action::OpenQuery]);
    act(app, query.chars().map(Action::QueryInsert));
    act(app, [Action::QuerySubmit]);
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
    terminal
}

/// The app after `/Sanktionen`, Enter on the third KWIC hit.
fn reading_a_hit(w: u16, h: u16, no_color: bool) -> App {
    let mut app = app(w, h, no_color);
    search(&mut app, "Sanktionen");
    act(
        &mut app,
        [
            Action::Focus(Pane::Kwic),
            Action::Down,
            Action::Down,
            Action::Open,
        ],
    );
    app
}

/// The cells where `word` is written inside `area`.
fn find_word(buf: &Buffer, area: Rect, word: &str) -> Vec<Vec<(u16, u16)>> {
    let letters: Vec<String> = word.chars().map(String::from).collect();
    let mut found = Vec::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let fits = letters.iter().enumerate().all(|(i, letter)| {
                let cx = x + i as u16;
                cx < area.right() && buf[(cx, y)].symbol() == letter
            });
            if fits {
                found.push((0..letters.len() as u16).map(|i| (x + i, y)).collect());
            }
        }
    }
    found
}

macro_rules! snapshot_at_both_sizes {
    ($name:ident, $setup:expr) => {
        #[test]
        fn $name() {
            for (w, h) in [(80, 24), (120, 40)] {
                let app: App = $setup(w, h);
                let terminal = draw(&app);
                insta::assert_snapshot!(
                    format!("{}_{}x{}", stringify!($name), w, h),
                    terminal.backend()
                );
            }
        }
    };
}

/// The app at `w`x`h` after `query` (if any) and then `actions`.
fn after(w: u16, h: u16, query: Option<&str>, actions: &[Action]) -> App {
    let mut app = app(w, h, false);
    if let Some(query) = query {
        search(&mut app, query);
    }
    act(&mut app, actions.iter().cloned());
    app
}

snapshot_at_both_sizes!(the_first_screen_shows_all_four_panes, |w, h| {
    after(w, h, None, &[])
});

snapshot_at_both_sizes!(
    a_query_fills_the_kwic_pane_and_counts_hits_per_article,
    |w, h| { after(w, h, Some("Sanktionen"), &[Action::Focus(Pane::Kwic)]) }
);

snapshot_at_both_sizes!(kwic_sorted_by_the_word_left_of_the_match, |w, h| {
    let sort_by_l1 = [
        Action::Focus(Pane::Kwic),
        Action::CycleSort,
        Action::CycleSort,
    ];
    after(w, h, Some("Sanktionen"), &sort_by_l1)
});

snapshot_at_both_sizes!(enter_on_a_kwic_hit_opens_it_in_the_reader, |w, h| {
    reading_a_hit(w, h, false)
});

snapshot_at_both_sizes!(an_actor_made_the_query_narrows_the_list, |w, h| {
    let third_actor = [
        Action::Focus(Pane::Actors),
        Action::Down,
        Action::Down,
        Action::Open,
    ];
    after(w, h, None, &third_actor)
});

snapshot_at_both_sizes!(the_topics_view_of_the_actor_pane, |w, h| {
    after(
        w,
        h,
        None,
        &[Action::Focus(Pane::Actors), Action::ToggleTopics],
    )
});

snapshot_at_both_sizes!(the_query_line_shows_an_error_with_its_column, |w, h| {
    let unclosed_quote = [
        Action::OpenQuery,
        Action::QueryInsert(' '),
        Action::QueryInsert('"'),
    ];
    after(w, h, Some("Sanktionen"), &unclosed_quote)
});

snapshot_at_both_sizes!(the_help_overlay_lists_the_keymap, |w, h| {
    after(w, h, None, &[Action::ToggleHelp])
});

#[test]
fn small_terminals_show_one_pane_with_a_tab_line() {
    for pane in Pane::ALL {
        let mut app = reading_a_hit(60, 20, false);
        act(&mut app, [Action::Focus(pane)]);
        let terminal = draw(&app);
        insta::assert_snapshot!(
            format!("one_pane_60x20_{}", pane.title()),
            terminal.backend()
        );
    }
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged_and_nothing_panics_down_to_1x1() {
    let mut app = reading_a_hit(100, 30, false);
    act(&mut app, [Action::ToggleHelp]);
    for w in 0..=24 {
        for h in 0..=8 {
            act(&mut app, [Action::Resize(w, h)]);
            draw(&app);
        }
    }
    act(&mut app, [Action::Resize(30, 4)]);
    insta::assert_snapshot!("too_small_30x4", draw(&app).backend());
}

#[test]
fn the_corpus_warnings_notice() {
    let mut corpus = Corpus::builtin();
    corpus.warnings.push(lupe::LoadWarning {
        path: "kaputt/bild.txt".into(),
        message: "binary file (contains NUL bytes), skipped".into(),
    });
    let app = app_over(corpus, 80, 24, false);
    insta::assert_snapshot!("warnings_notice_80x24", draw(&app).backend());
}

#[test]
fn a_long_corpus_warning_is_wrapped_in_the_notice_not_cut() {
    let mut corpus = Corpus::builtin();
    corpus.warnings.push(lupe::LoadWarning {
        path: "archiv/2024/dump.txt".into(),
        message: "too large for one article: 3072 MiB, and an article must be under \
                  2048 MiB; skipped (split it into articles)"
            .into(),
    });
    let app = app_over(corpus, 80, 24, false);
    let screen = draw(&app).backend().to_string();
    insta::assert_snapshot!("warnings_notice_long_80x24", screen);
    // Every word of it is on the screen, its end included.
    let words: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("(split it into articles)"), "{screen}");
}

#[test]
fn a_notice_of_thousands_of_warnings_shows_the_ones_scrolled_to() {
    let mut corpus = Corpus::builtin();
    for i in 0..3000 {
        corpus.warnings.push(lupe::LoadWarning {
            path: format!("kaputt/{i:04}.txt"),
            message: "binary file (contains NUL bytes), skipped".into(),
        });
    }
    let mut app = app_over(corpus, 80, 24, false);
    let rows = |app: &App| -> Vec<String> {
        let buffer = draw(app).backend().buffer().clone();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect()
            })
            .collect()
    };
    let top = rows(&app);
    assert!(top.iter().any(|r| r.contains("3000 file(s)")), "{top:#?}");
    assert!(
        top.iter().any(|r| r.contains("kaputt/0000.txt")),
        "{top:#?}"
    );
    assert!(top.iter().any(|r| r.contains("j/↓ more")), "{top:#?}");
    // Line 0 is the heading, so line 500 is warning 499: the first the box shows.
    app.overlay = Some(Overlay::Warnings { scroll: 500 });
    let scrolled = rows(&app);
    let first = scrolled
        .iter()
        .find(|r| r.contains("kaputt/"))
        .expect("a warning shown");
    assert!(first.contains("kaputt/0499.txt"), "{scrolled:#?}");
    assert!(scrolled.iter().any(|r| r.contains("j/↓ more")));
}

#[test]
fn a_mention_of_trump_is_coloured_in_the_persons_colour() {
    let app = app(120, 40, false);
    let terminal = draw(&app);
    let reader = app.pane_inner(Pane::Reader);
    let trump = find_word(terminal.backend().buffer(), reader, "Trump");
    assert!(
        !trump.is_empty(),
        "Trump is in the first lines of the first article"
    );
    let expected = app.theme.actor("trump", ActorKind::Person).fg;
    assert!(expected.is_some_and(|c| c != Color::Reset));
    for cells in trump {
        for cell in cells {
            assert_eq!(terminal.backend().buffer()[cell].fg, expected.unwrap());
        }
    }
}

#[test]
fn a_query_hit_is_reversed_in_the_reader_and_the_opened_hit_more_so() {
    let app = reading_a_hit(120, 40, false);
    let terminal = draw(&app);
    let buf = terminal.backend().buffer();
    let reader = app.pane_inner(Pane::Reader);
    let hits = find_word(buf, reader, "Sanktionen");
    assert!(!hits.is_empty());
    for cells in &hits {
        assert!(
            cells
                .iter()
                .all(|c| buf[*c].modifier.contains(Modifier::REVERSED))
        );
    }
    let current = hits.iter().filter(|cells| {
        cells.iter().all(|c| {
            buf[*c]
                .modifier
                .contains(Modifier::UNDERLINED | Modifier::BOLD)
        })
    });
    assert_eq!(
        current.count(),
        1,
        "exactly the opened hit is marked as current"
    );
}

#[test]
fn with_no_color_mentions_and_hits_are_still_marked_without_any_colour() {
    let mut app = reading_a_hit(120, 40, true);
    let terminal = draw(&app);
    let buf = terminal.backend().buffer();
    for cell in buf.content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "{cell:?}"
        );
    }
    let reader = app.pane_inner(Pane::Reader);
    let hits = find_word(buf, reader, "Sanktionen");
    assert!(!hits.is_empty());
    for cells in &hits {
        assert!(
            cells
                .iter()
                .all(|c| buf[*c].modifier.contains(Modifier::REVERSED))
        );
    }
    act(&mut app, [Action::Top]);
    let terminal = draw(&app);
    let buf = terminal.backend().buffer();
    let trump = find_word(buf, reader, "Trump");
    assert!(!trump.is_empty());
    for cells in trump {
        assert!(
            cells
                .iter()
                .all(|c| buf[*c].modifier.contains(Modifier::BOLD))
        );
    }
}

#[test]
fn a_long_query_keeps_its_cursor_on_screen() {
    let mut app = app(60, 20, false);
    let long = "Sanktionen OR Atomprogramm OR Denuklearisierung OR Gipfeltreffen OR Kim";
    act(&mut app, [Action::OpenQuery]);
    act(&mut app, long.chars().map(Action::QueryInsert));
    let terminal = draw(&app);
    let buf = terminal.backend().buffer();
    let status: String = (0..60).map(|x| buf[(x, 19)].symbol().to_string()).collect();
    assert!(status.starts_with("/…"), "{status}");
    assert!(status.contains("OR Kim"), "{status}");
    assert!(status.trim_end().ends_with("hits"), "{status}");
}

#[test]
fn a_mention_broken_across_two_lines_is_coloured_on_both() {
    // At 80x24 the reader is 38 columns wide: "Donald" ends line one, "Trump" starts line two.
    let corpus = Corpus::from_texts([(
        "a.txt",
        "Aaaa bbbb cccc dddd eeee ffff g Donald Trump sagt das.",
    )]);
    let app = app_over(corpus, 80, 24, false);
    let terminal = draw(&app);
    let buf = terminal.backend().buffer();
    let reader = app.pane_inner(Pane::Reader);
    let expected = app.theme.actor("trump", ActorKind::Person).fg.unwrap();
    let donald = find_word(buf, reader, "Donald");
    let trump = find_word(buf, reader, "Trump");
    assert_eq!((donald.len(), trump.len()), (1, 1), "each half once");
    assert_eq!(donald[0][0].1 + 1, trump[0][0].1, "on consecutive lines");
    for cell in donald[0].iter().chain(&trump[0]) {
        assert_eq!(buf[*cell].fg, expected);
    }
}

#[test]
fn while_a_query_is_searched_for_the_panes_keep_their_results_and_the_bar_says_so() {
    let mut app = app(80, 24, false);
    search(&mut app, "Sanktionen");
    app.answer_in_background();
    act(&mut app, [Action::OpenQuery, Action::QueryInsert('*')]);
    // Typing: the query line says it is searching; the KWIC pane still shows `Sanktionen`.
    insta::assert_snapshot!("searching_while_typing_80x24", draw(&app).backend());
    act(&mut app, [Action::QuerySubmit]);
    let status = last_line(&app);
    assert!(status.ends_with("/Sanktionen* searching…"), "{status}");
    // The answer comes: the count is back.
    answer_in_full(&mut app);
    let status = last_line(&app);
    assert!(status.ends_with("/Sanktionen* 14 hits"), "{status}");
    assert_eq!(app.query.query, lupe::query::parse("Sanktionen*").ok());
}

#[test]
fn a_preview_shows_the_first_hits_with_their_total_while_every_hit_is_found() {
    let mut app = app(80, 24, false);
    app.answer_in_background();
    search(&mut app, "*e*");
    let question = app.take_question().expect("a question");
    let all = lupe::query::evaluate(&app.index, &question.query).expect("evaluates");
    // The first hits, into the second article: the first article's count is known, the
    // others' not yet.
    let n = all.iter().filter(|h| h.article == 0).count() + 5;
    let preview = lupe::query::preview(&app.index, &question.query, n).expect("evaluates");
    app.answer(super::app::Answer {
        generation: question.generation,
        result: Ok(preview.hits),
        coverage: super::app::Coverage::First(preview.total),
    });
    insta::assert_snapshot!("a_preview_of_many_hits_80x24", draw(&app).backend());
    let status = last_line(&app);
    let total = format!("/*e* {} hits · searching…", all.len());
    assert!(status.ends_with(&total), "{status}");
}

#[test]
fn kwic_rows_being_sorted_show_in_the_corpus_order_and_say_so() {
    let mut app = app(80, 24, false);
    app.answer_in_background();
    search(&mut app, "Sanktionen");
    answer_in_full(&mut app);
    act(
        &mut app,
        [
            Action::Focus(Pane::Kwic),
            Action::CycleSort,
            Action::CycleSort,
        ],
    );
    insta::assert_snapshot!("kwic_being_sorted_80x24", draw(&app).backend());
    let title = |app: &App| screen_lines(app).into_iter().find(|l| l.contains("KWIC"));
    assert!(
        title(&app).is_some_and(|t| t.contains("sorting by L1…")),
        "{:?}",
        title(&app)
    );
    let sort = app.take_sort().expect("a sort");
    let sorted = super::app::sort_rows(&app.index, &sort, &|| false).expect("sorted");
    app.sorted(sorted);
    let title = title(&app).expect("a title");
    assert!(
        title.contains("sort L1") && !title.contains("sorting"),
        "{title}"
    );
}

/// Answers the question asked last with every hit, as the event loop's searcher would.
fn answer_in_full(app: &mut App) {
    let question = app.take_question().expect("a question");
    app.answer(super::app::Answer {
        generation: question.generation,
        result: lupe::query::evaluate(&app.index, &question.query),
        coverage: super::app::Coverage::Every,
    });
}

/// Every row of the screen as drawn, without the spaces at their ends.
fn screen_lines(app: &App) -> Vec<String> {
    let terminal = draw(app);
    let buf = terminal.backend().buffer();
    (0..app.size.height)
        .map(|y| {
            let line: String = (0..app.size.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            line.trim_end().to_string()
        })
        .collect()
}

/// The status bar as drawn, without the spaces at its end.
fn last_line(app: &App) -> String {
    screen_lines(app).pop().unwrap_or_default()
}

#[test]
fn a_long_article_being_wrapped_elsewhere_shows_its_lines_and_how_far_in_until_it_is() {
    let mut apart = app(100, 30, false);
    apart.wrap_apart_above(1000);
    apart.wraps = Default::default();
    apart.answer_in_background();
    let mut here = app(100, 30, false);
    let keys = [Action::Focus(Pane::Reader), Action::PageDown];
    act(&mut apart, keys.clone());
    act(&mut here, keys);
    insta::assert_snapshot!("reader_being_wrapped_100x30", draw(&apart).backend());
    let (apart_rows, here_rows) = (screen_lines(&apart), screen_lines(&here));
    // The same lines; only the reader's bottom border differs: how far in by bytes, not
    // which line of how many.
    let differ: Vec<usize> = (0..apart_rows.len())
        .filter(|&y| apart_rows[y] != here_rows[y])
        .collect();
    assert_eq!(differ.len(), 1, "{differ:?}");
    let border = &apart_rows[differ[0]];
    assert!(border.contains(" wrapping… 26% "), "{border}");
    assert!(
        here_rows[differ[0]].contains(" 18/136 25% "),
        "{}",
        here_rows[differ[0]]
    );
    // The lines come: the screen is the one of an article wrapped here.
    let width = apart.pane_inner(Pane::Reader).width;
    let text = &apart.index.articles()[0].text;
    let lines = std::sync::Arc::new(super::wrap::wrap(text, usize::from(width)));
    apart.wrapped(0, width, lines);
    assert_eq!(screen_lines(&apart), here_rows);
}

#[test]
fn a_long_article_being_wrapped_takes_every_key_at_every_size_and_draws() {
    let mut app = app(100, 30, false);
    app.wrap_apart_above(1000);
    app.wraps = Default::default();
    app.answer_in_background();
    search(&mut app, "Sanktionen");
    while let Some(question) = app.take_question() {
        let result = lupe::query::evaluate(&app.index, &question.query);
        app.answer(super::app::Answer {
            generation: question.generation,
            result,
            coverage: super::app::Coverage::Every,
        });
    }
    let actions = [
        Action::Focus(Pane::Reader),
        Action::Down,
        Action::PageDown,
        Action::Bottom,
        Action::PageUp,
        Action::NextHit,
        Action::PreviousHit,
        Action::Top,
        Action::Up,
        Action::ScrollDownAt(30, 3),
        Action::Focus(Pane::Kwic),
        Action::Bottom,
        Action::Open,
    ];
    for (w, h) in [(1, 1), (0, 0), (20, 6), (60, 20), (79, 23), (100, 30)] {
        act(&mut app, [Action::Resize(w, h)]);
        for action in &actions {
            act(&mut app, [action.clone()]);
            let _ = draw(&app);
        }
        if (w, h) == (100, 30) {
            let screen = screen_lines(&app).join("\n");
            assert!(screen.contains(" wrapping… "), "{screen}");
            let hit = app.reader.current.expect("the last hit, shown");
            let text = &app.index.articles()[hit.article as usize].text;
            let word = &text[hit.start as usize..hit.end as usize];
            assert!(screen.contains(word), "{word} not on screen:\n{screen}");
        }
    }
}
