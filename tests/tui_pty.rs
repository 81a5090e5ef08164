//! The real `lupe` binary in a pseudo-terminal, read back through a vt100 screen: what a
//! person at a terminal would see, and what their terminal is left in when lupe exits.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Long enough for a loaded CI machine; the browser's first frame normally takes milliseconds.
const PATIENCE: Duration = Duration::from_secs(10);

/// `lupe` running in a pseudo-terminal of `cols` x `rows`.
struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Session {
    fn start(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_lupe"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // The index cache goes to a directory of the tests' own, never the user's.
        cmd.env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("lupe-pty-test-cache"),
        );
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn lupe");
        // The child has its own copy; ours would keep the pty open after lupe exits.
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&screen);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().expect("pty writer");
        Session {
            screen,
            writer,
            child,
            _master: pty.master,
        }
    }

    fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits until `ready` holds for the screen; panics with the screen if it never does.
    fn wait_for(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            {
                let parser = self.screen.lock().unwrap();
                if ready(parser.screen()) {
                    return;
                }
                if start.elapsed() > PATIENCE {
                    panic!(
                        "timed out waiting for {what}; the screen:\n{}",
                        parser.screen().contents()
                    );
                }
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resizes the terminal, as a window dragged wider would.
    fn resize(&self, cols: u16, rows: u16) {
        self.screen
            .lock()
            .unwrap()
            .set_size(nonzero(rows), nonzero(cols));
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    fn wait_for_text(&self, text: &str) {
        self.wait_for(text, |s| s.contents().contains(text));
    }

    /// Waits for lupe to exit, and gives its exit code.
    fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes (the terminal reset).
                thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            if start.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("lupe did not exit");
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn assert_terminal_restored(&self) {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is still hidden");
    }
}

/// Where `word` is on screen with every cell reversed (a marked hit), if anywhere.
fn reversed_word(screen: &vt100::Screen, word: &str) -> Option<(u16, u16)> {
    let (rows, cols) = screen.size();
    let (rows, cols) = (rows.get(), cols.get());
    let n = word.chars().count() as u16;
    for row in 0..rows {
        for col in 0..cols.saturating_sub(n) {
            let mut matches = true;
            for (i, c) in word.chars().enumerate() {
                let cell = screen.cell(row, col + i as u16);
                if !cell.is_some_and(|cell| cell.contents() == c.to_string() && cell.inverse()) {
                    matches = false;
                    break;
                }
            }
            if matches {
                return Some((row, col));
            }
        }
    }
    None
}

#[test]
fn without_a_terminal_lupe_asks_for_a_subcommand_and_exits_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_lupe"))
        .env_remove("NO_COLOR")
        .output()
        .expect("run lupe");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("subcommand"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn query_then_kwic_then_open_a_hit_shows_it_marked_and_q_restores_the_terminal() {
    let mut lupe = Session::start(&[], 100, 30, &[]);
    lupe.wait_for_text("Articles");
    lupe.keys("/Sanktionen\r");
    lupe.wait_for("the query's hits", |s| {
        s.contents().contains("/Sanktionen") && s.contents().contains("hits")
    });
    lupe.keys("4");
    lupe.wait_for_text("hit 1 of");
    lupe.keys("\r");
    lupe.wait_for("the hit marked in the reader", |s| {
        reversed_word(s, "Sanktionen").is_some_and(|(row, col)| row < 20 && (24..76).contains(&col))
    });
    lupe.keys("q");
    assert_eq!(lupe.exit_code(), 0);
    lupe.assert_terminal_restored();
}

#[test]
fn ctrl_c_quits_even_from_the_query_line() {
    let mut lupe = Session::start(&[], 80, 24, &[]);
    lupe.wait_for_text("Articles");
    lupe.keys("/Tru");
    lupe.wait_for_text("/Tru");
    lupe.keys("\x03");
    assert_eq!(lupe.exit_code(), 0);
    lupe.assert_terminal_restored();
}

/// Checks that lupe exited as a panic does, with the terminal given back, and that the
/// panic's message, whose second line starts with `says`, was printed with raw mode off:
/// each of its lines starts in the first column (in raw mode a line feed does not return
/// the carriage, and lines would step). The rows from the message on.
#[cfg(debug_assertions)]
fn assert_ended_in_panic(lupe: &mut Session, says: &str) -> Vec<String> {
    assert_eq!(lupe.exit_code(), 101, "a Rust panic exits with 101");
    lupe.assert_terminal_restored();
    let parser = lupe.screen.lock().unwrap();
    let screen = parser.screen();
    let rows: Vec<String> = screen.rows(0, 100).collect();
    let message = rows
        .iter()
        .position(|r| r.contains("panicked at"))
        .unwrap_or_else(|| panic!("no panic message on screen:\n{}", screen.contents()));
    assert!(rows[message].starts_with("thread"), "{rows:#?}");
    assert!(rows[message + 1].starts_with(says), "{rows:#?}");
    rows[message..].to_vec()
}

// Only debug builds of lupe panic on demand, so the test runs where they are tested.
#[cfg(debug_assertions)]
#[test]
fn a_panic_restores_the_terminal_before_its_message_is_printed() {
    // The test binary is a debug build, where LUPE_DEBUG_PANIC panics after the first frame.
    let mut lupe = Session::start(&[], 100, 30, &[("LUPE_DEBUG_PANIC", "1")]);
    assert_ended_in_panic(&mut lupe, "a panic asked for by LUPE_DEBUG_PANIC");
}

// Only debug builds of lupe panic on demand, so the test runs where they are tested.
#[cfg(debug_assertions)]
#[test]
fn a_panic_in_the_search_ends_the_browser_and_nothing_is_drawn_over_its_message() {
    // Queries are answered on a thread of their own; this one panics on its first query.
    let mut lupe = Session::start(&[], 100, 30, &[("LUPE_DEBUG_PANIC_SEARCH", "1")]);
    lupe.wait_for_text("Articles");
    lupe.keys("/Trump");
    let after = assert_ended_in_panic(&mut lupe, "a panic in the search asked for by");
    // Nothing of the browser after the message: it stopped drawing.
    assert!(after.iter().all(|r| !r.contains("Articles")), "{after:#?}");
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut lupe = Session::start(&[], 80, 24, &[]);
    lupe.wait_for_text("Articles");
    let pid = lupe.child.process_id().expect("pid");
    let status = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(lupe.exit_code(), 0);
    lupe.assert_terminal_restored();
}

#[test]
fn a_closed_terminal_ends_lupe_instead_of_leaving_it_running() {
    // As when an SSH session drops: every handle on the terminal's master side closes, the
    // kernel hangs the terminal up and sends SIGHUP. (No reader thread here: it would hold a
    // handle and keep the terminal alive.)
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_lupe"));
    cmd.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(cmd).expect("spawn lupe");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("pty reader");
    let mut parser = vt100::Parser::new(nonzero(24), nonzero(80), 0);
    let mut buf = [0u8; 8192];
    while !parser.screen().contents().contains("Articles") {
        let n = reader.read(&mut buf).expect("read the screen");
        assert!(n > 0, "lupe closed its terminal before drawing");
        parser.process(&buf[..n]);
    }
    drop(reader);
    drop(pty.master);
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            panic!("lupe kept running after its terminal was closed");
        }
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_query_typed_while_the_corpus_is_indexed_runs_when_it_is_ready() {
    // Big enough that the index is still being built when the keys arrive.
    let dir = tempfile::tempdir().expect("tempdir");
    let articles = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles");
    for (n, entry) in std::fs::read_dir(&articles).expect("fixtures").enumerate() {
        let text = std::fs::read(entry.expect("entry").path()).expect("article");
        for copy in 0..60 {
            std::fs::write(dir.path().join(format!("{n:03}-{copy:02}.txt")), &text).expect("write");
        }
    }
    let corpus = dir.path().to_str().expect("path").to_string();
    let mut lupe = Session::start(&["--corpus", &corpus], 100, 30, &[]);
    // Typed once lupe draws (its terminal is in raw mode then), while it is still indexing.
    lupe.wait_for("a first frame", |s| !s.contents().trim().is_empty());
    lupe.keys("/Sanktionen\r");
    lupe.wait_for_text("hit 1 of 840");
    lupe.keys("q");
    assert_eq!(lupe.exit_code(), 0);
    lupe.assert_terminal_restored();
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged_and_still_quits() {
    let mut lupe = Session::start(&[], 12, 4, &[]);
    lupe.wait_for_text("Enlarge");
    lupe.keys("q");
    assert_eq!(lupe.exit_code(), 0);
    lupe.assert_terminal_restored();
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal has at least one row and column")
}

#[test]
fn browse_without_a_terminal_fails_with_exit_2_too() {
    let output = Command::new(env!("CARGO_BIN_EXE_lupe"))
        .arg("browse")
        .output()
        .expect("run lupe");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("subcommand"), "{stderr}");
}

#[test]
fn with_mouse_a_click_focuses_a_pane_the_wheel_scrolls_and_quitting_releases_the_mouse() {
    let mut lupe = Session::start(&["browse", "--mouse"], 100, 30, &[]);
    lupe.wait_for_text("Articles");
    lupe.wait_for("mouse reporting on", |s| {
        s.mouse_protocol_mode() != vt100::MouseProtocolMode::None
    });
    // SGR mouse reports, 1-based: a left click in the KWIC pane (rows 21-29).
    lupe.keys("\x1b[<0;50;26M\x1b[<0;50;26m");
    lupe.wait_for("the KWIC pane focused (thick border)", |s| {
        s.cell(20, 0).is_some_and(|c| c.contents() == "┏")
    });
    // Three wheel steps down over the reader.
    lupe.keys("\x1b[<65;50;5M\x1b[<65;50;5M\x1b[<65;50;5M");
    lupe.wait_for("the reader scrolled", |s| s.contents().contains(" 10/136 "));
    lupe.keys("q");
    assert_eq!(lupe.exit_code(), 0);
    lupe.assert_terminal_restored();
    let parser = lupe.screen.lock().unwrap();
    assert_eq!(
        parser.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
}

#[test]
fn the_browser_never_uses_a_damaged_cache_file_and_replaces_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = tempfile::tempdir().expect("tempdir");
    for (name, text) in [
        ("a.txt", "Trump traf Kim. Die Sanktionen bleiben."),
        ("b.txt", "Kim Jong Un und die US-Sanktionen."),
    ] {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let corpus = dir.path().to_str().expect("path").to_string();
    let cache_env = ("XDG_CACHE_HOME", cache.path().to_str().expect("path"));
    let lupe_cli = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_lupe"))
            .args(["--corpus", &corpus])
            .args(args)
            .env(cache_env.0, cache_env.1)
            .output()
            .expect("lupe runs")
    };
    let total = |o: std::process::Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        v["total"].as_u64().expect("total")
    };
    let hits = total(lupe_cli(&["kwic", "/.*/", "--json"]));
    let file = std::fs::read_dir(cache.path().join("lupe"))
        .expect("cache directory")
        .map(|e| e.expect("entry").path())
        .next()
        .expect("a cache file");
    let sound = std::fs::read(&file).expect("read the cache");
    // The middle of the posting lists (section 8; see src/index/cache/mod.rs), which the
    // browser would read only when a query asks for them.
    let word = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&sound[i * 8..i * 8 + 8]);
        u64::from_ne_bytes(w) as usize
    };
    let (start, len) = (word(4 + 3 * 8), word(5 + 3 * 8));
    let mut damaged = sound.clone();
    damaged[start + len / 2] ^= 0x20;
    std::fs::write(&file, &damaged).expect("damage the cache");

    let mut lupe = Session::start(&["--corpus", &corpus], 100, 30, &[cache_env]);
    lupe.wait_for("a first frame", |s| !s.contents().trim().is_empty());
    lupe.keys("//.*/\r");
    lupe.wait_for_text(&format!("hit 1 of {hits}"));
    lupe.keys("q");
    assert_eq!(lupe.exit_code(), 0);
    assert!(
        std::fs::read(&file).expect("read the cache") == sound,
        "replaced"
    );
}

#[test]
fn the_browser_saves_the_index_it_built_for_next_time() {
    // Saved on a thread of its own once the browser has the index, and waited for when
    // the browser ends: the file is whole when lupe has exited.
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.txt"), "Trump traf Kim in Singapur.").expect("write");
    let corpus = dir.path().to_str().expect("path").to_string();
    let cache_env = ("XDG_CACHE_HOME", cache.path().to_str().expect("path"));
    let mut lupe = Session::start(&["--corpus", &corpus], 100, 30, &[cache_env]);
    lupe.wait_for_text("Actors");
    lupe.keys("q");
    assert_eq!(lupe.exit_code(), 0);
    lupe.assert_terminal_restored();
    let names: Vec<String> = std::fs::read_dir(cache.path().join("lupe"))
        .expect("the cache directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.len() == 1 && names[0].ends_with(".idx"),
        "one whole cache file: {names:?}"
    );
    // The command line finds it and answers from it as from the corpus.
    let list = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_lupe"))
            .args(["--corpus", &corpus])
            .args(extra)
            .arg("list")
            .env(cache_env.0, cache_env.1)
            .output()
            .expect("lupe runs")
            .stdout
    };
    assert_eq!(list(&[]), list(&["--no-cache"]));
}

#[test]
fn a_cache_the_browser_cannot_write_is_told_after_the_terminal_is_given_back() {
    // The cache directory's place is a file: saving fails while the browser holds the
    // terminal. The warning must not be written over the browser's screen, but after it.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.txt"), "Trump traf Kim in Singapur.").expect("write");
    let not_a_dir = dir.path().join("cache-is-a-file");
    std::fs::write(&not_a_dir, "").expect("write");
    let corpus = dir.path().join("a.txt");
    let corpus = corpus.to_str().expect("path");
    let cache_env = ("XDG_CACHE_HOME", not_a_dir.to_str().expect("path"));
    let mut lupe = Session::start(&["--corpus", corpus], 100, 30, &[cache_env]);
    lupe.wait_for_text("Actors");
    // Long enough for the save to have failed, were its warning to be printed at once.
    thread::sleep(Duration::from_millis(300));
    let browsing = lupe.screen.lock().unwrap().screen().contents();
    assert!(!browsing.contains("cannot save"), "{browsing}");
    lupe.keys("q");
    assert_eq!(lupe.exit_code(), 0);
    lupe.assert_terminal_restored();
    lupe.wait_for_text("cannot save the index cache");
}

/// The reader's place in its bottom border: `(line, lines)` once the article is wrapped,
/// `None` while it says `wrapping…`, or if it is not on screen.
fn reader_position(screen: &vt100::Screen) -> Option<(usize, usize)> {
    let contents = screen.contents();
    let border = contents.lines().find(|l| l.contains('┗'))?;
    let (line, rest) = border.split_once('/')?;
    let line = line.rsplit(' ').next()?.parse().ok()?;
    let lines = rest.split(' ').next()?.parse().ok()?;
    Some((line, lines))
}

#[test]
fn an_article_too_long_to_wrap_within_a_key_is_wrapped_meanwhile_and_then_numbered() {
    // Over a megabyte in one article: wrapped off the thread that reads keys.
    let dir = tempfile::tempdir().expect("tempdir");
    let paragraph = "Die USA und Nordkorea verhandeln in Pjöngjang über Sanktionen, sagt Trump.\n";
    std::fs::write(dir.path().join("lang.txt"), paragraph.repeat(15_000)).expect("write");
    let corpus = dir.path().to_str().expect("path").to_string();
    let mut lupe = Session::start(&["--corpus", &corpus, "--no-cache"], 100, 30, &[]);
    lupe.wait_for("the reader's lines numbered", |s| {
        reader_position(s).is_some_and(|(line, _)| line == 1)
    });
    let narrow = lupe.screen.lock().unwrap().screen().contents();
    let (_, narrow_lines) = reader_position(lupe.screen.lock().unwrap().screen()).unwrap();
    // The reader's lines, at the new width; keys work all the while.
    lupe.resize(140, 30);
    lupe.keys("2G");
    lupe.wait_for("the last line, numbered at the new width", |s| {
        reader_position(s).is_some_and(|(line, lines)| lines < narrow_lines && line > 1)
    });
    assert!(narrow.contains("Nordkorea"), "{narrow}");
    lupe.keys("q");
    assert_eq!(lupe.exit_code(), 0);
    lupe.assert_terminal_restored();
}
