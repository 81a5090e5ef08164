//! Finding the articles under the paths a user gave, and reading them.
//!
//! Loading runs in two phases. First the paths are listed, one after another, looking
//! only at metadata: this fixes the order of articles and their ids. Then the files are
//! read and decoded in parallel, and the results are put back in listing order, so the
//! corpus is the same whatever the number of threads.
//!
//! A corpus directory is untrusted like the text in it. Nothing here may hang or stop
//! the load: FIFOs, sockets and devices are never read, symbolic link loops are not
//! followed, and every file that cannot be read becomes a [`LoadWarning`] naming it.
//! Paths and ids are made display-safe ([`sanitize_line`]), since a file name can hold a
//! newline or an escape sequence as easily as an article can.

use super::{
    Article, Corpus, LoadError, LoadOptions, LoadReport, LoadWarning, MAX_ARTICLE_BYTES,
    decode_owned, too_large,
};
use crate::text::sanitize::sanitize_line;
use rayon::prelude::*;
use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use walkdir::WalkDir;

/// One step of the listing, in the order the corpus will have it.
enum Found {
    /// A regular file to read, and the id its article will have.
    File { path: PathBuf, id: String },
    /// Something that was skipped while listing.
    Skipped(LoadWarning),
}

pub(super) fn load(
    paths: &[PathBuf],
    options: &LoadOptions,
    report: &dyn LoadReport,
) -> Result<Corpus, LoadError> {
    let found = list(paths, options);
    report.listed(
        found
            .iter()
            .filter_map(|f| match f {
                Found::File { id, .. } => Some(id.clone()),
                Found::Skipped(_) => None,
            })
            .collect(),
    );
    let read: Vec<(Option<Article>, Option<LoadWarning>)> = found
        .into_par_iter()
        .map(|f| {
            let is_file = matches!(f, Found::File { .. });
            let done = read(f, MAX_ARTICLE_BYTES);
            if is_file {
                report.read_one();
            }
            done
        })
        .collect();
    let mut corpus = Corpus::default();
    for (article, warning) in read {
        corpus.warnings.extend(warning);
        corpus.articles.extend(article);
    }
    if corpus.articles.is_empty() {
        return Err(LoadError::NoArticles {
            paths: paths.iter().map(|p| display(p)).collect(),
            warnings: corpus.warnings,
        });
    }
    Ok(corpus)
}

/// A fingerprint of what [`load`] would read: every listed file's id, path, size and
/// modification time, and every skipped entry. It stats the files but reads none, so a
/// cached index can be checked against the files in a fraction of the time to read them.
///
/// The stats are most of the time. They run on rayon's threads, a batch as soon as the
/// listing has found it, so listing and stating overlap; the hash takes the batches in
/// listing order, so it does not depend on the thread count.
pub(super) fn fingerprint(paths: &[PathBuf], options: &LoadOptions) -> u64 {
    use std::hash::{Hash, Hasher};
    const BATCH: usize = 256;
    let stated: Mutex<Vec<(usize, Stated)>> = Mutex::default();
    rayon::scope(|scope| {
        let stated = &stated;
        let send = |n: usize, batch: Vec<Found>| {
            scope.spawn(move |_| {
                let batch = batch
                    .into_iter()
                    .map(|found| {
                        let stat = match &found {
                            Found::File { path, .. } => Some(stat(path)),
                            Found::Skipped(_) => None,
                        };
                        (found, stat)
                    })
                    .collect();
                if let Ok(mut stated) = stated.lock() {
                    stated.push((n, batch));
                }
            })
        };
        let (mut batch, mut n) = (Vec::with_capacity(BATCH), 0);
        list_each(paths, options, &mut |found| {
            batch.push(found);
            if batch.len() == BATCH {
                send(n, std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                n += 1;
            }
        });
        send(n, batch);
    });
    let mut stated = stated.into_inner().unwrap_or_default();
    stated.sort_unstable_by_key(|(n, _)| *n);
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (found, stat) in stated.iter().flat_map(|(_, batch)| batch) {
        match found {
            Found::File { path, id } => {
                id.hash(&mut h);
                path.hash(&mut h);
                stat.hash(&mut h);
            }
            Found::Skipped(warning) => {
                warning.path.hash(&mut h);
                warning.message.hash(&mut h);
            }
        }
    }
    h.finish()
}

/// A batch of listed entries, each file with its stat.
type Stated = Vec<(Found, Option<Stat>)>;

/// What the fingerprint knows of one file: its size and modification time, or why it
/// could not be looked at.
#[derive(Hash)]
enum Stat {
    Seen { len: u64, modified: Option<u128> },
    Unseen(String),
}

fn stat(path: &Path) -> Stat {
    match fs::metadata(path) {
        Ok(meta) => Stat::Seen {
            len: meta.len(),
            modified: meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos()),
        },
        Err(e) => Stat::Unseen(e.to_string()),
    }
}

/// Lists every root in the order given. A file given directly is an article whatever its
/// ending, with its file name as id; a directory is searched for matching files.
fn list(paths: &[PathBuf], options: &LoadOptions) -> Vec<Found> {
    let mut all = Vec::new();
    list_each(paths, options, &mut |found| all.push(found));
    all
}

/// [`list`], handing each entry to `found` as soon as it is listed.
fn list_each(paths: &[PathBuf], options: &LoadOptions, found: &mut dyn FnMut(Found)) {
    let mut ids = Ids::default();
    for root in paths {
        match fs::metadata(root) {
            Ok(meta) if meta.is_dir() => list_dir(root, options, &mut ids, found),
            Ok(meta) if meta.is_file() => {
                let name = root.file_name().map_or_else(|| display(root), safe_name);
                let parent = root.parent().unwrap_or(Path::new(""));
                let id = ids.claim(name, &dir_name(parent));
                found(Found::File {
                    path: root.clone(),
                    id,
                });
            }
            Ok(_) => found(skipped(root, NOT_REGULAR)),
            Err(error) => found(skipped(root, &unreachable_root(root, &error))),
        }
    }
}

const NOT_REGULAR: &str = "not a regular file, skipped";

/// Walks one directory in path order, following links to files and directories but never
/// a link back to a directory it is already inside (walkdir checks the ancestors).
fn list_dir(root: &Path, options: &LoadOptions, ids: &mut Ids, found: &mut dyn FnMut(Found)) {
    let root_name = dir_name(root);
    let entries = WalkDir::new(root)
        .follow_links(true)
        // What `sort_by_file_name` does, without parsing each path into components for
        // every comparison (with 10,000 files in one directory that was a fifth of the time
        // to fingerprint them): the entries sorted together are the children of one
        // directory, so their paths share everything up to the name.
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in entries {
        match entry {
            Ok(entry) => {
                let kind = entry.file_type();
                if kind.is_dir() || !has_extension(entry.file_name(), &options.extensions) {
                    continue;
                }
                if !kind.is_file() {
                    found(skipped(entry.path(), NOT_REGULAR));
                    continue;
                }
                let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                let id = ids.claim(relative_id(relative), &root_name);
                found(Found::File {
                    path: entry.into_path(),
                    id,
                });
            }
            Err(error) => {
                if let Some(warning) = walk_warning(&error, &options.extensions) {
                    found(Found::Skipped(warning));
                }
            }
        }
    }
}

/// A warning for what walkdir could not enter or follow, or `None` for what the user would
/// not have wanted read anyway (hidden entries, broken links to files of other endings).
fn walk_warning(error: &walkdir::Error, extensions: &[String]) -> Option<LoadWarning> {
    let path = error.path()?;
    let name = path.file_name().unwrap_or_default();
    if error.depth() > 0 && is_hidden(name) {
        return None;
    }
    if let Some(ancestor) = error.loop_ancestor() {
        let message = format!(
            "symbolic link loops back to {}, not followed",
            display(ancestor)
        );
        return Some(warning(path, &message));
    }
    let io_error = error.io_error()?;
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    // A link that cannot be followed might have pointed at a directory; only one whose
    // name says it is no article of ours is left out.
    let could_be_ours = has_extension(name, extensions) || Path::new(name).extension().is_none();
    if is_link && !could_be_ours {
        return None;
    }
    let message = match (is_link, io_error.kind()) {
        (true, io::ErrorKind::NotFound) => "broken symbolic link, skipped".to_string(),
        (true, _) => format!("symbolic link cannot be followed ({io_error}), skipped"),
        (false, _) => format!("cannot read: {io_error}"),
    };
    Some(warning(path, &message))
}

fn unreachable_root(path: &Path, error: &io::Error) -> String {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match error.kind() {
        io::ErrorKind::NotFound if is_link => "broken symbolic link, skipped".to_string(),
        io::ErrorKind::NotFound => "does not exist".to_string(),
        _ => format!("cannot read: {error}"),
    }
}

/// Reads and decodes one listed file, whose text may have at most `limit` bytes. Runs in
/// parallel.
fn read(found: Found, limit: usize) -> (Option<Article>, Option<LoadWarning>) {
    let (path, id) = match found {
        Found::File { path, id } => (path, id),
        Found::Skipped(warning) => return (None, Some(warning)),
    };
    let bytes = match read_regular_file(&path, limit) {
        Ok(Contents::Bytes(bytes)) => bytes,
        Ok(Contents::NotRegular) => return (None, Some(warning(&path, NOT_REGULAR))),
        Ok(Contents::TooLarge(len)) => return (None, Some(warning(&path, &too_large(len, limit)))),
        Err(error) => return (None, Some(warning(&path, &format!("cannot read: {error}")))),
    };
    let decoded = decode_owned(bytes);
    // Decoding can make a text longer than its file: a control character is shown as a
    // symbol of three bytes, UTF-16 becomes UTF-8.
    if let Some(text) = decoded.text.as_ref().filter(|t| t.len() > limit) {
        return (
            None,
            Some(warning(&path, &too_large(text.len() as u64, limit))),
        );
    }
    let warning = decoded
        .issue
        .map(|issue| warning(&path, &issue.to_string()));
    let article = decoded.text.map(|text| Article { id, text });
    (article, warning)
}

/// What [`read_regular_file`] found.
enum Contents {
    Bytes(Vec<u8>),
    /// Not a regular file after all.
    NotRegular,
    /// A file of this many bytes, more than the limit: not read.
    TooLarge(u64),
}

/// The bytes of `path`, unless it is not a regular file after all or it has more than
/// `limit` bytes.
///
/// The listing already checked the file type, but the file may have been replaced since.
/// Opening without blocking and checking the type of what was opened means a FIFO put in
/// its place cannot make the load wait for a writer that never comes.
fn read_regular_file(path: &Path, limit: usize) -> io::Result<Contents> {
    let file = open_without_blocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(Contents::NotRegular);
    }
    if meta.len() > limit as u64 {
        return Ok(Contents::TooLarge(meta.len()));
    }
    // A file that grew since it was looked at is read up to one byte past the limit,
    // enough to tell, and no further.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Ok(Contents::TooLarge(bytes.len() as u64));
    }
    Ok(Contents::Bytes(bytes))
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// The ids already given out. Ids must be unique: two roots can hold the same relative
/// path, and two file names can become the same id once made display-safe.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
}

impl Ids {
    /// `id` if it is free; otherwise `root/id` with the name of the root it came from
    /// (the directory given, or for a file given directly the directory holding it), and
    /// if even that is taken, `root/id~2`, `root/id~3`, … The first article keeps its id.
    fn claim(&mut self, id: String, root_name: &str) -> String {
        if self.taken.insert(id.clone()) {
            return id;
        }
        let prefixed = format!("{root_name}/{id}");
        let mut candidate = prefixed.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{prefixed}~{n}");
            n += 1;
        }
        candidate
    }
}

/// A path relative to its root, with `/` between components on every platform.
fn relative_id(relative: &Path) -> String {
    let parts: Vec<String> = relative
        .components()
        .map(|part| safe_name(part.as_os_str()))
        .collect();
    parts.join("/")
}

/// The name a root directory is known by, for telling apart equal ids (`.` and `..` are
/// resolved to the real directory's name).
fn dir_name(dir: &Path) -> String {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if let Some(name) = dir.file_name() {
        return safe_name(name);
    }
    match fs::canonicalize(dir) {
        Ok(real) => real.file_name().map_or_else(|| display(&real), safe_name),
        Err(_) => display(dir),
    }
}

fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// Whether the file name ends in `.` and one of `extensions` (ASCII case ignored; a
/// leading dot in an extension is allowed, so `txt` and `.txt` both work).
fn has_extension(name: &OsStr, extensions: &[String]) -> bool {
    let name = name.as_encoded_bytes();
    extensions.iter().any(|ext| {
        let ext = ext.trim_start_matches('.').as_bytes();
        !ext.is_empty()
            && name.len() > ext.len() + 1
            && name[name.len() - ext.len() - 1] == b'.'
            && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext)
    })
}

fn skipped(path: &Path, message: &str) -> Found {
    Found::Skipped(warning(path, message))
}

fn warning(path: &Path, message: &str) -> LoadWarning {
    LoadWarning {
        path: display(path),
        message: sanitize_line(message).into_owned(),
    }
}

/// A path as it may be shown: lossy where it is not UTF-8, and terminal-safe.
fn display(path: &Path) -> String {
    sanitize_line(&path.to_string_lossy()).into_owned()
}

fn safe_name(name: &OsStr) -> String {
    sanitize_line(&name.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exts(list: &[&str]) -> Vec<String> {
        list.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn extension_matches_ignoring_ascii_case_and_a_leading_dot() {
        let txt = exts(&["txt"]);
        assert!(has_extension(OsStr::new("a.txt"), &txt));
        assert!(has_extension(OsStr::new("A.TXT"), &txt));
        assert!(has_extension(OsStr::new("a.b.Txt"), &exts(&[".txt"])));
        assert!(has_extension(OsStr::new("a.tar.gz"), &exts(&["tar.gz"])));
        assert!(!has_extension(OsStr::new("atxt"), &txt));
        assert!(!has_extension(OsStr::new("a.txt.bak"), &txt));
        assert!(!has_extension(OsStr::new(".txt"), &txt));
        assert!(!has_extension(OsStr::new("a."), &exts(&[""])));
    }

    #[test]
    fn equal_ids_from_a_later_root_get_its_name() {
        let mut ids = Ids::default();
        assert_eq!(ids.claim("a.txt".into(), "2024"), "a.txt");
        assert_eq!(ids.claim("a.txt".into(), "2025"), "2025/a.txt");
        assert_eq!(ids.claim("a.txt".into(), "2025"), "2025/a.txt~2");
        assert_eq!(ids.claim("b.txt".into(), "2025"), "b.txt");
    }

    #[test]
    fn relative_ids_use_slashes_and_are_display_safe() {
        let path: PathBuf = ["welt", "nah\nost", "k\x1brieg.txt"].iter().collect();
        assert_eq!(relative_id(&path), "welt/nah ost/k␛rieg.txt");
    }

    /// `read` of a file holding `bytes`, whose text may have at most `limit` bytes.
    fn read_limited(bytes: &[u8], limit: usize) -> (Option<Article>, Option<LoadWarning>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.txt");
        fs::write(&path, bytes).expect("write");
        let id = "a.txt".to_string();
        read(Found::File { path, id }, limit)
    }

    #[test]
    fn a_file_longer_than_the_limit_is_skipped_with_a_warning() {
        let (article, warning) = read_limited(b"Trump und Kim", 12);
        assert!(article.is_none());
        let warning = warning.expect("a warning");
        assert!(warning.path.ends_with("a.txt"), "{warning}");
        assert!(warning.message.contains("too large"), "{warning}");
        let (article, warning) = read_limited(b"Trump und Kim", 13);
        assert_eq!(article.map(|a| a.text).as_deref(), Some("Trump und Kim"));
        assert!(warning.is_none());
    }

    #[test]
    fn a_file_whose_text_grows_past_the_limit_in_decoding_is_skipped() {
        // The escape is shown as a symbol of three bytes: a file of 7 bytes, a text of 9.
        let (article, warning) = read_limited(b"Trump \x1b", 8);
        assert!(article.is_none());
        assert!(warning.is_some_and(|w| w.message.contains("too large")));
        let (article, _) = read_limited(b"Trump \x1b", 9);
        assert_eq!(article.map(|a| a.text).as_deref(), Some("Trump ␛"));
    }

    #[test]
    fn hidden_means_a_leading_dot() {
        assert!(is_hidden(OsStr::new(".git")));
        assert!(!is_hidden(OsStr::new("a.txt")));
    }
}
