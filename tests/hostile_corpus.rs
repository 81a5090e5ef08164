//! Hostile corpora through the real binary: encodings from other systems, every control
//! character and escape sequence, Unicode that is hard to measure, and sizes that are hard to
//! hold. Each case loads (or is skipped with a warning naming the file), and no byte of it
//! reaches the output raw, in any command, coloured or as JSON.
//!
//! The big cases run scaled down by default; `LUPE_HOSTILE_FULL=1 cargo test --release --test
//! hostile_corpus` runs them at full size (a 10 MB line, a 200 MB file, 100,000 files).

use lupe::text::sanitize::is_unsafe;
use regex::Regex;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn lupe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lupe"))
        .args(args)
        .env_remove("NO_COLOR")
        // The index cache goes to a directory of the tests' own, never the user's: each
        // run's corpora are new temporary directories, and would pile up there.
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("lupe-hostile-test-cache"),
        )
        .output()
        .expect("lupe runs")
}

fn lupe_in(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--corpus", dir.to_str().expect("UTF-8 temp path")];
    all.extend_from_slice(args);
    lupe(&all)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("stdout is JSON")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).expect("write fixture");
}

fn full_size() -> bool {
    std::env::var_os("LUPE_HOSTILE_FULL").is_some()
}

/// Output with lupe's own colour sequences (SGR, `ESC [ … m`) taken out: what is left must
/// hold no control character but the line feed.
fn assert_nothing_raw(what: &str, out: &str) {
    let sgr = Regex::new("\x1b\\[[0-9;]*m").expect("regex");
    let plain = sgr.replace_all(out, "");
    for (i, c) in plain.char_indices() {
        assert!(
            c == '\n' || !(c.is_control() || is_unsafe(c)),
            "{what}: raw {c:?} at byte {i} of {:?}",
            &plain[i.saturating_sub(40)..(i + 40).min(plain.len())]
        );
    }
}

/// Every string in a JSON value is free of unsafe characters (serde would escape them, but
/// a consumer that prints the value would then print them raw).
fn assert_json_safe(what: &str, value: &serde_json::Value) {
    match value {
        serde_json::Value::String(s) => assert!(
            !s.chars()
                .any(|c| c != '\n' && (c.is_control() || is_unsafe(c))),
            "{what}: unsafe string {s:?}"
        ),
        serde_json::Value::Array(items) => items.iter().for_each(|v| assert_json_safe(what, v)),
        serde_json::Value::Object(map) => map.values().for_each(|v| assert_json_safe(what, v)),
        _ => {}
    }
}

/// Every command that prints corpus text, plain, coloured and as JSON.
fn every_command(article: &str) -> Vec<Vec<String>> {
    let commands: [&[&str]; 12] = [
        &["list"],
        &["list", "--json"],
        &["show", article],
        &["show", article, "--color", "always"],
        &["show", article, "--json"],
        &["kwic", "Sanktionen"],
        &["kwic", "Sanktionen", "--color", "always", "--width", "30"],
        &["kwic", "Sanktionen", "--json"],
        &["tokens", article],
        &["tokens", article, "--json"],
        &["actors", "--json"],
        &["keywords"],
    ];
    commands
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect()
}

fn run_everything(dir: &Path, article: &str) {
    for args in every_command(article) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = lupe_in(dir, &args);
        assert!(o.status.code() != Some(2), "{args:?}: {}", stderr(&o));
        assert_nothing_raw(&format!("{args:?} stdout"), &stdout(&o));
        assert_nothing_raw(&format!("{args:?} stderr"), &stderr(&o));
        if args.contains(&"--json") {
            assert_json_safe(&format!("{args:?}"), &json(&o));
        }
    }
}

#[test]
fn every_c0_and_c1_control_del_and_escape_sequence_is_shown_not_sent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::from("\x1b]0;Titel\x07 \x1b[2J\x1bP1$qm\x1b\\ Trump \u{9b}31m Kopf\n");
    for c in (0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32) {
        if c != '\0' && c != '\n' {
            text.push_str(&format!("Sanktionen{c}gegen Trump{c} "));
        }
    }
    text.push_str(
        "\nOSC 52 \x1b]52;c;cm0gLXJmIH4K\x07 Sanktionen, harmlos\x08\x08\x08bös, ok\rFEHLER.",
    );
    write(dir.path(), "controls.txt", text.as_bytes());
    run_everything(dir.path(), "1");
    // Nothing is lost: each one is there as a picture.
    let shown = stdout(&lupe_in(dir.path(), &["show", "1"]));
    // A lone carriage return is a line ending: it cannot send the cursor back over "ok".
    assert!(shown.contains("ok\nFEHLER"), "{shown}");
    for picture in ["␛]0;Titel␇", "␛[2J", "␛P1$qm␛\\", "harmlos␈␈␈bös", "␡"] {
        assert!(shown.contains(picture), "{picture} missing: {shown}");
    }
    let title = &json(&lupe_in(dir.path(), &["list", "--json"]))["articles"][0]["title"];
    assert!(
        title.as_str().is_some_and(|t| t.contains("␛]0;Titel␇")),
        "{title}"
    );
}

#[test]
fn bidi_zero_width_combining_zwj_emoji_cjk_and_hangul_pass_through_every_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = concat!(
        "Bidi \u{202e}gepiR\u{202c} \u{2066}x\u{2069} Titel\n",
        "Nullbreite Sank\u{200b}tionen a\u{200c}b\u{200d}c\u{2060}d\u{feff}e Sanktionen.\n",
        "Pjo\u{308}ngjang e\u{301}\u{302}\u{303} Sanktionen 👩\u{200d}👩\u{200d}👧\u{200d}👦 🇩🇪.\n",
        "北京 東京 Sanktionen 서울 평양 中华人民共和国 Sanktionen 조선민주주의인민공화국.\n",
    );
    write(dir.path(), "unicode.txt", text.as_bytes());
    run_everything(dir.path(), "1");
    let shown = stdout(&lupe_in(dir.path(), &["show", "1"]));
    assert!(shown.contains("\u{fffd}gepiR\u{fffd}"), "{shown}");
    assert!(
        shown.contains("👩\u{200d}👩\u{200d}👧\u{200d}👦"),
        "ZWJ emoji kept"
    );
    // Decomposed text is composed on load, so the composed query finds it.
    let found = json(&lupe_in(dir.path(), &["kwic", "Pjöngjang", "--json"]));
    assert_eq!(found["total"], 1, "{found}");
    // Wide characters are measured as two columns: no KWIC context is wider than asked
    // (the article id is printed before it, outside the width).
    for width in [20, 31, 50, 79] {
        let w = width.to_string();
        let out = json(&lupe_in(
            dir.path(),
            &["kwic", "Sanktionen", "--width", &w, "--json"],
        ));
        for hit in out["hits"].as_array().expect("hits") {
            let cols = |k: &str| unicode_width::UnicodeWidthStr::width(hit[k].as_str().expect(k));
            let total = cols("left") + cols("match") + cols("right") + 2;
            assert!(total <= width, "{width}: {hit} is {total} wide");
        }
    }
}

#[test]
fn invalid_utf8_at_the_start_middle_and_end_is_replaced_and_warned() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a_start.txt", b"\xffTrump sagte");
    write(dir.path(), "b_middle.txt", b"Trump \xc3\x28 sagte");
    write(dir.path(), "c_end.txt", b"Trump sagte \xe2\x82");
    let o = lupe_in(dir.path(), &["show", "1", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    for (file, byte) in [("a_start.txt", 0), ("b_middle.txt", 6), ("c_end.txt", 12)] {
        assert!(
            err.lines()
                .any(|l| l.contains(file) && l.contains(&format!("byte {byte}"))),
            "{file} byte {byte}: {err}"
        );
    }
    let texts: Vec<String> = (1..=3)
        .map(|n| {
            let o = lupe_in(dir.path(), &["show", &n.to_string(), "--json"]);
            json(&o)["text"].as_str().expect("text").to_string()
        })
        .collect();
    assert!(texts[0].starts_with('\u{fffd}'), "{texts:?}");
    assert_eq!(texts[1], "Trump \u{fffd}( sagte");
    assert!(texts[2].ends_with('\u{fffd}'), "{texts:?}");
    let hits = json(&lupe_in(dir.path(), &["kwic", "Trump", "--json"]));
    assert_eq!(hits["total"], 3, "each file still counts: {hits}");
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

#[test]
fn utf16_with_a_bom_is_decoded_in_either_byte_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Trump traf Kim in Pjöngjang. Sanktionen 北京 😀.";
    write(dir.path(), "le.txt", &utf16(text, false));
    write(dir.path(), "be.txt", &utf16(text, true));
    let o = lupe_in(dir.path(), &["list", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for n in ["1", "2"] {
        let shown = json(&lupe_in(dir.path(), &["show", n, "--json"]));
        assert_eq!(shown["text"], text, "article {n}");
    }
    let hits = json(&lupe_in(dir.path(), &["kwic", "Pjöngjang", "--json"]));
    assert_eq!(hits["total"], 2);
}

#[test]
fn latin1_text_is_kept_with_replacement_characters_and_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    // "Pjöngjang, Straße, Präsident" in ISO-8859-1.
    write(
        dir.path(),
        "latin1.txt",
        b"Pj\xf6ngjang, Stra\xdfe, Pr\xe4sident Trump",
    );
    let o = lupe_in(dir.path(), &["show", "1", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("latin1.txt") && stderr(&o).contains("byte 2"));
    assert_eq!(
        json(&o)["text"],
        "Pj\u{fffd}ngjang, Stra\u{fffd}e, Pr\u{fffd}sident Trump"
    );
    let hits = json(&lupe_in(dir.path(), &["kwic", "@trump", "--json"]));
    assert_eq!(hits["total"], 1, "the rest of the text is still read");
}

#[test]
fn a_file_of_one_character_is_an_article() {
    for one in ["x", "ß", "北", "\u{1b}", "\u{301}"] {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "one.txt", one.as_bytes());
        run_everything(dir.path(), "1");
        let list = json(&lupe_in(dir.path(), &["list", "--json"]));
        assert_eq!(
            list["articles"].as_array().map(Vec::len),
            Some(1),
            "{one:?}"
        );
        let tokens = json(&lupe_in(dir.path(), &["tokens", "1", "--json"]));
        assert!(tokens["tokens"].as_array().is_some(), "{one:?}: {tokens}");
    }
}

#[test]
fn binary_files_with_nul_bytes_are_skipped_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "good.txt", b"Trump");
    write(
        dir.path(),
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\x1b]0;x\x07",
    );
    write(dir.path(), "evil\x1b]0;pwned\x07.txt", b"\0\0\0\0");
    let o = lupe_in(dir.path(), &["list", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)["articles"].as_array().map(Vec::len), Some(1));
    let err = stderr(&o);
    assert!(err.contains("image.txt") && err.contains("binary"), "{err}");
    assert!(err.contains("evil␛]0;pwned␇.txt"), "{err}");
    assert_nothing_raw("stderr", &err);
}

#[test]
fn a_file_too_large_for_one_article_is_skipped_unread_naming_the_file() {
    // A sparse file: 3 GiB on paper, nothing on disk. It is skipped before it is read, so
    // the warning gives its size; read, it would have cost 2 GiB of memory first.
    let dir = tempfile::tempdir().expect("tempdir");
    let huge = std::fs::File::create(dir.path().join("dump.txt")).expect("create");
    const { assert!(lupe::corpus::MAX_ARTICLE_BYTES < 3 << 30) };
    huge.set_len(3 << 30).expect("a sparse file");
    let o = within(Duration::from_secs(20), dir.path(), &["list"]);
    assert_eq!(o.status.code(), Some(2), "nothing else to show");
    let err = stderr(&o);
    assert!(
        err.contains("dump.txt") && err.contains("too large"),
        "{err}"
    );
    assert!(err.contains("3072 MiB"), "{err}");
    write(dir.path(), "good.txt", b"Trump");
    let o = within(Duration::from_secs(20), dir.path(), &["list", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["articles"].as_array().map(Vec::len), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("dump.txt") && err.contains("split it into articles"),
        "{err}"
    );
}

#[test]
fn file_names_with_escapes_are_shown_escaped_in_list_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a \x1b[2J b\u{202e}txt.exe.txt", b"Trump");
    write(dir.path(), "zeile\nzwei\u{9b}.txt", b"Kim");
    for args in [vec!["list"], vec!["list", "--json"], vec!["kwic", "@trump"]] {
        let o = lupe_in(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert_nothing_raw(&format!("{args:?}"), &stdout(&o));
        if args.contains(&"--json") {
            assert_json_safe("list", &json(&o));
        }
    }
    let listed = stdout(&lupe_in(dir.path(), &["list"]));
    assert!(listed.contains("a ␛[2J b\u{fffd}txt.exe.txt"), "{listed}");
    assert_eq!(
        listed.lines().count(),
        3,
        "a newline in a name stays one line: {listed}"
    );
}

/// Runs `args` and fails if it takes longer than `limit`.
fn within(limit: Duration, dir: &Path, args: &[&str]) -> Output {
    let start = Instant::now();
    let o = lupe_in(dir, args);
    let took = start.elapsed();
    assert!(took < limit, "{args:?} took {took:?}");
    o
}

#[test]
fn a_line_of_ten_megabytes_without_spaces_loads_and_shows() {
    // 1 MB by default; the full 10 MB with LUPE_HOSTILE_FULL.
    let megabytes = if full_size() { 10 } else { 1 };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut line = "Sanktionen\x1b".repeat(megabytes * 1024 * 1024 / 11);
    line.push_str("Trump");
    write(dir.path(), "long.txt", line.as_bytes());
    let limit = Duration::from_secs(60);
    let o = within(limit, dir.path(), &["list", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let title = json(&o)["articles"][0]["title"].as_str().map(str::len);
    assert!(
        title.is_some_and(|n| n < 1000),
        "the title is cut: {title:?}"
    );
    let o = within(limit, dir.path(), &["kwic", "Trump", "--width", "60"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_nothing_raw("kwic", &stdout(&o));
    let o = within(limit, dir.path(), &["show", "1"]);
    assert_eq!(o.status.code(), Some(0));
    assert_nothing_raw("show", &stdout(&o));
}

#[test]
fn a_file_of_two_hundred_megabytes_loads() {
    // 20 MB by default; 200 MB with LUPE_HOSTILE_FULL (in a release build: see the module).
    let megabytes = if full_size() { 200 } else { 20 };
    let dir = tempfile::tempdir().expect("tempdir");
    let sentence = "Trump und Kim sprachen über Sanktionen gegen Nordkorea.\n";
    let big = sentence.repeat(megabytes * 1024 * 1024 / sentence.len());
    write(dir.path(), "big.txt", big.as_bytes());
    let o = within(Duration::from_secs(300), dir.path(), &["list", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let words = json(&o)["articles"][0]["words"].as_u64();
    assert_eq!(words, Some((big.len() / sentence.len() * 8) as u64));
}

#[test]
fn a_hundred_thousand_small_files_load() {
    // 5,000 by default; 100,000 with LUPE_HOSTILE_FULL.
    let files = if full_size() { 100_000 } else { 5_000 };
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..files {
        let sub = dir.path().join(format!("{:03}", i % 100));
        if i < 100 {
            std::fs::create_dir(&sub).expect("subdirectory");
        }
        write(
            &sub,
            &format!("{i:06}.txt"),
            format!("Trump {i}").as_bytes(),
        );
    }
    let o = within(
        Duration::from_secs(120),
        dir.path(),
        &["kwic", "@trump", "--json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["total"], files);
}

#[test]
fn a_long_glued_word_is_split_at_every_joint() {
    // "…nS…" at every joint: one word of 1 MB with 100,000 glued joints. This was quadratic
    // (the rest of the word was looked up as a name at every joint: 5 s for 1 MB, minutes
    // for 10 MB); a return of that would show as a suite that suddenly takes seconds.
    let word = "Sanktionen".repeat(100_000);
    let index = lupe::Index::build(
        lupe::Corpus::from_texts([("glued.txt", word)]),
        lupe::Lexicon::builtin(),
    );
    assert_eq!(index.articles()[0].words, 100_000);
}
