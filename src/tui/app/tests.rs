//! The state machine, driven by actions over the built-in corpus: what each key does, with
//! no terminal involved.

use super::*;
use crate::tui::theme::{Theme, ThemeName};
use crate::tui::wrap::line_of;
use lupe::{Corpus, Lexicon};

fn app(w: u16, h: u16) -> App {
    let index = Index::build(Corpus::builtin(), Lexicon::builtin());
    App::new(
        index,
        Theme::new(ThemeName::Dark, false),
        Rect::new(0, 0, w, h),
    )
}

/// The reader's article wrapped whole at the reader's width.
fn reader_lines(app: &mut App) -> Arc<Vec<WrappedLine>> {
    let width = app.pane_inner(Pane::Reader).width;
    let (a, index) = (app.reader.article, Arc::clone(&app.index));
    app.wraps.lines(a, width, &index.articles()[a].text)
}

fn type_query(app: &mut App, text: &str) {
    app.update(Action::OpenQuery);
    app.update(Action::QueryClear);
    for c in text.chars() {
        app.update(Action::QueryInsert(c));
    }
}

fn search(app: &mut App, text: &str) {
    type_query(app, text);
    app.update(Action::QuerySubmit);
}

#[test]
fn results_update_as_the_query_is_typed() {
    let mut app = app(100, 30);
    type_query(&mut app, "Sanktionen");
    assert_eq!(app.mode(), Mode::QueryLine);
    assert_eq!(app.query.hits.len(), 14);
    assert_eq!(app.kwic.hits.len(), 14);
    app.update(Action::QuerySubmit);
    assert_eq!(app.mode(), Mode::Normal(Pane::Articles));
    assert_eq!(app.query.source, "Sanktionen");
    assert_eq!(app.query.hits.len(), 14);
}

#[test]
fn esc_in_the_query_line_restores_the_previous_query() {
    let mut app = app(100, 30);
    search(&mut app, "Sanktionen");
    type_query(&mut app, "@trump");
    assert_eq!(app.query.hits.len(), 74);
    app.update(Action::QueryCancel);
    assert_eq!(app.query.source, "Sanktionen");
    assert_eq!(app.query.hits.len(), 14);
    assert_eq!(app.kwic.hits.len(), 14);
}

#[test]
fn a_bad_query_shows_its_error_and_keeps_the_last_good_results() {
    let mut app = app(100, 30);
    search(&mut app, "Sanktionen");
    app.update(Action::OpenQuery);
    app.update(Action::QueryHome);
    app.update(Action::QueryInsert('"'));
    let error = app
        .query
        .error
        .clone()
        .expect("an unclosed quote is an error");
    assert_eq!(app.query.source, "\"Sanktionen");
    assert!(error.position <= 11, "{error:?}");
    assert_eq!(app.query.hits.len(), 14, "the hits of `Sanktionen` stay");
    type_query(&mut app, "@niemand");
    assert!(
        app.query.error.is_some(),
        "an unknown actor is an error too"
    );
}

#[test]
fn esc_clears_the_query_and_closes_overlays_first() {
    let mut app = app(100, 30);
    search(&mut app, "Sanktionen");
    app.update(Action::ToggleHelp);
    app.update(Action::Escape);
    assert!(app.overlay.is_none());
    assert_eq!(app.query.hits.len(), 14);
    app.update(Action::Escape);
    assert!(!app.query.active());
    assert!(app.kwic.hits.is_empty());
}

#[test]
fn tab_and_shift_tab_cycle_focus_and_numbers_jump() {
    let mut app = app(100, 30);
    let mut seen = vec![app.focus];
    for _ in 0..4 {
        app.update(Action::FocusNext);
        seen.push(app.focus);
    }
    assert_eq!(
        seen,
        [
            Pane::Articles,
            Pane::Reader,
            Pane::Actors,
            Pane::Kwic,
            Pane::Articles
        ]
    );
    app.update(Action::FocusPrevious);
    assert_eq!(app.focus, Pane::Kwic);
    app.update(Action::Focus(Pane::Actors));
    assert_eq!(app.focus, Pane::Actors);
}

#[test]
fn moving_in_the_list_shows_that_article_in_the_reader() {
    let mut app = app(100, 30);
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(app.reader.article, 2);
    app.update(Action::Open);
    assert_eq!(app.focus, Pane::Reader);
}

#[test]
fn enter_on_a_kwic_hit_opens_it_in_the_reader_scrolled_to_it_and_marked() {
    let mut app = app(100, 30);
    search(&mut app, "Sanktionen");
    app.update(Action::Focus(Pane::Kwic));
    for _ in 0..8 {
        app.update(Action::Down);
    }
    let hit = app.kwic.hits[8];
    app.update(Action::Open);
    assert_eq!(app.focus, Pane::Reader);
    assert_eq!(app.reader.article, hit.article as usize);
    assert_eq!(app.reader.current, Some(hit));
    let lines = reader_lines(&mut app);
    let top = line_of(&lines, app.reader.top);
    let line = line_of(&lines, hit.start);
    let height = usize::from(app.pane_inner(Pane::Reader).height);
    assert!((top..top + height).contains(&line), "the hit is on screen");
    assert_eq!(
        app.list.rows[app.list.cursor.selected],
        hit.article as usize
    );
}

#[test]
fn n_walks_through_the_hits_and_on_into_the_next_article() {
    let mut app = app(100, 30);
    search(&mut app, "Sanktionen");
    let in_first = app.query.hits_of(0).len();
    assert_eq!(in_first, 6);
    for _ in 0..in_first {
        app.update(Action::NextHit);
        assert_eq!(app.reader.article, 0);
    }
    assert_eq!(app.reader.current, app.query.hits_of(0).last().copied());
    app.update(Action::NextHit);
    assert_eq!(app.reader.current, Some(app.query.hits[in_first]));
    app.update(Action::PreviousHit);
    assert_eq!(app.reader.current, app.query.hits_of(0).last().copied());
}

#[test]
fn s_cycles_the_sort_and_comes_back_to_position_order() {
    let mut app = app(100, 30);
    search(&mut app, "Sanktionen");
    app.update(Action::Focus(Pane::Kwic));
    let by_position = app.kwic.hits.clone();
    let mut names = Vec::new();
    for _ in 0..SORTS.len() {
        app.update(Action::CycleSort);
        names.push(SORTS[app.kwic.sort].0);
    }
    assert_eq!(
        names,
        ["match", "L1", "R1", "L2", "R2", "L3", "R3", "position"]
    );
    assert_eq!(app.kwic.hits, by_position);
    app.update(Action::CycleSort);
    app.update(Action::CycleSort);
    assert_ne!(
        app.kwic.hits, by_position,
        "sorting by L1 reorders the hits"
    );
}

#[test]
fn enter_on_an_actor_makes_it_the_query_and_narrows_the_list() {
    let mut app = app(100, 30);
    app.update(Action::Focus(Pane::Actors));
    let putin = app.index.lexicon().find_actor("putin").expect("putin") as u32;
    let row = app
        .counts
        .rows
        .iter()
        .position(|c| c.id == putin)
        .expect("Putin is named");
    for _ in 0..row {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    assert_eq!(app.query.source, "@putin");
    let count = &app.counts.rows[row];
    assert_eq!(app.kwic.hits.len(), count.total);
    assert_eq!(app.list.rows.len(), count.articles);
    assert!(app.list.rows.contains(&app.reader.article));
}

#[test]
fn the_topics_view_queries_a_topic() {
    let mut app = app(100, 30);
    app.update(Action::Focus(Pane::Actors));
    app.update(Action::ToggleTopics);
    assert!(app.counts.topics);
    let first = app.counts.rows[0].clone();
    app.update(Action::Open);
    assert!(app.query.source.starts_with('#'), "{}", app.query.source);
    assert_eq!(app.query.hits.len(), first.total);
}

#[test]
fn kwic_and_counts_can_be_limited_to_the_article_in_the_reader() {
    let mut app = app(100, 30);
    search(&mut app, "Sanktionen");
    app.update(Action::Focus(Pane::Kwic));
    app.update(Action::ToggleScope);
    assert_eq!(app.kwic.hits.len(), 6);
    assert_eq!(*app.kwic.hits, *app.query.hits_of(0));
    // The article's hits are the query's, not a copy: one article can hold millions.
    assert!(app.kwic.hits.shares(&app.query.hits));
    app.update(Action::Focus(Pane::Actors));
    let corpus_total: usize = app.counts.rows.iter().map(|c| c.total).sum();
    app.update(Action::ToggleScope);
    let article_total: usize = app.counts.rows.iter().map(|c| c.total).sum();
    assert_eq!(article_total, app.index.articles()[0].mentions.len());
    assert!(article_total < corpus_total);
}

#[test]
fn f_hides_the_articles_without_hits() {
    let mut app = app(100, 30);
    search(&mut app, "Kim Jong Un");
    let with_hits = app.query.per_article.iter().filter(|n| **n > 0).count();
    assert_eq!(app.list.rows.len(), 5, "dimmed, not hidden, by default");
    app.update(Action::ToggleHideUnmatched);
    assert_eq!(app.list.rows.len(), with_hits);
}

#[test]
fn the_reader_scrolls_to_the_end_and_back_and_keeps_its_place_on_resize() {
    let mut app = app(100, 30);
    app.update(Action::Focus(Pane::Reader));
    app.update(Action::Bottom);
    let lines = reader_lines(&mut app);
    let height = usize::from(app.pane_inner(Pane::Reader).height);
    assert_eq!(line_of(&lines, app.reader.top), lines.len() - height);
    app.update(Action::Top);
    assert_eq!(app.reader.top, 0);
    app.update(Action::PageDown);
    app.update(Action::PageDown);
    let before = app.reader.top;
    let text = &app.index.articles()[0].text;
    let word_at_top = text[before as usize..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    app.update(Action::Resize(140, 40));
    let lines = reader_lines(&mut app);
    let line = &lines[line_of(&lines, app.reader.top)];
    let shown = &app.index.articles()[0].text[line.start as usize..line.end as usize];
    assert!(
        shown.contains(&word_at_top),
        "{word_at_top:?} not in {shown:?}"
    );
}

#[test]
fn q_quits_but_is_typed_in_the_query_line() {
    let mut app = app(100, 30);
    type_query(&mut app, "q");
    assert!(!app.quit);
    assert_eq!(app.query.line.as_ref().map(|l| l.text.as_str()), Some("q"));
    app.update(Action::QuerySubmit);
    app.update(Action::Quit);
    assert!(app.quit);
}

#[test]
fn a_click_focuses_the_pane_and_a_second_click_opens_the_row() {
    let mut app = app(100, 30);
    search(&mut app, "Sanktionen");
    let kwic = app.pane_inner(Pane::Kwic);
    let follow = app.update(Action::ClickAt(kwic.x + 5, kwic.y + 2));
    assert_eq!(follow, None);
    assert_eq!(app.focus, Pane::Kwic);
    assert_eq!(app.kwic.cursor.selected, 2);
    let follow = app.update(Action::ClickAt(kwic.x + 5, kwic.y + 2));
    assert_eq!(follow, Some(Action::Open));
}

#[test]
fn every_action_at_every_small_size_is_safe() {
    let mut app = app(100, 30);
    search(&mut app, "Sanktionen");
    let actions = [
        Action::Down,
        Action::PageDown,
        Action::Bottom,
        Action::Open,
        Action::NextHit,
        Action::PreviousHit,
        Action::CycleSort,
        Action::ToggleScope,
        Action::ToggleTopics,
        Action::FocusNext,
        Action::FocusLeft,
        Action::FocusRight,
        Action::Up,
        Action::Top,
        Action::ClickAt(0, 0),
        Action::ScrollDownAt(0, 1),
    ];
    for (w, h) in [(1, 1), (0, 0), (20, 6), (60, 20), (79, 23)] {
        app.update(Action::Resize(w, h));
        for action in &actions {
            for _ in 0..4 {
                app.update(action.clone());
            }
        }
    }
}

#[test]
fn the_corpus_warnings_open_as_a_notice_once() {
    let mut corpus = Corpus::from_texts([("gut.txt", "Trump und Kim.")]);
    corpus.warnings.push(lupe::LoadWarning {
        path: "kaputt.txt".into(),
        message: "binary file (contains NUL bytes), skipped".into(),
    });
    let index = Index::build(corpus, Lexicon::builtin());
    assert!(!index.warnings().is_empty(), "the damaged file warns");
    let mut app = App::new(
        index,
        Theme::new(ThemeName::Dark, false),
        Rect::new(0, 0, 100, 30),
    );
    assert_eq!(app.overlay, Some(Overlay::Warnings { scroll: 0 }));
    assert_eq!(app.mode(), Mode::Overlay);
    app.update(Action::Escape);
    assert_eq!(app.overlay, None);
    app.update(Action::ShowWarnings);
    assert_eq!(app.overlay, Some(Overlay::Warnings { scroll: 0 }));
}

/// The scroll of the overlay shown.
fn overlay_scroll(app: &App) -> u16 {
    match app.overlay {
        Some(Overlay::Help { scroll } | Overlay::Warnings { scroll }) => scroll,
        None => panic!("no overlay"),
    }
}

#[test]
fn the_help_scrolls_no_further_than_its_end_so_up_moves_at_once() {
    let mut app = app(80, 24);
    app.update(Action::ToggleHelp);
    let end = overlays::max_scroll(24, overlays::help_lines().len());
    assert!(end > 0, "the help is longer than 24 rows");
    for _ in 0..usize::from(end) + 40 {
        app.update(Action::Down);
    }
    assert_eq!(overlay_scroll(&app), end);
    app.update(Action::Up);
    assert_eq!(overlay_scroll(&app), end - 1);
    app.update(Action::Bottom);
    assert_eq!(overlay_scroll(&app), end);
    app.update(Action::Top);
    assert_eq!(overlay_scroll(&app), 0);
    app.update(Action::Up);
    assert_eq!(overlay_scroll(&app), 0);
}

#[test]
fn the_warnings_notice_scrolls_to_its_last_wrapped_line_and_no_further() {
    let mut corpus = Corpus::from_texts([("gut.txt", "Trump und Kim.")]);
    for i in 0..40 {
        corpus.warnings.push(lupe::LoadWarning {
            path: format!("archiv/{i:02}/dump.txt"),
            message: "too large for one article: 3072 MiB, and an article must be under \
                      2048 MiB; skipped (split it into articles)"
                .into(),
        });
    }
    let index = Index::build(corpus, Lexicon::builtin());
    let mut app = App::new(
        index,
        Theme::new(ThemeName::Dark, false),
        Rect::new(0, 0, 80, 24),
    );
    // Each warning takes two lines at 80 columns: the heading, 80 lines, a blank one and
    // the closing line, 22 of them shown at a time.
    let lines = overlays::notice_lines(app.index.warnings(), 80, None).len();
    assert_eq!(lines, 1 + 2 * 40 + 2);
    app.update(Action::Bottom);
    assert_eq!(overlay_scroll(&app), (lines - 22) as u16);
    app.update(Action::Down);
    assert_eq!(overlay_scroll(&app), (lines - 22) as u16);
    app.update(Action::Up);
    assert_eq!(overlay_scroll(&app), (lines - 23) as u16);
}

#[test]
fn a_click_on_an_articles_second_row_selects_that_article() {
    let mut app = app(100, 30);
    let list = app.pane_inner(Pane::Articles);
    // Article 3 (index 2) has rows 4 and 5 of the list.
    app.update(Action::ClickAt(list.x + 2, list.y + 5));
    assert_eq!(app.list.cursor.selected, 2);
    assert_eq!(app.reader.article, 2);
}

#[test]
fn shrinking_the_terminal_keeps_the_selected_hit_on_screen() {
    let mut app = app(120, 40);
    search(&mut app, "Sanktionen");
    app.update(Action::Focus(Pane::Kwic));
    app.update(Action::Bottom);
    app.update(Action::Resize(80, 24));
    let cursor = app.kwic.cursor;
    let rows = app.visible_rows(Pane::Kwic);
    assert!(
        (cursor.offset..cursor.offset + rows).contains(&cursor.selected),
        "{cursor:?}"
    );
}

/// A browser whose queries wait for [`App::answer`], as the event loop has it.
fn answering_later() -> App {
    let mut app = app(100, 30);
    app.answer_in_background();
    app
}

/// Answers the question asked last, as the event loop's searcher would.
fn answer_latest(app: &mut App) {
    let question = app.take_question().expect("a question");
    app.answer(answer_to(app, &question));
}

/// The answer the event loop's searcher would give to `question`.
fn answer_to(app: &App, question: &Question) -> Answer {
    Answer {
        generation: question.generation,
        result: lupe::query::evaluate(&app.index, &question.query),
        coverage: Coverage::Every,
    }
}

/// The preview the event loop's searcher would give first: the first `n` hits.
fn preview_of(app: &App, question: &Question, n: usize) -> Answer {
    let preview = lupe::query::preview(&app.index, &question.query, n).expect("evaluates");
    Answer {
        generation: question.generation,
        result: Ok(preview.hits),
        coverage: Coverage::First(preview.total),
    }
}

#[test]
fn a_preview_shows_the_first_hits_until_every_hit_is_in() {
    let mut app = answering_later();
    search(&mut app, "*e*");
    let question = app.take_question().expect("a question");
    let all = lupe::query::evaluate(&app.index, &question.query).expect("evaluates");
    // Into the second article.
    let n = all.iter().filter(|h| h.article == 0).count() + 5;
    app.answer(preview_of(&app, &question, n));
    assert!(app.is_searching(), "every hit is still to come");
    assert_eq!(*app.query.hits, all[..n]);
    assert_eq!(*app.kwic.hits, all[..n], "the KWIC rows are the first hits");
    assert_eq!(app.query.total(), Some(all.len()));
    // Articles before the last hit shown have all their hits; from it on, not known yet.
    let last = all[n - 1].article as usize;
    assert_eq!(last, 1);
    assert_eq!(app.query.hits_in(0), Some(app.query.hits_of(0).len()));
    assert_eq!(app.query.hits_in(last), None);
    app.answer(answer_to(&app, &question));
    assert!(!app.is_searching());
    assert_eq!(
        (app.query.hits.len(), app.kwic.hits.len()),
        (all.len(), all.len())
    );
    let in_last = all.iter().filter(|h| h.article as usize == last).count();
    assert_eq!(app.query.hits_in(last), Some(in_last));
    // Millions of hits are not copied for the KWIC rows in corpus order.
    assert!(app.kwic.hits.shares(&app.query.hits));
}

#[test]
fn sorted_rows_wait_for_every_hit_and_the_hit_in_the_reader_stays() {
    let mut app = answering_later();
    search(&mut app, "*e*");
    let question = app.take_question().expect("a question");
    app.answer(preview_of(&app, &question, 40));
    // `n` in the reader: a hit of the preview is the current one.
    app.update(Action::NextHit);
    let current = app.reader.current.expect("a current hit");
    app.update(Action::CycleSort);
    assert!(
        app.kwic.hits.is_empty(),
        "no order but the corpus's before every hit"
    );
    app.answer(answer_to(&app, &question));
    let all = lupe::query::evaluate(&app.index, &question.query).expect("evaluates");
    assert_eq!(
        *app.kwic.hits, all,
        "every hit, in the corpus's order until sorted"
    );
    sort_latest(&mut app);
    assert_eq!(
        app.kwic.hits.len(),
        all.len(),
        "sorted once every hit is in"
    );
    assert_ne!(*app.kwic.hits, all, "in another order than the corpus's");
    assert_eq!(app.reader.current, Some(current));
}

/// Sorts the KWIC rows as the event loop's searcher would.
fn sort_latest(app: &mut App) {
    let question = app.take_sort().expect("a sort asked");
    let sorted = sort_rows(&app.index, &question, &|| false).expect("not given up");
    app.sorted(sorted);
}

/// The KWIC rows of `app`'s hits sorted by `keys` on this thread, as the library sorts them.
fn sorted_by(app: &App, keys: &str) -> Vec<lupe::query::Hit> {
    let mut hits = app.query.hits.to_vec();
    lupe::kwic::sort_hits(
        &app.index,
        &mut hits,
        &lupe::kwic::Sort::parse(keys).unwrap(),
    );
    hits
}

#[test]
fn a_sort_in_the_background_shows_the_corpus_order_until_it_comes_and_keeps_the_hit_selected() {
    let mut app = answering_later();
    search(&mut app, "*e*");
    answer_latest(&mut app);
    app.update(Action::Focus(Pane::Kwic));
    for _ in 0..7 {
        app.update(Action::Down);
    }
    let selected = app.kwic.hits[7];
    // position -> match -> L1: two sorts asked; the first is given up unanswered.
    app.update(Action::CycleSort);
    let given_up = app.take_sort().expect("a sort asked");
    app.update(Action::CycleSort);
    assert!(app.is_waiting() && !app.is_searching());
    assert_eq!(
        *app.kwic.hits, **app.query.hits,
        "the corpus's order meanwhile"
    );
    assert_eq!(app.kwic.hits[app.kwic.cursor.selected], selected);
    let question = app.take_sort().expect("the newer sort asked");
    assert!(app.take_sort().is_none(), "each sort is taken once");
    // The answer to the older sort is dropped.
    app.sorted(sort_rows(&app.index, &given_up, &|| false).expect("sorted"));
    assert_eq!(*app.kwic.hits, **app.query.hits);
    app.sorted(sort_rows(&app.index, &question, &|| false).expect("sorted"));
    assert!(!app.is_waiting());
    assert_eq!(*app.kwic.hits, sorted_by(&app, "L1"));
    assert_ne!(*app.kwic.hits, **app.query.hits);
    assert_eq!(app.kwic.hits[app.kwic.cursor.selected], selected);
    // Back to the corpus's order at once, nothing asked.
    for _ in 0..SORTS.len() - 3 {
        app.update(Action::CycleSort);
        app.take_sort().expect("a sort asked");
    }
    app.update(Action::CycleSort);
    assert!(app.take_sort().is_none() && !app.is_waiting());
    assert_eq!(*app.kwic.hits, **app.query.hits);
    assert_eq!(app.kwic.hits[app.kwic.cursor.selected], selected);
}

#[test]
fn a_sort_waits_while_a_query_is_answered_and_then_sorts_its_hits() {
    let mut app = answering_later();
    search(&mut app, "Sanktionen");
    answer_latest(&mut app);
    app.update(Action::Focus(Pane::Kwic));
    app.update(Action::CycleSort);
    app.update(Action::CycleSort);
    // Taken, then given up by the search thread for a query with an unknown actor.
    app.take_sort().expect("a sort asked");
    app.update(Action::OpenQuery);
    for c in " OR @nobody".chars() {
        app.update(Action::QueryInsert(c));
    }
    app.update(Action::QuerySubmit);
    assert!(
        app.take_sort().is_none(),
        "no sort while a query is answered"
    );
    answer_latest(&mut app);
    assert!(app.query.error.is_some());
    assert_eq!(app.query.hits.len(), 14, "still the hits of Sanktionen");
    // The rows are still Sanktionen's: the sort is asked again.
    sort_latest(&mut app);
    assert_eq!(*app.kwic.hits, sorted_by(&app, "L1"));
    // A query that parses: its hits are sorted, not the old ones.
    search(&mut app, "Trump*");
    assert!(
        app.take_sort().is_none(),
        "no sort while a query is answered"
    );
    answer_latest(&mut app);
    assert_eq!(
        *app.kwic.hits, **app.query.hits,
        "the corpus's order until sorted"
    );
    sort_latest(&mut app);
    assert!(app.query.hits.len() > 14);
    assert_eq!(*app.kwic.hits, sorted_by(&app, "L1"));
}

#[test]
fn n_in_the_reader_selects_its_hit_in_sorted_kwic_rows() {
    let mut app = app(100, 30);
    search(&mut app, "*e*");
    app.update(Action::Focus(Pane::Kwic));
    app.update(Action::CycleSort);
    app.update(Action::CycleSort);
    assert_eq!(*app.kwic.hits, sorted_by(&app, "L1"));
    app.update(Action::Focus(Pane::Reader));
    for _ in 0..5 {
        app.update(Action::NextHit);
        let current = app.reader.current.expect("a current hit");
        assert_eq!(app.kwic.hits[app.kwic.cursor.selected], current);
    }
}

#[test]
fn typing_back_to_a_query_shown_as_a_preview_still_waits_for_every_hit() {
    let mut app = answering_later();
    type_query(&mut app, "*e");
    let question = app.take_question().expect("a question");
    app.answer(preview_of(&app, &question, 40));
    // `*en` is asked, and the searcher gives `*e` up for it.
    app.update(Action::QueryInsert('n'));
    app.update(Action::QueryBackspace);
    assert!(app.is_searching());
    let again = app.take_question().expect("asked again");
    assert_eq!(again.query, question.query);
    app.answer(answer_to(&app, &again));
    assert!(!app.is_searching());
    assert!(!app.query.is_preview());
}

#[test]
fn a_query_answered_in_the_background_keeps_the_results_shown_until_its_answer() {
    let mut app = answering_later();
    search(&mut app, "Sanktionen");
    assert!(app.is_searching());
    assert!(app.query.hits.is_empty(), "nothing shown before the answer");
    let question = app.take_question().expect("a question for the event loop");
    assert!(app.take_question().is_none(), "each question is taken once");
    assert_eq!(question.query, lupe::query::parse("Sanktionen").unwrap());
    app.answer(answer_to(&app, &question));
    assert!(!app.is_searching());
    assert_eq!(
        (app.query.hits.len(), app.kwic.hits.len()),
        (14, 14),
        "the answer is shown in every pane"
    );
}

#[test]
fn only_the_answer_to_the_latest_question_is_shown() {
    let mut app = answering_later();
    type_query(&mut app, "Sanktionen");
    let older = app.take_question().expect("a question");
    type_query(&mut app, "@trump");
    let latest = app.take_question().expect("a newer question");
    assert!(latest.generation > older.generation);
    app.answer(answer_to(&app, &older));
    assert!(app.is_searching(), "an older answer is dropped");
    assert!(app.query.hits.is_empty());
    app.answer(answer_to(&app, &latest));
    assert!(!app.is_searching());
    assert_eq!(app.query.hits.len(), 74);
    // A late answer to an older question changes nothing.
    app.answer(answer_to(&app, &older));
    assert_eq!(app.query.hits.len(), 74);
}

#[test]
fn typing_back_to_the_query_shown_waits_for_nothing() {
    let mut app = answering_later();
    type_query(&mut app, "Trump");
    answer_latest(&mut app);
    let shown = app.query.hits.clone();
    app.update(Action::QueryInsert('s'));
    assert!(app.is_searching());
    app.update(Action::QueryBackspace);
    assert!(
        !app.is_searching(),
        "the results of `Trump` are shown already"
    );
    assert!(app.take_question().is_none());
    assert_eq!(app.query.hits, shown);
}

#[test]
fn esc_while_searching_goes_back_and_a_question_from_before_is_asked_again() {
    let mut app = answering_later();
    // Asked, then left waiting: the line closes on Enter before the answer comes.
    search(&mut app, "Sanktionen");
    let first = app.take_question().expect("a question");
    // Typed on in a new line, then given up with Esc.
    type_query(&mut app, "@trump");
    let typed = app.take_question().expect("a newer question");
    app.update(Action::QueryCancel);
    assert_eq!(app.query.source, "Sanktionen");
    assert!(app.is_searching(), "still waiting for `Sanktionen`");
    // The searcher gave the first question up for the newer one, so it is asked again.
    let again = app.take_question().expect("asked again");
    assert_eq!(again.query, first.query);
    assert!(again.generation > typed.generation);
    app.answer(answer_to(&app, &typed));
    assert!(
        app.query.hits.is_empty(),
        "the given-up query is never shown"
    );
    app.answer(answer_to(&app, &again));
    assert_eq!(app.query.hits.len(), 14);
}

#[test]
fn an_unknown_actor_answered_later_is_an_error_and_the_results_stay() {
    let mut app = answering_later();
    search(&mut app, "Sanktionen");
    answer_latest(&mut app);
    app.update(Action::OpenQuery);
    for c in " OR @niemand".chars() {
        app.update(Action::QueryInsert(c));
    }
    assert!(
        app.query.error.is_none(),
        "parsed: the lexicon has not said yet"
    );
    answer_latest(&mut app);
    assert!(app.query.error.is_some());
    assert!(!app.is_searching());
    assert_eq!(app.query.hits.len(), 14);
}

/// One long article of short paragraphs, so that the lines around any place in it start at
/// a paragraph and are the very lines of the whole article, and a short one.
fn paragraphs() -> Corpus {
    let long: String = (0..300)
        .map(|i| {
            format!(
                "Absatz {i}: Die USA und Nordkorea verhandeln in Pjöngjang über Sanktionen, \
                 sagt Trump.\n"
            )
        })
        .collect();
    Corpus::from_texts([
        ("lang.txt", long),
        ("kurz.txt", "Kurz: Kim Jong Un.".into()),
    ])
}

fn app_over(corpus: Corpus, w: u16, h: u16) -> App {
    let index = Index::build(corpus, Lexicon::builtin());
    App::new(
        index,
        Theme::new(ThemeName::Dark, false),
        Rect::new(0, 0, w, h),
    )
}

/// A browser that has articles longer than 1,000 bytes wrapped elsewhere, as the event loop
/// has those over a megabyte.
fn wrapping_apart(corpus: Corpus) -> App {
    let mut app = app_over(corpus, 100, 30);
    app.wrap_apart_above(1000);
    // (Wrapped as a short first article is when the browser is made.)
    app.wraps = WrapCache::default();
    app.answer_in_background();
    app
}

/// Answers every question asked, as the event loop's searcher would.
fn answer_all(app: &mut App) {
    while let Some(question) = app.take_question() {
        app.answer(answer_to(app, &question));
    }
}

#[test]
fn a_long_article_wrapped_elsewhere_scrolls_meanwhile_as_if_wrapped_here() {
    let mut here = app_over(paragraphs(), 100, 30);
    let mut apart = wrapping_apart(paragraphs());
    let width = apart.pane_inner(Pane::Reader).width;
    assert_eq!(
        apart.take_wrap(),
        Some((0, width)),
        "asked as the browser starts"
    );
    assert_eq!(apart.take_wrap(), None, "asked once");
    let keys = [
        Action::Focus(Pane::Reader),
        Action::Down,
        Action::Down,
        Action::PageDown,
        Action::PageDown,
        Action::Up,
        Action::PageUp,
        Action::Bottom,
        Action::Up,
        Action::PageUp,
        Action::Top,
        Action::Up,
        Action::PageDown,
        Action::Resize(80, 24),
        Action::Down,
        Action::Resize(120, 40),
        Action::Bottom,
        Action::PageUp,
    ];
    for key in keys {
        here.update(key.clone());
        apart.update(key.clone());
        assert_eq!(apart.reader.top, here.reader.top, "after {key:?}");
        let width = apart.pane_inner(Pane::Reader).width;
        assert!(apart.wraps.get(0, width).is_none(), "not wrapped here");
        assert!(apart.is_waiting());
        if let Action::Resize(..) = key {
            assert_eq!(
                apart.take_wrap(),
                Some((0, width)),
                "asked at the new width"
            );
        }
    }
    assert!(here.reader.top > 0, "the keys went somewhere");
    // The lines come: kept, and the keys go on from them.
    let width = apart.pane_inner(Pane::Reader).width;
    let text = &apart.index.articles()[0].text;
    let lines = Arc::new(crate::tui::wrap::wrap(text, usize::from(width)));
    apart.wrapped(0, width, lines);
    assert!(!apart.is_waiting() && apart.take_wrap().is_none());
    assert!(apart.wraps.get(0, width).is_some());
    for key in [Action::PageUp, Action::Up, Action::Bottom] {
        here.update(key.clone());
        apart.update(key.clone());
        assert_eq!(apart.reader.top, here.reader.top, "after {key:?}");
    }
}

#[test]
fn a_hit_in_a_long_article_wrapped_elsewhere_is_shown_where_it_would_be() {
    let mut here = app_over(paragraphs(), 100, 30);
    let mut apart = wrapping_apart(paragraphs());
    search(&mut here, "Sanktionen");
    search(&mut apart, "Sanktionen");
    answer_all(&mut apart);
    assert_eq!(apart.query.hits.len(), 300);
    for app in [&mut here, &mut apart] {
        app.update(Action::Focus(Pane::Kwic));
    }
    for (down, then) in [(150, None), (0, Some(Action::NextHit)), (148, None)] {
        for app in [&mut here, &mut apart] {
            app.update(Action::Focus(Pane::Kwic));
            for _ in 0..down {
                app.update(Action::Down);
            }
            app.update(Action::Open);
            if let Some(key) = &then {
                app.update(key.clone());
            }
        }
        let hit = apart.reader.current.expect("a hit shown");
        assert_eq!(here.reader.current, Some(hit));
        assert!(apart.reader.top <= hit.start && hit.start > 0);
        assert_eq!(apart.reader.top, here.reader.top, "{hit:?}");
    }
    // The last hits: the page ends with the article.
    for app in [&mut here, &mut apart] {
        app.update(Action::Focus(Pane::Kwic));
        app.update(Action::Bottom);
        app.update(Action::Open);
    }
    let lines = reader_lines(&mut here);
    let height = usize::from(here.pane_inner(Pane::Reader).height);
    assert_eq!(line_of(&lines, here.reader.top), lines.len() - height);
    assert_eq!(apart.reader.top, here.reader.top);
}

#[test]
fn one_long_paragraph_wrapped_elsewhere_still_scrolls_both_ways_and_to_its_ends() {
    // No line break to start the lines around a place from: they start at a word.
    let text: String = (0..3000).map(|i| format!("Wort{i} ")).collect();
    let len = text.len() as u32;
    let mut app = wrapping_apart(Corpus::from_texts([("lang.txt", text)]));
    app.update(Action::Focus(Pane::Reader));
    let mut tops = vec![app.reader.top];
    for key in [
        Action::Down,
        Action::Down,
        Action::PageDown,
        Action::PageDown,
    ] {
        app.update(key);
        tops.push(app.reader.top);
    }
    assert!(tops.windows(2).all(|t| t[0] < t[1]), "{tops:?}");
    app.update(Action::Bottom);
    let bottom = app.reader.top;
    assert!(bottom > tops[4] && bottom < len, "{bottom}");
    app.update(Action::Down);
    assert_eq!(app.reader.top, bottom, "no further than the end");
    app.update(Action::Up);
    assert!(app.reader.top < bottom);
    app.update(Action::PageUp);
    app.update(Action::PageUp);
    assert!(app.reader.top < bottom);
    app.update(Action::Top);
    assert_eq!(app.reader.top, 0);
    app.update(Action::Up);
    assert_eq!(app.reader.top, 0);
}
