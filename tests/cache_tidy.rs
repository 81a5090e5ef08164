//! The index cache keeps itself small, through the real binary: indexes of corpora not
//! read for a month go, the cache stays under its size limit by giving up the least
//! recently used, reading an index keeps it, and files lupe did not name stay untouched.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

fn lupe(args: &[&str], cache: &Path, max_mb: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lupe"));
    command
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .env_remove("LUPE_CACHE_MAX_MB");
    if let Some(mb) = max_mb {
        command.env("LUPE_CACHE_MAX_MB", mb);
    }
    command.output().expect("lupe runs")
}

/// A corpus of one small article, and the arguments that look something up in it.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.txt"), "Trump traf Kim in Hanoi.").expect("write");
    dir
}

fn look_up(corpus: &Path) -> Vec<String> {
    let dir = corpus.to_str().expect("path").to_string();
    ["--corpus", &dir, "kwic", "Kim", "--json"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn run(corpus: &Path, cache: &Path, max_mb: Option<&str>) -> Output {
    let args = look_up(corpus);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = lupe(&args, cache, max_mb);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    o
}

/// Puts a file of `len` bytes in the cache, last modified `ago` before now.
fn put(cache: &Path, name: &str, len: usize, ago: Duration) -> PathBuf {
    let dir = cache.join("lupe");
    std::fs::create_dir_all(&dir).expect("cache dir");
    let path = dir.join(name);
    std::fs::write(&path, vec![7u8; len]).expect("write");
    set_modified(&path, SystemTime::now() - ago);
    path
}

fn set_modified(path: &Path, time: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open")
        .set_modified(time)
        .expect("set time");
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("time")
}

fn files(cache: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cache.join("lupe"))
        .expect("cache dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn an_index_unused_for_a_month_goes_and_what_lupe_did_not_name_stays() {
    let cache = tempfile::tempdir().expect("tempdir");
    // An index lupe saved itself, then left unused for a month.
    let gone = corpus();
    run(gone.path(), cache.path(), None);
    let month_old = files(cache.path()).pop().expect("the saved index");
    set_modified(&month_old, SystemTime::now() - 31 * DAY);
    let last_week = put(cache.path(), "00000000000000bb.idx", 100, 7 * DAY);
    let interrupted = put(cache.path(), "00000000000000cc.tmp4242", 100, 2 * DAY);
    let notes = put(cache.path(), "notes.txt", 100, 400 * DAY);
    // Another corpus is indexed: its index is saved, and the cache tidied.
    let corpus = corpus();
    run(corpus.path(), cache.path(), None);
    let left = files(cache.path());
    assert!(!left.contains(&month_old), "{left:?}");
    assert!(!left.contains(&interrupted), "{left:?}");
    assert!(
        left.contains(&last_week) && left.contains(&notes),
        "{left:?}"
    );
    // And the index just saved, which answers the next look-up.
    assert_eq!(left.len(), 3, "{left:?}");
}

#[test]
fn over_its_limit_the_cache_gives_up_the_least_recently_used() {
    let cache = tempfile::tempdir().expect("tempdir");
    let older = put(cache.path(), "00000000000000aa.idx", 800 * 1024, 2 * DAY);
    let newer = put(cache.path(), "00000000000000bb.idx", 300 * 1024, DAY);
    let corpus = corpus();
    // 1 MiB: the new index with both does not fit; with the one of 300 KiB alone it does.
    run(corpus.path(), cache.path(), Some("1"));
    let left = files(cache.path());
    assert!(!left.contains(&older), "{left:?}");
    assert!(left.contains(&newer), "{left:?}");
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn reading_an_index_from_the_cache_keeps_it() {
    let cache = tempfile::tempdir().expect("tempdir");
    let corpus = corpus();
    let first = run(corpus.path(), cache.path(), None);
    let saved = files(cache.path());
    assert_eq!(saved.len(), 1);
    // Saved 29 days ago: a day more and it would go. Read now, it counts as used now.
    let long_ago = SystemTime::now() - 29 * DAY;
    set_modified(&saved[0], long_ago);
    let second = run(corpus.path(), cache.path(), None);
    assert_eq!(second.stdout, first.stdout);
    assert!(modified(&saved[0]) > long_ago + 28 * DAY);
}

#[test]
fn a_limit_that_is_no_number_is_said_and_the_default_kept() {
    let cache = tempfile::tempdir().expect("tempdir");
    let kept = put(cache.path(), "00000000000000aa.idx", 100, DAY);
    let one = corpus();
    let o = run(one.path(), cache.path(), Some("lots\x1b[31m"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("LUPE_CACHE_MAX_MB=lots")
            && err.contains("is not a whole number of mebibytes; the cache keeps under 4096"),
        "{err}"
    );
    assert!(!err.contains('\x1b'), "the value is shown safe: {err:?}");
    assert!(files(cache.path()).contains(&kept));
    // Set empty, it counts as not set: nothing is said. (Another corpus, so that its
    // index is saved and the cache tidied.)
    let other = corpus();
    let quiet = run(other.path(), cache.path(), Some(""));
    assert_eq!(files(cache.path()).len(), 3, "saved and tidied");
    assert!(quiet.stderr.is_empty(), "{quiet:?}");
}

#[test]
fn the_help_says_how_the_cache_is_kept_small() {
    let cache = tempfile::tempdir().expect("tempdir");
    let o = lupe(&["--help"], cache.path(), None);
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains("drops indexes unused for 30 days")
            && help.contains("LUPE_CACHE_MAX_MB, 4096 unless set"),
        "{help}"
    );
}
