//! The command line as a user runs it: the real binary, its output and its exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn lupe(args: &[&str]) -> Output {
    // The index cache goes to a directory of the tests' own, never the user's.
    lupe_with_cache(args, &std::env::temp_dir().join("lupe-cli-test-cache"))
}

fn lupe_with_cache(args: &[&str], cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lupe"))
        .args(args)
        .env_remove("NO_COLOR")
        .env("XDG_CACHE_HOME", cache)
        .output()
        .expect("lupe runs")
}

fn cache_files(cache: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(cache.join("lupe"))
        .map(|d| d.map(|e| e.expect("entry").path()).collect())
        .unwrap_or_default()
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

#[test]
fn list_shows_the_five_builtin_articles() {
    let o = lupe(&["list"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 6, "{out}");
    assert!(out.contains("000_a0c9e3cb8058340b.txt"));
    assert!(out.contains("Trump und Kim: Romanze der Staatschefs feiert ihre Renaissance"));
    assert!(!out.contains('\x1b'), "no colour when not on a terminal");
}

#[test]
fn list_json_has_the_documented_shape() {
    let v = json(&lupe(&["list", "--json"]));
    let articles = v["articles"].as_array().expect("articles");
    assert_eq!(articles.len(), 5);
    let first = &articles[0];
    assert_eq!(first["id"], "000_a0c9e3cb8058340b.txt");
    for field in ["title", "words", "sentences", "mentions"] {
        assert!(!first[field].is_null(), "{field}");
    }
    assert!(first["words"].as_u64().expect("words") > 800);
}

#[test]
fn kwic_prints_one_line_per_hit_with_the_match_aligned() {
    let o = lupe(&["kwic", "Sanktionen"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let total = json(&lupe(&["kwic", "Sanktionen", "--json"]))["total"]
        .as_u64()
        .expect("total");
    assert_eq!(lines.len() as u64, total);
    assert!(total >= 10);
    // The match starts in one column on every line: after the "id:offset:" prefix padded
    // to the longest, a space, 33 columns of left context and a space (79 columns, a
    // 10-column match centred).
    let prefix = |l: &str| {
        l.find(".txt:")
            .map(|i| i + 5 + l[i + 5..].find(':').expect("colon") + 1)
    };
    let widest = lines
        .iter()
        .map(|l| prefix(l).expect("prefix"))
        .max()
        .expect("lines");
    for l in &lines {
        let at: String = l.chars().skip(widest + 1 + 33 + 1).take(10).collect();
        assert_eq!(at, "Sanktionen", "{l}");
    }
}

#[test]
fn kwic_json_has_the_documented_shape() {
    let v = json(&lupe(&["kwic", "Kim Jong Un", "--json", "--limit", "3"]));
    assert_eq!(v["query"], "Kim Jong Un");
    let hits = v["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 3);
    assert!(v["total"].as_u64().expect("total") >= 3);
    for h in hits {
        assert_eq!(h["match"], "Kim Jong Un");
        for field in ["article", "offset", "left", "right"] {
            assert!(!h[field].is_null(), "{field}");
        }
    }
}

#[test]
fn kwic_width_limits_every_line() {
    let o = lupe(&["kwic", "Trump", "--width", "40", "--json"]);
    for h in json(&o)["hits"].as_array().expect("hits") {
        let cols = |k: &str| h[k].as_str().expect("text").chars().count();
        assert!(
            cols("left") + cols("match") + cols("right") + 2 <= 40,
            "{h}"
        );
    }
}

#[test]
fn kwic_sorted_by_first_word_right_is_in_order() {
    let v = json(&lupe(&["kwic", "Trump", "--sort", "R1", "--json"]));
    let firsts: Vec<String> = v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| {
            h["right"]
                .as_str()
                .and_then(|r| {
                    r.split(|c: char| !c.is_alphanumeric())
                        .find(|w| !w.is_empty())
                })
                .map(str::to_lowercase)
        })
        .collect();
    let mut sorted = firsts.clone();
    sorted.sort();
    assert_eq!(firsts, sorted);
}

#[test]
fn kwic_with_no_hit_exits_1_and_prints_nothing() {
    let o = lupe(&["kwic", "Xylophonorchester"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
}

#[test]
fn kwic_with_a_limit_is_the_start_of_the_whole_listing() {
    // A limit in position order takes the quick way to the first lines; they and the total
    // must be those of the whole listing.
    for q in [
        "Sanktionen",
        "*sanktion*",
        "Kim Jong Un",
        "@trump",
        "Trump OR Kim",
    ] {
        let all = json(&lupe(&["kwic", q, "--json"]));
        let all_hits = all["hits"].as_array().expect("hits");
        for limit in [0, 1, 3, 1000] {
            let n = limit.to_string();
            let some = json(&lupe(&["kwic", q, "--json", "--limit", &n]));
            assert_eq!(some["total"], all["total"], "{q} --limit {limit}");
            let shown = limit.min(all_hits.len());
            assert_eq!(some["hits"].as_array().expect("hits"), &all_hits[..shown]);
            let o = lupe(&["kwic", q, "--limit", &n]);
            assert_eq!(o.status.code(), Some(0), "{q}");
            assert_eq!(stdout(&o).lines().count(), shown, "{q}");
            let note = format!("lupe: showing {shown} of {} hits", all["total"]);
            assert_eq!(stderr(&o).contains(&note), shown < all_hits.len(), "{q}");
        }
    }
    let o = lupe(&["kwic", "Xylophonorchester", "--limit", "5"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        lupe(&["kwic", "@nobody", "--limit", "5"]).status.code(),
        Some(2)
    );
}

#[test]
fn kwic_of_one_article_keeps_only_its_hits() {
    let v = json(&lupe(&["kwic", "@trump", "--article", "4", "--json"]));
    let hits = v["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h["article"] == "003_1e6b0e475ff56036.txt")
    );
}

#[test]
fn an_invalid_query_exits_2_with_a_caret_under_the_problem() {
    let o = lupe(&["kwic", "Kim \"Jong"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unclosed quote"), "{err}");
    assert!(err.contains("  Kim \"Jong\n      ^"), "{err}");
}

#[test]
fn an_unknown_actor_or_sort_is_an_error() {
    assert_eq!(lupe(&["kwic", "@nobody"]).status.code(), Some(2));
    let o = lupe(&["kwic", "Trump", "--sort", "L9"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown sort key"));
}

#[test]
fn show_prints_the_article_and_colours_actors_when_asked() {
    let plain = lupe(&["show", "1"]);
    assert_eq!(plain.status.code(), Some(0));
    assert!(stdout(&plain).contains("Zu sagen, dass der gewählte Präsident Donald Trump"));
    let coloured = stdout(&lupe(&["show", "1", "--color", "always"]));
    assert!(
        coloured.contains("\x1b[1;33mDonald Trump\x1b[0m"),
        "person in yellow"
    );
    assert!(
        coloured.contains("\x1b[1;36mPjöngjangs\x1b[0m"),
        "capital in cyan"
    );
}

#[test]
fn no_color_in_the_environment_turns_colour_off() {
    let o = Command::new(env!("CARGO_BIN_EXE_lupe"))
        .args(["show", "1"])
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert!(!stdout(&o).contains('\x1b'));
}

#[test]
fn show_of_an_unknown_article_exits_2() {
    let o = lupe(&["show", "999_nothing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no article"));
}

#[test]
fn actors_json_is_sorted_by_total_with_per_article_counts() {
    let v = json(&lupe(&["actors", "--json"]));
    let actors = v["actors"].as_array().expect("actors");
    let totals: Vec<u64> = actors
        .iter()
        .map(|a| a["total"].as_u64().expect("n"))
        .collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]));
    let trump = actors.iter().find(|a| a["id"] == "trump").expect("trump");
    assert_eq!(trump["kind"], "person");
    let per: u64 = trump["per_article"]
        .as_object()
        .expect("per article")
        .values()
        .map(|n| n.as_u64().expect("n"))
        .sum();
    assert_eq!(per, trump["total"].as_u64().expect("total"));
    assert_eq!(trump["articles"], 5);
}

#[test]
fn keywords_counts_topics() {
    let o = lupe(&["keywords", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!json(&o)["topics"].as_array().expect("topics").is_empty());
}

#[test]
fn tokens_json_shows_how_the_text_was_cut() {
    let v = json(&lupe(&["tokens", "002", "--json"]));
    assert_eq!(v["article"], "002_71e4d82f6747df7e.txt");
    let tokens = v["tokens"].as_array().expect("tokens");
    assert!(tokens.iter().any(|t| t["text"] == "US-Präsident"));
    assert!(!v["sentences"].as_array().expect("sentences").is_empty());
    let mentions = v["mentions"].as_array().expect("mentions");
    assert!(
        mentions
            .iter()
            .all(|m| m["start"].as_u64() < m["end"].as_u64())
    );
}

#[test]
fn a_missing_corpus_path_exits_2_with_a_message() {
    let o = lupe(&["--corpus", "/nonexistent/lupe-corpus", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no readable article"), "{}", stderr(&o));
}

#[test]
fn a_bad_lexicon_exits_2_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "lex.toml",
        b"[[actor]]\nid = \"x\"\nname = \"X\"\nkind = \"planet\"\n",
    );
    let path = dir.path().join("lex.toml");
    let o = lupe(&["--lexicon", path.to_str().expect("path"), "list"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("lex.toml:4: unknown kind \"planet\""), "{err}");
}

#[test]
fn bad_files_are_skipped_or_repaired_with_a_warning_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a_good.txt",
        "Trump traf Kim in Hanoi.".as_bytes(),
    );
    write(dir.path(), "b_latin1.txt", b"Pj\xf6ngjang und Trump");
    write(dir.path(), "c_binary.txt", b"\x00\x01\x02binary");
    write(dir.path(), "d_empty.txt", b"");
    let o = lupe(&[
        "--corpus",
        dir.path().to_str().expect("path"),
        "list",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let ids: Vec<String> = json(&o)["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .map(|a| a["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(ids, ["a_good.txt", "b_latin1.txt", "d_empty.txt"]);
    let err = stderr(&o);
    assert!(
        err.contains("b_latin1.txt") && err.contains("byte 2"),
        "{err}"
    );
    assert!(err.contains("c_binary.txt"), "{err}");
}

#[test]
fn escape_sequences_in_a_corpus_never_reach_the_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "evil.txt",
        b"\x1b]0;pwned\x07Trump \x1b[2J sagte \x1b]52;c;aGVsbG8=\x07 Sanktionen\x9b.",
    );
    let corpus = dir.path().to_str().expect("path");
    for args in [
        vec!["--corpus", corpus, "show", "1"],
        vec!["--corpus", corpus, "kwic", "Sanktionen"],
        vec!["--corpus", corpus, "list"],
        vec!["--corpus", corpus, "tokens", "1"],
        vec!["--corpus", corpus, "show", "1", "--color", "always"],
    ] {
        let o = lupe(&args);
        let out = stdout(&o);
        let without_our_colours = out
            .replace("\x1b[0m", "")
            .replace("\x1b[1;33m", "")
            .replace("\x1b[1;31m", "")
            .replace("\x1b[4;34m", "")
            .replace("\x1b[1m", "")
            .replace("\x1b[2m", "");
        assert!(!without_our_colours.contains('\x1b'), "{args:?}: {out:?}");
        assert!(!out.contains('\x07') && !out.contains('\u{9b}'), "{args:?}");
    }
}

#[test]
fn without_a_subcommand_and_no_terminal_lupe_says_what_to_do() {
    let o = lupe(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("use a subcommand"));
}

#[test]
fn a_second_look_up_reads_the_cached_index_and_answers_the_same() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let cache = tempfile::tempdir().expect("tempdir");
    write(
        corpus.path(),
        "a.txt",
        "Trump traf Kim. Die Sanktionen bleiben.".as_bytes(),
    );
    write(
        corpus.path(),
        "b.txt",
        "Kim Jong Un und die Sanktionen.".as_bytes(),
    );
    let dir = corpus.path().to_str().expect("path");
    let first = lupe_with_cache(
        &["--corpus", dir, "kwic", "Sanktionen", "--json"],
        cache.path(),
    );
    assert_eq!(first.status.code(), Some(0));
    let files = cache_files(cache.path());
    assert_eq!(files.len(), 1, "one cache file for the corpus");
    let written = std::fs::metadata(&files[0])
        .expect("cache file")
        .modified()
        .expect("time");
    let second = lupe_with_cache(
        &["--corpus", dir, "kwic", "Sanktionen", "--json"],
        cache.path(),
    );
    assert_eq!(stdout(&second), stdout(&first));
    let again = std::fs::metadata(&files[0])
        .expect("cache file")
        .modified()
        .expect("time");
    assert_eq!(
        written, again,
        "a hit reads the cache and does not write it again"
    );
}

#[test]
fn a_changed_file_is_never_served_from_a_stale_cache() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let cache = tempfile::tempdir().expect("tempdir");
    write(corpus.path(), "a.txt", "Die Sanktionen bleiben.".as_bytes());
    let dir = corpus.path().to_str().expect("path");
    let count = |o: &Output| json(o)["total"].as_u64().expect("total");
    let before = lupe_with_cache(
        &["--corpus", dir, "kwic", "Sanktionen", "--json"],
        cache.path(),
    );
    assert_eq!(count(&before), 1);
    // Another size, so the change shows even where modification times are coarse.
    write(
        corpus.path(),
        "a.txt",
        "Die Sanktionen, die Sanktionen!".as_bytes(),
    );
    let after = lupe_with_cache(
        &["--corpus", dir, "kwic", "Sanktionen", "--json"],
        cache.path(),
    );
    assert_eq!(count(&after), 2);
    write(corpus.path(), "b.txt", "Neue Sanktionen.".as_bytes());
    let added = lupe_with_cache(
        &["--corpus", dir, "kwic", "Sanktionen", "--json"],
        cache.path(),
    );
    assert_eq!(count(&added), 3);
}

#[test]
fn another_lexicon_is_not_served_the_cached_index_of_the_default_one() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let cache = tempfile::tempdir().expect("tempdir");
    write(corpus.path(), "a.txt", "Trump traf Kim.".as_bytes());
    write(
        corpus.path(),
        "lex.toml",
        b"[[actor]]\nid = \"kim\"\nname = \"Kim\"\nkind = \"person\"\n",
    );
    let dir = corpus.path().join("a.txt");
    let dir = dir.to_str().expect("path");
    let lex = corpus.path().join("lex.toml");
    let default = lupe_with_cache(&["--corpus", dir, "actors", "--json"], cache.path());
    assert_eq!(
        json(&default)["actors"].as_array().expect("actors").len(),
        2
    );
    let own = lupe_with_cache(
        &[
            "--corpus",
            dir,
            "--lexicon",
            lex.to_str().expect("path"),
            "actors",
            "--json",
        ],
        cache.path(),
    );
    assert_eq!(json(&own)["actors"].as_array().expect("actors").len(), 1);
}

#[test]
fn a_damaged_cache_file_is_rebuilt_not_trusted() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let cache = tempfile::tempdir().expect("tempdir");
    write(
        corpus.path(),
        "a.txt",
        "Trump traf Kim. Die Sanktionen bleiben.".as_bytes(),
    );
    let dir = corpus.path().to_str().expect("path");
    let good = lupe_with_cache(
        &["--corpus", dir, "kwic", "Sanktionen", "--json"],
        cache.path(),
    );
    let file = cache_files(cache.path()).pop().expect("cache file");
    let mut bytes = std::fs::read(&file).expect("read cache");
    let half = bytes.len() / 2;
    bytes.truncate(half);
    bytes.extend_from_slice(&[0xff; 64]);
    std::fs::write(&file, &bytes).expect("damage the cache");
    let again = lupe_with_cache(
        &["--corpus", dir, "kwic", "Sanktionen", "--json"],
        cache.path(),
    );
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), stdout(&good));
    assert!(std::fs::read(&file).expect("cache rewritten").len() > half + 64);
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let cache = tempfile::tempdir().expect("tempdir");
    write(corpus.path(), "a.txt", "Trump traf Kim.".as_bytes());
    let dir = corpus.path().to_str().expect("path");
    let o = lupe_with_cache(&["--corpus", dir, "--no-cache", "list"], cache.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(cache_files(cache.path()).is_empty());
}
