//! Harsh terminals: the real binary in a pseudo-terminal under `TERM=dumb`, `TERM=linux`,
//! `NO_COLOR` and no `TERM` at all, a hang-up (SSH drop), and inside tmux when it is
//! installed. Each draws its first screen, and leaves the terminal restored.
#![cfg(unix)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
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
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let sink = Arc::clone(&screen);
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().expect("screen").process(&buf[..n]);
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
    };
    (status.exit_code(), left)
}

fn quit(_pid: u32, keys: &mut dyn Write) {
    keys.write_all(b"/Sanktionen\rq").expect("keys");
    keys.flush().expect("flush");
}

/// An environment variable set, or removed with `None`.
type Env<'a> = (&'a str, Option<&'a str>);

/// The terminal as lupe left it.
struct Left {
    alternate_screen: bool,
    hidden_cursor: bool,
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

#[test]
fn inside_tmux_lupe_draws_and_quits() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: skipping the tmux test");
        return;
    }
    let socket = format!("lupe-test-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .env_remove("TMUX")
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
        &format!("{}; echo exit=$?; sleep 30", env!("CARGO_BIN_EXE_lupe")),
    ]);
    assert!(started.status.success(), "{started:?}");
    let capture =
        || String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", "lupe"]).stdout).to_string();
    let start = Instant::now();
    while !capture().contains("1 Articles") {
        assert!(
            start.elapsed() < PATIENCE,
            "no first screen in tmux:\n{}",
            capture()
        );
        thread::sleep(Duration::from_millis(50));
    }
    tmux(&["send-keys", "-t", "lupe", "/Sanktionen", "Enter", "q"]);
    let start = Instant::now();
    while !capture().contains("exit=0") {
        assert!(
            start.elapsed() < PATIENCE,
            "lupe did not quit in tmux:\n{}",
            capture()
        );
        thread::sleep(Duration::from_millis(50));
    }
    tmux(&["kill-server"]);
}
