//! Building the index of a large corpus, and query speed on it after indexing:
//! `LUPE_BENCH_CORPUS=/tmp/corpora/big cargo bench --bench scale` (build the corpus with
//! `../shared/tools/make-corpora.sh`). Without the variable the benchmark says so and
//! measures nothing.

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use lupe::corpus::LoadOptions;
use lupe::kwic::{self, Sort};
use lupe::query::{count, evaluate, first, parse, preview};
use lupe::{Corpus, Index, Lexicon};
use std::hint::black_box;
use std::path::PathBuf;

fn scale(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("LUPE_BENCH_CORPUS") else {
        eprintln!("scale: set LUPE_BENCH_CORPUS to a corpus directory (e.g. /tmp/corpora/big)");
        return;
    };
    let dir = PathBuf::from(dir);
    let load = || Corpus::load(std::slice::from_ref(&dir), &LoadOptions::default());
    // Loading and indexing the corpus, against only reading and decoding its files, in the
    // same run (scripts/scale.sh times the whole process against `cat`).
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function("baseline: read and decode the files", |b| {
        b.iter(|| black_box(load().expect("the benchmark corpus loads")))
    });
    group.bench_function("read, decode and index the files", |b| {
        b.iter(|| {
            let corpus = load().expect("the benchmark corpus loads");
            black_box(Index::build(corpus, Lexicon::builtin()))
        })
    });
    group.finish();
    let index = Index::build(
        load().expect("the benchmark corpus loads"),
        Lexicon::builtin(),
    );
    let die = parse("die").expect("query");
    c.bench_function("count of hits: die", |b| {
        b.iter(|| black_box(count(&index, &die).expect("counts")))
    });
    let mut group = c.benchmark_group("first screen");
    for q in [
        "Beispiel",
        "Datei*",
        "*datei*",
        "\"zum Beispiel\"",
        "@usa",
        "/Konfigurations.*/",
    ] {
        first_screen(&mut group, &index, q);
    }
    group.finish();
    // The widest wildcard, nearly every term (6.5 million hits on `big`): its full
    // evaluate takes long enough to want fewer samples.
    let mut group = c.benchmark_group("first screen, widest wildcard");
    group.sample_size(10);
    first_screen(&mut group, &index, "*e*");
    group.finish();
    // A phrase of common words (42,000 places on `big`): the browser shows its first
    // screen before its total, which means checking every place.
    let mut group = c.benchmark_group("first screen, common phrase");
    group.sample_size(10);
    for q in ["\"zum Beispiel\"", "\"die d*\""] {
        let query = parse(q).expect("benchmark query parses");
        group.bench_function(format!("25 KWIC lines, total if cheap: {q}"), |b| {
            b.iter(|| {
                let screen = preview(&index, &query, 25).expect("evaluates");
                let lines: Vec<_> = screen
                    .hits
                    .iter()
                    .map(|&h| kwic::line(&index, h, kwic::DEFAULT_WIDTH))
                    .collect();
                black_box((lines, screen.total))
            })
        });
    }
    first_screen(&mut group, &index, "\"die d*\"");
    group.finish();
    let mut group = c.benchmark_group("full");
    group.sample_size(10);
    group.bench_function("all hits of `die` sorted by R1", |b| {
        b.iter(|| {
            let mut hits = evaluate(&index, &die).expect("evaluates");
            kwic::sort_hits(&index, &mut hits, &Sort::parse("R1").expect("sort"));
            black_box(hits.len())
        })
    });
    group.finish();
}

/// The first screen of `q` (25 KWIC lines and the total), and the same by full evaluate.
fn first_screen(group: &mut BenchmarkGroup<'_, WallTime>, index: &Index, q: &str) {
    let query = parse(q).expect("benchmark query parses");
    // What the user waits for: the first page and the total, as `lupe kwic --limit 25`.
    group.bench_function(format!("25 KWIC lines and the total: {q}"), |b| {
        b.iter(|| {
            let page = first(index, &query, 25).expect("evaluates");
            let lines: Vec<_> = page
                .hits
                .iter()
                .map(|&h| kwic::line(index, h, kwic::DEFAULT_WIDTH))
                .collect();
            black_box((lines, page.total))
        })
    });
    // The baseline: every hit built, then the first 25 cut.
    group.bench_function(format!("by full evaluate: {q}"), |b| {
        b.iter(|| {
            let hits = evaluate(index, &query).expect("evaluates");
            let lines: Vec<_> = hits
                .iter()
                .take(25)
                .map(|&h| kwic::line(index, h, kwic::DEFAULT_WIDTH))
                .collect();
            black_box((lines, hits.len()))
        })
    });
}

criterion_group!(benches, scale);
criterion_main!(benches);
