//! Keeping the index cache from growing without end.
//!
//! The cache holds one file per corpus location, and a corpus that is moved, deleted or
//! no longer read leaves its file behind: an index is about as large as its corpus, so a
//! few months of work filled gigabytes. After each save the cache is tidied:
//!
//! - an index not used for [`Rules::unused_for`] is removed;
//! - if the indexes together are larger than [`Rules::max_bytes`], the least recently used
//!   go first until they fit;
//! - a half-written file left by a save that was interrupted (`….tmp<pid>`) is removed once
//!   it is an hour old: a save still running writes its file far more often than that.
//!
//! "Used" is the file's modification time: a save sets it, and reading an index from the
//! cache sets it again if it is more than a day old (see [`mark_used`]), so a corpus read
//! every day keeps its index however old it is. Only files named as lupe names them are
//! ever touched; the one just saved is never removed, even if it alone is over the limit.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// When the cache gives files up.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// An index unused for this long is removed.
    pub unused_for: Duration,
    /// The indexes together may take this many bytes.
    pub max_bytes: u64,
    /// A half-written file this old is left over from an interrupted save.
    pub stale_tmp: Duration,
}

/// The limit in mebibytes unless `LUPE_CACHE_MAX_MB` sets another.
const MAX_MB: u64 = 4 * 1024;

impl Rules {
    /// 30 days, 4 GiB (or `LUPE_CACHE_MAX_MB` mebibytes), an hour; with a warning to
    /// print if `LUPE_CACHE_MAX_MB` is set to something that is not a number (set empty,
    /// it is not set).
    pub fn from_env() -> (Rules, Option<String>) {
        let set = std::env::var_os("LUPE_CACHE_MAX_MB").filter(|v| !v.is_empty());
        let value = set.as_ref().map(|v| v.to_str().map(str::trim));
        let parsed = value.flatten().map(str::parse::<u64>);
        let (max_mb, warning) = match (value, parsed) {
            (None, _) => (MAX_MB, None),
            (_, Some(Ok(mb))) => (mb, None),
            (Some(v), _) => {
                let shown = lupe::text::sanitize::sanitize_line(v.unwrap_or("(not UTF-8)"));
                let warning = format!(
                    "LUPE_CACHE_MAX_MB={shown} is not a whole number of mebibytes; \
                     the cache keeps under {MAX_MB}"
                );
                (MAX_MB, Some(warning))
            }
        };
        let rules = Rules {
            unused_for: 30 * DAY,
            max_bytes: max_mb.saturating_mul(1024 * 1024),
            stale_tmp: Duration::from_secs(60 * 60),
        };
        (rules, warning)
    }
}

/// What lupe names a cache file: the corpus's place as 16 hex digits.
fn is_index(name: &str) -> bool {
    name.strip_suffix(".idx").is_some_and(is_place)
}

/// What a save names the file it is writing: the index's name, `.tmp` and a process id.
fn is_unfinished(name: &str) -> bool {
    name.split_once(".tmp").is_some_and(|(place, pid)| {
        is_place(place) && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
    })
}

fn is_place(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Tidies the cache directory `dir` by `rules` as of `now`, never removing `keep`.
/// Returns the files removed. Housekeeping only: a file that cannot be read or removed is
/// left as it is.
pub fn tidy(dir: &Path, keep: &Path, now: SystemTime, rules: &Rules) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let age = |modified: SystemTime| now.duration_since(modified).unwrap_or(Duration::ZERO);
    let mut removed = Vec::new();
    let mut remove = |path: PathBuf| {
        if std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    };
    // (last used, name, size) of each index that stays for now.
    let mut kept = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let path = entry.path();
        // Not followed: a link in the cache was not made by lupe.
        let Ok(meta) = entry.metadata() else { continue };
        let Ok(modified) = meta.modified() else {
            continue;
        };
        if !meta.is_file() || path == keep {
            continue;
        }
        if is_unfinished(name) {
            if age(modified) > rules.stale_tmp {
                remove(path);
            }
        } else if is_index(name) {
            if age(modified) > rules.unused_for {
                remove(path);
            } else {
                kept.push((modified, name.to_string(), meta.len()));
            }
        }
    }
    let keep_len = std::fs::metadata(keep).map(|m| m.len()).unwrap_or(0);
    let mut total = keep_len + kept.iter().map(|(_, _, len)| len).sum::<u64>();
    // Least recently used first; the name settles a tie, so the same cache always loses
    // the same files.
    kept.sort();
    for (_, name, len) in kept {
        if total <= rules.max_bytes {
            break;
        }
        total -= len;
        remove(dir.join(name));
    }
    removed
}

/// Marks the cache file at `file` as used `now`, so that [`tidy`] keeps it; a file used
/// within the last day is left alone, so a look-up does not write to the disk each time.
pub fn mark_used(file: &Path, now: SystemTime) {
    let Ok(f) = std::fs::File::open(file) else {
        return;
    };
    let fresh = f
        .metadata()
        .and_then(|m| m.modified())
        .is_ok_and(|m| now.duration_since(m).unwrap_or(Duration::ZERO) < DAY);
    if !fresh {
        let _ = f.set_modified(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Duration = Duration::from_secs(60 * 60);

    fn rules() -> Rules {
        Rules {
            unused_for: 30 * DAY,
            max_bytes: 1000,
            stale_tmp: HOUR,
        }
    }

    /// A cache directory with files of `(name, bytes, last modified this long before now)`.
    fn cache(files: &[(&str, usize, Duration)], now: SystemTime) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for &(name, len, ago) in files {
            let path = dir.path().join(name);
            std::fs::write(&path, vec![0u8; len]).expect("write");
            let f = std::fs::File::options()
                .write(true)
                .open(&path)
                .expect("open");
            f.set_modified(now - ago).expect("set time");
        }
        dir
    }

    fn names(paths: &[PathBuf]) -> Vec<String> {
        let mut names: Vec<String> = paths
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn left(dir: &Path) -> Vec<String> {
        let paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .collect();
        names(&paths)
    }

    const NEW: &str = "00000000000000aa.idx";
    const RECENT: &str = "00000000000000bb.idx";
    const OLD: &str = "00000000000000cc.idx";

    #[test]
    fn an_index_unused_for_a_month_is_removed() {
        let now = SystemTime::now();
        let dir = cache(
            &[
                (NEW, 10, Duration::ZERO),
                (RECENT, 10, 29 * DAY),
                (OLD, 10, 31 * DAY),
            ],
            now,
        );
        let removed = tidy(dir.path(), &dir.path().join(NEW), now, &rules());
        assert_eq!(names(&removed), [OLD]);
        assert_eq!(left(dir.path()), [NEW, RECENT]);
    }

    #[test]
    fn over_the_limit_the_least_recently_used_go_first() {
        let now = SystemTime::now();
        let dir = cache(
            &[
                (NEW, 400, Duration::ZERO),
                ("00000000000000d1.idx", 400, 3 * DAY),
                ("00000000000000d2.idx", 400, 2 * DAY),
                ("00000000000000d3.idx", 100, DAY),
            ],
            now,
        );
        // 1,300 bytes in all: the oldest (400) goes, and 900 fit.
        let removed = tidy(dir.path(), &dir.path().join(NEW), now, &rules());
        assert_eq!(names(&removed), ["00000000000000d1.idx"]);
        assert_eq!(
            left(dir.path()),
            [NEW, "00000000000000d2.idx", "00000000000000d3.idx"]
        );
    }

    #[test]
    fn the_index_just_saved_stays_even_alone_over_the_limit() {
        let now = SystemTime::now();
        let dir = cache(&[(NEW, 5000, 40 * DAY), (RECENT, 10, Duration::ZERO)], now);
        let removed = tidy(dir.path(), &dir.path().join(NEW), now, &rules());
        assert_eq!(names(&removed), [RECENT]);
        assert_eq!(left(dir.path()), [NEW]);
    }

    #[test]
    fn a_half_written_file_goes_once_it_is_an_hour_old() {
        let now = SystemTime::now();
        let dir = cache(
            &[
                ("00000000000000aa.tmp123", 10, 2 * HOUR),
                ("00000000000000bb.tmp456", 10, Duration::from_secs(60)),
            ],
            now,
        );
        let removed = tidy(dir.path(), &dir.path().join(NEW), now, &rules());
        assert_eq!(names(&removed), ["00000000000000aa.tmp123"]);
        assert_eq!(left(dir.path()), ["00000000000000bb.tmp456"]);
    }

    #[test]
    fn files_lupe_did_not_name_are_never_touched() {
        let now = SystemTime::now();
        let old = 400 * DAY;
        let others = [
            "notes.txt",
            "00000000000000aa.idx.bak",
            "0000000000000aa.idx",
            "00000000000000zz.idx",
            "00000000000000aa.tmp",
            "00000000000000aa.tmpx1",
        ];
        let files: Vec<(&str, usize, Duration)> = others.iter().map(|n| (*n, 5000, old)).collect();
        let dir = cache(&files, now);
        let removed = tidy(dir.path(), &dir.path().join(NEW), now, &rules());
        assert!(removed.is_empty(), "{removed:?}");
        assert_eq!(left(dir.path()).len(), others.len());
    }

    #[test]
    fn a_file_read_after_a_day_is_marked_used_and_a_fresh_one_is_left_alone() {
        let now = SystemTime::now();
        let dir = cache(&[(OLD, 10, 20 * DAY), (RECENT, 10, HOUR)], now);
        let modified = |name: &str| {
            std::fs::metadata(dir.path().join(name))
                .and_then(|m| m.modified())
                .expect("time")
        };
        mark_used(&dir.path().join(OLD), now);
        mark_used(&dir.path().join(RECENT), now);
        assert_eq!(modified(OLD), now);
        assert_eq!(modified(RECENT), now - HOUR);
        // Used now, it outlives the month it would have been removed in.
        let later = now + 15 * DAY;
        let removed = tidy(dir.path(), &dir.path().join(NEW), later, &rules());
        assert!(removed.is_empty(), "{removed:?}");
    }

    #[test]
    fn a_missing_directory_is_nothing_to_tidy() {
        let dir = tempfile::tempdir().expect("temp dir");
        let gone = dir.path().join("not-there");
        assert!(tidy(&gone, &gone.join(NEW), SystemTime::now(), &rules()).is_empty());
    }
}
