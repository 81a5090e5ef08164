//! Loading a corpus from disk, against directories full of the files a real corpus (or an
//! attacker) can hold: nested folders, wrong encodings, binaries, links that go nowhere or
//! in circles, FIFOs, and file names with newlines and escape sequences in them.
#![cfg(unix)]

use lupe::corpus::{Corpus, LoadError, LoadOptions, LoadReport, LoadWarning};
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, mpsc};
use std::time::Duration;
use tempfile::TempDir;

fn write(dir: &Path, relative: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create test directories");
    }
    fs::write(&path, bytes).expect("write test file");
    path
}

fn load(paths: &[&Path]) -> Result<Corpus, LoadError> {
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
    Corpus::load(&paths, &LoadOptions::default())
}

fn load_ok(paths: &[&Path]) -> Corpus {
    load(paths).unwrap_or_else(|e| panic!("load failed: {e:?}"))
}

/// Loads on another thread, so a test that would hang fails instead.
fn load_within_seconds(path: &Path, seconds: u64) -> Result<Corpus, LoadError> {
    let path = path.to_path_buf();
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(load(&[&path]));
    });
    receive
        .recv_timeout(Duration::from_secs(seconds))
        .unwrap_or_else(|_| panic!("loading did not finish within {seconds} s"))
}

fn ids(corpus: &Corpus) -> Vec<&str> {
    corpus.articles.iter().map(|a| a.id.as_str()).collect()
}

fn warning_about<'c>(corpus: &'c Corpus, file: &str) -> &'c LoadWarning {
    corpus
        .warnings
        .iter()
        .find(|w| w.path.ends_with(file))
        .unwrap_or_else(|| panic!("no warning about {file}: {:?}", corpus.warnings))
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo failed");
}

#[test]
fn nested_directories_load_in_path_order_with_relative_ids() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "b.txt", b"B");
    write(dir.path(), "a.txt", b"A");
    write(dir.path(), "a/z.txt", b"AZ");
    write(dir.path(), "a/b/c.md", b"ABC");
    write(dir.path(), "a/bild.png", b"not text");
    write(dir.path(), "README", b"no ending");
    let corpus = load_ok(&[dir.path()]);
    assert_eq!(ids(&corpus), ["a/b/c.md", "a/z.txt", "a.txt", "b.txt"]);
    assert_eq!(corpus.articles[0].text, "ABC");
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
}

#[test]
fn extensions_option_chooses_the_endings_ignoring_case() {
    let dir = TempDir::new().expect("temp dir");
    for name in ["x.md", "y.TXT", "z.text", "w.csv"] {
        write(dir.path(), name, b"Text");
    }
    let options = LoadOptions {
        extensions: vec!["text".into(), "txt".into()],
    };
    let corpus = Corpus::load(&[dir.path().to_path_buf()], &options).expect("load");
    assert_eq!(ids(&corpus), ["y.TXT", "z.text"]);
}

#[test]
fn file_given_directly_is_an_article_whatever_its_ending() {
    let dir = TempDir::new().expect("temp dir");
    let file = write(dir.path(), "nested/notiz.dat", b"Kurzmeldung");
    let corpus = load_ok(&[&file]);
    assert_eq!(ids(&corpus), ["notiz.dat"]);
    assert_eq!(corpus.articles[0].text, "Kurzmeldung");
}

#[test]
fn roots_load_in_the_order_given_and_a_repeated_id_gets_its_roots_name() {
    let dir = TempDir::new().expect("temp dir");
    let first = dir.path().join("2024");
    let second = dir.path().join("2025");
    write(&first, "wahl.txt", b"alt");
    write(&second, "wahl.txt", b"neu");
    write(&second, "abc.txt", b"abc");
    let corpus = load_ok(&[&second, &first]);
    assert_eq!(ids(&corpus), ["abc.txt", "wahl.txt", "2024/wahl.txt"]);
    assert_eq!(corpus.articles[2].text, "alt");
}

#[test]
fn invalid_utf8_is_replaced_and_warned_with_file_and_offset() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "pjoengjang.txt", b"Pj\xf6ngjang");
    let corpus = load_ok(&[dir.path()]);
    assert_eq!(corpus.articles[0].text, "Pj\u{fffd}ngjang");
    let warning = warning_about(&corpus, "pjoengjang.txt");
    assert!(warning.message.contains("byte 2"), "{warning}");
}

#[test]
fn binary_file_is_skipped_with_a_warning() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "bild.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(dir.path(), "text.txt", b"Text");
    let corpus = load_ok(&[dir.path()]);
    assert_eq!(ids(&corpus), ["text.txt"]);
    assert!(
        warning_about(&corpus, "bild.txt")
            .message
            .contains("binary")
    );
}

#[test]
fn empty_file_is_kept_as_an_empty_article() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "leer.txt", b"");
    let corpus = load_ok(&[dir.path()]);
    assert_eq!(ids(&corpus), ["leer.txt"]);
    assert_eq!(corpus.articles[0].text, "");
    assert!(corpus.warnings.is_empty());
}

#[test]
fn hidden_files_and_directories_are_skipped() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), ".notizen.txt", b"privat");
    write(dir.path(), ".git/HEAD.txt", b"ref");
    write(dir.path(), "artikel.txt", b"Text");
    let corpus = load_ok(&[dir.path()]);
    assert_eq!(ids(&corpus), ["artikel.txt"]);
    assert!(corpus.warnings.is_empty());
}

#[test]
fn unreadable_file_is_warned_about_with_the_os_error() {
    let dir = TempDir::new().expect("temp dir");
    let secret = write(dir.path(), "geheim.txt", b"geheim");
    write(dir.path(), "offen.txt", b"offen");
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&secret).is_ok() {
        // Running as root: mode 000 does not stop root from reading, so there is no
        // unreadable file to test with here.
        return;
    }
    let corpus = load_ok(&[dir.path()]);
    assert_eq!(ids(&corpus), ["offen.txt"]);
    let warning = warning_about(&corpus, "geheim.txt");
    assert!(warning.message.contains("ermission denied"), "{warning}");
}

#[test]
fn unreadable_directory_is_warned_about_and_the_rest_loads() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "zu/innen.txt", b"innen");
    write(dir.path(), "offen.txt", b"offen");
    let closed = dir.path().join("zu");
    fs::set_permissions(&closed, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read_dir(&closed).is_ok() {
        // Running as root: see unreadable_file_is_warned_about_with_the_os_error.
        fs::set_permissions(&closed, fs::Permissions::from_mode(0o755)).expect("chmod back");
        return;
    }
    let corpus = load_ok(&[dir.path()]);
    fs::set_permissions(&closed, fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert_eq!(ids(&corpus), ["offen.txt"]);
    assert!(
        warning_about(&corpus, "zu")
            .message
            .contains("ermission denied")
    );
}

#[test]
fn broken_symlink_is_warned_about() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "da.txt", b"da");
    symlink(dir.path().join("weg.txt"), dir.path().join("link.txt")).expect("symlink");
    let corpus = load_ok(&[dir.path()]);
    assert_eq!(ids(&corpus), ["da.txt"]);
    assert!(
        warning_about(&corpus, "link.txt")
            .message
            .contains("broken")
    );
}

#[test]
fn symlink_to_a_file_is_followed() {
    let dir = TempDir::new().expect("temp dir");
    let outside = TempDir::new().expect("temp dir");
    let target = write(outside.path(), "quelle.txt", b"Quelle");
    symlink(&target, dir.path().join("verweis.txt")).expect("symlink");
    let corpus = load_ok(&[dir.path()]);
    assert_eq!(ids(&corpus), ["verweis.txt"]);
    assert_eq!(corpus.articles[0].text, "Quelle");
}

#[test]
fn symlink_loop_is_warned_about_and_does_not_hang() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "da.txt", b"da");
    symlink("selbst.txt", dir.path().join("selbst.txt")).expect("symlink");
    symlink("ping", dir.path().join("pong")).expect("symlink");
    symlink("pong", dir.path().join("ping")).expect("symlink");
    let corpus = load_within_seconds(dir.path(), 20).expect("load");
    assert_eq!(ids(&corpus), ["da.txt"]);
    warning_about(&corpus, "selbst.txt");
    warning_about(&corpus, "ping");
}

#[test]
fn directory_symlink_to_its_parent_is_not_followed_round() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "unten/text.txt", b"Text");
    symlink("..", dir.path().join("unten/hoch")).expect("symlink");
    let corpus = load_within_seconds(dir.path(), 20).expect("load");
    assert_eq!(ids(&corpus), ["unten/text.txt"]);
    assert!(
        warning_about(&corpus, "hoch")
            .message
            .contains("loops back")
    );
}

#[test]
fn fifo_socket_and_device_are_skipped_without_hanging() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "text.txt", b"Text");
    let fifo = dir.path().join("pipe.txt");
    mkfifo(&fifo);
    let _socket =
        std::os::unix::net::UnixListener::bind(dir.path().join("socket.txt")).expect("bind");
    let corpus = load_within_seconds(dir.path(), 20).expect("load");
    assert_eq!(ids(&corpus), ["text.txt"]);
    assert!(
        warning_about(&corpus, "pipe.txt")
            .message
            .contains("not a regular file")
    );
    assert!(
        warning_about(&corpus, "socket.txt")
            .message
            .contains("not a regular file")
    );

    // Given directly, a FIFO and a device are still never opened.
    match load_within_seconds(&fifo, 20) {
        Err(LoadError::NoArticles { warnings, .. }) => {
            assert!(warnings[0].message.contains("not a regular file"));
        }
        other => panic!("expected NoArticles, got {other:?}"),
    }
    let null = Path::new("/dev/null");
    if null.exists() {
        assert!(matches!(
            load_within_seconds(null, 20),
            Err(LoadError::NoArticles { .. })
        ));
    }
}

#[test]
fn hostile_file_names_are_shown_escaped() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "mit leerzeichen.txt", b"1");
    write(dir.path(), "zeilen\nbruch.txt", b"2");
    write(dir.path(), "titel\x1b]0;pwned\x07.txt", b"3");
    write(dir.path(), "binaer\x1b[2J.txt", b"\0");
    let corpus = load_ok(&[dir.path()]);
    assert_eq!(
        ids(&corpus),
        [
            "mit leerzeichen.txt",
            "titel␛]0;pwned␇.txt",
            "zeilen bruch.txt"
        ]
    );
    let warning = warning_about(&corpus, "binaer␛[2J.txt");
    assert!(!warning.path.contains('\x1b'));
}

#[test]
fn non_utf8_file_name_is_shown_lossily() {
    let dir = TempDir::new().expect("temp dir");
    let name = OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(dir.path().join(name), "Kaffee").expect("write");
    let corpus = load_ok(&[dir.path()]);
    assert_eq!(ids(&corpus), ["caf\u{fffd}.txt"]);
}

#[test]
fn nothing_readable_is_a_no_articles_error_with_the_warnings() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "bild.txt", b"\0\0");
    match load(&[dir.path()]) {
        Err(LoadError::NoArticles { paths, warnings }) => {
            assert_eq!(paths.len(), 1);
            assert_eq!(warnings.len(), 1);
        }
        other => panic!("expected NoArticles, got {other:?}"),
    }
    let empty = TempDir::new().expect("temp dir");
    assert!(matches!(
        load(&[empty.path()]),
        Err(LoadError::NoArticles { .. })
    ));
}

#[test]
fn missing_path_is_a_warning_next_to_articles_and_an_error_alone() {
    let dir = TempDir::new().expect("temp dir");
    let file = write(dir.path(), "da.txt", b"da");
    let missing = dir.path().join("fehlt");
    let corpus = load_ok(&[&missing, &file]);
    assert_eq!(ids(&corpus), ["da.txt"]);
    assert_eq!(warning_about(&corpus, "fehlt").message, "does not exist");
    match load(&[&missing]) {
        Err(LoadError::NoArticles { warnings, .. }) => {
            assert_eq!(warnings[0].message, "does not exist");
        }
        other => panic!("expected NoArticles, got {other:?}"),
    }
}

/// What a [`LoadReport`] heard, in order.
#[derive(Default)]
struct Heard(Mutex<Vec<Option<Vec<String>>>>);

impl LoadReport for Heard {
    fn listed(&self, ids: Vec<String>) {
        self.0.lock().unwrap().push(Some(ids));
    }
    fn read_one(&self) {
        self.0.lock().unwrap().push(None);
    }
}

#[test]
fn the_files_are_told_when_listed_before_any_is_read_then_each_as_it_is_read() {
    let dir = TempDir::new().expect("temp dir");
    for n in 0..300 {
        write(dir.path(), &format!("{n:03}.txt"), b"Trump und Kim");
    }
    // Listed, but holds no text: it has no article.
    write(dir.path(), "bild.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    // Skipped while listing: not a file to read.
    mkfifo(&dir.path().join("rohr.txt"));
    let heard = Heard::default();
    let corpus =
        Corpus::load_reporting(&[dir.path().to_path_buf()], &LoadOptions::default(), &heard)
            .expect("load");
    let heard = heard.0.into_inner().unwrap();
    let listed: Vec<String> = heard[0].clone().expect("the listing comes first");
    assert!(heard[1..].iter().all(Option::is_none), "listed once");
    assert_eq!(heard.len() - 1, 301, "each file read is told once");
    assert_eq!(listed.len(), 301);
    assert_eq!(listed[0], "000.txt");
    assert_eq!(listed[300], "bild.txt");
    let articles: Vec<String> = corpus.articles.iter().map(|a| a.id.clone()).collect();
    assert_eq!(articles, listed[..300]);
    assert!(corpus.warnings.iter().any(|w| w.path.ends_with("rohr.txt")));
}

#[test]
fn two_thousand_small_files_load_in_order() {
    let dir = TempDir::new().expect("temp dir");
    for n in 0..2_000 {
        write(
            dir.path(),
            &format!("{:02}/{n:04}.txt", n % 20),
            format!("Artikel {n}").as_bytes(),
        );
    }
    let corpus = load_ok(&[dir.path()]);
    assert_eq!(corpus.articles.len(), 2_000);
    assert_eq!(corpus.articles[0].id, "00/0000.txt");
    assert_eq!(corpus.articles[1].id, "00/0020.txt");
    assert_eq!(corpus.articles[1999].text, "Artikel 1999");
    let ordered = corpus.articles.windows(2).all(|w| w[0].id < w[1].id);
    assert!(ordered);
}

#[test]
fn result_does_not_depend_on_the_number_of_threads() {
    let dir = TempDir::new().expect("temp dir");
    for n in 0..200 {
        let bytes: &[u8] = if n % 7 == 0 { b"\xff kaputt" } else { b"gut" };
        write(dir.path(), &format!("{}/{n}.txt", n % 3), bytes);
    }
    let load_with = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        pool.install(|| load_ok(&[dir.path()]))
    };
    let one = load_with(1);
    let eight = load_with(8);
    assert_eq!(one.articles, eight.articles);
    assert_eq!(one.warnings, eight.warnings);
    assert_eq!(one.warnings.len(), 29);
}

#[test]
fn the_fingerprint_notices_a_new_size_a_new_time_an_added_and_a_removed_file() {
    let dir = TempDir::new().expect("temp dir");
    // Enough files in several folders that the stats are spread over threads.
    for i in 0..300 {
        write(dir.path(), &format!("d{}/{i:03}.txt", i % 7), b"Text");
    }
    let paths = [dir.path().to_path_buf()];
    let fingerprint = || Corpus::fingerprint(&paths, &LoadOptions::default());
    let with_threads = |n: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .expect("thread pool")
            .install(fingerprint)
    };
    let first = fingerprint();
    assert_eq!(with_threads(1), first, "one thread, the same fingerprint");
    assert_eq!(with_threads(2), first, "two threads, the same fingerprint");

    let file = dir.path().join("d3/150.txt");
    let set_time = |secs: u64| {
        fs::File::options()
            .write(true)
            .open(&file)
            .expect("open")
            .set_modified(std::time::UNIX_EPOCH + Duration::from_secs(secs))
            .expect("set the modification time");
    };
    set_time(1_000_000_000);
    let timed = fingerprint();
    assert_ne!(timed, first, "a new modification time");
    fs::write(&file, b"Texte").expect("rewrite");
    set_time(1_000_000_000);
    let sized = fingerprint();
    assert_ne!(sized, timed, "a new size, the time put back");
    write(dir.path(), "d6/new.txt", b"Text");
    let added = fingerprint();
    assert_ne!(added, sized, "an added file");
    fs::remove_file(dir.path().join("d6/new.txt")).expect("remove");
    assert_eq!(fingerprint(), sized, "the added file removed again");
    fs::remove_file(dir.path().join("d0/000.txt")).expect("remove");
    assert_ne!(fingerprint(), sized, "a removed file");
}
