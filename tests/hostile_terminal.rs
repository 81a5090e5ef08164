//! Harsh terminals: the real binary in a pseudo-terminal under `TERM=dumb`, `TERM=linux`,
//! `NO_COLOR` and no `TERM` at all, a hang-up (SSH drop), and inside tmux and GNU screen
//! over a corpus of terminal escapes. Each draws its first screen, and leaves the terminal
//! restored; inside the multiplexers no escape from the corpus acts.
#![cfg(unix)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(15);

/// Starts lupe in a pty with `env`, waits for its first screen, runs `then` with the pid
/// and a writer for keys, and returns the exit code and the screen.
fn run(env: &[Env], then: impl FnOnce(u32, &mut dyn Write)) -> (u32, Left) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_lupe"));
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        }
    }
    let mut child = pty.slave.spawn_command(cmd).expect("spawn lupe");
    drop(pty.slave);
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(30).expect("rows"),
        std::num::NonZeroU16::new(100).expect("cols"),
        0,
    )));
    let written = Arc::new(Mutex::new(Vec::new()));
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let sink = Arc::clone(&screen);
    let bytes = Arc::clone(&written);
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().expect("screen").process(&buf[..n]);
            bytes.lock().expect("bytes").extend_from_slice(&buf[..n]);
        }
    });
    let start = Instant::now();
    while !screen
        .lock()
        .expect("screen")
        .screen()
        .contents()
        .contains("1 Articles")
    {
        assert!(start.elapsed() < PATIENCE, "no first screen");
        thread::sleep(Duration::from_millis(20));
    }
    let mut writer = pty.master.take_writer().expect("writer");
    then(child.process_id().expect("pid"), &mut writer);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > PATIENCE {
            let _ = child.kill();
            panic!("lupe did not exit");
        }
        thread::sleep(Duration::from_millis(20));
    };
    thread::sleep(Duration::from_millis(100));
    let parser = screen.lock().expect("screen");
    let left = Left {
        alternate_screen: parser.screen().alternate_screen(),
        hidden_cursor: parser.screen().hide_cursor(),
        written: written.lock().expect("bytes").clone(),
    };
    (status.exit_code(), left)
}

fn quit(_pid: u32, keys: &mut dyn Write) {
    keys.write_all(b"/Sanktionen\rq").expect("keys");
    keys.flush().expect("flush");
}

/// An environment variable set, or removed with `None`.
type Env<'a> = (&'a str, Option<&'a str>);

/// The terminal as lupe left it, and every byte lupe wrote to it.
struct Left {
    alternate_screen: bool,
    hidden_cursor: bool,
    written: Vec<u8>,
}

fn assert_restored(left: &Left, what: &str) {
    assert!(
        !left.alternate_screen,
        "{what}: still on the alternate screen"
    );
    assert!(!left.hidden_cursor, "{what}: cursor still hidden");
}

#[test]
fn dumb_linux_no_colour_and_no_term_draw_and_quit_cleanly() {
    let cases: [(&str, &[Env]); 5] = [
        ("TERM=dumb", &[("TERM", Some("dumb"))]),
        ("TERM=linux", &[("TERM", Some("linux"))]),
        ("TERM=vt100", &[("TERM", Some("vt100"))]),
        ("no TERM", &[("TERM", None)]),
        (
            "NO_COLOR",
            &[("NO_COLOR", Some("1")), ("TERM", Some("linux"))],
        ),
    ];
    for (what, env) in cases {
        let (code, screen) = run(env, quit);
        assert_eq!(code, 0, "{what}");
        assert_restored(&screen, what);
    }
}

/// The parameters of every SGR sequence in `bytes`: `"1"`, `"38;5;9;49"`, `""`.
fn sgr_parameters(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.split('\x1b')
        .filter_map(|s| s.strip_prefix('['))
        .filter_map(|s| {
            let end = s.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            (s[end..].starts_with('m')).then(|| s[..end].to_string())
        })
        .collect()
}

#[test]
fn where_term_announces_no_256_colours_only_basic_colour_codes_are_written() {
    // The Linux console, and GNU screen's own TERM, know 30–37, 90–97, 40–47, 100–107 only.
    for term in ["linux", "screen"] {
        let (code, left) = run(&[("TERM", Some(term))], quit);
        assert_eq!(code, 0, "TERM={term}");
        let sgr = sgr_parameters(&left.written);
        let indexed: Vec<&String> = sgr
            .iter()
            .filter(|p| p.contains("38;5") || p.contains("48;5"))
            .collect();
        assert!(indexed.is_empty(), "TERM={term}: {indexed:?}");
        let basic = |p: &String| {
            p.split(';')
                .any(|n| matches!(n.parse::<u16>(), Ok(30..=37 | 90..=97)))
        };
        assert!(
            sgr.iter().any(basic),
            "TERM={term}: no colour at all: {sgr:?}"
        );
    }
    // A terminal that announces 256 colours is written to as before.
    let (_, left) = run(&[("TERM", Some("xterm-256color"))], quit);
    let sgr = sgr_parameters(&left.written);
    assert!(sgr.iter().any(|p| p.contains("38;5;")), "{sgr:?}");
}

#[test]
fn a_hang_up_ends_lupe_and_restores_the_terminal() {
    let (_, screen) = run(&[], |pid, _| {
        let status = Command::new("kill")
            .args(["-HUP", &pid.to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    });
    assert_restored(&screen, "SIGHUP");
}

/// Whether `program` is installed. Where it must be (CI sets `LUPE_REQUIRE_MULTIPLEXERS`,
/// having installed it), a missing one fails the test instead of skipping it unchecked.
fn installed(program: &str, version_flag: &str) -> bool {
    let found = Command::new(program)
        .arg(version_flag)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let required = std::env::var_os("LUPE_REQUIRE_MULTIPLEXERS").is_some_and(|v| !v.is_empty());
        assert!(
            !required,
            "{program} is not installed, and LUPE_REQUIRE_MULTIPLEXERS says it must be"
        );
        eprintln!("{program} is not installed: SKIPPING the {program} test (nothing was checked)");
    }
    found
}

/// An article whose title and text carry terminal escapes (a window title, clear screen,
/// colour, a C1 control): inside a multiplexer they must show as pictures, not act.
const HOSTILE_ARTICLE: &str = "\x1b]0;pwned\x07Titel \x1b[2J mit Steuerzeichen\n\n\
                               Trump sagte \x1b[31mrot\x1b[0m Sanktionen \u{9b}2J gegen Kim.\n";

/// A corpus of the one hostile article, in `dir`.
fn hostile_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir(&corpus).expect("corpus dir");
    std::fs::write(corpus.join("hostile.txt"), HOSTILE_ARTICLE).expect("write article");
    corpus
}

/// The shell command a multiplexer runs: lupe over `corpus`, then its exit code, kept on
/// screen for the test to read.
fn lupe_then_exit_code(corpus: &Path) -> String {
    format!(
        "'{}' --no-cache --corpus '{}'; echo exit=$?; sleep 30",
        env!("CARGO_BIN_EXE_lupe"),
        corpus.display()
    )
}

/// The same visit inside any multiplexer: the article list comes up with the hostile title
/// shown as pictures, a query finds its hit, `q` ends lupe with 0 and gives the screen back.
fn browse_the_hostile_corpus(inside: &str, keys: &dyn Fn(&str), screen: &dyn Fn() -> String) {
    let wait_for = |what: &str, ready: &dyn Fn(&str) -> bool| {
        let start = Instant::now();
        loop {
            let now = screen();
            if ready(&now) {
                return now;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "{inside}: no {what}; the screen:\n{now}"
            );
            thread::sleep(Duration::from_millis(50));
        }
    };
    let first = wait_for("article list", &|s| {
        s.contains("1 Articles") && s.contains("Steuerzeichen")
    });
    // Had the escapes reached the multiplexer raw, it would have obeyed them (a new title, a
    // cleared screen) and drawn nothing of them.
    assert!(first.contains("␛]0;pwned␇Titel ␛[2J"), "{inside}:\n{first}");
    keys("/Sanktionen\r");
    let hit = wait_for("query result", &|s| s.contains("hit 1 of 1"));
    assert!(
        hit.contains("Trump sagte ␛[31mrot␛[0m Sanktionen"),
        "{inside}:\n{hit}"
    );
    keys("q");
    let after = wait_for("exit code", &|s| s.contains("exit="));
    assert!(after.contains("exit=0"), "{inside}:\n{after}");
    assert!(
        !after.contains("Articles"),
        "{inside}: the browser is still on screen after quitting:\n{after}"
    );
}

#[test]
fn inside_tmux_lupe_draws_and_quits() {
    if !installed("tmux", "-V") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = hostile_corpus(dir.path());
    let socket = format!("lupe-test-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .env_remove("TMUX")
            .env_remove("NO_COLOR")
            .output()
            .expect("tmux runs")
    };
    let started = tmux(&[
        "new-session",
        "-d",
        "-x",
        "100",
        "-y",
        "30",
        "-s",
        "lupe",
        &lupe_then_exit_code(&corpus),
    ]);
    assert!(started.status.success(), "{started:?}");
    // The server goes however the test ends.
    let _server = Cleanup(|| {
        tmux(&["kill-server"]);
    });
    browse_the_hostile_corpus(
        "tmux",
        &|keys| {
            tmux(&["send-keys", "-t", "lupe", "-l", keys]);
        },
        &|| String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", "lupe"]).stdout).into(),
    );
}

#[test]
fn inside_gnu_screen_lupe_draws_and_quits() {
    if !installed("screen", "-v") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = hostile_corpus(dir.path());
    // screen's sockets and settings of the test's own: no user's screenrc, no other session.
    // `hardcopy` in screen 4 writes one byte per cell, so the screen is read through a pty
    // with screen attached to it, as a person would use it.
    let sockets = dir.path().join("sockets");
    std::fs::create_dir(&sockets).expect("socket dir");
    std::fs::set_permissions(&sockets, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let screenrc = dir.path().join("screenrc");
    std::fs::write(
        &screenrc,
        "startup_message off\naltscreen on\ndefencoding UTF-8\n",
    )
    .expect("write screenrc");
    let name = format!("lupe-test-{}", std::process::id());
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new("screen");
    cmd.args(["-U", "-c"]);
    cmd.arg(&screenrc);
    cmd.args(["-S", &name, "sh", "-c", &lupe_then_exit_code(&corpus)]);
    cmd.env("SCREENDIR", &sockets);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.env_remove("LC_ALL");
    cmd.env_remove("STY");
    cmd.env_remove("NO_COLOR");
    let mut child = pty.slave.spawn_command(cmd).expect("spawn screen");
    drop(pty.slave);
    let _session = Cleanup(|| {
        let _ = Command::new("screen")
            .args(["-S", &name, "-X", "quit"])
            .env("SCREENDIR", &sockets)
            .output();
        let _ = child.kill();
        let _ = child.wait();
    });
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(30).expect("rows"),
        std::num::NonZeroU16::new(100).expect("cols"),
        0,
    )));
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let sink = Arc::clone(&parser);
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().expect("screen").process(&buf[..n]);
        }
    });
    let writer = Mutex::new(pty.master.take_writer().expect("writer"));
    browse_the_hostile_corpus(
        "screen",
        &|keys| {
            let mut w = writer.lock().expect("writer");
            w.write_all(keys.as_bytes()).expect("keys");
            w.flush().expect("flush");
        },
        &|| parser.lock().expect("screen").screen().contents(),
    );
    assert!(
        !parser.lock().expect("screen").screen().hide_cursor(),
        "screen: the cursor is still hidden after quitting"
    );
}

/// Runs its closure when dropped, so a failed assertion still ends the multiplexer.
struct Cleanup<F: FnMut()>(F);

impl<F: FnMut()> Drop for Cleanup<F> {
    fn drop(&mut self) {
        (self.0)();
    }
}
