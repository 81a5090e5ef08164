//! The browser against hostile text and harsh terminals: every pane drawn on a buffer through
//! the app's own `update` and `render`, and every cell checked. No cell may hold a control
//! character or an escape, a wide character must take two columns, nothing may be drawn
//! outside the area, and no size or resize may panic.
//!
//! The full sweep of every size from 1x1 to 500x200 takes minutes in a debug build; the
//! default run covers every width and every height along the edges that matter. Run it all
//! with `LUPE_HOSTILE_FULL=1 cargo test --release --bin lupe hostile`, which also reads a
//! line of 10 MB instead of 256 KB.

use super::action::{Action, Pane};
use super::app::App;
use super::theme::{Theme, ThemeName};
use lupe::text::sanitize::is_unsafe;
use lupe::{Corpus, Index, Lexicon, LoadWarning};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

/// One article holding every trick the issue lists, around words the lexicon knows, so the
/// KWIC and actor panes have something to show next to it.
const HOSTILE: &str = concat!(
    "\x1b]0;pwned\x07Titel \x1b[2J mit \u{202e}gepiR\u{202c} Steuerzeichen\n",
    "Trump sagte \x1b[31mrot\x1b[0m Sanktionen \x1bP1$qm\x1b\\ gegen Kim.\n",
    "OSC 52: \x1b]52;c;cm0gLXJmIH4K\x07 Sanktionen und mehr.\n",
    "C1: \u{85}\u{90}\u{9b}2J\u{9d}0;x\u{9c} DEL \x7f Backspace harmlos\x08\x08\x08bös.\n",
    "Wagenruecklauf ok\rFEHLER Sanktionen\ttab\x0bvt\x0cff.\n",
    "Bidi \u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{061c} Nullbreite a\u{200b}b\u{200c}c\u{200d}d\u{2060}e\u{feff}f.\n",
    "Kombiniert Pjo\u{308}ngjang e\u{301}\u{302}\u{303}\u{304} und Zalgo a\u{300}\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}.\n",
    "Emoji 👩\u{200d}👩\u{200d}👧\u{200d}👦 und 🇩🇪 Sanktionen 北京 東京 서울 평양 Trump.\n",
);

/// Built through `Corpus::from_texts`, which decodes the raw bytes the way a file is read.
fn hostile_corpus() -> Corpus {
    let mut corpus = Corpus::from_texts([
        ("hostile.txt", HOSTILE.as_bytes().to_vec()),
        (
            "wide.txt",
            "北京東京서울평양 Sanktionen 北京東京서울평양 Trump 中华人民共和国 Sanktionen."
                .as_bytes()
                .to_vec(),
        ),
        ("one.txt", b"x".to_vec()),
        ("empty.txt", Vec::new()),
    ]);
    // Warnings whose file names carry the tricks too, as a directory walk could report them.
    corpus.warnings.push(LoadWarning {
        path: "evil\x1b]0;pwned\x07\n\u{9b}2J\u{202e}txt.exe".into(),
        message: "binary file \x1b[2J (contains NUL bytes), skipped".into(),
    });
    corpus
}

fn app_over(corpus: Corpus, w: u16, h: u16, no_color: bool) -> App {
    let index = Index::build(corpus, Lexicon::builtin());
    App::new(
        index,
        Theme::new(ThemeName::Dark, no_color),
        Rect::new(0, 0, w, h),
    )
}

fn act(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        let mut next = Some(action);
        while let Some(a) = next {
            next = app.update(a);
        }
    }
}

fn type_query(app: &mut App, text: &str) {
    act(app, [Action::OpenQuery, Action::QueryClear]);
    act(app, text.chars().map(Action::QueryInsert));
}

/// Margin around the drawing area, filled with a sentinel that no drawing may touch.
const MARGIN: u16 = 2;
const SENTINEL: &str = "▒";

/// Draws `app` into a buffer larger than its area; returns the buffer and the area.
fn draw(app: &App) -> (Buffer, Rect) {
    let area = Rect::new(MARGIN, MARGIN, app.size.width, app.size.height);
    let outer = Rect::new(
        0,
        0,
        app.size.width + 2 * MARGIN,
        app.size.height + 2 * MARGIN,
    );
    let mut buf = Buffer::filled(outer, ratatui::buffer::Cell::new(SENTINEL));
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].reset();
        }
    }
    app.render(area, &mut buf);
    (buf, area)
}

/// Every cell is safe, every wide character has its second column inside the area, and
/// nothing outside the area was touched.
fn assert_clean(buf: &Buffer, area: Rect, what: &str) {
    let outer = buf.area;
    for y in outer.top()..outer.bottom() {
        for x in outer.left()..outer.right() {
            let symbol = buf[(x, y)].symbol();
            let inside = area.contains((x, y).into());
            if !inside {
                assert_eq!(
                    symbol, SENTINEL,
                    "{what}: drawn outside the area at {x},{y}"
                );
                continue;
            }
            for c in symbol.chars() {
                assert!(
                    !c.is_control() && !is_unsafe(c),
                    "{what}: cell {x},{y} holds {c:?} ({symbol:?})"
                );
            }
            if symbol.width() == 2 {
                assert!(
                    x + 1 < area.right(),
                    "{what}: wide {symbol:?} at {x},{y} sticks out of the area"
                );
            }
        }
    }
}

/// The screen as text, one line a row, for `contains` checks; the cell a wide character
/// covers is skipped.
fn text_of(buf: &Buffer, area: Rect) -> String {
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let symbol = buf[(x, y)].symbol();
            out.push_str(symbol);
            x += symbol.width().max(1) as u16;
        }
        out.push('\n');
    }
    out
}

/// The cells where the characters of `word` follow each other, each wide one two columns
/// after the one before.
fn find_wide_word(buf: &Buffer, area: Rect, word: &str) -> Option<(u16, u16)> {
    let letters: Vec<String> = word.chars().map(String::from).collect();
    for y in area.top()..area.bottom() {
        'start: for x in area.left()..area.right() {
            let mut cx = x;
            for letter in &letters {
                if cx >= area.right() || buf[(cx, y)].symbol() != letter {
                    continue 'start;
                }
                cx += letter.width().max(1) as u16;
            }
            return Some((x, y));
        }
    }
    None
}

/// Every state worth drawing: each pane focused, the reader on each article, a query with
/// hits, a query being typed with escapes in it, a bad query, the help and the notice.
fn every_state(app: &App) -> Vec<(String, Vec<Action>)> {
    let mut states = vec![("notice at start".to_string(), vec![])];
    for article in 0..app.index.articles().len() {
        for pane in Pane::ALL {
            let mut actions = vec![Action::Focus(Pane::Articles), Action::Top];
            actions.extend(std::iter::repeat_n(Action::Down, article));
            actions.push(Action::Focus(pane));
            states.push((format!("article {article}, {pane:?} focused"), actions));
        }
    }
    states.push(("help".into(), vec![Action::ToggleHelp]));
    states.push(("warnings again".into(), vec![Action::ShowWarnings]));
    states
}

#[test]
fn no_pane_lets_a_control_character_or_escape_through() {
    for (w, h) in [(120, 40), (60, 20)] {
        for no_color in [false, true] {
            let mut app = app_over(hostile_corpus(), w, h, no_color);
            for query in [None, Some("Sanktionen"), Some("北京 OR 서울 OR @trump")] {
                if let Some(q) = query {
                    type_query(&mut app, q);
                    act(&mut app, [Action::QuerySubmit]);
                }
                for (name, actions) in every_state(&app) {
                    // Closing an overlay directly: Esc would also clear the query.
                    if !name.starts_with("notice") {
                        app.overlay = None;
                    }
                    act(&mut app, actions);
                    let (buf, area) = draw(&app);
                    assert_clean(&buf, area, &format!("{w}x{h} {query:?} {name}"));
                    act(&mut app, [Action::Bottom]);
                    let (buf, area) = draw(&app);
                    assert_clean(&buf, area, &format!("{w}x{h} {query:?} {name}, bottom"));
                }
            }
        }
    }
}

#[test]
fn the_reader_shows_placeholders_where_the_escapes_were() {
    let mut app = app_over(hostile_corpus(), 200, 60, false);
    act(&mut app, [Action::Escape, Action::Focus(Pane::Reader)]);
    let (buf, area) = draw(&app);
    assert_clean(&buf, area, "reader");
    let screen = text_of(&buf, area);
    // Nothing is lost: each trick is on screen as a picture, not dropped.
    for shown in [
        "␛]0;pwned␇Titel",
        "␛[31mrot␛[0m",
        "harmlos␈␈␈bös",
        "␛P1$qm␛\\",
    ] {
        assert!(screen.contains(shown), "{shown} missing from\n{screen}");
    }
    assert!(screen.contains("\u{fffd}gepiR\u{fffd}"), "{screen}");
    // A lone carriage return is a line ending, so it cannot send the cursor back over "ok".
    assert!(screen.contains("Wagenruecklauf ok ") && screen.contains("┃FEHLER Sanktionen"));
}

#[test]
fn cjk_and_hangul_take_two_columns_in_every_pane() {
    let mut app = app_over(hostile_corpus(), 200, 60, false);
    type_query(&mut app, "Sanktionen");
    act(
        &mut app,
        [
            Action::QuerySubmit,
            Action::Escape,
            Action::Focus(Pane::Articles),
            Action::Down,
        ],
    );
    let (buf, area) = draw(&app);
    assert_clean(&buf, area, "wide article");
    let screen = app.screen();
    for pane in [Pane::Articles, Pane::Reader, Pane::Kwic] {
        let pane_area = screen.area_of(pane, app.focus).expect("all panes shown");
        let pane_area = Rect::new(
            pane_area.x + MARGIN,
            pane_area.y + MARGIN,
            pane_area.width,
            pane_area.height,
        );
        assert!(
            find_wide_word(&buf, pane_area, "北京東京서울평양").is_some(),
            "{pane:?} does not show the wide word two columns a character:\n{}",
            text_of(&buf, pane_area)
        );
    }
}

#[test]
fn file_names_in_the_warnings_notice_are_shown_escaped() {
    let app = app_over(hostile_corpus(), 120, 40, false);
    let (buf, area) = draw(&app);
    assert_clean(&buf, area, "notice");
    let screen = text_of(&buf, area);
    assert!(
        screen.contains("evil␛]0;pwned␇ \u{fffd}2J\u{fffd}txt.exe"),
        "{screen}"
    );
    assert!(screen.contains("binary file ␛[2J"), "{screen}");
}

#[test]
fn a_query_typed_with_escapes_in_it_is_shown_escaped_in_the_query_line() {
    let mut app = app_over(hostile_corpus(), 100, 30, false);
    act(&mut app, [Action::Escape]);
    type_query(&mut app, "Sank\x1b]0;x\x07\u{9b}\u{202e}");
    let (buf, area) = draw(&app);
    assert_clean(&buf, area, "query line");
    let status = text_of(&buf, Rect::new(area.x, area.bottom() - 1, area.width, 1));
    assert!(status.contains("/Sank␛]0;x␇"), "{status}");
}

/// The status bar's text.
fn status_of(app: &App) -> String {
    let (buf, area) = draw(app);
    assert_clean(&buf, area, "status");
    text_of(&buf, Rect::new(area.x, area.bottom() - 1, area.width, 1))
}

/// Types `text` key by key after the query line's current text, as a person would; returns
/// the number of hits of the last text that parsed on the way.
fn type_after(app: &mut App, text: &str) -> usize {
    act(app, [Action::OpenQuery, Action::QueryEnd]);
    let mut last_good = app.query.hits.len();
    for c in text.chars() {
        act(app, [Action::QueryInsert(c)]);
        if app.query.error.is_none() {
            last_good = app.query.hits.len();
        }
    }
    last_good
}

#[test]
fn bad_queries_show_a_message_in_the_status_bar_and_keep_the_results() {
    let slow = "/(a*)*b|((x+x+)+y)+|(.{1000}){1000}/";
    let huge_class = format!("/[{}]+/", "a-zäöü".repeat(150));
    // What the error must say, or `None` where an answer is as good as an error.
    let cases: [(&str, Option<&str>); 8] = [
        (" \"Kim Jong", Some("unclosed quote")),
        (" „Kim Jong", Some("unclosed quote")),
        (" /Denukl", Some("regex")),
        (" /(/", Some("regex")),
        (" Kim/", None),
        (" @\"", Some("")),
        (" OR", Some("")),
        (slow, None),
    ];
    for (tail, says) in cases.iter().copied().chain([(huge_class.as_str(), None)]) {
        let mut app = app_over(Corpus::builtin(), 120, 40, false);
        act(&mut app, [Action::OpenQuery]);
        act(&mut app, "Sanktionen".chars().map(Action::QueryInsert));
        act(&mut app, [Action::QuerySubmit]);
        assert_eq!(app.query.hits.len(), 14);
        let last_good = type_after(&mut app, tail);
        let Some(error) = app.query.error.clone() else {
            assert!(says.is_none(), "{tail:?} was accepted");
            status_of(&app);
            continue;
        };
        let says = says.unwrap_or_default();
        assert!(error.message.contains(says), "{tail:?}: {}", error.message);
        let status = status_of(&app);
        assert!(status.contains("error at column"), "{tail:?}: {status}");
        assert_eq!(
            app.query.hits.len(),
            last_good,
            "{tail:?} changed the results"
        );
        act(&mut app, [Action::QuerySubmit]);
        assert_eq!(
            app.kwic.hits.len(),
            last_good,
            "{tail:?} lost the KWIC lines"
        );
        assert!(status_of(&app).contains("error at column"), "{tail:?}");
        // Esc in the line goes back to the good query.
        type_after(&mut app, "x");
        act(&mut app, [Action::QueryCancel]);
    }
}

#[test]
fn a_star_alone_an_empty_query_and_a_megabyte_of_typing_are_answered_calmly() {
    let mut app = app_over(Corpus::builtin(), 120, 40, false);
    act(&mut app, [Action::OpenQuery]);
    act(&mut app, "Sanktionen".chars().map(Action::QueryInsert));
    act(&mut app, [Action::QuerySubmit]);
    for star in ["*", "**", "***"] {
        type_query(&mut app, star);
        let status = status_of(&app);
        if app.query.error.is_some() {
            assert!(status.contains("error at column"), "{star}: {status}");
        }
        act(&mut app, [Action::QueryCancel]);
        assert_eq!(
            app.query.hits.len(),
            14,
            "{star}: Esc brings the results back"
        );
    }
    // Empty and blank queries clear the query instead of failing.
    for blank in ["", "   "] {
        type_query(&mut app, blank);
        assert!(
            app.query.error.is_none() && !app.query.active(),
            "{blank:?}"
        );
        status_of(&app);
        act(&mut app, [Action::QueryCancel]);
    }
    // A megabyte pasted into the line: it stops at the limit, and the screen stays whole.
    act(&mut app, [Action::OpenQuery, Action::QueryClear]);
    act(
        &mut app,
        std::iter::repeat_n(Action::QueryInsert('ä'), 1 << 20),
    );
    let typed = app
        .query
        .line
        .as_ref()
        .map_or(0, |l| l.text.chars().count());
    assert_eq!(typed, lupe::query::MAX_QUERY_CHARS);
    status_of(&app);
}

/// Sizes the default run draws: every width at the heights where the layout changes, every
/// height at the widths where it changes, and a coarse grid of the rest.
fn sizes() -> Vec<(u16, u16)> {
    if std::env::var_os("LUPE_HOSTILE_FULL").is_some() {
        return (1..=500)
            .flat_map(|w| (1..=200).map(move |h| (w, h)))
            .collect();
    }
    let mut sizes = Vec::new();
    for h in [1, 5, 6, 23, 24] {
        sizes.extend((1..=500).map(|w| (w, h)));
    }
    for w in [1, 19, 20, 79, 80] {
        sizes.extend((1..=200).map(|h| (w, h)));
    }
    sizes.extend((1..=500).step_by(13).map(|w| (w, 200)));
    sizes.extend((1..=200).step_by(7).map(|h| (500, h)));
    for w in (1..=500).step_by(61) {
        for h in (1..=200).step_by(29) {
            sizes.push((w, h));
        }
    }
    sizes
}

#[test]
fn every_terminal_size_draws_without_panic_and_inside_its_area() {
    let mut app = app_over(hostile_corpus(), 120, 40, false);
    type_query(&mut app, "Sanktionen");
    act(
        &mut app,
        [
            Action::QuerySubmit,
            Action::Escape,
            Action::Focus(Pane::Kwic),
        ],
    );
    for (i, (w, h)) in sizes().into_iter().enumerate() {
        // Turn through the panes, the help and the query line as the size changes.
        let extra = match i % 7 {
            0 => Action::FocusNext,
            1 => Action::ToggleHelp,
            2 => Action::ToggleHelp,
            3 => Action::OpenQuery,
            4 => Action::QueryInsert('ß'),
            5 => Action::QueryCancel,
            _ => Action::PageDown,
        };
        act(&mut app, [Action::Resize(w, h), extra]);
        let (buf, area) = draw(&app);
        assert_clean(&buf, area, &format!("{w}x{h}"));
    }
}

#[test]
fn rapid_resizing_while_a_query_is_typed_leaves_nothing_outside_the_screen() {
    let mut app = app_over(hostile_corpus(), 120, 40, false);
    act(&mut app, [Action::Escape, Action::OpenQuery]);
    let query = "Sanktionen OR 北京 OR /Tr.*/ OR \"Kim";
    let mut size: u32 = 7;
    for (i, c) in query.chars().cycle().take(400).enumerate() {
        // A cheap pseudo-random walk over sizes, as a window dragged back and forth.
        size = size.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let w = (size >> 8) % 260 + 1;
        let h = (size >> 20) % 90 + 1;
        let action = if i % 9 == 8 {
            Action::QueryBackspace
        } else {
            Action::QueryInsert(c)
        };
        act(&mut app, [Action::Resize(w as u16, h as u16), action]);
        let (buf, area) = draw(&app);
        assert_clean(&buf, area, &format!("{w}x{h} after {i} keys"));
    }
    // Resizing without drawing between, as a burst of resize events is taken before a frame.
    for w in (1..=300).rev().step_by(7) {
        act(&mut app, [Action::Resize(w, w / 3 + 1)]);
    }
    act(&mut app, [Action::QuerySubmit, Action::Resize(90, 30)]);
    let (buf, area) = draw(&app);
    assert_clean(&buf, area, "after the burst");
}

#[test]
fn a_ten_megabyte_line_without_spaces_reads_and_scrolls() {
    // 256 KB in the default run (debug builds wrap slowly); 10 MB with LUPE_HOSTILE_FULL.
    let kilobytes = if std::env::var_os("LUPE_HOSTILE_FULL").is_some() {
        10 * 1024
    } else {
        256
    };
    let mut line = "Sanktionen".repeat(kilobytes * 1024 / 10);
    line.push_str("\n\x1b[2J北京");
    let mut app = app_over(Corpus::from_texts([("long.txt", line)]), 120, 40, false);
    act(
        &mut app,
        [
            Action::Focus(Pane::Reader),
            Action::PageDown,
            Action::Bottom,
        ],
    );
    let (buf, area) = draw(&app);
    assert_clean(&buf, area, "10 MB line");
    let screen = text_of(&buf, area);
    assert!(screen.contains("␛[2J北京"), "{screen}");
}
