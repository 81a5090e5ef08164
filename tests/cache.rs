//! The index cache through the real binary, when the damage in a cache file is found only
//! as a command reads the part it is in: the answer is the one from the corpus, nothing of
//! the damaged answer is printed, and the file is replaced by a sound one.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn lupe(args: &[&str], cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lupe"))
        .args(args)
        .env_remove("NO_COLOR")
        .env("XDG_CACHE_HOME", cache)
        .output()
        .expect("lupe runs")
}

fn cache_file(cache: &Path) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(cache.join("lupe"))
        .expect("the cache directory")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "one cache file: {files:?}");
    files[0].clone()
}

/// The sections of the cache file that are read only when a command needs them, by their
/// place in the header (see `src/index/cache/mod.rs`).
const TEXTS: usize = 2;
const TOKENS: usize = 3;
const POSTINGS: usize = 8;
const COMPOUNDS: usize = 9;
const JOINS: usize = 10;

/// Where section `n` lies, from the header: magic, format, byte order, key, then offset,
/// length and checksum per section.
fn section(bytes: &[u8], n: usize) -> Range<usize> {
    let word = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
        u64::from_ne_bytes(w) as usize
    };
    assert_eq!(&bytes[..8], b"lupeidx\0");
    assert_eq!(word(1), 5, "the layout these tests know");
    let start = word(4 + 3 * n);
    start..start + word(5 + 3 * n)
}

/// Runs `args` over `corpus` with a cache file damaged at a place `at` picks, and checks the
/// answer is the one without the cache and the file is made sound again.
fn answered_again(corpus: &Path, args: &[&str], at: impl Fn(&[u8]) -> usize) {
    let dir = corpus.to_str().expect("path");
    let cache = tempfile::tempdir().expect("tempdir");
    let with = |extra: &[&str]| {
        let mut all = vec!["--corpus", dir];
        all.extend_from_slice(extra);
        all.extend_from_slice(args);
        lupe(&all, cache.path())
    };
    let expected = with(&["--no-cache"]);
    assert_eq!(expected.status.code(), Some(0), "{args:?}");
    let first = with(&[]);
    assert_eq!(first.stdout, expected.stdout);
    let file = cache_file(cache.path());
    let sound = std::fs::read(&file).expect("read the cache");
    let mut damaged = sound.clone();
    let place = at(&sound);
    damaged[place] ^= 0x20;
    std::fs::write(&file, &damaged).expect("damage the cache");

    let again = with(&[]);
    assert_eq!(again.status.code(), expected.status.code(), "{args:?}");
    assert!(
        again.stdout == expected.stdout,
        "{args:?}, byte {place}: the answer from the corpus, and only that"
    );
    assert_eq!(
        String::from_utf8_lossy(&again.stderr),
        String::from_utf8_lossy(&expected.stderr)
    );
    let rebuilt = std::fs::read(cache_file(cache.path())).expect("read the cache");
    assert!(rebuilt == sound, "{args:?}: the damaged file is replaced");
    // And the next look-up is served from the sound file.
    assert_eq!(with(&[]).stdout, expected.stdout);
}

/// [`answered_again`] over the small corpus, with the byte flipped at the start, the middle
/// and the end of section `n`.
fn answered_again_at_three_places(args: &[&str], n: usize) {
    let corpus = small_corpus();
    for place in [0, 1, 2] {
        answered_again(corpus.path(), args, |bytes| {
            let s = section(bytes, n);
            s.start + (s.len() - 1) * place / 2
        });
    }
}

fn small_corpus() -> tempfile::TempDir {
    let corpus = tempfile::tempdir().expect("tempdir");
    let texts = [
        ("a.txt", "Trump traf Kim. Die Sanktionen bleiben."),
        (
            "b.txt",
            "Kim Jong Un und die US-Sanktionen. Pjöngjang schweigt.",
        ),
        (
            "c.txt",
            "Moon Jae-in vermittelt zwischen Washington und Pjöngjang.",
        ),
    ];
    for (name, text) in texts {
        std::fs::write(corpus.path().join(name), text).expect("write the corpus");
    }
    corpus
}

#[test]
fn a_flipped_byte_in_an_article_text_is_found_when_the_text_is_shown() {
    let corpus = small_corpus();
    answered_again(corpus.path(), &["kwic", "Sanktionen"], |bytes| {
        let texts = section(bytes, TEXTS);
        let needle = "Die Sanktionen bleiben".as_bytes();
        let found = bytes[texts.clone()]
            .windows(needle.len())
            .position(|w| w == needle)
            .expect("the text is in the file");
        texts.start + found + 4
    });
    // The last text in the file is c.txt's.
    answered_again(corpus.path(), &["show", "c.txt", "--json"], |bytes| {
        section(bytes, TEXTS).end - 3
    });
}

#[test]
fn a_flipped_byte_in_the_word_tokens_is_found_when_a_query_reads_them() {
    let corpus = small_corpus();
    // A regex reads every term's postings, and with them every article's tokens.
    for args in [&["kwic", "/.*/"][..], &["kwic", "/.*/", "--json"][..]] {
        answered_again(corpus.path(), args, |bytes| {
            let tokens = section(bytes, TOKENS);
            (tokens.start + tokens.end) / 2
        });
    }
}

#[test]
fn a_flipped_byte_in_a_posting_list_is_found_when_a_query_reads_it() {
    answered_again_at_three_places(&["kwic", "/.*/", "--sort", "R1"], POSTINGS);
}

#[test]
fn a_flipped_byte_in_the_table_of_compounds_is_found_when_a_count_reads_it() {
    // The total of a first screen counts the parts that a compound among the hits covers
    // from the table.
    answered_again_at_three_places(&["kwic", "*sanktionen", "--limit", "1"], COMPOUNDS);
}

#[test]
fn a_flipped_byte_in_the_joins_is_found_when_a_phrase_reads_them() {
    // A phrase's words must join one another: the bits that say so are read whole, on
    // the first phrase.
    answered_again_at_three_places(&["kwic", "\"die Sanktionen\""], JOINS);
}

/// 80 articles of 1,000 hits of "die" each: more lines of KWIC than are held back.
fn long_corpus() -> tempfile::TempDir {
    let corpus = tempfile::tempdir().expect("tempdir");
    let text = "Die Sanktionen und die Gespräche, die Kim und die USA führen. ".repeat(250);
    for i in 0..80 {
        std::fs::write(corpus.path().join(format!("{i:02}.txt")), &text).expect("write");
    }
    corpus
}

#[test]
fn an_answer_from_a_stale_file_is_never_shown_however_long() {
    // The cached index starts answering before the corpus's key is known; here the key
    // says the file is stale only once the answer has outgrown what is held back.
    let corpus = long_corpus();
    let cache = tempfile::tempdir().expect("tempdir");
    let dir = corpus.path().to_str().expect("path");
    let args = ["--corpus", dir, "kwic", "die", "--width", "120"];
    let _ = lupe(&args, cache.path());
    std::fs::write(corpus.path().join("79.txt"), "Nur die eine.").expect("change a file");
    let fresh = lupe(
        &["--no-cache"]
            .iter()
            .chain(&args)
            .copied()
            .collect::<Vec<_>>(),
        cache.path(),
    );
    let again = lupe(&args, cache.path());
    assert_eq!(again.status.code(), Some(0));
    assert!(
        again.stdout == fresh.stdout,
        "the answer from the corpus as it is now"
    );
    assert_eq!(again.stderr, fresh.stderr);
}

#[test]
fn a_long_answer_past_what_is_held_back_is_still_never_a_damaged_one() {
    // More output than is held back (8 MiB): the whole index is checked when the output
    // grows past that, and the damage in the last article's text is found then.
    let corpus = long_corpus();
    // Lines, not JSON: JSON is written in one piece, after every text was read.
    answered_again(corpus.path(), &["kwic", "die", "--width", "120"], |bytes| {
        let texts = section(bytes, TEXTS);
        texts.end - 10
    });
}
