//! Query speed on a large corpus, after indexing: `LUPE_BENCH_CORPUS=/tmp/corpora/big cargo
//! bench --bench scale` (build the corpus with `../shared/tools/make-corpora.sh`). Without the
//! variable the benchmark says so and measures nothing.

use criterion::{Criterion, criterion_group, criterion_main};
use lupe::corpus::LoadOptions;
use lupe::kwic::{self, Sort};
use lupe::query::{count, evaluate, first, parse};
use lupe::{Corpus, Index, Lexicon};
use std::hint::black_box;
use std::path::PathBuf;

fn scale(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("LUPE_BENCH_CORPUS") else {
        eprintln!("scale: set LUPE_BENCH_CORPUS to a corpus directory (e.g. /tmp/corpora/big)");
        return;
    };
    let corpus = Corpus::load(&[PathBuf::from(dir)], &LoadOptions::default())
        .expect("the benchmark corpus loads");
    let index = Index::build(corpus, Lexicon::builtin());
    let die = parse("die").expect("query");
    c.bench_function("count of hits: die", |b| {
        b.iter(|| black_box(count(&index, &die).expect("counts")))
    });
    for q in [
        "Beispiel",
        "Datei*",
        "*datei*",
        "\"zum Beispiel\"",
        "@usa",
        "/Konfigurations.*/",
    ] {
        let query = parse(q).expect("benchmark query parses");
        // What the user waits for: the first page and the total, as `lupe kwic --limit 25`.
        c.bench_function(&format!("first screen (25 KWIC lines): {q}"), |b| {
            b.iter(|| {
                let page = first(&index, &query, 25).expect("evaluates");
                let lines: Vec<_> = page
                    .hits
                    .iter()
                    .map(|&h| kwic::line(&index, h, kwic::DEFAULT_WIDTH))
                    .collect();
                black_box((lines, page.total))
            })
        });
        // The baseline: every hit built, then the first 25 cut.
        c.bench_function(&format!("first screen by full evaluate: {q}"), |b| {
            b.iter(|| {
                let hits = evaluate(&index, &query).expect("evaluates");
                let lines: Vec<_> = hits
                    .iter()
                    .take(25)
                    .map(|&h| kwic::line(&index, h, kwic::DEFAULT_WIDTH))
                    .collect();
                black_box((lines, hits.len()))
            })
        });
    }
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

criterion_group!(benches, scale);
criterion_main!(benches);
