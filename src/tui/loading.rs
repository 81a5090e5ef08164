//! The first screen, shown while the corpus is read and indexed in the background: the
//! articles as soon as they are found, a progress bar, and a query line that already takes
//! a query, run as soon as the index is ready. A 100 MB corpus takes seconds to index; the
//! browser must answer at once all the same.

use super::terminal::StopSignals;
use lupe::Index;
use lupe::index::{Progress, Stage};
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use std::io;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;
use unicode_width::UnicodeWidthStr;

/// Reads the corpus and builds its index, reporting to a [`Progress`]; runs on its own
/// thread. With the index, what is to be done with it once the browser has it.
pub type Loader = Box<dyn FnOnce(&Progress) -> Result<(Index, Option<Then>), String> + Send>;

/// What is done with the index on a thread of its own once the browser has it (saving it
/// to the cache, a third of a second for 100 MB), waited for when the browser ends; the
/// warnings it gives are printed once the terminal is given back.
pub type Then = Box<dyn FnOnce(&Index) -> Vec<String> + Send>;

/// A query typed before the index was ready.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pending {
    pub text: String,
    /// The query line is open.
    pub typing: bool,
    /// Enter was pressed.
    pub submitted: bool,
}

/// How waiting for the index ended.
pub enum Outcome {
    Ready(Box<Index>, Option<Then>, Pending),
    Quit,
    Failed(String),
}

/// Starts `load` on its own thread and shows its progress until it is done.
pub fn wait(
    tty: &mut super::terminal::Tty,
    load: Loader,
    signals: &StopSignals,
) -> io::Result<Outcome> {
    let progress = Arc::new(Progress::default());
    let (done, result) = mpsc::channel();
    let shared = Arc::clone(&progress);
    thread::spawn(move || {
        // The receiver may be gone if the user quit; then nobody needs the index.
        let _ = done.send(load(&shared));
    });
    let mut pending = Pending::default();
    // A small corpus is ready before anyone could read a progress bar: then the browser's
    // own screen is the first frame, without a flash of this one.
    let mut first = Some(result.recv_timeout(Duration::from_millis(40)));
    loop {
        let received = match first.take() {
            Some(Ok(r)) => Ok(r),
            Some(Err(mpsc::RecvTimeoutError::Timeout)) => Err(mpsc::TryRecvError::Empty),
            Some(Err(mpsc::RecvTimeoutError::Disconnected)) => {
                Err(mpsc::TryRecvError::Disconnected)
            }
            None => result.try_recv(),
        };
        match received {
            Ok(Ok((index, then))) => {
                return Ok(Outcome::Ready(Box::new(index), then, pending));
            }
            Ok(Err(message)) => return Ok(Outcome::Failed(message)),
            Err(mpsc::TryRecvError::Disconnected) => {
                return Ok(Outcome::Failed("indexing stopped unexpectedly".into()));
            }
            Err(mpsc::TryRecvError::Empty) => {}
        }
        tty.draw(|frame| draw(frame, &progress, &pending))?;
        if signals.raised.load(Ordering::Relaxed) {
            return Ok(Outcome::Quit);
        }
        // A short wait: the bar moves, and the index is taken up as soon as it is ready.
        if event::poll(Duration::from_millis(50))?
            && let Event::Key(key) = event::read()?
            && key.kind == KeyEventKind::Press
            && !type_key(&mut pending, key.code, key.modifiers)
        {
            return Ok(Outcome::Quit);
        }
    }
}

/// Applies a key to the pending query; false when the key asks to quit.
fn type_key(pending: &mut Pending, code: KeyCode, modifiers: KeyModifiers) -> bool {
    if modifiers.contains(KeyModifiers::CONTROL) {
        return code != KeyCode::Char('c');
    }
    match (pending.typing, code) {
        (false, KeyCode::Char('q')) => return false,
        (false, KeyCode::Char('/')) => {
            pending.typing = true;
            pending.submitted = false;
        }
        (true, KeyCode::Char(c)) => pending.text.push(c),
        (true, KeyCode::Backspace) => {
            pending.text.pop();
        }
        (true, KeyCode::Enter) => {
            pending.typing = false;
            pending.submitted = true;
        }
        (true, KeyCode::Esc) => *pending = Pending::default(),
        _ => {}
    }
    true
}

fn draw(frame: &mut Frame, progress: &Progress, pending: &Pending) {
    let area = frame.area();
    let [list, status] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let stage = progress.stage();
    let ids = progress.first_ids(list.height as usize);
    // Not "Articles": that title belongs to the browser's list, which comes next.
    let title = match stage {
        Stage::Listing => " lupe · looking for the corpus's files… ".to_string(),
        Stage::Reading { files, .. } => format!(" lupe · {} found ", some(files, "file")),
        Stage::Indexing { total, .. } | Stage::Opening { total } => {
            format!(" lupe · {} found ", some(total, "article"))
        }
    };
    let lines: Vec<Line> = ids.iter().map(|id| Line::raw(super::safe(id))).collect();
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        list,
    );
    frame.render_widget(
        Paragraph::new(status_line(stage, pending, status.width)),
        status,
    );
}

/// `1 file`, `2 files`.
fn some(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `reading 3120 of 9080 files ████▌     34%`, then `indexing …` the same way, then the
/// query typed so far. The query comes first when the line is short: the bar gets narrower,
/// then only its percentage is left.
fn status_line(stage: Stage, pending: &Pending, width: u16) -> Line<'static> {
    let tail = if pending.typing || pending.submitted || !pending.text.is_empty() {
        let query = super::safe(&pending.text);
        let note = if pending.submitted {
            " (runs when ready)"
        } else {
            ""
        };
        format!("  /{query}{note}")
    } else if width > 60 {
        "  · / query · q quit".to_string()
    } else {
        String::new()
    };
    let room = usize::from(width).saturating_sub(tail.width());
    let mut spans = match stage {
        Stage::Listing => vec![Span::raw("looking for files…")],
        Stage::Reading { read, files } => bar("reading", read, files, " files", room),
        Stage::Indexing { done, total } => bar("indexing", done, total, "", room),
        Stage::Opening { .. } => vec![Span::raw("opening the saved index…")],
    };
    spans.push(Span::raw(tail));
    Line::from(spans)
}

/// `{what} {done} of {all}{unit} ████▌     34%` in at most `room` cells (a bar of 20 at
/// most), or only `34%` where the words do not fit.
fn bar(what: &str, done: usize, all: usize, unit: &str, room: usize) -> Vec<Span<'static>> {
    let done = done.min(all);
    let percent = done * 100 / all.max(1);
    let label = format!("{what} {done} of {all}{unit}");
    let end = format!(" {percent:>3}%");
    let Some(bar_room) = room.checked_sub(label.width() + end.width()) else {
        return vec![Span::raw(format!("{percent}%"))];
    };
    let bar_width = bar_room.saturating_sub(1).min(20);
    let filled = done * bar_width / all.max(1);
    let mut spans = vec![Span::raw(label)];
    if bar_width > 0 {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!("{}{}", "█".repeat(filled), " ".repeat(bar_width - filled)),
            Style::default().add_modifier(Modifier::REVERSED),
        ));
    }
    spans.push(Span::raw(end));
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use lupe::corpus::LoadReport;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn screen(progress: &Progress, pending: &Pending, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|frame| draw(frame, progress, pending))
            .expect("draw");
        let buffer = terminal.backend().buffer();
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn while_looking_for_files_the_screen_says_so() {
        let s = screen(&Progress::default(), &Pending::default(), 60, 6);
        assert!(s.contains("looking for files…"), "{s}");
    }

    /// Nine files listed, three of them read: the files show before any is read, with
    /// how far reading has got.
    fn reading() -> Progress {
        let progress = Progress::default();
        progress.listed((1..=9).map(|i| format!("a/00{i}.txt")).collect());
        for _ in 0..3 {
            progress.read_one();
        }
        progress
    }

    #[test]
    fn the_files_show_as_soon_as_they_are_listed_with_a_bar_for_reading_them() {
        let s = screen(&reading(), &Pending::default(), 70, 8);
        insta::assert_snapshot!("loading_reading_files_70x8", s);
        assert!(s.contains("9 files found"), "{s}");
        assert!(s.contains("a/001.txt") && s.contains("a/005.txt"), "{s}");
        assert!(s.contains("reading 3 of 9 files"), "{s}");
        assert!(s.contains("33%"), "{s}");
    }

    #[test]
    fn the_articles_show_first_with_a_progress_bar() {
        let progress = reading();
        progress.found(vec!["a/001.txt".into(), "a/002.txt".into()]);
        let s = screen(&progress, &Pending::default(), 70, 6);
        insta::assert_snapshot!("loading_indexing_70x6", s);
        assert!(s.contains("2 articles found"), "{s}");
        assert!(s.contains("a/001.txt") && s.contains("a/002.txt"), "{s}");
        assert!(!s.contains("a/003.txt"), "{s}");
        assert!(s.contains("indexing 0 of 2"), "{s}");
        assert!(s.contains("0%"), "{s}");
    }

    #[test]
    fn a_saved_index_says_it_is_being_opened() {
        let progress = Progress::default();
        progress.found_cached(vec!["a/001.txt".into()]);
        let s = screen(&progress, &Pending::default(), 70, 4);
        assert!(
            s.contains("1 article found") && s.contains("a/001.txt"),
            "{s}"
        );
        assert!(s.contains("opening the saved index…"), "{s}");
        assert!(!s.contains("indexing"), "{s}");
    }

    #[test]
    fn a_query_typed_while_indexing_is_kept_for_later() {
        let mut pending = Pending::default();
        for c in "/Sanktionen".chars() {
            assert!(type_key(&mut pending, KeyCode::Char(c), KeyModifiers::NONE));
        }
        assert!(type_key(&mut pending, KeyCode::Enter, KeyModifiers::NONE));
        assert_eq!(pending.text, "Sanktionen");
        assert!(pending.submitted && !pending.typing);
        let progress = Progress::default();
        progress.found(vec!["x.txt".into()]);
        let s = screen(&progress, &pending, 80, 4);
        assert!(s.contains("/Sanktionen (runs when ready)"), "{s}");
    }

    #[test]
    fn q_and_ctrl_c_quit_but_q_can_be_typed_in_a_query() {
        let mut pending = Pending::default();
        assert!(!type_key(
            &mut pending,
            KeyCode::Char('q'),
            KeyModifiers::NONE
        ));
        assert!(!type_key(
            &mut pending,
            KeyCode::Char('c'),
            KeyModifiers::CONTROL
        ));
        assert!(type_key(
            &mut pending,
            KeyCode::Char('/'),
            KeyModifiers::NONE
        ));
        assert!(type_key(
            &mut pending,
            KeyCode::Char('q'),
            KeyModifiers::NONE
        ));
        assert_eq!(pending.text, "q");
    }

    #[test]
    fn in_a_narrow_terminal_the_query_typed_shows_and_the_bar_gives_way() {
        let mut pending = Pending::default();
        for c in "/Datei".chars() {
            type_key(&mut pending, KeyCode::Char(c), KeyModifiers::NONE);
        }
        let progress = reading();
        // Wide: the whole bar, 20 cells, and the query.
        let wide = screen(&progress, &pending, 100, 4);
        let status = wide.lines().last().expect("a status line");
        assert!(
            status.starts_with("reading 3 of 9 files ██████      "),
            "{status}"
        );
        assert!(status.contains("33%  /Datei"), "{status}");
        // Narrower: a shorter bar, then only the percentage; the query always.
        let status = |width| {
            let s = screen(&progress, &pending, width, 4);
            s.lines()
                .last()
                .expect("a status line")
                .trim_end()
                .to_string()
        };
        assert_eq!(status(40), "reading 3 of 9 files ██      33%  /Datei");
        assert_eq!(status(30), "33%  /Datei");
        assert_eq!(status(8), "33%  /Da");
    }

    #[test]
    fn a_tiny_terminal_does_not_panic() {
        for progress in [Progress::default(), reading()] {
            for (w, h) in [(0, 0), (1, 1), (2, 1), (1, 3), (10, 2)] {
                let _ = screen(&progress, &Pending::default(), w, h);
            }
        }
    }
}
