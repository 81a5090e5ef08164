//! Hostile lexicons and queries: each is refused with a message that says where and why, or
//! works; nothing panics, and a bad query on the command line says so on stderr with exit 2.

use lupe::Lexicon;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn lupe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lupe"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("lupe runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn lexicon_file(dir: &Path, source: &str) -> String {
    let path = dir.join("lex.toml");
    std::fs::write(&path, source).expect("write lexicon");
    path.to_str().expect("UTF-8 path").to_string()
}

const ONE_ACTOR: &str = "[[actor]]\nid = \"trump\"\nname = \"Trump\"\nkind = \"person\"\n";

#[test]
fn lexicon_errors_name_the_line_and_the_cause() {
    let cases: [(String, &str); 7] = [
        (format!("{ONE_ACTOR}aliases = [\"Donald\""), "lex.toml:5"),
        (
            format!("{ONE_ACTOR}aliases = [\"\"]"),
            "lex.toml:5: empty alias",
        ),
        (
            format!("{ONE_ACTOR}aliases = [\"   \"]"),
            "lex.toml:5: empty alias",
        ),
        (
            "[[topic]]\nid = \"t\"\nname = \"T\"\nterms = [\"A*b*c\"]".into(),
            "lex.toml:4: term \"A*b*c\"",
        ),
        (
            "[[topic]]\nid = \"t\"\nname = \"T\"\nterms = [\"***\"]".into(),
            "lex.toml:4: empty term",
        ),
        (
            format!("{ONE_ACTOR}aliases = [{{ text = \"x\", case = \"\\u001b[2J\" }}]"),
            "lex.toml:5: unknown case \"␛[2J\"",
        ),
        ("\u{feff}[[actor]\n".into(), "lex.toml:1"),
    ];
    for (source, says) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = lexicon_file(dir.path(), &source);
        let o = lupe(&["--lexicon", &path, "list"]);
        assert_eq!(o.status.code(), Some(2), "{source:?}");
        let err = stderr(&o);
        assert!(err.contains(says), "{source:?}: {err}");
        assert!(!err.chars().any(|c| c != '\n' && c.is_control()), "{err:?}");
    }
}

/// The `total` of `lupe kwic --json QUERY` over `corpus` with the lexicon at `lexicon`.
fn kwic_total(corpus: &str, lexicon: &str, query: &str) -> u64 {
    let o = lupe(&[
        "--no-cache",
        "--corpus",
        corpus,
        "--lexicon",
        lexicon,
        "kwic",
        "--json",
        query,
    ]);
    assert_eq!(o.status.code(), Some(0), "{query}: {}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("kwic prints JSON");
    json["total"].as_u64().expect("a total")
}

#[test]
fn a_huge_alias_and_a_huge_term_work() {
    // 100 KB each. A repetitive wildcard term this long once took minutes: the keyword
    // automaton was a DFA, whose construction is quadratic in such a term's length.
    let long = "Sanktion".repeat(12_500);
    let source = format!(
        "{ONE_ACTOR}aliases = [\"{long}\"]\n[[topic]]\nid = \"t\"\nname = \"T\"\nterms = [\"*{long}*\"]\n"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = lexicon_file(dir.path(), &source);
    let start = Instant::now();
    let o = lupe(&["--lexicon", &path, "kwic", "@trump"]);
    eprintln!(
        "a 100 KB alias and term, built-in corpus: {:?}",
        start.elapsed()
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // Both are found where they are written: the alias as a word of its own (and `Trump`,
    // the actor's name), the term inside a longer word that is no alias.
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus dir");
    let text = format!(
        "Eine Schlagzeile\n\nDie {long} treffen Trump, die Wirtschafts{} auch.\n",
        long.to_lowercase()
    );
    std::fs::write(corpus.join("a.txt"), text).expect("write article");
    let corpus = corpus.to_str().expect("UTF-8 path");
    assert_eq!(kwic_total(corpus, &path, "@trump"), 2);
    assert_eq!(kwic_total(corpus, &path, "#t"), 1);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(60), "{took:?}");
}

/// `n` aliases, in one actor or one actor each.
fn many_aliases(n: usize, one_actor: bool) -> String {
    let mut source = String::new();
    if one_actor {
        source.push_str(ONE_ACTOR);
        source.push_str("aliases = [");
        for i in 0..n {
            source.push_str(&format!("\"Alias{i}\","));
        }
        source.push_str("]\n");
    } else {
        for i in 0..n {
            source.push_str(&format!(
                "[[actor]]\nid = \"a{i}\"\nname = \"Name{i}\"\nkind = \"state\"\naliases = [\"Alias{i}\"]\n"
            ));
        }
    }
    source
}

#[test]
fn a_hundred_thousand_aliases_load_in_seconds() {
    for one_actor in [true, false] {
        let source = many_aliases(100_000, one_actor);
        let start = Instant::now();
        let lexicon = Lexicon::parse(&source, "many.toml").expect("parses");
        let took = start.elapsed();
        let aliases: usize = lexicon.actors.iter().map(|a| a.aliases.len()).sum();
        assert!(aliases >= 100_000);
        eprintln!("100,000 aliases (one actor: {one_actor}) parsed in {took:?}");
        assert!(took < Duration::from_secs(20), "{took:?}");
    }
}

#[test]
fn a_hundred_thousand_aliases_index_and_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = lexicon_file(dir.path(), &many_aliases(100_000, false));
    let start = Instant::now();
    let o = lupe(&["--lexicon", &path, "kwic", "@a99999"]);
    let took = start.elapsed();
    eprintln!("kwic over the built-in corpus with 100,000 actors: {took:?}");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(took < Duration::from_secs(60), "{took:?}");
}

#[test]
fn bad_queries_on_the_command_line_say_what_is_wrong_on_stderr() {
    // One argument can hold at most 128 KB on Linux, so the command line gets 100 KB; the
    // parser itself gets the full megabyte below.
    let huge = "a".repeat(100_000);
    let megabyte = "\"".repeat(1 << 20);
    let error = lupe::query::parse(&megabyte).expect_err("1 MB is too long");
    assert!(
        error.message.contains("query too long"),
        "{}",
        error.message
    );
    let slow = "/(a*)*b|(.{1000}){1000}/";
    let cases: [(&str, &str); 9] = [
        ("\"Kim Jong", "unclosed quote"),
        ("„Kim Jong", "unclosed quote"),
        ("/Denukl", "regex"),
        ("/(/", "regex"),
        ("*", ""),
        ("", ""),
        ("   ", ""),
        (&huge, "query too long"),
        (slow, ""),
    ];
    for (query, says) in cases {
        let o = lupe(&["kwic", query]);
        let err = stderr(&o);
        let code = o.status.code();
        if code == Some(2) {
            assert!(err.contains(says) && !err.is_empty(), "{query:.40}: {err}");
            assert!(
                err.len() < 10_000,
                "{query:.40}: the message echoes too much"
            );
        } else {
            assert!(says.is_empty(), "{query:.40} was accepted");
            assert!(matches!(code, Some(0 | 1)), "{query:.40}: {code:?} {err}");
        }
    }
}

#[test]
fn a_query_with_escapes_is_echoed_escaped() {
    let o = lupe(&["kwic", "\"\x1b]0;pwned\x07\u{9b}2J"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("␛]0;pwned␇"), "{err}");
    assert!(!err.chars().any(|c| c != '\n' && c.is_control()), "{err:?}");
}
